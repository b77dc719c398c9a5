"""Expression evaluation with AQL semantics (operators, access, expansion, calls)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from arango_anyio.testing._aql import ast
from arango_anyio.testing._aql.runtime import FUNCTIONS, Runtime
from arango_anyio.testing._aql.values import (
    compare,
    equal,
    normalize,
    to_number,
    to_string,
    truthy,
)
from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._search.query.like import like_source

Env = dict[str, Any]
#: The longest range (``a..b``) a query may build.
MAX_RANGE = 10_000_000


def _no_executor(body: list[ast.Op], env: Env, rt: Runtime) -> list[Any]:
    raise RuntimeError("the executor module is not loaded")


#: Runs a subquery body from one row: set by the executor module (avoids an import cycle).
run_subquery: Callable[[list[ast.Op], Env, Runtime], list[Any]] = _no_executor


def evaluate(expr: ast.Expr, env: Env, rt: Runtime) -> Any:
    """The value of ``expr`` in the variable environment ``env``."""
    return _DISPATCH[type(expr)](expr, env, rt)


def _literal(expr: ast.Literal, env: Env, rt: Runtime) -> Any:
    return expr.value


def _array(expr: ast.ArrayLit, env: Env, rt: Runtime) -> Any:
    return [evaluate(item, env, rt) for item in expr.items]


def _object(expr: ast.ObjectLit, env: Env, rt: Runtime) -> Any:
    out: dict[str, Any] = {}
    for key, value in expr.items:
        if isinstance(key, str):
            name = key
        else:
            k = evaluate(key, env, rt)
            name = to_string(k)
        out[name] = evaluate(value, env, rt)
    return out


def _var(expr: ast.Var, env: Env, rt: Runtime) -> Any:
    try:
        return env[expr.name]
    except KeyError:
        raise EmuError(1512, f"AQL: unknown variable '{expr.name}' (while executing)") from None


def _bind(expr: ast.Bind, env: Env, rt: Runtime) -> Any:
    return rt.bind_vars.get(expr.name)


def _collection(expr: ast.CollectionRef, env: Env, rt: Runtime) -> Any:
    rt.warn(1568, f"collection '{expr.name}' used as expression operand")
    docs = list(rt.ctx.scan(expr.name))
    rt.stats["scannedFull"] += len(docs)
    return docs


def get_attribute(value: Any, name: str) -> Any:
    """``value.name`` (null unless ``value`` is an object)."""
    if isinstance(value, dict):
        return value.get(name)
    return None


def get_index(value: Any, index: Any) -> Any:
    """``value[index]``: array position (negative from the end) or object attribute."""
    if isinstance(value, list):
        if isinstance(index, bool):
            return None
        if isinstance(index, str):
            try:
                index = int(index)
            except ValueError:
                return None
        if isinstance(index, (int, float)):
            i = int(index)
            if i < 0:
                i += len(value)
            if 0 <= i < len(value):
                return value[i]
        return None
    if isinstance(value, dict):
        if isinstance(index, str):
            return value.get(index)
        if isinstance(index, (int, float)) and not isinstance(index, bool):
            return value.get(to_string(index))
    return None


def _attr(expr: ast.Attr, env: Env, rt: Runtime) -> Any:
    return get_attribute(evaluate(expr.obj, env, rt), expr.name)


def _index(expr: ast.Index, env: Env, rt: Runtime) -> Any:
    return get_index(evaluate(expr.obj, env, rt), evaluate(expr.index, env, rt))


def _expand(expr: ast.Expand, env: Env, rt: Runtime) -> Any:
    value = evaluate(expr.obj, env, rt)
    if not isinstance(value, list):
        return []
    items: list[Any] = value
    for _ in range(expr.depth - 1):
        flat: list[Any] = []
        for item in items:
            if isinstance(item, list):
                flat.extend(item)
            else:
                flat.append(item)
        items = flat
    inner = dict(env)
    out: list[Any] = []
    if expr.filter is not None:
        kept = []
        for item in items:
            inner[expr.var] = item
            if truthy(evaluate(expr.filter, inner, rt)):
                kept.append(item)
        items = kept
    if expr.count is not None:
        offset = int(to_number(evaluate(expr.offset, env, rt))) if expr.offset else 0
        count = int(to_number(evaluate(expr.count, env, rt)))
        items = items[max(offset, 0):max(offset, 0) + max(count, 0)]
    for item in items:
        if expr.ret is not None:
            inner[expr.var] = item
            item = evaluate(expr.ret, inner, rt)
        if expr.tail is not None:
            inner["\x00elem"] = item
            item = evaluate(expr.tail, inner, rt)
        out.append(item)
    return out


def _unary(expr: ast.Unary, env: Env, rt: Runtime) -> Any:
    value = evaluate(expr.operand, env, rt)
    if expr.op == "!":
        return not truthy(value)
    number = to_number(value)
    return normalize(-number) if expr.op == "-" else number


def arithmetic(op: str, left: Any, right: Any, rt: Runtime) -> Any:
    """``+ - * / %`` on AQL values (operands cast to numbers; division by zero -> null)."""
    a = to_number(left)
    b = to_number(right)
    if op == "+":
        return normalize(a + b)
    if op == "-":
        return normalize(a - b)
    if op == "*":
        return normalize(a * b)
    if b == 0:
        rt.warn(1562, "division by zero")
        return None
    if op == "/":
        return normalize(a / b)
    result = abs(a) % abs(b)
    return normalize(-result if a < 0 else result)


_COMPARATORS: dict[str, Callable[[int], bool]] = {
    "==": lambda c: c == 0,
    "!=": lambda c: c != 0,
    "<": lambda c: c < 0,
    "<=": lambda c: c <= 0,
    ">": lambda c: c > 0,
    ">=": lambda c: c >= 0,
}


def in_array(needle: Any, haystack: Any) -> bool:
    """``needle IN haystack`` (false when ``haystack`` is not an array)."""
    if not isinstance(haystack, list):
        return False
    return any(equal(needle, item) for item in haystack)


def compare_op(op: str, left: Any, right: Any) -> bool:
    """A comparison or membership operator applied to two values."""
    if op == "IN":
        return in_array(left, right)
    if op == "NOT IN":
        return not in_array(left, right)
    if op == "==":
        return equal(left, right)
    if op == "!=":
        return not equal(left, right)
    return _COMPARATORS[op](compare(left, right))


@lru_cache(maxsize=512)
def like_regex(pattern: str, case_insensitive: bool = False) -> re.Pattern[str]:
    """The regular expression for a LIKE pattern (``%``, ``_`` and backslash escapes)."""
    flags = re.DOTALL | (re.IGNORECASE if case_insensitive else 0)
    return re.compile(like_source(pattern)[1], flags)


@lru_cache(maxsize=512)
def aql_regex(pattern: str, case_insensitive: bool = False) -> re.Pattern[str]:
    """Compile an AQL (ECMAScript-like) regular expression; 1543 when invalid."""
    try:
        return re.compile(pattern, re.IGNORECASE if case_insensitive else 0)
    except re.error:
        raise EmuError(1543, "AQL: invalid regex value (while executing)") from None


def integer_range(left: Any, right: Any, rt: Runtime) -> range:
    """The integers of ``left..right`` (counting down when ``right`` is smaller), charged
    against the query's memory limit."""
    a = int(to_number(left))
    b = int(to_number(right))
    if abs(b - a) > MAX_RANGE:
        raise EmuError(32, "AQL: query would use more memory than allowed "
                           "(while executing)", http_code=500)
    rt.charge(8 * (abs(b - a) + 1))
    return range(a, b + 1) if a <= b else range(a, b - 1, -1)


