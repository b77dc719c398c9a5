"""Fixtures for the AQL engine tests: a small dict-backed store."""

from __future__ import annotations

from typing import Any

import pytest

from arango_anyio.testing._aql.memory import MemoryContext
from arango_anyio.testing._aql.query import QueryResult, run_query

USERS = [
    {"_key": "alice", "name": "Alice", "age": 31, "city": "Berlin", "tags": ["a", "b"]},
    {"_key": "bob", "name": "Bob", "age": 25, "city": "Paris", "tags": ["b"]},
    {"_key": "carol", "name": "Carol", "age": 35, "city": "Berlin", "tags": []},
    {"_key": "dave", "name": "Dave", "age": 25, "city": "Rome"},
]

KNOWS = [
    {"_key": "ab", "_from": "users/alice", "_to": "users/bob", "since": 2010},
    {"_key": "bc", "_from": "users/bob", "_to": "users/carol", "since": 2015},
    {"_key": "cd", "_from": "users/carol", "_to": "users/dave", "since": 2020},
    {"_key": "ad", "_from": "users/alice", "_to": "users/dave", "since": 2021},
]


@pytest.fixture
def ctx() -> MemoryContext:
    """Collections ``users`` (4 documents), ``knows`` (edges), ``empty``; graph ``social``."""
    store = MemoryContext()
    store.create("users", docs=USERS)
    store.create("knows", "edge", docs=KNOWS)
    store.create("empty")
    store.graphs["social"] = [{"collection": "knows", "from": ["users"], "to": ["users"]}]
    return store


def run(ctx: MemoryContext, query: str, bind_vars: dict[str, Any] | None = None,
        **options: Any) -> QueryResult:
    """Run ``query`` against ``ctx``."""
    return run_query(query, bind_vars or {}, ctx, options)
