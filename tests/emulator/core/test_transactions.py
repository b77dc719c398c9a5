"""Stream transactions: isolation, commit/abort, conflicts, expiry, coordinators, listing."""

from __future__ import annotations

import pytest

from arango_anyio.testing import Emulator
from tests.emulator.core.conftest import Api, error_of

pytestmark = pytest.mark.anyio


async def _begin(api: Api, write: list[str] | str = "c", read: list[str] | None = None) -> str:
    response = await api.call("POST", "/_api/transaction/begin",
                              {"collections": {"write": write, "read": read or []}})
    assert response.status_code == 201, response.body
    assert response.body["result"]["status"] == "running"
    return str(response.body["result"]["id"])


@pytest.fixture
async def c(api: Api) -> Api:
    await api.ok("POST", "/_api/collection", {"name": "c"})
    return api


async def test_isolation_and_commit(c: Api) -> None:
    tid = await _begin(c)
    trx = {"x-arango-trx-id": tid}
    await c.ok("POST", "/_api/document/c", {"_key": "a", "v": 1}, headers=trx)
    assert (await c.call("GET", "/_api/document/c/a")).status_code == 404
    assert (await c.ok("GET", "/_api/document/c/a", headers=trx))["v"] == 1
    assert (await c.ok("GET", "/_api/collection/c/count"))["count"] == 0
    assert (await c.ok("GET", "/_api/collection/c/count", headers=trx))["count"] == 1
    committed = await c.ok("PUT", f"/_api/transaction/{tid}")
    assert committed["result"] == {"id": tid, "status": "committed"}
    assert (await c.ok("GET", "/_api/document/c/a"))["v"] == 1
    status = await c.ok("GET", f"/_api/transaction/{tid}")
    assert status["result"]["status"] == "committed"


async def test_abort_discards(c: Api) -> None:
    await c.ok("POST", "/_api/document/c", {"_key": "keep", "v": 1})
    tid = await _begin(c)
    trx = {"x-arango-trx-id": tid}
    await c.ok("POST", "/_api/document/c", {"_key": "new"}, headers=trx)
    await c.ok("PATCH", "/_api/document/c/keep", {"v": 2}, headers=trx)
    await c.ok("DELETE", "/_api/document/c/keep", headers=trx)
    assert (await c.call("GET", "/_api/document/c/keep", headers=trx)).status_code == 404
    aborted = await c.ok("DELETE", f"/_api/transaction/{tid}")
    assert aborted["result"]["status"] == "aborted"
    assert (await c.ok("GET", "/_api/document/c/keep"))["v"] == 1
    assert (await c.call("GET", "/_api/document/c/new")).status_code == 404


async def test_write_write_conflict(c: Api) -> None:
    await c.ok("POST", "/_api/document/c", {"_key": "k"})
    first, second = await _begin(c), await _begin(c)
    await c.ok("PATCH", "/_api/document/c/k", {"v": 1}, headers={"x-arango-trx-id": first})
    response = await c.call("PATCH", "/_api/document/c/k", {"v": 2},
                            headers={"x-arango-trx-id": second})
    assert error_of(response) == (409, 1200)
    outside = await c.call("PATCH", "/_api/document/c/k", {"v": 3})
    assert error_of(outside) == (409, 1200)
    await c.ok("PUT", f"/_api/transaction/{first}")
    # snapshot isolation: k changed after second's snapshot, so second may not write it
    late = await c.call("PATCH", "/_api/document/c/k", {"v": 4},
                        headers={"x-arango-trx-id": second})
    assert error_of(late) == (409, 1200)
    third = await _begin(c)
    await c.ok("PATCH", "/_api/document/c/k", {"v": 5}, headers={"x-arango-trx-id": third})


async def test_unknown_and_finished_ids(c: Api) -> None:
    response = await c.call("GET", "/_api/transaction/123456789")
    assert error_of(response) == (404, 1655)
    assert response.error_message == "transaction '123456789' not found"
    bad = await c.call("POST", "/_api/document/c", {}, headers={"x-arango-trx-id": "999"})
    assert error_of(bad) == (404, 1655)
    tid = await _begin(c)
    await c.ok("DELETE", f"/_api/transaction/{tid}")
    used = await c.call("POST", "/_api/document/c", {}, headers={"x-arango-trx-id": tid})
    assert error_of(used) == (404, 1655)
    assert error_of(await c.call("PUT", f"/_api/transaction/{tid}")) == (409, 1653)
    await c.ok("DELETE", f"/_api/transaction/{tid}")  # aborting twice is fine


