"""BM25 and TF-IDF against the documented formulas on a small corpus checked by hand.

Corpus (field ``text``, analyzer ``text_en``; lengths in tokens):

    d1 "fox"                      (1)    d2 "fox fox dog"   (3)
    d3 "dog cat mouse"            (3)    d4 "cat"           (1)

N = 4 documents have the field, the average length is 8 / 4 = 2; "fox" is in 2 of them
(n = 2, tf = 1 in d1 and 2 in d2), "dog" in 2.

BM25 (k = 1.2, b = 0.75): idf = ln(1 + (N - n + 0.5) / (n + 0.5)) = ln(2) for n = 2,
score = idf * (k + 1) * tf / (tf + k * (1 - b + b * dl / avgdl)).
TF-IDF: idf = ln(1 + (N + 1) / (n + 1)) = ln(8 / 3), score = idf * sqrt(tf) [/ sqrt(dl)].
The server computes in single precision, hence the tolerance.
"""

from __future__ import annotations

import math

import pytest

from tests.emulator.search.conftest import Search

pytestmark = pytest.mark.anyio

TEXTS = {"d1": "fox", "d2": "fox fox dog", "d3": "dog cat mouse", "d4": "cat"}
LENGTHS = {"d1": 1, "d2": 3, "d3": 3, "d4": 1}
AVERAGE = 2.0


def bm25(tf: int, dl: int, n: int, k: float = 1.2, b: float = 0.75, boost: float = 1.0
         ) -> float:
    idf = math.log(1 + (4 - n + 0.5) / (n + 0.5))
    return boost * idf * (k + 1) * tf / (tf + k * (1 - b + b * dl / AVERAGE))


def tfidf(tf: int, dl: int, n: int, normalize: bool = False) -> float:
    score = math.log(1 + 5 / (n + 1)) * math.sqrt(tf)
    return score / math.sqrt(dl) if normalize else score


async def corpus(search: Search, features: list[str] | None = None) -> None:
    analyzer = "text_en"
    if features is not None:
        await search.analyzer("words", "text", {"locale": "en", "stopwords": []}, features)
        analyzer = "words"
    await search.collection("coll", [{"_key": k, "text": t} for k, t in TEXTS.items()])
    await search.view("v", {"coll": {"fields": {"text": {"analyzers": [analyzer]}}}})


async def scores(search: Search, condition: str, scorer: str, analyzer: str = "text_en"
                 ) -> dict[str, float]:
    rows = await search.query(f"FOR d IN v SEARCH ANALYZER({condition}, '{analyzer}') "
                              f"RETURN [d._key, {scorer}]")
    return dict(rows)


async def test_bm25_defaults_and_parameters(search: Search) -> None:
    await corpus(search)
    found = await scores(search, "d.text == 'fox'", "BM25(d)")
    assert found == {"d1": pytest.approx(bm25(1, 1, 2), rel=1e-6),
                     "d2": pytest.approx(bm25(2, 3, 2), rel=1e-6)}
    tuned = await scores(search, "d.text == 'fox'", "BM25(d, 2.4, 1)")
    assert tuned["d2"] == pytest.approx(bm25(2, 3, 2, k=2.4, b=1.0), rel=1e-6)
    bm15 = await scores(search, "d.text == 'fox'", "BM25(d, 1.2, 0)")  # no length norm
    assert bm15["d1"] == pytest.approx(bm25(1, 1, 2, b=0.0), rel=1e-6)
    assert bm15["d2"] == pytest.approx(bm25(2, 3, 2, b=0.0), rel=1e-6)
    bm1 = await scores(search, "d.text == 'fox'", "BM25(d, 0)")  # binary: idf * 1
    assert bm1 == {"d1": pytest.approx(math.log(2), rel=1e-6),
                   "d2": pytest.approx(math.log(2), rel=1e-6)}


async def test_bm25_sums_what_matched_with_boosts(search: Search) -> None:
    await corpus(search)
    found = await scores(search, "BOOST(d.text == 'fox', 2) OR d.text == 'dog'", "BM25(d)")
    assert found["d2"] == pytest.approx(bm25(2, 3, 2, boost=2) + bm25(1, 3, 2), rel=1e-6)
    assert found["d3"] == pytest.approx(bm25(1, 3, 2), rel=1e-6)
    assert found["d1"] == pytest.approx(bm25(1, 1, 2, boost=2), rel=1e-6)
    ranked = await search.query("FOR d IN v SEARCH ANALYZER(d.text IN ['fox', 'dog'], "
                                "'text_en') SORT BM25(d) DESC RETURN d._key")
    assert ranked == ["d2", "d1", "d3"]


async def test_tfidf(search: Search) -> None:
    await corpus(search)
    plain = await scores(search, "d.text == 'fox'", "TFIDF(d)")
    assert plain == {"d1": pytest.approx(tfidf(1, 1, 2), rel=1e-6),
                     "d2": pytest.approx(tfidf(2, 3, 2), rel=1e-6)}
    normalized = await scores(search, "d.text == 'fox'", "TFIDF(d, true)")
    assert normalized["d2"] == pytest.approx(tfidf(2, 3, 2, normalize=True), rel=1e-6)


async def test_phrase_scores_with_the_sum_of_its_terms_idf(search: Search) -> None:
    await corpus(search)
    found = await scores(search, "PHRASE(d.text, 'fox dog')", "BM25(d)")
    idf = 2 * math.log(2)
    expected = idf * 2.2 * 1 / (1 + 1.2 * (0.25 + 0.75 * 3 / AVERAGE))
    assert found == {"d2": pytest.approx(expected, rel=1e-6)}


async def test_features_decide(search: Search) -> None:
    """Without "frequency" the scorers give 0; without "norm" every length counts as 1
    (the average stays the field's)."""
    await corpus(search, features=[])
    assert await scores(search, "d.text == 'fox'", "BM25(d)", "words") == {"d1": 0.0,
                                                                           "d2": 0.0}


async def test_features_without_norm(search: Search) -> None:
    await corpus(search, features=["frequency"])
    found = await scores(search, "d.text == 'fox'", "BM25(d)", "words")
    assert found["d2"] == pytest.approx(bm25(2, 1, 2), rel=1e-6)
    assert (await scores(search, "d.text == 'fox'", "TFIDF(d, true)", "words"))["d2"] == \
        pytest.approx(tfidf(2, 1, 2), rel=1e-6)


async def test_filters_without_terms_score_zero(search: Search) -> None:
    await corpus(search)
    everything = await search.query("FOR d IN v SEARCH true RETURN BM25(d)")
    assert everything == [0.0, 0.0, 0.0, 0.0]
    unfiltered = await search.query("FOR d IN v RETURN TFIDF(d)")
    assert unfiltered == [0.0, 0.0, 0.0, 0.0]
    negated = await search.query("FOR d IN v SEARCH ANALYZER(d.text != 'fox', 'text_en') "
                                 "SORT d._key RETURN [d._key, BM25(d)]")
    assert negated == [["d3", 0.0], ["d4", 0.0]]
