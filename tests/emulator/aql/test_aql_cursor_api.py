"""``/_api/cursor`` through ``emu.http_client()``: batches, retry, expiry, pinning, errors."""

from __future__ import annotations

import anyio
import pytest

from arango_anyio.testing import Emulator
from arango_anyio.testing._aql.service import emu_expire_cursors, open_cursors

from ._util import Api, api

pytestmark = pytest.mark.anyio


async def _products(a: Api, n: int = 5) -> None:
    status, _ = await a.call("POST", "/_api/collection", {"name": "products"})
    assert status == 200
    status, body = await a.query("FOR i IN 1..@n INSERT {_key: TO_STRING(i), i} INTO products",
                                 bindVars={"n": n})
    assert status == 201, body


async def test_first_batch_count_and_extra() -> None:
    emu = Emulator()
    async with api(emu) as (a,):
        await _products(a)
        status, body = await a.query("FOR p IN products SORT p.i LIMIT 5 RETURN p.i",
                                     count=True, batchSize=2)
    assert status == 201
    assert body["result"] == [1, 2]
    assert body["hasMore"] is True
    assert body["count"] == 5
    assert body["nextBatchId"] == "2"
    assert body["cached"] is False
    assert body["error"] is False and body["code"] == 201
    assert set(body["extra"]) == {"warnings", "stats"}
    stats = body["extra"]["stats"]
    assert stats["scannedFull"] == 5
    for key in ("writesExecuted", "writesIgnored", "scannedIndex", "cursorsCreated",
                "cursorsRearmed", "cacheHits", "cacheMisses", "filtered", "httpRequests",
                "executionTime", "peakMemoryUsage", "documentLookups", "intermediateCommits"):
        assert key in stats
    assert body["id"] in open_cursors(emu)


async def test_single_batch_has_no_id_and_no_cursor() -> None:
    emu = Emulator()
    async with api(emu) as (a,):
        status, body = await a.query("FOR i IN 1..3 RETURN i")
    assert status == 201
    assert body["result"] == [1, 2, 3] and body["hasMore"] is False
    assert "id" not in body and "count" not in body and "nextBatchId" not in body
    assert open_cursors(emu) == []


async def test_paging_to_the_end_deletes_the_cursor() -> None:
    emu = Emulator()
    async with api(emu) as (a,):
        _, first = await a.query("FOR i IN 1..5 RETURN i", batchSize=2, count=True)
        cid = first["id"]
        status, second = await a.call("POST", f"/_api/cursor/{cid}")
        assert status == 200
        assert second["result"] == [3, 4] and second["hasMore"] is True
        assert second["id"] == cid and second["count"] == 5 and second["nextBatchId"] == "3"
        status, third = await a.call("PUT", f"/_api/cursor/{cid}")  # the legacy method
        assert status == 200 and third["result"] == [5] and third["hasMore"] is False
        assert "nextBatchId" not in third
        assert open_cursors(emu) == []
        status, gone = await a.call("POST", f"/_api/cursor/{cid}")
    assert status == 404 and gone["errorNum"] == 1600


async def test_allow_retry_rereads_the_last_batch() -> None:
    emu = Emulator()
    async with api(emu) as (a,):
        _, first = await a.query("FOR i IN 1..5 RETURN i", batchSize=2,
                                 options={"allowRetry": True})
        cid = first["id"]
        _, second = await a.call("POST", f"/_api/cursor/{cid}")
        status, again = await a.call("POST", f"/_api/cursor/{cid}/2")
        assert status == 200 and again["result"] == second["result"] == [3, 4]
        status, third = await a.call("POST", f"/_api/cursor/{cid}/3")
        assert status == 200 and third["result"] == [5] and third["hasMore"] is False
        status, third_again = await a.call("POST", f"/_api/cursor/{cid}/3")
        assert status == 200 and third_again["result"] == [5]
        status, bad = await a.call("POST", f"/_api/cursor/{cid}/1")
        assert status == 404 and bad["errorNum"] == 1600
        assert cid in open_cursors(emu)  # kept for a retry of the last batch
        status, deleted = await a.call("DELETE", f"/_api/cursor/{cid}")
    assert status == 202 and deleted == {"id": cid, "error": False, "code": 202}
    assert open_cursors(emu) == []


async def test_delete_unknown_cursor() -> None:
    async with api(Emulator()) as (a,):
        status, body = await a.call("DELETE", "/_api/cursor/123456")
    assert status == 404 and body["errorNum"] == 1600


