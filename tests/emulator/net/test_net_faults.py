"""Fault injection over loopback and in-process: down/up, errors, resets, latency, queue time."""

from __future__ import annotations

import re
from typing import Literal

import anyio
import httpx
import pytest

from arango_anyio.http import RequestMaybeSent, RequestNotSent
from arango_anyio.testing._frontends.serve import serve
from arango_anyio.testing._server.faults import Faults

from ._netutil import client, make_emulator, port_of

pytestmark = [pytest.mark.anyio, pytest.mark.emulator_only]

#: What a client sees when the connection is dropped without an answer.
DROPPED = (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)


async def test_down_refuses_connections_and_up_recovers() -> None:
    emu, _ = make_emulator()
    async with serve(emu, coordinators=3) as urls, client() as http:
        assert (await http.get(urls[1] + "/_test/echo")).status_code == 200
        emu.faults.down("c1")
        assert emu.faults.is_down("c1")
        with pytest.raises(OSError):  # connection refused, not accepted-then-closed
            await anyio.connect_tcp("127.0.0.1", port_of(urls[1]))
        async with client() as fresh:
            with pytest.raises(httpx.ConnectError):
                await fresh.get(urls[1] + "/_test/echo")
            assert (await fresh.get(urls[0] + "/_test/echo")).status_code == 200
        emu.faults.up("c1")
        async with client() as fresh:  # same address, at once
            assert (await fresh.get(urls[1] + "/_test/echo")).json()["coordinator"] == "c1"
    assert emu.faults.counts["down"] == 1 and emu.faults.counts["up"] == 1
    assert [f.kind for f in emu.faults.log] == ["down", "up"]


async def test_down_drops_open_connections() -> None:
    emu, _ = make_emulator()
    async with serve(emu, coordinators=2) as urls, client() as http:
        assert (await http.get(urls[0] + "/_test/echo")).status_code == 200  # pooled now
        emu.faults.down("c0")
        with pytest.raises((httpx.ConnectError, *DROPPED)):
            await http.get(urls[0] + "/_test/echo")
        emu.faults.up("c0")
        assert (await http.get(urls[0] + "/_test/echo")).status_code == 200


async def test_coordinator_down_before_serving_starts_closed() -> None:
    emu, _ = make_emulator()
    emu.faults.down("c1")
    async with serve(emu, coordinators=2) as urls, client() as http:
        with pytest.raises(httpx.ConnectError):
            await http.get(urls[1] + "/_test/echo")
        emu.faults.clear()
        assert (await http.get(urls[1] + "/_test/echo")).status_code == 200


async def test_in_process_down_raises_connect_error() -> None:
    emu, _ = make_emulator()
    http_client = emu.http_client()
    session = http_client.create_session("http://a:8529")
    try:
        emu.faults.down("c0")
        # the HTTPClient contract: refused means not sent
        with pytest.raises(RequestNotSent):
            await http_client.send_request(session, "GET", "http://a:8529/_test/echo",
                                           auth=("root", ""))
        emu.faults.up("c0")
        answer = await http_client.send_request(session, "GET", "http://a:8529/_test/echo",
                                                auth=("root", ""))
        assert answer.status_code == 200
    finally:
        await http_client.close_session(session)


async def test_fail_next_answers_503_without_applying() -> None:
    emu, counter = make_emulator()
    async with serve(emu, coordinators=1) as urls, client() as http:
        emu.faults.fail_next(2, method="POST", path="/_test/counter")
        assert (await http.get(urls[0] + "/_test/echo")).status_code == 200  # not matching
        for _ in range(2):
            answer = await http.post(urls[0] + "/_test/counter")
            assert answer.status_code == 503
            assert answer.json() == {"code": 503, "error": True, "errorNum": 503,
                                     "errorMessage": "service unavailable"}
        assert counter.value == 0
        assert (await http.post(urls[0] + "/_test/counter")).status_code == 201
        assert counter.value == 1
        emu.faults.fail_next(1, 409, 1200, path=re.compile(r"^/_test/c"))
        answer = await http.post(urls[0] + "/_db/_system/_test/counter")  # /_db/ is ignored
        assert (answer.status_code, answer.json()["errorNum"]) == (409, 1200)
    assert emu.faults.counts["error"] == 3


