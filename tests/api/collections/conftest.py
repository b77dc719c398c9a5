"""Fixtures for the collection tests: a recording HTTP client and a fresh collection."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any

import pytest

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.collection import StandardCollection
from arango_anyio.exceptions import ArangoServerError
from arango_anyio.testing import Emulator
from tests.conftest import REAL_HOSTS, REAL_SERVER
from tests.recording import RecordingHTTPClient


@pytest.fixture
def http(emulator: Emulator) -> RecordingHTTPClient:
    return RecordingHTTPClient(emulator)


@pytest.fixture
async def client(emulator: Emulator, http: RecordingHTTPClient) -> AsyncIterator[ArangoClient]:
    """Like the shared ``client``, but every request is recorded in ``http.sent``."""
    if REAL_SERVER:
        async with ArangoClient(hosts=REAL_HOSTS) as real:
            yield real
        return
    async with ArangoClient(hosts="http://emulator:8529", http_client=http) as c:
        yield c


@pytest.fixture
async def col(db: StandardDatabase) -> StandardCollection:
    """A fresh, empty document collection ``things``."""
    return await db.create_collection("things")


def stored(emulator: Emulator, db: StandardDatabase, name: str) -> dict[str, dict[str, Any]]:
    """The documents the emulator holds for collection ``name`` (key -> document)."""
    return dict(emulator.documents(name, db.name))


def written(results: Sequence[dict[str, Any] | ArangoServerError]) -> list[dict[str, Any]]:
    """The results of a bulk write whose documents must all have been written (no error)."""
    assert all(isinstance(result, dict) for result in results), results
    return [result for result in results if isinstance(result, dict)]
