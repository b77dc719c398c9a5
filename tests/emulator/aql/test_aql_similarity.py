"""NGRAM_SIMILARITY and NGRAM_POSITIONAL_SIMILARITY: IResearch's n-gram similarity, in single
precision (the server answers ``0.8888888955116272`` for 8/9)."""

from __future__ import annotations

import pytest

from arango_anyio.testing._aql.functions.similarity import ngram_similarity
from arango_anyio.testing._aql.memory import MemoryContext

from .conftest import run


@pytest.mark.parametrize(("function", "expected"), [
    # the documented answers of a 3.12 server
    ("NGRAM_SIMILARITY", [0.8888888955116272, 0.875, 0.5555555820465088, 0.375]),
    ("NGRAM_POSITIONAL_SIMILARITY",
     [0.8888888955116272, 0.875, 0.7222222089767456, 0.6666666865348816]),
])
def test_documented_values(ctx: MemoryContext, function: str, expected: list[float]) -> None:
    query = (f"RETURN [{function}('quick fox', 'quick foxx', 2), "
             f"{function}('quick fox', 'quick foxx', 3), "
             f"{function}('quick fox', 'quirky fox', 2), "
             f"{function}('quick fox', 'quirky fox', 3)]")
    assert run(ctx, query).result == [expected]


def test_binary_similarity_is_relative_to_the_target() -> None:
    # the target "abcd" has 3 bigrams, all found in order in the source
    assert ngram_similarity("abcd", "xxabcdxx", 2, binary=True) == 1.0
    # 3 of the 7 target bigrams, as a C float
    assert ngram_similarity("xxabcdxx", "abcd", 2, binary=True) == 0.4285714328289032


def test_short_strings() -> None:
    assert ngram_similarity("ab", "ab", 3, binary=True) == 1.0
    assert ngram_similarity("ab", "ac", 3, binary=True) == 0.0
    assert ngram_similarity("", "", 2, binary=False) == 1.0
    assert ngram_similarity("ab", "abc", 3, binary=False) == pytest.approx(2 / 3)


def test_bad_arguments(ctx: MemoryContext) -> None:
    result = run(ctx, "RETURN [NGRAM_SIMILARITY(1, 'a', 2), NGRAM_SIMILARITY('a', 'a', 0)]")
    assert result.result == [[None, None]]
    assert [w["code"] for w in result.warnings] == [1542, 10]
