"""The server's geo index optimization, as far as it changes results.

ArangoDB answers ``FOR doc IN coll ... FILTER GEO_DISTANCE(point, doc.loc) <= r`` (also
``SORT GEO_DISTANCE(...)``, ``GEO_CONTAINS(area, point)``, ``GEO_INTERSECTS``,
``GEO_IN_RANGE`` and ``DISTANCE(doc.lat, doc.lon, ...)``) from a geo index when the point is
built from the attributes of a geo index of ``coll``. The index is sparse: documents without a
valid point are never looked at, where a full scan would give them a null distance (which
passes ``<= r`` and sorts first). This module finds such loops so the executor can skip the
documents the index does not hold.

A geo index on one attribute without ``geoJson`` holds ``[lat, lng]`` pairs, and the server
also answers a call that passes that attribute itself as the point (``GEO_CONTAINS(area,
doc.loc)``) from it: the pair is then read as ``[lat, lng]``, not as GeoJSON's ``[lng,
lat]``. :func:`geo_index_filter` rewrites such calls so they see the index's point.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any

from arango_anyio.testing._aql import ast
from arango_anyio.testing._aql.functions.indexed import geo_index_point
from arango_anyio.testing._aql.runtime import Runtime
from arango_anyio.testing._protocol.errors import EmuError

#: Operations the optimizer can move into the index lookup (anything else ends the search).
_TRANSPARENT = (ast.Let, ast.Filter, ast.Sort)
_GEO_CALLS = ("GEO_DISTANCE", "GEO_CONTAINS", "GEO_INTERSECTS", "GEO_IN_RANGE", "DISTANCE")


def _path(expr: ast.Expr, var: str, rt: Runtime) -> list[Any] | None:
    """``var.a.b[0]`` (also ``var[@name]``) as ``["a", "b", 0]``; None for anything else."""
    steps: list[Any] = []
    while True:
        if isinstance(expr, ast.Attr):
            steps.append(expr.name)
            expr = expr.obj
        elif isinstance(expr, ast.Index):
            index = expr.index
            if isinstance(index, ast.Literal):
                value = index.value
            elif isinstance(index, ast.Bind):
                value = rt.bind_vars.get(index.name)
            else:
                return None
            if isinstance(value, bool) or not isinstance(value, (str, int)):
                return None
            steps.append(value)
            expr = expr.obj
        elif isinstance(expr, ast.Var) and expr.name == var:
            return steps[::-1]
        else:
            return None


def _is_raw_pair(expr: ast.Expr, var: str, index: dict[str, Any], rt: Runtime) -> bool:
    """Whether ``expr`` is the attribute of a one-attribute ``[lat, lng]`` geo index."""
    parts = [str(f).split(".") for f in index.get("fields", [])]
    return len(parts) == 1 and not index.get("geoJson") and _path(expr, var, rt) == parts[0]


def _is_point(expr: ast.Expr, var: str, index: dict[str, Any], rt: Runtime) -> bool:
    """Whether ``expr`` is the point geo ``index`` holds for the loop variable's document."""
    parts = [str(f).split(".") for f in index.get("fields", [])]
    if len(parts) == 1 and index.get("geoJson"):
        return _path(expr, var, rt) == parts[0]
    if _is_raw_pair(expr, var, index, rt):
        return True
    if not isinstance(expr, ast.ArrayLit) or len(expr.items) != 2:
        return False
    lon, lat = (_path(item, var, rt) for item in expr.items)
    if len(parts) == 1:
        return lon == [*parts[0], 1] and lat == [*parts[0], 0]
    return len(parts) == 2 and lat == parts[0] and lon == parts[1]


def _is_lat_lon(args: list[ast.Expr], var: str, index: dict[str, Any], rt: Runtime) -> bool:
    """DISTANCE's ``(lat, lon)`` argument pair taken from the index's attributes."""
    parts = [str(f).split(".") for f in index.get("fields", [])]
    lat, lon = (_path(arg, var, rt) for arg in args)
    if len(parts) == 1 and not index.get("geoJson"):
        return lat == [*parts[0], 0] and lon == [*parts[0], 1]
    return len(parts) == 2 and lat == parts[0] and lon == parts[1]


