"""Plausible ``/_api/query`` ASTs and ``/_api/explain`` plans for a parsed query."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from typing import Any

from arango_anyio.testing._aql import ast

_BINARY_TYPES = {
    "+": "plus", "-": "minus", "*": "times", "/": "quotient", "%": "modulus",
    "==": "compare ==", "!=": "compare !=", "<": "compare <", "<=": "compare <=",
    ">": "compare >", ">=": "compare >=", "IN": "compare in", "NOT IN": "compare not in",
    "..": "range", "LIKE": "function call", "NOT LIKE": "function call", "=~": "function call",
    "!~": "function call",
}


def expr_node(expr: ast.Expr | None) -> dict[str, Any]:
    """An expression in the server's AST notation (``type`` + ``subNodes``)."""
    if expr is None:
        return {"type": "no-op"}
    if isinstance(expr, ast.Literal):
        if isinstance(expr.value, list):
            return {"type": "array", "subNodes": [expr_node(ast.Literal(v))
                                                  for v in expr.value]}
        if isinstance(expr.value, dict):
            return {"type": "object", "subNodes": [
                {"type": "object element", "name": k, "subNodes": [expr_node(ast.Literal(v))]}
                for k, v in expr.value.items()]}
        return {"type": "value", "value": expr.value}
    if isinstance(expr, ast.ArrayLit):
        return {"type": "array", "subNodes": [expr_node(i) for i in expr.items]}
    if isinstance(expr, ast.ObjectLit):
        items = []
        for key, value in expr.items:
            if isinstance(key, str):
                items.append({"type": "object element", "name": key,
                              "subNodes": [expr_node(value)]})
            else:
                items.append({"type": "calculated object element",
                              "subNodes": [expr_node(key), expr_node(value)]})
        return {"type": "object", "subNodes": items}
    if isinstance(expr, ast.Var):
        return {"type": "reference", "name": expr.name}
    if isinstance(expr, ast.Bind):
        return {"type": "parameter", "name": expr.name}
    if isinstance(expr, ast.CollectionRef):
        return {"type": "collection", "name": expr.name}
    if isinstance(expr, ast.Attr):
        return {"type": "attribute access", "name": expr.name,
                "subNodes": [expr_node(expr.obj)]}
    if isinstance(expr, ast.Index):
        return {"type": "indexed access", "subNodes": [expr_node(expr.obj),
                                                       expr_node(expr.index)]}
    if isinstance(expr, ast.Expand):
        return {"type": "expansion", "levels": expr.depth,
                "subNodes": [expr_node(expr.obj), expr_node(expr.filter),
                             expr_node(expr.ret)]}
    if isinstance(expr, ast.Unary):
        kind = {"!": "unary not", "-": "unary minus", "+": "unary plus"}[expr.op]
        return {"type": kind, "subNodes": [expr_node(expr.operand)]}
    if isinstance(expr, ast.Binary):
        if _BINARY_TYPES[expr.op] == "function call":
            return {"type": "function call", "name": "LIKE" if "LIKE" in expr.op
                    else "REGEX_TEST", "subNodes": [expr_node(expr.left),
                                                    expr_node(expr.right)]}
        return {"type": _BINARY_TYPES[expr.op],
                "subNodes": [expr_node(expr.left), expr_node(expr.right)]}
    if isinstance(expr, ast.Logical):
        return {"type": "logical and" if expr.op == "&&" else "logical or",
                "subNodes": [expr_node(expr.left), expr_node(expr.right)]}
    if isinstance(expr, ast.Ternary):
        parts = [expr.cond, expr.then, expr.otherwise] if expr.then is not None else \
            [expr.cond, expr.otherwise]
        return {"type": "ternary", "subNodes": [expr_node(p) for p in parts]}
    if isinstance(expr, ast.ArrayCompare):
        return {"type": f"array compare {expr.op.lower()}", "quantifier": expr.quantifier,
                "subNodes": [expr_node(expr.left), expr_node(expr.right)]}
    if isinstance(expr, ast.Call):
        return {"type": "function call" if "::" not in expr.name else "user function call",
                "name": expr.name,
                "subNodes": [{"type": "array", "subNodes": [expr_node(a) for a in expr.args]}]}
    if isinstance(expr, ast.Subquery):
        return {"type": "subquery", "subNodes": [op_node(op) for op in expr.body]}
    return {"type": "no-op"}


def op_node(op: ast.Op) -> dict[str, Any]:
    """An operation in the server's AST notation."""
    if isinstance(op, ast.For):
        return {"type": "for", "subNodes": [{"type": "variable", "name": op.var},
                                            expr_node(op.source), {"type": "no-op"}]}
    if isinstance(op, ast.Let):
        return {"type": "let", "subNodes": [{"type": "variable", "name": op.var},
                                            expr_node(op.expr)]}
    if isinstance(op, ast.Filter):
        return {"type": "filter", "subNodes": [expr_node(op.expr)]}
    if isinstance(op, ast.Sort):
        return {"type": "sort", "subNodes": [{"type": "array", "subNodes": [
            {"type": "sort element", "subNodes": [expr_node(e), {"type": "value", "value": asc}]}
            for e, asc in op.keys]}]}
    if isinstance(op, ast.Limit):
        return {"type": "limit", "subNodes": [expr_node(op.offset), expr_node(op.count)]}
    if isinstance(op, ast.Return):
        return {"type": "return distinct" if op.distinct else "return",
                "subNodes": [expr_node(op.expr)]}
    if isinstance(op, ast.Collect):
        return {"type": "collect", "subNodes": [
            {"type": "array", "subNodes": [
                {"type": "assign", "subNodes": [{"type": "variable", "name": n}, expr_node(e)]}
                for n, e in op.groups]}]}
    if isinstance(op, ast.Modify):
        return {"type": op.kind.lower(), "subNodes": [
            expr_node(op.key or op.search or op.doc), {"type": "collection",
                                                       "name": op.collection}]}
    if isinstance(op, (ast.Traversal, ast.ShortestPath)):
        kind = "traversal" if isinstance(op, ast.Traversal) else op.kind.lower()
        return {"type": kind, "subNodes": [expr_node(op.start)]}
    return {"type": "no-op"}


