"""``/_api/query``, ``/_api/explain``, ``/_api/aqlfunction`` and the query caches."""

from __future__ import annotations

import pytest

from arango_anyio.testing import Emulator

from ._util import api

pytestmark = pytest.mark.anyio


async def test_parse_a_query() -> None:
    async with api(Emulator()) as (a,):
        status, body = await a.call("POST", "/_api/query", {
            "query": "FOR i IN 1..100 FILTER i > 10 LIMIT 2 RETURN i * 3"})
    assert status == 200
    assert body["parsed"] is True and body["collections"] == [] and body["bindVars"] == []
    assert body["warnings"] == []
    root = body["ast"][0]
    assert root["type"] == "root"
    assert [n["type"] for n in root["subNodes"]] == ["for", "filter", "limit", "return"]
    assert root["subNodes"][3]["subNodes"][0]["type"] == "times"


async def test_parse_reports_bind_parameters_and_collections() -> None:
    async with api(Emulator()) as (a,):
        status, body = await a.call("POST", "/_api/query", {
            "query": "FOR u IN users FILTER u.x == @x RETURN u"})
    assert status == 200
    assert body["collections"] == ["users"] and body["bindVars"] == ["x"]


async def test_parse_error() -> None:
    async with api(Emulator()) as (a,):
        status, body = await a.call("POST", "/_api/query", {"query": "FOR i IN"})
    assert status == 400 and body["errorNum"] == 1501
    assert body["errorMessage"].startswith("AQL: syntax error, unexpected end of query")


async def test_explain_a_query() -> None:
    async with api(Emulator()) as (a,):
        await a.call("POST", "/_api/collection", {"name": "products"})
        status, body = await a.call("POST", "/_api/explain",
                                    {"query": "FOR p IN products RETURN p"})
        assert status == 200
        plan = body["plan"]
        assert [n["type"] for n in plan["nodes"]] == [
            "SingletonNode", "EnumerateCollectionNode", "ReturnNode"]
        assert plan["collections"] == [{"name": "products", "type": "read"}]
        assert plan["isModificationQuery"] is False
        assert {"cacheable", "warnings", "stats"} <= set(body)
        status, body = await a.call("POST", "/_api/explain", {
            "query": "FOR p IN products FILTER p.id == 25 RETURN p",
            "options": {"allPlans": True}})
        assert status == 200 and len(body["plans"]) == 1
        status, body = await a.call("POST", "/_api/explain", {"query": "FOR x IN nope RETURN x"})
    assert status == 404 and body["errorNum"] == 1203


async def test_query_properties_roundtrip() -> None:
    async with api(Emulator()) as (a,):
        status, body = await a.call("GET", "/_api/query/properties")
        assert status == 200 and body["enabled"] is True and body["slowQueryThreshold"] == 10
        status, body = await a.call("PUT", "/_api/query/properties",
                                    {"slowQueryThreshold": 0.01, "maxSlowQueries": 5})
        assert status == 200 and body["slowQueryThreshold"] == 0.01
        status, body = await a.call("PUT", "/_api/query/properties", {"enabled": "yes"})
        assert status == 400


async def test_slow_queries_are_listed_and_cleared() -> None:
    async with api(Emulator()) as (a,):
        await a.call("PUT", "/_api/query/properties", {"slowQueryThreshold": 0.01})
        status, _ = await a.query("RETURN SLEEP(0.02)")
        assert status == 201
        status, slow = await a.call("GET", "/_api/query/slow")
        assert status == 200 and [q["query"] for q in slow] == ["RETURN SLEEP(0.02)"]
        assert slow[0]["state"] == "finished"
        status, body = await a.call("DELETE", "/_api/query/slow")
        assert status == 200 and body == {"error": False, "code": 200}
        _, slow = await a.call("GET", "/_api/query/slow")
    assert slow == []


async def test_current_is_empty_when_idle_and_rules_are_listed() -> None:
    async with api(Emulator()) as (a,):
        assert await a.call("GET", "/_api/query/current") == (200, [])
        status, rules = await a.call("GET", "/_api/query/rules")
    assert status == 200 and {"name", "flags"} <= set(rules[0])