def _uses_index(call: ast.Call, var: str, index: dict[str, Any], rt: Runtime) -> bool:
    args = call.args
    if call.name == "DISTANCE":
        return len(args) == 4 and (_is_lat_lon(args[:2], var, index, rt)
                                   or _is_lat_lon(args[2:], var, index, rt))
    if call.name in ("GEO_CONTAINS", "GEO_INTERSECTS"):
        return len(args) == 2 and _is_point(args[1], var, index, rt)
    return len(args) >= 2 and any(_is_point(arg, var, index, rt) for arg in args[:2])


def _calls(node: Any, lets: dict[str, ast.Expr], seen: set[str]) -> list[ast.Call]:
    """The geo calls in an expression, following LET variables of the loop."""
    if isinstance(node, ast.Var) and node.name in lets and node.name not in seen:
        seen.add(node.name)
        return _calls(lets[node.name], lets, seen)
    if isinstance(node, ast.Subquery):
        return []
    found: list[ast.Call] = []
    if isinstance(node, ast.Call) and node.name in _GEO_CALLS:
        found.append(node)
    if is_dataclass(node) and not isinstance(node, type):
        for item in fields(node):
            found.extend(_calls(getattr(node, item.name), lets, seen))
    elif isinstance(node, (list, tuple)):
        for item in node:
            found.extend(_calls(item, lets, seen))
    return found


@dataclass
class GeoLoop:
    """How the server runs a collection loop from a geo index: ``held`` keeps the documents
    the index holds; ``rewritten`` replaces following operations (by their offset after the
    loop) whose geo calls read the index's ``[lat, lng]`` attribute."""

    held: Callable[[dict[str, Any]], bool]
    rewritten: dict[int, ast.Op]


def _point_args(call: ast.Call) -> tuple[int, ...]:
    if call.name in ("GEO_CONTAINS", "GEO_INTERSECTS"):
        return (1,)
    return () if call.name == "DISTANCE" else (0, 1)


def _rewrite(node: Any, var: str, index: dict[str, Any], rt: Runtime) -> Any:
    """``node`` with raw ``[lat, lng]`` attributes in geo calls turned into ``[lng, lat]``."""
    if isinstance(node, ast.Subquery):
        return node
    if isinstance(node, ast.Call) and node.name in _GEO_CALLS:
        args = list(node.args)
        for position in _point_args(node):
            if position < len(args) and _is_raw_pair(args[position], var, index, rt):
                pair = args[position]
                args[position] = ast.ArrayLit([ast.Index(pair, ast.Literal(1)),
                                               ast.Index(pair, ast.Literal(0))])
        node = replace(node, args=args)
    if is_dataclass(node) and not isinstance(node, type):
        return replace(node, **{f.name: _rewrite(getattr(node, f.name), var, index, rt)
                                for f in fields(node) if f.init})
    if isinstance(node, list):
        return [_rewrite(item, var, index, rt) for item in node]
    if isinstance(node, tuple):
        return tuple(_rewrite(item, var, index, rt) for item in node)
    return node


def geo_index_filter(op: ast.For, rest: list[ast.Op], rt: Runtime) -> GeoLoop | None:
    """For ``FOR var IN coll`` followed by ``rest``: how the server answers the loop from a
    geo index, when it would; else None."""
    assert isinstance(op.source, ast.CollectionRef)
    lister = getattr(rt.ctx, "index_definitions", None)
    if lister is None:
        return None
    lets: dict[str, ast.Expr] = {}
    calls: list[ast.Call] = []
    transparent = 0
    for following in rest:
        if not isinstance(following, _TRANSPARENT):
            break
        transparent += 1
        if isinstance(following, ast.Let):
            lets[following.var] = following.expr
        elif isinstance(following, ast.Filter):
            calls.extend(_calls(following.expr, lets, set()))
        else:
            calls.extend(_calls([key for key, _ in following.keys], lets, set()))
    if not calls:
        return None
    try:
        indexes = [ix for ix in lister(op.source.name) if ix.get("type") == "geo"]
    except EmuError:  # no such collection (or a view): the loop itself reports it
        return None
    chosen = next((ix for ix in indexes
                   if any(_uses_index(call, op.var, ix, rt) for call in calls)), None)
    if chosen is None:
        return None

    def held(doc: dict[str, Any]) -> bool:
        return geo_index_point(chosen, doc) is not None

    rewritten: dict[int, ast.Op] = {}
    if len(chosen.get("fields", [])) == 1 and not chosen.get("geoJson"):
        for offset in range(transparent):
            new = _rewrite(rest[offset], op.var, chosen, rt)
            if new != rest[offset]:
                rewritten[offset] = new
    return GeoLoop(held, rewritten)
