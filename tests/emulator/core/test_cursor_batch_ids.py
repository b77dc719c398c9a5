"""Cursor batch ids as ``RestCursorHandler`` answers them: the last batch carries no ``id``
nor ``nextBatchId`` (also when it may be re-read), the current batch may be fetched again only
with ``allowRetry`` (400/400 otherwise), any other batch id is 404/1600."""

from __future__ import annotations

from typing import Any

import pytest

from tests.emulator.core.conftest import Api, error_of

pytestmark = pytest.mark.anyio

QUERY = "FOR i IN 1..3 RETURN i"


async def _cursor(api: Api, allow_retry: bool) -> dict[str, Any]:
    body = {"query": QUERY, "batchSize": 1, "options": {"allowRetry": allow_retry}}
    first: dict[str, Any] = await api.ok("POST", "/_api/cursor", body)
    assert first["result"] == [1] and first["nextBatchId"] == "2"
    return first


async def test_retriable_cursor_rereads_and_ends_without_ids(api: Api) -> None:
    cid = (await _cursor(api, allow_retry=True))["id"]
    second = await api.ok("POST", f"/_api/cursor/{cid}/2")
    assert second["result"] == [2] and second["id"] == cid and second["nextBatchId"] == "3"
    assert await api.ok("POST", f"/_api/cursor/{cid}/2") == second  # re-read, not advanced
    last = await api.ok("POST", f"/_api/cursor/{cid}")
    assert last["result"] == [3] and last["hasMore"] is False
    assert "id" not in last and "nextBatchId" not in last
    again = await api.ok("POST", f"/_api/cursor/{cid}/3")  # still there to be re-read
    assert again == last
    assert error_of(await api.call("POST", f"/_api/cursor/{cid}/1")) == (404, 1600)
    assert (await api.call("DELETE", f"/_api/cursor/{cid}")).status_code == 202


async def test_current_batch_without_allow_retry_is_400(api: Api) -> None:
    cid = (await _cursor(api, allow_retry=False))["id"]
    refused = await api.call("POST", f"/_api/cursor/{cid}/1")
    assert error_of(refused) == (400, 400)
    assert refused.error_message == "expecting allowRetry option to be true"
    second = await api.ok("POST", f"/_api/cursor/{cid}/2")  # the next one is fine
    assert second["result"] == [2]
    assert error_of(await api.call("POST", f"/_api/cursor/{cid}/2")) == (400, 400)
    assert error_of(await api.call("POST", f"/_api/cursor/{cid}/7")) == (404, 1600)
    assert error_of(await api.call("POST", f"/_api/cursor/{cid}/x")) == (404, 1600)
    last = await api.ok("POST", f"/_api/cursor/{cid}")
    assert "id" not in last and last["hasMore"] is False
    # an exhausted cursor without allowRetry is gone
    assert error_of(await api.call("POST", f"/_api/cursor/{cid}")) == (404, 1600)
