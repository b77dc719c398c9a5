"""Graph traversals (``FOR v, e, p IN min..max DIR start ...``) and path searches."""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterator
from typing import Any

from arango_anyio.testing._aql import ast
from arango_anyio.testing._aql.context import Direction, Document
from arango_anyio.testing._aql.evaluator import Env, evaluate
from arango_anyio.testing._aql.runtime import Runtime
from arango_anyio.testing._aql.values import to_number, truthy
from arango_anyio.testing._protocol.errors import EmuError

EdgeSource = list[tuple[str, Direction]]


def _options(expr: ast.Expr | None, env: Env, rt: Runtime) -> dict[str, Any]:
    if expr is None:
        return {}
    value = evaluate(expr, env, rt)
    if not isinstance(value, dict):
        raise EmuError(1539, "AQL: unknown/invalid OPTIONS attribute used (while parsing)")
    return value


def _edge_source(
    edges: list[tuple[str, str | None]], graph: ast.Expr | None, direction: str, env: Env,
    rt: Runtime,
) -> EdgeSource:
    """The (edge collection, direction) lookups of a traversal, in the server's order: a
    named graph's edge collections sorted by name (ArangoDB keeps them in a set), listed
    collections in query order; ANY is an OUTBOUND lookup followed by an INBOUND one."""
    default: Direction = direction  # type: ignore[assignment]
    wanted: list[tuple[str, Direction]] = []
    if graph is not None:
        name = evaluate(graph, env, rt)
        if not isinstance(name, str):
            raise EmuError(1924, "AQL: graph not found (while parsing)")
        names = sorted({d["collection"] for d in rt.ctx.graph(name)})
        wanted = [(collection, default) for collection in names]
    else:
        for collection, own in edges:
            if rt.ctx.collection_type(collection) != "edge":
                raise EmuError(1218, f"AQL: collection type invalid for collection "
                                     f"'{collection}': expecting collection type 'edge' "
                                     "(while parsing)")
            chosen: Direction = default if own is None else own  # type: ignore[assignment]
            wanted.append((collection, chosen))
    out: EdgeSource = []
    for collection, chosen in wanted:
        if chosen == "any":
            out.extend(((collection, "outbound"), (collection, "inbound")))
        else:
            out.append((collection, chosen))
    return out


def _vertex_id(value: Any, rt: Runtime) -> str | None:
    if isinstance(value, dict):
        value = value.get("_id")
    if isinstance(value, str) and "/" in value:
        return value
    rt.warn(10, "Invalid input for traversal: Only id strings or objects with _id are "
                "allowed")
    return None


def _fetch_vertex(vertex_id: str, rt: Runtime) -> Document | None:
    collection, _, key = vertex_id.partition("/")
    rt.stats["documentLookups"] += 1
    try:
        doc = rt.ctx.lookup(collection, key)
    except EmuError:
        doc = None
    if doc is None:
        rt.warn(1202, f"vertex '{vertex_id}' not found")
    return doc


def _neighbors(vertex_id: str, source: EdgeSource, rt: Runtime
               ) -> Iterator[tuple[Document, str]]:
    """The edges of ``vertex_id`` and the vertex at their other end, in the order the
    server's edge index gives them: lookup by lookup, oldest edge first."""
    for collection, direction in source:
        for edge in rt.ctx.edges(collection, vertex_id, direction):
            rt.stats["scannedIndex"] += 1
            yield edge, str(edge["_to"] if direction == "outbound" else edge["_from"])


def run_traversal(op: ast.Traversal, rows: list[Env], base: Env, rt: Runtime) -> list[Env]:
    """Expand every row into one row per path the traversal emits."""
    out: list[Env] = []
    for row in rows:
        out.extend(_traverse(op, row, rt))
    return out


def _traverse(op: ast.Traversal, row: Env, rt: Runtime) -> Iterator[Env]:
    options = _options(op.options, row, rt)
    source = _edge_source(op.edge_collections, op.graph, op.direction, row, rt)
    min_depth = int(to_number(evaluate(op.min_depth, row, rt)))
    max_depth = int(to_number(evaluate(op.max_depth, row, rt)))
    start_id = _vertex_id(evaluate(op.start, row, rt), rt)
    if start_id is None:
        return
    start = _fetch_vertex(start_id, rt)
    if start is None:
        return
    order = str(options.get("order", "bfs" if options.get("bfs") else "dfs")).lower()
    unique_vertices = str(options.get("uniqueVertices", "none")).lower()
    unique_edges = str(options.get("uniqueEdges", "path")).lower()
    allowed_vertex = options.get("vertexCollections")
    if isinstance(allowed_vertex, str):
        allowed_vertex = [allowed_vertex]
    allowed_edges = options.get("edgeCollections")
    if isinstance(allowed_edges, str):
        allowed_edges = [allowed_edges]
    if allowed_edges:
        source = [s for s in source if s[0] in allowed_edges]
    visited: set[str] = {start_id}

    def emit(vertices: list[Document | None], edges: list[Document]) -> tuple[Env, bool]:
        env = dict(row)
        env[op.vertex] = vertices[-1]
        if op.edge is not None:
            env[op.edge] = edges[-1] if edges else None
        path = {"edges": list(edges), "vertices": list(vertices)}
        if op.path is not None:
            env[op.path] = path
        pruned = False
        if op.prune is not None:
            scope = dict(env)
            scope.setdefault(op.edge or "\x00e", edges[-1] if edges else None)
            scope.setdefault(op.path or "\x00p", path)
            value = evaluate(op.prune, scope, rt)
            if op.prune_var is not None:
                env[op.prune_var] = value
            pruned = truthy(value)
        return env, pruned

    Frame = tuple[list[Document | None], list[Document], list[str]]
    pending: deque[Frame] = deque([([start], [], [start_id])])
    while pending:
        rt.tick()
        vertices, edges, ids = pending.popleft() if order == "bfs" else pending.pop()
        depth = len(edges)
        env, pruned = emit(vertices, edges)
        vertex_ok = not allowed_vertex or ids[-1].partition("/")[0] in allowed_vertex
        if depth >= min_depth and vertex_ok:
            yield env
        if pruned or depth >= max_depth:
            continue
        children: list[Frame] = []
        for edge, other in _neighbors(ids[-1], source, rt):
            if unique_edges == "path" and any(e["_id"] == edge["_id"] for e in edges):
                continue
            if unique_vertices == "path" and other in ids:
                continue
            if unique_vertices == "global":
                if other in visited:
                    continue
                visited.add(other)
            vertex = _fetch_vertex(other, rt)
            children.append(([*vertices, vertex], [*edges, edge], [*ids, other]))
        # depth-first pops the last pushed neighbour first (the most recently inserted
        # edge); breadth-first keeps the index order
        pending.extend(children)


