"""Access checks as ArangoDB 3.12 makes them (``CommTask::prepareExecution`` and the
handlers): unknown databases, access tokens, what database access is enough for, superuser-only
calls."""

from __future__ import annotations

from typing import Any

import pytest

from arango_anyio.testing import Emulator
from tests.emulator.core.conftest import Api, error_of

pytestmark = pytest.mark.anyio


def _bearer(token: str) -> dict[str, str]:
    return {"authorization": f"bearer {token}"}


async def _user_with_db(api: Api, name: str = "u", level: str = "rw") -> Api:
    """A user with ``level`` on database ``shop`` and no access to ``_system``."""
    await api.ok("POST", "/_api/database", {"name": "shop"})
    await api.ok("POST", "/_api/user", {"user": name, "passwd": "pw"})
    await api.ok("PUT", f"/_api/user/{name}/database/shop", {"grant": level})
    return api.as_user(name, "pw")


async def test_unknown_database_is_401_unless_the_user_could_use_it(emu: Emulator,
                                                                   api: Api) -> None:
    user = await _user_with_db(api)
    # without credentials, or for a user without access: not a hint that it does not exist
    assert error_of(await api.call("GET", "/_db/nope/_api/collection", auth=False)) \
        == (401, 11)
    unknown = await user.call("GET", "/_db/nope/_api/collection")
    assert error_of(unknown) == (401, 11)
    assert unknown.error_message == "not authorized to execute this request"
    assert error_of(await api.call("GET", "/_db/nope/_api/collection",
                                   auth=("root", "wrong"))) == (401, 11)
    # root (a "*" grant) and superuser tokens learn that it does not exist
    assert error_of(await api.call("GET", "/_db/nope/_api/collection")) == (404, 1228)
    assert error_of(await api.call("GET", "/_db/nope/_api/collection", auth=False,
                                   headers=_bearer(emu.superuser_token()))) == (404, 1228)
    # a user with a "*" grant too
    await api.ok("PUT", "/_api/user/u/database/*", {"grant": "ro"})
    assert error_of(await user.call("GET", "/_db/nope/_api/collection")) == (404, 1228)
    # HEAD answers carry no body, the status tells
    assert (await api.call("HEAD", "/_db/nope/_api/document/c/k", auth=False)).status_code \
        == 401


async def test_availability_on_an_unknown_database_is_refused(api: Api) -> None:
    assert (await api.call("GET", "/_admin/server/availability", auth=False)).status_code \
        == 200
    refused = await api.call("GET", "/_db/nope/_admin/server/availability", auth=False)
    assert error_of(refused) == (401, 11)
    assert error_of(await api.call("GET", "/_db/nope/_admin/server/availability")) \
        == (404, 1228)


async def test_access_token_is_a_password_with_or_without_the_user_name(api: Api) -> None:
    await api.ok("POST", "/_api/user", {"user": "alice", "passwd": "pw"})
    await api.ok("PUT", "/_api/user/alice/database/_system", {"grant": "ro"})
    created = await api.ok("POST", "/_api/token/alice",
                           {"name": "ci", "valid_until": 4_000_000_000})
    token = created["token"]
    assert (await api.ok("GET", "/_api/version", auth=("", token)))["server"] == "arango"
    assert (await api.ok("GET", "/_api/version", auth=("alice", token)))["server"] == "arango"
    # the name must be the token's owner
    assert error_of(await api.call("GET", "/_api/version", auth=("root", token))) == (401, 11)
    assert error_of(await api.call("GET", "/_api/version", auth=("", "v1.unknown"))) \
        == (401, 11)
    login = await api.ok("POST", "/_open/auth", {"password": token}, auth=False)
    assert (await api.ok("GET", "/_api/user/alice", auth=False,
                         headers=_bearer(login["jwt"])))["user"] == "alice"
    wrong = await api.call("POST", "/_open/auth", {"password": "v1.nothing"}, auth=False)
    assert error_of(wrong) == (401, 401)


async def test_database_access_is_enough_for_monitoring_and_replication(api: Api) -> None:
    user = await _user_with_db(api, level="ro")
    for path in ("/_admin/metrics", "/_admin/metrics/v2", "/_admin/statistics",
                 "/_admin/statistics-description", "/_api/replication/logger-state"):
        assert (await user.call("GET", f"/_db/shop{path}")).status_code == 200, path
    properties = await user.ok("PUT", "/_db/shop/_api/query-cache/properties",
                               {"mode": "demand"})
    assert properties["mode"] == "demand"
    batch = await user.ok("POST", "/_db/shop/_api/replication/batch", {"ttl": 30})
    await user.ok("GET", f"/_db/shop/_api/replication/inventory?batchId={batch['id']}")
    # the WAL and the recorded API calls need administrate access to _system
    assert error_of(await user.call("GET", "/_db/shop/_api/wal/lastTick")) == (403, 11)
    assert error_of(await user.call("GET", "/_db/shop/_admin/server/api-calls")) == (403, 11)


