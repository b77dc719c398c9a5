"""Failover and retries happen only when safe; a sent write is never re-sent."""

from __future__ import annotations

import time

import anyio
import pytest

from arango_anyio import ArangoClient
from arango_anyio.exceptions import ArangoServerError, ServerConnectionError
from arango_anyio.testing import Emulator

from ..conftest import ROOT_PASSWORD
from ._support import CountingHTTPClient, closed_port, raw

pytestmark = [pytest.mark.anyio, pytest.mark.emulator_only]

HOSTS = ["http://c0:8529", "http://c1:8529", "http://c2:8529"]


async def _setup_collection(client: ArangoClient) -> None:
    db = await client.db("_system", password=ROOT_PASSWORD)
    response = await db._conn.send(raw("POST", "/_api/collection", {"name": "things"}))
    assert response.status_code == 200, response.body


async def test_closed_port_fails_fast_naming_the_host() -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    async with ArangoClient(hosts=url, max_retries=2, retry_backoff=0.01) as client:
        db = await client.db("_system")
        started = time.monotonic()
        with pytest.raises(ServerConnectionError) as info:
            await db.version()
    assert time.monotonic() - started < 5
    assert info.value.hosts == [url]
    assert url in str(info.value)
    assert not info.value.may_have_been_applied
    assert info.value.__cause__ is not None


async def test_fails_over_from_a_closed_port_to_a_live_host(emulator: Emulator) -> None:
    from arango_anyio.testing import serve

    dead = f"http://127.0.0.1:{closed_port()}"
    async with (
        serve(emulator, coordinators=1) as urls,
        ArangoClient(hosts=[dead, *urls], host_resolver="roundrobin") as client,
    ):
        db = await client.db("_system", password=ROOT_PASSWORD)
        versions = [await db.version() for _ in range(6)]
        stats = client.statistics().hosts
    assert len(set(versions)) == 1
    assert stats[dead].failures >= 1
    assert stats[dead].healthy is False
    # after the first failure the dead host is skipped while it cools down
    assert stats[urls[0]].requests_sent == 6


async def test_down_coordinator_is_skipped_and_rejoins(emulator: Emulator) -> None:
    http = CountingHTTPClient(emulator)
    async with ArangoClient(hosts=HOSTS, host_resolver="roundrobin", http_client=http) as client:
        db = await client.db("_system", password=ROOT_PASSWORD)
        emulator.faults.down("c1")
        for _ in range(6):
            await db.version()
        assert client.statistics().hosts[HOSTS[1]].failures == 1
        emulator.faults.up("c1")
        # the cool-down passes; the host is used again
        for state in client._state.host_states:
            state.unhealthy_until = 0
        before = http.hosts["c1:8529"]
        for _ in range(3):
            await db.version()
        assert http.hosts["c1:8529"] == before + 1


async def test_all_hosts_down_raises_naming_every_host(emulator: Emulator) -> None:
    async with ArangoClient(hosts=HOSTS, host_resolver="roundrobin", max_retries=4,
                            retry_backoff=0.01, http_client=emulator.http_client()) as client:
        db = await client.db("_system", password=ROOT_PASSWORD)
        for coordinator in ("c0", "c1", "c2"):
            emulator.faults.down(coordinator)
        with pytest.raises(ServerConnectionError) as info:
            await db.version()
        assert sorted(info.value.hosts) == sorted(HOSTS)
        emulator.faults.up("c2")
        assert await db.version()  # back without a new client


async def test_503_is_retried_then_succeeds(emulator: Emulator) -> None:
    http = CountingHTTPClient(emulator)
    async with ArangoClient(hosts=HOSTS[0], http_client=http, retry_backoff=0.01) as client:
        await _setup_collection(client)
        db = await client.db("_system", password=ROOT_PASSWORD)
        emulator.faults.fail_next(2, method="POST", path="/_api/document")
        response = await db._conn.send(raw("POST", "/_api/document/things", {"_key": "a"}))
    assert response.status_code == 202 or response.status_code == 201
    assert http.calls[("POST", "/_db/_system/_api/document/things")] == 3


