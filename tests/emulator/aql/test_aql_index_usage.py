"""Where the server answers a query from an index, and what that changes: primary key
lookups (``==``, ``IN``, ``||``), the limits of NEAR/FULLTEXT, LIMIT with nulls, and a
one-attribute geo index holding ``[lat, lng]`` pairs."""

from __future__ import annotations

from typing import Any

import pytest

from arango_anyio.testing._aql.memory import MemoryContext
from arango_anyio.testing._protocol.errors import EmuError

from .conftest import run


@pytest.fixture
def numbers() -> MemoryContext:
    ctx = MemoryContext()
    ctx.create("n", docs=[{"_key": str(i), "v": i} for i in range(1, 7)])
    return ctx


@pytest.mark.parametrize(("condition", "keys"), [
    ("d._key == @a || d._key == @b", ["2", "5"]),  # an IN list: sorted, deduplicated
    ("d._key == @b OR d._key == @a OR d._key == @b", ["2", "5"]),
    ("d._key IN [@b, 'nope', @a]", ["2", "5"]),
    ("d.v > 0 && d._key == @b && @a != null", ["5"]),
])
def test_primary_key_lookups(numbers: MemoryContext, condition: str, keys: list[str]) -> None:
    result = run(numbers, f"FOR d IN n FILTER {condition} RETURN d._key",
                 {"a": "2", "b": "5"})
    assert result.result == keys
    assert result.stats["scannedFull"] == 0
    assert result.stats["scannedIndex"] == len(keys)
    assert result.stats["filtered"] == 0


def test_or_with_another_attribute_scans(numbers: MemoryContext) -> None:
    result = run(numbers, "FOR d IN n FILTER d._key == '2' || d.v == 3 RETURN d._key")
    assert result.result == ["2", "3"]
    assert result.stats["scannedFull"] == 6
    assert result.stats["filtered"] == 4


@pytest.mark.parametrize(("limit", "expected"), [
    ("LIMIT 2, null", ["3", "4", "5", "6"]),
    ("LIMIT null, 2", ["1", "2"]),
    ("LIMIT null, null", ["1", "2", "3", "4", "5", "6"]),
    ("LIMIT @none", ["1", "2", "3", "4", "5", "6"]),
])
def test_limit_with_nulls(numbers: MemoryContext, limit: str, expected: list[str]) -> None:
    assert run(numbers, f"FOR d IN n {limit} RETURN d._key", {"none": None}
               if "@none" in limit else {}).result == expected


@pytest.mark.parametrize("limit", ["LIMIT -1", "LIMIT 'x'", "LIMIT 1, -2"])
def test_invalid_limits(numbers: MemoryContext, limit: str) -> None:
    with pytest.raises(EmuError) as caught:
        run(numbers, f"FOR d IN n {limit} RETURN d")
    assert caught.value.error_num == 1504


@pytest.fixture
def places() -> MemoryContext:
    ctx = MemoryContext()
    ctx.create("p", docs=[{"_key": "1", "loc": [1, 1], "text": "foo bar"},
                          {"_key": "2", "loc": [1, 5], "text": "foo"},
                          {"_key": "3", "loc": [5, 1], "text": "foo baz"},
                          {"_key": "4", "loc": [5, 5]}])
    ctx.indexes["p"] = [{"type": "geo", "fields": ["loc"], "geoJson": False},
                        {"type": "fulltext", "fields": ["text"], "minLength": 2}]
    return ctx


@pytest.mark.parametrize(("query", "expected"), [
    ("FOR d IN NEAR(p, 1, 1, 0) RETURN d._key", []),
    ("FOR d IN NEAR(p, 1, 1, 2) RETURN d._key", ["1", "2"]),
    ("FOR d IN NEAR(p, 1, 1) RETURN d._key", ["1", "2", "3", "4"]),  # null: 100
    ("FOR d IN FULLTEXT(p, 'text', 'foo', 0) RETURN d._key", []),
    ("FOR d IN FULLTEXT(p, 'text', 'foo', 2) RETURN d._key", ["1", "2"]),
    ("FOR d IN FULLTEXT(p, 'text', 'foo', null) RETURN d._key", ["1", "2", "3"]),
])
def test_near_and_fulltext_limits(places: MemoryContext, query: str,
                                  expected: list[Any]) -> None:
    assert run(places, query).result == expected


def test_one_attribute_geo_index_reads_lat_lng(places: MemoryContext) -> None:
    box = "GEO_POLYGON([[[0, 0], [3, 0], [3, 6], [0, 6], [0, 0]]])"  # lng 0..3, lat 0..6
    query = f"FOR d IN p FILTER GEO_CONTAINS({box}, d.loc) RETURN d._key"
    # from the index, d.loc is [lat, lng]: [5, 1] is at lng 1, inside
    assert run(places, query).result == ["1", "3"]
    near = "FOR d IN p FILTER GEO_DISTANCE([1, 5], d.loc) < 1000 RETURN d._key"
    assert run(places, near).result == ["3"]
    # without the index the same array is GeoJSON's [lng, lat]
    places.indexes["p"] = []
    assert run(places, query).result == ["1", "2"]
