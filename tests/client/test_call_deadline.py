"""request_timeout over the default HTTP layer: no cancel scope per call, a scope at each wait.

The emulator is served over loopback sockets so the default transport (and its waits) is the
one under test. Every wait a call can make is covered: the answer, a full pool, a JWT fetched
by another task; and a caller's own scope still wins.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine, MutableMapping
from typing import Any

import anyio
import httpx
import pytest

from arango_anyio import ArangoClient, DefaultHTTPClient, StandardDatabase
from arango_anyio.exceptions import RequestTimeoutError
from arango_anyio.http import HTTPClient, honours_call_deadlines
from arango_anyio.response import Response
from arango_anyio.testing import Emulator, serve
from tests.pool import pool_of

from ..conftest import ROOT_PASSWORD

pytestmark = [pytest.mark.emulator_only, pytest.mark.anyio]


@pytest.fixture
async def url(emulator: Emulator) -> AsyncIterator[str]:
    async with serve(emulator, coordinators=1) as urls:
        yield urls[0]


def _version_collecting_timeouts(
    db: StandardDatabase, errors: list[RequestTimeoutError]
) -> Callable[[], Coroutine[Any, Any, None]]:
    """A task body: ``db.version()``, its RequestTimeoutError appended to ``errors``."""

    async def call() -> None:
        try:
            await db.version()
        except RequestTimeoutError as exc:
            errors.append(exc)

    return call


def _in_use(client: ArangoClient) -> int:
    pool = pool_of(client)
    assert pool is not None
    return pool.in_use


async def test_timeout_waiting_for_the_answer(emulator: Emulator, url: str) -> None:
    async with ArangoClient(hosts=url, request_timeout=0.3) as client:
        db = await client.db("_system", password=ROOT_PASSWORD)
        col = await db.create_collection("deadline_answer")
        emulator.faults.add_latency(5)
        with anyio.fail_after(4):  # the guard: request_timeout must end both calls first
            with pytest.raises(RequestTimeoutError) as read:
                await db.version()
            with pytest.raises(RequestTimeoutError) as write:
                await col.insert({"_key": "a"})
        assert isinstance(read.value, TimeoutError)
        assert "request_timeout" in str(read.value)
        assert not read.value.may_have_been_applied  # a read: nothing to apply
        assert write.value.may_have_been_applied  # sent: the server may have applied it
        emulator.faults.clear_latency()
        assert await db.version()
        assert _in_use(client) == 0
        assert client.statistics().hosts[url].in_flight == 0


async def test_timeout_waiting_for_a_pooled_connection(emulator: Emulator, url: str) -> None:
    http = DefaultHTTPClient(pool_size=1)
    async with ArangoClient(hosts=url, http_client=http, request_timeout=0.5) as client:
        db = await client.db("_system", password=ROOT_PASSWORD)
        await db.version()  # the one connection is open and idle
        emulator.faults.add_latency(5)
        errors: list[RequestTimeoutError] = []
        call = _version_collecting_timeouts(db, errors)

        with anyio.fail_after(4):
            async with anyio.create_task_group() as tg:
                tg.start_soon(call)  # holds the connection, waits for the answer
                await anyio.wait_all_tasks_blocked()
                tg.start_soon(call)  # waits for the connection
                await anyio.wait_all_tasks_blocked()
                assert pool_of(client).waiting == 1
        assert len(errors) == 2
        stats = pool_of(client)
        assert (stats.in_use, stats.waiting) == (0, 0)
        emulator.faults.clear_latency()
        assert await db.version()


async def test_timeout_waiting_for_a_jwt_another_task_fetches(
    emulator: Emulator, url: str
) -> None:
    async with ArangoClient(hosts=url, request_timeout=0.4) as client:
        db = await client.db("_system", password=ROOT_PASSWORD, auth_method="jwt")
        emulator.faults.add_latency(5)  # the login hangs too
        errors: list[RequestTimeoutError] = []
        call = _version_collecting_timeouts(db, errors)

        with anyio.fail_after(4):
            async with anyio.create_task_group() as tg:
                for _ in range(3):  # one fetches the token, two wait for the fetch
                    tg.start_soon(call)
        assert len(errors) == 3
        emulator.faults.clear_latency()
        assert await db.version()


async def test_callers_scope_wins_over_sockets(emulator: Emulator, url: str) -> None:
    async with ArangoClient(hosts=url, request_timeout=30) as client:
        db = await client.db("_system", password=ROOT_PASSWORD)
        emulator.faults.add_latency(5)
        with anyio.move_on_after(0.2) as scope:
            await db.version()
        assert scope.cancelled_caught
        with pytest.raises(TimeoutError) as info:
            with anyio.fail_after(0.2):
                await db.version()
        assert not isinstance(info.value, RequestTimeoutError)
        emulator.faults.clear_latency()
        assert await db.version()
        assert _in_use(client) == 0


async def test_cancelled_from_outside_midway_leaves_the_pool_clean(
    emulator: Emulator, url: str
) -> None:
    async with ArangoClient(hosts=url, request_timeout=30) as client:
        db = await client.db("_system", password=ROOT_PASSWORD)
        emulator.faults.add_latency(5)
        async with anyio.create_task_group() as tg:
            tg.start_soon(db.version)
            await anyio.sleep(0.1)
            assert _in_use(client) == 1
            tg.cancel_scope.cancel()
        assert _in_use(client) == 0
        emulator.faults.clear_latency()
        assert await db.version()


class _PlainHttpx(HTTPClient):
    def create_session(self, host: str) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=host)

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
        raise NotImplementedError


class _Tweaked(DefaultHTTPClient):
    async def send_request(self, *args: object, **kwargs: object) -> Response:
        raise NotImplementedError


def test_only_the_default_layer_goes_without_a_scope_per_call() -> None:
    assert honours_call_deadlines(DefaultHTTPClient())
    assert not honours_call_deadlines(_PlainHttpx())  # its waits can't see the deadline
    assert not honours_call_deadlines(_Tweaked())  # an override may wait elsewhere