def _binary(expr: ast.Binary, env: Env, rt: Runtime) -> Any:
    op = expr.op
    left = evaluate(expr.left, env, rt)
    right = evaluate(expr.right, env, rt)
    if op in ("+", "-", "*", "/", "%"):
        return arithmetic(op, left, right, rt)
    if op in _COMPARATORS or op in ("IN", "NOT IN"):
        return compare_op(op, left, right)
    if op == "..":
        return list(integer_range(left, right, rt))
    if op in ("LIKE", "NOT LIKE"):
        matched = like_regex(to_string(right)).fullmatch(to_string(left)) is not None
        return matched if op == "LIKE" else not matched
    if op in ("=~", "!~"):
        found = aql_regex(to_string(right)).search(to_string(left)) is not None
        return found if op == "=~" else not found
    raise EmuError(4, f"unknown operator {op}")


def _logical(expr: ast.Logical, env: Env, rt: Runtime) -> Any:
    left = evaluate(expr.left, env, rt)
    if expr.op == "&&":
        return evaluate(expr.right, env, rt) if truthy(left) else left
    return left if truthy(left) else evaluate(expr.right, env, rt)


def _ternary(expr: ast.Ternary, env: Env, rt: Runtime) -> Any:
    cond = evaluate(expr.cond, env, rt)
    if truthy(cond):
        return cond if expr.then is None else evaluate(expr.then, env, rt)
    return evaluate(expr.otherwise, env, rt)