async def test_cursor_lives_on_its_coordinator() -> None:
    emu = Emulator()
    async with api(emu, "http://c1:8529", "http://c2:8529") as (a, b):
        _, first = await a.query("FOR i IN 1..5 RETURN i", batchSize=2)
        cid = first["id"]
        status, body = await b.call("POST", f"/_api/cursor/{cid}")
        assert status == 404 and body["errorNum"] == 1600
        status, body = await b.call("DELETE", f"/_api/cursor/{cid}")
        assert status == 404
        status, body = await a.call("POST", f"/_api/cursor/{cid}")
    assert status == 200 and body["result"] == [3, 4]


async def test_ttl_expiry_and_expire_hook() -> None:
    emu = Emulator()
    async with api(emu) as (a,):
        _, first = await a.query("FOR i IN 1..5 RETURN i", batchSize=1, ttl=0.05)
        await anyio.sleep(0.1)
        status, body = await a.call("POST", f"/_api/cursor/{first['id']}")
        assert status == 404 and body["errorNum"] == 1600
        _, second = await a.query("FOR i IN 1..5 RETURN i", batchSize=1)
        assert emu_expire_cursors(emu) == 1
        status, body = await a.call("POST", f"/_api/cursor/{second['id']}")
    assert status == 404 and body["errorNum"] == 1600


async def test_full_count_option() -> None:
    async with api(Emulator()) as (a,):
        status, body = await a.query("FOR i IN 1..1000 FILTER i > 500 LIMIT 10 RETURN i",
                                     count=True, options={"fullCount": True})
    assert status == 201
    assert body["result"] == list(range(501, 511)) and body["count"] == 10
    assert body["extra"]["stats"]["fullCount"] == 500


async def test_writes_are_visible_to_the_document_api() -> None:
    async with api(Emulator()) as (a,):
        await _products(a, 3)
        status, body = await a.query(
            "FOR doc IN products FILTER doc._key == @k UPDATE doc WITH {arr: PUSH(doc.arr, 42)}"
            " IN products RETURN NEW", bindVars={"k": "2"})
        assert status == 201 and body["result"][0]["arr"] == [42]
        assert body["extra"]["stats"]["writesExecuted"] == 1
        status, doc = await a.call("GET", "/_api/document/products/2")
        assert status == 200 and doc["arr"] == [42]
        status, body = await a.query("REMOVE 'bar' IN products OPTIONS { ignoreErrors: true }")
        assert status == 201 and body["extra"]["stats"]["writesIgnored"] == 1


async def test_failed_query_leaves_nothing_behind() -> None:
    async with api(Emulator()) as (a,):
        await _products(a, 2)
        status, body = await a.query("FOR i IN [10, 11, 1] INSERT {_key: TO_STRING(i)} "
                                     "INTO products")
        assert status == 409 and body["errorNum"] == 1210
        _, count = await a.query("RETURN LENGTH(products)")
    assert count["result"] == [2]


async def test_query_in_a_stream_transaction() -> None:
    async with api(Emulator()) as (a,):
        await _products(a, 1)
        status, trx = await a.call("POST", "/_api/transaction/begin",
                                   {"collections": {"write": ["products"]}})
        assert status == 201, trx
        tid = trx["result"]["id"]
        status, body = await a.call(
            "POST", "/_api/cursor", {"query": "INSERT {_key: 'new'} INTO products"},
            headers={"x-arango-trx-id": tid})
        assert status == 201, body
        _, outside = await a.query("RETURN LENGTH(products)")
        assert outside["result"] == [1]
        _, inside = await a.call("POST", "/_api/cursor", {"query": "RETURN LENGTH(products)"},
                                 headers={"x-arango-trx-id": tid})
        assert inside["result"] == [2]
        status, _ = await a.call("PUT", f"/_api/transaction/{tid}")
        assert status == 200
        _, after = await a.query("RETURN LENGTH(products)")
    assert after["result"] == [2]


