"""Compressed answers at the emulator's front ends (when the client accepts them), as ArangoDB
3.12 sends them. Compressed request bodies are inflated by the pipeline, after authentication
(see ``_protocol/content_encoding.py``)."""

from __future__ import annotations

import gzip
import zlib

from arango_anyio.testing._protocol.messages import EmuResponse


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
