"""Database-level graph calls: graph, has_graph, graphs, create_graph, delete_graph."""

from __future__ import annotations

import pytest

from arango_anyio import StandardDatabase
from arango_anyio.exceptions import (
    GraphCreateError,
    GraphDeleteError,
    InvalidArgumentError,
)
from arango_anyio.graph import Graph
from tests.api.graphs.conftest import SOCIAL_DEFINITIONS
from tests.recording import RecordingHTTPClient

pytestmark = pytest.mark.anyio


async def test_graph_handle_does_no_io(db: StandardDatabase, http: RecordingHTTPClient
                                       ) -> None:
    before = len(http.sent)
    graph = db.graph("nothing/here")
    assert isinstance(graph, Graph) and graph.name == "nothing/here"
    assert repr(graph) == "<Graph nothing/here>"
    assert len(http.sent) == before
    with pytest.raises(InvalidArgumentError):
        db.graph("")


async def test_create_has_list_delete(db: StandardDatabase) -> None:
    assert await db.has_graph("social") is False
    assert await db.graphs() == []
    graph = await db.create_graph("social", edge_definitions=SOCIAL_DEFINITIONS,
                                  orphan_collections=["pets"])
    assert graph.name == "social"
    assert await db.has_graph("social") is True
    for name in ("knows", "lives_in", "people", "cities", "pets"):
        assert await db.has_collection(name)
    assert (await db.collection("knows").properties())["edge"] is True
    [listed] = await db.graphs()
    assert listed["name"] == "social" and listed["id"] == "_graphs/social"
    assert listed["key"] == "social" and listed["revision"]
    assert listed["orphan_collections"] == ["pets"]
    assert listed["edge_definitions"] == SOCIAL_DEFINITIONS
    assert await db.delete_graph("social") is True
    assert await db.has_graph("social") is False
    assert await db.has_collection("knows")  # kept without drop_collections


async def test_create_accepts_the_server_shape_of_definitions(db: StandardDatabase) -> None:
    await db.create_graph("g", edge_definitions=[{"collection": "e", "from": ["a"],
                                                  "to": ["b", "c"]}])
    props = await db.graph("g").properties()
    assert props["edge_definitions"] == [{"edge_collection": "e",
                                          "from_vertex_collections": ["a"],
                                          "to_vertex_collections": ["b", "c"]}]


async def test_create_errors(db: StandardDatabase) -> None:
    await db.create_graph("social", edge_definitions=SOCIAL_DEFINITIONS)
    with pytest.raises(GraphCreateError) as dup:
        await db.create_graph("social")
    assert (dup.value.http_code, dup.value.error_code) == (409, 1925)
    with pytest.raises(GraphCreateError) as conflict:
        await db.create_graph("other", edge_definitions=[
            {"edge_collection": "knows", "from_vertex_collections": ["robots"],
             "to_vertex_collections": ["people"]}])
    assert conflict.value.error_code == 1921
    await db.create_collection("plain")
    with pytest.raises(GraphCreateError) as document_collection:
        await db.create_graph("third", edge_definitions=[
            {"edge_collection": "plain", "from_vertex_collections": ["a"],
             "to_vertex_collections": ["b"]}])
    assert document_collection.value.error_code == 1944


async def test_create_refuses_bad_arguments_before_sending(
        db: StandardDatabase, http: RecordingHTTPClient) -> None:
    before = len(http.sent)
    with pytest.raises(InvalidArgumentError):
        await db.create_graph("")
    with pytest.raises(InvalidArgumentError):
        await db.create_graph("g", edge_definitions=[{"edge_collection": "e",
                                                      "from_vertex_collections": [1],
                                                      "to_vertex_collections": ["b"]}])
    with pytest.raises(InvalidArgumentError):
        await db.create_graph("g", edge_definitions=["e"])  # type: ignore[list-item]
    with pytest.raises(InvalidArgumentError):
        await db.create_graph("g", satellites=["a"], satellite_collections=["b"])
    assert len(http.sent) == before


@pytest.mark.emulator_only
async def test_enterprise_options_pass_through(db: StandardDatabase,
                                               http: RecordingHTTPClient) -> None:
    await db.create_graph("smart", edge_definitions=SOCIAL_DEFINITIONS, smart=True,
                          disjoint=False, smart_field="region", shard_count=9,
                          replication_factor=2, write_concern=1, satellites=["cities"],
                          sync=True)
    sent = http.last("POST")
    assert sent.params == {"waitForSync": "true"}
    assert sent.body["isSmart"] is True and sent.body["isDisjoint"] is False
    assert sent.body["options"] == {"smartGraphAttribute": "region", "numberOfShards": 9,
                                    "replicationFactor": 2, "writeConcern": 1,
                                    "satellites": ["cities"]}
    props = await db.graph("smart").properties()
    assert (props["smart"], props["smart_field"], props["shard_count"]) == (True, "region", 9)
    assert props["replication_factor"] == 2 and props["disjoint"] is False
    await db.create_graph("sat", edge_definitions=[{"collection": "e", "from": ["s"],
                                                    "to": ["t"]}],
                          replication_factor="satellite")
    sat = await db.graph("sat").properties()
    assert sat["is_satellite"] is True and sat["replication_factor"] == "satellite"


async def test_delete_graph(db: StandardDatabase) -> None:
    with pytest.raises(GraphDeleteError) as missing:
        await db.delete_graph("nope")
    assert (missing.value.http_code, missing.value.error_code) == (404, 1924)
    assert await db.delete_graph("nope", ignore_missing=True) is False
    await db.create_graph("social", edge_definitions=SOCIAL_DEFINITIONS)
    await db.create_graph("homes", edge_definitions=[
        {"edge_collection": "owns", "from_vertex_collections": ["people"],
         "to_vertex_collections": ["houses"]}])
    assert await db.delete_graph("social", drop_collections=True) is True
    assert not await db.has_collection("knows")
    assert not await db.has_collection("cities")
    assert await db.has_collection("people")  # still used by "homes"
