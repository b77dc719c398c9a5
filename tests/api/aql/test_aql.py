"""The AQL API group: execute options, deadline propagation, explain/validate, tracking,
killing, user functions, optimizer rules, the results cache."""

from __future__ import annotations

from typing import Any

import anyio
import pytest

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.aql import AQL, AQLQueryCache, QueryExecution
from arango_anyio.exceptions import (
    AQLFunctionCreateError,
    AQLFunctionDeleteError,
    AQLQueryExecuteError,
    AQLQueryExplainError,
    AQLQueryKillError,
    AQLQueryValidateError,
    InvalidArgumentError,
)
from arango_anyio.testing import Emulator
from tests.recording import RecordingHTTPClient

from .conftest import create_collection, until

pytestmark = pytest.mark.anyio


def sent_options(recorder: RecordingHTTPClient) -> dict[str, Any]:
    body = recorder.matching("POST", "/_api/cursor")[-1].body
    assert isinstance(body, dict)
    options = body.get("options", {})
    assert isinstance(options, dict)
    return options


async def test_aql_is_a_cheap_handle(db: StandardDatabase) -> None:
    assert isinstance(db.aql, AQL) and isinstance(db.aql.cache, AQLQueryCache)
    assert db.aql.db_name == db.name
    assert repr(db.aql) == f"<AQL in {db.name}>"
    execution = db.aql.execute("RETURN 1")
    assert isinstance(execution, QueryExecution)  # nothing sent until awaited


async def test_execute_sends_every_option(rec_db: StandardDatabase,
                                          recorder: RecordingHTTPClient) -> None:
    cursor = await rec_db.aql.execute(
        "FOR i IN 1..@n RETURN i", bind_vars={"n": 3}, count=True, batch_size=2, ttl=30,
        full_count=True, max_runtime=100, stream=False, allow_retry=True, profile=2,
        fail_on_warning=True, memory_limit=1 << 30, cache=False,
        optimizer_rules=["-all", "+use-indexes"], allow_dirty_read=True, max_plans=3,
        max_warning_count=7, satellite_sync_wait=2, fill_block_cache=False,
        skip_inaccessible_cols=True, max_transaction_size=1000, intermediate_commit_count=5,
        intermediate_commit_size=6, use_plan_cache=False, max_nodes_per_callstack=100,
        max_dnf_condition_members=50, propagate_deadline=False)
    await cursor.close()
    sent = recorder.matching("POST", "/_api/cursor")[0]
    assert sent.lower_headers["x-arango-allow-dirty-read"] == "true"
    assert sent.body == {
        "query": "FOR i IN 1..@n RETURN i", "count": True, "batchSize": 2, "ttl": 30,
        "bindVars": {"n": 3}, "memoryLimit": 1 << 30,
        "options": {
            "fullCount": True, "fillBlockCache": False, "maxNumberOfPlans": 3,
            "failOnWarning": True, "profile": 2, "maxTransactionSize": 1000,
            "maxWarningCount": 7, "intermediateCommitCount": 5, "intermediateCommitSize": 6,
            "satelliteSyncWait": 2, "stream": False, "skipInaccessibleCollections": True,
            "maxRuntime": 100, "cache": False, "usePlanCache": False,
            "maxNodesPerCallstack": 100, "maxDNFConditionMembers": 50,
            "optimizer": {"rules": ["-all", "+use-indexes"]}, "allowRetry": True,
        },
    }


async def test_execute_refuses_bad_arguments(db: StandardDatabase) -> None:
    with pytest.raises(InvalidArgumentError):
        db.aql.execute("  ")
    with pytest.raises(InvalidArgumentError):
        db.aql.execute("RETURN 1", batch_size=0)


# -- deadline propagation -----------------------------------------------------------------------


