"""The client owns a task group that lives exactly as long as ``async with ArangoClient``:
JWT renewal, the periodic host refresh and idle-connection sweeps run there, statistics()
counts them, and none of them outlives the client."""

from __future__ import annotations

import time

import anyio
import pytest

from arango_anyio import ArangoClient, BackgroundStatistics, ClientStatistics
from arango_anyio._connection import auth as auth_module
from arango_anyio._connection.auth import JwtAuth
from arango_anyio.exceptions import ArangoClientError
from arango_anyio.http import DefaultHTTPClient
from arango_anyio.testing import Emulator, serve

from ._support_pool import eventually
from .workload import ROOT_PASSWORD

pytestmark = [pytest.mark.anyio, pytest.mark.emulator_only]


async def test_statistics_are_typed_records_that_count_background_tasks() -> None:
    emu = Emulator(root_password=ROOT_PASSWORD)
    async with serve(emu, coordinators=1) as urls, ArangoClient(hosts=urls) as client:
        db = await client.db("_system", password=ROOT_PASSWORD, auth_method="jwt")
        await db.version()
        stats = client.statistics()
        assert isinstance(stats, ClientStatistics)
        assert isinstance(stats.background, BackgroundStatistics)
        # the idle-connection sweep and the renewal of the JWT just fetched
        assert stats.background.idle_sweeps == 1
        assert stats.background.jwt_renewals == 1
        assert stats.background.running == 2
        assert stats.pool is not None and stats.pool.idle == 1
        host = stats.hosts[urls[0]]
        assert (host.url, host.requests_sent, host.healthy) == (urls[0], 2, True)
    after = client.statistics().background
    assert after.running == after.idle_sweeps == after.jwt_renewals == 0


def client_tasks() -> int:
    """Tasks running now, the emulator's own (its listeners and connections) left out."""
    return sum("arango_anyio.testing" not in (task.name or "")
               for task in anyio.get_running_tasks())


async def test_no_task_outlives_the_client() -> None:
    emu = Emulator(root_password=ROOT_PASSWORD)
    async with serve(emu, coordinators=2) as urls:
        before = client_tasks()
        async with ArangoClient(hosts=[*urls, "http://127.0.0.1:1"],
                                host_resolver="roundrobin", host_refresh_interval=0.05) as client:
            db = await client.db("_system", password=ROOT_PASSWORD, auth_method="jwt")
            for _ in range(4):  # one of them finds the closed port: a probe starts
                await db.version()
            background = client.statistics().background
            assert background.health_probes == 1 and background.host_refreshes == 1
            assert client_tasks() > before
            started = time.monotonic()
        assert time.monotonic() - started < 0.5
        assert client_tasks() == before
        assert client.statistics().background.running == 0


async def test_a_client_is_entered_once() -> None:
    emu = Emulator(root_password=ROOT_PASSWORD)
    client = ArangoClient(hosts="http://emulator:8529", http_client=emu.http_client())
    async with client:
        with pytest.raises(ArangoClientError, match="only once"):
            async with client:
                pass


async def test_the_jwt_is_renewed_in_the_background_before_it_expires(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(auth_module, "JWT_REFRESH_MARGIN", 0.2)
    monkeypatch.setattr(auth_module, "JWT_RENEWAL_AHEAD", 0.5)
    emu = Emulator(root_password=ROOT_PASSWORD)
    issue = emu.auth.user_token
    monkeypatch.setattr(emu.auth, "user_token",
                        lambda username, lifetime=0.0: issue(username, 2.0))
    async with serve(emu, coordinators=1) as urls, ArangoClient(hosts=urls) as client:
        db = await client.db("_system", password=ROOT_PASSWORD, auth_method="jwt")
        await db.version()
        auth = db._conn.auth
        assert isinstance(auth, JwtAuth) and auth.fetches == 1
        first = auth._token
        await eventually(lambda: auth.fetches >= 2)  # renewed with no call in between
        assert auth._token != first
        assert client.statistics().background.jwt_renewals == 1  # the next renewal waits
        await db.version()
        assert auth.fetches == 2  # the call found a fresh token


async def test_hosts_are_refreshed_periodically() -> None:
    emu = Emulator(root_password=ROOT_PASSWORD)
    async with (
        serve(emu, coordinators=3) as urls,
        ArangoClient(hosts=urls[0], host_refresh_interval=0.05) as client,
    ):
        await client.db("_system", password=ROOT_PASSWORD)  # its credentials refresh
        await eventually(lambda: len(client.hosts) == 3)
        assert sorted(client.hosts) == sorted(urls)


async def test_idle_connections_are_closed_in_the_background(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from arango_anyio import client as client_module

    monkeypatch.setattr(client_module, "IDLE_SWEEP_INTERVAL", 0.05)
    emu = Emulator(root_password=ROOT_PASSWORD)
    async with (
        serve(emu, coordinators=1) as urls,
        ArangoClient(hosts=urls, http_client=DefaultHTTPClient(idle_timeout=0.1)) as client,
    ):
        db = await client.db("_system", password=ROOT_PASSWORD)
        await db.version()
        pool = client.statistics().pool
        assert pool is not None and pool.idle == 1
        await eventually(lambda: getattr(client.statistics().pool, "open", 1) == 0)
        assert await db.version()  # a new connection is opened when needed
