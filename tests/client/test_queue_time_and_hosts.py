"""Queue times are recorded per host; max_queue_time is sent; hosts are discovered."""

from __future__ import annotations

import pytest

from arango_anyio import ArangoClient
from arango_anyio.exceptions import QueueTimeViolatedError
from arango_anyio.testing import Emulator, serve

from ..conftest import ROOT_PASSWORD
from ._support import CountingHTTPClient

pytestmark = [pytest.mark.anyio, pytest.mark.emulator_only]


async def test_queue_time_recorded_per_host(emulator: Emulator) -> None:
    async with ArangoClient(hosts="http://c0:8529", http_client=emulator.http_client()) as client:
        db = await client.db("_system", password=ROOT_PASSWORD)
        emulator.faults.set_queue_time(0.25)
        await db.version()
        emulator.faults.set_queue_time(0.75)
        await db.version()
        stats = client.statistics().hosts["http://c0:8529"]
    assert stats.last_queue_time == pytest.approx(0.75)
    assert stats.average_queue_time == pytest.approx(0.5)


async def test_max_queue_time_is_sent_and_violations_are_typed(emulator: Emulator) -> None:
    http = CountingHTTPClient(emulator)
    async with ArangoClient(hosts="http://c0:8529", http_client=http) as client:
        db = await client.db("_system", password=ROOT_PASSWORD, max_queue_time=0.5)
        await db.version()
        assert http.headers_seen[-1]["x-arango-max-queue-time-seconds"] == "0.5"
        emulator.faults.set_queue_time(2.0)
        with pytest.raises(QueueTimeViolatedError) as info:
            await db.version()
    assert info.value.http_code == 412
    assert info.value.error_code == 21004


async def test_refresh_hosts_adds_the_cluster_coordinators(emulator: Emulator) -> None:
    async with serve(emulator, coordinators=3) as urls, ArangoClient(hosts=urls[0]) as client:
        hosts = await client.refresh_hosts(password=ROOT_PASSWORD)
        assert sorted(hosts) == sorted(urls)
        db = await client.db("_system", password=ROOT_PASSWORD)
        assert await db.version()


async def test_refresh_hosts_on_a_single_server_keeps_the_list(emulator: Emulator) -> None:
    async with serve(emulator, coordinators=1) as urls, ArangoClient(hosts=urls) as client:
        assert await client.refresh_hosts(password=ROOT_PASSWORD) == urls
