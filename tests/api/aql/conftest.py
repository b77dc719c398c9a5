"""Helpers for the AQL, cursor, transaction and job tests."""

from __future__ import annotations

import inspect
import itertools
from collections.abc import AsyncIterator, Awaitable, Callable

import anyio
import pytest

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.request import Request
from arango_anyio.testing import Emulator
from tests.conftest import REAL_SERVER, ROOT_PASSWORD
from tests.recording import RecordingHTTPClient


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Against a real server (ARANGO_HOSTS), skip the tests that read or steer the emulator
    (they name the ``emulator`` fixture themselves)."""
    function = getattr(item, "obj", None)
    if REAL_SERVER and function is not None \
            and "emulator" in inspect.signature(function).parameters:
        pytest.skip("inspects or steers the emulator")


@pytest.fixture
def recorder(emulator: Emulator) -> RecordingHTTPClient:
    return RecordingHTTPClient(emulator)


@pytest.fixture
async def rec_db(recorder: RecordingHTTPClient) -> AsyncIterator[StandardDatabase]:
    """``_system`` through a client whose requests are recorded (``recorder.sent``)."""
    async with ArangoClient(hosts="http://emulator:8529", http_client=recorder) as client:
        yield await client.db("_system", username="root", password=ROOT_PASSWORD)


@pytest.fixture
async def multi_db(recorder: RecordingHTTPClient) -> AsyncIterator[StandardDatabase]:
    """``_system`` through an in-process client with 3 hosts (3 coordinators), round-robin,
    recorded."""
    hosts = ["http://c1:8529", "http://c2:8529", "http://c3:8529"]
    async with ArangoClient(hosts=hosts, host_resolver="roundrobin",
                            http_client=recorder) as client:
        yield await client.db("_system", username="root", password=ROOT_PASSWORD)


@pytest.fixture
async def cluster_db(cluster: ArangoClient) -> StandardDatabase:
    """``_system`` over loopback HTTP to 3 coordinators (round-robin)."""
    return await cluster.db("_system", username="root", password=ROOT_PASSWORD)


async def create_collection(db: StandardDatabase, name: str, docs: int = 0) -> None:
    """Create collection ``name`` with ``docs`` documents ``{_key: str(i), n: i}`` (raw API,
    so these tests do not depend on the collection API)."""
    conn = db._conn
    response = await conn.send(Request("POST", "/_api/collection", data={"name": name}))
    assert response.status_code == 200, response.body
    if docs:
        batch = [{"_key": str(i), "n": i} for i in range(docs)]
        response = await conn.send(Request("POST", f"/_api/document/{name}", data=batch))
        assert response.status_code in (201, 202), response.body


async def count_docs(db: StandardDatabase, name: str) -> int:
    """The committed number of documents in ``name`` (raw API, outside any transaction)."""
    response = await db._conn.send(Request("GET", f"/_api/collection/{name}/count"))
    assert response.status_code == 200, response.body
    return int(response.body["count"])


async def until(check: Callable[[], Awaitable[bool]], within: float = 3.0) -> None:
    """Poll ``check`` every 20 ms until it is true (TimeoutError after ``within`` s)."""
    with anyio.fail_after(within):
        for _ in itertools.count():
            if await check():
                return
            await anyio.sleep(0.02)
