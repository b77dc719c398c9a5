"""Keeping passwords out of the request records that exceptions carry."""

from __future__ import annotations

from typing import Any

from arango_anyio.request import Request

#: What a password is replaced with in the request an exception carries.
REDACTED = "***"


def _redact_body(data: Any) -> Any:
    if isinstance(data, dict):
        out = {}
        for key, value in data.items():
            if key in ("passwd", "password"):
                out[key] = REDACTED if value is not None else None
            else:
                out[key] = _redact_body(value)
        return out
    if isinstance(data, list):
        return [_redact_body(item) for item in data]
    return data


def redacted(request: Request) -> Request:
    """A copy of ``request`` whose body has every ``passwd``/``password`` value masked.

    API methods that send passwords give the copy, never the original, to the exception
    they raise, so ``exc.request.data`` cannot leak the secret.
    """
    return Request(
        request.method,
        request.endpoint,
        params=dict(request.params) if request.params is not None else None,
        data=_redact_body(request.data),
        headers=dict(request.headers) if request.headers is not None else None,
        host=request.host,
        idempotent=request.idempotent,
    )
