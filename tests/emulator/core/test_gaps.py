"""Former emulator gaps (docs/emulator-gaps.md), each now answered as ArangoDB 3.12 does:
background jobs, expiring transactions and cursors, dropped databases, server role, access
tokens, log and server administration, read-only mode, licenses, index ids, graph
collections, HEAD lengths and queue times."""

from __future__ import annotations

import time
from typing import Any

import anyio
import pytest

from arango_anyio.testing._aql.service import service
from tests.emulator.core.conftest import Api, error_of

pytestmark = pytest.mark.anyio

_SLOW_QUERY = {"query": "RETURN SLEEP(0.3)"}
_STORE = {"x-arango-async": "store"}


async def _wait_done(api: Api, job_id: str) -> None:
    for _ in range(200):
        if (await api.call("GET", f"/_api/job/{job_id}")).status_code == 200:
            return
        await anyio.sleep(0.01)
    raise AssertionError(f"job {job_id} never finished")


# -- wiring -------------------------------------------------------------------------------


async def test_async_with_emulator_runs_stored_jobs_in_the_background(api: Api) -> None:
    emu = api.emu
    async with emu as entered:
        assert entered is emu
        started = time.monotonic()
        accepted = await api.call("POST", "/_api/cursor", _SLOW_QUERY, headers=_STORE)
        assert accepted.status_code == 202 and time.monotonic() - started < 0.25
        job_id = accepted.header("x-arango-async-id")
        assert job_id
        assert (await api.call("GET", f"/_api/job/{job_id}")).status_code == 204  # pending
        await _wait_done(api, job_id)
        result = await api.call("PUT", f"/_api/job/{job_id}")
        assert result.status_code == 201 and result.body["result"] == [None]


async def test_without_the_block_a_job_is_done_before_its_202(api: Api) -> None:
    accepted = await api.call("POST", "/_api/cursor", {"query": "RETURN 1"}, headers=_STORE)
    assert accepted.status_code == 202
    job_id = accepted.header("x-arango-async-id")
    assert (await api.call("GET", f"/_api/job/{job_id}")).status_code == 200


async def test_leaving_the_block_cancels_unfinished_jobs(api: Api) -> None:
    async with api.emu:
        accepted = await api.call("POST", "/_api/cursor", {"query": "RETURN SLEEP(30)"},
                                  headers=_STORE)
        job_id = accepted.header("x-arango-async-id")
    assert error_of(await api.call("PUT", f"/_api/job/{job_id}")) == (410, 21)


async def test_expire_transactions_makes_every_open_transaction_unknown(api: Api) -> None:
    await api.ok("POST", "/_api/collection", {"name": "c"})
    tids = [(await api.ok("POST", "/_api/transaction/begin",
                          {"collections": {"write": ["c"]}}))["result"]["id"]
            for _ in range(2)]
    api.emu.faults.expire_transactions()
    assert api.emu.faults.counts["expire_transactions"] == 1
    for tid in tids:
        used = await api.call("POST", "/_api/document/c", {"a": 1},
                              headers={"x-arango-trx-id": tid})
        assert error_of(used) == (404, 1655)
    assert api.emu.store.transactions.expire_all() == 0  # nothing left running
    assert (await api.ok("GET", "/_api/transaction"))["transactions"] == []


async def test_expire_cursors_drops_open_cursors(api: Api) -> None:
    first = await api.ok("POST", "/_api/cursor", {"query": "FOR i IN 1..5 RETURN i",
                                                   "batchSize": 2})
    api.emu.faults.expire_cursors()
    assert error_of(await api.call("POST", f"/_api/cursor/{first['id']}")) == (404, 1600)


async def test_max_queue_time_is_refused_when_the_queue_is_longer(api: Api) -> None:
    api.emu.faults.set_queue_time(2.0)
    refused = await api.call("GET", "/_api/version",
                             headers={"x-arango-max-queue-time-seconds": "0.5"})
    assert error_of(refused) == (412, 21004)
    assert refused.header("x-arango-queue-time-seconds") == "2.000000"
    fine = await api.call("GET", "/_api/version",
                          headers={"x-arango-max-queue-time-seconds": "5"})
    assert fine.status_code == 200