async def test_replication_dump_needs_read_access_to_the_collection(api: Api) -> None:
    user = await _user_with_db(api)
    await api.ok("POST", "/_db/shop/_api/collection", {"name": "secret"})
    await api.ok("PUT", "/_api/user/u/database/shop/secret", {"grant": "none"})
    batch = await user.ok("POST", "/_db/shop/_api/replication/batch", {})
    dumped = await user.call(
        "GET", f"/_db/shop/_api/replication/dump?collection=secret&batchId={batch['id']}")
    assert error_of(dumped) == (403, 11)
    missing = await user.call("GET", f"/_db/shop/_api/replication/dump?batchId={batch['id']}")
    assert error_of(missing) == (404, 1203)


async def test_task_writes_need_rw_on_the_database(api: Api) -> None:
    writer = await _user_with_db(api, "writer", "rw")
    await api.ok("POST", "/_api/user", {"user": "reader", "passwd": "pw"})
    await api.ok("PUT", "/_api/user/reader/database/shop", {"grant": "ro"})
    reader = api.as_user("reader", "pw")
    task = {"name": "t", "command": "1;", "period": 5}
    created = await writer.ok("POST", "/_db/shop/_api/tasks", task)
    assert created["database"] == "shop" and created["type"] == "periodic"
    refused = await reader.call("POST", "/_db/shop/_api/tasks", task)
    assert error_of(refused) == (403, 11)
    assert refused.error_message == "registering a task needs db RW permissions"
    assert error_of(await reader.call("DELETE", f"/_db/shop/_api/tasks/{created['id']}")) \
        == (403, 11)
    assert len(await reader.ok("GET", "/_db/shop/_api/tasks")) == 1
    # another user's identity is not for the taking
    other = await writer.call("POST", "/_db/shop/_api/tasks", {**task, "runAsUser": "root"})
    assert error_of(other) == (403, 11)


async def test_posting_a_task_with_an_id_in_the_path_uses_the_body(api: Api) -> None:
    # the server ignores the path's id on POST: the body's id, or a new one
    named = await api.ok("POST", "/_api/tasks/ignored", {"id": "mine", "command": "1;"})
    assert named["id"] == "mine" and named["type"] == "timed"
    generated = await api.ok("POST", "/_api/tasks/ignored", {"command": "1;"})
    assert generated["id"] not in ("ignored", "mine")
    assert error_of(await api.call("POST", "/_api/tasks", {"id": "mine", "command": "1;"})) \
        == (409, 1851)


async def test_queries_of_all_databases_are_for_superusers_in_system(emu: Emulator,
                                                                    api: Api) -> None:
    superuser = _bearer(emu.superuser_token())
    await api.ok("POST", "/_api/database", {"name": "d1"})
    for method, path in (("GET", "/_api/query/current"), ("GET", "/_api/query/slow"),
                         ("DELETE", "/_api/query/slow")):
        refused = await api.call(method, f"{path}?all=true")  # root, but not a superuser
        assert error_of(refused) == (403, 11), path
        allowed = await api.call(method, f"{path}?all=true", auth=False, headers=superuser)
        assert allowed.status_code == 200, path
        elsewhere = await api.call(method, f"/_db/d1{path}?all=true", auth=False,
                                   headers=superuser)
        assert error_of(elsewhere) == (403, 1230), path
        assert (await api.call(method, path)).status_code == 200
    killed = await api.call("DELETE", "/_api/query/123?all=true")
    assert error_of(killed) == (403, 11)


async def test_full_grant_list_names_every_database(api: Api) -> None:
    await _user_with_db(api, level="ro")
    await api.ok("POST", "/_db/shop/_api/collection", {"name": "c"})
    full: dict[str, Any] = (await api.ok("GET", "/_api/user/u/database?full=true"))["result"]
    assert set(full) == {"_system", "shop", "*"}
    assert full["_system"]["permission"] == "undefined"
    assert full["shop"]["permission"] == "ro"
    assert full["shop"]["collections"]["c"] == "undefined"
    assert full["*"] == {"permission": "none"}
    assert (await api.ok("GET", "/_api/user/u/database"))["result"] == {"shop": "ro"}