@pytest.mark.parametrize(
    ("body", "status", "error_num", "message"),
    [
        (None, 400, 1502, "query is empty"),
        ({"query": ""}, 400, 1502, "query is empty"),
        ({"query": "FOR u IN unknowncoll LIMIT 2 RETURN u"}, 404, 1203,
         "collection or view not found: unknowncoll"),
        ({"query": "FOR i IN 1..3 RETRN i"}, 400, 1501,
         "AQL: syntax error, unexpected identifier near 'RETRN i' at position 1:15 "
         "(while parsing)"),
        ({"query": "RETURN FOO()"}, 400, 1540,
         "AQL: usage of unknown function 'FOO()' (while parsing)"),
        ({"query": "RETURN @x"}, 400, 1551,
         "AQL: no value specified for declared bind parameter 'x' (while parsing)"),
        ({"query": "RETURN 1", "bindVars": {"x": 1}}, 400, 1552,
         "AQL: bind parameter 'x' was not declared in the query (while parsing)"),
        ({"query": "FOR u IN @@c RETURN u", "bindVars": {"@c": 5}}, 400, 1553,
         "AQL: bind parameter '@c' has an invalid value or type (while parsing)"),
        ({"query": "LET a = 1 LET a = 2 RETURN a"}, 400, 1511,
         "AQL: variable 'a' is assigned multiple times (while parsing)"),
        ({"query": "FOR i IN 1..3 COLLECT x = i RETURN i"}, 400, 1512,
         "AQL: unknown variable 'i' (while parsing)"),
        ({"query": "RETURN 1 / 0", "options": {"failOnWarning": True}}, 400, 1562, None),
        ({"query": "FOR i IN 1..100000 SORT i RETURN i", "memoryLimit": 100000}, 500, 32,
         None),
    ],
)
async def test_errors(body: dict[str, object] | None, status: int, error_num: int,
                      message: str | None) -> None:
    async with api(Emulator()) as (a,):
        got_status, got = await a.call("POST", "/_api/cursor", body)
    assert (got_status, got["errorNum"], got["error"], got["code"]) == \
        (status, error_num, True, status)
    if message is not None:
        assert got["errorMessage"] == message


async def test_warnings_are_reported() -> None:
    async with api(Emulator()) as (a,):
        status, body = await a.query("RETURN 1 / 0")
    assert status == 201 and body["result"] == [None]
    assert body["extra"]["warnings"] == [{"code": 1562, "message": "division by zero"}]


async def test_max_runtime_kills_a_sleeping_query() -> None:
    async with api(Emulator()) as (a,):
        with anyio.fail_after(5):
            status, body = await a.query("RETURN SLEEP(10)", options={"maxRuntime": 0.05})
    assert status == 410 and body["errorNum"] == 1500
    assert body["errorMessage"] == "query killed"


async def test_sleep_waits_and_writes_of_a_killed_query_are_undone() -> None:
    emu = Emulator()
    async with api(emu) as (a,):
        await _products(a, 1)
        started = anyio.current_time()
        status, _ = await a.query("RETURN SLEEP(0.05)")
        assert status == 201 and anyio.current_time() - started >= 0.04
        status, _ = await a.query("INSERT {_key: 'z'} INTO products LET s = SLEEP(5) "
                                     "RETURN s", options={"maxRuntime": 0.05})
        assert status == 410
        _, count = await a.query("RETURN LENGTH(products)")
    assert count["result"] == [1]


async def test_kill_a_running_query() -> None:
    emu = Emulator()
    async with api(emu) as (a,):
        results: list[tuple[int, object]] = []

        async def slow_query() -> None:
            results.append(await a.query("RETURN SLEEP(10)"))

        with anyio.fail_after(5):
            async with anyio.create_task_group() as tg:
                tg.start_soon(slow_query)
                running: list[dict[str, object]] = []
                while not running:
                    await anyio.sleep(0.01)
                    _, running = await a.call("GET", "/_api/query/current")
                assert running[0]["query"] == "RETURN SLEEP(10)"
                assert running[0]["state"] == "executing"
                status, body = await a.call("DELETE", f"/_api/query/{running[0]['id']}")
                assert status == 200 and body == {"error": False, "code": 200}
        status, again = await a.call("DELETE", f"/_api/query/{running[0]['id']}")
        assert status == 404 and again["errorNum"] == 1591
        _, running = await a.call("GET", "/_api/query/current")
    assert running == []
    assert results[0][0] == 410


async def test_traversal_over_a_named_graph() -> None:
    async with api(Emulator()) as (a,):
        status, body = await a.call("POST", "/_api/gharial", {
            "name": "social",
            "edgeDefinitions": [{"collection": "knows", "from": ["people"], "to": ["people"]}]})
        assert status in (201, 202), body
        for key in ("a", "b", "c"):
            await a.call("POST", "/_api/document/people", {"_key": key})
        await a.call("POST", "/_api/document/knows", [
            {"_from": "people/a", "_to": "people/b"}, {"_from": "people/b", "_to": "people/c"}])
        status, body = await a.query(
            "FOR v, e, p IN 1..2 OUTBOUND 'people/a' GRAPH @g RETURN CONCAT_SEPARATOR('>', "
            "p.vertices[*]._key)", bindVars={"g": "social"})
        assert status == 201, body
        assert body["result"] == ["a>b", "a>b>c"]
        status, body = await a.query("FOR v IN 1 OUTBOUND 'people/a' GRAPH 'nope' RETURN v")
    assert status == 404 and body["errorNum"] == 1924