async def test_dropping_a_database_forgets_its_aql_state(api: Api) -> None:
    await api.ok("POST", "/_api/database", {"name": "gone"})
    scoped = api.on_host(api.host)
    await scoped.ok("POST", "/_db/gone/_api/aqlfunction",
                    {"name": "my::double", "code": "function (x) { return x * 2; }"})
    cursor = await scoped.ok("POST", "/_db/gone/_api/cursor",
                             {"query": "FOR i IN 1..5 RETURN i", "batchSize": 1})
    assert cursor["id"] in service(api.emu).cursors
    await api.ok("DELETE", "/_api/database/gone")
    state = service(api.emu)
    assert "gone" not in state.functions and cursor["id"] not in state.cursors
    await api.ok("POST", "/_api/database", {"name": "gone"})
    assert (await api.ok("GET", "/_db/gone/_api/aqlfunction"))["result"] == []


# -- server role ----------------------------------------------------------------------------


async def test_role_is_single_for_one_coordinator_and_coordinator_for_several(
        api: Api) -> None:
    version = await api.ok("GET", "/_api/version?details=true")
    assert version["details"]["role"] == "SINGLE"
    assert (await api.ok("GET", "/_admin/server/role"))["role"] == "SINGLE"
    api.emu.endpoints.update({"c0": "http://127.0.0.1:1", "c1": "http://127.0.0.1:2"})
    assert (await api.ok("GET", "/_admin/server/role"))["role"] == "COORDINATOR"
    version = await api.ok("GET", "/_api/version?details=true")
    assert version["details"]["role"] == "COORDINATOR"
    assert (await api.ok("GET", "/_admin/server/id"))["id"].startswith("CRDN-")


async def test_server_id_on_a_single_server_is_refused(api: Api) -> None:
    assert error_of(await api.call("GET", "/_admin/server/id")) == (500, 500)


# -- access tokens ---------------------------------------------------------------------------


def _token_body(name: str) -> dict[str, Any]:
    return {"name": name, "valid_until": int(time.time()) + 3600}


async def test_a_duplicate_token_name_is_a_conflict(api: Api) -> None:
    await api.ok("POST", "/_api/user", {"user": "svc", "passwd": "pw"})
    await api.ok("POST", "/_api/token/svc", _token_body("ci"))
    assert error_of(await api.call("POST", "/_api/token/svc", _token_body("ci"))) == (409, 1207)
    await api.ok("POST", "/_api/token/root", _token_body("ci"))  # other user: fine
    assert len((await api.ok("GET", "/_api/token/svc"))["tokens"]) == 1


async def test_token_ids_are_unique_and_never_reused(api: Api) -> None:
    await api.ok("POST", "/_api/user", {"user": "svc", "passwd": "pw"})
    first = await api.ok("POST", "/_api/token/svc", _token_body("a"))
    second = await api.ok("POST", "/_api/token/svc", _token_body("b"))
    await api.ok("DELETE", f"/_api/token/svc/{second['id']}")
    third = await api.ok("POST", "/_api/token/svc", _token_body("c"))
    other = await api.ok("POST", "/_api/token/root", _token_body("a"))
    ids = [first["id"], second["id"], third["id"], other["id"]]
    assert len(set(ids)) == 4
    listed = [t["id"] for t in (await api.ok("GET", "/_api/token/svc"))["tokens"]]
    assert listed == [first["id"], third["id"]]


async def test_deleting_an_unknown_token_succeeds_but_an_unknown_user_is_404(
        api: Api) -> None:
    await api.ok("POST", "/_api/user", {"user": "svc", "passwd": "pw"})
    token = await api.ok("POST", "/_api/token/svc", _token_body("keep"))
    gone = await api.call("DELETE", "/_api/token/svc/99999")
    assert gone.status_code == 200
    assert [t["id"] for t in (await api.ok("GET", "/_api/token/svc"))["tokens"]] == \
        [token["id"]]
    assert error_of(await api.call("DELETE", "/_api/token/nobody/1")) == (404, 1703)


async def test_a_removed_user_takes_its_tokens_along(api: Api) -> None:
    await api.ok("POST", "/_api/user", {"user": "svc", "passwd": "pw"})
    await api.ok("POST", "/_api/token/svc", _token_body("ci"))
    await api.ok("DELETE", "/_api/user/svc")
    await api.ok("POST", "/_api/user", {"user": "svc", "passwd": "pw"})
    assert (await api.ok("GET", "/_api/token/svc"))["tokens"] == []
    await api.ok("POST", "/_api/token/svc", _token_body("ci"))  # the name is free again


# -- logs and server administration -------------------------------------------------------------


async def test_reset_log_levels_goes_back_to_the_startup_levels(api: Api) -> None:
    startup = await api.ok("GET", "/_admin/log/level")
    await api.ok("PUT", "/_admin/log/level", {"all": "DEBUG"})
    reset = await api.call("DELETE", "/_admin/log/level")
    assert reset.status_code == 200 and reset.body == startup
    assert await api.ok("GET", "/_admin/log/level") == startup


