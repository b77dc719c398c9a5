"""ArangoClient lifecycle: sessions opened on entry, all closed on exit, clear errors after."""

from __future__ import annotations

import sys

import httpx
import pytest

from arango_anyio import ArangoClient
from arango_anyio.exceptions import ClientClosedError, InvalidArgumentError
from arango_anyio.testing import Emulator, EmulatorHTTPClient

from ..conftest import ROOT_PASSWORD

if sys.version_info < (3, 11):  # pragma: no cover
    from exceptiongroup import ExceptionGroup

pytestmark = pytest.mark.anyio


class RecordingHTTPClient(EmulatorHTTPClient):
    """The emulator's HTTP client, recording session life and failing closes on request."""

    def __init__(self, emulator: Emulator, fail_close: set[str] | None = None) -> None:
        super().__init__(emulator)
        self.created: list[str] = []
        self.closed: list[str] = []
        self.fail_close = fail_close or set()

    def create_session(self, host: str) -> httpx.AsyncClient:
        self.created.append(host)
        return super().create_session(host)

    async def close_session(self, session: httpx.AsyncClient) -> None:
        host = str(session.base_url).rstrip("/")
        self.closed.append(host)
        await super().close_session(session)
        if host in self.fail_close:
            raise RuntimeError(f"close failed for {host}")


HOSTS = ["http://c0:8529", "http://c1:8529", "http://c2:8529"]


def test_init_touches_no_event_loop() -> None:
    # constructed outside any event loop: nothing async may happen in __init__
    client = ArangoClient(hosts="http://a:8529,http://b:8529/", host_resolver="roundrobin")
    assert client.hosts == ["http://a:8529", "http://b:8529"]
    assert "new" in repr(client)


def test_bad_arguments_are_refused_early() -> None:
    with pytest.raises(InvalidArgumentError):
        ArangoClient(hosts="localhost:8529")
    with pytest.raises(InvalidArgumentError):
        ArangoClient(hosts=[])
    with pytest.raises(InvalidArgumentError):
        ArangoClient(request_timeout=0)
    with pytest.raises(ValueError, match="host_resolver"):
        ArangoClient(host_resolver="nope")


async def test_sessions_opened_on_enter_and_closed_on_exit(emulator: Emulator) -> None:
    http = RecordingHTTPClient(emulator)
    client = ArangoClient(hosts=HOSTS, http_client=http)
    assert http.created == []
    async with client:
        assert http.created == HOSTS
        db = await client.db("_system", password=ROOT_PASSWORD, verify=True)
        assert db.name == "_system"
        assert http.closed == []
    assert sorted(http.closed) == HOSTS
    assert client.closed


async def test_every_session_closed_even_when_closes_fail(emulator: Emulator) -> None:
    http = RecordingHTTPClient(emulator, fail_close={HOSTS[0], HOSTS[2]})
    with pytest.raises(ExceptionGroup) as info:
        async with ArangoClient(hosts=HOSTS, http_client=http):
            pass
    assert sorted(http.closed) == HOSTS
    assert len(info.value.exceptions) == 2


async def test_single_close_failure_raised_as_is(emulator: Emulator) -> None:
    http = RecordingHTTPClient(emulator, fail_close={HOSTS[1]})
    with pytest.raises(RuntimeError, match="close failed"):
        async with ArangoClient(hosts=HOSTS, http_client=http):
            pass
    assert sorted(http.closed) == HOSTS


async def test_use_before_open_and_after_close(emulator: Emulator) -> None:
    client = ArangoClient(hosts=HOSTS[0], http_client=emulator.http_client())
    with pytest.raises(ClientClosedError, match="async with"):
        await client.db("_system")
    async with client:
        db = await client.db("_system", password=ROOT_PASSWORD)
    await client.aclose()  # idempotent
    with pytest.raises(ClientClosedError, match="closed"):
        await db.version()
    with pytest.raises(ClientClosedError):
        await client.db("_system")
    with pytest.raises(ClientClosedError, match="reopened"):
        async with client:
            pass


async def test_statistics_count_requests_per_host(emulator: Emulator) -> None:
    async with ArangoClient(hosts=HOSTS, host_resolver="roundrobin",
                            http_client=emulator.http_client()) as client:
        db = await client.db("_system", password=ROOT_PASSWORD)
        for _ in range(9):
            await db.version()
        stats = client.statistics().hosts
    assert [stats[h].requests_sent for h in HOSTS] == [3, 3, 3]
    assert all(stats[h].in_flight == 0 for h in HOSTS)
    assert all(stats[h].failures == 0 for h in HOSTS)
