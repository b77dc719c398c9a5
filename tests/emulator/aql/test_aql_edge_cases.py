"""String, array and object functions at their edges, as the server's implementations
define them (values derived from ArangoDB's function sources and documented answers)."""

from __future__ import annotations

from typing import Any

import pytest

from arango_anyio.testing._aql.memory import MemoryContext
from arango_anyio.testing._protocol.errors import EmuError

from .conftest import run

CASES: list[tuple[str, Any]] = [
    ("RIGHT('foobar', 10)", "foobar"),
    ("RIGHT('foobar', 3)", "bar"),
    ("RIGHT('foobar', -1)", ""),
    ("LEFT('foobar', -1)", ""),
    ("LEFT('💩ab', 2)", "💩a"),  # code points, not UTF-16 units
    # SUBSTRING_BYTES: byte offsets; an end inside a character gives null
    ("SUBSTRING_BYTES('We ❤️ avocado!', -15, 6)", "❤️"),
    ("SUBSTRING_BYTES('We ❤️ avocado!', -15, 4)", None),
    ("SUBSTRING_BYTES('We ❤️ avocado!', 3, 3, 3, 5)", "We ❤️ avo"),
    ("SUBSTRING_BYTES('We ❤️ avocado!', 3, 3, 1)", " ❤️"),  # both ends move by one
    ("SUBSTRING_BYTES('abc', 10)", ""),
    ("SUBSTRING_BYTES('', 1)", ""),
    # REPLACE_NTH: negative positions count from the end and stop at the first element
    ("REPLACE_NTH(['a', 'b', 'c'], -9, 'z')", ["z", "b", "c"]),
    ("REPLACE_NTH(['a', 'b', 'c'], -1, 'z')", ["a", "b", "z"]),
    ("REPLACE_NTH(['a', 'b', 'c'], 3, 'z')", ["a", "b", "c", "z"]),
    ("REPLACE_NTH(['a', 'b', 'c'], 5, 'z', 'y')", ["a", "b", "c", "y", "y", "z"]),
    ("REPLACE_NTH(['a'], 3, 'z', null)", ["a", None, None, "z"]),
    ("INTERLEAVE([1, 2], [], ['a', 'b', 'c'])", [1, "a", 2, "b", "c"]),
    ("MERGE_RECURSIVE([{a: {b: 1, c: {d: 1}}}, {a: {c: {e: 2}}}, {f: 3}])",
     {"a": {"b": 1, "c": {"d": 1, "e": 2}}, "f": 3}),
    ("MERGE_RECURSIVE({'user-1': {name: 'Jane', livesIn: {city: 'LA'}}}, "
     "{'user-1': {age: 42, livesIn: {city: 'NY'}}})",
     {"user-1": {"name": "Jane", "livesIn": {"city": "NY"}, "age": 42}}),
    # KEEP/UNSET take names, numbers and arrays of names; the recursive forms skip arrays
    ("KEEP({a: 1, b: 2, '3': 3}, 'a', 3)", {"3": 3, "a": 1}),
    ("UNSET({a: 1, b: 2, c: 3}, ['a'], 'c')", {"b": 2}),
    ("KEEP_RECURSIVE({a: {a: 1, b: 2}, b: [{a: 1, b: 2}]}, 'a')", {"a": {"a": 1}}),
    ("UNSET_RECURSIVE({a: {a: 1, b: 2}, b: [{a: 1, b: 2}]}, 'a')",
     {"b": [{"a": 1, "b": 2}]}),
]


@pytest.mark.parametrize(("expression", "expected"), CASES)
def test_edge_cases(ctx: MemoryContext, expression: str, expected: Any) -> None:
    assert run(ctx, f"RETURN {expression}").result == [expected]


def test_keep_writes_attributes_in_sorted_order(ctx: MemoryContext) -> None:
    assert list(run(ctx, "RETURN KEEP({c: 1, a: 2, b: 3}, 'a', 'b', 'c')").result[0]) == \
        ["a", "b", "c"]


@pytest.mark.parametrize("expression", [
    "REPLACE_NTH(['a'], null, 'z')",  # no position
    "REPLACE_NTH(['a'], 3, 'z')",  # past the end without padding
])
def test_replace_nth_errors(ctx: MemoryContext, expression: str) -> None:
    with pytest.raises(EmuError) as caught:
        run(ctx, f"RETURN {expression}")
    assert caught.value.error_num == 1542


def test_warnings(ctx: MemoryContext) -> None:
    result = run(ctx, "RETURN [SUBSTRING_BYTES(12, 1), INTERLEAVE([1], 'x'), "
                      "KEEP({a: 1}, [1])]")
    assert result.result == [[None, None, {}]]
    assert [w["code"] for w in result.warnings] == [10, 1563, 1542]


def test_document_takes_a_collection_name(ctx: MemoryContext) -> None:
    expected = run(ctx, "RETURN DOCUMENT('users/alice')").result[0]
    assert expected["name"] == "Alice"
    for query in ("RETURN DOCUMENT(users, 'alice')", "RETURN DOCUMENT(users, 'users/alice')",
                  "RETURN DOCUMENT('users', 'alice')"):
        assert run(ctx, query).result == [expected], query
    assert run(ctx, "RETURN DOCUMENT(@@c, ['alice', 'nobody', 'bob'])",
               {"@c": "users"}).result[0][1]["name"] == "Bob"
    # an id of another collection is not looked up in this one
    assert run(ctx, "RETURN DOCUMENT(users, 'knows/ab')").result == [None]
