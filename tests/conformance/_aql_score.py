"""The AQL examples' scoreboard: every replayed example's outcome, by backend, and its
summary (printed by ``tests/conformance/conftest.py``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Outcome:
    """One example's result under one backend."""

    name: str
    reproduced: bool = False
    left_out: str | None = None
    problem: str = ""


#: ``backend -> example name -> outcome``, filled by ``test_aql_examples.py``.
RESULTS: dict[str, dict[str, Outcome]] = {}


def summary_lines(total: int) -> list[str]:
    """The score (examples reproduced under every backend that ran them, out of ``total``),
    then the examples left out and those that failed."""
    merged: dict[str, Outcome] = {}
    for board in RESULTS.values():
        for name, outcome in board.items():
            if name not in merged or not outcome.reproduced:
                merged[name] = outcome
    reproduced = sum(o.reproduced for o in merged.values())
    left = sorted((o for o in merged.values() if o.left_out), key=lambda o: o.name)
    failed = sorted((o for o in merged.values() if not o.reproduced and not o.left_out),
                    key=lambda o: o.name)
    percent = 100.0 * reproduced / total if total else 0.0
    lines = [f"reproduced {reproduced}/{total} examples = {percent:.1f}% "
             f"(run {len(merged)}, left out {len(left)}, failed {len(failed)}; "
             f"backends: {', '.join(sorted(RESULTS))})"]
    lines += [f"  left out {o.name}: {o.left_out}" for o in left]
    lines += [f"  FAILED {o.name}: {o.problem[:300]}" for o in failed]
    return lines
