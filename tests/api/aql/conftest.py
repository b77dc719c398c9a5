"""Helpers for the AQL, cursor, transaction and job tests."""

from __future__ import annotations

import inspect
import itertools
import json
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

import anyio
import httpx
import pytest

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.request import Request
from arango_anyio.response import Response
from arango_anyio.testing import Emulator, EmulatorHTTPClient
from tests.conftest import REAL_SERVER, ROOT_PASSWORD


@dataclass
class Sent:
    """One request as it left the client."""

    method: str
    url: str
    headers: dict[str, str]
    body: Any
    host: str

    @property
    def path(self) -> str:
        return httpx.URL(self.url).path


class RecordingHTTPClient(EmulatorHTTPClient):
    """The in-process emulator client, remembering every request it sends."""

    def __init__(self, emulator: Emulator) -> None:
        super().__init__(emulator)
        self.sent: list[Sent] = []
        #: seconds every request is held before it is handled (to make overlaps visible)
        self.delay = 0.0
        self.in_flight: dict[str, int] = {}
        #: the most requests seen in flight at once, per x-arango-trx-id
        self.max_in_flight: dict[str, int] = {}

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
        body = json.loads(data) if data else None
        host = str(httpx.URL(url).copy_with(path="/", query=None)).rstrip("/")
        lowered = {k.lower(): v for k, v in (headers or {}).items()}
        self.sent.append(Sent(method, url, lowered, body, host))
        trx = lowered.get("x-arango-trx-id", "")
        self.in_flight[trx] = self.in_flight.get(trx, 0) + 1
        self.max_in_flight[trx] = max(self.max_in_flight.get(trx, 0), self.in_flight[trx])
        try:
            if self.delay:
                await anyio.sleep(self.delay)
            return await super().send_request(session, method, url, headers, params, data,
                                              auth)
        finally:
            self.in_flight[trx] -= 1

    def matching(self, method: str, fragment: str) -> list[Sent]:
        """The requests with ``method`` whose path contains ``fragment``."""
        return [s for s in self.sent if s.method == method and fragment in s.path]


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
