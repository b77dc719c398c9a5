"""Indexes: list, get, add (validated per type), delete, and python-arango's helpers."""

from __future__ import annotations

from typing import Any

import pytest

from arango_anyio.collection import StandardCollection
from arango_anyio.exceptions import (
    DocumentGetError,
    DocumentInsertError,
    IndexCreateError,
    IndexDeleteError,
    IndexGetError,
    IndexListError,
    IndexMissingError,
    InvalidArgumentError,
)
from tests.recording import RecordingHTTPClient

pytestmark = pytest.mark.anyio

VALID = [
    {"type": "persistent", "fields": ["a", "b"], "unique": True, "sparse": True},
    {"type": "ttl", "fields": ["expires"], "expireAfter": 3600},
    {"type": "geo", "fields": ["loc"], "geoJson": True},
    {"type": "geo", "fields": ["lat", "lon"]},
    {"type": "fulltext", "fields": ["text"], "minLength": 3},
    {"type": "inverted", "fields": ["title", {"name": "body", "analyzer": "identity"}]},
    {"type": "mdi", "fields": ["x", "y"], "fieldValueTypes": "double"},
    {"type": "vector", "fields": ["embedding"],
     "params": {"metric": "cosine", "dimension": 3, "nLists": 1}},
]


@pytest.mark.parametrize("definition", VALID, ids=lambda d: f"{d['type']}-{len(d['fields'])}")
async def test_add_get_delete_each_type(col: StandardCollection,
                                        definition: dict[str, Any]) -> None:
    created = await col.add_index({**definition, "name": "my_index"})
    assert created["type"] == definition["type"]
    if definition["type"] == "inverted":  # the server reports each field as an object
        assert [f["name"] for f in created["fields"]] == ["title", "body"]
    else:
        assert created["fields"] == definition["fields"]
    assert created["name"] == "my_index"
    index_id = created["id"]
    assert "/" not in index_id
    listed = {index["id"]: index for index in await col.indexes()}
    assert index_id in listed and listed[index_id]["type"] == definition["type"]
    fetched = await col.get_index(index_id)
    assert fetched["id"] == index_id and fetched["name"] == "my_index"
    assert (await col.get_index(f"things/{index_id}"))["id"] == index_id
    assert await col.delete_index(index_id) is True
    assert index_id not in {index["id"] for index in await col.indexes()}
    assert await col.delete_index(index_id, ignore_missing=True) is False
    with pytest.raises(IndexDeleteError) as info:
        await col.delete_index(index_id)
    assert info.value.error_code == 1212


async def test_primary_index_listed_and_formatted(col: StandardCollection) -> None:
    indexes = await col.indexes()
    primary = next(index for index in indexes if index["type"] == "primary")
    assert primary["fields"] == ["_key"] and primary["unique"] is True
    assert "selectivity" in primary


async def test_unique_persistent_index_is_enforced(col: StandardCollection) -> None:
    await col.add_index({"type": "persistent", "fields": ["email"], "unique": True})
    await col.insert({"email": "a@x"})
    with pytest.raises(DocumentInsertError) as info:
        await col.insert({"email": "a@x"})
    assert info.value.error_code == 1210


async def test_add_index_formatter(col: StandardCollection) -> None:
    raw = await col.add_index({"type": "ttl", "fields": ["t"], "expireAfter": 5})
    assert raw["expireAfter"] == 5 and "error" not in raw and "code" not in raw
    formatted = await col.add_index({"type": "ttl", "fields": ["u"], "expireAfter": 6},
                                    formatter=True)
    assert formatted["expiry_time"] == 6 and "expireAfter" not in formatted


INVALID = [
    ({"fields": ["a"]}, "index type"),
    ({"type": "hashy", "fields": ["a"]}, "index type"),
    ({"type": "persistent"}, "fields"),
    ({"type": "persistent", "fields": "a"}, "fields"),
    ({"type": "persistent", "fields": []}, "fields"),
    ({"type": "persistent", "fields": ["a", 3]}, "fields"),
    ({"type": "ttl", "fields": ["a"]}, "expireAfter"),
    ({"type": "ttl", "fields": ["a", "b"], "expireAfter": 1}, "field"),
    ({"type": "ttl", "fields": ["a"], "expireAfter": -1}, "expireAfter"),
    ({"type": "geo", "fields": ["a", "b", "c"]}, "field"),
    ({"type": "fulltext", "fields": ["a", "b"]}, "field"),
    ({"type": "inverted", "fields": [{"analyzer": "x"}]}, "name"),
    ({"type": "mdi", "fields": ["x", "y"]}, "fieldValueTypes"),
    ({"type": "mdi-prefixed", "fields": ["x"], "fieldValueTypes": "double"}, "prefixFields"),
    ({"type": "vector", "fields": ["v"]}, "params"),
    ({"type": "vector", "fields": ["v"], "params": {"metric": "manhattan", "dimension": 3,
                                                   "nLists": 1}}, "metric"),
    ({"type": "vector", "fields": ["v"], "params": {"metric": "l2", "dimension": 0,
                                                   "nLists": 1}}, "dimension"),
    ({"type": "vector", "fields": ["v"], "params": {"metric": "l2", "dimension": 2}},
     "nLists"),
    ({"type": "persistent", "fields": ["a"], "name": ""}, "name"),
]


