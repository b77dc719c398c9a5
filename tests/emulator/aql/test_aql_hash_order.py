"""Functions whose result order is a hash table's: INTERSECTION, OUTERSECTION, MINUS,
UNION_DISTINCT and unsorted ATTRIBUTES answer in the order ArangoDB's containers iterate.

The hash functions are checked against their published values; the orders against the
answers a 3.12 server gives in the documentation and the libstdc++ container rules
(an element whose bucket is empty goes to the front of the node list, so elements in distinct
buckets come back newest first).
"""

from __future__ import annotations

from typing import Any

import pytest

from arango_anyio.testing._aql.hash_order import (
    StdHashOrder,
    std_string_hash,
    vpack_hash,
    xxh64,
)
from arango_anyio.testing._aql.memory import MemoryContext
from arango_anyio.testing._protocol.errors import EmuError

from .conftest import run


@pytest.mark.parametrize(("data", "seed", "expected"), [
    (b"", 0, 0xEF46DB3751D8E999),
    (b"a", 0, 0xD24EC4F1A98C6E5B),
    (b"abc", 0, 0x44BC2CF5AD770999),
    (b"Nobody inspects the spammish repetition", 0, 0xFBCEA83C8A378BF1),
])
def test_xxh64_published_values(data: bytes, seed: int, expected: int) -> None:
    assert xxh64(data, seed) == expected


def test_std_string_hash_of_libstdcxx() -> None:
    assert std_string_hash("") == 6142509188972423790


def test_vpack_hash_normalizes_numbers_and_ignores_attribute_order() -> None:
    assert vpack_hash(1) == vpack_hash(1.0)
    assert vpack_hash({"a": 1, "b": [2]}) == vpack_hash({"b": [2], "a": 1})
    assert vpack_hash([1, 2]) != vpack_hash([2, 1])
    assert vpack_hash("1") != vpack_hash(1)


def test_std_order_groups_a_bucket_in_front_of_its_first_node() -> None:
    table = StdHashOrder(512)  # 541 buckets
    for key, hash_value in (("a", 3), ("b", 7), ("c", 3 + 541), ("d", 9)):
        table.insert(key, hash_value)
    assert list(table) == ["d", "b", "c", "a"]
    table.erase("c")
    assert list(table) == ["d", "b", "a"]


def test_std_order_rehash_reinserts_in_list_order() -> None:
    table = StdHashOrder()  # default-constructed: 13 buckets at the first insert
    for number in range(14):  # the 14th element grows it to 29 buckets
        table.insert(number, number)
    # every element has its own bucket: newest first, but the rehash moved the 13 older
    # ones one by one to the list's front, which reversed them
    assert list(table) == [13, *range(13)]


#: (query, the documented 3.12 answer)
DOCUMENTED: list[tuple[str, Any]] = [
    ("INTERSECTION([1,2,3,4,5], [2,3,4,5,6], [3,4,5,6,7])", [5, 4, 3]),
    ("INTERSECTION([2,4,6], [8,10,12], [14,16,18])", []),
    ("MINUS([1,2,3,4], [3,4,5,6], [5,6,7,8])", [2, 1]),
    ("OUTERSECTION([1, 2, 3], [2, 3, 4], [3, 4, 5])", [5, 1]),
    ("UNION_DISTINCT([1, 2, 3], [1, 2])", [1, 3, 2]),
    ("ATTRIBUTES({foo: 'bar', _key: '123', _custom: 'yes'})", ["_custom", "_key", "foo"]),
    ("ATTRIBUTES({foo: 'bar', _key: '123', _custom: 'yes'}, true)", ["foo"]),
    ("ATTRIBUTES({foo: 'bar', _key: '123', _custom: 'yes'}, false, true)",
     ["_custom", "_key", "foo"]),
]


@pytest.mark.parametrize(("expression", "expected"), DOCUMENTED)
def test_documented_orders(ctx: MemoryContext, expression: str, expected: Any) -> None:
    assert run(ctx, f"RETURN {expression}").result == [expected]


def test_sorted_attributes_use_the_collation(ctx: MemoryContext) -> None:
    assert run(ctx, "RETURN ATTRIBUTES({c: 1, B: 2, b: 3, _a: 4}, false, true)").result == \
        [["_a", "b", "B", "c"]]


def test_intersection_keeps_the_first_arrays_element(ctx: MemoryContext) -> None:
    # 1 and 1.0 are the same value; the first array's spelling is the one returned
    assert run(ctx, "RETURN INTERSECTION([1.5, 2], [2.0, 1.5, 1.5])").result == [[2, 1.5]]


def test_set_functions_need_two_arrays(ctx: MemoryContext) -> None:
    for name in ("UNION", "UNION_DISTINCT", "INTERSECTION", "MINUS", "OUTERSECTION"):
        with pytest.raises(EmuError) as caught:
            run(ctx, f"RETURN {name}([1])")
        assert caught.value.error_num == 1541


def test_non_array_arguments_warn(ctx: MemoryContext) -> None:
    result = run(ctx, "RETURN [INTERSECTION([1], 2), MINUS([1], 2)]")
    assert result.result == [[None, None]]
    assert [w["code"] for w in result.warnings] == [1563, 1542]