async def test_caller_deadline_becomes_max_runtime(rec_db: StandardDatabase,
                                                   recorder: RecordingHTTPClient) -> None:
    with anyio.fail_after(2):
        await rec_db.aql.execute("RETURN 1")
    assert 1.5 < float(sent_options(recorder)["maxRuntime"]) <= 2
    with anyio.fail_after(2):
        await rec_db.aql.execute("RETURN 1", max_runtime=100)
    assert float(sent_options(recorder)["maxRuntime"]) <= 2
    with anyio.fail_after(10):
        await rec_db.aql.execute("RETURN 1", max_runtime=0.5)
    assert sent_options(recorder)["maxRuntime"] == 0.5  # the shorter one wins
    with anyio.fail_after(2):
        await rec_db.aql.execute("RETURN 1", propagate_deadline=False)
    assert "maxRuntime" not in sent_options(recorder)


async def test_deadline_is_taken_when_awaited(rec_db: StandardDatabase,
                                              recorder: RecordingHTTPClient) -> None:
    execution = rec_db.aql.execute("RETURN 1", stream=True)
    with anyio.fail_after(3):
        await execution
    assert 2.5 < float(sent_options(recorder)["maxRuntime"]) <= 3


async def test_request_timeout_bounds_non_streaming_queries(
        emulator: Emulator, recorder: RecordingHTTPClient) -> None:
    async with ArangoClient(hosts="http://emulator:8529", http_client=recorder,
                            request_timeout=7) as client:
        db = await client.db("_system", username="root", password=emulator.root_password)
        await db.aql.execute("RETURN 1")
        assert 6.5 < float(sent_options(recorder)["maxRuntime"]) <= 7
        await db.aql.execute("RETURN 1", max_runtime=3)
        assert sent_options(recorder)["maxRuntime"] == 3
        # a streaming query outlives single requests: request_timeout does not bound it
        cursor = await db.aql.execute("RETURN 1", stream=True)
        assert "maxRuntime" not in sent_options(recorder)
        assert [x async for x in cursor] == [1]
    async with ArangoClient(hosts="http://emulator:8529", http_client=recorder,
                            request_timeout=None) as client:
        db = await client.db("_system", username="root", password=emulator.root_password)
        await db.aql.execute("RETURN 1")
        assert "maxRuntime" not in sent_options(recorder)


async def test_server_stops_a_query_the_caller_gave_up_on(cluster: ArangoClient,
                                                          emulator: Emulator) -> None:

    db = await cluster.db("_system", username="root", password=emulator.root_password)
    with anyio.move_on_after(0.2) as scope:
        await db.aql.execute("RETURN SLEEP(3)")
    assert scope.cancelled_caught
    # the server was told maxRuntime≈0.2: the query does not keep running for 3 s
    async def stopped() -> bool:
        return not emulator.running_queries()

    await until(stopped, within=1.5)


# -- explain / validate -------------------------------------------------------------------------


async def test_explain(db: StandardDatabase) -> None:
    await create_collection(db, "c")
    plan = await db.aql.explain("FOR d IN c FILTER d.n == @n RETURN d", bind_vars={"n": 1},
                                max_plans=2, opt_rules=["-all"])
    assert isinstance(plan, dict) and "nodes" in plan and "stats" in plan
    plans = await db.aql.explain("FOR d IN c RETURN d", all_plans=True)
    assert isinstance(plans, list) and plans and all("stats" in p for p in plans)
    with pytest.raises(AQLQueryExplainError) as info:
        await db.aql.explain("FOR d IN nope RETURN d")
    assert info.value.error_code == 1203


async def test_validate(db: StandardDatabase) -> None:
    result = await db.aql.validate("FOR d IN @@c FILTER d.x == @x RETURN d")
    assert result["parsed"] is True
    assert sorted(result["bind_vars"]) == ["@c", "x"]
    assert "error" not in result and "code" not in result and "ast" in result
    with pytest.raises(AQLQueryValidateError) as info:
        await db.aql.validate("FOR d IN RETURN")
    assert info.value.error_code == 1501


# -- tracking and killing ------------------------------------------------------------------------


async def test_tracking_and_set_tracking(db: StandardDatabase) -> None:
    tracking = await db.aql.tracking()
    assert set(tracking) >= {"enabled", "max_slow_queries", "slow_query_threshold",
                             "max_query_string_length", "track_bind_vars",
                             "track_slow_queries"}
    changed = await db.aql.set_tracking(max_slow_queries=10, slow_query_threshold=0,
                                        track_bind_vars=False, enabled=True,
                                        slow_streaming_query_threshold=0,
                                        max_query_string_length=2048,
                                        track_slow_queries=True)
    assert changed["max_slow_queries"] == 10 and changed["slow_query_threshold"] == 0
    assert changed["track_bind_vars"] is False and changed["max_query_string_length"] == 2048
    assert await db.aql.tracking() == changed


