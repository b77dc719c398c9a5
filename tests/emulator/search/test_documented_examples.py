"""The worked examples of the AQL ArangoSearch functions page (3.12), as data set-up plus
query, with the documented rows. Where the page is out of date for 3.12 or wrong, the test
follows what 3.12 computes and says which example it corrected and why."""

from __future__ import annotations

import pytest

from tests.emulator.search.conftest import Search

pytestmark = pytest.mark.anyio

LOREM = "Lorem ipsum, dolor sit amet, consectetur adipiscing elit"


async def text_view(search: Search, texts: list[object], analyzer: str = "text_en",
                    **link: object) -> None:
    """Collection ``coll`` with one document per text, and view ``viewName`` indexing
    ``text`` with ``analyzer`` (and identity)."""
    await search.collection("coll", [{"_key": f"d{i}", "text": t} for i, t in
                                     enumerate(texts)])
    await search.view("viewName", {"coll": {"fields": {"text": {
        "analyzers": [analyzer, "identity"], **link}}}})


async def test_analyzer_sets_the_context(search: Search) -> None:
    await search.analyzer("delimiter", "delimiter", {"delimiter": "|"},
                          ["frequency", "norm"])
    await search.collection("coll", [{"text": "foo|bar|baz"}])
    await search.view("viewName", {"coll": {"analyzers": ["delimiter"],
                                            "includeAllFields": True}})
    assert await search.query('FOR doc IN viewName SEARCH ANALYZER(doc.text == "bar", '
                              '"delimiter") RETURN doc.text') == ["foo|bar|baz"]
    # identity is the default context, and the view did not index with it
    assert await search.query('FOR doc IN viewName SEARCH doc.text == "foo|bar|baz" '
                              'RETURN doc') == []


async def test_analyzer_precedence(search: Search) -> None:
    await text_view(search, ["foo", "bar", "baz"])
    both = await search.query('FOR doc IN viewName SEARCH ANALYZER(PHRASE(doc.text, "foo") '
                              'OR PHRASE(doc.text, "bar"), "text_en") SORT doc.text '
                              'RETURN doc.text')
    assert both == ["bar", "foo"]
    assert await search.query('FOR doc IN viewName SEARCH PHRASE(doc.text, "foo", "text_en")'
                              ' OR PHRASE(doc.text, "bar", "text_en") SORT doc.text '
                              'RETURN doc.text') == both
    # identity has no "position" feature: its PHRASE finds nothing; text_en finds foo
    assert await search.query('FOR doc IN viewName SEARCH ANALYZER(PHRASE(doc.text, "foo") '
                              'OR PHRASE(doc.text, "bar", "identity"), "text_en") '
                              'RETURN doc.text') == ["foo"]
    assert await search.query('FOR doc IN viewName SEARCH ANALYZER(doc.text IN '
                              'TOKENS("foo", "text_en"), "text_en") RETURN doc.text') == ["foo"]


async def test_boost(search: Search) -> None:
    """Corrected example (BOOST()): the page's scores (2.787..., 1.689..., 1.525...,
    0.991...) predate 3.12's BM25 length norm, which uses the field's number of tokens
    (``Norm2``) instead of ``1/sqrt(length)``; with it "foo baz" (two tokens) ranks below
    "foo". These are the single-precision scores of 3.12's formula."""
    await text_view(search, ["foo bar", "foo", "bar", "foo baz", "baz"])
    rows = await search.query('FOR doc IN viewName SEARCH ANALYZER(BOOST(doc.text == "foo", '
                              '2.5) OR doc.text == "bar", "text_en") LET score = BM25(doc) '
                              'SORT score DESC RETURN { text: doc.text, score }')
    assert rows == [{"text": "foo bar", "score": 1.8913582563400269},
                    {"text": "foo", "score": 1.5258357524871826},
                    {"text": "foo baz", "score": 1.1464842557907104},
                    {"text": "bar", "score": 0.9913395643234253}]


async def test_exists(search: Search) -> None:
    await search.collection("coll", [{"_key": "s", "text": "some text"},
                                     {"_key": "n", "text": 42}, {"_key": "x", "other": 1}])
    await search.view("viewName", {"coll": {"fields": {"text": {
        "analyzers": ["text_en", "identity"]}}, "storeValues": "id"}})

    async def keys(condition: str) -> list[str]:
        return await search.query(f"FOR doc IN viewName SEARCH {condition} SORT doc._key "
                                  "RETURN doc._key")

    assert await keys("EXISTS(doc.text)") == ["n", "s"]
    assert await keys('EXISTS(doc.text, "string")') == ["s"]
    assert await keys('EXISTS(doc.text, "numeric")') == ["n"]
    assert await keys('EXISTS(doc.text, "analyzer", "text_en")') == ["s"]
    assert await keys('ANALYZER(EXISTS(doc.text, "analyzer"), "text_en")') == ["s"]
    assert await keys("EXISTS(doc.other)") == []  # not indexed by the link


