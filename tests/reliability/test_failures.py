"""Whole-deployment failures: every coordinator down, a slow coordinator, timeouts, and
server-side state (cursors, stream transactions) expiring under the client."""

from __future__ import annotations

import time
from typing import Any

import anyio
import pytest

from arango_anyio import ArangoClient
from arango_anyio.exceptions import (
    CursorNextError,
    DocumentInsertError,
    RequestTimeoutError,
    ServerConnectionError,
    TransactionCommitError,
)
from arango_anyio.testing import Emulator, serve
from tests.pool import pool_of

from ._support_pool import assert_pool_clean, settle
from .workload import ROOT_PASSWORD

pytestmark = [pytest.mark.anyio, pytest.mark.emulator_only]


async def test_all_coordinators_down_fails_fast_naming_hosts_then_recovers() -> None:
    emu = Emulator(root_password=ROOT_PASSWORD)
    async with (
        serve(emu, coordinators=3) as urls,
        ArangoClient(
            hosts=urls,
            host_resolver="roundrobin",
            max_retries=3,
            retry_backoff=0.02,
            request_timeout=10,
        ) as client,
    ):
        db = await client.db("_system", password=ROOT_PASSWORD)
        await db.version()
        for i in range(3):
            emu.faults.down(emu.coordinator_id(i))
        before = sum(h.requests_sent for h in client.statistics().hosts.values())
        started = time.monotonic()
        with anyio.fail_after(5), pytest.raises(ServerConnectionError) as info:
            await db.version()
        elapsed = time.monotonic() - started
        after = sum(h.requests_sent for h in client.statistics().hosts.values())
        error = info.value
        assert elapsed < 2, elapsed  # fails fast: refused connections, short back-off
        assert after - before == 4  # the retry budget: 1 + max_retries attempts
        assert set(error.hosts) == set(urls)
        for url in urls:
            assert url in str(error)
        assert not error.may_have_been_applied
        # a write that could not connect anywhere was never sent
        with pytest.raises(ServerConnectionError) as write_info:
            await db.collection("nope").insert({"a": 1})
        assert not write_info.value.may_have_been_applied

        emu.faults.up(emu.coordinator_id(1))  # one comes back: same client works again
        with anyio.fail_after(2):
            for _ in range(6):
                assert (await db.version())
        assert pool_of(client).in_use == 0 and pool_of(client).waiting == 0


async def test_least_busy_moves_load_away_from_a_slow_coordinator() -> None:
    emu = Emulator(root_password=ROOT_PASSWORD)
    async with (
        serve(emu, coordinators=3) as urls,
        ArangoClient(hosts=urls, host_resolver="least_busy") as client,
    ):
        db = await client.db("_system", password=ROOT_PASSWORD)
        await db.version()
        emu.faults.add_latency(0.25, coordinator=emu.coordinator_id(0))
        before = {u: h.requests_sent for u, h in client.statistics().hosts.items()}

        async def worker() -> None:
            for _ in range(8):
                await db.version()

        with anyio.fail_after(15):
            async with anyio.create_task_group() as tg:
                for _ in range(12):
                    tg.start_soon(worker)
        sent = {u: h.requests_sent - before[u]
                for u, h in client.statistics().hosts.items()}
    total = sum(sent.values())
    assert total == 96
    # round-robin would give the slow one a third (32); least-busy keeps it far below
    assert sent[urls[0]] < total / 6, sent


async def test_request_timeout_fires_at_the_configured_bound() -> None:
    emu = Emulator(root_password=ROOT_PASSWORD)
    async with (
        serve(emu, coordinators=2) as urls,
        ArangoClient(hosts=urls, host_resolver="roundrobin", request_timeout=0.4) as client,
    ):
        db = await client.db("_system", password=ROOT_PASSWORD)
        await db.create_collection("x")
        emu.faults.add_latency(3.0)
        started = time.monotonic()
        with pytest.raises(RequestTimeoutError) as write_info:
            await db.collection("x").insert({"_key": "late"})
        elapsed = time.monotonic() - started
        assert 0.35 < elapsed < 1.0, elapsed
        # the write was sent: the server may apply it (the emulator does, late)
        assert write_info.value.may_have_been_applied
        assert "may have applied" in str(write_info.value)
        with pytest.raises(RequestTimeoutError) as read_info:
            await db.version()
        assert not read_info.value.may_have_been_applied
        # the caller's own, shorter bound wins and propagates as its own timeout
        started = time.monotonic()
        with pytest.raises(TimeoutError) as info:
            with anyio.fail_after(0.15):
                await db.version()
        assert not isinstance(info.value, RequestTimeoutError)
        assert 0.1 < time.monotonic() - started < 0.35
        emu.faults.clear_latency()
        with anyio.fail_after(1):
            await db.version()
        await settle(client)  # the health probes of the hosts that timed out end
        assert_pool_clean(client)


@pytest.mark.parametrize("allow_retry", [False, True])
async def test_cursor_expiry_mid_iteration_is_a_typed_error(allow_retry: bool) -> None:
    emu = Emulator(root_password=ROOT_PASSWORD)
    async with (
        serve(emu, coordinators=3) as urls,
        ArangoClient(hosts=urls, host_resolver="roundrobin") as client,
    ):
        db = await client.db("_system", password=ROOT_PASSWORD)
        await db.create_collection("c")
        await db.collection("c").insert_many([{"n": i} for i in range(30)])
        seen: list[int] = []
        with anyio.fail_after(5), pytest.raises(CursorNextError) as info:
            async with db.aql.execute("FOR d IN c RETURN d.n", batch_size=5,
                                      allow_retry=allow_retry) as cursor:
                async for value in cursor:
                    seen.append(value)
                    if len(seen) == 3:
                        emu.faults.expire_cursors()
        assert info.value.http_code == 404
        assert info.value.error_code == 1600
        assert len(seen) == 5  # the batch in hand, then the error: never a short result
        with anyio.fail_after(1):
            assert await db.collection("c").count() == 30


