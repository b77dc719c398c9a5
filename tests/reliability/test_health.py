"""A coordinator that accepts connections and never answers costs a read a share of its
deadline, not the deadline: the host is cooled down for every resolver, reads fail over in
time, writes stay at most once, and only a health probe brings the host back."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import pytest

from arango_anyio import ArangoClient, HostResolver, RoundRobinHostResolver, StandardDatabase
from arango_anyio.exceptions import RequestTimeoutError
from arango_anyio.testing import Emulator, serve

from ._support_pool import eventually, settle
from .rawserver import VERSION, Conn, RawServer, raw_server
from .workload import ROOT_PASSWORD

pytestmark = [pytest.mark.anyio, pytest.mark.emulator_only]


class Hung:
    """A coordinator that reads requests and answers none, until it is healed."""

    def __init__(self) -> None:
        self.healed = anyio.Event()
        self.server: RawServer | None = None

    async def handler(self, conn: Conn, server: RawServer) -> None:
        while (request := await conn.read_request()) is not None:
            server.requests.append(request)
            await self.healed.wait()
            await conn.send(VERSION)

    @property
    def requests(self) -> list[str]:
        assert self.server is not None
        return [f"{r.method} {r.path}" for r in self.server.requests]


@asynccontextmanager
async def cluster(resolver: str | HostResolver, *, request_timeout: float = 1.0,
                  ) -> AsyncIterator[tuple[ArangoClient, StandardDatabase, Hung, list[str]]]:
    """Two emulator coordinators (with a collection ``c``) and a hung one, first in the
    host list."""
    emu = Emulator(root_password=ROOT_PASSWORD)
    hung = Hung()
    async with raw_server(hung.handler) as server, serve(emu, coordinators=2) as urls:
        async with ArangoClient(hosts=urls) as setup:
            await (await setup.db("_system", password=ROOT_PASSWORD)).create_collection("c")
        async with ArangoClient(hosts=[server.url, *urls], host_resolver=resolver,
                                request_timeout=request_timeout) as client:
            hung.server = server
            db = await client.db("_system", password=ROOT_PASSWORD)
            yield client, db, hung, [server.url, *urls]


@pytest.mark.parametrize("resolver", ["roundrobin", "random", "least_busy", "single"])
async def test_reads_fail_over_from_a_hung_coordinator_in_time(resolver: str) -> None:
    async with cluster(resolver, request_timeout=1.0) as (client, db, hung, hosts):
        slow = 0
        for _ in range(30):
            started = time.monotonic()
            assert await db.version()  # never a RequestTimeoutError
            elapsed = time.monotonic() - started
            assert elapsed < 0.9, elapsed  # a share of the deadline at most
            slow += elapsed > 0.2
        assert slow <= 1  # only the read that found the host hung waited
        stats = client.statistics().hosts[hosts[0]]
        assert not stats.healthy
        assert stats.timeouts >= 1
        # the hung host saw at most the read that found it hung, then health probes only
        assert len([r for r in hung.requests if r != "GET /_api/version"]) <= 1
        assert client.statistics().background.health_probes == 1


async def test_a_write_to_a_hung_coordinator_is_not_sent_twice() -> None:
    async with cluster("single", request_timeout=0.6) as (client, db, hung, hosts):
        started = time.monotonic()
        with pytest.raises(RequestTimeoutError) as info:
            await db.collection("c").insert({"_key": "once"})
        assert 0.5 < time.monotonic() - started < 1.2
        assert info.value.may_have_been_applied  # it was sent: at most once, not re-sent
        assert "waiting for or reading the answer" in str(info.value)
        assert hung.requests.count("POST /_db/_system/_api/document/c") == 1
        assert not client.statistics().hosts[hosts[0]].healthy
        # the next write goes to a healthy coordinator
        await db.collection("c").insert({"_key": "next"})
        assert hung.requests.count("POST /_db/_system/_api/document/c") == 1


async def test_only_a_probe_brings_a_cooled_down_host_back() -> None:
    resolver = RoundRobinHostResolver()
    resolver.cooldown = 0.2  # probes at most this far apart
    async with cluster(resolver, request_timeout=1.0) as (client, db, hung, hosts):
        await db.version()
        await db.version()  # one of the first reads found the hung host
        assert not client.statistics().hosts[hosts[0]].healthy
        # while it stays hung, time passing does not bring it back: no call goes there
        sent = client.statistics().hosts[hosts[0]].requests_sent
        for _ in range(10):
            await db.version()
            await anyio.sleep(0.05)
        assert client.statistics().hosts[hosts[0]].requests_sent == sent
        assert not client.statistics().hosts[hosts[0]].healthy
        hung.healed.set()
        await eventually(lambda: client.statistics().hosts[hosts[0]].healthy)
        for _ in range(6):
            await db.version()
        assert client.statistics().hosts[hosts[0]].requests_sent > sent
        await settle(client)
        assert client.statistics().background.health_probes == 0


async def test_leaving_the_client_stops_its_probes_at_once() -> None:
    started = 0.0
    async with cluster("roundrobin", request_timeout=1.0) as (client, db, _, _hosts):
        for _ in range(3):
            await db.version()
        assert client.statistics().background.health_probes == 1
        started = time.monotonic()
    assert time.monotonic() - started < 0.5
    background = client.statistics().background
    assert background.running == 0 and background.health_probes == 0
