"""Prints the conformance scores (recorded ArangoDB 3.12.10 answers and AQL documentation
examples replayed on the emulator) at the end of every run that replayed any of them."""

from __future__ import annotations

import pytest

from tests.conformance import _score, test_aql_examples
from tests.conformance._replay import load_pairs
from tests.conftest import RECORDED_ANSWERS


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if test_aql_examples.RESULTS:
        terminalreporter.section("conformance: AQL examples of the 3.12 documentation")
        for line in test_aql_examples.summary_lines():
            terminalreporter.write_line(line)
    if not _score.RESULTS:
        return
    total = sum(len(pairs) for pairs in load_pairs(RECORDED_ANSWERS).values())
    terminalreporter.section("conformance: recorded ArangoDB 3.12.10 answers")
    for line in _score.summary_lines(total):
        terminalreporter.write_line(line)
