"""Indexes: list, create (201/200), get, drop, unique constraints, TTL expiry, metadata types."""

from __future__ import annotations

import time

import pytest

from tests.emulator.core.conftest import Api, error_of

pytestmark = pytest.mark.anyio


@pytest.fixture
async def c(api: Api) -> Api:
    await api.ok("POST", "/_api/collection", {"name": "c"})
    return api


async def test_primary_and_edge_indexes(api: Api) -> None:
    await api.ok("POST", "/_api/collection", {"name": "c"})
    await api.ok("POST", "/_api/collection", {"name": "e", "type": 3})
    listed = await api.ok("GET", "/_api/index?collection=c")
    assert [ix["type"] for ix in listed["indexes"]] == ["primary"]
    assert listed["indexes"][0]["id"] == "c/0" and "c/0" in listed["identifiers"]
    edge = await api.ok("GET", "/_api/index?collection=e")
    assert [ix["type"] for ix in edge["indexes"]] == ["primary", "edge", "edge"]
    assert error_of(await api.call("GET", "/_api/index?collection=nope")) == (404, 1203)
    assert error_of(await api.call("DELETE", "/_api/index/c/0")) == (403, 11)


async def test_create_existing_get_drop(c: Api) -> None:
    spec = {"type": "persistent", "fields": ["a", "b"]}
    created = await c.call("POST", "/_api/index?collection=c", spec)
    assert created.status_code == 201 and created.body["isNewlyCreated"] is True
    assert created.body["name"].startswith("idx_") and created.body["unique"] is False
    again = await c.call("POST", "/_api/index?collection=c", spec)
    assert again.status_code == 200 and again.body["isNewlyCreated"] is False
    assert again.body["id"] == created.body["id"]
    index_id = created.body["id"]
    assert (await c.ok("GET", f"/_api/index/{index_id}"))["fields"] == ["a", "b"]
    dropped = await c.ok("DELETE", f"/_api/index/{index_id}")
    assert dropped == {"id": index_id, "error": False, "code": 200}
    assert error_of(await c.call("GET", f"/_api/index/{index_id}")) == (404, 1212)


async def test_hash_alias_and_named_index(c: Api) -> None:
    body = await c.ok("POST", "/_api/index?collection=c",
                      {"type": "hash", "fields": ["x"], "name": "by_x"})
    assert body["type"] == "persistent" and body["name"] == "by_x"
    assert (await c.ok("GET", "/_api/index/c/by_x"))["fields"] == ["x"]


async def test_bad_definitions(c: Api) -> None:
    for bad in ({"type": "nonsense", "fields": ["a"]}, {"type": "persistent"},
                {"type": "persistent", "fields": []}, {"type": "ttl", "fields": ["a"]},
                {"type": "mdi", "fields": ["a"]}):
        response = await c.call("POST", "/_api/index?collection=c", bad)
        assert response.status_code == 400, bad


async def test_unique_constraint(c: Api) -> None:
    await c.ok("POST", "/_api/index?collection=c",
               {"type": "persistent", "fields": ["email"], "unique": True, "name": "uq"})
    await c.ok("POST", "/_api/document/c", {"_key": "a", "email": "x@y"})
    response = await c.call("POST", "/_api/document/c", {"_key": "b", "email": "x@y"})
    assert error_of(response) == (409, 1210)
    assert response.error_message == ("unique constraint violated - in index uq of type "
                                      "persistent over 'email'; conflicting key: a")
    await c.ok("POST", "/_api/document/c", {"_key": "b", "email": "z@y"})
    response = await c.call("PATCH", "/_api/document/c/b", {"email": "x@y"})
    assert error_of(response) == (409, 1210)
    response = await c.call("PUT", "/_api/document/c/b", {"email": "x@y"})
    assert error_of(response) == (409, 1210)
    await c.ok("PATCH", "/_api/document/c/a", {"email": "new"})
    await c.ok("PATCH", "/_api/document/c/b", {"email": "x@y"})  # freed by the update
    await c.ok("DELETE", "/_api/document/c/b")
    await c.ok("POST", "/_api/document/c", {"email": "x@y"})


async def test_unique_sparse_and_build_failure(c: Api) -> None:
    await c.ok("POST", "/_api/index?collection=c",
               {"type": "persistent", "fields": ["k"], "unique": True, "sparse": True})
    await c.ok("POST", "/_api/document/c", {})
    await c.ok("POST", "/_api/document/c", {"k": None})  # sparse: nulls are not indexed
    await c.ok("POST", "/_api/document/c", {"v": 1})
    await c.ok("POST", "/_api/document/c", {"v": 1})
    response = await c.call("POST", "/_api/index?collection=c",
                            {"type": "persistent", "fields": ["v"], "unique": True})
    assert error_of(response) == (409, 1210)


