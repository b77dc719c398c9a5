"""Databases: create, list, current, drop, ``/_db/{name}/`` routing and ``_system`` rules."""

from __future__ import annotations

import pytest

from tests.emulator.core.conftest import Api, error_of

pytestmark = pytest.mark.anyio


async def test_create_list_drop(api: Api) -> None:
    body = await api.ok("POST", "/_api/database", {"name": "shop"})
    assert body == {"error": False, "code": 201, "result": True}
    assert (await api.ok("GET", "/_api/database"))["result"] == ["_system", "shop"]
    current = (await api.ok("GET", "/_db/shop/_api/database/current"))["result"]
    assert current["name"] == "shop" and current["isSystem"] is False
    assert (await api.ok("DELETE", "/_api/database/shop"))["result"] is True
    assert (await api.ok("GET", "/_api/database"))["result"] == ["_system"]


async def test_duplicate_and_invalid_names(api: Api) -> None:
    await api.ok("POST", "/_api/database", {"name": "dup"})
    assert error_of(await api.call("POST", "/_api/database", {"name": "dup"})) == (409, 1207)
    assert error_of(await api.call("POST", "/_api/database", {"name": "1bad"})) == (400, 1229)
    assert error_of(await api.call("POST", "/_api/database", {})) == (400, 1229)


async def test_unknown_database(api: Api) -> None:
    response = await api.call("GET", "/_db/nowhere/_api/version")
    assert error_of(response) == (404, 1228)
    assert response.error_message == "database not found"
    assert error_of(await api.call("DELETE", "/_api/database/nowhere")) == (404, 1228)


async def test_system_rules(api: Api) -> None:
    await api.ok("POST", "/_api/database", {"name": "other"})
    response = await api.call("POST", "/_db/other/_api/database", {"name": "x"})
    assert error_of(response) == (403, 1230)
    assert error_of(await api.call("GET", "/_db/other/_api/database")) == (403, 1230)
    assert error_of(await api.call("DELETE", "/_api/database/_system")) == (403, 1230)


async def test_database_isolation(api: Api) -> None:
    await api.ok("POST", "/_api/database", {"name": "a"})
    await api.ok("POST", "/_db/a/_api/collection", {"name": "c"})
    assert (await api.call("GET", "/_api/collection/c")).status_code == 404
    assert (await api.call("GET", "/_db/a/_api/collection/c")).status_code == 200


async def test_create_with_users(api: Api) -> None:
    await api.ok("POST", "/_api/database",
                 {"name": "team", "users": [{"username": "ann", "passwd": "pw"}]})
    ann = api.as_user("ann", "pw")
    assert (await ann.ok("GET", "/_db/team/_api/database/current"))["result"]["name"] == "team"
    assert (await ann.ok("GET", "/_db/team/_api/database/user"))["result"] == ["team"]
    # asked in a database she cannot use: refused, as the server does
    assert error_of(await ann.call("GET", "/_api/database/user")) == (401, 11)


async def test_version_engine_and_friends(api: Api) -> None:
    version = await api.ok("GET", "/_api/version?details=true")
    assert version["server"] == "arango" and "details" in version
    assert "details" not in await api.ok("GET", "/_api/version")
    assert (await api.ok("GET", "/_api/engine"))["name"] == "rocksdb"
    assert isinstance((await api.ok("GET", "/_admin/time"))["time"], float)
    assert (await api.ok("GET", "/_admin/server/role"))["role"] == "SINGLE"
    assert (await api.ok("GET", "/_admin/status"))["serverInfo"]["role"] == "SINGLE"
    assert "traditional" in (await api.ok("GET", "/_api/key-generators"))["keyGenerators"]


async def test_unknown_path_and_method(api: Api) -> None:
    assert error_of(await api.call("GET", "/_api/nothing-here")) == (404, 404)
    assert error_of(await api.call("PATCH", "/_api/version")) == (405, 405)
