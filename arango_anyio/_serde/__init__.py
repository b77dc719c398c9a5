"""JSON (de)serialization of request and response bodies.

orjson writes and reads them where it is installed: it is a dependency on CPython. Elsewhere
(PyPy) the standard library's :mod:`json` does, through a codec that gives the same results:
both refuse what JSON cannot carry (NaN, infinities, non-string keys, integers beyond 64 bits,
unknown types; see :mod:`arango_anyio._serde.rules`) with :class:`SerializationError`, so a bad
document never reaches the server.

For testing the fallback, ``ARANGO_ANYIO_NO_ORJSON=1`` in the environment when
``arango_anyio`` is first imported selects the stdlib codec although orjson is installed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from types import ModuleType
from typing import Any

from arango_anyio._serde import stdlib_codec
from arango_anyio._serde.rules import Deserializer, SerializationError, Serializer

__all__ = [
    "HAVE_ORJSON", "IMPLEMENTATION", "Deserializer", "SerializationError", "Serializer",
    "dumps", "loads",
]

#: The environment variable that switches orjson off (for testing the fallback).
NO_ORJSON_VARIABLE = "ARANGO_ANYIO_NO_ORJSON"


def _orjson_codec() -> ModuleType | None:
    if os.environ.get(NO_ORJSON_VARIABLE, "").strip() not in ("", "0"):
        return None
    try:
        from arango_anyio._serde import orjson_codec
    except ImportError:  # not installed (PyPy, or installed without dependencies)
        return None
    return orjson_codec


_codec = _orjson_codec() or stdlib_codec

#: Whether orjson is in use.
HAVE_ORJSON = _codec is not stdlib_codec
#: The codec in use: ``"orjson"`` or ``"json"``.
IMPLEMENTATION = "orjson" if HAVE_ORJSON else "json"

dumps: Callable[[Any], bytes] = _codec.dumps
"""Serialize a value to compact JSON bytes; :class:`SerializationError` if JSON cannot carry
it."""
loads: Deserializer = _codec.loads
"""Parse JSON text or UTF-8 bytes (:class:`ValueError` if it is not JSON)."""
