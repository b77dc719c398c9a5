"""The JSON codec on the standard library's :mod:`json`: used where orjson is not installed
(PyPy) or is switched off. It writes and reads what the orjson codec does and refuses the same
values with the same errors, at a lower speed."""

from __future__ import annotations

import datetime
import enum
import json
import re
import uuid
from typing import Any

from arango_anyio._serde.rules import (
    INT_MAX,
    INT_MIN,
    SerializationError,
    check_value,
    dataclass_items,
    format_datetime,
    is_dataclass_instance,
    unknown_type,
)


def _convert(value: Any) -> Any:
    """The encoder's hook for the types :mod:`json` does not write itself."""
    if is_dataclass_instance(value):
        return dict(dataclass_items(value))
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime.datetime):
        return format_datetime(value)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return unknown_type(value)


_ENCODER = json.JSONEncoder(
    ensure_ascii=False, allow_nan=False, check_circular=False, separators=(",", ":"),
    default=_convert,
)


def dumps(value: Any) -> bytes:
    """Serialize ``value`` to compact JSON bytes."""
    check_value(value)
    try:
        return _ENCODER.encode(value).encode()
    except UnicodeEncodeError:
        raise SerializationError("str is not valid UTF-8: surrogates not allowed") from None
    except (TypeError, ValueError) as exc:
        raise SerializationError(str(exc)) from None


def _number_marks() -> bytes:
    table = bytearray(b" " * 256)
    for digit in b"0123456789":
        table[digit] = ord("9")
    table[ord("e")] = table[ord("E")] = ord("e")
    table[ord("+")] = ord("+")
    return bytes(table)


#: Maps digits to 9, exponent marks to e, + to itself and everything else to a space, so that
#: a number that may not fit a float or a 64-bit integer is found by substring search (far
#: faster than a regular expression). A match inside a string only costs the careful parse.
_NUMBER_MARKS = _number_marks()
_LARGE_NUMBER_MARKS = (b"9" * 19, b"e999", b"e+999")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _refuse_constant(name: str) -> Any:
    raise json.JSONDecodeError(f"{name} is not JSON", name, 0)


def _parse_int(text: str) -> int | float:
    if len(text) <= 20:  # the longest 64-bit integers have 20 characters
        number = int(text)
        if INT_MIN <= number <= INT_MAX:
            return number
    return _parse_float(text)


def _parse_float(text: str) -> float:
    number = float(text)
    if number in (float("inf"), float("-inf")):
        raise json.JSONDecodeError("number is infinite when parsed as float", text, 0)
    return number


_DECODER = json.JSONDecoder(parse_constant=_refuse_constant)
_CAREFUL_DECODER = json.JSONDecoder(
    parse_constant=_refuse_constant, parse_int=_parse_int, parse_float=_parse_float
)


def loads(data: str | bytes) -> Any:
    """Parse JSON text or UTF-8 bytes, as strictly as orjson: no NaN or Infinity, no number
    beyond a float, no byte-order mark, no lone surrogate; integers beyond 64 bits become
    floats. Every refusal is a :class:`json.JSONDecodeError`. (One difference: orjson refuses
    more than 1024 levels of nesting, this codec more than the interpreter's json module
    reads, about 1,000 levels before Python 3.13 and several thousand after.)"""
    if isinstance(data, str):
        text = data
        raw = _require_utf8(text)
    else:
        raw = bytes(data)
        try:
            text = raw.decode()
        except UnicodeDecodeError as exc:
            raise json.JSONDecodeError(f"str is not valid UTF-8: {exc.reason}", "", 0) from None
    marks = raw.translate(_NUMBER_MARKS)
    careful = any(mark in marks for mark in _LARGE_NUMBER_MARKS)
    try:
        value = (_CAREFUL_DECODER if careful else _DECODER).decode(text)
    except RecursionError:
        raise json.JSONDecodeError("recursion limit reached", "", 0) from None
    if b"\\u" in raw and _SURROGATE_ESCAPE.search(text):
        _require_utf8(json.dumps(value, ensure_ascii=False))
    return value


def _require_utf8(text: str) -> bytes:
    try:
        return text.encode()
    except UnicodeEncodeError:
        raise json.JSONDecodeError(
            "str is not valid UTF-8: surrogates not allowed", "", 0
        ) from None
