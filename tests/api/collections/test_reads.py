"""AQL-based reads and writes by filter: all, find, ids, keys, random, find_*, *_match."""

from __future__ import annotations

import pytest

from arango_anyio import StandardDatabase
from arango_anyio.collection import CollectionQuery, StandardCollection
from arango_anyio.cursor import Cursor
from arango_anyio.exceptions import (
    DocumentDeleteError,
    DocumentGetError,
    DocumentIDsError,
    DocumentKeysError,
    DocumentUpdateError,
    IndexMissingError,
    InvalidArgumentError,
    SortValidationError,
)
from arango_anyio.testing import Emulator
from tests.api.collections.conftest import stored
from tests.recording import RecordingHTTPClient

pytestmark = pytest.mark.anyio


@pytest.fixture
async def people(col: StandardCollection) -> StandardCollection:
    await col.insert_many([
        {"_key": "ann", "age": 31, "city": "Oslo", "address": {"zip": "0150"}},
        {"_key": "bob", "age": 25, "city": "Rome", "address": {"zip": "00100"}},
        {"_key": "cid", "age": 42, "city": "Oslo", "address": {"zip": "0151"}},
        {"_key": "dot", "age": 25, "city": "Lima", "a.b": "flat"},
    ])
    return col


async def test_all_as_context_manager_and_awaited(people: StandardCollection) -> None:
    query = people.all()
    assert isinstance(query, CollectionQuery)
    async with query as cursor:
        keys = sorted([doc["_key"] async for doc in cursor])
    assert keys == ["ann", "bob", "cid", "dot"]
    cursor = await people.all(skip=1, limit=2)
    try:
        assert isinstance(cursor, Cursor)
        assert cursor.count() == 2
        assert len([doc async for doc in cursor]) == 2
    finally:
        await cursor.close()
    async with people.all(skip=3) as cursor:
        assert len([doc async for doc in cursor]) == 1
    async with people.all(batch_size=1) as cursor:
        assert len([doc async for doc in cursor]) == 4


async def test_find(people: StandardCollection) -> None:
    async with people.find({"city": "Oslo"}) as cursor:
        assert sorted([d["_key"] async for d in cursor]) == ["ann", "cid"]
    async with people.find({"age": 25, "city": "Rome"}) as cursor:
        assert [d["_key"] async for d in cursor] == ["bob"]
    async with people.find({"address.zip": "0151"}) as cursor:  # nested attribute
        assert [d["_key"] async for d in cursor] == ["cid"]
    async with people.find({"a.b": "flat"}) as cursor:  # an attribute with a dot
        assert [d["_key"] async for d in cursor] == ["dot"]
    async with people.find({}, sort=[{"sort_by": "age", "sort_order": "DESC"},
                                     {"sort_by": "_key", "sort_order": "asc"}]) as cursor:
        assert [d["_key"] async for d in cursor] == ["cid", "ann", "bob", "dot"]
    async with people.find({}, sort=[{"sort_by": "age", "sort_order": "ASC"}], skip=1,
                           limit=2) as cursor:
        assert [d["age"] async for d in cursor] == [25, 31]
    async with people.find({"city": "Nowhere"}) as cursor:
        assert [d async for d in cursor] == []


@pytest.mark.emulator_only
async def test_find_uses_bind_parameters_only(people: StandardCollection,
                                              http: RecordingHTTPClient) -> None:
    evil_value = '" || true || "'
    evil_field = "city` == `city` || true || `x"
    async with people.find({evil_field: evil_value, "city": evil_value},
                           sort=[{"sort_by": "x) RETURN 1 //", "sort_order": "ASC"}]) as cur:
        assert [d async for d in cur] == []
    body = http.sent[-1].body
    assert evil_value not in body["query"] and evil_field not in body["query"]
    assert "RETURN 1 //" not in body["query"]
    assert evil_field in body["bindVars"].values()
    assert body["bindVars"]["@collection"] == "things"


@pytest.mark.emulator_only
async def test_find_validates(people: StandardCollection, http: RecordingHTTPClient) -> None:
    before = len(http.sent)
    with pytest.raises(InvalidArgumentError):
        people.find(["city"])  # type: ignore[arg-type]
    with pytest.raises(SortValidationError):
        people.find({}, sort=[{"sort_by": "age"}])
    with pytest.raises(SortValidationError):
        people.find({}, sort=[{"sort_by": "age", "sort_order": "sideways"}])
    with pytest.raises(InvalidArgumentError):
        people.find({}, limit=-1)
    with pytest.raises(InvalidArgumentError):
        people.all(skip="1")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError):
        people.find({"": 1})
    with pytest.raises(InvalidArgumentError):
        people.find({"a..b": 1})
    assert len(http.sent) == before


