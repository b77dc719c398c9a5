"""Inverted indexes (search-alias views, FILTER with an index hint) and vector indexes."""

from __future__ import annotations

import math
import random
from typing import Any

import pytest

from tests.emulator.search.conftest import Search

pytestmark = pytest.mark.anyio

BOOKS = [{"_key": "b1", "title": "The Quick Fox", "year": 2001, "tags": ["animal", "fast"]},
         {"_key": "b2", "title": "Slow Dogs", "year": 1999, "tags": ["animal"]},
         {"_key": "b3", "title": "Foxes and Hounds", "year": 2010, "tags": ["hunt"]}]


async def test_inverted_index_definition(search: Search) -> None:
    await search.collection("products")
    created = await search.ok("POST", "/_api/index?collection=products", {
        "type": "inverted", "fields": ["a", {"name": "b", "analyzer": "text_en"}]})
    assert created["isNewlyCreated"] is True
    expected = {
        "analyzer": "identity", "cleanupIntervalStep": 2, "commitIntervalMsec": 1000,
        "consolidationIntervalMsec": 5000,
        "consolidationPolicy": {"type": "tier", "segmentsBytesMax": 8589934592,
                                "maxSkewThreshold": 0.4, "minDeletionRatio": 0.5},
        "features": ["frequency", "norm"],
        "fields": [{"name": "a"}, {"name": "b", "analyzer": "text_en",
                                   "features": ["frequency", "position", "norm"]}],
        "includeAllFields": False, "optimizeTopK": [],
        "primarySort": {"fields": [], "compression": "lz4"}, "searchField": False,
        "sparse": True, "storedValues": [], "trackListPositions": False, "type": "inverted",
        "unique": False, "version": 1, "writebufferActive": 0, "writebufferIdle": 64,
        "writebufferSizeMax": 33554432}
    assert {k: v for k, v in created.items() if k in expected} == expected
    status, body = await search.call("POST", "/_api/index?collection=products", {
        "type": "inverted", "fields": [{"name": "c", "analyzer": "nope"}]})
    assert (status, body["errorNum"]) == (400, 10)


async def test_search_alias_view(search: Search) -> None:
    await search.collection("books", BOOKS)
    await search.collection("films", [{"_key": "f1", "title": "Fox Hunt", "year": 2001}])
    for collection in ("books", "films"):
        await search.ok("POST", f"/_api/index?collection={collection}", {
            "type": "inverted", "name": "inv",
            "fields": [{"name": "title", "analyzer": "text_en"}, "year"]})
    await search.ok("POST", "/_api/view", {"name": "shelf", "type": "search-alias", "indexes": [
        {"collection": "books", "index": "inv"}, {"collection": "films", "index": "inv"}]})
    assert await search.query("FOR d IN shelf SEARCH d.title == 'fox' SORT d._key "
                              "RETURN d._key") == ["b1", "b3", "f1"]
    assert await search.query("FOR d IN shelf SEARCH PHRASE(d.title, 'slow dogs') "
                              "RETURN d._key") == ["b2"]
    assert await search.query("FOR d IN shelf SEARCH d.year == 2001 AND STARTS_WITH(d.title, "
                              "'hun') RETURN d._key") == ["f1"]
    ranked = await search.query("FOR d IN shelf SEARCH d.title IN ['fox', 'hound'] "
                                "SORT BM25(d) DESC, d._key RETURN d._key")
    assert ranked == ["b3", "f1", "b1"]  # two matches; then the shorter title
    assert await search.query("FOR d IN shelf SEARCH EXISTS(d.year) OPTIONS {collections: "
                              "['films']} RETURN d._key") == ["f1"]


async def test_filter_with_an_inverted_index_hint(search: Search) -> None:
    await search.collection("books", BOOKS)
    await search.ok("POST", "/_api/index?collection=books", {
        "type": "inverted", "name": "inv", "fields": [
            {"name": "title", "analyzer": "text_en"}, "year", "tags[*]"]})
    hinted = "FOR d IN books OPTIONS {{indexHint: 'inv', forceIndexHint: true}} " \
             "FILTER {} SORT d._key RETURN d._key"
    assert await search.query(hinted.format("d.year > 2000 AND PHRASE(d.title, 'quick fox')")
                              ) == ["b1"]
    assert await search.query(hinted.format("d.tags[*] == 'animal'")) == ["b1", "b2"]
    assert await search.query(hinted.format("d.title == 'fox'")) == ["b1", "b3"]
    # without the hint the FILTER is evaluated on the documents: PHRASE is refused
    error = await search.refused("FOR d IN books FILTER PHRASE(d.title, 'quick') RETURN d")
    assert error.error_num == 9
    # and == compares whole values
    assert await search.query("FOR d IN books FILTER d.title == 'fox' RETURN d") == []


