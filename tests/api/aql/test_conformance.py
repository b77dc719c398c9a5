"""The client against answers recorded from a real ArangoDB 3.12 (tests/conformance/data):
each API call is answered with the recorded response, so these tests prove the client parses
what the real server sends (and sends the request the recording expects)."""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator, MutableMapping
from pathlib import Path
from typing import Any

import httpx
import pytest

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.exceptions import (
    AQLFunctionDeleteError,
    AQLQueryExecuteError,
    TransactionExecuteError,
)
from arango_anyio.http import HTTPClient
from arango_anyio.response import Response
from tests.conftest import RECORDED_ANSWERS

pytestmark = pytest.mark.anyio



def _find_recorded() -> Path | None:
    """``$ARANGO_CONFORMANCE``, else the recordings kept in tests/conformance/data."""
    if os.environ.get("ARANGO_CONFORMANCE"):
        return Path(os.environ["ARANGO_CONFORMANCE"])
    return RECORDED_ANSWERS


_FOUND = _find_recorded()
if _FOUND is None or not _FOUND.exists():  # pragma: no cover
    pytest.skip("recorded-3.12.jsonl not found (set ARANGO_CONFORMANCE)",
                allow_module_level=True)
RECORDED: Path = _FOUND


def _recordings() -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    with RECORDED.open() as lines:
        for line in lines:
            row = json.loads(line)
            out.setdefault(row["example"], []).append(row)
    for rows in out.values():
        rows.sort(key=lambda r: r["seq"])
    return out


RECORDINGS = _recordings()


class ReplayHTTPClient(HTTPClient):
    """Answers each request with the next recorded response (checking method and path)."""

    def __init__(self) -> None:
        self.queue: list[dict[str, Any]] = []

    def play(self, example: str, *seqs: int) -> None:
        rows = RECORDINGS[example]
        self.queue.extend(r for r in rows if not seqs or r["seq"] in seqs)

    def create_session(self, host: str) -> httpx.AsyncClient:
        return httpx.AsyncClient()

    async def close_session(self, session: httpx.AsyncClient) -> None:
        await session.aclose()

    async def send_request(
        self,
        session: httpx.AsyncClient,
        method: str,
        url: str,
        headers: MutableMapping[str, str] | None = None,
        params: MutableMapping[str, str] | None = None,
        data: str | bytes | None = None,
        auth: tuple[str, str] | None = None,
    ) -> Response:
        row = self.queue.pop(0)
        recorded = httpx.URL(row["request"]["url"])
        sent = httpx.URL(url)
        assert method == row["request"]["method"]
        assert sent.path.removeprefix("/_db/_system") == recorded.path
        answer = row["response"]
        return Response(method, url, answer["headers"], answer["status"], answer["reason"],
                        answer["body"])


@pytest.fixture
async def replay() -> AsyncIterator[tuple[StandardDatabase, ReplayHTTPClient]]:
    http = ReplayHTTPClient()
    async with ArangoClient(hosts="http://localhost:8529", http_client=http) as client:
        yield await client.db("_system"), http
    assert not http.queue, "not every recorded answer was used"


Replay = tuple[StandardDatabase, ReplayHTTPClient]


async def test_cursor_batches_and_retry(replay: Replay) -> None:
    db, http = replay
    http.play("RestCursorPostBatch_single", 0, 2)  # seq 2 answers POST /_api/cursor/74308/2
    async with db.aql.execute("FOR i IN 1..5 RETURN i", count=True, batch_size=2,
                              allow_retry=True) as cursor:
        assert cursor.count() == 5 and list(cursor.batch()) == [1, 2]
        assert cursor.id == "74308" and cursor.has_more()
        result = await cursor.fetch()
        assert result["batch"] == [3, 4] and result["next_batch_id"] == "3"
        cursor._closed = True  # the recording stops here: no DELETE to replay