async def test_structured_log_settings_list_only_the_enabled_parameters(api: Api) -> None:
    assert await api.ok("GET", "/_admin/log/structured") == {}
    changed = await api.ok("PUT", "/_admin/log/structured",
                           {"database": True, "username": True, "bogus": True})
    assert changed == {"database": True, "username": True}
    assert await api.ok("GET", "/_admin/log/structured") == changed
    turned_off = await api.ok("PUT", "/_admin/log/structured", {"username": False, "url": 1})
    assert turned_off == {"database": True}


async def test_api_calls_lists_recent_requests_newest_first(api: Api) -> None:
    await api.ok("GET", "/_api/version")
    body = await api.ok("GET", "/_admin/server/api-calls")
    assert body["error"] is False and body["code"] == 200
    calls = body["result"]["calls"]
    assert calls[0]["path"] == "/_admin/server/api-calls"
    assert calls[1] == {"timeStamp": calls[1]["timeStamp"], "requestType": "GET",
                        "path": "/_api/version", "database": "_system"}


async def test_log_administration_needs_an_admin(api: Api) -> None:
    await api.ok("POST", "/_api/user", {"user": "bob", "passwd": "pw"})
    await api.ok("PUT", "/_api/user/bob/database/_system", {"grant": "ro"})
    bob = api.as_user("bob", "pw")
    for method, path in (("DELETE", "/_admin/log/level"), ("GET", "/_admin/log/structured"),
                         ("GET", "/_admin/server/api-calls"), ("GET", "/_admin/log"),
                         ("PUT", "/_admin/server/mode")):
        body = {"mode": "readonly"} if path.endswith("mode") else None
        assert error_of(await bob.call(method, path, body)) == (403, 11), path


async def test_deprecated_log_and_target_version(api: Api) -> None:
    log = await api.ok("GET", "/_admin/log?upto=warning")
    assert log == {"lid": [], "level": [], "timestamp": [], "text": [], "topic": [],
                   "totalAmount": 0}
    assert error_of(await api.call("GET", "/_admin/log?level=loud")) == (400, 400)
    version = (await api.ok("GET", "/_api/version"))["version"]
    major, minor, patch = (int(p) for p in version.split("."))
    target = await api.ok("GET", "/_admin/database/target-version")
    assert target == {"version": str(major * 10000 + minor * 100 + patch)}


async def test_set_license(api: Api) -> None:
    installed = await api.call("PUT", "/_admin/license", raw='"ZXlKbmNtRnVkQ0k2Li4u"')
    assert installed.status_code == 201
    assert installed.body == {"result": {"error": False, "code": 201}}
    assert error_of(await api.call("PUT", "/_admin/license", raw='"not a license!"')) == (
        400, 9001)


# -- read-only mode ---------------------------------------------------------------------------


async def test_read_only_mode_refuses_writes_and_definition_changes(api: Api) -> None:
    await api.ok("POST", "/_api/collection", {"name": "c"})
    await api.ok("POST", "/_api/document/c", {"_key": "k", "a": 1})
    switched = await api.ok("PUT", "/_admin/server/mode", {"mode": "readonly"})
    assert switched == {"error": False, "code": 200, "mode": "readonly"}
    assert (await api.ok("GET", "/_admin/server/mode"))["mode"] == "readonly"
    assert (await api.ok("GET", "/_admin/status"))["serverInfo"]["readOnly"] is True
    assert error_of(await api.call("GET", "/_admin/server/availability")) == (503, 1004)
    # data: 403/1004
    assert error_of(await api.call("POST", "/_api/document/c", {"a": 2})) == (403, 1004)
    assert error_of(await api.call("PATCH", "/_api/document/c/k", {"a": 3})) == (403, 1004)
    assert error_of(await api.call("DELETE", "/_api/document/c/k")) == (403, 1004)
    assert error_of(await api.call("POST", "/_api/cursor",
                                   {"query": "INSERT {} INTO c"})) == (403, 1004)
    assert error_of(await api.call("PUT", "/_api/collection/c/truncate")) == (403, 1004)
    # definitions: 403/11
    assert error_of(await api.call("POST", "/_api/collection", {"name": "d"})) == (403, 11)
    assert error_of(await api.call("DELETE", "/_api/collection/c")) == (403, 11)
    assert error_of(await api.call("POST", "/_api/database", {"name": "x"})) == (403, 11)
    assert error_of(await api.call("POST", "/_api/index?collection=c",
                                   {"type": "persistent", "fields": ["a"]})) == (403, 11)
    # reads still work
    assert (await api.ok("GET", "/_api/document/c/k"))["a"] == 1
    found = await api.ok("POST", "/_api/cursor", {"query": "FOR d IN c RETURN d.a"})
    assert found["result"] == [1]
    # and back
    assert (await api.ok("PUT", "/_admin/server/mode", {"mode": "default"}))["mode"] == \
        "default"
    await api.ok("POST", "/_api/document/c", {"a": 2})
    assert (await api.ok("GET", "/_admin/server/availability"))["mode"] == "default"


