"""Fixtures for the graph API tests: a recording client and the "social" graph."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.graph import Graph
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


SOCIAL_DEFINITIONS = [{"edge_collection": "knows", "from_vertex_collections": ["people"],
                       "to_vertex_collections": ["people"]},
                      {"edge_collection": "lives_in", "from_vertex_collections": ["people"],
                       "to_vertex_collections": ["cities"]}]


@pytest.fixture
async def social(db: StandardDatabase) -> Graph:
    """Graph ``social``: people (alice, bob, carol) who know each other, living in cities
    (paris, berlin); orphan collection ``pets``."""
    graph = await db.create_graph("social", edge_definitions=SOCIAL_DEFINITIONS,
                                  orphan_collections=["pets"])
    for key in ("alice", "bob", "carol"):
        await graph.insert_vertex("people", {"_key": key, "name": key.title()})
    for key in ("paris", "berlin"):
        await graph.insert_vertex("cities", {"_key": key})
    await graph.link("knows", "people/alice", "people/bob", {"_key": "ab", "since": 2010})
    await graph.link("knows", "people/bob", "people/carol", {"_key": "bc", "since": 2015})
    await graph.link("lives_in", "people/alice", "cities/paris", {"_key": "alice"})
    await graph.link("lives_in", "people/bob", "cities/berlin", {"_key": "bob"})
    return graph
