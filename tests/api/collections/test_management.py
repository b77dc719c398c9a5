"""Collection management on the database handle and on collection handles."""

from __future__ import annotations

import pytest

from arango_anyio import StandardDatabase
from arango_anyio.collection import StandardCollection
from arango_anyio.exceptions import (
    CollectionConfigureError,
    CollectionCreateError,
    CollectionDeleteError,
    CollectionPropertiesError,
    CollectionRenameError,
    CollectionResponsibleShardError,
    CollectionShardsError,
    DocumentCountError,
    InvalidArgumentError,
)
from arango_anyio.testing import Emulator
from tests.api.collections.conftest import stored
from tests.recording import RecordingHTTPClient

pytestmark = pytest.mark.anyio


@pytest.mark.emulator_only
async def test_collection_handle_does_no_io(db: StandardDatabase, http: RecordingHTTPClient
                                            ) -> None:
    before = len(http.sent)
    handle = db.collection("nope")
    assert isinstance(handle, StandardCollection)
    assert handle.name == "nope"
    assert repr(handle) == "<StandardCollection nope>"
    assert len(http.sent) == before


async def test_create_list_has_delete(db: StandardDatabase) -> None:
    col = await db.create_collection("people", sync=True)
    edges = await db.create_collection("knows", edge=True)
    assert col.name == "people"
    assert await db.has_collection("people")
    assert not await db.has_collection("ghosts")
    listed = {c["name"]: c for c in await db.collections()}
    assert listed["people"]["type"] == "document"
    assert listed["people"]["system"] is False
    assert listed["knows"]["type"] == "edge"
    assert set(listed["people"]) >= {"id", "name", "system", "type"}
    assert (await edges.properties())["edge"] is True
    assert (await col.properties())["sync"] is True

    with pytest.raises(CollectionCreateError) as info:
        await db.create_collection("people")
    assert info.value.error_code == 1207
    assert info.value.http_code == 409

    assert await db.delete_collection("people") is True
    assert not await db.has_collection("people")
    assert await db.delete_collection("people", ignore_missing=True) is False
    with pytest.raises(CollectionDeleteError) as missing:
        await db.delete_collection("people")
    assert missing.value.error_code == 1203


async def test_create_collection_options(db: StandardDatabase) -> None:
    schema = {"rule": {"type": "object", "required": ["name"]}, "level": "moderate",
              "message": "name required"}
    col = await db.create_collection(
        "items", key_generator="autoincrement", key_increment=5, key_offset=100,
        user_keys=False, schema=schema,
        computed_values=[{"name": "created", "expression": "RETURN 1",
                          "overwrite": True}],
    )
    props = await col.properties()
    assert props["key_options"]["key_generator"] == "autoincrement"
    assert props["key_options"]["user_keys"] is False
    assert props["key_options"]["key_increment"] == 5
    assert props["key_options"]["key_offset"] == 100
    assert props["schema"]["rule"] == schema["rule"]
    assert props["computedValues"][0]["name"] == "created"
    first = await col.insert({"name": "a"})
    second = await col.insert({"name": "b"})
    assert isinstance(first, dict) and isinstance(second, dict)
    assert int(second["_key"]) - int(first["_key"]) == 5


@pytest.mark.emulator_only
async def test_create_collection_validates_before_sending(
    db: StandardDatabase, http: RecordingHTTPClient
) -> None:
    before = len(http.sent)
    with pytest.raises(InvalidArgumentError):
        await db.create_collection("x", key_generator="sequential")
    with pytest.raises(InvalidArgumentError):
        await db.create_collection("x", schema={})
    with pytest.raises(InvalidArgumentError):
        await db.create_collection("")
    assert len(http.sent) == before


async def test_create_collection_illegal_name(db: StandardDatabase) -> None:
    with pytest.raises(CollectionCreateError) as info:
        await db.create_collection("bad name/x")
    assert info.value.error_code == 1208


async def test_system_collection_needs_system_flag(db: StandardDatabase) -> None:
    await db.create_collection("_mine", system=True)
    with pytest.raises(CollectionDeleteError) as info:
        await db.delete_collection("_mine")
    assert info.value.http_code == 403
    assert await db.delete_collection("_mine", system=True) is True