async def test_inverted_index_include_all_fields(search: Search) -> None:
    await search.collection("books", BOOKS)
    await search.ok("POST", "/_api/index?collection=books", {
        "type": "inverted", "name": "all", "includeAllFields": True, "searchField": True,
        "analyzer": "text_en"})
    assert await search.query("FOR d IN books OPTIONS {indexHint: 'all'} FILTER "
                              "d.tags == 'hunt' OR d.title == 'dog' SORT d._key "
                              "RETURN d._key") == ["b2", "b3"]


def cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    return dot / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))


@pytest.mark.parametrize(("metric", "function", "direction"), [
    ("cosine", "APPROX_NEAR_COSINE", "DESC"), ("l2", "APPROX_NEAR_L2", "ASC"),
    ("innerProduct", "APPROX_NEAR_INNER_PRODUCT", "DESC")])
async def test_vector_search_is_exact(search: Search, metric: str, function: str,
                                      direction: str) -> None:
    rng = random.Random(7)
    docs: list[dict[str, Any]] = [
        {"_key": f"k{i}", "v": [rng.uniform(-1, 1) for _ in range(4)], "n": i}
        for i in range(60)]
    await search.collection("vecs", docs)
    index = await search.ok("POST", "/_api/index?collection=vecs", {
        "type": "vector", "fields": ["v"], "params": {"metric": metric, "dimension": 4,
                                                     "nLists": 2}})
    assert index["params"]["defaultNProbe"] == 1 and index["trainingState"] == "ready"
    query = [0.3, -0.2, 0.9, 0.1]

    def measure(doc: dict[str, Any]) -> float:
        if metric == "cosine":
            return cosine(doc["v"], query)
        if metric == "l2":
            return math.dist(doc["v"], query)
        return float(sum(x * y for x, y in zip(doc["v"], query, strict=True)))

    ranked = sorted(docs, key=measure, reverse=direction == "DESC")
    rows = await search.query(f"FOR d IN vecs LET s = {function}(d.v, @q, {{nProbe: 5}}) "
                              f"SORT s {direction} LIMIT 2, 5 RETURN [d._key, s]", q=query)
    assert [key for key, _ in rows] == [d["_key"] for d in ranked[2:7]]
    assert [s for _, s in rows] == pytest.approx([measure(d) for d in ranked[2:7]])
    filtered = await search.query(f"FOR d IN vecs FILTER d.n % 2 == 0 "
                                  f"SORT {function}(@q, d.v) {direction} LIMIT 3 "
                                  f"RETURN d._key", q=query)
    assert filtered == [d["_key"] for d in ranked if d["n"] % 2 == 0][:3]


@pytest.mark.parametrize("query", [
    "FOR d IN vecs SORT APPROX_NEAR_COSINE(d.v, [1, 0]) DESC RETURN d",  # no LIMIT
    "FOR d IN vecs SORT APPROX_NEAR_COSINE(d.v, [1, 0]) ASC LIMIT 1 RETURN d",  # direction
    "FOR d IN vecs SORT APPROX_NEAR_L2(d.v, [1, 0]) LIMIT 1 RETURN d",  # metric
    "FOR d IN vecs SORT APPROX_NEAR_COSINE(d.v, [1, 0, 0]) DESC LIMIT 1 RETURN d",  # dimension
    "FOR d IN vecs SORT APPROX_NEAR_COSINE(d.w, [1, 0]) DESC LIMIT 1 RETURN d",  # no index
    "RETURN APPROX_NEAR_COSINE([1, 0], [0, 1])",
])
async def test_vector_search_not_applied(search: Search, query: str) -> None:
    await search.collection("vecs", [{"v": [1, 0], "w": [0, 1]}])
    await search.ok("POST", "/_api/index?collection=vecs", {
        "type": "vector", "fields": ["v"], "params": {"metric": "cosine", "dimension": 2}})
    error = await search.refused(query)
    assert (error.status, error.error_num) == (400, 1554)
    assert error.message == "AQL: failed vector search (while executing)"


@pytest.mark.parametrize("params", [{"metric": "dot", "dimension": 2},
                                    {"metric": "l2", "dimension": 0},
                                    {"metric": "l2", "dimension": 2, "nLists": 0}])
async def test_vector_index_parameters_are_checked(search: Search,
                                                   params: dict[str, Any]) -> None:
    await search.collection("vecs")
    status, body = await search.call("POST", "/_api/index?collection=vecs",
                                     {"type": "vector", "fields": ["v"], "params": params})
    assert (status, body["errorNum"]) == (400, 10)
