"""Collection loops the server answers from the primary index: ``FOR d IN c FILTER d._key ==
x`` (also inside ``&&``), ``d._key IN [...]``, and ``d._key == a || d._key == b`` (which the
optimizer turns into an IN list). The documents are looked up by key instead of scanning the
collection (``scannedIndex`` counts them; the FILTER still runs and removes nothing); IN
lists are looked up deduplicated and in sorted order, as the server's index lookup does."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from functools import cmp_to_key
from typing import Any

from arango_anyio.testing._aql import ast
from arango_anyio.testing._aql.evaluator import Env, evaluate
from arango_anyio.testing._aql.runtime import Runtime
from arango_anyio.testing._aql.values import compare
from arango_anyio.testing._protocol.errors import EmuError


def _references(node: Any, name: str) -> bool:
    if isinstance(node, ast.Var):
        return node.name == name
    if isinstance(node, (ast.Subquery, ast.Expand)):
        return True  # not worth looking into
    if is_dataclass(node) and not isinstance(node, type):
        return any(_references(getattr(node, f.name), name) for f in fields(node))
    if isinstance(node, (list, tuple)):
        return any(_references(item, name) for item in node)
    return False


def _is_key(expr: ast.Expr, var: str) -> bool:
    return isinstance(expr, ast.Attr) and expr.name == "_key" and \
        isinstance(expr.obj, ast.Var) and expr.obj.name == var


#: The key expressions of a lookup: (expression, whether it gives a list of keys).
KeyLookup = list[tuple[ast.Expr, bool]]


def _key_terms(expr: ast.Expr, var: str) -> KeyLookup | None:
    """The key lookups ``expr`` selects (all of them for ``||``), or None."""
    if isinstance(expr, ast.Logical) and expr.op == "||":
        left, right = _key_terms(expr.left, var), _key_terms(expr.right, var)
        return None if left is None or right is None else [*left, *right]
    if isinstance(expr, ast.Binary) and expr.op == "==":
        for side, other in ((expr.left, expr.right), (expr.right, expr.left)):
            if _is_key(side, var) and not _references(other, var):
                return [(other, False)]
    if isinstance(expr, ast.Binary) and expr.op == "IN" and _is_key(expr.left, var) and \
            not _references(expr.right, var):
        return [(expr.right, True)]
    return None


def primary_key_lookup(var: str, op: ast.Op) -> KeyLookup | None:
    """The key lookups of ``FILTER`` ``op`` over loop variable ``var`` (one conjunct of an
    ``&&`` chain suffices), or None when the filter does not select by key."""
    assert isinstance(op, ast.Filter)
    pending = [op.expr]
    while pending:
        expr = pending.pop()
        if isinstance(expr, ast.Logical) and expr.op == "&&":
            pending.extend((expr.right, expr.left))
            continue
        terms = _key_terms(expr, var)
        if terms is not None:
            return terms
    return None


def _keys(lookup: KeyLookup, row: Env, rt: Runtime) -> list[str]:
    if len(lookup) == 1 and not lookup[0][1]:
        key = evaluate(lookup[0][0], row, rt)
        return [key] if isinstance(key, str) else []
    values: list[Any] = []
    for expr, is_list in lookup:
        value = evaluate(expr, row, rt)
        values.extend(value if is_list and isinstance(value, list) else
                      [] if is_list else [value])
    unique: dict[str, None] = {}
    for value in sorted(values, key=cmp_to_key(compare)):
        if isinstance(value, str):
            unique[value] = None
    return list(unique)


def for_by_keys(op: ast.For, lookup: KeyLookup, rows: list[Env], rt: Runtime) -> list[Env]:
    """The rows of a collection loop answered by primary index lookups."""
    assert isinstance(op.source, ast.CollectionRef)
    name = op.source.name
    out: list[Env] = []
    for row in rows:
        rt.tick()
        for key in _keys(lookup, row, rt):
            try:
                doc = rt.ctx.lookup(name, key)
            except EmuError as error:
                if error.error_num == 1203:
                    raise
                doc = None
            if doc is not None:
                rt.stats["scannedIndex"] += 1
                new = dict(row)
                new[op.var] = doc
                out.append(new)
    return out
