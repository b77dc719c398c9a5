"""A graph's properties, vertex collections and edge definitions."""

from __future__ import annotations

import pytest

from arango_anyio import StandardDatabase
from arango_anyio.exceptions import (
    EdgeCollectionListError,
    EdgeDefinitionCreateError,
    EdgeDefinitionDeleteError,
    EdgeDefinitionListError,
    EdgeDefinitionReplaceError,
    GraphPropertiesError,
    GraphTraverseError,
    InvalidArgumentError,
    VertexCollectionCreateError,
    VertexCollectionDeleteError,
    VertexCollectionListError,
)
from arango_anyio.graph import EdgeCollection, Graph, VertexCollection
from tests.recording import RecordingHTTPClient

pytestmark = pytest.mark.anyio


async def test_properties(social: Graph) -> None:
    props = await social.properties()
    assert props["id"] == "_graphs/social" and props["name"] == "social"
    assert props["key"] == "social" and isinstance(props["revision"], str)
    assert props["orphan_collections"] == ["pets"]
    assert [d["edge_collection"] for d in props["edge_definitions"]] == ["knows", "lives_in"]


async def test_unknown_graph(db: StandardDatabase) -> None:
    graph = db.graph("nope")
    with pytest.raises(GraphPropertiesError) as props:
        await graph.properties()
    assert (props.value.http_code, props.value.error_code) == (404, 1924)
    with pytest.raises(VertexCollectionListError):
        await graph.vertex_collections()
    with pytest.raises(EdgeDefinitionListError):
        await graph.edge_definitions()
    with pytest.raises(EdgeCollectionListError) as edges:
        await graph.edge_collections()
    assert (edges.value.http_code, edges.value.error_code) == (404, 1924)


async def test_vertex_collections(social: Graph, db: StandardDatabase) -> None:
    assert await social.vertex_collections() == ["cities", "people", "pets"]
    assert await social.has_vertex_collection("pets") is True
    assert await social.has_vertex_collection("robots") is False
    robots = await social.create_vertex_collection("robots")
    assert isinstance(robots, VertexCollection) and robots.name == "robots"
    assert robots.graph == "social"
    assert await db.has_collection("robots")
    assert (await social.properties())["orphan_collections"] == ["pets", "robots"]
    with pytest.raises(VertexCollectionCreateError) as again:
        await social.create_vertex_collection("robots")
    assert again.value.error_code == 1938
    with pytest.raises(VertexCollectionCreateError) as used:
        await social.create_vertex_collection("people")
    assert used.value.error_code == 1929
    assert await social.delete_vertex_collection("robots") is True
    assert await db.has_collection("robots")
    assert await social.delete_vertex_collection("pets", purge=True) is True
    assert not await db.has_collection("pets")
    with pytest.raises(VertexCollectionDeleteError) as in_use:
        await social.delete_vertex_collection("people")
    assert (in_use.value.http_code, in_use.value.error_code) == (400, 1928)


@pytest.mark.emulator_only
async def test_create_vertex_collection_sends_options(social: Graph,
                                                      http: RecordingHTTPClient) -> None:
    await social.create_vertex_collection("satellite_nodes",
                                          options={"satellites": ["satellite_nodes"]})
    sent = http.last("POST")
    assert sent.url.endswith("/_api/gharial/social/vertex")
    assert sent.body == {"collection": "satellite_nodes",
                         "options": {"satellites": ["satellite_nodes"]}}
    await social.delete_vertex_collection("satellite_nodes", purge=True)
    assert http.last("DELETE").params == {"dropCollection": "true"}


async def test_edge_definitions(social: Graph, db: StandardDatabase) -> None:
    assert await social.edge_definitions() == [
        {"edge_collection": "knows", "from_vertex_collections": ["people"],
         "to_vertex_collections": ["people"]},
        {"edge_collection": "lives_in", "from_vertex_collections": ["people"],
         "to_vertex_collections": ["cities"]}]
    assert await social.has_edge_definition("knows") is True
    assert await social.has_edge_collection("lives_in") is True
    assert await social.edge_collections() == ["knows", "lives_in"]
    assert await social.has_edge_definition("people") is False
    owns = await social.create_edge_definition("owns", ["people"], ["pets", "cars"])
    assert isinstance(owns, EdgeCollection) and owns.name == "owns"
    assert await db.has_collection("cars")
    assert (await social.properties())["orphan_collections"] == []  # pets is used now
    with pytest.raises(EdgeDefinitionCreateError) as twice:
        await social.create_edge_definition("owns", ["people"], ["cars"])
    assert twice.value.error_code == 1920
    replaced = await social.replace_edge_definition("owns", ["people"], ["cars"])
    assert replaced.name == "owns"
    assert (await social.properties())["orphan_collections"] == ["pets"]
    with pytest.raises(EdgeDefinitionReplaceError) as unknown:
        await social.replace_edge_definition("nope", ["a"], ["b"])
    assert (unknown.value.http_code, unknown.value.error_code) == (404, 1930)
    assert await social.delete_edge_definition("owns", purge=True) is True
    assert not await db.has_collection("owns")
    assert await social.has_edge_definition("owns") is False
    assert (await social.properties())["orphan_collections"] == ["cars", "pets"]
    with pytest.raises(EdgeDefinitionDeleteError) as gone:
        await social.delete_edge_definition("owns")
    assert gone.value.error_code == 1930


async def test_edge_definition_arguments_are_checked(social: Graph) -> None:
    with pytest.raises(InvalidArgumentError):
        await social.create_edge_definition("", ["a"], ["b"])
    with pytest.raises(InvalidArgumentError):
        await social.create_edge_definition("e", [""], ["b"])
    with pytest.raises(InvalidArgumentError):
        await social.replace_edge_definition("e", ["a"], 3)  # type: ignore[arg-type]


@pytest.mark.emulator_only
async def test_edge_definition_requests(social: Graph, http: RecordingHTTPClient) -> None:
    await social.create_edge_definition("owns", "people", ["cars"],
                                        options={"satellites": ["cars"]})
    assert http.last("POST").body == {"collection": "owns", "from": ["people"],
                                      "to": ["cars"], "options": {"satellites": ["cars"]}}
    await social.replace_edge_definition("owns", ["people"], ["pets"])
    put = http.last("PUT")
    assert put.url.endswith("/_api/gharial/social/edge/owns")
    assert put.body == {"collection": "owns", "from": ["people"], "to": ["pets"]}
    await social.delete_edge_definition("owns")
    delete = http.last("DELETE")
    assert delete.url.endswith("/_api/gharial/social/edge/owns")
    assert delete.params == {"dropCollections": "false"}


async def test_traverse_is_deprecated_and_gone(social: Graph) -> None:
    with pytest.warns(DeprecationWarning), pytest.raises(GraphTraverseError) as gone:
        await social.traverse("people/alice", strategy="bfs", max_depth=2,
                              vertex_uniqueness="global")
    assert gone.value.http_code == 404


async def test_handles(social: Graph) -> None:
    people = social.vertex_collection("people")
    knows = social.edge_collection("knows")
    assert repr(people) == "<VertexCollection people (graph social)>"
    assert repr(knows) == "<EdgeCollection knows (graph social)>"
    # the plain collection API is inherited
    assert await people.count() == 3
    assert await knows.count() == 2
    assert (await knows.properties())["edge"] is True
