"""The query results cache forgets a result once a collection it read changes: a document
write, a truncate, a drop and re-create, a committed stream transaction."""

from __future__ import annotations

from typing import Any

import pytest

from arango_anyio.testing import Emulator

from ._util import Api, api

pytestmark = pytest.mark.anyio

QUERY = "FOR d IN c SORT d._key RETURN d._key"


async def _run(client: Api) -> tuple[list[Any], bool]:
    status, body = await client.query(QUERY)
    assert status == 201, body
    return body["result"], body["cached"]


async def _entries(client: Api) -> int:
    status, body = await client.call("GET", "/_api/query-cache/entries")
    assert status == 200
    return len(body)


async def test_results_cache_invalidation() -> None:
    emu = Emulator(root_password="")
    async with api(emu) as (client,):
        await client.call("PUT", "/_api/query-cache/properties", {"mode": "on"})
        await client.call("POST", "/_api/collection", {"name": "c"})
        await client.call("POST", "/_api/collection", {"name": "other"})
        await client.call("POST", "/_api/document/c", {"_key": "a"})
        assert await _run(client) == (["a"], False)
        assert await _run(client) == (["a"], True)

        await client.call("POST", "/_api/document/other", {"_key": "x"})  # not read
        assert await _run(client) == (["a"], True)

        await client.call("POST", "/_api/document/c", {"_key": "b"})
        assert await _entries(client) == 0  # gone at once, not only when asked for again
        assert await _run(client) == (["a", "b"], False)

        await client.call("PATCH", "/_api/document/c/a", {"v": 1})
        assert await _run(client) == (["a", "b"], False)

        await client.call("PUT", "/_api/collection/c/truncate")
        assert await _run(client) == ([], False)
        assert await _run(client) == ([], True)

        await client.call("DELETE", "/_api/collection/c")
        await client.call("POST", "/_api/collection", {"name": "c"})
        assert await _run(client) == ([], False)

        status, trx = await client.call("POST", "/_api/transaction/begin",
                                        {"collections": {"write": ["c"]}})
        assert status == 201
        tid = trx["result"]["id"]
        await client.call("POST", "/_api/document/c", {"_key": "t"},
                          headers={"x-arango-trx-id": tid})
        assert await _run(client) == ([], True)  # not committed yet
        await client.call("PUT", f"/_api/transaction/{tid}")
        assert await _run(client) == (["t"], False)
