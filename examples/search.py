"""Search with arango_anyio: full-text, phrase, ranking, search-alias views and vectors.

Runs on the embedded in-memory emulator (no server needed), or on a real ArangoDB 3.12.
After ``./quickstart.sh`` (it sets up ``.venv``), from the repository root:

    .venv/bin/python examples/search.py                   # embedded emulator, asyncio
    .venv/bin/python examples/search.py --backend trio    # the same code under trio

Set ``ARANGO_HOSTS`` (comma-separated URLs, e.g. ``http://127.0.0.1:8529``) and
``ARANGO_PASSWORD`` to run it on a real server instead (vector indexes need a server started
with ``--vector-index``).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.testing import Emulator

ARTICLES = [
    {"_key": "a1", "title": "The quick brown fox", "body": "A quick brown fox jumps over "
     "the lazy dog", "embedding": [0.9, 0.1, 0.0]},
    {"_key": "a2", "title": "Lazy dogs", "body": "Dogs sleep all day and foxes watch them",
     "embedding": [0.1, 0.9, 0.1]},
    {"_key": "a3", "title": "Fox facts", "body": "The red fox is the largest of the true "
     "foxes", "embedding": [0.8, 0.2, 0.1]},
    {"_key": "a4", "title": "Cooking pasta", "body": "Boil the water, then add the pasta",
     "embedding": [0.0, 0.1, 0.9]},
]


@asynccontextmanager
async def open_client() -> AsyncIterator[tuple[ArangoClient, str]]:
    """A client on ARANGO_HOSTS when set, else on a fresh in-process emulator."""
    hosts = os.environ.get("ARANGO_HOSTS")
    if hosts:
        async with ArangoClient(hosts=hosts.split(","), host_resolver="roundrobin") as client:
            yield client, os.environ.get("ARANGO_PASSWORD", "")
        return
    emulator = Emulator(root_password="")
    async with ArangoClient(hosts="http://emulator:8529",
                            http_client=emulator.http_client()) as client:
        yield client, ""


async def rows(db: StandardDatabase, aql: str, **bind_vars: Any) -> list[Any]:
    """Every result of query ``aql``."""
    async with db.aql.execute(aql, bind_vars=bind_vars) as cursor:
        return [row async for row in cursor]


async def main() -> dict[str, list[Any]]:
    """Run every example; returns what each printed (the test checks it)."""
    seen: dict[str, list[Any]] = {}
    async with open_client() as (client, password):
        sys_db = await client.db("_system", username="root", password=password)
        if await sys_db.has_database("search_example"):
            await sys_db.delete_database("search_example")
        await sys_db.create_database("search_example")
        db = await client.db("search_example", username="root", password=password)
        articles = await db.create_collection("articles")
        await articles.insert_many(ARTICLES)

        # 1. Full-text search: an arangosearch view indexes `body` with the English text
        #    analyzer (lower case, no accents, Snowball stemming).
        await db.create_arangosearch_view("articles_view", {"links": {"articles": {
            "fields": {"body": {"analyzers": ["text_en"]},
                       "title": {"analyzers": ["text_en", "identity"]}}}}})
        print("tokens:", await rows(db, "RETURN TOKENS('Foxes jumping!', 'text_en')"))
        seen["text"] = await rows(db, """
            FOR a IN articles_view
              SEARCH ANALYZER(a.body IN TOKENS('fox', 'text_en'), 'text_en')
              OPTIONS { waitForSync: true }
              SORT a._key
              RETURN a._key""")
        print("text search 'fox':", seen["text"])

        # 2. Phrase search: the tokens in this order ("quick brown" but not "brown quick").
        seen["phrase"] = await rows(db, """
            FOR a IN articles_view
              SEARCH PHRASE(a.body, 'quick brown fox', 'text_en')
              RETURN a._key""")
        print("phrase 'quick brown fox':", seen["phrase"])

        # 3. Ranking: BM25 (and TF-IDF) scores sort the best matches first.
        seen["ranking"] = await rows(db, """
            FOR a IN articles_view
              SEARCH ANALYZER(a.body IN TOKENS('lazy dog fox', 'text_en'), 'text_en')
              SORT BM25(a) DESC, a._key
              RETURN { key: a._key, bm25: BM25(a), tfidf: TFIDF(a) }""")
        print("ranked:", [(r["key"], round(r["bm25"], 3)) for r in seen["ranking"]])

        # 4. A search-alias view over an inverted index: the analyzer comes with the index.
        await articles.add_index({"type": "inverted", "name": "titles",
                                  "fields": [{"name": "title", "analyzer": "text_en"}]})
        await db.create_search_alias_view(
            "titles_view", {"indexes": [{"collection": "articles", "index": "titles"}]})
        seen["search_alias"] = await rows(db, """
            FOR a IN titles_view
              SEARCH a.title == 'fox' OR STARTS_WITH(a.title, 'cook')
              SORT a._key
              RETURN a.title""")
        print("search-alias:", seen["search_alias"])
        # The same index answers a FILTER when the query names it.
        seen["inverted_filter"] = await rows(db, """
            FOR a IN articles OPTIONS { indexHint: 'titles', forceIndexHint: true }
              FILTER PHRASE(a.title, 'lazy dogs')
              RETURN a._key""")
        print("inverted index filter:", seen["inverted_filter"])

        # 5. Vector search: the nearest embeddings by cosine similarity.
        await articles.add_index({"type": "vector", "fields": ["embedding"], "name": "vec",
                                  "params": {"metric": "cosine", "dimension": 3,
                                             "nLists": 1}})
        seen["vector"] = await rows(db, """
            FOR a IN articles
              LET similarity = APPROX_NEAR_COSINE(a.embedding, @query)
              SORT similarity DESC
              LIMIT 2
              RETURN a._key""", query=[1.0, 0.1, 0.0])
        print("nearest to [1, 0.1, 0]:", seen["vector"])

        await sys_db.delete_database("search_example")
    return seen


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", choices=["asyncio", "trio"], default="asyncio")
    anyio.run(main, backend=parser.parse_args().backend)