async def test_exists_needs_store_values(search: Search) -> None:
    await search.collection("coll", [{"text": "some text"}])
    await search.view("viewName", {"coll": {"includeAllFields": True}})
    assert await search.query("FOR doc IN viewName SEARCH EXISTS(doc.text) RETURN doc") == []


async def test_in_range(search: Search) -> None:
    await search.collection("coll", [{"value": v} for v in (1, 3, 4.5, 5, 6, [0, 4])])
    await search.view("viewName", {"coll": {"includeAllFields": True}})
    found = await search.query("FOR doc IN viewName SEARCH IN_RANGE(doc.value, 3, 5, true, "
                               "true) RETURN doc.value")
    assert found == [3, 4.5, 5, [0, 4]]
    assert await search.query("FOR doc IN viewName SEARCH IN_RANGE(doc.value, 3, 5, false, "
                              "false) RETURN doc.value") == [4.5, [0, 4]]


async def test_in_range_of_strings(search: Search) -> None:
    await search.collection("valColl", [{"value": "bar"}, {"value": "foo bar"},
                                        {"value": "foo"}])
    await search.view("valView", {"valColl": {"analyzers": ["text_en"],
                                              "includeAllFields": True}})
    assert await search.query('FOR doc IN valView SEARCH ANALYZER(IN_RANGE(doc.value, "a",'
                              '"f", true, false), "text_en") RETURN doc.value') == [
        "bar", "foo bar"]


async def test_min_match(search: Search) -> None:
    await text_view(search, ["the quick brown fox", "some brown fox", "snow fox"])
    assert await search.query('LET t = TOKENS("quick brown fox", "text_en") FOR doc IN '
                              'viewName SEARCH ANALYZER(MIN_MATCH(doc.text == t[0], doc.text '
                              '== t[1], doc.text == t[2], 2), "text_en") RETURN doc.text') == [
        "the quick brown fox", "some brown fox"]


async def test_ngram_match(search: Search) -> None:
    await search.analyzer("bigram", "ngram", {"min": 2, "max": 2, "preserveOriginal": False,
                                              "streamType": "utf8"},
                          ["frequency", "position"])
    await text_view(search, ["quick red fox"], "bigram")
    base = "FOR doc IN viewName SEARCH {} RETURN doc.text"
    assert await search.query(base.format('NGRAM_MATCH(doc.text, "quick fox", "bigram")')) \
        == ["quick red fox"]
    assert await search.query(base.format('NGRAM_MATCH(doc.text, "quick blue fox", 0.4, '
                                          '"bigram")')) == ["quick red fox"]
    assert await search.query(base.format('NGRAM_MATCH(doc.text, "quick blue fox", 0.9, '
                                          '"bigram")')) == []
    assert await search.query(base.format('NGRAM_MATCH("quick fox", "quick blue fox", 0.9, '
                                          '"bigram")')) == []
    assert await search.query('RETURN NGRAM_MATCH("quick fox", "quick blue fox", '
                              '"bigram")') == [False]
    assert await search.query('RETURN NGRAM_MATCH("quick blue fox", "quick fox", '
                              '"bigram")') == [True]


async def test_phrase(search: Search) -> None:
    await text_view(search, [LOREM, "lorem dolor"])
    base = "FOR doc IN viewName SEARCH {} RETURN doc.text"
    assert await search.query(base.format('PHRASE(doc.text, "lorem ipsum", "text_en")')) == [
        LOREM]
    assert await search.query(base.format('PHRASE(doc.text, "ipsum lorem", "text_en")')) == []
    assert await search.query(base.format('PHRASE(doc.text, "ipsum", 2, "amet", '
                                          '"text_en")')) == [LOREM]
    assert await search.query(base.format('PHRASE(doc.text, "lorem", 0, "ipsum", '
                                          '"text_en")')) == [LOREM]
    # Corrected example (skip tokens): the page calls PHRASE(doc.text, "ipsum", -1,
    # "lorem") equivalent to "lorem ipsum". In 3.12 a part lands on position
    # 1 + last + skip and replaces what is there, so -1 replaces "ipsum" with "lorem":
    # the phrase is "lorem" alone and also matches "lorem dolor".
    assert await search.query(base.format('PHRASE(doc.text, "ipsum", -1, "lorem", '
                                          '"text_en")')) == [LOREM, "lorem dolor"]


