"""Index data follows every write: inserts, updates, replaces, removes, truncates, AQL
modifications and stream transactions (searchable once committed), also under concurrent
writers, where each reader query compares SEARCH with a brute-force FILTER."""

from __future__ import annotations

import random
from typing import Any

import anyio
import anyio.lowlevel
import pytest

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.testing import Emulator
from tests.emulator.search.conftest import Search

pytestmark = pytest.mark.anyio

WORDS = ["fox", "foxes", "dog", "dogs", "cat", "running", "runs", "quick", "lazy"]
TAGS = ["red", "green", "blue"]


async def found(search: Search, word: str) -> list[str]:
    return await search.query("FOR d IN v SEARCH ANALYZER(d.text == @w, 'text_en') "
                              "SORT d._key RETURN d._key", w=word)


async def test_single_writes(search: Search) -> None:
    await search.collection("coll", [{"_key": "a", "text": "quick fox"}])
    await search.view("v", {"coll": {"analyzers": ["text_en"], "includeAllFields": True}})
    assert await found(search, "fox") == ["a"]
    await search.ok("POST", "/_api/document/coll", {"_key": "b", "text": "foxes run"})
    assert await found(search, "fox") == ["a", "b"]
    await search.ok("PATCH", "/_api/document/coll/a", {"text": "lazy dog"})
    assert await found(search, "fox") == ["b"] and await found(search, "dog") == ["a"]
    await search.ok("PUT", "/_api/document/coll/b", {"other": 1})
    assert await found(search, "fox") == []
    await search.ok("DELETE", "/_api/document/coll/a")
    assert await found(search, "dog") == []
    await search.query("FOR i IN 1..3 INSERT {_key: CONCAT('q', i), text: 'quick'} INTO coll")
    assert await found(search, "quick") == ["q1", "q2", "q3"]
    await search.query("FOR d IN coll FILTER d._key == 'q2' REMOVE d IN coll")
    assert await found(search, "quick") == ["q1", "q3"]
    await search.ok("PUT", "/_api/collection/coll/truncate")
    assert await found(search, "quick") == []


async def test_link_changes_rebuild_the_index(search: Search) -> None:
    await search.collection("coll", [{"text": "quick fox", "tag": "red"}])
    await search.view("v", {"coll": {"fields": {"tag": {}}}})
    assert await search.query("FOR d IN v SEARCH d.tag == 'red' RETURN d.tag") == ["red"]
    assert await found(search, "fox") == []
    await search.ok("PATCH", "/_api/view/v/properties", {"links": {"coll": {
        "analyzers": ["text_en"], "includeAllFields": True}}})
    assert len(await found(search, "fox")) == 1
    await search.ok("PATCH", "/_api/view/v/properties", {"links": {"coll": None}})
    assert await found(search, "fox") == []
    await search.ok("DELETE", "/_api/view/v")
    status, _ = await search.call("POST", "/_api/document/coll", {"text": "fox"})
    assert status == 202


async def test_stream_transactions(search: Search) -> None:
    await search.collection("coll", [{"_key": "a", "text": "fox"}])
    await search.view("v", {"coll": {"analyzers": ["text_en"], "includeAllFields": True}})
    trx = (await search.ok("POST", "/_api/transaction/begin",
                           {"collections": {"write": ["coll"]}}))["result"]["id"]
    headers = {"x-arango-trx-id": trx}
    answer = await search.http.send_request(
        search.session, "POST", "http://emu:8529/_api/document/coll",
        headers=headers, data='{"_key": "b", "text": "foxes"}', auth=("root", ""))
    assert answer.status_code in (201, 202)
    answer = await search.http.send_request(
        search.session, "DELETE", "http://emu:8529/_api/document/coll/a",
        headers=headers, auth=("root", ""))
    assert answer.status_code in (200, 202)
    assert await found(search, "fox") == ["a"]  # not committed: the index is unchanged
    inside = await search.http.send_request(
        search.session, "POST", "http://emu:8529/_api/cursor", headers=headers,
        data='{"query": "FOR d IN v SEARCH ANALYZER(d.text == \'fox\', \'text_en\') '
             'RETURN d._key"}', auth=("root", ""))
    assert inside.body["result"] == []  # the transaction removed "a"; "b" is not indexed yet
    await search.ok("PUT", f"/_api/transaction/{trx}")
    assert await found(search, "fox") == ["b"]
    trx = (await search.ok("POST", "/_api/transaction/begin",
                           {"collections": {"write": ["coll"]}}))["result"]["id"]
    await search.http.send_request(
        search.session, "POST", "http://emu:8529/_api/document/coll",
        headers={"x-arango-trx-id": trx}, data='{"_key": "c", "text": "fox"}',
        auth=("root", ""))
    await search.ok("DELETE", f"/_api/transaction/{trx}")
    assert await found(search, "fox") == ["b"]


