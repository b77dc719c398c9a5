"""What ArangoDB refuses, refused the same way: ArangoSearch functions outside SEARCH,
conditions a view cannot search with, SEARCH on a collection, bad SEARCH options."""

from __future__ import annotations

import pytest

from tests.emulator.search.conftest import Search

pytestmark = pytest.mark.anyio


async def setup(search: Search) -> None:
    await search.collection("coll", [{"text": "foo bar", "n": 1}])
    await search.view("v", {"coll": {"includeAllFields": True,
                                     "analyzers": ["text_en", "identity"]}})


@pytest.mark.parametrize("function", ["PHRASE(d.text, 'foo')", "EXISTS(d.text)"])
async def test_search_functions_outside_search(search: Search, function: str) -> None:
    await setup(search)
    error = await search.refused(f"FOR d IN coll FILTER {function} RETURN d")
    name = function.split("(")[0]
    assert (error.status, error.error_num) == (501, 9)
    assert error.message == (f"AQL: ArangoSearch function '{name}' is designed to be used "
                             "only within a corresponding SEARCH statement of ArangoSearch "
                             "view. Please ensure function signature is correct. "
                             "(while executing)")


@pytest.mark.parametrize("scorer", ["BM25", "TFIDF"])
async def test_scorers_outside_a_view(search: Search, scorer: str) -> None:
    await setup(search)
    error = await search.refused(f"FOR d IN coll RETURN {scorer}(d)")
    assert (error.status, error.error_num) == (501, 9)
    assert f"scorer function '{scorer}'" in error.message


async def test_context_functions_outside_search_pass_their_value(search: Search) -> None:
    assert await search.query("RETURN [BOOST(1 == 1, 2), ANALYZER('x', 'text_en'), "
                              "STARTS_WITH('lorem', 'lo'), MIN_MATCH(true, false, 1)]") == [
        [True, "x", True, True]]


@pytest.mark.parametrize(("condition", "detail"), [
    ("EXISTS(d.text, 'colour')", "'EXISTS' AQL function: 2nd argument must be equal to one "
                                 "of the following"),
    ("EXISTS(d.text, 'string', 'text_en')", "3rd argument is intended to be used with "
                                            "'analyzer' type only"),
    ("ANALYZER(d.text == 'x', 'nope')", "'ANALYZER' AQL function: Unable to lookup analyzer "
                                        "'nope'"),
    ("PHRASE(LOWER(d.text), 'foo')", "'PHRASE' AQL function: Unable to parse argument at "
                                     "position '0' as an attribute identifier"),
    ("STARTS_WITH(d.text, 42)", "'STARTS_WITH' AQL function: argument at position '2' has "
                                "invalid type 'double' ('string' expected)"),
    ("IN_RANGE(d.n, 1, 'b', true, true)", "'IN_RANGE' AQL function"),
    ("LEVENSHTEIN_MATCH(d.text, 'foo', 5)", "must be a number in range [0, 3]"),
    ("BOOST(d.text == 'foo', 'x')", "'BOOST' AQL function: argument at position '2' has "
                                    "invalid type 'string' ('double' expected)"),
    ("d.text == ['foo']", "unsupported type 'array'"),
    ("BM25(d) > 1", "scorer function 'BM25' cannot be used in SEARCH"),
])
async def test_unsupported_search_conditions(search: Search, condition: str,
                                             detail: str) -> None:
    await setup(search)
    error = await search.refused(f"FOR d IN v SEARCH {condition} RETURN d")
    assert (error.status, error.error_num) == (400, 10)
    assert error.message.startswith("AQL: unsupported SEARCH condition: ")
    assert detail in error.message
    assert error.message.endswith(" (while optimizing plan)")


async def test_search_on_a_collection(search: Search) -> None:
    await setup(search)
    error = await search.refused("FOR d IN coll SEARCH d.n == 1 RETURN d")
    assert (error.status, error.error_num) == (400, 1501)
    assert "SEARCH condition used on non-view" in error.message
    error = await search.refused("FOR d IN [1, 2] SEARCH d == 1 RETURN d")
    assert error.error_num == 1501


@pytest.mark.parametrize("options", ["{ collections: 'coll' }",
                                     "{ conditionOptimization: 'fast' }",
                                     "{ countApproximate: 'maybe' }"])
async def test_bad_search_options(search: Search, options: str) -> None:
    await setup(search)
    error = await search.refused(f"FOR d IN v SEARCH true OPTIONS {options} RETURN d")
    assert (error.status, error.error_num) == (400, 10)


async def test_search_options_are_accepted(search: Search) -> None:
    await setup(search)
    await search.collection("other", [{"text": "foo"}])
    await search.ok("PATCH", "/_api/view/v/properties",
                    {"links": {"other": {"includeAllFields": True}}})
    assert len(await search.query("FOR d IN v SEARCH true RETURN d")) == 2
    only = await search.query("FOR d IN v SEARCH true OPTIONS { collections: ['other'], "
                              "conditionOptimization: 'none', countApproximate: 'cost', "
                              "parallelism: 2, waitForSync: true } RETURN d.text")
    assert only == ["foo"]


async def test_primary_sort_and_stored_values_are_reported(search: Search) -> None:
    await search.collection("coll")
    view = await search.view("sorted", {"coll": {"includeAllFields": True}},
                             primarySort=[{"field": "n", "direction": "desc"},
                                          {"field": "text", "asc": True}],
                             storedValues=["n", ["a", "b"], {"fields": ["c"], "cache": True}])
    assert view["primarySort"] == [{"field": "n", "asc": False},
                                   {"field": "text", "asc": True}]
    assert view["storedValues"] == [{"fields": ["n"], "compression": "lz4"},
                                    {"fields": ["a", "b"], "compression": "lz4"},
                                    {"fields": ["c"], "compression": "lz4", "cache": True}]
    status, body = await search.call("POST", "/_api/view", {
        "name": "bad", "type": "arangosearch", "primarySort": [{"direction": "asc"}]})
    assert (status, body["errorNum"]) == (400, 10)
