"""Content-encoding at the emulator's front ends: compressed request bodies in, and (when
asked for) compressed answers out, as ArangoDB 3.12 handles them."""

from __future__ import annotations

import gzip
import zlib

from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import EmuResponse

#: The largest body a compressed request may expand to.
MAX_DECODED = 512 * 1024 * 1024


def _inflate(body: bytes, wbits: int) -> bytes:
    decoder = zlib.decompressobj(wbits)
    out = decoder.decompress(body, MAX_DECODED)
    if decoder.unconsumed_tail:
        raise EmuError(413, "request body too large", http_code=413)
    if not decoder.eof:
        raise zlib.error("truncated stream")
    return out


def decode_request_body(headers: dict[str, str], body: bytes) -> bytes:
    """``body`` without its ``content-encoding`` (gzip or deflate, zlib-wrapped or raw).

    The header is removed once decoded; other encodings are left alone. A body that cannot be
    decoded raises EmuError 400.
    """
    encoding = headers.get("content-encoding", "").strip().lower()
    if encoding not in ("gzip", "deflate", "x-gzip") or not body:
        return body
    try:
        if encoding == "deflate":
            try:
                decoded = _inflate(body, zlib.MAX_WBITS)
            except zlib.error:
                decoded = _inflate(body, -zlib.MAX_WBITS)
        else:
            decoded = _inflate(body, 16 + zlib.MAX_WBITS)
    except zlib.error:
        raise EmuError(400, "decoding request body failed", http_code=400) from None
    del headers["content-encoding"]
    return decoded


def compress_response(response: EmuResponse, accept_encoding: str | None,
                      threshold: int) -> EmuResponse:
    """Compress ``response`` when the client accepts gzip or deflate and the body has at
    least ``threshold`` bytes (``threshold`` 0: never, the server's default)."""
    if threshold <= 0 or not accept_encoding or len(response.body) < threshold \
            or "content-encoding" in response.headers:
        return response
    accepted = {part.split(";")[0].strip().lower() for part in accept_encoding.split(",")}
    if "gzip" in accepted:
        body, name = gzip.compress(response.body, compresslevel=1), "gzip"
    elif "deflate" in accepted:
        body, name = zlib.compress(response.body, 1), "deflate"
    else:
        return response
    headers = dict(response.headers)
    headers["content-encoding"] = name
    return EmuResponse(response.status, body, headers)