async def test_user_functions_lifecycle() -> None:
    async with api(Emulator()) as (a,):
        fn = {"name": "square::x::y", "code": "function (x) { return x*x; }"}
        status, body = await a.call("POST", "/_api/aqlfunction", fn)
        assert status == 201 and body["isNewlyCreated"] is True
        status, body = await a.call("POST", "/_api/aqlfunction", fn)
        assert status == 200 and body["isNewlyCreated"] is False
        status, body = await a.call("GET", "/_api/aqlfunction?namespace=square")
        assert status == 200 and [f["name"] for f in body["result"]] == ["square::x::y"]
        assert (await a.call("GET", "/_api/aqlfunction/test"))[1]["result"] == []
        status, body = await a.query("RETURN SQUARE::X::Y(3)")
        assert status == 400 and body["errorNum"] == 1583
        assert "JavaScript" in body["errorMessage"]
        status, body = await a.query("RETURN OTHER::FN(3)")
        assert status == 404 and body["errorNum"] == 1582
        status, body = await a.call("DELETE", "/_api/aqlfunction/square::x::y")
        assert status == 200 and body == {"error": False, "code": 200, "deletedCount": 1}
        status, body = await a.call("DELETE", "/_api/aqlfunction/myfunction::x::y")
        assert status == 404 and body["errorNum"] == 1582
        assert body["errorMessage"] == "no AQL user function with name 'myfunction::x::y' found"
        status, body = await a.call("POST", "/_api/aqlfunction", {"name": "nonamespace",
                                                                  "code": "function () {}"})
        assert status == 400 and body["errorNum"] == 1580


async def test_query_caches() -> None:
    async with api(Emulator()) as (a,):
        status, props = await a.call("GET", "/_api/query-cache/properties")
        assert status == 200 and set(props) == {
            "mode", "maxResults", "maxResultsSize", "maxEntrySize", "includeSystem"}
        status, props = await a.call("PUT", "/_api/query-cache/properties", {"mode": "demand"})
        assert status == 200 and props["mode"] == "demand"
        assert await a.call("GET", "/_api/query-cache/entries") == (200, [])
        assert (await a.call("DELETE", "/_api/query-cache"))[0] == 200
        assert await a.call("GET", "/_api/query-plan-cache") == (200, [])
        status, body = await a.call("DELETE", "/_api/query-plan-cache")
    assert status == 200 and body == {"error": False, "code": 200}


async def test_explain_reports_constant_folding_warnings() -> None:
    async with api(Emulator()) as (a,):
        status, body = await a.call("POST", "/_api/explain",
                                    {"query": "FOR i IN 1..10 RETURN 1 / 0"})
    assert status == 200
    assert body["warnings"] == [{"code": 1562, "message": "division by zero"}]
    assert body["cacheable"] is False


async def test_profile_adds_profile_and_plan() -> None:
    async with api(Emulator()) as (a,):
        status, body = await a.query("FOR i IN 1..3 RETURN i", options={"profile": 2})
    assert status == 201
    assert "executing" in body["extra"]["profile"]
    assert body["extra"]["plan"]["nodes"][0]["type"] == "SingletonNode"


async def test_databases_keep_their_own_user_functions() -> None:
    async with api(Emulator()) as (a,):
        status, _ = await a.call("POST", "/_api/database", {"name": "other"})
        assert status == 201
        await a.call("POST", "/_db/other/_api/aqlfunction",
                     {"name": "ns::f", "code": "function () { return 1; }"})
        _, here = await a.call("GET", "/_db/other/_api/aqlfunction")
        _, there = await a.call("GET", "/_api/aqlfunction")
    assert [f["name"] for f in here["result"]] == ["ns::f"] and there["result"] == []


async def test_results_cache_serves_and_invalidates() -> None:
    async with api(Emulator()) as (a,):
        await a.call("POST", "/_api/collection", {"name": "c"})
        await a.call("POST", "/_api/document/c", {"_key": "1", "v": 1})
        query = "FOR d IN c RETURN d.v"
        _, first = await a.query(query, cache=True)
        assert first["cached"] is False  # the cache is off
        await a.call("PUT", "/_api/query-cache/properties", {"mode": "demand"})
        _, first = await a.query(query, cache=True)
        _, second = await a.query(query, cache=True)
        assert first["cached"] is False and second["cached"] is True
        assert second["result"] == [1] and "stats" not in second["extra"]
        _, entries = await a.call("GET", "/_api/query-cache/entries")
        assert [(e["query"], e["hits"], e["dataSources"]) for e in entries] == \
            [(query, 1, ["c"])]
        _, uncached = await a.query(query)  # demand mode: only with cache: true
        assert uncached["cached"] is False
        await a.call("PATCH", "/_api/document/c/1", {"v": 2})
        _, third = await a.query(query, cache=True)
        assert third["cached"] is False and third["result"] == [2]
        await a.query("RETURN RAND() >= 0", cache=True)
        _, again = await a.query("RETURN RAND() >= 0", cache=True)
        assert again["cached"] is False
        assert (await a.call("DELETE", "/_api/query-cache"))[0] == 200
        assert await a.call("GET", "/_api/query-cache/entries") == (200, [])