async def test_cursor_answers(replay: Replay) -> None:
    db, http = replay
    http.play("RestCursorCreateCursorOption_single")
    cursor = await db.aql.execute("FOR i IN 1..1000 FILTER i > 500 LIMIT 10 RETURN i",
                                  count=True, full_count=True)
    assert [x async for x in cursor] == list(range(501, 511))
    stats = cursor.statistics()
    assert stats is not None and stats["fullCount"] == 500 and "scanned_full" in stats
    http.play("RestCursorDeleteQuery_single")
    cursor = await db.aql.execute("FOR p IN products REMOVE p IN products")
    stats = cursor.statistics()
    assert stats is not None and stats["modified"] > 0
    http.play("RestCursorCreateCursorUnknownCollection_single")
    with pytest.raises(AQLQueryExecuteError) as info:
        await db.aql.execute("FOR u IN unknowncoll LIMIT 2 RETURN u")
    assert info.value.error_code == 1203
    http.play("RestCursorMemoryLimit_single")
    with pytest.raises(AQLQueryExecuteError) as info:
        await db.aql.execute("FOR i IN 1..100000 SORT i RETURN i", memory_limit=100000)
    assert info.value.http_code == 500


async def test_cursor_delete(replay: Replay) -> None:
    db, http = replay
    http.play("RestCursorDelete_single")
    assert [r["request"]["method"] for r in http.queue] == ["POST", "DELETE"]
    async with db.aql.execute("FOR p IN products LIMIT 5 RETURN p", count=True,
                              batch_size=2) as cursor:
        assert cursor.has_more() and len(cursor.batch()) == 2
    assert cursor.closed


async def test_explain_and_validate(replay: Replay) -> None:
    db, http = replay
    http.play("RestExplainValid_single")
    plan = await db.aql.explain("FOR p IN products RETURN p")
    assert isinstance(plan, dict) and plan["nodes"] and "stats" in plan
    http.play("RestExplainAllPlans_single")
    plans = await db.aql.explain("FOR p IN products FILTER p.id == 25 RETURN p",
                                 all_plans=True)
    assert isinstance(plans, list) and all("nodes" in p and "stats" in p for p in plans)
    http.play("RestQueryValid_single")
    parsed = await db.aql.validate("FOR i IN 1..100 FILTER i > 10 LIMIT 2 RETURN i * 3")
    assert parsed["parsed"] is True and "ast" in parsed and parsed["bind_vars"] == []
    assert "error" not in parsed and "code" not in parsed


async def test_caches_and_functions(replay: Replay) -> None:
    db, http = replay
    http.play("HttpGetQueryResultsCacheProperties_single")
    properties = await db.aql.cache.properties()
    assert properties["mode"] == "demand" and properties["max_results"] == 128
    http.play("HttpListQueryPlanCache_single")
    entries = await db.aql.cache.plan_entries()
    assert entries and "hash" in entries[0]
    http.play("HttpClearQueryPlanCache_single")
    await db.aql.cache.clear_plan()
    http.play("RestAqlfunctionDelete_single")
    assert await db.aql.delete_function("square::x::y") == {"deleted": 1}
    http.play("RestAqlfunctionDeleteFails_single")
    assert await db.aql.delete_function("myfunction::x::y", ignore_missing=True) is False
    http.play("RestAqlfunctionDeleteFails_single")
    with pytest.raises(AQLFunctionDeleteError):
        await db.aql.delete_function("myfunction::x::y")


async def test_stream_transactions(replay: Replay) -> None:
    db, http = replay
    http.play("RestTransactionBeginSingle_single")
    txn = await db.begin_transaction(write="products")
    assert txn.transaction_id and txn.transaction_host == "http://localhost:8529"
    http.play("RestTransactionBeginCommit_single")  # a DELETE answer, for transaction 74768
    recorded = db._transaction_handle("74768", "http://localhost:8529")
    assert await recorded.abort() is True and recorded.state == "aborted"
    http.play("RestTransactionsGet_single")
    listed = await db.list_transactions()
    assert listed and set(listed[0]) == {"id", "state"}


async def test_javascript_transactions(replay: Replay) -> None:
    db, http = replay
    http.play("RestTransactionMulti_single")
    assert await db.execute_transaction("function () { return 'worked!'; }",
                                        write=["products", "materials"]) == "worked!"
    http.play("RestTransactionAbortInternal_single")
    with pytest.raises(TransactionExecuteError) as info:
        await db.execute_transaction("function () { ... }", write=["products"])
    assert info.value.http_code == 409


async def test_job_listing_and_clearing(replay: Replay) -> None:
    db, http = replay
    http.play("job_getByType_03_single", 1)
    assert await db.async_jobs("pending") == ["74109", "74105"]
    http.play("job_delete_02_single", 2)
    assert await db.clear_async_jobs(threshold=1785857304.2834742) is True
