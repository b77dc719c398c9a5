"""Runs the operations of a query body over a list of rows (variable environments)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from functools import cmp_to_key
from typing import Any

from arango_anyio.testing._aql import ast, evaluator, search_for, vector_for
from arango_anyio.testing._aql.aggregates import aggregate
from arango_anyio.testing._aql.evaluator import Env, evaluate
from arango_anyio.testing._aql.geo_restrict import geo_index_filter
from arango_anyio.testing._aql.key_lookup import for_by_keys, primary_key_lookup
from arango_anyio.testing._aql.modify import run_modify
from arango_anyio.testing._aql.runtime import Runtime
from arango_anyio.testing._aql.traversal import run_shortest_path, run_traversal
from arango_anyio.testing._aql.values import (
    compare,
    hash_key,
    scalar_sort_key,
    truthy,
    typename,
)
from arango_anyio.testing._aql.window import run_window
from arango_anyio.testing._protocol.errors import EmuError

Rows = list[Env]


#: One top-level operation's run, for ``profile`` 2: (index, rows in, rows out, seconds).
OpTrace = tuple[int, int, int, float]


def run_body(body: list[ast.Op], base: Env, rt: Runtime,
             trace: list[OpTrace] | None = None) -> list[Any]:
    """Run ``body`` starting from the single row ``base``; the values of its RETURN. With
    ``trace``, each operation's row counts and time are appended to it."""
    rows: Rows = [dict(base)]
    body = list(body)  # a geo index loop may rewrite the operations after it
    i = 0
    while i < len(body):
        op = body[i]
        started = time.perf_counter() if trace is not None else 0.0
        before = len(rows)
        if isinstance(op, ast.Return):
            values = _return(op, rows, rt)
            if trace is not None:
                trace.append((i, before, len(values), time.perf_counter() - started))
            return values
        searched = _search_loop(op, body, i, rows, rt) \
            if isinstance(op, ast.For) and isinstance(op.source, ast.CollectionRef) else None
        if searched is not None:
            rows, consumed = searched
            if trace is not None:
                if consumed >= 0:  # the FILTER the index answered
                    trace.append((consumed, len(rows), len(rows), 0.0))
                trace.append((i, before, len(rows), time.perf_counter() - started))
            i = consumed + 1 if consumed >= 0 else i + 1
            continue
        if isinstance(op, ast.For):
            result, end, counts = _run_loop(body, i, rows, base, rt)
            if trace is not None:
                trace.append((i, before, counts[0], time.perf_counter() - started))
                trace.extend((i + k, counts[k - 1], counts[k], 0.0)
                             for k in range(1, len(counts)))
            if end < len(body) and isinstance(body[end], ast.Return):
                return result  # the RETURN ran with the loop
            rows, i = result, end
            continue
        rows = _HANDLERS[type(op)](op, rows, base, rt)
        if trace is not None:
            trace.append((i, before, len(rows), time.perf_counter() - started))
        i += 1
    return []


#: How many rows a loop hands on at a time to the LET and FILTER operations (and the
#: RETURN) right after it, as ArangoDB's executors pass blocks of 1,000 rows.
BATCH_SIZE = 1000


def _run_loop(body: list[ast.Op], i: int, rows: Rows, base: Env, rt: Runtime
              ) -> tuple[list[Any], int, list[int]]:
    """Run the loop ``body[i]`` (one that no search index answers).

    A loop followed by LET and FILTER operations (or by its RETURN) runs them on each block
    of :data:`BATCH_SIZE` rows as it produces them, so a row a filter drops, or one whose
    value was returned, is freed at once. (Materializing every row of a large scan first
    made the cyclic garbage collector walk them all, pausing a running query -- and its
    cancellation -- for tens of milliseconds.) Statistics, memory accounting and, for up to
    1,000 rows, the order of evaluation are those of running one operation after the other.

    Returns the rows after the last operation run (or the RETURN's values when it ran too),
    the index of the next operation, and the rows out of each operation run.
    """
    op = body[i]
    assert isinstance(op, ast.For)
    following = body[i + 1] if i + 1 < len(body) else None
    if isinstance(op.source, ast.CollectionRef) and op.pattern is None:
        if isinstance(following, ast.Filter):
            keys = primary_key_lookup(op.var, following)
            if keys is not None:
                out = for_by_keys(op, keys, rows, rt)
                return out, i + 1, [len(out)]
        geo = geo_index_filter(op, body[i + 1:], rt)
        if geo is not None:
            for offset, rewritten in geo.rewritten.items():
                body[i + 1 + offset] = rewritten
            out = _for_geo_index(op, geo.held, rows, rt)
            return out, i + 1, [len(out)]
    end = i + 1
    while end < len(body) and isinstance(body[end], (ast.Let, ast.Filter)):
        end += 1
    returning = body[end] if end < len(body) else None
    if not isinstance(returning, ast.Return):
        returning = None
    counts = [0] * (end - i + (returning is not None))
    result: list[Any] = []
    for batch in _loop_batches(op, rows, rt):
        counts[0] += len(batch)
        for k in range(i + 1, end):
            batch = _HANDLERS[type(body[k])](body[k], batch, base, rt)
            counts[k - i] += len(batch)
        if returning is None:
            result.extend(batch)
        else:
            result.extend(_returned(returning, batch, rt))
            counts[-1] = len(result)
    if returning is not None and returning.distinct:
        result = _distinct(result)
        counts[-1] = len(result)
    return result, end, counts