COMPARE = """
LET searched = (FOR d IN v SEARCH ANALYZER(d.text == @w, 'text_en') OR d.tag == @t
                  OR (d.n >= @lo AND d.n < @hi) SORT d._key RETURN d._key)
LET brute = (FOR d IN coll FILTER @w IN TOKENS(d.text, 'text_en') OR d.tag == @t
               OR (IS_NUMBER(d.n) AND d.n >= @lo AND d.n < @hi) SORT d._key RETURN d._key)
RETURN [searched, brute]
"""


def _doc(rng: random.Random) -> dict[str, Any]:
    doc: dict[str, Any] = {"text": " ".join(rng.choice(WORDS)
                                            for _ in range(rng.randint(1, 4)))}
    if rng.random() < 0.7:
        doc["tag"] = rng.choice(TAGS)
    if rng.random() < 0.7:
        doc["n"] = rng.randint(0, 20)
    return doc


async def _writer(db: StandardDatabase, seed: int, steps: int) -> None:
    rng = random.Random(seed)
    coll = db.collection("coll")
    for step in range(steps):
        key = f"k{rng.randint(0, 30)}"
        action = rng.random()
        try:
            if action < 0.35:
                await coll.insert({"_key": key, **_doc(rng)}, overwrite=True)
            elif action < 0.5:
                await coll.update({"_key": key, **_doc(rng)})
            elif action < 0.6:
                await coll.replace({"_key": key, **_doc(rng)})
            elif action < 0.75:
                await coll.delete(key, ignore_missing=True)
            elif action < 0.9:
                async with db.begin_transaction(write="coll") as trx:
                    tcoll = trx.collection("coll")
                    await tcoll.insert({"_key": f"t{seed}_{step}", **_doc(rng)})
                    await tcoll.delete(key, ignore_missing=True)
                    if rng.random() < 0.3:
                        raise _Abort
            else:
                async with db.aql.execute(
                        "FOR d IN coll FILTER d.n < @n UPDATE d WITH {n: d.n + 1} IN coll",
                        bind_vars={"n": rng.randint(0, 20)}):
                    pass
        except _Abort:
            pass
        except Exception as error:  # a write-write conflict between writers is fine
            if getattr(error, "error_code", None) not in (1200, 1202):
                raise
        await anyio.lowlevel.checkpoint()


class _Abort(Exception):
    """Leave a transaction block by error: the transaction is aborted."""


async def _reader(db: StandardDatabase, seed: int, steps: int, checks: list[int]) -> None:
    rng = random.Random(seed)
    for _ in range(steps):
        low = rng.randint(0, 20)
        binds = {"w": rng.choice(["fox", "dog", "run", "quick", "cat"]),
                 "t": rng.choice(TAGS), "lo": low, "hi": low + rng.randint(0, 5)}
        async with db.aql.execute(COMPARE, bind_vars=binds) as cursor:
            searched, brute = await anext(aiter(cursor))
        assert searched == brute, binds
        checks.append(len(searched))
        await anyio.lowlevel.checkpoint()


async def test_randomized_against_brute_force() -> None:
    """Seeded writers (single writes, transactions that commit or abort, AQL updates) run
    beside a reader; every read compares SEARCH with FILTER in one query (one snapshot)."""
    emu = Emulator()
    async with ArangoClient(hosts="http://emu:8529", http_client=emu.http_client()) as client:
        db = await client.db("_system", username="root", password="")
        await db.create_collection("coll")
        await db.create_arangosearch_view("v", {"links": {"coll": {
            "includeAllFields": True, "fields": {"text": {"analyzers": ["text_en"]}}}}})
        checks: list[int] = []
        with anyio.fail_after(60):
            async with anyio.create_task_group() as tg:
                for seed in range(3):
                    tg.start_soon(_writer, db, seed, 60)
                tg.start_soon(_reader, db, 99, 60, checks)
            await _reader(db, 100, 20, checks)
        assert len(checks) == 80 and any(checks)
