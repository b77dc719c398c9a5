"""The loops that read through search indexes: ``FOR d IN view [SEARCH cond] [OPTIONS]``
and ``FOR d IN coll OPTIONS {indexHint: "<inverted index>"} FILTER cond``.

For every incoming row the condition is compiled to a filter (its other variables come from
that row) and the store is asked, through the search part of the ``QueryContext``, for the
matching documents and their score contributions; BM25()/TFIDF() read those from the row.
"""

from __future__ import annotations

from typing import Any

from arango_anyio.testing._aql import ast
from arango_anyio.testing._aql.evaluator import Env, evaluate
from arango_anyio.testing._aql.runtime import Runtime
from arango_anyio.testing._aql.search_compile import compile_search
from arango_anyio.testing._aql.search_context import (
    SearchContext,
    score_slot,
    search_context,
)
from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._search.query.filters import AllFilter, Filter

Rows = list[Env]
_CONDITION_OPTIMIZATION = ("auto", "none", "nodnf", "noneg")
_COUNT_APPROXIMATE = ("exact", "cost")


def is_view(rt: Runtime, name: str) -> bool:
    """True when ``name`` names a view of the query's database."""
    ctx = search_context(rt.ctx)
    return ctx is not None and ctx.view_type(name) is not None


def _options(op: ast.For, rt: Runtime, row: Env) -> dict[str, Any]:
    if op.options is None:
        return {}
    options = evaluate(op.options, row, rt)
    if not isinstance(options, dict):
        raise EmuError(1575, "AQL: query options must be readable at query compile time "
                             "(while parsing)")
    return options


def _search_options(options: dict[str, Any]) -> list[str] | None:
    collections = options.get("collections")
    if collections is not None and (not isinstance(collections, list) or not all(
            isinstance(c, str) for c in collections)):
        raise EmuError(10, "AQL: invalid value for SEARCH option 'collections': expecting "
                           "an array of collection names (while parsing)")
    optimization = options.get("conditionOptimization", "auto")
    if optimization not in _CONDITION_OPTIMIZATION:
        raise EmuError(10, "AQL: invalid value for SEARCH option 'conditionOptimization': "
                           f"'{optimization}' (while parsing)")
    count = options.get("countApproximate", "exact")
    if count not in _COUNT_APPROXIMATE:
        raise EmuError(10, "AQL: invalid value for SEARCH option 'countApproximate': "
                           f"'{count}' (while parsing)")
    return collections


def _rows(op: ast.For, row: Env, hits: list[Any], rt: Runtime, out: Rows) -> None:
    rt.stats["scannedIndex"] += len(hits)
    slot = score_slot(op.var)
    for doc, contributions in hits:
        new = dict(row)
        new[op.var] = doc
        new[slot] = contributions
        out.append(new)


def view_loop(op: ast.For, rows: Rows, rt: Runtime) -> Rows:
    """``FOR var IN view [SEARCH cond] [OPTIONS {...}]``."""
    assert isinstance(op.source, ast.CollectionRef)
    name = op.source.name
    ctx = search_context(rt.ctx)
    if ctx is None or ctx.view_type(name) is None:
        raise EmuError(1501, "AQL: SEARCH condition used on non-view (while parsing)")
    fields = ctx.search_fields(name, None)
    out: Rows = []
    for row in rows:
        collections = _search_options(_options(op, rt, row))
        flt: Filter = AllFilter()
        if op.search is not None:
            flt = compile_search(op.search, op.var, row, rt, fields)
        _rows(op, row, ctx.search(name, None, flt, collections), rt, out)
    rt.charge(64 * len(out))
    return out


def inverted_hint(op: ast.For, rt: Runtime) -> tuple[SearchContext, str, bool] | None:
    """``(ctx, index, forced)`` when the loop's ``indexHint`` names an inverted index of
    its collection."""
    if op.options is None or not isinstance(op.source, ast.CollectionRef):
        return None
    ctx = search_context(rt.ctx)
    if ctx is None:
        return None
    options = _options(op, rt, {})
    hint = options.get("indexHint")
    names = hint if isinstance(hint, list) else [hint]
    for name in names:
        if isinstance(name, str) and ctx.inverted_index(op.source.name, name):
            return ctx, name, bool(options.get("forceIndexHint", False))
    return None


def inverted_loop(op: ast.For, condition: ast.Filter | None, hint: tuple[SearchContext,
                  str, bool], rows: Rows, rt: Runtime) -> Rows:
    """``FOR var IN coll OPTIONS {indexHint: inverted} [FILTER cond]``: the documents the
    inverted index finds for ``cond``."""
    assert isinstance(op.source, ast.CollectionRef)
    ctx, index, _ = hint
    name = op.source.name
    fields = ctx.search_fields(name, index)
    out: Rows = []
    for row in rows:
        flt: Filter = AllFilter()
        if condition is not None:
            flt = compile_search(condition.expr, op.var, row, rt, fields)
        _rows(op, row, ctx.search(name, index, flt, None), rt, out)
    rt.charge(64 * len(out))
    return out
