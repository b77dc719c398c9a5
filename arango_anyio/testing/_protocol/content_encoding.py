"""Compressed request bodies (``Content-Encoding: gzip`` or ``deflate``), inflated as ArangoDB
3.12 does: by the request pipeline, after the request is authenticated, and never beyond the
largest body a request may have."""

from __future__ import annotations

import zlib

from arango_anyio.testing._protocol.errors import EmuError

#: The largest request body accepted (413 beyond), sent as is or once inflated.
MAX_BODY = 512 * 1024 * 1024


def _inflate(body: bytes, wbits: int) -> bytes:
    decoder = zlib.decompressobj(wbits)
    out = decoder.decompress(body, MAX_BODY)
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
