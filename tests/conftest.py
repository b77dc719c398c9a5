"""Shared fixtures: every async test runs under asyncio and under trio.

Tests talk to the in-memory emulator (``arango_anyio.testing``), in-process or over loopback.
With ``ARANGO_HOSTS`` set (comma-separated URLs, password in ``ARANGO_PASSWORD``) the same
tests run against that real server; tests marked ``emulator_only`` are skipped there.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.request import Request
from arango_anyio.testing import Emulator

settings.register_profile(
    "default",
    deadline=None,
    max_examples=25,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile("default")

#: Real ArangoDB 3.12.10 material kept in the repository (see tests/conformance/data/README.md).
CONFORMANCE_DATA = Path(__file__).resolve().parent / "conformance" / "data"
RECORDED_ANSWERS = CONFORMANCE_DATA / "recorded-3.12.jsonl"

REAL_HOSTS = [h for h in os.environ.get("ARANGO_HOSTS", "").split(",") if h.strip()]
REAL_SERVER = bool(REAL_HOSTS)
ROOT_PASSWORD = os.environ.get("ARANGO_PASSWORD", "") if REAL_SERVER else "rootpw"


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not REAL_SERVER:
        return
    skip = pytest.mark.skip(reason="needs emulator-only powers (ARANGO_HOSTS is set)")
    for item in items:
        if "emulator_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def emulator() -> Emulator:
    """A fresh in-memory deployment whose root password is ``ROOT_PASSWORD``."""
    return Emulator(root_password=ROOT_PASSWORD)


@pytest.fixture
async def client(emulator: Emulator) -> AsyncIterator[ArangoClient]:
    """An open client: on the real server when ARANGO_HOSTS is set, else on the emulator."""
    if REAL_SERVER:
        async with ArangoClient(hosts=REAL_HOSTS) as real:
            yield real
        return
    async with ArangoClient(hosts="http://emulator:8529", http_client=emulator.http_client()) as c:
        yield c


@pytest.fixture
async def sys_db(client: ArangoClient) -> StandardDatabase:
    """``_system`` as root."""
    return await client.db("_system", username="root", password=ROOT_PASSWORD)


@pytest.fixture
async def db(client: ArangoClient, sys_db: StandardDatabase) -> AsyncIterator[StandardDatabase]:
    """A fresh database for one test (dropped afterwards), as root."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    response = await sys_db._conn.send(Request("POST", "/_api/database", data={"name": name}))
    assert response.status_code == 201, response.body
    try:
        yield await client.db(name, username="root", password=ROOT_PASSWORD)
    finally:
        await sys_db._conn.send(Request("DELETE", f"/_api/database/{name}"))


@pytest.fixture
async def cluster(emulator: Emulator) -> AsyncIterator[ArangoClient]:
    """A client over real loopback HTTP to 3 emulator coordinators, round-robin.

    Cursors, transactions and jobs live on the coordinator that created them, so this proves
    the client's host pinning. Skipped against a real server (single host there).
    """
    if REAL_SERVER:
        pytest.skip("needs several emulator coordinators")
    from arango_anyio.testing import serve

    async with (
        serve(emulator, coordinators=3) as urls,
        ArangoClient(hosts=urls, host_resolver="roundrobin") as c,
    ):
        yield c
