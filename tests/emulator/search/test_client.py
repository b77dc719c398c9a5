"""python-arango's view, analyzer and inverted-index methods end to end against the
emulator, and the documentation's runnable example (examples/search.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from arango_anyio import ArangoClient
from arango_anyio.testing import Emulator

pytestmark = pytest.mark.anyio

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "search.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("search_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def test_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ARANGO_HOSTS", raising=False)
    seen = await _load().main()
    assert seen["text"] == ["a1", "a2", "a3"]
    assert seen["phrase"] == ["a1"]
    assert [row["key"] for row in seen["ranking"]] == ["a1", "a2", "a3"]
    assert all(row["bm25"] > 0 and row["tfidf"] > 0 for row in seen["ranking"])
    assert seen["search_alias"] == ["The quick brown fox", "Fox facts", "Cooking pasta"]
    assert seen["inverted_filter"] == ["a2"]
    assert seen["vector"] == ["a1", "a3"]


async def test_python_arango_method_names() -> None:
    emu = Emulator()
    async with ArangoClient(hosts="http://emu:8529", http_client=emu.http_client()) as client:
        db = await client.db("_system", username="root", password="")
        created = await db.create_analyzer("words", "text", {"locale": "en", "stopwords": []},
                                           ["frequency", "norm", "position"])
        assert created["features"] == ["frequency", "position", "norm"]
        assert (await db.analyzer("words"))["type"] == "text"
        assert "_system::words" in {a["name"] for a in await db.analyzers()}
        books = await db.create_collection("books")
        await books.insert_many([{"_key": "b1", "title": "Running foxes"},
                                 {"_key": "b2", "title": "A sleeping dog"}])
        view = await db.create_arangosearch_view("books_view", {"links": {"books": {
            "fields": {"title": {"analyzers": ["words"]}}}}})
        assert view["name"] == "books_view"
        await db.update_arangosearch_view("books_view", {"cleanupIntervalStep": 3})
        assert (await db.view("books_view"))["cleanup_interval_step"] == 3
        async with db.aql.execute("FOR b IN books_view SEARCH ANALYZER(b.title == 'fox', "
                                  "'words') RETURN b._key") as cursor:
            assert [key async for key in cursor] == ["b1"]
        await books.add_index({"type": "inverted", "name": "by_title",
                               "fields": [{"name": "title", "analyzer": "words"}]})
        await db.create_search_alias_view("titles", {"indexes": [
            {"collection": "books", "index": "by_title"}]})
        async with db.aql.execute("FOR b IN titles SEARCH b.title == 'dog' "
                                  "RETURN b._key") as cursor:
            assert [key async for key in cursor] == ["b2"]
        assert {v["name"] for v in await db.views()} == {"books_view", "titles"}
        assert await db.rename_view("titles", "by_titles") is True
        assert await db.delete_view("by_titles") is True
        assert await db.delete_view("books_view") is True
        assert await db.delete_analyzer("words") is True