def _array_compare(expr: ast.ArrayCompare, env: Env, rt: Runtime) -> Any:
    left = evaluate(expr.left, env, rt)
    right = evaluate(expr.right, env, rt)
    if not isinstance(left, list):
        return False
    results = (compare_op(expr.op, item, right) for item in left)
    if expr.quantifier == "ANY":
        return any(results)
    if expr.quantifier == "ALL":
        return all(results)
    return not any(results)


def _call(expr: ast.Call, env: Env, rt: Runtime) -> Any:
    spec = FUNCTIONS.get(expr.name)
    if spec is None:
        if "::" in expr.name:
            raise EmuError(
                1583,
                f"AQL: user function runtime error: cannot run user function '{expr.name}': "
                "the emulator does not execute JavaScript (while executing)",
            )
        raise EmuError(1540, f"AQL: usage of unknown function '{expr.name}()' "
                             "(while parsing)")
    lazy = _LAZY.get(expr.name)
    if lazy is not None:
        return lazy(expr, env, rt)
    args = [evaluate(arg, env, rt) for arg in expr.args]
    try:
        return spec.impl(rt, *args)
    except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError,
            RecursionError):
        rt.bad_argument(expr.name)
        return None


def _collection_count(expr: ast.Call, env: Env, rt: Runtime) -> Any:
    arg = expr.args[0]
    name = arg.name if isinstance(arg, ast.CollectionRef) else evaluate(arg, env, rt)
    if not isinstance(name, str):
        rt.bad_argument("COLLECTION_COUNT")
        return None
    rt.ctx.collection_type(name)
    return rt.ctx.count(name)


def _length(expr: ast.Call, env: Env, rt: Runtime) -> Any:
    arg = expr.args[0]
    if isinstance(arg, ast.CollectionRef):
        rt.ctx.collection_type(arg.name)
        return rt.ctx.count(arg.name)
    return FUNCTIONS[expr.name].impl(rt, evaluate(arg, env, rt))


def _noopt(expr: ast.Call, env: Env, rt: Runtime) -> Any:
    return evaluate(expr.args[0], env, rt)


def _collection_first(expr: ast.Call, env: Env, rt: Runtime) -> Any:
    """DOCUMENT, FULLTEXT, NEAR, WITHIN, WITHIN_RECTANGLE: the first argument names a
    collection (a bare name or ``@@bind`` is passed as its name, not read as the collection's
    documents)."""
    first = expr.args[0]
    name = first.name if isinstance(first, ast.CollectionRef) else evaluate(first, env, rt)
    args = [name, *(evaluate(arg, env, rt) for arg in expr.args[1:])]
    try:
        return FUNCTIONS[expr.name].impl(rt, *args)
    except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError):
        rt.bad_argument(expr.name)
        return None


_LAZY: dict[str, Callable[[ast.Call, Env, Runtime], Any]] = {
    "COLLECTION_COUNT": _collection_count,
    "LENGTH": _length,
    "COUNT": _length,
    "NOOPT": _noopt,
    "PASSTHRU": _noopt,
    "DOCUMENT": _collection_first,
    "FULLTEXT": _collection_first,
    "NEAR": _collection_first,
    "WITHIN": _collection_first,
    "WITHIN_RECTANGLE": _collection_first,
}


def register_lazy(name: str, impl: Callable[[ast.Call, Env, Runtime], Any]) -> None:
    """Let function ``name`` see its argument expressions and the row (search functions
    read the row's hidden score entries); ``name`` must also be in FUNCTIONS."""
    _LAZY[name] = impl


def _subquery(expr: ast.Subquery, env: Env, rt: Runtime) -> Any:
    return _subquery_runner()(expr.body, env, rt)


def _subquery_runner() -> Callable[[list[ast.Op], Env, Runtime], list[Any]]:
    return run_subquery


_DISPATCH: dict[type, Callable[[Any, Env, Runtime], Any]] = {
    ast.Literal: _literal,
    ast.ArrayLit: _array,
    ast.ObjectLit: _object,
    ast.Var: _var,
    ast.Bind: _bind,
    ast.CollectionRef: _collection,
    ast.Attr: _attr,
    ast.Index: _index,
    ast.Expand: _expand,
    ast.Unary: _unary,
    ast.Binary: _binary,
    ast.Logical: _logical,
    ast.Ternary: _ternary,
    ast.ArrayCompare: _array_compare,
    ast.Call: _call,
    ast.Subquery: _subquery,
}
