"""Vector search: ``FOR d IN coll [FILTER pre] [LET ...] SORT APPROX_NEAR_*(d.vec, q) LIMIT
n`` is answered from a vector index (exactly: every indexed vector is compared, which is
what an approximate index approximates). Without a matching index, ``LIMIT``, or the sort
direction the metric needs, the query is not rewritten and the function fails with 1554
when evaluated, as in ArangoDB."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from arango_anyio.testing._aql import ast
from arango_anyio.testing._aql.evaluator import Env, evaluate
from arango_anyio.testing._aql.runtime import Runtime
from arango_anyio.testing._aql.search_context import search_context, vector_slot
from arango_anyio.testing._aql.search_scope import references
from arango_anyio.testing._aql.values import truthy
from arango_anyio.testing._protocol.errors import EmuError

Rows = list[Env]
#: function -> (index metric, sort direction that uses the index: ascending?)
METRICS = {"APPROX_NEAR_COSINE": ("cosine", False), "APPROX_NEAR_L2": ("l2", True),
           "APPROX_NEAR_INNER_PRODUCT": ("innerProduct", False)}


def failed() -> EmuError:
    """1554: the vector function could not be answered from a vector index."""
    return EmuError(1554, "AQL: failed vector search (while executing)")


@dataclass
class _Plan:
    call: ast.Call
    path: str
    query: ast.Expr
    limit: ast.Limit
    prefilter: ast.Filter | None


def _path(expr: ast.Expr, var: str) -> str | None:
    parts: list[str] = []
    while isinstance(expr, ast.Attr):
        parts.append(expr.name)
        expr = expr.obj
    if isinstance(expr, ast.Var) and expr.name == var and parts:
        return ".".join(reversed(parts))
    return None


def _plan(op: ast.For, rest: list[ast.Op]) -> _Plan | None:
    prefilter = rest[0] if rest and isinstance(rest[0], ast.Filter) else None
    lets: dict[str, ast.Expr] = {}
    for i, step in enumerate(rest[1 if prefilter else 0:], 1 if prefilter else 0):
        if isinstance(step, ast.Let):
            lets[step.var] = step.expr
            continue
        if not isinstance(step, ast.Sort) or len(step.keys) != 1 or i + 1 >= len(rest):
            return None
        key, ascending = step.keys[0]
        if isinstance(key, ast.Var) and key.name in lets:
            key = lets[key.name]
        limit = rest[i + 1]
        if not (isinstance(key, ast.Call) and key.name in METRICS
                and isinstance(limit, ast.Limit) and 2 <= len(key.args) <= 3):
            return None
        if METRICS[key.name][1] != ascending:
            return None
        for field, query in ((key.args[0], key.args[1]), (key.args[1], key.args[0])):
            path = _path(field, op.var)
            if path is not None and not references(query, op.var):
                return _Plan(key, path, query, limit, prefilter)
        return None
    return None


def vector_loop(op: ast.For, rest: list[ast.Op], rows: Rows, rt: Runtime
                ) -> tuple[Rows, bool] | None:
    """The rows of a vector search loop and whether it consumed the pre-filter; None when
    the loop is not one."""
    assert isinstance(op.source, ast.CollectionRef)
    ctx = search_context(rt.ctx)
    plan = _plan(op, rest)
    if ctx is None or plan is None:
        return None
    metric = METRICS[plan.call.name][0]
    out: Rows = []
    slot = vector_slot(op.var)
    for row in rows:
        offset = evaluate(plan.limit.offset, row, rt)
        count = evaluate(plan.limit.count, row, rt)
        query = evaluate(plan.query, row, rt)
        if not isinstance(query, list) or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) for v in query):
            raise failed()
        test = None
        if plan.prefilter is not None:
            condition = plan.prefilter.expr

            def test(doc: dict[str, Any], row: Env = row, condition: ast.Expr = condition
                     ) -> bool:
                env = dict(row)
                env[op.var] = doc
                return truthy(evaluate(condition, env, rt))

        found = ctx.vector_search(op.source.name, plan.path, metric,
                                  [float(v) for v in query], int(offset) + int(count), test)
        if found is None:
            raise failed()
        rt.stats["scannedIndex"] += len(found)
        for doc, value in found:
            new = dict(row)
            new[op.var] = doc
            new[slot] = value
            out.append(new)
    return out, plan.prefilter is not None
