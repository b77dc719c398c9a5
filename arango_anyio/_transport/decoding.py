"""Bounded decoding of compressed answers (``Content-Encoding: gzip`` or ``deflate``).

Only an encoding the request asked for (``Accept-Encoding``) is decoded; any other is refused.
The output is bounded twice, while it is produced: by the size limit of the answer, and by a
ratio to the compressed input consumed so far. A few KB of a "zip bomb" inflate to megabytes
(deflate reaches about 1,000:1), while ArangoDB's JSON rarely compresses beyond 20:1. The
first :data:`RATIO_FREE_BYTES` of output are never refused for their ratio, so small answers
always pass, and a bomb is stopped after about two of them.
"""

from __future__ import annotations

import zlib

from arango_anyio._transport.errors import DecodingFailed, ResponseTooLarge

#: The default bound of decompressed size to compressed size.
DEFAULT_MAX_RATIO = 200
#: Output allowed whatever the ratio.
RATIO_FREE_BYTES = 1 << 20
#: Output produced per step (the checks run between steps).
_STEP = 1 << 20
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


def accepted_encodings(accept_encoding: str | None) -> frozenset[str]:
    """The content-codings named in an ``Accept-Encoding`` value (``q=0`` ones left out)."""
    if not accept_encoding:
        return frozenset()
    names = set()
    for item in accept_encoding.split(","):
        name, _, params = item.partition(";")
        if params.replace(" ", "").lower() in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
            continue
        names.add(name.strip().lower())
    return frozenset(names)


def decode_body(
    body: bytes,
    encoding: str,
    *,
    accepted: frozenset[str],
    max_size: int,
    max_ratio: float,
    status_code: int,
) -> bytes:
    """Decode ``body`` sent with ``Content-Encoding: encoding``.

    :param accepted: the encodings the request asked for.
    :raises DecodingFailed: an encoding that was not asked for or is not supported, corrupt
        or truncated data, or a ratio over ``max_ratio``.
    :raises ResponseTooLarge: the decoded body is over ``max_size``.
    """
    name = encoding.strip().lower()
    if name in ("", "identity"):
        return body
    if name not in accepted:
        raise DecodingFailed(
            f"the server sent a {name!r}-encoded answer (HTTP {status_code}) the client did "
            "not ask for", status_code=status_code)
    wbits = _WBITS.get(name)
    if wbits is None:
        raise DecodingFailed(f"unsupported content-encoding {name!r} (HTTP {status_code})",
                             status_code=status_code)
    try:
        return _inflate(body, wbits, name, max_size, max_ratio, status_code)
    except zlib.error as exc:
        if name == "deflate" and wbits > 0:  # raw deflate without the zlib header
            try:
                return _inflate(body, -zlib.MAX_WBITS, name, max_size, max_ratio, status_code)
            except zlib.error:
                pass
        raise DecodingFailed(f"cannot decode the {name} answer (HTTP {status_code}): {exc}",
                             status_code=status_code) from None


def _inflate(body: bytes, wbits: int, name: str, max_size: int, max_ratio: float,
             status_code: int) -> bytes:
    decompressor = zlib.decompressobj(wbits)
    parts: list[bytes] = []
    produced = 0
    pending = body
    while True:
        chunk = decompressor.decompress(pending, _STEP)
        produced += len(chunk)
        parts.append(chunk)
        pending = decompressor.unconsumed_tail
        consumed = len(body) - len(pending) - len(decompressor.unused_data)
        if produced > max_size:
            raise ResponseTooLarge(
                f"the {name} answer (HTTP {status_code}) decodes to over {max_size:,} bytes, "
                f"the client's max_response_size", limit=max_size, status_code=status_code)
        if produced > RATIO_FREE_BYTES and produced > max_ratio * max(consumed, 1):
            raise DecodingFailed(
                f"the {name} answer (HTTP {status_code}) inflates more than {max_ratio:g} "
                f"times ({consumed:,} bytes gave over {produced:,}): refused as a "
                "decompression bomb", status_code=status_code)
        if decompressor.eof or (not pending and len(chunk) < _STEP):
            break
    if not decompressor.eof:
        raise DecodingFailed(f"the {name} answer (HTTP {status_code}) is truncated",
                             status_code=status_code)
    return b"".join(parts)
