"""Search: analyzers, arangosearch views, phrases, ranking, search-alias views over inverted
indexes, vector search, and managing views and analyzers (docs/guide/search.md).

    python docs/examples/search.py                   # asyncio, then trio
    python docs/examples/search.py --backend trio

Runs on the in-memory emulator. On a real server, views are eventually consistent (add
``OPTIONS { waitForSync: true }`` to a search to see documents just written), and vector
indexes need the ``--vector-index`` startup option and enough documents to train.
"""

from __future__ import annotations

import argparse
from typing import Any

import anyio

from arango_anyio import ArangoClient, StandardCollection, StandardDatabase
from arango_anyio.testing import Emulator

ARTICLES = [
    {"_key": "a1", "title": "The quick brown fox",
     "body": "A quick brown fox jumps over the lazy dog", "embedding": [0.9, 0.1, 0.0]},
    {"_key": "a2", "title": "Lazy dogs",
     "body": "Dogs sleep all day and foxes watch them", "embedding": [0.1, 0.9, 0.1]},
    {"_key": "a3", "title": "Fox facts",
     "body": "The red fox is the largest of the true foxes", "embedding": [0.8, 0.2, 0.1]},
    {"_key": "a4", "title": "Cooking pasta",
     "body": "Boil the water, then add the pasta", "embedding": [0.0, 0.1, 0.9]},
]


async def rows(db: StandardDatabase, aql: str, **bind_vars: Any) -> list[Any]:
    """Every result of query ``aql``."""
    async with db.aql.execute(aql, bind_vars=bind_vars) as cursor:
        return [row async for row in cursor]


async def analyzers(db: StandardDatabase) -> None:
    # [start tokens]
    print(await rows(db, "RETURN TOKENS('Foxes jumping!', 'text_en')"))
    # [end tokens]
    # [start create-analyzer]
    await db.create_analyzer("words", "text", {"locale": "en", "stopwords": ["the"]},
                             ["frequency", "norm", "position"])
    print(await rows(db, "RETURN TOKENS('The foxes', 'words')"))
    # [end create-analyzer]


async def full_text(db: StandardDatabase) -> None:
    # [start view]
    await db.create_arangosearch_view("articles_view", {"links": {"articles": {
        "fields": {"body": {"analyzers": ["text_en"]},
                   "title": {"analyzers": ["text_en", "identity"]}}}}})

    print(await rows(db, """
        FOR a IN articles_view
          SEARCH ANALYZER(a.body IN TOKENS('fox', 'text_en'), 'text_en')
          SORT a._key
          RETURN a._key"""))
    # [end view]
    # [start phrase]
    print(await rows(db, """
        FOR a IN articles_view
          SEARCH PHRASE(a.body, 'quick brown fox', 'text_en')
          RETURN a._key"""))
    # [end phrase]
    # [start ranking]
    ranked = await rows(db, """
        FOR a IN articles_view
          SEARCH ANALYZER(a.body IN TOKENS('lazy dog fox', 'text_en'), 'text_en')
          SORT BM25(a) DESC, a._key
          RETURN { key: a._key, bm25: BM25(a), tfidf: TFIDF(a) }""")
    print([(row["key"], round(row["bm25"], 3)) for row in ranked])
    # [end ranking]


async def search_alias(db: StandardDatabase, articles: StandardCollection) -> None:
    # [start search-alias]
    await articles.add_index({"type": "inverted", "name": "titles",
                              "fields": [{"name": "title", "analyzer": "text_en"}]})
    await db.create_search_alias_view(
        "titles_view", {"indexes": [{"collection": "articles", "index": "titles"}]})

    print(await rows(db, """
        FOR a IN titles_view
          SEARCH a.title == 'fox' OR STARTS_WITH(a.title, 'cook')
          SORT a._key
          RETURN a.title"""))
    # [end search-alias]
    # [start index-hint]
    print(await rows(db, """
        FOR a IN articles OPTIONS { indexHint: 'titles', forceIndexHint: true }
          FILTER PHRASE(a.title, 'lazy dogs')
          RETURN a._key"""))
    # [end index-hint]


async def vectors(db: StandardDatabase, articles: StandardCollection) -> None:
    # [start vector]
    await articles.add_index({"type": "vector", "fields": ["embedding"], "name": "vec",
                              "params": {"metric": "cosine", "dimension": 3, "nLists": 1}})

    print(await rows(db, """
        FOR a IN articles
          LET similarity = APPROX_NEAR_COSINE(a.embedding, @query)
          SORT similarity DESC
          LIMIT 2
          RETURN a._key""", query=[1.0, 0.1, 0.0]))
    # [end vector]


async def check(db: StandardDatabase) -> None:
    """What the page promises about the searches above."""
    assert await rows(db, """FOR a IN articles_view SEARCH PHRASE(a.body, 'quick brown fox',
        'text_en') RETURN a._key""") == ["a1"]


async def manage(db: StandardDatabase) -> None:
    # [start manage]
    print([(view["name"], view["type"]) for view in await db.views()])
    await db.update_arangosearch_view("articles_view", {"cleanupIntervalStep": 3})
    properties = await db.view("articles_view")
    print(properties["cleanup_interval_step"], sorted(properties["links"]))
    await db.rename_view("titles_view", "headlines")     # single servers only
    await db.delete_view("headlines")
    await db.delete_view("articles_view")
    print((await db.analyzer("words"))["properties"]["stopwords"])
    await db.delete_analyzer("words")
    # [end manage]


async def main() -> None:
    emulator = Emulator(root_password="")
    async with ArangoClient(hosts="http://emulator:8529",
                            http_client=emulator.http_client()) as client:
        db = await client.db("_system", username="root", password="")
        articles = await db.create_collection("articles")
        await articles.insert_many(ARTICLES)
        await analyzers(db)
        await full_text(db)
        await search_alias(db, articles)
        await vectors(db, articles)
        await check(db)
        await manage(db)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["asyncio", "trio", "both"], default="both")
    backend = parser.parse_args().backend
    for name in ("asyncio", "trio") if backend == "both" else (backend,):
        print(f"-- {name}")
        anyio.run(main, backend=name)
