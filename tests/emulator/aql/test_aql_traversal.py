"""Graph traversals and path searches.

The graph: alice -> bob -> carol -> dave, and alice -> dave (collection ``knows``, edges
inserted in that order). Depth-first traversals visit the most recently inserted edge of a
vertex first (ArangoDB pushes a vertex's edges, in edge index order, on a stack);
breadth-first ones and path searches keep the edge index order.
"""

from __future__ import annotations

from typing import Any

import pytest

from arango_anyio.testing._aql.memory import MemoryContext
from arango_anyio.testing._protocol.errors import EmuError

from .conftest import run

CASES: list[tuple[str, list[Any]]] = [
    ("FOR v IN 1..1 OUTBOUND 'users/alice' knows RETURN v._key", ["dave", "bob"]),
    ("FOR v IN OUTBOUND 'users/alice' knows RETURN v._key", ["dave", "bob"]),
    ("FOR v IN 1..3 OUTBOUND 'users/alice' knows RETURN v._key",
     ["dave", "bob", "carol", "dave"]),
    ("FOR v IN 0..1 OUTBOUND 'users/alice' knows RETURN v._key", ["alice", "dave", "bob"]),
    ("FOR v IN 2..2 OUTBOUND 'users/alice' knows RETURN v._key", ["carol"]),
    ("FOR v IN 1..3 INBOUND 'users/dave' knows RETURN v._key", ["alice", "carol", "bob", "alice"]),
    ("FOR v IN 1 ANY 'users/bob' knows SORT v._key RETURN v._key", ["alice", "carol"]),
    ("FOR v, e IN 1..1 OUTBOUND 'users/alice' knows RETURN e.since", [2021, 2010]),
    ("FOR v, e, p IN 2 OUTBOUND 'users/alice' knows RETURN p.vertices[*]._key",
     [["alice", "bob", "carol"]]),
    ("FOR v, e, p IN 3 OUTBOUND 'users/alice' knows RETURN p.edges[*]._key",
     [["ab", "bc", "cd"]]),
    ("FOR u IN users FILTER u._key == 'bob' FOR v IN 1 OUTBOUND u knows RETURN v.name",
     ["Carol"]),
    ("FOR v IN 1..3 OUTBOUND 'users/alice' GRAPH 'social' RETURN v._key",
     ["dave", "bob", "carol", "dave"]),
    ("FOR v IN 1..3 OUTBOUND 'users/alice' knows OPTIONS {order: 'bfs'} RETURN v._key",
     ["bob", "dave", "carol", "dave"]),
    ("FOR v IN 1..3 OUTBOUND 'users/alice' knows "
     "OPTIONS {order: 'bfs', uniqueVertices: 'global'} RETURN v._key", ["bob", "dave", "carol"]),
    ("FOR v, e, p IN 1..3 OUTBOUND 'users/alice' knows PRUNE v._key == 'bob' RETURN v._key",
     ["dave", "bob"]),
    ("FOR v IN 1..3 OUTBOUND 'users/alice' knows FILTER v.age > 30 RETURN v._key", ["carol"]),
    ("FOR v IN 1..5 ANY 'users/alice' knows OPTIONS {uniqueVertices: 'path'} "
     "COLLECT WITH COUNT INTO n RETURN n", [6]),
    ("FOR v, e IN OUTBOUND SHORTEST_PATH 'users/alice' TO 'users/carol' knows "
     "RETURN [v._key, e._key]", [["alice", None], ["bob", "ab"], ["carol", "bc"]]),
    ("FOR v IN ANY SHORTEST_PATH 'users/dave' TO 'users/alice' knows RETURN v._key",
     ["dave", "alice"]),
    ("FOR v IN OUTBOUND SHORTEST_PATH 'users/dave' TO 'users/alice' knows RETURN v", []),
    ("FOR p IN OUTBOUND K_SHORTEST_PATHS 'users/alice' TO 'users/dave' knows "
     "RETURN p.vertices[*]._key", [["alice", "dave"], ["alice", "bob", "carol", "dave"]]),
    ("FOR p IN 1..2 OUTBOUND K_PATHS 'users/alice' TO 'users/dave' knows "
     "RETURN LENGTH(p.edges)", [1]),
    ("FOR p IN OUTBOUND ALL_SHORTEST_PATHS 'users/alice' TO 'users/carol' knows "
     "RETURN p.vertices[*]._key", [["alice", "bob", "carol"]]),
]


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_traversal(ctx: MemoryContext, query: str, expected: list[Any]) -> None:
    assert run(ctx, query).result == expected


def test_unknown_graph(ctx: MemoryContext) -> None:
    with pytest.raises(EmuError) as info:
        run(ctx, "FOR v IN 1 OUTBOUND 'users/alice' GRAPH 'nope' RETURN v")
    assert info.value.error_num == 1924


def test_traversal_over_a_document_collection_is_rejected(ctx: MemoryContext) -> None:
    with pytest.raises(EmuError) as info:
        run(ctx, "FOR v IN 1 OUTBOUND 'users/alice' users RETURN v")
    assert info.value.error_num == 1218


def test_bad_start_vertex_gives_a_warning_and_no_rows(ctx: MemoryContext) -> None:
    result = run(ctx, "FOR v IN 1 OUTBOUND 42 knows RETURN v")
    assert result.result == []
    assert result.warnings
