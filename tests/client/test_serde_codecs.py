"""The two JSON codecs agree: the stdlib fallback writes, reads and refuses exactly what the
orjson codec does (the orjson side is skipped where orjson is not installed)."""

from __future__ import annotations

import dataclasses
import datetime
import enum
import json
import math
import os
import subprocess
import sys
import uuid
from collections import namedtuple
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arango_anyio._serde import stdlib_codec
from arango_anyio._serde.rules import MAX_DEPTH, SerializationError

orjson_codec = pytest.importorskip("arango_anyio._serde.orjson_codec",
                                   reason="orjson is not installed")


@dataclasses.dataclass
class Point:
    x: Any
    y: Any = None
    _hidden: int = 0


@dataclasses.dataclass
class Slotted:
    __slots__ = ("_b", "a")
    a: Any
    _b: int


class Colour(enum.Enum):
    RED = "red"
    NAN = math.nan
    NESTED = (1, {"a": 2.5})


class Size(enum.IntEnum):
    BIG = 3


class Name(str):
    pass


class Count(int):
    pass


class Ratio(float):
    pass


class Pair(tuple):  # type: ignore[type-arg]
    pass


Named = namedtuple("Named", "a b")


def nested(depth: int) -> Any:
    value: Any = []
    for _ in range(depth - 1):
        value = [value]
    return value


def circular() -> Any:
    value: list[Any] = []
    value.append(value)
    return value


def with_extra_attribute() -> Point:
    point = Point(1)
    point.extra = math.inf  # type: ignore[attr-defined]
    return point


VALUES: list[Any] = [
    None, True, 0, -1, 2**63, 2**64 - 1, 2**64, -(2**63), -(2**63) - 1, 1.5, -0.0, 1e300,
    5e-324, math.nan, math.inf, -math.inf, "", "ü名", "\x00\x1f\"\\/\u2028", "\ud800",
    {"\udfff": 1}, [], (), [1, (2, [3])], {"a": {"b": [None]}},
    {1: "x"}, {True: 2}, {None: 1}, {1.5: 1}, {Name("k"): 1}, {Colour.RED: 1}, {("t",): 1},
    Name("s"), Count(7), Ratio(0.5), Pair((1,)), Named(1, 2), {1, 2}, frozenset(), b"x",
    bytearray(b"x"), Decimal("1.5"), 1j, object(), int, Point, range(2),
    Point(1.0, [2]), Point(math.nan), Point(1, {"k": -math.inf}), Point(1, {2: 3}),
    Point(Point(Point(2**64))), with_extra_attribute(), Slotted(1, 2), Slotted(math.nan, 0),
    Colour.RED, Colour.NAN, Colour.NESTED, Size.BIG, {"c": [Colour.NAN]},
    uuid.UUID(int=7), datetime.date(2024, 2, 29), datetime.time(1, 2, 3, 4),
    datetime.time(1, tzinfo=datetime.timezone.utc), datetime.datetime(2024, 1, 2, 3, 4, 5),
    datetime.datetime(1, 1, 1, 0, 0, 0, 123000),
    datetime.datetime(2024, 1, 2, tzinfo=datetime.timezone(datetime.timedelta(hours=-5,
                                                                               minutes=-30))),
    datetime.datetime(2024, 1, 2, tzinfo=datetime.timezone(datetime.timedelta(seconds=59))),
    nested(MAX_DEPTH), nested(MAX_DEPTH + 1), [nested(MAX_DEPTH - 1)],
    {"a": nested(MAX_DEPTH)}, circular(),
]


def outcome(dumps: Any, value: Any) -> Any:
    """What a codec makes of ``value``: the JSON it wrote, parsed, or that it refused it."""
    try:
        written = dumps(value)
    except SerializationError:
        return "refused"
    return json.loads(written)


@pytest.mark.parametrize("value", VALUES, ids=[f"{i}-{type(v).__name__}"
                                               for i, v in enumerate(VALUES)])
def test_both_codecs_write_or_refuse_alike(value: Any) -> None:
    assert outcome(stdlib_codec.dumps, value) == outcome(orjson_codec.dumps, value)