async def test_slow_queries_and_clearing(db: StandardDatabase) -> None:
    await db.aql.set_tracking(slow_query_threshold=0)
    await db.aql.execute("RETURN @x", bind_vars={"x": 1})
    slow = await db.aql.slow_queries()
    assert slow and slow[-1]["query"] == "RETURN @x"
    assert {"id", "query", "bind_vars", "runtime", "started", "state"} <= set(slow[-1])
    assert await db.aql.clear_slow_queries() is True
    assert await db.aql.slow_queries() == []


async def test_queries_and_kill(db: StandardDatabase) -> None:
    outcome: list[BaseException] = []

    async def run() -> None:
        try:
            await db.aql.execute("RETURN SLEEP(5)")
        except AQLQueryExecuteError as exc:
            outcome.append(exc)

    with anyio.fail_after(3):
        async with anyio.create_task_group() as tg:
            tg.start_soon(run)
            running: list[dict[str, object]] = []
            while not running:
                await anyio.sleep(0.01)
                running = await db.aql.queries()
            query = running[0]
            assert query["query"] == "RETURN SLEEP(5)" and query["state"] == "executing"
            assert {"id", "bind_vars", "runtime", "started", "user", "stream"} <= set(query)
            assert await db.aql.kill(str(query["id"])) is True
    assert isinstance(outcome[0], AQLQueryExecuteError) and outcome[0].error_code == 1500
    assert await db.aql.queries() == []
    with pytest.raises(AQLQueryKillError):
        await db.aql.kill("999999")


# -- user functions ------------------------------------------------------------------------------


async def test_user_functions(db: StandardDatabase) -> None:
    code = "function (x) { return x * 2; }"
    assert await db.aql.create_function("my::double", code) == {"is_new": True}
    assert await db.aql.create_function("my::double", code) == {"is_new": False}
    await db.aql.create_function("my::triple", "function (x) { return x * 3; }")
    functions = await db.aql.functions()
    assert [f["name"] for f in functions] == ["my::double", "my::triple"]
    assert functions[0]["code"] == code and "is_deterministic" in functions[0]
    assert await db.aql.delete_function("my::double") == {"deleted": 1}
    assert await db.aql.delete_function("my::double", ignore_missing=True) is False
    with pytest.raises(AQLFunctionDeleteError) as info:
        await db.aql.delete_function("my::double")
    assert info.value.error_code == 1582
    assert await db.aql.delete_function("my", group=True) == {"deleted": 1}
    assert await db.aql.functions() == []
    with pytest.raises(AQLFunctionCreateError):
        await db.aql.create_function("no_namespace", code)


async def test_query_rules(db: StandardDatabase) -> None:
    rules = await db.aql.query_rules()
    names = [r["name"] for r in rules]
    assert "use-indexes" in names
    assert set(rules[0]) == {"name", "flags"}
    assert "canBeDisabled" in rules[0]["flags"]


# -- results cache -------------------------------------------------------------------------------


async def test_query_cache(db: StandardDatabase) -> None:
    cache = db.aql.cache
    assert repr(cache) == f"<AQLQueryCache in {db.name}>"
    properties = await cache.properties()
    assert set(properties) == {"mode", "max_results", "max_results_size", "max_entry_size",
                               "include_system"}
    changed = await cache.configure(mode="demand", max_results=64, max_results_size=1 << 20,
                                    max_entry_size=1 << 16, include_system=True)
    assert changed == {"mode": "demand", "max_results": 64, "max_results_size": 1 << 20,
                       "max_entry_size": 1 << 16, "include_system": True}
    assert await cache.properties() == changed
    assert await cache.entries() == []
    assert await cache.clear() is True
    assert await cache.plan_entries() == []
    await cache.clear_plan()
    assert await cache.plan_entries() == []
