"""The JSON codec on orjson (a dependency on CPython): the default where orjson imports."""

from __future__ import annotations

from typing import Any

import orjson

from arango_anyio._serde.rules import SerializationError, find_non_finite_float, unknown_type


def dumps(value: Any) -> bytes:
    """Serialize ``value`` to compact JSON bytes."""
    try:
        out: bytes = orjson.dumps(value, default=unknown_type)
    except orjson.JSONEncodeError as exc:
        cause = exc.__cause__
        if isinstance(cause, SerializationError):
            raise cause from None
        raise SerializationError(str(exc)) from None
    if b"null" in out:  # orjson writes NaN and infinities as null: refuse them instead
        find_non_finite_float(value)
    return out


def loads(data: str | bytes) -> Any:
    """Parse JSON text or UTF-8 bytes."""
    return orjson.loads(data)