async def test_phrase_arrays(search: Search) -> None:
    title = "The quick brown fox jumps over the lazy dog"
    await search.collection("coll", [{"title": title}, {"title": "quick fox jumps"}])
    await search.view("myView", {"coll": {"fields": {"title": {"analyzers": ["text_en"]}}}})
    base = "FOR doc IN myView SEARCH PHRASE(doc.title, {}, \"text_en\") RETURN doc.title"
    assert await search.query(base.format('["quick brown fox"]')) == [title]
    assert await search.query(base.format('["quick", "brown", "fox"]')) == [title]
    assert await search.query(base.format('TOKENS("quick brown fox", "text_en")')) == [title]
    assert await search.query(base.format('"quick", 0, "brown", 0, "fox"')) == [title]
    assert await search.query(base.format('["quick", 1, "fox", "jumps"]')) == [title]
    assert await search.query(base.format('"quick", 1, "fox", 0, "jumps"')) == [title]
    # empty arrays are skipped, their skip counts add up ("quick", 2, "jumps")
    assert await search.query(base.format('"quick", 1, [], 1, "jumps"')) == [title]
    assert await search.query(base.format('"quick", 2, "jumps"')) == [title]
    assert await search.query(base.format('"quick", 1, [], 0, "jumps"')) == [
        "quick fox jumps"]
    assert await search.query(base.format('[[]]')) == []


async def test_phrase_object_tokens(search: Search) -> None:
    title = "The quick brown fox jumps over the lazy dog"
    await search.collection("coll", [{"title": title}])
    await search.view("myView", {"coll": {"fields": {"title": {"analyzers": ["text_en"]}}}})
    assert await search.query("""FOR doc IN myView SEARCH PHRASE(doc.title,
      {STARTS_WITH: ["qui"]}, 0,
      {WILDCARD: ["b%o_n"]}, 0,
      {LEVENSHTEIN_MATCH: ["foks", 2]}, 0,
      {TERMS: ["jump", "run"]}, 0,
      {IN_RANGE: ["over", "through", true, false]},
      "text_en") RETURN doc.title""") == [title]
    assert await search.query("""FOR doc IN myView SEARCH PHRASE(doc.title, [
      {STARTS_WITH: "qui"}, 0,
      {WILDCARD: "b%o_n"}, 0,
      {LEVENSHTEIN_MATCH: ["foks", 2]}, 0,
      ["jumps", "runs"], 0,
      {IN_RANGE: ["over", "through", true, false]}
    ], "text_en") RETURN doc.title""") == [title]
    # object tokens are not analyzed: the stemmed index holds "jump", not "jumps"
    assert await search.query('FOR doc IN myView SEARCH PHRASE(doc.title, "fox", 0, '
                              '{TERMS: ["jumps", "runs"]}, "text_en") RETURN doc') == []


async def test_starts_with(search: Search) -> None:
    await text_view(search, ["lorem ipsum", ["lorem", "ipsum"], "IPS (in-plane switching)",
                             "that is something"])
    base = "FOR doc IN viewName SEARCH {} RETURN doc.text"
    assert await search.query(base.format('STARTS_WITH(doc.text, "lorem ip")')) == [
        "lorem ipsum"]
    assert await search.query(base.format('ANALYZER(STARTS_WITH(doc.text, "ips"), '
                                          '"text_en")')) == ["lorem ipsum", ["lorem", "ipsum"]]
    assert await search.query(base.format('ANALYZER(STARTS_WITH(doc.text, TOKENS("ips", '
                                          '"text_en")), "text_en")')) == [
        "lorem ipsum", ["lorem", "ipsum"], "IPS (in-plane switching)"]
    # Corrected example (prefixes): the page says ["something", "ips"] also matches
    # "that is something", but text_en stems "something" to "someth", so the prefix
    # "something" matches no indexed token in 3.12.
    assert await search.query(base.format('ANALYZER(STARTS_WITH(doc.text, ["something", '
                                          '"ips"]), "text_en")')) == [
        "lorem ipsum", ["lorem", "ipsum"]]
    assert await search.query(base.format('ANALYZER(STARTS_WITH(doc.text, ["wrong", "ips"], '
                                          '1), "text_en")')) == ["lorem ipsum",
                                                                 ["lorem", "ipsum"]]
    assert await search.query(base.format('ANALYZER(STARTS_WITH(doc.text, ["lo", "ips", '
                                          '"something"], 2), "text_en")')) == [
        "lorem ipsum", ["lorem", "ipsum"]]


