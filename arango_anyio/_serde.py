"""JSON (de)serialization: orjson when installed (extra ``[speed]``), the stdlib otherwise.

Both paths refuse what JSON cannot carry (NaN, infinities, non-string keys, unknown types)
with :class:`SerializationError`, so a bad document never reaches the server.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

try:  # pragma: no cover - depends on the environment
    import orjson as _orjson
except ImportError:  # pragma: no cover
    _orjson = None  # type: ignore[assignment]

Serializer = Callable[[Any], "str | bytes"]
Deserializer = Callable[["str | bytes"], Any]

HAVE_ORJSON = _orjson is not None


class SerializationError(ValueError):
    """A value cannot be written as JSON."""


def _unknown_type(value: Any) -> Any:
    raise SerializationError(f"object of type {type(value).__name__} is not JSON serializable")


def _find_bad_float(value: Any) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float):
            if math.isnan(item) or math.isinf(item):
                raise SerializationError(
                    f"{item!r} cannot be sent to ArangoDB: JSON has no NaN or Infinity"
                )
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)


if _orjson is not None:

    def dumps(value: Any) -> bytes:
        """Serialize ``value`` to compact JSON bytes."""
        try:
            out = _orjson.dumps(value, default=_unknown_type)
        except _orjson.JSONEncodeError as exc:
            cause = exc.__cause__
            if isinstance(cause, SerializationError):
                raise cause from None
            raise SerializationError(str(exc)) from None
        if b"null" in out:  # orjson writes NaN/inf as null: refuse them instead
            _find_bad_float(value)
        return out

    def loads(data: str | bytes) -> Any:
        """Parse JSON text or bytes."""
        return _orjson.loads(data)

else:  # pragma: no cover - exercised when orjson is absent

    def dumps(value: Any) -> bytes:
        """Serialize ``value`` to compact JSON bytes."""
        try:
            return json.dumps(
                value, separators=(",", ":"), ensure_ascii=False, allow_nan=False,
                default=_unknown_type,
            ).encode()
        except SerializationError:
            raise
        except (TypeError, ValueError) as exc:
            raise SerializationError(str(exc)) from None

    def loads(data: str | bytes) -> Any:
        """Parse JSON text or bytes."""
        return json.loads(data)
