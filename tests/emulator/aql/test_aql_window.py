"""WINDOW: row frames, value ranges (rows sorted by the range value first, inclusive bounds)
and duration ranges over millisecond timestamps."""

from __future__ import annotations

from typing import Any

import pytest

from arango_anyio.testing._aql.memory import MemoryContext
from arango_anyio.testing._protocol.errors import EmuError

from .conftest import run

#: (time, value) observations, in insertion order
POINTS = [("2021-05-25 07:00:00", 10), ("2021-05-25 07:15:00", 9), ("2021-05-25 07:30:00", 25),
          ("2021-05-25 07:00:00", 0), ("2021-05-25 07:15:00", 10), ("2021-05-25 08:00:00", 25)]


@pytest.fixture
def observations(ctx: MemoryContext) -> MemoryContext:
    ctx.create("obs", docs=[{"_key": str(i), "time": t, "val": v}
                            for i, (t, v) in enumerate(POINTS)])
    return ctx


def test_value_range_sorts_by_the_value(observations: MemoryContext) -> None:
    result = run(observations, "FOR t IN obs WINDOW t.val WITH {preceding: 1, following: 0} "
                               "AGGREGATE s = SUM(t.val), n = COUNT(1) RETURN [t._key, s, n]")
    # sorted by val, equal values keep their order; the frame is [val - 1, val]
    assert result.result == [["3", 0, 1], ["1", 9, 1], ["0", 29, 3], ["4", 29, 3],
                             ["2", 50, 2], ["5", 50, 2]]


def test_duration_range(observations: MemoryContext) -> None:
    result = run(observations, "FOR t IN obs WINDOW DATE_TIMESTAMP(t.time) "
                               "WITH {preceding: 'PT15M'} AGGREGATE v = PUSH(t.val) "
                               "RETURN [t.time, v]")
    assert result.result == [
        ["2021-05-25 07:00:00", [10, 0]], ["2021-05-25 07:00:00", [10, 0]],
        ["2021-05-25 07:15:00", [10, 0, 9, 10]], ["2021-05-25 07:15:00", [10, 0, 9, 10]],
        ["2021-05-25 07:30:00", [9, 10, 25]], ["2021-05-25 08:00:00", [25]]]


def test_duration_by_calendar_month(ctx: MemoryContext) -> None:
    query = ("FOR d IN ['2021-01-31', '2021-02-28', '2021-03-03'] "
             "WINDOW DATE_TIMESTAMP(d) WITH {following: 'P1M'} AGGREGATE n = COUNT(1) "
             "RETURN n")
    # January 31st plus a month runs on to March 3rd
    assert run(ctx, query).result == [3, 2, 1]


def test_rows_unbounded(ctx: MemoryContext) -> None:
    query = ("FOR x IN [1, 2, 3] WINDOW {preceding: 'unbounded', following: 0} "
             "AGGREGATE s = SUM(x) RETURN s")
    assert run(ctx, query).result == [1, 3, 6]


def test_non_numeric_range_values_warn(ctx: MemoryContext) -> None:
    result = run(ctx, "FOR x IN [1, 'a', 2] WINDOW x WITH {preceding: 5} "
                      "AGGREGATE n = COUNT(1) RETURN n")
    assert result.result == [1, 2, 0]  # sorted: 1, 2, then "a" (a frame of its own: none)
    assert [w["code"] for w in result.warnings] == [1561]


@pytest.mark.parametrize("bounds", [
    "WINDOW {preceding: -1} AGGREGATE n = COUNT(1)",
    "WINDOW {preceding: 'always'} AGGREGATE n = COUNT(1)",
    "WINDOW x WITH {preceding: 1, following: 'PT1H'} AGGREGATE n = COUNT(1)",
    "WINDOW x WITH {preceding: 'one hour'} AGGREGATE n = COUNT(1)",
    "WINDOW x WITH {preceding: [1]} AGGREGATE n = COUNT(1)",
])
def test_invalid_bounds(ctx: MemoryContext, bounds: Any) -> None:
    with pytest.raises(EmuError) as caught:
        run(ctx, f"FOR x IN [1] {bounds} RETURN n")
    assert caught.value.error_num == 10