async def test_reset_before_is_not_applied_and_after_is() -> None:
    emu, counter = make_emulator()
    async with serve(emu, coordinators=1) as urls:
        emu.faults.reset_next(1, "before", method="POST")
        async with client() as http:
            with pytest.raises(DROPPED):
                await http.post(urls[0] + "/_test/counter")
        assert counter.value == 0
        emu.faults.reset_next(1, "after", path="/_test/counter")
        async with client() as http:
            with pytest.raises(DROPPED):
                await http.post(urls[0] + "/_test/counter")
        assert counter.value == 1  # applied, only the answer was lost
        async with client() as http:
            assert (await http.post(urls[0] + "/_test/counter")).json() == {"value": 2}
    assert emu.faults.counts["reset_before"] == 1 and emu.faults.counts["reset_after"] == 1


async def test_in_process_resets_raise_read_errors() -> None:
    emu, counter = make_emulator()
    http_client = emu.http_client()
    session = http_client.create_session("http://a:8529")
    try:
        cases: tuple[tuple[Literal["before", "after"], int], ...] = (("before", 0), ("after", 1))
        for when, applied in cases:
            emu.faults.reset_next(1, when)
            with pytest.raises(RequestMaybeSent):  # the contract: reset means maybe sent
                await http_client.send_request(session, "POST", "http://a:8529/_test/counter",
                                               auth=("root", ""))
            assert counter.value == applied
    finally:
        await http_client.close_session(session)


async def test_latency_per_coordinator_and_clear() -> None:
    emu, _ = make_emulator()
    async with serve(emu, coordinators=2) as urls, client() as http:
        emu.faults.add_latency(0.2, coordinator="c1")
        start = anyio.current_time()
        await http.get(urls[0] + "/_test/echo")
        fast = anyio.current_time() - start
        start = anyio.current_time()
        await http.get(urls[1] + "/_test/echo")
        slow = anyio.current_time() - start
        assert slow >= 0.2 and fast < 0.2
        emu.faults.clear_latency()
        start = anyio.current_time()
        await http.get(urls[1] + "/_test/echo")
        assert anyio.current_time() - start < 0.2
    assert emu.faults.counts["latency"] == 1


async def test_queue_time_header_and_max_queue_time() -> None:
    emu, counter = make_emulator()
    async with serve(emu, coordinators=1) as urls, client() as http:
        emu.faults.set_queue_time(1.5)
        answer = await http.get(urls[0] + "/_test/echo")
        assert answer.headers["x-arango-queue-time-seconds"] == "1.500000"
        patient = await http.post(urls[0] + "/_test/counter",
                                  headers={"x-arango-max-queue-time-seconds": "2"})
        assert patient.status_code == 201
        hurried = await http.post(urls[0] + "/_test/counter",
                                  headers={"x-arango-max-queue-time-seconds": "1"})
        assert (hurried.status_code, hurried.json()["errorNum"]) == (412, 21004)
        assert hurried.json()["errorMessage"] == "queue time violated"
        assert counter.value == 1  # refused without running
        emu.faults.clear()
        answer = await http.get(urls[0] + "/_test/echo")
        assert answer.headers["x-arango-queue-time-seconds"] == "0.000000"


async def test_random_faults_are_seeded_and_cleared() -> None:
    emu, counter = make_emulator()
    async with serve(emu, coordinators=1) as urls:
        emu.faults.random_faults(rate_503=0.2, rate_reset=0.2, seed=7, path="/_test/counter")
        outcomes = {"ok": 0, "503": 0, "dropped": 0}
        async with client() as http:
            for _ in range(100):
                try:
                    answer = await http.post(urls[0] + "/_test/counter")
                except DROPPED:
                    outcomes["dropped"] += 1
                    continue
                outcomes["ok" if answer.status_code == 201 else "503"] += 1
        counts = emu.faults.counts
        assert outcomes["503"] == counts["error"] > 5
        assert outcomes["dropped"] == counts["reset_before"] + counts["reset_after"] > 5
        assert counts["reset_before"] > 0 and counts["reset_after"] > 0
        # writes applied: every OK answer plus every reset after applying
        assert counter.value == outcomes["ok"] + counts["reset_after"]
        emu.faults.clear()
        async with client() as http:
            for _ in range(20):
                assert (await http.post(urls[0] + "/_test/counter")).status_code == 201