async def test_key_generators(db: StandardDatabase) -> None:
    generators = await db.key_generators()
    assert {"traditional", "autoincrement", "uuid", "padded"} <= set(generators)


async def test_properties_and_info(col: StandardCollection) -> None:
    props = await col.properties()
    assert props["name"] == "things"
    assert props["system"] is False
    assert props["edge"] is False
    assert props["type"] == 2
    assert props["key_options"]["key_generator"] == "traditional"
    assert isinstance(props["id"], str)
    info = await col.info()
    assert info["name"] == "things"
    assert info["id"] == props["id"]
    assert info["status"] == 3


async def test_missing_collection_errors(db: StandardDatabase) -> None:
    ghost = db.collection("ghost")
    with pytest.raises(CollectionPropertiesError) as info:
        await ghost.properties()
    assert info.value.error_code == 1203
    assert info.value.http_code == 404
    with pytest.raises(DocumentCountError):
        await ghost.count()


async def test_configure(col: StandardCollection) -> None:
    schema = {"rule": {"type": "object", "properties": {"n": {"type": "number"}}},
              "level": "strict", "message": "n must be a number"}
    props = await col.configure(sync=True, schema=schema, cache_enabled=True,
                                computed_values=[{"name": "c", "expression": "RETURN 2",
                                                  "overwrite": True}])
    assert props["sync"] is True
    assert props["schema"]["rule"] == schema["rule"]
    assert props["cache"] is True
    assert props["computedValues"][0]["name"] == "c"
    assert (await col.properties())["sync"] is True
    with pytest.raises(CollectionConfigureError):
        await col.configure(schema={"rule": "not a schema", "level": "bogus"})


async def test_count_statistics_revision(col: StandardCollection) -> None:
    assert await col.count() == 0
    rev0 = await col.revision()
    await col.insert_many([{"n": i} for i in range(3)])
    assert await col.count() == 3
    stats = await col.statistics()
    assert stats["documents_size"] > 0
    assert "indexes" in stats
    assert "documentsSize" not in stats
    rev1 = await col.revision()
    assert isinstance(rev1, str) and rev1 != rev0


async def test_checksum(col: StandardCollection) -> None:
    empty = await col.checksum()
    await col.insert({"_key": "a", "v": 1})
    one = await col.checksum()
    assert one != empty
    assert await col.checksum() == one
    with_data = await col.checksum(with_data=True)
    await col.update({"_key": "a", "v": 2})
    assert await col.checksum() == one  # keys only: unchanged
    assert await col.checksum(with_data=True) != with_data
    assert await col.checksum(with_rev=True) != one


async def test_rename(db: StandardDatabase, col: StandardCollection) -> None:
    await col.insert({"_key": "k"})
    assert await col.rename("renamed") is True
    assert col.name == "renamed"
    assert await db.has_collection("renamed")
    assert not await db.has_collection("things")
    doc = await col.get("k")
    assert doc is not None and doc["_id"] == "renamed/k"
    await db.create_collection("taken")
    with pytest.raises(CollectionRenameError) as info:
        await col.rename("taken")
    assert info.value.error_code == 1207
    assert col.name == "renamed"


@pytest.mark.emulator_only
async def test_truncate_compact_recalculate_load_indexes(
    emulator: Emulator, db: StandardDatabase, col: StandardCollection
) -> None:
    await col.insert_many([{"n": i} for i in range(5)])
    assert await col.truncate() is True
    assert await col.count() == 0
    assert stored(emulator, db, "things") == {}
    compacted = await col.compact()
    assert compacted["name"] == "things"
    assert await col.recalculate_count() is True
    assert await col.load_indexes() is True


async def test_deprecated_load_unload_warn(col: StandardCollection) -> None:
    with pytest.warns(DeprecationWarning):
        assert await col.load() is True
    with pytest.warns(DeprecationWarning):
        assert await col.unload() is True


async def test_shards_are_cluster_only(col: StandardCollection) -> None:
    with pytest.raises(CollectionShardsError) as info:
        await col.shards(details=True)
    assert info.value.http_code == 501
    with pytest.raises(CollectionResponsibleShardError) as shard:
        await col.responsible_shard({"_key": "a"})
    assert shard.value.http_code == 501
    with pytest.raises(InvalidArgumentError):
        await col.responsible_shard("a")  # type: ignore[arg-type]