async def test_read_only_mode_and_graphs(api: Api) -> None:
    await api.ok("POST", "/_api/gharial", {
        "name": "g", "edgeDefinitions": [{"collection": "e", "from": ["v"], "to": ["v"]}]})
    await api.ok("POST", "/_api/gharial/g/vertex/v", {"_key": "a"})
    await api.ok("PUT", "/_admin/server/mode", {"mode": "readonly"})
    assert error_of(await api.call("POST", "/_api/gharial/g/vertex/v", {"_key": "b"})) == (
        403, 1004)
    assert error_of(await api.call("DELETE", "/_api/gharial/g/vertex/v/a")) == (403, 1004)
    assert error_of(await api.call("POST", "/_api/gharial/g/vertex", {"collection": "w"})) \
        == (403, 11)
    assert error_of(await api.call("DELETE", "/_api/gharial/g/edge/e")) == (403, 11)
    assert error_of(await api.call("DELETE", "/_api/gharial/g")) == (403, 11)
    assert (await api.ok("GET", "/_api/gharial/g/vertex/v/a"))["vertex"]["_key"] == "a"


async def test_server_mode_rejects_an_unknown_mode(api: Api) -> None:
    assert error_of(await api.call("PUT", "/_admin/server/mode", {"mode": "sleepy"}))[0] == 400
    assert (await api.ok("GET", "/_admin/server/mode"))["mode"] == "default"


# -- index ids, graph collections, HEAD ------------------------------------------------------


async def test_index_ids_carry_the_collection_name(api: Api) -> None:
    await api.ok("POST", "/_api/collection", {"name": "things"})
    created = await api.ok("POST", "/_api/index?collection=things",
                           {"type": "persistent", "fields": ["a"]})
    collection, _, number = created["id"].partition("/")
    assert collection == "things" and number.isdigit()
    listed = await api.ok("GET", "/_api/index?collection=things")
    assert [ix["id"] for ix in listed["indexes"]] == ["things/0", created["id"]]
    assert set(listed["identifiers"]) == {"things/0", created["id"]}
    assert (await api.ok("GET", f"/_api/index/things/{number}"))["id"] == created["id"]
    assert (await api.ok("GET", "/_api/index/things/0"))["id"] == "things/0"
    dropped = await api.ok("DELETE", f"/_api/index/things/{number}")
    assert dropped["id"] == created["id"]


async def test_a_collection_of_a_graph_cannot_be_dropped(api: Api) -> None:
    await api.ok("POST", "/_api/gharial", {
        "name": "g", "orphanCollections": ["lonely"],
        "edgeDefinitions": [{"collection": "knows", "from": ["people"], "to": ["people"]}]})
    for name, kind in (("knows", "an edge"), ("people", "a vertex"), ("lonely", "an orphan")):
        refused = await api.call("DELETE", f"/_api/collection/{name}")
        assert error_of(refused) == (500, 1942)
        assert refused.body["errorMessage"] == (
            f"must not drop collection while part of graph: collection '{name}' is {kind} "
            "collection inside graph 'g'")
    await api.ok("GET", "/_api/collection/knows")
    await api.ok("DELETE", "/_api/gharial/g")
    for name in ("knows", "people", "lonely"):
        await api.ok("DELETE", f"/_api/collection/{name}")


async def test_head_announces_the_length_of_the_get_answer(api: Api) -> None:
    await api.ok("POST", "/_api/collection", {"name": "c"})
    await api.ok("POST", "/_api/document/c", {"_key": "k", "text": "x" * 50})
    get = await api.call("GET", "/_api/document/c/k")
    head = await api.call("HEAD", "/_api/document/c/k")
    assert head.status_code == 200 and not head.raw_body
    length = len(get.raw_body) if isinstance(get.raw_body, bytes) else \
        len(get.raw_body.encode())
    assert head.header("content-length") == str(length)
    stale = await api.call("HEAD", "/_api/document/c/k", headers={"if-match": '"nope"'})
    assert stale.status_code == 412 and not stale.raw_body
    assert int(stale.header("content-length") or 0) > 0
