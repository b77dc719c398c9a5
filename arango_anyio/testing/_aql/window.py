"""The WINDOW operation: aggregates over a frame of rows around each row.

Row-based (``WINDOW {preceding: 1, following: 1}``): adjacent rows in their current order.
Range-based (``WINDOW expr WITH {preceding: 10, following: 5}``): the rows are first sorted
by ``expr`` (the server's optimizer inserts that SORT), and a row's frame is every row whose
value lies in ``[value - preceding, value + following]``; ISO 8601 durations as bounds make
the value a millisecond timestamp and move it by calendar years and months, then the rest.
"""

from __future__ import annotations

from functools import cmp_to_key
from typing import Any

from arango_anyio.testing._aql import ast, civil
from arango_anyio.testing._aql.aggregates import aggregate
from arango_anyio.testing._aql.evaluator import Env, evaluate
from arango_anyio.testing._aql.runtime import Runtime
from arango_anyio.testing._aql.values import compare, is_number, to_number
from arango_anyio.testing._protocol.errors import EmuError

_UNBOUNDED = 1 << 63


def _invalid(kind: str, detail: str = "") -> EmuError:
    return EmuError(10, f"WINDOW {kind} spec is invalid{detail}")


def _row_bound(value: Any) -> int:
    if value is None:
        return 0
    if is_number(value) and value >= 0:
        return int(value)
    if value in ("unbounded", "inf"):
        return _UNBOUNDED
    raise _invalid("row", '; bounds must be positive integers or "unbounded"')


def _as_double(value: Any) -> float | None:
    """The server's ``toDouble`` of a range value; None where that conversion fails (text
    that is no number, objects, arrays of more than one element)."""
    if isinstance(value, list):
        return _as_double(value[0]) if len(value) == 1 else (0.0 if not value else None)
    if isinstance(value, dict):
        return None
    if isinstance(value, str) and value.strip():
        try:
            float(value)
        except ValueError:
            return None
    return float(to_number(value))


def _with_aggregates(op: ast.Window, row: Env, members: list[Env], rt: Runtime) -> Env:
    rt.tick()
    new = dict(row)
    for name, func, args in op.aggregates:
        new[name] = aggregate(func, [evaluate(args[0], member, rt) if args else None
                                     for member in members], rt)
    return new


def run_window(op: ast.Window, rows: list[Env], base: Env, rt: Runtime) -> list[Env]:
    """One output row per input row, with the WINDOW's aggregates over its frame."""
    bounds = evaluate(op.bounds, base, rt)
    if not isinstance(bounds, dict):
        raise EmuError(10, "AQL: invalid WINDOW bounds (while parsing)")
    if op.range_expr is None:
        preceding, following = _row_bound(bounds.get("preceding")), \
            _row_bound(bounds.get("following"))
        return [_with_aggregates(op, row, rows[max(0, i - preceding):i + following + 1], rt)
                for i, row in enumerate(rows)]
    return _by_range(op, bounds.get("preceding"), bounds.get("following"), rows, rt)


def _by_range(op: ast.Window, preceding: Any, following: Any, rows: list[Env],
              rt: Runtime) -> list[Env]:
    for bound in (preceding, following):
        if bound is not None and not isinstance(bound, str) and not is_number(bound):
            raise _invalid("range")
    if preceding is not None and following is not None and \
            isinstance(preceding, str) != isinstance(following, str):
        raise _invalid("range", "; bounds must be of the same type - either both are numeric "
                                "values, or both are ISO 8601 duration strings")
    assert op.range_expr is not None
    keyed = [(evaluate(op.range_expr, row, rt), row) for row in rows]

    def by_value(a: tuple[Any, Env], b: tuple[Any, Env]) -> int:
        return compare(a[0], b[0])

    keyed.sort(key=cmp_to_key(by_value))  # stable: equal values keep their order
    dates = isinstance(preceding, str) or isinstance(following, str)
    frames: list[tuple[float, float, float] | None] = []
    if dates:
        before = civil.parse_duration(preceding) if isinstance(preceding, str) else (0, 0, 0)
        after = civil.parse_duration(following) if isinstance(following, str) else (0, 0, 0)
        for name, duration in (("preceding", before), ("following", after)):
            if duration is None:
                raise _invalid("range", f"; '{name}' is not a valid ISO 8601 duration string")
        assert before is not None and after is not None
        for value, _ in keyed:
            if not is_number(value) or not civil.EARLIEST <= int(value) <= civil.LATEST:
                rt.warn(1572, "range value is not a valid timepoint (out of range)"
                        if is_number(value) else "invalid date value")
                frames.append(None)
                continue
            moment = int(value)
            frames.append((moment, civil.add_duration(moment, before, -1),
                           civil.add_duration(moment, after, 1)))
    else:
        low = float(to_number(preceding))
        high = float(to_number(following))
        for value, _ in keyed:
            point = _as_double(value)
            if point is None:
                rt.warn(1561, "invalid arithmetic value")
                frames.append(None)
                continue
            frames.append((point, point - low, point + high))
    out: list[Env] = []
    for (_, row), frame in zip(keyed, frames, strict=True):
        members = [] if frame is None else [
            other for (_, other), point in zip(keyed, frames, strict=True)
            if point is not None and frame[1] <= point[0] <= frame[2]]
        out.append(_with_aggregates(op, row, members, rt))
    return out
