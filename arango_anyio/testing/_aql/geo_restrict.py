"""The server's geo index optimization, as far as it changes results.

ArangoDB answers ``FOR doc IN coll ... FILTER GEO_DISTANCE(point, doc.loc) <= r`` (also
``SORT GEO_DISTANCE(...)``, ``GEO_CONTAINS(area, point)``, ``GEO_INTERSECTS``,
``GEO_IN_RANGE`` and ``DISTANCE(doc.lat, doc.lon, ...)``) from a geo index when the point is
built from the attributes of a geo index of ``coll``. The index is sparse: documents without a
valid point are never looked at, where a full scan would give them a null distance (which
passes ``<= r`` and sorts first). This module finds such loops so the executor can skip the
documents the index does not hold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass
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


def _is_point(expr: ast.Expr, var: str, index: dict[str, Any], rt: Runtime) -> bool:
    """Whether ``expr`` is the point geo ``index`` holds for the loop variable's document."""
    parts = [str(f).split(".") for f in index.get("fields", [])]
    if len(parts) == 1 and index.get("geoJson"):
        return _path(expr, var, rt) == parts[0]
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


def geo_index_filter(op: ast.For, rest: list[ast.Op], rt: Runtime
                     ) -> Callable[[dict[str, Any]], bool] | None:
    """For ``FOR var IN coll`` followed by ``rest``: a test keeping the documents a geo index
    holds, when the server would answer the loop from that index; else None."""
    assert isinstance(op.source, ast.CollectionRef)
    lister = getattr(rt.ctx, "index_definitions", None)
    if lister is None:
        return None
    lets: dict[str, ast.Expr] = {}
    calls: list[ast.Call] = []
    for following in rest:
        if not isinstance(following, _TRANSPARENT):
            break
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

    return held