def test_refusals_are_serialization_errors_that_name_the_problem() -> None:
    for dumps in (stdlib_codec.dumps, orjson_codec.dumps):
        with pytest.raises(SerializationError, match="NaN"):
            dumps({"p": Point(math.nan)})
        with pytest.raises(SerializationError, match="not JSON serializable"):
            dumps({"a": {1, 2}})
    with pytest.raises(SerializationError, match="key 1 is not a str"):
        stdlib_codec.dumps({1: "x", "b": 2})
    assert issubclass(SerializationError, ValueError)


def _documents() -> st.SearchStrategy[Any]:
    scalars = (st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
               | st.floats() | st.text(st.characters(codec=None), max_size=8))
    keys = (st.text(max_size=4) | st.integers(-3, 3) | st.booleans() | st.none()
            | st.sampled_from([Name("n"), Colour.RED]))
    return st.recursive(
        scalars,
        lambda inner: (st.lists(inner, max_size=4) | st.tuples(inner, inner)
                       | st.dictionaries(keys, inner, max_size=4)
                       | st.builds(Point, inner, inner)
                       | st.sampled_from([Colour.NAN, Colour.NESTED, Size.BIG, Ratio(1.0)])),
        max_leaves=20,
    )


@settings(max_examples=300, deadline=None)
@given(_documents())
def test_both_codecs_agree_on_generated_documents(value: Any) -> None:
    assert outcome(stdlib_codec.dumps, value) == outcome(orjson_codec.dumps, value)


def read(loads: Any, data: bytes | str) -> Any:
    try:
        return ("value", loads(data))
    except ValueError as exc:
        assert isinstance(exc, json.JSONDecodeError), type(exc)
        return "refused"


TEXTS: list[bytes | str] = [
    b"1", b" 1 ", b"-0", b"1E2", b"1.0", b"[1,2]", b'{"a":1,"a":2}', b'"\\u00fc"', "\"ü\"",
    b"NaN", b"Infinity", b"-Infinity", b'{"a":NaN}', b"1e400", b"-1e400", b"1" * 400,
    b"1e0400", b"1E+400", b"1e-400", b"[1.5e308,2e308]", b"-9999999999999999999",
    b"18446744073709551615", b"18446744073709551616", b"-9223372036854775808",
    b"-9223372036854775809", b'"\\ud800"', b'"\\ud83d\\ude00"', b'"\\udc00\\ud83d"', "\"\ud800\"",
    b"\xff", b"\"\xc3\"", b"\xef\xbb\xbf1", b'"\x01"', b"", b" ", b"[1,]", b"{,}", b"nul",
    b"[" * 100 + b"]" * 100,
    b"truex", b"1 2", b'{"a" 1}', b"'a'",
]


@pytest.mark.parametrize("data", TEXTS, ids=[repr(t)[:30] for t in TEXTS])
def test_both_codecs_read_or_refuse_alike(data: bytes | str) -> None:
    assert read(stdlib_codec.loads, data) == read(orjson_codec.loads, data)


def test_deep_nesting_is_refused_as_a_decode_error_never_a_recursion_error() -> None:
    # orjson refuses more than 1024 levels; the stdlib codec refuses where the interpreter's
    # json module stops (about 1,000 levels before Python 3.13, several thousand after)
    data = b"[" * 100_000 + b"]" * 100_000
    assert read(orjson_codec.loads, data) == read(stdlib_codec.loads, data) == "refused"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet='[]{}",:0123456789eE.-+ ntrufalsNIy\\ud8', max_size=24))
def test_both_codecs_agree_on_generated_texts(text: str) -> None:
    data = text.encode()
    assert read(stdlib_codec.loads, data) == read(orjson_codec.loads, data)


@pytest.mark.parametrize("switch, expected", [("1", "json"), ("0", "orjson"), ("", "orjson")])
def test_the_environment_switch_selects_the_stdlib_codec(switch: str, expected: str) -> None:
    code = ("from arango_anyio import _serde; from arango_anyio._serde import stdlib_codec; "
            "print(_serde.IMPLEMENTATION, _serde.dumps is stdlib_codec.dumps)")
    env = {**os.environ, "ARANGO_ANYIO_NO_ORJSON": switch}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True).stdout.split()
    assert out == [expected, str(expected == "json")]