def _number_variables(node: Any, ids: dict[str, int]) -> None:
    """Give ``variable`` and ``reference`` nodes the ids the server shows (in order of
    declaration)."""
    if isinstance(node, dict):
        kind = node.get("type")
        if kind == "variable":
            ids[node["name"]] = node["id"] = len(ids)
        elif kind == "reference":
            node["id"] = ids.setdefault(node["name"], len(ids))
            node["subqueryReference"] = False
        for child in node.get("subNodes", ()):
            _number_variables(child, ids)


def query_ast(query: ast.Query) -> list[dict[str, Any]]:
    """The ``ast`` attribute of a ``/_api/query`` answer."""
    root = {"type": "root", "subNodes": [op_node(op) for op in query.body]}
    _number_variables(root, {})
    return [root]


_PLAN_NODE = {
    ast.Let: "CalculationNode", ast.Filter: "FilterNode", ast.Sort: "SortNode",
    ast.Limit: "LimitNode", ast.Collect: "CollectNode", ast.Window: "WindowNode",
    ast.Return: "ReturnNode", ast.Traversal: "TraversalNode",
    ast.ShortestPath: "ShortestPathNode",
}


def plan(query: ast.Query) -> dict[str, Any]:
    """A plausible execution plan (``/_api/explain``'s ``plan``)."""
    return plan_with_owners(query)[0]


def plan_with_owners(query: ast.Query) -> tuple[dict[str, Any], list[int | None]]:
    """The plan, and for each of its nodes the index of the body operation it runs (None for
    the singleton node)."""
    nodes: list[dict[str, Any]] = []
    variables: list[dict[str, Any]] = []
    owners: list[int | None] = []
    current: list[int | None] = [None]  # the operation whose nodes are being added

    def add(kind: str, **extra: Any) -> None:
        node_id = len(nodes) + 1
        cost = float(node_id)
        nodes.append({"type": kind, "dependencies": [node_id - 1] if nodes else [],
                      "id": node_id, "estimatedCost": cost, "estimatedNrItems": 1, **extra})
        owners.append(current[0])

    by_name: dict[str, dict[str, Any]] = {}

    def variable(name: str, full_document: bool = False) -> dict[str, Any]:
        entry = {"id": len(variables), "name": name,
                 "isFullDocumentFromCollection": full_document}
        variables.append(entry)
        by_name[name] = entry
        return entry

    add("SingletonNode", bindParameterVariables={})
    for index, op in enumerate(query.body):
        current[0] = index
        if isinstance(op, ast.For):
            if isinstance(op.source, ast.CollectionRef) and op.search is not None:
                add("EnumerateViewNode", view=op.source.name,
                    outVariable=variable(op.var, True))
            elif isinstance(op.source, ast.CollectionRef):
                add("EnumerateCollectionNode", collection=op.source.name, random=False,
                    outVariable=variable(op.var, True))
            else:
                add("CalculationNode", expression=expr_node(op.source))
                add("EnumerateListNode", outVariable=variable(op.var))
        elif isinstance(op, ast.Modify):
            add("CalculationNode", expression=expr_node(op.doc or op.key or op.search))
            add(f"{op.kind.title()}Node", collection=op.collection)
        elif isinstance(op, (ast.Filter, ast.Return)):
            if isinstance(op.expr, ast.Var):
                name = op.expr.name
                add(_PLAN_NODE[type(op)],
                    inVariable=by_name[name] if name in by_name else variable(name))
            else:
                add("CalculationNode", expression=expr_node(op.expr))
                add(_PLAN_NODE[type(op)])
        elif isinstance(op, ast.Let):
            add("CalculationNode", expression=expr_node(op.expr), outVariable=variable(op.var))
        else:
            add(_PLAN_NODE.get(type(op), "CalculationNode"))
    collections = [{"name": name, "type": "write" if name in query.write_collections
                    else "read"} for name in query.collections if not name.startswith("@")]
    return {
        "nodes": nodes, "rules": [], "collections": collections, "variables": variables,
        "asyncPrefetchNodes": 0,
        "estimatedCost": float(len(nodes)), "estimatedNrItems": 1,
        "isModificationQuery": query.modifies,
    }, owners


def _walk(node: Any) -> Iterator[ast.Expr]:
    """Every expression node below ``node`` (operations, lists and tuples included)."""
    if isinstance(node, ast.Expr):
        yield node
    if is_dataclass(node) and not isinstance(node, type):
        for item in fields(node):
            yield from _walk(getattr(node, item.name))
    elif isinstance(node, (list, tuple)):
        for item in node:
            yield from _walk(item)


def constant_warnings(query: ast.Query) -> list[dict[str, Any]]:
    """The warnings the optimizer raises while folding constants (division by zero)."""
    from arango_anyio.testing._aql.values import to_number

    warnings: list[dict[str, Any]] = []
    for node in _walk(query.body):
        if (isinstance(node, ast.Binary) and node.op in ("/", "%")
                and isinstance(node.left, ast.Literal) and isinstance(node.right, ast.Literal)
                and to_number(node.right.value) == 0):
            warnings.append({"code": 1562, "message": "division by zero"})
    return warnings
