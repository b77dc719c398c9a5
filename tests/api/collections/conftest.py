"""Fixtures for the collection tests: a recording HTTP client and a fresh collection."""

from __future__ import annotations

from collections.abc import AsyncIterator, MutableMapping
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.collection import StandardCollection
from arango_anyio.response import Response
from arango_anyio.testing import Emulator, EmulatorHTTPClient
from tests.conftest import REAL_HOSTS, REAL_SERVER


@dataclass
class Sent:
    """One request as it left the client."""

    method: str
    url: str
    params: dict[str, str]
    headers: dict[str, str]
    body: Any


class RecordingHTTPClient(EmulatorHTTPClient):
    """The in-process emulator client, recording every request it sends."""

    def __init__(self, emulator: Emulator) -> None:
        super().__init__(emulator)
        self.sent: list[Sent] = []
        self.in_flight = 0
        self.max_in_flight = 0

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
        self.sent.append(Sent(method, url, dict(params or {}), dict(headers or {}), data))
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            return await super().send_request(session, method, url, headers, params, data,
                                              auth)
        finally:
            self.in_flight -= 1


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
    return dict(emulator.store.database(db.name).collections[name].docs)
