"""Turn a ``SEARCH`` condition (or a ``FILTER`` served by an inverted index) into search
filters, the way ArangoSearch's filter factory does.

Comparisons of an attribute of the loop variable with a value become term and range
filters (strings through the analyzer in context, numbers, booleans and null by type);
``AND``/``OR``/``NOT`` become boolean filters; the ArangoSearch functions are handled in
:mod:`.search_calls`. Sub-conditions that do not involve the loop variable are evaluated
once (true: every document, false: none); conditions on the variable that ArangoSearch
cannot index are evaluated on each document, as ArangoDB's expression filter does.
"""

from __future__ import annotations

from typing import Any

from arango_anyio.testing._aql import ast
from arango_anyio.testing._aql.evaluator import Env, evaluate
from arango_anyio.testing._aql.runtime import Runtime
from arango_anyio.testing._aql.search_calls import SEARCH_CALLS, geo_compare
from arango_anyio.testing._aql.search_scope import (
    SWAPPED_OP,
    SearchScope,
    references,
    type_name,
    unsupported,
)
from arango_anyio.testing._aql.values import truthy
from arango_anyio.testing._search.index.postings import typed_term
from arango_anyio.testing._search.query.filters import (
    AllFilter,
    AndFilter,
    EmptyFilter,
    ExpressionFilter,
    Filter,
    NotFilter,
    OrFilter,
    RangeFilter,
    TermFilter,
    WildcardFilter,
)


def compile_search(expr: ast.Expr, var: str, env: Env, rt: Runtime,
                   field_analyzers: dict[str, str] | None = None) -> Filter:
    """The filter for condition ``expr`` over loop variable ``var`` in row ``env``."""
    scope = SearchScope(var, env, rt, field_analyzers)
    scope.compile = lambda node, analyzer, boost: _compile(scope, node, analyzer, boost)
    return _compile(scope, expr, "identity", 1.0)


def _compile(scope: SearchScope, expr: ast.Expr, analyzer: str, boost: float) -> Filter:
    if not references(expr, scope.var):
        return AllFilter(boost) if truthy(scope.value(expr)) else EmptyFilter()
    if isinstance(expr, ast.Logical):
        children = [_compile(scope, side, analyzer, 1.0) for side in (expr.left, expr.right)]
        if expr.op == "&&":
            return AndFilter(_flatten(children, AndFilter), boost)
        return OrFilter(_flatten(children, OrFilter), 1, boost)
    if isinstance(expr, ast.Unary) and expr.op == "!":
        return NotFilter(_compile(scope, expr.operand, analyzer, 1.0), boost)
    if isinstance(expr, ast.Binary):
        return _binary(scope, expr, analyzer, boost)
    if isinstance(expr, ast.ArrayCompare):
        return _array_compare(scope, expr, analyzer, boost)
    if isinstance(expr, ast.Call):
        handler = SEARCH_CALLS.get(expr.name)
        if handler is not None:
            found: Filter = handler(scope, expr, analyzer, boost)
            return found
    return _expression(scope, expr, boost)


def _flatten(children: list[Filter], kind: type) -> list[Filter]:
    out: list[Filter] = []
    for child in children:
        if type(child) is kind and getattr(child, "boost", 1.0) == 1.0 \
                and getattr(child, "min_match", 1) == 1:
            out.extend(child.children)  # type: ignore[attr-defined]
        else:
            out.append(child)
    return out


def _scorer_in(node: Any) -> str | None:
    if isinstance(node, ast.Call) and node.name in ("BM25", "TFIDF"):
        return node.name
    if isinstance(node, (ast.Expr, list, tuple)):
        items = node if isinstance(node, (list, tuple)) else [
            getattr(node, slot) for slot in getattr(node, "__dataclass_fields__", {})]
        for item in items:
            found = _scorer_in(item)
            if found is not None:
                return found
    return None


def _expression(scope: SearchScope, expr: ast.Expr, boost: float) -> Filter:
    """A condition evaluated on each document (ArangoDB's expression filter)."""
    scorer = _scorer_in(expr)
    if scorer is not None:
        raise unsupported(f"scorer function '{scorer}' cannot be used in SEARCH")
    env, rt, var = scope.env, scope.rt, scope.var

    def test(doc: dict[str, Any]) -> bool:
        row = dict(env)
        row[var] = doc
        return truthy(evaluate(expr, row, rt))

    return ExpressionFilter(test, boost)


def value_filter(scope: SearchScope, path: str, op: str, value: Any, analyzer: str,
                 boost: float) -> Filter:
    """``path op value`` as a term or range filter on the field the value's type selects."""
    term: Any
    typed = typed_term(value)
    if isinstance(value, str):
        kind, term, name = "s", value, scope.field_analyzer(path, analyzer)
    elif typed is not None:
        (kind, term), name = typed, ""
    else:
        raise unsupported(f"unsupported type '{type_name(value)}' of value compared with "
                          f"attribute '{path}'")
    if op in ("==", "!="):
        found: Filter = TermFilter(path, kind, name, term, boost)
        return NotFilter(found, 1.0) if op == "!=" else found
    if op in ("<", "<="):
        return RangeFilter(path, kind, name, None, term, True, op == "<=", boost)
    return RangeFilter(path, kind, name, term, None, op == ">=", True, boost)