def test_expire_calls_the_registered_expirers() -> None:
    faults = Faults()
    calls: list[str] = []
    faults.add_expirer("cursors", lambda: calls.append("cursors"))
    faults.add_expirer("transactions", lambda: calls.append("transactions"))
    faults.expire_cursors()
    faults.expire_transactions()
    assert calls == ["cursors", "transactions"]
    assert faults.counts["expire_cursors"] == faults.counts["expire_transactions"] == 1


def test_clear_undoes_every_injection_and_statistics_show_it() -> None:
    faults = Faults()
    seen: list[tuple[str, bool]] = []
    unwatch = faults.watch(lambda c, down: seen.append((c, down)))
    faults.down("c2")
    faults.fail_next(3)
    faults.reset_next(2, "after")
    faults.add_latency(0.1)
    faults.set_queue_time(2)
    faults.random_faults(seed=1)
    stats = faults.statistics()
    assert stats["down"] == ["c2"] and stats["pending_errors"] == 3
    assert stats["pending_resets"] == 2 and stats["random"] is True
    faults.clear()
    assert faults.statistics() | {"counts": {}} == {
        "down": [], "pending_errors": 0, "pending_resets": 0, "latency": {},
        "queue_time": 0.0, "random": False, "counts": {}}
    assert seen == [("c2", True), ("c2", False)]
    unwatch()
    faults.down("c0")
    assert len(seen) == 2
    with pytest.raises(ValueError):
        faults.reset_next(1, "later")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        faults.random_faults(rate_503=0.9, rate_reset=0.5)


async def test_expire_cursors_makes_the_next_batch_404_1600() -> None:
    emu, _ = make_emulator()
    try:
        from arango_anyio.testing._aql.service import service
    except ImportError:
        pytest.skip("the AQL service is not there yet")
    service(emu)  # the AQL service registers its expirer when it is created
    async with serve(emu, coordinators=1) as urls, client() as http:
        first = await http.post(urls[0] + "/_api/cursor",
                                json={"query": "FOR i IN 1..10 RETURN i", "batchSize": 2})
        assert first.status_code == 201 and first.json()["hasMore"] is True
        emu.faults.expire_cursors()
        after = await http.post(f"{urls[0]}/_api/cursor/{first.json()['id']}")
        assert after.status_code == 404 and after.json()["errorNum"] == 1600


async def test_chaos_with_flapping_coordinators_keeps_the_books_straight() -> None:
    emu, counter = make_emulator()
    outcomes = {"ok": 0, "503": 0, "failed": 0}
    async with serve(emu, coordinators=3) as urls:
        emu.faults.random_faults(rate_503=0.1, rate_reset=0.1, seed=3, path="/_test/counter")

        async def flap() -> None:
            for i in range(6):
                emu.faults.down(f"c{i % 3}")
                await anyio.sleep(0.03)
                emu.faults.up(f"c{i % 3}")
                await anyio.sleep(0.03)

        async def work(http: httpx.AsyncClient, i: int) -> None:
            for j in range(8):
                try:
                    answer = await http.post(urls[(i + j) % 3] + "/_test/counter")
                except (httpx.ConnectError, *DROPPED):
                    outcomes["failed"] += 1
                    continue
                outcomes["ok" if answer.status_code == 201 else "503"] += 1

        with anyio.fail_after(30):
            async with client() as http, anyio.create_task_group() as tg:
                tg.start_soon(flap)
                for i in range(8):
                    tg.start_soon(work, http, i)
        assert sum(outcomes.values()) == 64
        assert outcomes["503"] == emu.faults.counts["error"]
        # applied = answered OK + answers lost after applying (+ requests cut by a coordinator
        # going down mid-flight, which never get here: the handler is too quick to be caught)
        assert counter.value >= outcomes["ok"] + emu.faults.counts["reset_after"]
        assert counter.value <= outcomes["ok"] + outcomes["failed"]
        emu.faults.clear()
        async with client() as http:
            for url in urls:
                assert (await http.post(url + "/_test/counter")).status_code == 201
