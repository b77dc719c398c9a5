"""Extended names (on by default in 3.12), ``versionAttribute`` on replace / update /
overwrite, renaming a collection to its own name, and the answers of collection ``load`` and of
the structured log settings."""

from __future__ import annotations

from typing import Any

import pytest

from arango_anyio import StandardCollection, StandardDatabase
from arango_anyio.exceptions import CollectionCreateError, DatabaseCreateError, IndexCreateError
from tests.emulator.core.conftest import Api, error_of

pytestmark = pytest.mark.anyio

UNICODE = "Über 😀 Kollektion — κόσμε"


async def _stored(col: StandardCollection, key: str) -> dict[str, Any]:
    """The stored document ``key`` (which must exist)."""
    doc = await col.get(key)
    assert doc is not None, key
    return doc


async def test_extended_collection_view_and_index_names(db: StandardDatabase) -> None:
    collection = await db.create_collection(UNICODE)
    await collection.insert({"_key": "k", "loc": [1.0, 2.0]})
    assert (await _stored(db.collection(UNICODE), "k"))["_id"] == f"{UNICODE}/k"
    assert UNICODE in [c["name"] for c in await db.collections()]
    index = await collection.add_index({"type": "persistent", "fields": ["a"],
                                        "name": "índice 1"})
    assert index["name"] == "índice 1"
    view = await db.create_view("vista ñ", "arangosearch", {})
    assert view["name"] == "vista ñ"
    for bad in ("1starts_with_digit", "a/b", " leading", "trailing ", "_underscore",
                ".dot", "tab\tinside", "e\u0301", "x" * 257):
        with pytest.raises(CollectionCreateError) as refused:
            await db.create_collection(bad)
        assert refused.value.error_code == 1208, bad
    with pytest.raises(IndexCreateError):
        await collection.add_index({"type": "persistent", "fields": ["b"], "name": "9x"})


async def test_extended_database_names(sys_db: StandardDatabase) -> None:
    name = "datenbank ß ✓"
    assert await sys_db.create_database(name)
    try:
        assert name in await sys_db.databases()
    finally:
        await sys_db.delete_database(name)
    for bad in ("a:b", "a/b", "0db", "_db", " x", "x" * 129, "e\u0301"):
        with pytest.raises(DatabaseCreateError) as refused:
            await sys_db.create_database(bad)
        assert refused.value.error_code == 1229, bad


async def test_version_attribute_decides_replace_update_and_overwrite(
        db: StandardDatabase) -> None:
    col = await db.create_collection("versions")
    await col.insert_many([{"_key": "a", "v": 5}, {"_key": "b", "v": 5},
                           {"_key": "c", "v": 5}])
    kept = await col.update({"_key": "a", "v": 4, "x": 1}, version_attribute="v")
    assert kept["_rev"] == kept["_old_rev"]  # not changed, no error
    stored = await _stored(col, "a")
    assert stored["v"] == 5 and "x" not in stored
    await col.update({"_key": "a", "v": 6.9, "x": 1}, version_attribute="v")
    assert (await _stored(col, "a"))["x"] == 1
    await col.update({"_key": "a", "v": 6.2, "x": 2}, version_attribute="v")  # 6 is not > 6
    assert (await _stored(col, "a"))["x"] == 1
    # without a usable version in the new document, the write goes ahead
    await col.update({"_key": "a", "x": 3}, version_attribute="v")
    await col.update({"_key": "a", "v": "seven", "x": 4}, version_attribute="v")
    await col.update({"_key": "a", "v": -1, "x": 5}, version_attribute="v")
    assert (await _stored(col, "a"))["x"] == 5
    await col.replace({"_key": "b", "v": 1}, version_attribute="v")
    assert (await _stored(col, "b"))["v"] == 5
    await col.replace({"_key": "b", "v": 9}, version_attribute="v")
    assert (await _stored(col, "b"))["v"] == 9
    await col.insert({"_key": "c", "v": 3, "y": 1}, overwrite_mode="replace",
                     version_attribute="v")
    assert "y" not in await _stored(col, "c")
    await col.insert({"_key": "c", "v": 8, "y": 1}, overwrite_mode="update",
                     version_attribute="v")
    assert (await _stored(col, "c"))["y"] == 1
    await col.update_many([{"_key": "b", "v": 10}, {"_key": "b", "v": 12},
                           {"_key": "b", "v": 11}], version_attribute="v")
    assert (await _stored(col, "b"))["v"] == 12


async def test_rename_to_its_own_name_is_a_no_op(db: StandardDatabase) -> None:
    col = await db.create_collection("same")
    await col.insert({"_key": "k"})
    assert await col.rename("same") is True
    assert (await _stored(db.collection("same"), "k"))["_key"] == "k"


async def test_load_answers_the_count(api: Api) -> None:
    await api.ok("POST", "/_api/collection", {"name": "c"})
    await api.ok("POST", "/_api/document/c", [{}, {}])
    loaded = await api.ok("PUT", "/_api/collection/c/load")
    assert loaded["count"] == 2 and loaded["name"] == "c" and loaded["status"] == 3
    assert {"id", "type", "isSystem", "globallyUniqueId"} <= set(loaded)
    assert "count" not in await api.ok("PUT", "/_api/collection/c/load", {"count": False})
    unloaded = await api.ok("PUT", "/_api/collection/c/unload")
    assert "count" not in unloaded
    assert error_of(await api.call("PUT", "/_api/collection/nope/load")) == (404, 1203)


async def test_log_settings_list_only_the_enabled_parameters(sys_db: StandardDatabase
                                                             ) -> None:
    all_on = await sys_db.set_log_settings(database=True, url=True, username=True)
    assert all_on == {"database": True, "url": True, "username": True}
    some = await sys_db.set_log_settings(database=True, username=False)
    assert some == {"database": True, "url": True}
    assert await sys_db.log_settings() == some
    await sys_db.set_log_settings(database=False, url=False)