async def test_transaction_expiry_is_a_typed_error_and_nothing_is_applied() -> None:
    emu = Emulator(root_password=ROOT_PASSWORD)
    async with (
        serve(emu, coordinators=3) as urls,
        ArangoClient(hosts=urls, host_resolver="roundrobin") as client,
    ):
        db = await client.db("_system", password=ROOT_PASSWORD)
        await db.create_collection("t")
        with anyio.fail_after(5), pytest.raises(DocumentInsertError) as info:
            async with db.begin_transaction(write="t") as txn:
                await txn.collection("t").insert({"_key": "one"})
                emu.faults.expire_transactions()
                await txn.collection("t").insert({"_key": "two"})
        assert (info.value.http_code, info.value.error_code) == (404, 1655)
        # expired between the last call and the commit: the commit is refused, typed
        with anyio.fail_after(5), pytest.raises(TransactionCommitError) as commit_info:
            async with db.begin_transaction(write="t") as txn:
                await txn.collection("t").insert({"_key": "three"})
                emu.faults.expire_transactions()
        assert commit_info.value.http_code in (404, 409)
        assert commit_info.value.error_code in (1653, 1655)
        assert await db.collection("t").count() == 0
        assert emu.running_transactions() == []


async def test_lost_answers_to_commit_abort_and_cursor_delete_are_resent_safely(
        caplog: pytest.LogCaptureFixture) -> None:

    emu = Emulator(root_password=ROOT_PASSWORD)
    async with (
        serve(emu, coordinators=2) as urls,
        ArangoClient(hosts=urls, host_resolver="roundrobin") as client,
    ):
        db = await client.db("_system", password=ROOT_PASSWORD)
        await db.create_collection("t")
        await db.collection("t").insert_many([{"n": i} for i in range(10)])
        faults = emu.faults
        # the commit is applied, its answer lost: re-sent, the server confirms it
        faults.reset_next(1, when="after", method="PUT", path="/_api/transaction/")
        async with db.begin_transaction(write="t") as txn:
            await txn.collection("t").insert({"_key": "committed"})
        assert faults.counts["reset_after"] == 1
        assert await db.collection("t").get("committed") is not None
        # the abort is applied, its answer lost: re-sent, nothing is left running
        faults.reset_next(1, when="after", method="DELETE", path="/_api/transaction/")
        with pytest.raises(RuntimeError):
            async with db.begin_transaction(write="t") as txn:
                await txn.collection("t").insert({"_key": "aborted"})
                raise RuntimeError("boom")
        assert faults.counts["reset_after"] == 2
        assert await db.collection("t").get("aborted") is None
        assert emu.running_transactions() == []
        # the cursor delete is applied, its answer lost: re-sent, 404 is fine
        faults.reset_next(1, when="after", method="DELETE", path="/_api/cursor/")
        async with db.aql.execute("FOR d IN t RETURN d", batch_size=2) as cursor:
            await cursor.next()
        assert faults.counts["reset_after"] == 3
        assert emu.open_cursors() == []
        # a plain insert whose answer is lost is NOT re-sent: applied once, reported maybe
        faults.reset_next(1, when="after", method="POST", path="/_api/document/")
        posts = emu.request_counts.get("POST", 0)
        with pytest.raises(ServerConnectionError) as info:
            await db.collection("t").insert({"_key": "once"})
        assert info.value.may_have_been_applied
        assert emu.request_counts["POST"] == posts + 1
        assert await db.collection("t").get("once") is not None
    assert not [r for r in caplog.records if r.levelname == "WARNING"]


@pytest.mark.parametrize("then", ["503", "down"])
async def test_commit_applied_then_retries_fail_reports_maybe(
        then: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Found by the soak: a commit re-sent after its answer was lost must not be reported as
    "not applied" when the re-sends fail (503s, or the coordinator going down)."""
    from arango_anyio.testing import DropConnection

    emu = Emulator(root_password=ROOT_PASSWORD)
    faults = emu.faults
    original = faults.on_response

    def on_response(request: Any, response: Any) -> Any:
        try:
            return original(request, response)
        except DropConnection:
            if then == "503":
                faults.fail_next(20, 503, 503, method="PUT", path="/_api/transaction/")
            else:
                faults.down(request.coordinator)
            raise

    monkeypatch.setattr(faults, "on_response", on_response)
    async with (
        serve(emu, coordinators=2) as urls,
        ArangoClient(hosts=urls, host_resolver="roundrobin", max_retries=2,
                     retry_backoff=0.01) as client,
    ):
        db = await client.db("_system", password=ROOT_PASSWORD)
        await db.create_collection("t")
        faults.reset_next(1, when="after", method="PUT", path="/_api/transaction/")
        with pytest.raises(ServerConnectionError) as info:
            async with db.begin_transaction(write="t") as txn:
                await txn.collection("t").insert({"_key": "k"})
        faults.clear()
        assert info.value.may_have_been_applied, str(info.value)
        assert "may have applied" in str(info.value)
        assert await db.collection("t").get("k") is not None  # it was applied