async def test_503_exhausting_retries_returns_the_server_error(emulator: Emulator) -> None:
    async with ArangoClient(hosts=HOSTS[0], http_client=emulator.http_client(), max_retries=2,
                            retry_backoff=0.01) as client:
        db = await client.db("_system", password=ROOT_PASSWORD)
        emulator.faults.fail_next(10, path="/_api/version")
        with pytest.raises(ArangoServerError) as info:
            await db.version()
    assert info.value.http_code == 503
    assert info.value.error_code == 503
    assert "[HTTP 503][ERR 503]" in str(info.value)


async def test_post_is_not_resent_after_the_answer_was_lost(emulator: Emulator) -> None:
    http = CountingHTTPClient(emulator)
    async with ArangoClient(hosts=HOSTS, host_resolver="roundrobin", http_client=http) as client:
        await _setup_collection(client)
        db = await client.db("_system", password=ROOT_PASSWORD)
        emulator.faults.reset_next(1, when="after", method="POST", path="/_api/document")
        with pytest.raises(ServerConnectionError) as info:
            await db._conn.send(raw("POST", "/_api/document/things", {"_key": "once"}))
        assert info.value.may_have_been_applied
        assert http.calls[("POST", "/_db/_system/_api/document/things")] == 1
        response = await db._conn.send(raw("GET", "/_api/document/things/once"))
        assert response.status_code == 200  # it was applied, exactly once


async def test_post_opted_in_as_idempotent_is_resent(emulator: Emulator) -> None:
    http = CountingHTTPClient(emulator)
    async with ArangoClient(hosts=HOSTS[0], http_client=http, retry_backoff=0.01) as client:
        await _setup_collection(client)
        db = await client.db("_system", password=ROOT_PASSWORD)
        emulator.faults.reset_next(1, when="before", method="POST", path="/_api/document")
        response = await db._conn.send(
            raw("POST", "/_api/document/things", {"_key": "k"}, idempotent=True)
        )
    assert response.is_success
    assert http.calls[("POST", "/_db/_system/_api/document/things")] == 2


async def test_get_is_retried_after_a_read_failure(emulator: Emulator) -> None:
    http = CountingHTTPClient(emulator)
    async with ArangoClient(hosts=HOSTS, host_resolver="roundrobin", http_client=http) as client:
        db = await client.db("_system", password=ROOT_PASSWORD)
        emulator.faults.reset_next(1, when="after", method="GET", path="/_api/version")
        assert await db.version()
    assert http.calls[("GET", "/_db/_system/_api/version")] == 2


async def test_retry_loop_stays_inside_the_deadline(emulator: Emulator) -> None:
    async with ArangoClient(hosts=HOSTS[0], http_client=emulator.http_client(), max_retries=50,
                            retry_backoff=0.2, retry_backoff_max=0.2) as client:
        db = await client.db("_system", password=ROOT_PASSWORD)
        emulator.faults.fail_next(100, path="/_api/version")
        started = anyio.current_time()
        with anyio.move_on_after(0.5):
            with pytest.raises(ServerConnectionError, match="no time left"):
                await db.version()
        assert anyio.current_time() - started < 0.6


async def test_pinned_request_does_not_fail_over(emulator: Emulator) -> None:
    http = CountingHTTPClient(emulator)
    async with ArangoClient(hosts=HOSTS, host_resolver="roundrobin", http_client=http,
                            max_retries=1, retry_backoff=0.01) as client:
        db = await client.db("_system", password=ROOT_PASSWORD)
        emulator.faults.down("c2")
        with pytest.raises(ServerConnectionError) as info:
            await db._conn.send(raw("GET", "/_api/version", host=HOSTS[2]))
        assert info.value.hosts == [HOSTS[2]]
        assert http.hosts["c0:8529"] == 0 and http.hosts["c1:8529"] == 0
