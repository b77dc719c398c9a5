"""A loop hands its rows on in blocks of 1,000 to the LET and FILTER operations and the RETURN
after it (as ArangoDB's executors do): the results, their order and the statistics are those
of running the operations one after the other, while a row that a filter drops, or whose value
was returned, is freed at once -- a large scan no longer keeps every row alive, and a range is
never built as a list."""

from __future__ import annotations

import tracemalloc

from arango_anyio.testing._aql.executor import BATCH_SIZE
from arango_anyio.testing._aql.memory import MemoryContext

from .conftest import run

ROWS = 2 * BATCH_SIZE + 500  # three blocks, the last one partial


def _numbers(count: int) -> MemoryContext:
    store = MemoryContext()
    store.create("numbers", docs=[{"_key": str(i), "v": i} for i in range(count)])
    return store


def test_let_and_filter_over_several_blocks() -> None:
    result = run(MemoryContext(),
                 f"FOR i IN 1..{ROWS} LET s = i * 2 FILTER s % 3 == 0 RETURN s")
    expected = [i * 2 for i in range(1, ROWS + 1) if (i * 2) % 3 == 0]
    assert result.result == expected
    assert result.stats["filtered"] == ROWS - len(expected)


def test_a_collection_scan_over_several_blocks_keeps_its_order_and_statistics() -> None:
    result = run(_numbers(ROWS), "FOR d IN numbers FILTER d.v % 7 == 3 RETURN d.v")
    expected = [i for i in range(ROWS) if i % 7 == 3]
    assert result.result == expected
    assert result.stats["scannedFull"] == ROWS
    assert result.stats["filtered"] == ROWS - len(expected)


def test_return_distinct_over_several_blocks_keeps_first_appearances() -> None:
    result = run(MemoryContext(), f"FOR i IN 1..{ROWS} RETURN DISTINCT i % 10")
    assert result.result == [1, 2, 3, 4, 5, 6, 7, 8, 9, 0]


def test_a_destructuring_loop_over_several_blocks() -> None:
    result = run(MemoryContext(), f"""
        FOR [a, b] IN (FOR i IN 1..{ROWS} RETURN [i, i * 2])
          FILTER a > {ROWS - 3}
          RETURN b""")
    assert result.result == [2 * (ROWS - 2), 2 * (ROWS - 1), 2 * ROWS]


def test_nested_loops_and_a_sort_after_the_blocks() -> None:
    result = run(MemoryContext(), f"""
        FOR i IN 1..3
          FOR j IN 1..{ROWS}
            FILTER j % 1000 == 0
            SORT i DESC, j
            RETURN [i, j]""")
    assert result.result == [[i, j] for i in (3, 2, 1) for j in (1000, 2000)]
    assert result.stats["filtered"] == 3 * (ROWS - 2)


def test_a_filtered_scan_does_not_keep_every_row_alive() -> None:
    store = _numbers(20_000)
    tracemalloc.start()
    try:
        result = run(store, "FOR d IN numbers FILTER d.v < 0 RETURN d")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.result == []
    # one row per document (a dict each, ~4 MB for 20,000) would be alive at once if the
    # loop ran to the end before the filter
    assert peak < 1_500_000, peak


def test_a_loop_over_a_range_does_not_build_the_range() -> None:
    tracemalloc.start()
    try:
        result = run(MemoryContext(), "FOR i IN 1..150000 FILTER i == 7 RETURN i")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.result == [7]
    assert peak < 2_000_000, peak  # the list would take 5.4 MB (pointers and integers)