async def test_unique_nonsparse_treats_missing_as_null(c: Api) -> None:
    await c.ok("POST", "/_api/index?collection=c",
               {"type": "persistent", "fields": ["k"], "unique": True})
    await c.ok("POST", "/_api/document/c", {})
    assert error_of(await c.call("POST", "/_api/document/c", {})) == (409, 1210)


async def test_ttl_index_expires_documents(c: Api) -> None:
    created = await c.call("POST", "/_api/index?collection=c",
                           {"type": "ttl", "fields": ["at"], "expireAfter": 0})
    assert created.status_code == 201
    assert created.body["sparse"] is True and created.body["expireAfter"] == 0
    now = time.time()
    await c.ok("POST", "/_api/document/c", {"_key": "old", "at": now - 10})
    await c.ok("POST", "/_api/document/c", {"_key": "iso", "at": "2000-01-01T00:00:00Z"})
    await c.ok("POST", "/_api/document/c", {"_key": "new", "at": now + 3600})
    await c.ok("POST", "/_api/document/c", {"_key": "none"})
    assert (await c.call("GET", "/_api/document/c/old")).status_code == 404
    assert (await c.ok("GET", "/_api/collection/c/count"))["count"] == 2


async def test_metadata_index_types(c: Api) -> None:
    specs = [
        {"type": "geo", "fields": ["loc"], "geoJson": True},
        {"type": "fulltext", "fields": ["text"], "minLength": 3},
        {"type": "mdi", "fields": ["x", "y"], "fieldValueTypes": "double"},
        {"type": "inverted", "fields": ["name"]},
        {"type": "zkd", "fields": ["x"], "fieldValueTypes": "double"},
        {"type": "vector", "fields": ["v"], "params": {"dimension": 3, "metric": "cosine",
                                                       "nLists": 1}},
    ]
    for spec in specs:
        response = await c.call("POST", "/_api/index?collection=c", spec)
        assert response.status_code == 201, (spec, response.body)
    types = [ix["type"] for ix in (await c.ok("GET", "/_api/index?collection=c"))["indexes"]]
    # zkd is the deprecated name of mdi, still reported as zkd (as 3.12 does)
    assert types == ["primary", "geo", "fulltext", "mdi", "inverted", "zkd", "vector"]


async def test_index_answers_carry_3_12_attributes(c: Api) -> None:
    geo = await c.ok("POST", "/_api/index?collection=c", {"type": "geo", "fields": ["loc"]})
    assert (geo["bestIndexedLevel"], geo["worstIndexedLevel"], geo["maxNumCoverCells"]) \
        == (23, 4, 8)
    assert geo["geoJson"] is False and geo["legacyPolygons"] is False
    assert "selectivityEstimate" not in geo
    zkd = await c.ok("POST", "/_api/index?collection=c",
                     {"type": "zkd", "fields": ["x", "y"], "fieldValueTypes": "double"})
    assert zkd["type"] == "zkd" and zkd["estimates"] is False
    refused = await c.call("POST", "/_api/index?collection=c",
                           {"type": "zkd", "fields": ["x"], "fieldValueTypes": "integer"})
    assert error_of(refused) == (400, 10)
    ttl = await c.ok("POST", "/_api/index?collection=c",
                     {"type": "ttl", "fields": ["at"], "expireAfter": 1})
    assert "selectivityEstimate" not in ttl


async def test_selectivity_estimates_follow_the_data(c: Api) -> None:
    await c.ok("POST", "/_api/document/c", [{"g": 1}, {"g": 1}, {"g": 2}, {"g": 2}])
    plain = await c.ok("POST", "/_api/index?collection=c",
                       {"type": "persistent", "fields": ["g"]})
    assert plain["selectivityEstimate"] == 0.5
    unique = await c.ok("POST", "/_api/index?collection=c",
                        {"type": "persistent", "fields": ["_key", "g"], "unique": True})
    assert unique["selectivityEstimate"] == 1
    no_estimates = await c.ok("POST", "/_api/index?collection=c",
                              {"type": "persistent", "fields": ["h"], "estimates": False})
    assert "selectivityEstimate" not in no_estimates
    listed = (await c.ok("GET", "/_api/index?collection=c"))["indexes"]
    assert listed[0]["type"] == "primary" and listed[0]["selectivityEstimate"] == 1
    empty = await c.ok("POST", "/_api/collection", {"name": "e"})
    assert empty["name"] == "e"
    fresh = await c.ok("POST", "/_api/index?collection=e",
                       {"type": "persistent", "fields": ["g"]})
    assert fresh["selectivityEstimate"] == 1