async def test_begin_errors(c: Api) -> None:
    response = await c.call("POST", "/_api/transaction/begin",
                            {"collections": {"write": "nope"}})
    assert error_of(response) == (404, 1203)
    assert (await c.call("POST", "/_api/transaction/begin", {})).status_code == 400


async def test_write_to_read_only_collection_is_refused(c: Api) -> None:
    await c.ok("POST", "/_api/collection", {"name": "r"})
    tid = await _begin(c, write=[], read=["r"])
    response = await c.call("POST", "/_api/document/r", {}, headers={"x-arango-trx-id": tid})
    assert error_of(response)[1] == 1652


async def test_idle_timeout_aborts(c: Api, emu: Emulator) -> None:
    emu.transaction_idle_timeout = 0.0
    tid = await _begin(c)
    status = await c.ok("GET", f"/_api/transaction/{tid}")
    assert status["result"]["status"] == "aborted"


async def test_other_coordinator_gets_404(c: Api) -> None:
    tid = await _begin(c)
    other = c.on_host("http://emu2:8529")
    response = await other.call("GET", f"/_api/transaction/{tid}")
    assert error_of(response) == (404, 1655)
    response = await other.call("POST", "/_api/document/c", {},
                                headers={"x-arango-trx-id": tid})
    assert error_of(response) == (404, 1655)
    await c.ok("PUT", f"/_api/transaction/{tid}")


async def test_list_running(c: Api) -> None:
    tid = await _begin(c)
    listed = await c.ok("GET", "/_api/transaction")
    assert listed == {"transactions": [{"id": tid, "state": "running"}]}
    await c.ok("PUT", f"/_api/transaction/{tid}")
    assert (await c.ok("GET", "/_api/transaction"))["transactions"] == []


async def test_unique_index_inside_transaction(c: Api) -> None:
    await c.ok("POST", "/_api/index?collection=c",
               {"type": "persistent", "fields": ["u"], "unique": True})
    await c.ok("POST", "/_api/document/c", {"_key": "a", "u": 1})
    tid = await _begin(c)
    trx = {"x-arango-trx-id": tid}
    assert error_of(await c.call("POST", "/_api/document/c", {"u": 1}, headers=trx)) == \
        (409, 1210)
    await c.ok("PATCH", "/_api/document/c/a", {"u": 2}, headers=trx)
    await c.ok("POST", "/_api/document/c", {"_key": "b", "u": 1}, headers=trx)
    assert error_of(await c.call("POST", "/_api/document/c", {"u": 2}, headers=trx)) == \
        (409, 1210)
    await c.ok("PUT", f"/_api/transaction/{tid}")
    assert (await c.ok("GET", "/_api/document/c/b"))["u"] == 1


async def test_truncate_and_multi_in_transaction(c: Api) -> None:
    await c.ok("POST", "/_api/document/c", [{"_key": "1"}, {"_key": "2"}])
    tid = await _begin(c)
    trx = {"x-arango-trx-id": tid}
    await c.ok("PUT", "/_api/collection/c/truncate", headers=trx)
    assert (await c.ok("GET", "/_api/collection/c/count", headers=trx))["count"] == 0
    assert (await c.ok("GET", "/_api/collection/c/count"))["count"] == 2
    await c.ok("PUT", f"/_api/transaction/{tid}")
    assert (await c.ok("GET", "/_api/collection/c/count"))["count"] == 0


async def test_javascript_transactions_are_501(c: Api) -> None:
    response = await c.call("POST", "/_api/transaction",
                            {"collections": {"write": "c"}, "action": "function () {}"})
    assert error_of(response) == (501, 9)


async def test_allow_implicit_false(c: Api) -> None:
    await c.ok("POST", "/_api/collection", {"name": "other"})
    begin = await c.ok("POST", "/_api/transaction/begin",
                       {"collections": {"write": "c"}, "allowImplicit": False})
    trx = {"x-arango-trx-id": begin["result"]["id"]}
    response = await c.call("GET", "/_api/collection/other/count", headers=trx)
    assert response.error_code == 1652
    await c.ok("GET", "/_api/collection/c/count", headers=trx)


async def test_expired_transaction_releases_locks(c: Api, emu: Emulator) -> None:
    await c.ok("POST", "/_api/document/c", {"_key": "k"})
    tid = await _begin(c)
    await c.ok("PATCH", "/_api/document/c/k", {"v": 1}, headers={"x-arango-trx-id": tid})
    emu.transaction_idle_timeout = 0.0
    await c.ok("PATCH", "/_api/document/c/k", {"v": 2})
    assert (await c.ok("GET", "/_api/document/c/k"))["v"] == 2
    response = await c.call("GET", "/_api/document/c/k", headers={"x-arango-trx-id": tid})
    assert error_of(response) == (404, 1655)
