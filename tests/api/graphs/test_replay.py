"""The graph calls send what a real ArangoDB 3.12 expects and turn its recorded answers into
the documented results (``tests/conformance/data/recorded-3.12.jsonl``, examples
``HttpGharial*``)."""

from __future__ import annotations

import pytest

from arango_anyio.exceptions import VertexCollectionDeleteError
from arango_anyio.graph import EdgeCollection, Graph, VertexCollection
from tests.api.admin.replay import recorded, replay_db

pytestmark = pytest.mark.anyio

EDGES = [{"edge_collection": "edges", "from_vertex_collections": ["startNodes"],
          "to_vertex_collections": ["endNodes"]}]


async def test_create_general_graph_and_read_it() -> None:
    async with replay_db(recorded("HttpGharialGetGraph_single")) as (db, _):
        props = await db.graph("myGraph").properties()
    assert props == {"id": "_graphs/myGraph", "key": "myGraph", "name": "myGraph",
                     "revision": "_l6zhVt6---", "orphan_collections": [],
                     "edge_definitions": EDGES}


async def test_create_satellite_graph() -> None:
    async with replay_db(recorded("HttpGharialCreateSatellite_single")) as (db, _):
        graph = await db.create_graph("satelliteGraph", edge_definitions=EDGES,
                                      orphan_collections=[], replication_factor="satellite")
    assert isinstance(graph, Graph) and graph.name == "satelliteGraph"


async def test_create_smart_graphs() -> None:
    async with replay_db(recorded("HttpGharialCreateSmart_single"),
                         recorded("HttpGharialCreateSmartWithSatellites_single")) as (db, _):
        smart = await db.create_graph("smartGraph", edge_definitions=EDGES,
                                      orphan_collections=["orphanNodes"], smart=True,
                                      replication_factor=2, shard_count=9,
                                      smart_field="region")
        again = await db.create_graph("smartGraph", edge_definitions=EDGES,
                                      orphan_collections=["orphanNodes"], smart=True,
                                      replication_factor=2, shard_count=9,
                                      smart_field="region", satellites=["endNodes"])
    assert smart.name == again.name == "smartGraph"


async def test_drop_graph_with_collections() -> None:
    async with replay_db(recorded("HttpGharialDrop_single")) as (db, _):
        assert await db.delete_graph("social", drop_collections=True) is True


async def test_vertex_collections_and_edge_definitions() -> None:
    async with replay_db(
        recorded("HttpGharialAddVertexCol_single"),
        recorded("HttpGharialAddEdgeCol_single"),
        recorded("HttpGharialReplaceEdgeCol_single"),
        # python-arango (and this client) always send dropCollection explicitly
        recorded("HttpGharialRemoveVertexCollectionFailed_single",
                 optional_query={"dropCollection": "false"}),
    ) as (db, _):
        graph = db.graph("social")
        other = await graph.create_vertex_collection("otherNodes")
        assert isinstance(other, VertexCollection) and other.name == "otherNodes"
        works_in = await graph.create_edge_definition("works_in", ["female", "male"],
                                                      ["city"])
        assert isinstance(works_in, EdgeCollection) and works_in.name == "works_in"
        relation = await graph.replace_edge_definition(
            "relation", ["female", "male", "animal"], ["female", "male", "animal"])
        assert relation.name == "relation"
        with pytest.raises(VertexCollectionDeleteError) as refused:
            await graph.delete_vertex_collection("male")
    assert (refused.value.http_code, refused.value.error_code) == (400, 1928)
    assert refused.value.error_message == "collection is not in list of orphan collections"


async def test_vertex_and_edge_documents() -> None:
    put = recorded("HttpGharialPutEdge_single")
    # the client also names the edge in the body (the server takes the key from the URL)
    put.request_body = {**put.request_body, "_key": "73440"}
    async with replay_db(recorded("HttpGharialAddVertex_single"),
                         recorded("HttpGharialDeleteVertex_single"), put) as (db, _):
        graph = db.graph("social")
        assert await graph.insert_vertex("male", {"name": "Francis"}) == {
            "_id": "male/72753", "_key": "72753", "_rev": "_l6zhV7y---"}
        assert await graph.delete_vertex("female/alice") is True
        replaced = await graph.edge_collection("relation").replace(
            {"_key": "73440", "type": "divorced", "_from": "female/alice",
             "_to": "male/bob"})
    assert replaced == {"_id": "relation/73440", "_key": "73440",
                        "_old_rev": "_l6zhWHi--B", "_rev": "_l6zhWHq---"}