def _loop_batches(op: ast.For, rows: Rows, rt: Runtime) -> Iterator[Rows]:
    """The rows of the loop ``op`` over ``rows``, in blocks of :data:`BATCH_SIZE`."""
    var, pattern = op.var, op.pattern
    batch: Rows = []
    for row, items in zip(rows, _loop_items(op, rows, rt), strict=True):
        for item in items:
            rt.tick()
            new = dict(row)
            new[var] = item
            if pattern is not None:
                destructure(pattern, item, new)
            batch.append(new)
            if len(batch) == BATCH_SIZE:
                rt.charge(64 * BATCH_SIZE)
                yield batch
                batch = []
    if batch:
        rt.charge(64 * len(batch))
        yield batch


def _search_loop(op: ast.For, body: list[ast.Op], i: int, rows: Rows, rt: Runtime
                 ) -> tuple[Rows, int] | None:
    """A loop answered by a search index (a view, an inverted index hint, a vector index):
    its rows and the index of an operation it consumed (or -1); None for other loops."""
    assert isinstance(op.source, ast.CollectionRef)
    if op.search is not None or search_for.is_view(rt, op.source.name):
        return search_for.view_loop(op, rows, rt), -1
    hint = search_for.inverted_hint(op, rt)
    if hint is not None:
        following = body[i + 1] if i + 1 < len(body) else None
        condition = following if isinstance(following, ast.Filter) else None
        return (search_for.inverted_loop(op, condition, hint, rows, rt),
                i + 1 if condition is not None else -1)
    nearest = vector_for.vector_loop(op, body[i + 1:], rows, rt)
    if nearest is not None:
        return nearest[0], (i + 1 if nearest[1] else -1)
    return None


def destructure(pattern: ast.Pattern, value: Any, env: Env) -> None:
    """Assign ``value`` to the variables of ``pattern`` (null where it has no such part)."""
    if isinstance(pattern, str):
        env[pattern] = value
    elif isinstance(pattern, ast.ArrayPattern):
        items = value if isinstance(value, list) else []
        for position, target in enumerate(pattern.items):
            if target is not None:
                destructure(target, items[position] if position < len(items) else None, env)
    else:
        attributes = value if isinstance(value, dict) else {}
        for name, target in pattern.items:
            destructure(target, attributes.get(name), env)


def _for_geo_index(op: ast.For, held: Callable[[dict[str, Any]], bool], rows: Rows,
                   rt: Runtime) -> Rows:
    """A collection loop the server answers from a geo index: only the documents the index
    holds (see :mod:`geo_restrict`)."""
    assert isinstance(op.source, ast.CollectionRef)
    docs = [doc for doc in rt.ctx.scan(op.source.name) if held(doc)]
    out: Rows = []
    for row in rows:
        rt.stats["scannedIndex"] += len(docs)
        for doc in docs:
            rt.tick()
            new = dict(row)
            new[op.var] = doc
            out.append(new)
    rt.charge(64 * len(out))
    return out


def _loop_items(op: ast.For, rows: Rows, rt: Runtime) -> list[Sequence[Any]]:
    """What the loop iterates over, for each row (the collection's documents are read once;
    a range such as ``1..3000000`` is not built as a list)."""
    source = op.source
    if isinstance(source, ast.CollectionRef):
        docs = list(rt.ctx.scan(source.name))
        rt.stats["scannedFull"] += len(docs) * len(rows)
        return [docs] * len(rows)
    out: list[Sequence[Any]] = []
    for row in rows:
        if isinstance(source, ast.Binary) and source.op == "..":
            out.append(evaluator.integer_range(evaluate(source.left, row, rt),
                                               evaluate(source.right, row, rt), rt))
            continue
        value = evaluate(source, row, rt)
        if not isinstance(value, list):
            raise EmuError(1563, "AQL: collection or array expected as operand to FOR loop; "
                                 f"you provided a value of type '{typename(value)}' "
                                 "(while executing)")
        out.append(value)
    return out


def _let(op: ast.Let, rows: Rows, base: Env, rt: Runtime) -> Rows:
    for row in rows:
        rt.tick()
        row[op.var] = value = evaluate(op.expr, row, rt)
        if op.pattern is not None:
            destructure(op.pattern, value, row)
    return rows


def _filter(op: ast.Filter, rows: Rows, base: Env, rt: Runtime) -> Rows:
    kept = []
    for row in rows:
        rt.tick()
        if truthy(evaluate(op.expr, row, rt)):
            kept.append(row)
    rt.stats["filtered"] += len(rows) - len(kept)
    return kept


