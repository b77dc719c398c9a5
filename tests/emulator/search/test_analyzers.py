"""Analyzers as TOKENS() shows them: the analyzer examples of the ArangoDB 3.12
documentation (Analyzers page, TOKENS()), with the outputs ArangoDB 3.12 produced for
them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.emulator.search.conftest import Search

pytestmark = pytest.mark.anyio

SANDWICH = "\u0431\u0443\u0442\u0435\u0440\u0431\u0440\u043e\u0434"  # a Cyrillic word
SEGMENTED = "Test\twith An_EMAIL-address+123@example.org\n蝴蝶。\u2028" + SANDWICH

# (type, properties, input, expected tokens) — from the documentation's generated examples
EXAMPLES: list[tuple[str, dict[str, Any], str, list[str]]] = [
    ("delimiter", {"delimiter": ","}, 'foo,bar,baz,"bar,baz"', ["foo", "bar", "baz",
                                                                  "bar,baz"]),
    ("delimiter", {"delimiter": "-> "}, "some-> hand-picked-> words",
     ["some", "hand-picked", "words"]),
    ("multi_delimiter", {"delimiters": [",", ";", "||"]},
     "differently,delimited;words||one|token", ["differently", "delimited", "words",
                                                "one|token"]),
    ("multi_delimiter", {"delimiters": [","]}, 'foo,bar,baz,"bar,baz"',
     ["foo", "bar", "baz", '"bar', 'baz"']),
    ("stem", {"locale": "en"}, "databases", ["databas"]),
    ("norm", {"locale": "en", "case": "upper"}, "UPPER lower dïäcríticš",
     ["UPPER LOWER DÏÄCRÍTICŠ"]),
    ("norm", {"locale": "en", "accent": False}, "UPPER lower dïäcríticš",
     ["UPPER lower diacritics"]),
    ("norm", {"locale": "en", "accent": False, "case": "lower"}, "UPPER lower dïäcríticš",
     ["upper lower diacritics"]),
    ("ngram", {"min": 3, "max": 3, "preserveOriginal": False, "streamType": "utf8"},
     "foobar", ["foo", "oob", "oba", "bar"]),
    ("ngram", {"min": 2, "max": 2, "preserveOriginal": True, "startMarker": "^",
               "endMarker": "$", "streamType": "utf8"},
     "foobar", ["^fo", "^foobar", "foobar$", "oo", "ob", "ba", "ar$"]),
    ("text", {"locale": "en", "case": "lower", "accent": False, "stemming": False,
              "stopwords": []}, "Crazy fast NoSQL-database!",
     ["crazy", "fast", "nosql", "database"]),
    ("text", {"locale": "en", "stopwords": ["a", "example"]},
     "UPPER & lower, a Stemming Example.", ["upper", "lower", "stem"]),
    ("text", {"edgeNgram": {"min": 3, "max": 8, "preserveOriginal": True}, "locale": "en",
              "case": "lower", "accent": False, "stemming": False, "stopwords": ["the"]},
     "The quick brown fox jumps over the dogWithAVeryLongName",
     ["qui", "quic", "quick", "bro", "brow", "brown", "fox", "jum", "jump", "jumps", "ove",
      "over", "dog", "dogw", "dogwi", "dogwit", "dogwith", "dogwitha",
      "dogwithaverylongname"]),
    ("pipeline", {"pipeline": [{"type": "delimiter", "properties": {"delimiter": ","}},
                               {"type": "stem", "properties": {"locale": "en"}}]},
     "delimited,stemmable,words", ["delimit", "stemmabl", "word"]),
    ("pipeline", {"pipeline": [
        {"type": "norm", "properties": {"locale": "en", "case": "upper"}},
        {"type": "ngram", "properties": {"min": 2, "max": 2, "preserveOriginal": False,
                                         "streamType": "utf8"}}]},
     "Quick brown foX", ["QU", "UI", "IC", "CK", "K ", " B", "BR", "RO", "OW", "WN", "N ",
                         " F", "FO", "OX"]),
    ("segmentation", {"break": "alpha"},
     SEGMENTED, ["test", "with", "an_email", "address", "123", "example.org", "蝴", "蝶",
                 SANDWICH]),
    ("segmentation", {"break": "graphic"},
     SEGMENTED, ["test", "with", "an_email", "-", "address", "+", "123", "@", "example.org",
                 "\n", "蝴", "蝶", "。", SANDWICH]),
]


@pytest.mark.parametrize(("kind", "properties", "text", "expected"), EXAMPLES,
                         ids=[f"{e[0]}-{i}" for i, e in enumerate(EXAMPLES)])
async def test_documented_tokens(search: Search, kind: str, properties: dict[str, Any],
                                 text: str, expected: list[str]) -> None:
    await search.analyzer("example", kind, properties)
    assert await search.query("RETURN TOKENS(@text, 'example')", text=text) == [expected]


@pytest.mark.parametrize(("analyzer", "text", "expected"), [
    ("text_en", "Crazy fast NoSQL-database!", ["crazi", "fast", "nosql", "databas"]),
    ("text_de", "Lörem ipsüm, DOLOR SIT Ämet.", ["lor", "ipsum", "dolor", "sit", "amet"]),
    ("text_en", "quick brown fox", ["quick", "brown", "fox"]),
    ("text_en", "IPS (in-plane switching)", ["ip", "in", "plane", "switch"]),
    ("identity", "UPPER lower dïäcríticš", ["UPPER lower dïäcríticš"]),
])
async def test_built_in_analyzers(search: Search, analyzer: str, text: str,
                                  expected: list[str]) -> None:
    assert await search.query("RETURN TOKENS(@text, @a)", text=text, a=analyzer) == [expected]


async def test_tokens_of_arrays_keep_their_shape(search: Search) -> None:
    assert await search.query('RETURN TOKENS(["quick brown", "fox"], "text_en")') == [
        [["quick", "brown"], ["fox"]]]
    assert await search.query('RETURN TOKENS(["quick brown", ["fox"]], "text_en")') == [
        [["quick", "brown"], [["fox"]]]]


async def test_stopwords_analyzers(search: Search) -> None:
    await search.analyzer("stop", "stopwords", {"stopwords": ["616e64", "746865"],
                                                "hex": True})
    assert await search.query("RETURN FLATTEN(TOKENS(SPLIT('the fox and the dog and a "
                              "theater', ' '), 'stop'))") == [["fox", "dog", "a", "theater"]]
    await search.analyzer("norm_stop", "pipeline", {"pipeline": [
        {"type": "norm", "properties": {"locale": "en", "accent": False, "case": "lower"}},
        {"type": "stopwords", "properties": {"stopwords": ["and", "the"], "hex": False}}]})
    assert await search.query("RETURN FLATTEN(TOKENS(SPLIT('The fox AND the dog äñḏ a "
                              "ţhéäter', ' '), 'norm_stop'))") == [["fox", "dog", "a",
                                                                    "theater"]]


async def test_aql_analyzers(search: Search) -> None:
    await search.analyzer("concat", "aql", {"queryString": "RETURN LOWER(LEFT(@param, 5)) == "
                          "'inter' ? CONCAT(@param, 'ism') : CONCAT('inter', @param)"})
    assert await search.query("RETURN TOKENS('state', 'concat')") == [["interstate"]]
    assert await search.query("RETURN TOKENS('international', 'concat')") == [
        ["internationalism"]]
    await search.analyzer("filter", "aql", {"keepNull": False, "queryString":
                          "RETURN LOWER(LEFT(@param, 2)) == 'ir' ? null : @param"})
    assert await search.query("RETURN TOKENS('regular', 'filter')") == [["regular"]]
    assert await search.query("RETURN TOKENS('irregular', 'filter')") == [[]]
    await search.analyzer("soundex", "aql", {"queryString": "RETURN SOUNDEX(@param)"})
    assert await search.query("RETURN TOKENS('ArangoDB', 'soundex')") == [["A652"]]


async def test_aql_analyzer_in_a_view(search: Search) -> None:
    await search.analyzer("filter", "aql", {
        "queryString": "FILTER LOWER(LEFT(@param, 2)) != 'ir' RETURN @param"})
    await search.collection("coll", [{"value": "regular"}, {"value": "irregular"}])
    await search.view("view", {"coll": {"fields": {"value": {"analyzers": ["filter"]}}}})
    assert await search.query("FOR doc IN view SEARCH ANALYZER(doc.value IN ['regular', "
                              "'irregular'], 'filter') RETURN doc.value") == ["regular"]


async def test_collapsed_positions(search: Search) -> None:
    """The documentation's collapsePositions example, with what 3.12 returned for it: a
    skip of -1 places the second term on the first one's position, replacing it, so
    ``PHRASE(d.text, {TERM: 'B'}, -1, {TERM: 'D'})`` matches a document holding ``D``
    whatever the positions (the page's prose expects no match for the uncollapsed
    analyzer; the server's generated output shows one)."""
    query = "FOR d IN SPLIT(@param, '-') RETURN d"
    for name, collapse in (("collapsed", True), ("uncollapsed", False)):
        await search.analyzer(name, "aql", {"collapsePositions": collapse,
                                            "queryString": query},
                              ["frequency", "position"])
    await search.collection("coll", [{"text": "A-B-C-D"}])
    await search.view("view", {"coll": {"analyzers": ["collapsed", "uncollapsed"],
                                        "includeAllFields": True}})
    phrase = ("FOR d IN view SEARCH PHRASE(d.text, {TERM: 'B'}, @skip, {TERM: 'D'}, @a) "
              "RETURN d.text")
    assert await search.query(phrase, skip=1, a="uncollapsed") == ["A-B-C-D"]
    assert await search.query(phrase, skip=-1, a="uncollapsed") == ["A-B-C-D"]
    assert await search.query(phrase, skip=1, a="collapsed") == []
    assert await search.query(phrase, skip=-1, a="collapsed") == ["A-B-C-D"]


async def test_analyzer_definitions_as_the_server_reports_them(search: Search) -> None:
    created = await search.analyzer("csv", "delimiter", {"delimiter": ","},
                                    ["frequency", "norm", "position"])
    assert created == {"name": "_system::csv", "type": "delimiter",
                       "properties": {"delimiter": ","},
                       "features": ["frequency", "position", "norm"]}
    offsets = await search.analyzer("text_en_offset", "text", {"locale": "en",
                                                               "stopwords": []},
                                    ["frequency", "position", "offset"])
    assert offsets["properties"] == {"locale": "en", "case": "lower", "stopwords": [],
                                     "accent": False, "stemming": True}
    assert offsets["features"] == ["frequency", "position", "offset"]
    listed = (await search.ok("GET", "/_api/analyzer"))["result"]
    text_en = next(a for a in listed if a["name"] == "text_en")
    assert text_en["features"] == ["frequency", "position", "norm"]


async def test_unknown_analyzer_in_tokens(search: Search) -> None:
    error = await search.refused("RETURN TOKENS('x', 'nope')")
    assert (error.status, error.error_num) == (400, 10)
    assert "nope" in error.message
