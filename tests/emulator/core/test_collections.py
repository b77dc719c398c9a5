"""Collections: create options, properties, count, figures, truncate, rename, checksum,
key generators, schema validation, system collections, drop."""

from __future__ import annotations

import pytest

from tests.emulator.core.conftest import Api, error_of

pytestmark = pytest.mark.anyio


async def test_create_answers_properties(api: Api) -> None:
    body = await api.ok("POST", "/_api/collection", {"name": "products"})
    assert body["name"] == "products" and body["type"] == 2 and body["status"] == 3
    assert body["keyOptions"] == {"allowUserKeys": True, "type": "traditional", "lastValue": 0}
    for key in ("writeConcern", "waitForSync", "schema", "computedValues", "globallyUniqueId",
                "objectId", "isSystem", "cacheEnabled", "statusString"):
        assert key in body
    edge = await api.ok("POST", "/_api/collection", {"name": "links", "type": 3})
    assert edge["type"] == 3


async def test_create_errors(api: Api) -> None:
    await api.ok("POST", "/_api/collection", {"name": "c"})
    assert error_of(await api.call("POST", "/_api/collection", {"name": "c"})) == (409, 1207)
    assert error_of(await api.call("POST", "/_api/collection", {"name": "1x"})) == (400, 1208)
    assert error_of(await api.call("POST", "/_api/collection", {"name": "_x"})) == (400, 1208)
    bad_gen = {"name": "d", "keyOptions": {"type": "random"}}
    assert error_of(await api.call("POST", "/_api/collection", bad_gen)) == (400, 1232)


async def test_list_and_exclude_system(api: Api) -> None:
    await api.ok("POST", "/_api/collection", {"name": "mine"})
    everything = (await api.ok("GET", "/_api/collection"))["result"]
    names = {c["name"] for c in everything}
    assert {"mine", "_graphs", "_users"} <= names
    user_only = (await api.ok("GET", "/_api/collection?excludeSystem=true"))["result"]
    assert [c["name"] for c in user_only] == ["mine"]


async def test_get_by_name_or_id_and_unknown(api: Api) -> None:
    created = await api.ok("POST", "/_api/collection", {"name": "c"})
    by_id = await api.ok("GET", f"/_api/collection/{created['id']}/properties")
    assert by_id["name"] == "c"
    response = await api.call("GET", "/_api/collection/nope")
    assert error_of(response) == (404, 1203)


async def test_properties_put_count_figures(api: Api) -> None:
    await api.ok("POST", "/_api/collection", {"name": "c"})
    props = await api.ok("PUT", "/_api/collection/c/properties", {"waitForSync": True})
    assert props["waitForSync"] is True
    for _ in range(3):
        await api.ok("POST", "/_api/document/c", {})
    assert (await api.ok("GET", "/_api/collection/c/count"))["count"] == 3
    figures = await api.ok("GET", "/_api/collection/c/figures")
    assert figures["count"] == 3 and figures["figures"]["indexes"]["count"] == 1
    assert "documentsSize" in figures["figures"]


async def test_truncate_rename_revision_checksum(api: Api) -> None:
    await api.ok("POST", "/_api/collection", {"name": "c"})
    await api.ok("POST", "/_api/document/c", {"_key": "a", "v": 1})
    first = await api.ok("GET", "/_api/collection/c/checksum?withData=true")
    await api.ok("PATCH", "/_api/document/c/a", {"v": 2})
    second = await api.ok("GET", "/_api/collection/c/checksum?withData=true")
    assert first["checksum"] != second["checksum"]
    no_data = await api.ok("GET", "/_api/collection/c/checksum")
    assert no_data["checksum"] != second["checksum"]
    revision = await api.ok("GET", "/_api/collection/c/revision")
    assert revision["revision"] == second["revision"]
    renamed = await api.ok("PUT", "/_api/collection/c/rename", {"name": "d"})
    assert renamed["name"] == "d"
    doc = await api.ok("GET", "/_api/document/d/a")
    assert doc["_id"] == "d/a"
    assert (await api.call("GET", "/_api/collection/c")).status_code == 404
    await api.ok("PUT", "/_api/collection/d/truncate")
    assert (await api.ok("GET", "/_api/collection/d/count"))["count"] == 0


async def test_rename_conflict(api: Api) -> None:
    await api.ok("POST", "/_api/collection", {"name": "a"})
    await api.ok("POST", "/_api/collection", {"name": "b"})
    response = await api.call("PUT", "/_api/collection/a/rename", {"name": "b"})
    assert error_of(response) == (409, 1207)


async def test_drop_and_system_collections(api: Api) -> None:
    created = await api.ok("POST", "/_api/collection", {"name": "gone"})
    assert (await api.ok("DELETE", "/_api/collection/gone"))["id"] == created["id"]
    assert (await api.call("GET", "/_api/collection/gone")).status_code == 404
    assert error_of(await api.call("DELETE", "/_api/collection/_graphs")) == (403, 11)
    await api.ok("POST", "/_api/collection", {"name": "_example", "isSystem": True})
    await api.ok("DELETE", "/_api/collection/_example?isSystem=true")