@pytest.mark.emulator_only
@pytest.mark.parametrize(("definition", "match"), INVALID)
async def test_add_index_validates_before_sending(
    col: StandardCollection, http: RecordingHTTPClient, definition: dict[str, Any],
    match: str
) -> None:
    before = len(http.sent)
    with pytest.raises(InvalidArgumentError, match=match):
        await col.add_index(definition)
    assert len(http.sent) == before


async def test_index_errors(col: StandardCollection) -> None:
    with pytest.raises(IndexGetError) as info:
        await col.get_index("999999")
    assert info.value.error_code == 1212
    with pytest.raises(InvalidArgumentError):
        await col.get_index("other/1")
    with pytest.raises(InvalidArgumentError):
        await col.get_index("")
    ghost = StandardCollection(col._conn, col._executor, "ghost")
    with pytest.raises(IndexListError):
        await ghost.indexes()
    with pytest.raises(IndexCreateError) as create:
        await ghost.add_index({"type": "persistent", "fields": ["a"]})
    assert create.value.error_code == 1203


async def test_deprecated_helpers_warn_and_format(col: StandardCollection) -> None:
    with pytest.warns(DeprecationWarning, match="add_persistent_index"):
        persistent = await col.add_persistent_index(["a"], unique=True, name="p")
    assert persistent["type"] == "persistent" and persistent["unique"] is True
    with pytest.warns(DeprecationWarning, match="add_ttl_index"):
        ttl = await col.add_ttl_index(["t"], expiry_time=60)
    assert ttl["expiry_time"] == 60
    with pytest.warns(DeprecationWarning, match="add_geo_index"):
        geo = await col.add_geo_index("loc", geo_json=True)
    assert geo["fields"] == ["loc"] and geo["geo_json"] is True
    with pytest.warns(DeprecationWarning, match="add_inverted_index"):
        inverted = await col.add_inverted_index(["title"], name="inv")
    assert inverted["type"] == "inverted" and inverted["name"] == "inv"
    assert len(await col.indexes()) == 5


@pytest.mark.emulator_only
async def test_find_near_and_in_radius_with_geo_index(col: StandardCollection,
                                                     http: RecordingHTTPClient) -> None:
    await col.add_index({"type": "geo", "fields": ["lat", "lon"]})
    await col.insert_many([{"_key": "near", "lat": 0.0, "lon": 0.001},
                           {"_key": "far", "lat": 10.0, "lon": 10.0}])
    try:
        with pytest.warns(DeprecationWarning):
            cursor = await col.find_near(0.0, 0.0, limit=1)
    except DocumentGetError as exc:  # emulator without GEO_DISTANCE(): the error is mapped
        assert exc.error_code == 1540
    else:
        async with cursor:
            assert [d["_key"] async for d in cursor] == ["near"]
    body = http.sent[-1].body
    assert "GEO_DISTANCE(" in body["query"] and "lat" not in body["query"]
    assert {"lat", "lon", "things"} <= {v for v in body["bindVars"].values()
                                        if isinstance(v, str)}
    try:
        with pytest.warns(DeprecationWarning):
            cursor = await col.find_in_radius(0.0, 0.0, 1000.0, distance_field="d")
    except DocumentGetError as exc:
        assert exc.error_code == 1540
    else:
        async with cursor:
            found = [d async for d in cursor]
        assert [d["_key"] for d in found] == ["near"] and found[0]["d"] < 1000
    assert "d" in http.sent[-1].body["bindVars"].values()


@pytest.mark.emulator_only
async def test_find_in_box(col: StandardCollection, http: RecordingHTTPClient) -> None:
    with pytest.raises(IndexMissingError):
        await col.find_in_box(0, 0, 1, 1)
    geo = await col.add_index({"type": "geo", "fields": ["loc"]})
    other = await col.add_index({"type": "persistent", "fields": ["n"]})
    with pytest.raises(InvalidArgumentError, match="not a geo index"):
        await col.find_in_box(0, 0, 1, 1, index=other["id"])
    await col.insert_many([{"_key": "in", "loc": [0.5, 0.5]}, {"_key": "out", "loc": [5, 5]}])
    try:
        cursor = await col.find_in_box(0, 0, 1, 1, index=geo["id"], limit=10)
    except DocumentGetError as exc:  # emulator without GEO_POLYGON()/GEO_CONTAINS()
        assert exc.error_code == 1540
    else:
        async with cursor:
            assert [d["_key"] async for d in cursor] == ["in"]
    body = http.sent[-1].body
    assert body["query"].startswith("LET rect = GEO_POLYGON(")
    assert "GEO_CONTAINS(rect, " in body["query"] and "0.5" not in body["query"]
    assert [v for k, v in sorted(body["bindVars"].items()) if k.startswith("v")] == [
        0.0, 0.0, 1.0, 1.0]
