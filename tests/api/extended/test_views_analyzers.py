"""Views and analyzers through the client, against the emulator (or a real server)."""

from __future__ import annotations

import pytest

from arango_anyio import StandardDatabase
from arango_anyio.exceptions import (
    AnalyzerCreateError,
    AnalyzerDeleteError,
    AnalyzerGetError,
    ArangoClientError,
    ViewCreateError,
    ViewDeleteError,
    ViewGetError,
    ViewRenameError,
    ViewUpdateError,
)

pytestmark = pytest.mark.anyio


async def test_arangosearch_view_lifecycle(db: StandardDatabase) -> None:
    await db.create_collection("books")
    created = await db.create_arangosearch_view("books_view", {
        "links": {"books": {"includeAllFields": True, "fields": {"title": {
            "analyzers": ["text_en"]}}}},
        "commitIntervalMsec": 500,
    })
    assert created["name"] == "books_view" and created["type"] == "arangosearch"
    assert created["commit_interval_msec"] == 500
    assert created["links"]["books"]["includeAllFields"] is True
    assert created["links"]["books"]["fields"]["title"]["analyzers"] == ["text_en"]
    assert "globallyUniqueId" not in created and created["global_id"]
    assert set(created["consolidation_policy"]) >= {"type"}

    listed = await db.views()
    assert [(v["name"], v["type"]) for v in listed] == [("books_view", "arangosearch")]
    info = await db.view_info("books_view")
    assert info == {k: created[k] for k in ("global_id", "id", "name", "type")}
    assert (await db.view(created["id"]))["name"] == "books_view"  # by id too

    updated = await db.update_arangosearch_view("books_view", {"cleanupIntervalStep": 7})
    assert updated["cleanup_interval_step"] == 7
    assert "books" in updated["links"]  # PATCH keeps the links
    replaced = await db.replace_arangosearch_view("books_view", {"cleanupIntervalStep": 3})
    assert replaced["cleanup_interval_step"] == 3
    assert replaced["links"] == {}  # PUT drops links it was not given

    assert await db.rename_view("books_view", "library") is True
    assert [v["name"] for v in await db.views()] == ["library"]
    assert await db.delete_view("library") is True
    assert await db.delete_view("library", ignore_missing=True) is False
    assert await db.views() == []


async def test_generic_view_calls(db: StandardDatabase) -> None:
    created = await db.create_view("plain", "arangosearch")
    assert created["links"] == {}
    assert (await db.update_view("plain", {"commitIntervalMsec": 2000}))[
        "commit_interval_msec"] == 2000
    assert (await db.replace_view("plain", {}))["commit_interval_msec"] == 1000
    assert (await db.view("plain"))["primary_sort"] == []


async def test_search_alias_view(db: StandardDatabase) -> None:
    books = await db.create_collection("books")
    await books.add_index({"type": "inverted", "name": "inv_title", "fields": ["title"]})
    await books.add_index({"type": "inverted", "name": "inv_body", "fields": ["body"]})
    created = await db.create_search_alias_view(
        "alias", {"indexes": [{"collection": "books", "index": "inv_title"}]})
    assert created["type"] == "search-alias"
    assert created["indexes"] == [{"collection": "books", "index": "inv_title"}]
    added = await db.update_search_alias_view(
        "alias", {"indexes": [{"collection": "books", "index": "inv_body"}]})
    assert {i["index"] for i in added["indexes"]} == {"inv_title", "inv_body"}
    replaced = await db.replace_search_alias_view(
        "alias", {"indexes": [{"collection": "books", "index": "inv_body"}]})
    assert replaced["indexes"] == [{"collection": "books", "index": "inv_body"}]
    assert (await db.view("alias"))["indexes"] == replaced["indexes"]


async def test_view_errors(db: StandardDatabase) -> None:
    await db.create_collection("taken")
    with pytest.raises(ViewCreateError) as dup:
        await db.create_view("taken", "arangosearch")  # shares the collections' namespace
    assert (dup.value.http_code, dup.value.error_code) == (409, 1207)
    with pytest.raises(ViewCreateError) as bad_type:
        await db.create_view("v", "nope")
    assert bad_type.value.http_code == 400
    with pytest.raises(ViewCreateError) as bad_link:
        await db.create_arangosearch_view("v", {"links": {"missing": {}}})
    assert bad_link.value.error_code == 1203
    with pytest.raises(ViewGetError) as missing:
        await db.view("ghost")
    assert (missing.value.http_code, missing.value.error_code) == (404, 1203)
    with pytest.raises(ViewGetError):
        await db.view_info("ghost")
    with pytest.raises(ViewUpdateError):
        await db.update_view("ghost", {})
    with pytest.raises(ViewDeleteError) as not_there:
        await db.delete_view("ghost")
    assert not_there.value.error_code == 1203
    await db.create_view("one", "arangosearch")
    with pytest.raises(ViewRenameError):
        await db.rename_view("one", "taken")
    with pytest.raises(ArangoClientError):
        await db.view("")  # never sent: an empty path segment