async def test_shards_are_cluster_only(api: Api) -> None:
    await api.ok("POST", "/_api/collection", {"name": "c"})
    assert error_of(await api.call("GET", "/_api/collection/c/shards")) == (501, 9)


async def test_autoincrement_keys(api: Api) -> None:
    options = {"type": "autoincrement", "increment": 5, "offset": 10}
    body = await api.ok("POST", "/_api/collection", {"name": "c", "keyOptions": options})
    assert body["keyOptions"]["increment"] == 5
    keys = [(await api.ok("POST", "/_api/document/c", {}))["_key"] for _ in range(3)]
    assert keys == ["10", "15", "20"]


async def test_padded_uuid_and_user_keys(api: Api) -> None:
    await api.ok("POST", "/_api/collection", {"name": "p", "keyOptions": {"type": "padded"}})
    first = (await api.ok("POST", "/_api/document/p", {}))["_key"]
    second = (await api.ok("POST", "/_api/document/p", {}))["_key"]
    assert len(first) == 16 and first < second
    await api.ok("POST", "/_api/collection", {"name": "u", "keyOptions": {"type": "uuid"}})
    assert len((await api.ok("POST", "/_api/document/u", {}))["_key"]) == 36
    await api.ok("POST", "/_api/collection",
                 {"name": "n", "keyOptions": {"allowUserKeys": False}})
    response = await api.call("POST", "/_api/document/n", {"_key": "mine"})
    assert error_of(response) == (400, 1222)


async def test_traditional_keys_increase(api: Api) -> None:
    await api.ok("POST", "/_api/collection", {"name": "t"})
    keys = [int((await api.ok("POST", "/_api/document/t", {}))["_key"]) for _ in range(3)]
    assert keys == sorted(keys) and len(set(keys)) == 3


SCHEMA = {
    "rule": {
        "type": "object",
        "properties": {"name": {"type": "string", "minLength": 2},
                       "age": {"type": "integer", "minimum": 0, "maximum": 150},
                       "tags": {"type": "array", "items": {"enum": ["a", "b"]}}},
        "required": ["name"],
        "additionalProperties": False,
    },
    "level": "strict",
    "message": "person is invalid",
}


async def test_schema_validation(api: Api) -> None:
    await api.ok("POST", "/_api/collection", {"name": "people", "schema": SCHEMA})
    await api.ok("POST", "/_api/document/people", {"_key": "ok", "name": "Al", "age": 3})
    for bad in ({"age": 3}, {"name": "A"}, {"name": "Al", "age": -1},
                {"name": "Al", "tags": ["c"]}, {"name": "Al", "extra": 1},
                {"name": "Al", "age": 1.5}):
        response = await api.call("POST", "/_api/document/people", bad)
        assert error_of(response) == (400, 1620), bad
        assert response.error_message == "person is invalid"
    response = await api.call("PATCH", "/_api/document/people/ok", {"age": 200})
    assert error_of(response) == (400, 1620)


async def test_schema_levels(api: Api) -> None:
    await api.ok("POST", "/_api/collection", {"name": "c"})
    await api.ok("POST", "/_api/document/c", {"_key": "old"})  # invalid under the rule
    await api.ok("PUT", "/_api/collection/c/properties", {"schema": {**SCHEMA,
                                                                     "level": "new"}})
    await api.ok("PATCH", "/_api/document/c/old", {"x": 1})  # updates are not checked
    assert (await api.call("POST", "/_api/document/c", {})).status_code == 400
    await api.ok("PUT", "/_api/collection/c/properties", {"schema": {**SCHEMA,
                                                                     "level": "moderate"}})
    await api.ok("PATCH", "/_api/document/c/old", {"y": 1})  # was invalid already
    await api.ok("POST", "/_api/document/c", {"_key": "good", "name": "Bo"})
    response = await api.call("PATCH", "/_api/document/c/good", {"name": 5})
    assert error_of(response) == (400, 1620)
    await api.ok("PUT", "/_api/collection/c/properties", {"schema": {**SCHEMA,
                                                                     "level": "none"}})
    await api.ok("POST", "/_api/document/c", {})
    cleared = await api.ok("PUT", "/_api/collection/c/properties", {"schema": None})
    assert cleared["schema"] is None


async def test_computed_values(api: Api) -> None:
    computed = [{"name": "full", "expression": "RETURN CONCAT(@doc.first, ' ', @doc.last)",
                 "overwrite": True},
                {"name": "created", "expression": "RETURN 'yes'", "computeOn": ["insert"]}]
    body = await api.ok("POST", "/_api/collection", {"name": "p", "computedValues": computed})
    assert body["computedValues"][0]["name"] == "full"
    new = (await api.ok("POST", "/_api/document/p?returnNew=true",
                        {"_key": "a", "first": "Ada", "last": "L", "full": "x"}))["new"]
    assert new["full"] == "Ada L" and new["created"] == "yes"
    await api.ok("PATCH", "/_api/document/p/a", {"last": "Lovelace"})
    doc = await api.ok("GET", "/_api/document/p/a")
    assert doc["full"] == "Ada Lovelace" and doc["created"] == "yes"
    bad = await api.call("PUT", "/_api/collection/p/properties",
                         {"computedValues": [{"name": "_key", "expression": "RETURN 1"}]})
    assert error_of(bad) == (400, 10)
