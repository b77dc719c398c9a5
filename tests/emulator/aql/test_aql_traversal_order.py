"""The order a traversal visits neighbours in, as ArangoDB 3.12 does: for a vertex it looks
up each (edge collection, direction) in turn — a named graph's edge collections sorted by
name, ANY as OUTBOUND then INBOUND — each lookup giving edges oldest first; depth-first
pushes them all on a stack (so the newest edge is followed first), breadth-first queues them.
Path searches (K_SHORTEST_PATHS, ALL_SHORTEST_PATHS) list equal paths in lookup order."""

from __future__ import annotations

from typing import Any

import pytest

from arango_anyio.testing import Emulator
from arango_anyio.testing._aql.memory import MemoryContext

from ._util import api
from .conftest import run


@pytest.fixture
def graph() -> MemoryContext:
    """``v/a`` has edges in two collections: ``zroads`` (a->b, then a->c) and ``aroads``
    (a->d), plus ``e->a`` (inbound for a) in ``aroads``."""
    ctx = MemoryContext()
    ctx.create("v", docs=[{"_key": k} for k in "abcde"])
    ctx.create("zroads", "edge", docs=[
        {"_key": "ab", "_from": "v/a", "_to": "v/b"},
        {"_key": "ac", "_from": "v/a", "_to": "v/c"},
    ])
    ctx.create("aroads", "edge", docs=[
        {"_key": "ad", "_from": "v/a", "_to": "v/d"},
        {"_key": "ea", "_from": "v/e", "_to": "v/a"},
    ])
    # defined in this order; traversals use the collections sorted by name
    ctx.graphs["g"] = [{"collection": "zroads", "from": ["v"], "to": ["v"]},
                       {"collection": "aroads", "from": ["v"], "to": ["v"]}]
    return ctx


CASES: list[tuple[str, list[Any]]] = [
    # lookups: aroads (d), zroads (b, c) -> visited newest pushed first
    ("FOR x IN 1 OUTBOUND 'v/a' GRAPH 'g' RETURN x._key", ["c", "b", "d"]),
    ("FOR x IN 1 OUTBOUND 'v/a' GRAPH 'g' OPTIONS {order: 'bfs'} RETURN x._key",
     ["d", "b", "c"]),
    # listed collections keep the query's order
    ("FOR x IN 1 OUTBOUND 'v/a' zroads, aroads RETURN x._key", ["d", "c", "b"]),
    # ANY: aroads OUT (d), aroads IN (e), zroads OUT (b, c), zroads IN (none)
    ("FOR x IN 1 ANY 'v/a' GRAPH 'g' RETURN x._key", ["c", "b", "e", "d"]),
    ("FOR x IN 1 ANY 'v/a' GRAPH 'g' OPTIONS {order: 'bfs'} RETURN x._key",
     ["d", "e", "b", "c"]),
    ("FOR x IN 1 INBOUND 'v/a' aroads, ANY zroads RETURN x._key", ["c", "b", "e"]),
]


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_neighbour_order(graph: MemoryContext, query: str, expected: list[Any]) -> None:
    assert run(graph, query).result == expected


@pytest.mark.anyio
async def test_a_rewritten_edge_is_the_newest() -> None:
    # RocksDB's edge index keys an edge by its document revision: an updated edge is the
    # most recently written one, so depth-first follows it first
    emu = Emulator(root_password="")
    async with api(emu) as (client,):
        for name, kind in (("v", 2), ("e", 3)):
            assert (await client.call("POST", "/_api/collection",
                                      {"name": name, "type": kind}))[0] == 200
        for key in "abc":
            await client.call("POST", "/_api/document/v", {"_key": key})
        for key, to in (("ab", "v/b"), ("ac", "v/c")):
            await client.call("POST", "/_api/document/e", {"_key": key, "_from": "v/a",
                                                           "_to": to})
        query = "FOR x IN 1 OUTBOUND 'v/a' e RETURN x._key"
        assert (await client.query(query))[1]["result"] == ["c", "b"]
        await client.call("PATCH", "/_api/document/e/ab", {"note": 1})
        assert (await client.query(query))[1]["result"] == ["b", "c"]


def test_equal_paths_in_lookup_order(graph: MemoryContext) -> None:
    graph.create("more", "edge", docs=[
        {"_key": "bf", "_from": "v/b", "_to": "v/f"}, {"_key": "cf", "_from": "v/c", "_to": "v/f"}])
    graph.insert("v", {"_key": "f"}, {})
    query = ("FOR p IN OUTBOUND K_SHORTEST_PATHS 'v/a' TO 'v/f' zroads, more "
             "RETURN p.vertices[*]._key")
    assert run(graph, query).result == [["a", "b", "f"], ["a", "c", "f"]]
    query = query.replace("K_SHORTEST_PATHS", "ALL_SHORTEST_PATHS")
    assert run(graph, query).result == [["a", "b", "f"], ["a", "c", "f"]]
