"""The conformance scoreboard: every replayed pair's result, by backend, and its summary."""

from __future__ import annotations

from ._replay import PairResult

#: ``backend -> (example, seq) -> result``, filled by the replay tests.
RESULTS: dict[str, dict[tuple[str, int], PairResult]] = {}


def record(backend: str, results: list[PairResult]) -> None:
    board = RESULTS.setdefault(backend, {})
    for result in results:
        board[(result.example, result.seq)] = result


def merged() -> dict[tuple[str, int], PairResult]:
    """One result per pair: matched only when it matched under every backend that ran it."""
    out: dict[tuple[str, int], PairResult] = {}
    for board in RESULTS.values():
        for key, result in board.items():
            if key not in out or not result.matched:
                out[key] = result
    return out


def score() -> tuple[int, int]:
    """``(matched, replayed)`` pairs so far."""
    board = merged()
    return sum(r.matched for r in board.values()), len(board)


def summary_lines(total_pairs: int) -> list[str]:
    """The score table: matched / pairs per area, then the total and the left-out pairs."""
    board = merged()
    areas: dict[str, list[PairResult]] = {}
    for result in board.values():
        areas.setdefault(result.area, []).append(result)
    lines = [f"{'area':<20} {'matched':>7} {'pairs':>6} {'left out':>9} {'failed':>7}"]
    for area in sorted(areas):
        rows = areas[area]
        matched = sum(r.matched for r in rows)
        left = sum(r.left_out is not None for r in rows)
        lines.append(f"{area:<20} {matched:>7} {len(rows):>6} {left:>9} "
                     f"{len(rows) - matched - left:>7}")
    matched, replayed = score()
    percent = 100.0 * matched / total_pairs if total_pairs else 0.0
    lines.append(f"{'total':<20} {matched:>7} {replayed:>6}   -> {matched}/{total_pairs} "
                 f"recorded pairs = {percent:.1f}% (backends: {', '.join(sorted(RESULTS))})")
    for result in sorted(board.values(), key=lambda r: (r.example, r.seq)):
        if result.left_out is not None:
            lines.append(f"  left out {result.example}#{result.seq}: {result.left_out}")
    failed = [r for r in board.values() if not r.matched and r.left_out is None]
    for result in sorted(failed, key=lambda r: (r.example, r.seq)):
        lines.append(f"  FAILED {result.example}#{result.seq}: {'; '.join(result.problems)}")
    return lines
