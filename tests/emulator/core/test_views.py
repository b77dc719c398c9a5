"""Views and analyzers: definitions, validation and changes."""

from __future__ import annotations

import pytest

from tests.emulator.core.conftest import Api, error_of

pytestmark = pytest.mark.anyio


async def test_arangosearch_view_lifecycle(api: Api) -> None:
    await api.ok("POST", "/_api/collection", {"name": "books"})
    await api.ok("POST", "/_api/collection", {"name": "users"})
    created = await api.call("POST", "/_api/view", {
        "name": "v", "type": "arangosearch", "commitIntervalMsec": 666,
        "links": {"books": {"fields": {"title": {"analyzers": ["text_en"]}}}}})
    assert created.status_code == 201
    assert created.body["links"]["books"]["analyzers"] == ["identity"]
    assert created.body["commitIntervalMsec"] == 666
    props = await api.ok("GET", "/_api/view/v/properties")
    assert props["consolidationPolicy"]["type"] == "tier"
    patched = await api.ok("PATCH", "/_api/view/v/properties",
                           {"cleanupIntervalStep": 12, "links": {"books": None,
                                                                 "users": {"includeAllFields":
                                                                           True}}})
    assert list(patched["links"]) == ["users"] and patched["cleanupIntervalStep"] == 12
    assert patched["commitIntervalMsec"] == 666
    replaced = await api.ok("PUT", "/_api/view/v/properties", {})
    assert replaced["links"] == {} and replaced["commitIntervalMsec"] == 1000
    brief = await api.ok("GET", f"/_api/view/{created.body['id']}")
    assert brief["name"] == "v" and brief["type"] == "arangosearch"
    renamed = await api.ok("PUT", "/_api/view/v/rename", {"name": "w"})
    # the answer is the renamed view's properties, without error and code (as 3.12)
    assert renamed["name"] == "w" and renamed["links"] == {} and "code" not in renamed
    assert renamed["commitIntervalMsec"] == 1000 and "consolidationPolicy" in renamed
    assert await api.ok("PUT", "/_api/view/w/rename", {"name": "w"}) == renamed
    assert error_of(await api.call("PUT", "/_api/view/w/rename", {"name": 1})) == (400, 10)
    assert [v["name"] for v in (await api.ok("GET", "/_api/view"))["result"]] == ["w"]
    assert (await api.ok("DELETE", "/_api/view/w"))["result"] is True
    assert error_of(await api.call("GET", "/_api/view/w")) == (404, 1203)


async def test_view_errors(api: Api) -> None:
    await api.ok("POST", "/_api/collection", {"name": "taken"})
    assert error_of(await api.call("POST", "/_api/view",
                                   {"name": "taken", "type": "arangosearch"})) == (409, 1207)
    assert error_of(await api.call("POST", "/_api/view",
                                   {"name": "x", "type": "other"})) == (400, 10)
    response = await api.call("POST", "/_api/view", {"name": "x", "type": "arangosearch",
                                                     "links": {"nope": {}}})
    assert error_of(response) == (404, 1203)


async def test_search_alias_view(api: Api) -> None:
    await api.ok("POST", "/_api/collection", {"name": "books"})
    for name in ("inv_title", "inv_descr"):
        await api.ok("POST", "/_api/index?collection=books",
                     {"type": "inverted", "name": name, "fields": [name]})
    created = await api.ok("POST", "/_api/view", {
        "name": "alias", "type": "search-alias",
        "indexes": [{"collection": "books", "index": "inv_title"}]})
    assert created["indexes"] == [{"collection": "books", "index": "inv_title"}]
    patched = await api.ok("PATCH", "/_api/view/alias/properties", {"indexes": [
        {"collection": "books", "index": "inv_descr"},
        {"collection": "books", "index": "inv_title", "operation": "del"}]})
    assert patched["indexes"] == [{"collection": "books", "index": "inv_descr"}]
    missing = await api.call("PUT", "/_api/view/alias/properties",
                             {"indexes": [{"collection": "books", "index": "nope"}]})
    assert error_of(missing) == (404, 1212)
    await api.ok("DELETE", "/_api/collection/books")
    assert (await api.ok("GET", "/_api/view/alias/properties"))["indexes"] == []


async def test_analyzers(api: Api) -> None:
    created = await api.call("POST", "/_api/analyzer", {"name": "testAnalyzer",
                                                        "type": "identity"})
    assert created.status_code == 201
    assert created.body == {"name": "_system::testAnalyzer", "type": "identity",
                            "properties": {}, "features": []}
    again = await api.call("POST", "/_api/analyzer", {"name": "testAnalyzer",
                                                      "type": "identity"})
    assert again.status_code == 200
    clash = await api.call("POST", "/_api/analyzer", {"name": "testAnalyzer", "type": "norm",
                                                      "properties": {"locale": "en"}})
    assert error_of(clash) == (400, 10)
    got = await api.ok("GET", "/_api/analyzer/testAnalyzer")
    assert got["name"] == "_system::testAnalyzer"
    names = [a["name"] for a in (await api.ok("GET", "/_api/analyzer"))["result"]]
    assert "identity" in names and "text_en" in names and "_system::testAnalyzer" in names
    assert (await api.ok("GET", "/_api/analyzer/text_en"))["properties"]["locale"] == "en"
    assert error_of(await api.call("DELETE", "/_api/analyzer/identity")) == (403, 11)
    assert (await api.ok("DELETE", "/_api/analyzer/testAnalyzer"))["name"] == \
        "_system::testAnalyzer"
    assert error_of(await api.call("GET", "/_api/analyzer/testAnalyzer")) == (404, 1202)
    bad = await api.call("POST", "/_api/analyzer", {"name": "x", "type": "nonsense"})
    assert error_of(bad) == (400, 10)