async def test_analyzers(db: StandardDatabase) -> None:
    names = {a["name"] for a in await db.analyzers()}
    assert {"identity", "text_en", "text_de"} <= names  # built-in, without a prefix
    identity = await db.analyzer("identity")
    assert identity["type"] == "identity" and "error" not in identity

    created = await db.create_analyzer("csv", "delimiter", {"delimiter": ","},
                                       ["frequency", "norm"])
    full = f"{db.name}::csv"
    assert created["name"] == full
    assert created["type"] == "delimiter"
    assert created["properties"]["delimiter"] == ","
    assert set(created["features"]) == {"frequency", "norm"}
    # the same definition again is fine; another one under the name is refused
    assert (await db.create_analyzer("csv", "delimiter", {"delimiter": ","},
                                     ["frequency", "norm"]))["name"] == full
    with pytest.raises(AnalyzerCreateError) as clash:
        await db.create_analyzer("csv", "delimiter", {"delimiter": ";"})
    assert clash.value.http_code == 400

    assert full in {a["name"] for a in await db.analyzers()}
    assert (await db.analyzer("csv"))["name"] == full
    assert (await db.analyzer(full))["name"] == full

    assert await db.delete_analyzer("csv") is True
    assert await db.delete_analyzer("csv", ignore_missing=True) is False
    with pytest.raises(AnalyzerGetError) as gone:
        await db.analyzer("csv")
    assert (gone.value.http_code, gone.value.error_code) == (404, 1202)
    with pytest.raises(AnalyzerDeleteError):
        await db.delete_analyzer("csv")
    with pytest.raises(AnalyzerDeleteError) as builtin:
        await db.delete_analyzer("identity")
    assert builtin.value.http_code == 403


async def test_analyzer_validation(db: StandardDatabase) -> None:
    with pytest.raises(AnalyzerCreateError) as bad_type:
        await db.create_analyzer("x", "no-such-type")
    assert bad_type.value.http_code == 400
    with pytest.raises(AnalyzerCreateError) as bad_name:
        await db.create_analyzer("bad name!", "identity")
    assert bad_name.value.http_code == 400
    with pytest.raises(AnalyzerCreateError) as bad_feature:
        await db.create_analyzer("y", "identity", features=["telepathy"])
    assert bad_feature.value.http_code == 400


async def test_view_link_uses_analyzer(db: StandardDatabase) -> None:
    await db.create_collection("docs")
    await db.create_analyzer("lower", "norm", {"locale": "en", "case": "lower"})
    view = await db.create_arangosearch_view(
        "v", {"links": {"docs": {"analyzers": ["lower"]}}})
    assert view["links"]["docs"]["analyzers"] in (["lower"], [f"{db.name}::lower"])
    with pytest.raises(ViewCreateError) as unknown:
        await db.create_arangosearch_view(
            "w", {"links": {"docs": {"analyzers": ["no_such_analyzer"]}}})
    assert unknown.value.http_code in (400, 404)


async def test_analyzer_in_use_needs_force(db: StandardDatabase) -> None:
    await db.create_collection("docs")
    await db.create_analyzer("used", "identity")
    await db.create_arangosearch_view("v", {"links": {"docs": {"fields": {
        "title": {"analyzers": ["used"]}}}}})
    with pytest.raises(AnalyzerDeleteError) as in_use:
        await db.delete_analyzer("used")
    assert in_use.value.http_code == 409
    assert await db.delete_analyzer("used", force=True) is True


async def test_required_properties(db: StandardDatabase) -> None:
    for kind, properties in (("delimiter", {}), ("text", {"case": "lower"}),
                             ("ngram", {"min": 2}), ("aql", {}), ("pipeline", {})):
        with pytest.raises(AnalyzerCreateError) as refused:
            await db.create_analyzer(f"x_{kind}", kind, properties)
        assert (refused.value.http_code, refused.value.error_code) == (400, 10), kind
    ok = await db.create_analyzer("ngrams", "ngram", {"min": 2, "max": 3,
                                                      "preserveOriginal": False},
                                  ["frequency", "position"])
    assert ok["properties"]["max"] == 3
    with pytest.raises(AnalyzerCreateError):
        await db.create_analyzer("offsets", "identity", features=["offset"])


async def test_system_analyzers_are_shared(sys_db: StandardDatabase,
                                           db: StandardDatabase) -> None:
    await sys_db.create_analyzer("shared_csv", "delimiter", {"delimiter": ","})
    try:
        assert "_system::shared_csv" in {a["name"] for a in await db.analyzers()}
        assert (await db.analyzer("_system::shared_csv"))["type"] == "delimiter"
        with pytest.raises(AnalyzerDeleteError) as elsewhere:
            await db.delete_analyzer("_system::shared_csv")
        assert elsewhere.value.http_code == 403
    finally:
        await sys_db.delete_analyzer("shared_csv", force=True)


async def test_search_through_a_view(db: StandardDatabase) -> None:
    docs = await db.create_collection("docs")
    await docs.insert_many([{"_key": "a", "x": 1, "text": "quick brown fox"},
                            {"_key": "b", "x": 2, "text": "lazy dog"}])
    await db.create_arangosearch_view("v", {"links": {"docs": {
        "includeAllFields": True, "fields": {"text": {"analyzers": ["text_en"]}}}}})
    query = ("FOR d IN v SEARCH d.x == 1 OR ANALYZER(d.text == 'dog', 'text_en') "
             "OPTIONS {waitForSync: true} SORT d._key RETURN d._key")
    async with db.aql.execute(query) as cursor:
        assert [key async for key in cursor] == ["a", "b"]
    async with db.aql.execute("FOR d IN v SEARCH d.x == 2 RETURN d._key") as cursor:
        assert [key async for key in cursor] == ["b"]


async def test_properties_are_normalized(db: StandardDatabase) -> None:
    text = await db.create_analyzer("words", "text", {"locale": "en.utf-8"},
                                    ["frequency", "norm", "position"])
    assert text["properties"] == {"locale": "en", "case": "lower", "stopwords": [],
                                  "accent": False, "stemming": True}
    # the same definition, spelled out in full, is the same analyzer
    again = await db.create_analyzer("words", "text", text["properties"],
                                     ["frequency", "norm", "position"])
    assert again == text
    norm = await db.create_analyzer("folded", "norm", {"locale": "de", "accent": False})
    assert norm["properties"] == {"locale": "de", "case": "none", "accent": False}