async def test_ids_keys_random(people: StandardCollection) -> None:
    async with people.ids() as cursor:
        assert sorted([i async for i in cursor]) == [f"things/{k}" for k in
                                                     ("ann", "bob", "cid", "dot")]
    async with people.keys() as cursor:
        assert sorted([k async for k in cursor]) == ["ann", "bob", "cid", "dot"]
    seen = {(await people.random() or {}).get("_key") for _ in range(12)}
    assert seen <= {"ann", "bob", "cid", "dot"} and len(seen) >= 2


async def test_random_on_empty_collection(col: StandardCollection) -> None:
    assert await col.random() is None


async def test_read_errors_are_operation_errors(db: StandardDatabase) -> None:
    ghost = db.collection("ghost")
    with pytest.raises(DocumentGetError) as info:
        async with ghost.all():
            pass
    assert info.value.error_code == 1203
    with pytest.raises(DocumentGetError):
        await ghost.find({"a": 1})
    with pytest.raises(DocumentIDsError):
        await ghost.ids()
    with pytest.raises(DocumentKeysError):
        await ghost.keys()
    with pytest.raises(DocumentUpdateError):
        await ghost.update_match({}, {"x": 1})
    with pytest.raises(DocumentDeleteError):
        await ghost.delete_match({})


async def test_find_in_range(people: StandardCollection) -> None:
    async with people.find_in_range("age", 25, 32) as cursor:
        assert sorted([d["_key"] async for d in cursor]) == ["ann", "bob", "dot"]
    async with people.find_in_range("age", 26, 42, limit=5) as cursor:
        assert [d["_key"] async for d in cursor] == ["ann"]


async def test_find_near_needs_geo_index(people: StandardCollection) -> None:
    with pytest.warns(DeprecationWarning), pytest.raises(IndexMissingError):
        await people.find_near(1.0, 2.0)


@pytest.mark.emulator_only
async def test_update_match(emulator: Emulator, db: StandardDatabase,
                            people: StandardCollection) -> None:
    assert await people.update_match({"city": "Oslo"}, {"nordic": True, "age": None},
                                     keep_none=False) == 2
    docs = stored(emulator, db, "things")
    assert docs["ann"]["nordic"] is True and "age" not in docs["ann"]
    assert "nordic" not in docs["bob"]
    assert await people.update_match({"address.zip": "00100"},
                                     {"address": {"street": "Via"}}, merge=False) == 1
    assert stored(emulator, db, "things")["bob"]["address"] == {"street": "Via"}
    assert await people.update_match({"age": 25}, {"x": 1}, limit=1, sync=True) == 1


@pytest.mark.emulator_only
async def test_replace_match(emulator: Emulator, db: StandardDatabase,
                             people: StandardCollection) -> None:
    assert await people.replace_match({"age": 25}, {"replaced": True}) == 2
    docs = stored(emulator, db, "things")
    assert docs["bob"] == {**docs["bob"], "replaced": True} and "age" not in docs["bob"]
    assert "replaced" not in docs["ann"]
    assert await people.replace_match({"city": "Nowhere"}, {"x": 1}) == 0


@pytest.mark.emulator_only
async def test_delete_match(emulator: Emulator, db: StandardDatabase,
                            people: StandardCollection) -> None:
    assert await people.delete_match({"city": "Oslo"}, limit=1) == 1
    assert await people.delete_match({"city": "Oslo"}, sync=False) == 1
    assert set(stored(emulator, db, "things")) == {"bob", "dot"}
    assert await people.delete_match({}) == 2
    assert await people.count() == 0


@pytest.mark.emulator_only
async def test_find_by_text(col: StandardCollection, http: RecordingHTTPClient) -> None:
    await col.add_index({"type": "fulltext", "fields": ["text"], "minLength": 3})
    await col.insert_many([{"_key": "a", "text": "hello structured world"},
                           {"_key": "b", "text": "goodbye"}])
    query = col.find_by_text("text", "hello", limit=5)
    try:
        async with query as cursor:
            assert [d["_key"] async for d in cursor] == ["a"]
    except DocumentGetError as exc:  # emulator without FULLTEXT(): the error is mapped
        assert exc.error_code == 1540
    body = http.sent[-1].body
    assert "FULLTEXT(@c" in body["query"] and "hello" not in body["query"]
    assert sorted(body["bindVars"].values(), key=str) == sorted(
        ["things", "text", "hello", 5], key=str)
