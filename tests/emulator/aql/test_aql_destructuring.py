"""Array and object destructuring in LET and FOR (AQL 3.12.2+), as the operator docs
describe it: missing parts and values of the wrong type give null."""

from __future__ import annotations

from typing import Any

import pytest

from arango_anyio.testing._aql.memory import MemoryContext
from arango_anyio.testing._protocol.errors import EmuError

from .conftest import run

CASES: list[tuple[str, Any]] = [
    ("FOR [key, value] IN ENTRIES({foo: 'bar', number: 123}) RETURN {key, value}",
     [{"key": "foo", "value": "bar"}, {"key": "number", "value": 123}]),
    ("FOR [x, y] IN [['foo', 1], ['bar', 2]] RETURN {x, y}",
     [{"x": "foo", "y": 1}, {"x": "bar", "y": 2}]),
    ("LET [x, y] = [1, 2, 3] RETURN [x, y]", [[1, 2]]),
    ("LET [, y, z] = [1, 2, 3] RETURN [y, z]", [[2, 3]]),
    ("LET [x, y] = ['one'] LET [z] = {obj: true} RETURN [x, y, z]", [["one", None, None]]),
    ("LET [[first1], [second1, second2]] = [['foo', 'bar'], [1, 2, 3]] "
     "RETURN [first1, second1, second2]", [["foo", 1, 2]]),
    ("LET [{obj: [x, y]}] = [{obj: [1, 2]}] RETURN [x, y]", [[1, 2]]),
    ("LET {name, age} = {vip: true, age: 39, name: 'Luna Miller'} RETURN [name, age]",
     [["Luna Miller", 39]]),
    ("LET {vip, status} = {vip: true} LET {email} = [1, 2] RETURN [vip, status, email]",
     [[True, None, None]]),
    ("LET {name: {first: firstName, last: lastName}} = "
     "{name: {first: 'Luna', middle: 'R', last: 'Miller'}} RETURN [firstName, lastName]",
     [["Luna", "Miller"]]),
    ("LET {name: {first, last}, name} = {name: {first: 'Luna', last: 'Miller'}} "
     "RETURN [first, last, name]", [["Luna", "Miller", {"first": "Luna", "last": "Miller"}]]),
    ("FOR {name, age} IN users FILTER age > 30 SORT name RETURN name", ["Alice", "Carol"]),
    ("FOR {name} IN [{name: 'Luna Miller'}, {name: 'Sam Miller'}, 3] RETURN name",
     ["Luna Miller", "Sam Miller", None]),
]


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_destructuring(ctx: MemoryContext, query: str, expected: Any) -> None:
    assert run(ctx, query).result == expected


def test_the_hidden_value_is_not_collected(ctx: MemoryContext) -> None:
    # COLLECT ... INTO keeps the variables a query can name, not the destructured value
    assert run(ctx, "FOR {city} IN users COLLECT c = city INTO g SORT c RETURN g[0]").result \
        == [{"city": "Berlin"}, {"city": "Paris"}, {"city": "Rome"}]


@pytest.mark.parametrize(("query", "error_num"), [
    ("LET [x, x] = [1, 2] RETURN x", 1511),
    ("LET x = 1 LET {x} = {x: 2} RETURN x", 1511),
    ("FOR [v] IN 1..2 OUTBOUND 'users/alice' knows RETURN v", 1501),
    ("LET {'quoted'} = {} RETURN 1", 1501),
])
def test_invalid_patterns(ctx: MemoryContext, query: str, error_num: int) -> None:
    with pytest.raises(EmuError) as caught:
        run(ctx, query)
    assert caught.value.error_num == error_num