# ------------------------------------------------------------------------- path searches


def _weight(edge: Document, options: dict[str, Any]) -> float:
    attribute = options.get("weightAttribute")
    if not attribute:
        return 1.0
    value = edge.get(str(attribute))
    if value is None:
        return float(to_number(options.get("defaultWeight", 1)))
    return float(to_number(value))


def _shortest(start: str, target: str, source: EdgeSource, options: dict[str, Any],
              rt: Runtime) -> tuple[list[str], list[Document]] | None:
    best: dict[str, float] = {start: 0.0}
    previous: dict[str, tuple[str, Document]] = {}
    heap: list[tuple[float, int, str]] = [(0.0, 0, start)]
    counter = 0
    while heap:
        rt.tick()
        dist, _, vertex = heapq.heappop(heap)
        if vertex == target:
            break
        if dist > best.get(vertex, float("inf")):
            continue
        for edge, other in _neighbors(vertex, source, rt):
            nd = dist + _weight(edge, options)
            if nd < best.get(other, float("inf")):
                best[other] = nd
                previous[other] = (vertex, edge)
                counter += 1
                heapq.heappush(heap, (nd, counter, other))
    if target not in best:
        return None
    ids = [target]
    edges: list[Document] = []
    while ids[-1] != start:
        vertex, edge = previous[ids[-1]]
        ids.append(vertex)
        edges.append(edge)
    return ids[::-1], edges[::-1]


def _all_paths(start: str, target: str, source: EdgeSource, max_depth: int, rt: Runtime
               ) -> list[tuple[list[str], list[Document]]]:
    found: list[tuple[list[str], list[Document]]] = []
    stack: list[tuple[list[str], list[Document]]] = [([start], [])]
    while stack:
        rt.tick()
        ids, edges = stack.pop()
        if ids[-1] == target:
            found.append((ids, edges))
            continue
        if len(edges) >= max_depth:
            continue
        children = [([*ids, other], [*edges, edge])
                    for edge, other in _neighbors(ids[-1], source, rt) if other not in ids]
        stack.extend(reversed(children))  # paths in edge index order (oldest edge first)
    return found


def run_shortest_path(op: ast.ShortestPath, rows: list[Env], base: Env, rt: Runtime
                      ) -> list[Env]:
    """SHORTEST_PATH (one row per vertex) and K_SHORTEST_PATHS / K_PATHS /
    ALL_SHORTEST_PATHS (one row per path)."""
    out: list[Env] = []
    for row in rows:
        options = _options(op.options, row, rt)
        source = _edge_source(op.edge_collections, op.graph, op.direction, row, rt)
        start = _vertex_id(evaluate(op.start, row, rt), rt)
        target = _vertex_id(evaluate(op.target, row, rt), rt)
        if start is None or target is None:
            continue
        if op.kind == "SHORTEST_PATH":
            found = _shortest(start, target, source, options, rt)
            if found is None:
                continue
            ids, edges = found
            for i, vertex_id in enumerate(ids):
                env = dict(row)
                env[op.vertex] = _fetch_vertex(vertex_id, rt)
                if op.edge is not None:
                    env[op.edge] = edges[i - 1] if i > 0 else None
                out.append(env)
            continue
        max_depth = 10
        min_depth = 0
        if op.max_depth is not None:
            max_depth = int(to_number(evaluate(op.max_depth, row, rt)))
        if op.min_depth is not None:
            min_depth = int(to_number(evaluate(op.min_depth, row, rt)))
        paths = _all_paths(start, target, source, max_depth, rt)
        weighted = [(sum(_weight(e, options) for e in edges), ids, edges)
                    for ids, edges in paths if len(edges) >= min_depth]
        weighted.sort(key=lambda item: (item[0], len(item[2])))
        if op.kind == "ALL_SHORTEST_PATHS" and weighted:
            shortest = len(weighted[0][2])
            weighted = [w for w in weighted if len(w[2]) == shortest]
        for weight, ids, edges in weighted:
            env = dict(row)
            path: dict[str, Any] = {
                "edges": edges, "vertices": [_fetch_vertex(i, rt) for i in ids],
            }
            if op.kind == "K_SHORTEST_PATHS":
                path["weight"] = weight if options.get("weightAttribute") else len(edges)
            env[op.vertex] = path
            out.append(env)
    return out