async def test_levenshtein_match(search: Search) -> None:
    await text_view(search, ["quick", "quicksands"], "identity")
    base = "FOR doc IN viewName SEARCH {} RETURN doc.text"
    assert await search.query(base.format('LEVENSHTEIN_MATCH(doc.text, "quikc", 2, '
                                          'false)')) == ["quick"]
    assert await search.query(base.format('LEVENSHTEIN_MATCH(doc.text, "quikc", 1)')) == [
        "quick"]
    assert await search.query(base.format('LEVENSHTEIN_MATCH(doc.text, "quikc", 1, '
                                          'false)')) == []
    # Corrected example (prefix search): the page matches "quick" with
    # LEVENSHTEIN_MATCH(doc.text, "kc", 1, false, 64, "qui"), but without transpositions
    # "kc" and "ck" are two edits apart; it takes transpositions (true) to match in 3.12.
    assert await search.query(base.format('LEVENSHTEIN_MATCH(doc.text, "kc", 1, false, 64, '
                                          '"qui")')) == []
    assert await search.query(base.format('LEVENSHTEIN_MATCH(doc.text, "kc", 1, true, 64, '
                                          '"qui")')) == ["quick"]
    assert await search.query('LET input = "quikc" LET prefix = LEFT(input, 3) '
                              'LET suffix = SUBSTRING(input, 3) FOR doc IN viewName '
                              'SEARCH LEVENSHTEIN_MATCH(doc.text, suffix, 1, true, 64, prefix) '
                              'RETURN doc.text') == ["quick"]
    assert await search.query('RETURN [LEVENSHTEIN_MATCH("quick", "quikc", 1), '
                              'LEVENSHTEIN_MATCH("quick", "quikc", 1, false)]') == [
        [True, False]]


async def test_like(search: Search) -> None:
    await text_view(search, ["foobar", "foo bar", "fooxbar baz"])
    assert await search.query('FOR doc IN viewName SEARCH ANALYZER(LIKE(doc.text, "foo%b_r"),'
                              ' "text_en") RETURN doc.text') == ["foobar", "fooxbar baz"]
    assert await search.query('FOR doc IN viewName SEARCH ANALYZER(doc.text LIKE "foo%b_r", '
                              '"text_en") RETURN doc.text') == ["foobar", "fooxbar baz"]


@pytest.mark.parametrize(("analyzer", "properties", "locations", "distance"), [
    ("geojson", {}, [{"type": "Point", "coordinates": [6.937, 50.932]},
                     {"type": "Point", "coordinates": [6.956, 50.941]},
                     {"type": "Point", "coordinates": [6.962, 50.932]}],
     "GEO_DISTANCE(doc.location, point)"),
    ("geopoint", {"latitude": ["lat"], "longitude": ["lng"]},
     [{"lat": 50.932, "lng": 6.937}, {"lat": 50.941, "lng": 6.956},
      {"lat": 50.932, "lng": 6.962}],
     "GEO_DISTANCE([doc.location.lng, doc.location.lat], point)"),
    ("geopoint", {}, [[50.932, 6.937], [50.941, 6.956], [50.932, 6.962]],
     "GEO_DISTANCE([doc.location[1], doc.location[0]], point)"),
])
async def test_geo_analyzers(search: Search, analyzer: str, properties: dict[str, object],
                             locations: list[object], distance: str) -> None:
    await search.analyzer("geo", analyzer, properties)
    await search.collection("geo", [{"location": loc} for loc in locations])
    await search.view("geo_view", {"geo": {"fields": {"location": {"analyzers": ["geo"]}}}})
    rows = await search.query(f"""LET point = GEO_POINT(6.93, 50.94)
        FOR doc IN geo_view
          SEARCH ANALYZER(GEO_DISTANCE(doc.location, point) < 2000, "geo")
          RETURN {{ location: doc.location, distance: {distance} }}""")
    # the distances ArangoDB computed; the emulator's GEO_DISTANCE agrees to 1e-9
    assert rows == [{"location": locations[0], "distance": pytest.approx(1015.8355739436823,
                                                                         rel=1e-9)},
                    {"location": locations[1], "distance": pytest.approx(1825.1307183571266,
                                                                         rel=1e-9)}]


async def test_geo_shapes(search: Search) -> None:
    await search.analyzer("geo", "geojson", {})
    await search.collection("geo", [
        {"_key": "in", "location": {"type": "Point", "coordinates": [6.95, 50.94]}},
        {"_key": "out", "location": {"type": "Point", "coordinates": [7.5, 51.5]}}])
    await search.view("geo_view", {"geo": {"fields": {"location": {"analyzers": ["geo"]}}}})
    box = ("GEO_POLYGON([[6.9, 50.9], [7.0, 50.9], [7.0, 51.0], [6.9, 51.0], [6.9, 50.9]])")
    for condition in (f"GEO_CONTAINS({box}, doc.location)",
                      f"GEO_INTERSECTS({box}, doc.location)",
                      "GEO_IN_RANGE(doc.location, [6.95, 50.94], 0, 100)"):
        assert await search.query(f'FOR doc IN geo_view SEARCH ANALYZER({condition}, "geo") '
                                  'RETURN doc._key') == ["in"]
