"""Prints the conformance scores (recorded ArangoDB 3.12.10 answers and AQL documentation
examples replayed on the emulator) at the end of every run that replayed any of them."""

from __future__ import annotations

import pytest

from tests.conformance import _aql_score, _score
from tests.conformance._replay import load_pairs
from tests.conftest import CONFORMANCE_DATA, RECORDED_ANSWERS

AQL_EXAMPLES = CONFORMANCE_DATA / "aql-examples-3.12.jsonl"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _aql_score.RESULTS:
        examples = AQL_EXAMPLES.read_text().splitlines() if AQL_EXAMPLES.exists() else []
        terminalreporter.section("conformance: AQL examples of the 3.12 documentation")
        for line in _aql_score.summary_lines(sum(bool(line.strip()) for line in examples)):
            terminalreporter.write_line(line)
    if not _score.RESULTS:
        return
    total = sum(len(pairs) for pairs in load_pairs(RECORDED_ANSWERS).values())
    terminalreporter.section("conformance: recorded ArangoDB 3.12.10 answers")
    for line in _score.summary_lines(total):
        terminalreporter.write_line(line)