def _binary(scope: SearchScope, expr: ast.Binary, analyzer: str, boost: float) -> Filter:
    op = expr.op
    if op in SWAPPED_OP:
        for attr, other, the_op in ((expr.left, expr.right, op),
                                    (expr.right, expr.left, SWAPPED_OP[op])):
            path = scope.path(attr)
            if path is not None and not references(other, scope.var):
                return value_filter(scope, path, the_op, scope.value(other), analyzer, boost)
        geo = geo_compare(scope, expr, analyzer, boost)
        return geo if geo is not None else _expression(scope, expr, boost)
    if op in ("IN", "NOT IN"):
        path = scope.path(expr.left)
        if path is None or references(expr.right, scope.var):
            return _expression(scope, expr, boost)
        found = _in(scope, path, expr.right, analyzer, boost)
        return NotFilter(found, 1.0) if op == "NOT IN" else found
    if op in ("LIKE", "NOT LIKE"):
        path = scope.path(expr.left)
        if path is None or references(expr.right, scope.var):
            return _expression(scope, expr, boost)
        pattern = scope.value(expr.right)
        if not isinstance(pattern, str):
            raise unsupported(f"'LIKE' AQL function: argument at position '2' has invalid "
                              f"type '{type_name(pattern)}' ('string' expected)")
        found = WildcardFilter(path, scope.field_analyzer(path, analyzer), pattern, boost)
        return NotFilter(found, 1.0) if op == "NOT LIKE" else found
    return _expression(scope, expr, boost)


def _in(scope: SearchScope, path: str, values: ast.Expr, analyzer: str, boost: float
        ) -> Filter:
    if isinstance(values, ast.Binary) and values.op == "..":
        low, high = scope.value(values.left), scope.value(values.right)
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool)
                   for v in (low, high)):
            raise unsupported("wrong value node type")
        return RangeFilter(path, "n", "", float(low), float(high), True, True, boost)
    found = scope.value(values)
    if not isinstance(found, list):
        return value_filter(scope, path, "==", found, analyzer, boost)
    if not found:
        return EmptyFilter()
    children = [value_filter(scope, path, "==", item, analyzer, 1.0) for item in found]
    return OrFilter(children, 1, boost)


_QUANTIFIED = {
    # (quantifier, op) -> (combine, negate, op applied as "attribute op token")
    ("ALL", "IN"): ("and", False, "=="), ("ALL", "=="): ("and", False, "=="),
    ("ANY", "IN"): ("or", False, "=="), ("ANY", "=="): ("or", False, "=="),
    ("NONE", "IN"): ("or", True, "=="), ("NONE", "=="): ("or", True, "=="),
    ("ALL", "!="): ("or", True, "=="), ("ALL", "NOT IN"): ("or", True, "=="),
    ("NONE", "!="): ("and", False, "=="), ("NONE", "NOT IN"): ("and", False, "=="),
    ("ANY", "!="): ("and", True, "=="), ("ANY", "NOT IN"): ("and", True, "=="),
}


def _array_compare(scope: SearchScope, expr: ast.ArrayCompare, analyzer: str,
                   boost: float) -> Filter:
    """``tokens ALL|ANY|NONE op doc.attr`` (the array of values on the left)."""
    path = scope.path(expr.right)
    if path is None or references(expr.left, scope.var):
        return _expression(scope, expr, boost)
    values = scope.value(expr.left)
    if not isinstance(values, list):
        raise unsupported("wrong value node type")
    quantifier, op = expr.quantifier, expr.op
    if (quantifier, op) in _QUANTIFIED:
        combine, negate, attr_op = _QUANTIFIED[(quantifier, op)]
    else:  # ordering: "token op attribute" is "attribute reversed-op token"
        attr_op = SWAPPED_OP[op]
        if quantifier == "NONE":
            attr_op = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}[attr_op]
        combine, negate = ("or" if quantifier == "ANY" else "and"), False
    if not values:
        return AllFilter(boost) if quantifier != "ANY" else EmptyFilter()
    children = [value_filter(scope, path, attr_op, v, analyzer, 1.0) for v in values]
    group: Filter = AndFilter(children, 1.0) if combine == "and" else OrFilter(children, 1)
    return NotFilter(group, boost) if negate else _boosted(group, boost)


def _boosted(flt: Filter, boost: float) -> Filter:
    if isinstance(flt, (AndFilter, OrFilter)):
        flt.boost = boost
    return flt