def _scalar_keys(keyed: list[tuple[list[Any], Env]]) -> list[list[tuple[Any, ...]]] | None:
    """Plain sort keys for every row, or None when some value is an array or object."""
    out: list[list[tuple[Any, ...]]] = []
    for values, _ in keyed:
        row: list[tuple[Any, ...]] = []
        for value in values:
            key = scalar_sort_key(value)
            if key is None:
                return None
            row.append(key)
        out.append(row)
    return out


def _sort(op: ast.Sort, rows: Rows, base: Env, rt: Runtime) -> Rows:
    keyed = []
    for row in rows:
        rt.tick()
        keyed.append(([evaluate(expr, row, rt) for expr, _ in op.keys], row))
    directions = [asc for _, asc in op.keys]
    scalar = _scalar_keys(keyed)
    if scalar is not None:
        order = list(range(len(keyed)))
        for position in reversed(range(len(directions))):  # stable: last key first
            order.sort(key=lambda i: scalar[i][position], reverse=not directions[position])
        return [keyed[i][1] for i in order]

    def cmp(a: tuple[list[Any], Env], b: tuple[list[Any], Env]) -> int:
        rt.tick()
        for x, y, asc in zip(a[0], b[0], directions, strict=False):
            c = compare(x, y)
            if c:
                return c if asc else -c
        return 0

    keyed.sort(key=cmp_to_key(cmp))
    return [row for _, row in keyed]


#: The count the server uses for ``LIMIT offset, null`` ("no limit").
UNBOUNDED_LIMIT = 128 * 1024 * 1024


def _limit_value(expr: ast.Expr, base: Env, rt: Runtime, what: str) -> int:
    """A LIMIT offset or count as ArangoDB's ``fromNodeLimit`` reads it: null is offset 0 and
    no count limit; anything but a non-negative number is error 1504."""
    value = evaluate(expr, base, rt)
    if value is None:
        return 0 if what == "offset" else UNBOUNDED_LIMIT
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
        raise EmuError(1504, f"AQL: LIMIT {what} value is not a number or out of range "
                             "(while instantiating plan)")
    return int(value)


def _limit(op: ast.Limit, rows: Rows, base: Env, rt: Runtime) -> Rows:
    offset = _limit_value(op.offset, base, rt, "offset")
    count = _limit_value(op.count, base, rt, "count")
    if op.top_level_last and rt.full_count_wanted:
        rt.full_count = len(rows)
    return rows[offset:offset + count]


def _collect(op: ast.Collect, rows: Rows, base: Env, rt: Runtime) -> Rows:
    groups: dict[Any, tuple[list[Any], list[Env]]] = {}
    for row in rows:
        rt.tick()
        values = [evaluate(expr, row, rt) for _, expr in op.groups]
        key = hash_key(values)
        entry = groups.get(key)
        if entry is None:
            groups[key] = (values, [row])
        else:
            entry[1].append(row)
    if not op.groups and not groups and (op.count_into or op.aggregates):
        groups[()] = ([], [])
    def by_group(a: tuple[list[Any], list[Env]], b: tuple[list[Any], list[Env]]) -> int:
        return compare(a[0], b[0])

    ordered = sorted(groups.values(), key=cmp_to_key(by_group))
    out: Rows = []
    for values, members in ordered:
        rt.tick()
        new = dict(base)
        for (name, _), value in zip(op.groups, values, strict=False):
            new[name] = value
        for name, func, args in op.aggregates:
            inputs = [evaluate(args[0], row, rt) if args else None for row in members]
            new[name] = aggregate(func, inputs, rt)
        if op.into is not None:
            if op.into_expr is not None:
                new[op.into] = [evaluate(op.into_expr, row, rt) for row in members]
            else:
                names = op.keep if op.keep is not None else op.visible
                new[op.into] = [
                    {name: row.get(name) for name in names if name in row} for row in members
                ]
        if op.count_into is not None:
            new[op.count_into] = len(members)
        out.append(new)
    return out


def _return(op: ast.Return, rows: Rows, rt: Runtime) -> list[Any]:
    values = _returned(op, rows, rt)
    return _distinct(values) if op.distinct else values


def _returned(op: ast.Return, rows: Rows, rt: Runtime) -> list[Any]:
    """The value of ``op``'s expression for each row (before DISTINCT)."""
    values = []
    for row in rows:
        rt.tick()
        values.append(evaluate(op.expr, row, rt))
    return values


def _distinct(values: list[Any]) -> list[Any]:
    """``values`` without repetitions, in order of first appearance (RETURN DISTINCT)."""
    seen: set[Any] = set()
    out = []
    for value in values:
        key = hash_key(value)
        if key not in seen:
            seen.add(key)
            out.append(value)
    return out


_HANDLERS: dict[type, Callable[[Any, Rows, Env, Runtime], Rows]] = {
    ast.Let: _let,
    ast.Filter: _filter,
    ast.Sort: _sort,
    ast.Limit: _limit,
    ast.Collect: _collect,
    ast.Window: run_window,
    ast.Modify: run_modify,
    ast.Traversal: run_traversal,
    ast.ShortestPath: run_shortest_path,
}

evaluator.run_subquery = run_body
