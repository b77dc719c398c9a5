"""What a request body may hold: the rules both JSON codecs enforce.

orjson sets them: str, int within 64 bits, finite float, bool, None, dicts with str keys,
lists and tuples, dataclass instances, enums, datetimes, dates, times and UUIDs, at most
:data:`MAX_DEPTH` containers deep. Everything else is refused with :class:`SerializationError`.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import math
import uuid
from collections.abc import Callable
from typing import Any

Serializer = Callable[[Any], "str | bytes"]
Deserializer = Callable[["str | bytes"], Any]

#: Containers (dicts, lists, tuples, dataclasses) nested deeper than this are refused.
MAX_DEPTH = 254
INT_MIN = -(2**63)
INT_MAX = 2**64 - 1


class SerializationError(ValueError):
    """A value cannot be written as JSON."""


def unknown_type(value: Any) -> Any:
    """The ``default`` hook of both codecs: a type JSON has no form for is refused."""
    raise SerializationError(f"object of type {type(value).__name__} is not JSON serializable")


def is_dataclass_instance(value: Any) -> bool:
    return hasattr(type(value), "__dataclass_fields__")


def dataclass_items(value: Any) -> list[tuple[str, Any]]:
    """The members a dataclass instance is written with, as orjson writes them: its instance
    attributes (its fields when it has slots), leaving out names that start with ``_``."""
    attributes = getattr(value, "__dict__", None)
    if attributes is not None:
        return [(name, item) for name, item in attributes.items() if not name.startswith("_")]
    return [(field.name, getattr(value, field.name)) for field in dataclasses.fields(value)
            if not field.name.startswith("_")]


def format_datetime(value: datetime.datetime) -> str:
    """RFC 3339 as orjson writes it: microseconds when set, the UTC offset rounded to
    minutes."""
    text = value.replace(tzinfo=None).isoformat()
    offset = value.utcoffset()
    if offset is None:
        return text
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, minutes = divmod((abs(seconds) + 30) // 60, 60)
    return f"{text}{sign}{hours:02d}:{minutes:02d}"


def _bad_float(value: float) -> SerializationError:
    return SerializationError(
        f"{value!r} cannot be sent to ArangoDB: JSON has no NaN or Infinity"
    )


def find_non_finite_float(value: Any) -> None:
    """Raise for a NaN or an infinity anywhere in ``value`` (orjson would write ``null``).

    Looks where orjson looks: dict values, list and tuple items, dataclass members and enum
    values. Other checks are orjson's own, so this walk needs no depth bound."""
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is float:
            if not math.isfinite(item):
                raise _bad_float(item)
        elif kind is str or kind is int or item is None:
            continue
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list) or kind is tuple:
            stack.extend(item)
        elif is_dataclass_instance(item):
            stack.extend(member for _, member in dataclass_items(item))
        elif isinstance(item, enum.Enum):
            stack.append(item.value)


def check_value(value: Any) -> None:
    """Enforce every rule of the module docstring on ``value`` without writing it: the check
    the stdlib codec runs first, since :mod:`json` would write some of these values."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        kind = type(item)
        if kind is str or item is None or kind is bool:
            continue
        if kind is float:
            if not math.isfinite(item):
                raise _bad_float(item)
        elif kind is int:
            _check_int(item)
        elif isinstance(item, dict):
            depth = _deeper(depth)
            for key, member in item.items():
                if type(key) is not str:
                    raise SerializationError(
                        f"dict key {key!r} is not a str: JSON object keys are strings"
                    )
                stack.append((member, depth))
        elif isinstance(item, list) or kind is tuple:
            depth = _deeper(depth)
            stack.extend((member, depth) for member in item)
        elif is_dataclass_instance(item):
            depth = _deeper(depth)
            stack.extend((member, depth) for _, member in dataclass_items(item))
        elif isinstance(item, enum.Enum):
            stack.append((item.value, depth))
        elif isinstance(item, str):
            continue
        elif isinstance(item, int):
            _check_int(item)
        elif isinstance(item, datetime.time) and item.tzinfo is not None:
            raise SerializationError("a datetime.time with tzinfo cannot be written as JSON")
        elif not isinstance(item, (datetime.date, datetime.time, uuid.UUID)):
            unknown_type(item)  # float and tuple subclasses included, as orjson


def _check_int(value: int) -> None:
    if not INT_MIN <= value <= INT_MAX:
        raise SerializationError(f"integer {value} exceeds the 64-bit range JSON numbers keep")


def _deeper(depth: int) -> int:
    if depth >= MAX_DEPTH:
        raise SerializationError(
            f"value nested more than {MAX_DEPTH} levels deep (or containing itself)"
        )
    return depth + 1
