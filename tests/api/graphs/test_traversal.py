"""Traversals are AQL: over a named graph and over edge collections; the example runs; graph
calls work under every executor and across coordinators."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.graph import Graph
from arango_anyio.job import AsyncJob
from tests.api.graphs.conftest import SOCIAL_DEFINITIONS
from tests.conftest import ROOT_PASSWORD

pytestmark = pytest.mark.anyio

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "graph_traversal.py"


async def query(db: StandardDatabase, aql: str, **bind_vars: Any) -> list[Any]:
    async with db.aql.execute(aql, bind_vars=bind_vars) as cursor:
        return [item async for item in cursor]


async def test_traversal_over_the_named_graph(db: StandardDatabase, social: Graph) -> None:
    rows = await query(db, "FOR v, e, p IN 1..3 OUTBOUND @start GRAPH @graph "
                           "SORT LENGTH(p.edges), v._key "
                           "RETURN {v: v._key, path: p.vertices[*]._key, "
                           "edges: p.edges[*]._key}",
                       start="people/alice", graph="social")
    assert rows == [
        {"v": "bob", "path": ["alice", "bob"], "edges": ["ab"]},
        {"v": "paris", "path": ["alice", "paris"], "edges": ["alice"]},
        {"v": "berlin", "path": ["alice", "bob", "berlin"], "edges": ["ab", "bob"]},
        {"v": "carol", "path": ["alice", "bob", "carol"], "edges": ["ab", "bc"]},
    ]
    inbound = await query(db, "FOR v IN 1..2 INBOUND 'people/carol' GRAPH 'social' "
                              "RETURN v._key")
    assert inbound == ["bob", "alice"]


async def test_traversal_over_edge_collections(db: StandardDatabase, social: Graph) -> None:
    knows_only = await query(db, "FOR v IN 1..5 OUTBOUND @start @@edges RETURN v._key",
                             start="people/alice", **{"@edges": "knows"})
    assert knows_only == ["bob", "carol"]
    both = await query(db, "FOR v IN 1..1 ANY 'people/bob' knows, lives_in "
                           "SORT v._key RETURN v._key")
    assert both == ["alice", "berlin", "carol"]
    shortest = await query(db, "FOR v IN OUTBOUND SHORTEST_PATH 'people/alice' "
                               "TO 'people/carol' GRAPH 'social' RETURN v._key")
    assert shortest == ["alice", "bob", "carol"]


def _load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("graph_traversal_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def test_graph_traversal_example(db: StandardDatabase,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    result = await _load_example().run(db)
    assert [(r["person"], r["hops"]) for r in result["reachable"]] == [
        ("bob", 1), ("eve", 1), ("carol", 2), ("dave", 2), ("dave", 3)]
    assert result["friends"] == ["bob", "carol", "dave", "eve"]
    assert result["shortest"] == ["alice", "eve", "dave"]
    assert result["refused_with"] == 1947
    assert result["dave_known_by"] == ["people/carol"]
    out = capsys.readouterr().out
    assert "alice reaches carol in 2: alice -> bob -> carol" in out
    assert not await db.has_graph("social")


@pytest.mark.emulator_only
async def test_graph_traversal_example_standalone() -> None:
    result = await _load_example().run()
    assert result["refused_with"] == 1947


async def test_graph_calls_in_a_stream_transaction(db: StandardDatabase,
                                                   social: Graph) -> None:
    async with db.begin_transaction(write=["people", "knows"]) as txn:
        graph = txn.graph("social")
        await graph.insert_vertex("people", {"_key": "dave"})
        await graph.link("knows", "people/carol", "people/dave", {"_key": "cd"})
        assert await graph.has_vertex("people/dave") is True
        assert await social.has_vertex("people/dave") is False  # not committed yet
        await txn.abort_transaction()
    assert await social.has_vertex("people/dave") is False
    assert await social.has_edge("knows/cd") is False


async def test_graph_calls_as_async_jobs(db: StandardDatabase, social: Graph) -> None:
    adb = db.begin_async_execution()
    job = await adb.graph("social").vertex_collection("people").insert({"_key": "dave"})
    assert isinstance(job, AsyncJob)
    meta = await job.wait(poll_interval=0.01)
    assert meta["_id"] == "people/dave"
    props_job = await adb.graph("social").properties()
    assert isinstance(props_job, AsyncJob)
    assert (await props_job.wait(poll_interval=0.01))["name"] == "social"


async def test_graphs_across_coordinators(cluster: ArangoClient) -> None:
    db = await cluster.db("_system", username="root", password=ROOT_PASSWORD)
    graph = await db.create_graph("spread", edge_definitions=SOCIAL_DEFINITIONS)
    for key in ("a", "b", "c"):
        await graph.insert_vertex("people", {"_key": key})
    await graph.link("knows", "people/a", "people/b")
    await graph.link("knows", "people/b", "people/c")
    async with db.aql.execute("FOR v IN 1..2 OUTBOUND 'people/a' GRAPH 'spread' "
                              "RETURN v._key", batch_size=1) as cursor:
        assert [v async for v in cursor] == ["b", "c"]
    assert await db.delete_graph("spread", drop_collections=True)
