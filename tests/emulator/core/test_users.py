"""Users and permissions: management API, grants, and their enforcement."""

from __future__ import annotations

import pytest

from tests.emulator.core.conftest import Api, error_of

pytestmark = pytest.mark.anyio


async def test_user_crud(api: Api) -> None:
    created = await api.call("POST", "/_api/user", {"user": "admin@example", "passwd": "s"})
    assert created.status_code == 201
    assert created.body == {"user": "admin@example", "active": True, "extra": {},
                            "code": 201, "error": False}
    dup = await api.call("POST", "/_api/user", {"user": "admin@example"})
    assert error_of(dup) == (409, 1702)
    fetched = await api.ok("GET", "/_api/user/admin@example")
    assert fetched["user"] == "admin@example"
    replaced = await api.ok("PUT", "/_api/user/admin@example",
                            {"passwd": "t", "extra": {"x": 1}})
    assert replaced["extra"] == {"x": 1}
    patched = await api.ok("PATCH", "/_api/user/admin@example", {"extra": {"y": 2}})
    assert patched["extra"] == {"x": 1, "y": 2}
    names = {u["user"] for u in (await api.ok("GET", "/_api/user"))["result"]}
    assert names == {"root", "admin@example"}
    deleted = await api.call("DELETE", "/_api/user/admin@example")
    assert deleted.status_code == 202 and deleted.body == {"error": False, "code": 202}
    assert error_of(await api.call("GET", "/_api/user/admin@example")) == (404, 1703)
    assert error_of(await api.call("POST", "/_api/user", {"user": ""})) == (400, 1700)


async def test_grants_api(api: Api) -> None:
    await api.ok("POST", "/_api/user", {"user": "a", "passwd": "pw"})
    await api.ok("POST", "/_api/collection", {"name": "reports"})
    assert await api.ok("PUT", "/_api/user/a/database/_system", {"grant": "rw"}) == {
        "_system": "rw", "code": 200, "error": False}
    assert (await api.ok("PUT", "/_api/user/a/database/_system/reports", {"grant": "ro"})) == {
        "_system/reports": "ro", "code": 200, "error": False}
    assert (await api.ok("GET", "/_api/user/a/database/_system"))["result"] == "rw"
    assert (await api.ok("GET", "/_api/user/a/database/_system/reports"))["result"] == "ro"
    assert (await api.ok("GET", "/_api/user/a/database/_system/_users"))["result"] == "none"
    assert (await api.ok("GET", "/_api/user/a/database/"))["result"] == {"_system": "rw"}
    full = (await api.ok("GET", "/_api/user/a/database?full=true"))["result"]
    assert full["_system"]["permission"] == "rw"
    assert full["_system"]["collections"]["reports"] == "ro"
    assert full["_system"]["collections"]["*"] == "undefined"
    assert full["*"] == {"permission": "none"}
    bad = await api.call("PUT", "/_api/user/a/database/_system", {"grant": "all"})
    assert bad.status_code == 400
    assert error_of(await api.call("PUT", "/_api/user/a/database/nope", {"grant": "rw"})) \
        == (404, 1228)
    await api.ok("DELETE", "/_api/user/a/database/_system/reports")
    assert (await api.ok("GET", "/_api/user/a/database/_system/reports"))["result"] == "rw"


async def test_database_access_enforced(api: Api) -> None:
    await api.ok("POST", "/_api/database", {"name": "shop"})
    await api.ok("POST", "/_db/shop/_api/collection", {"name": "c"})
    await api.ok("POST", "/_api/user", {"user": "u", "passwd": "pw"})
    user = api.as_user("u", "pw")
    response = await user.call("GET", "/_db/shop/_api/collection")
    assert error_of(response) == (401, 11)
    assert response.error_message == "not authorized to execute this request"
    # listing one's databases needs access to the database asked (as the server checks)
    assert error_of(await user.call("GET", "/_api/database/user")) == (401, 11)
    await api.ok("PUT", "/_api/user/u/database/shop", {"grant": "ro"})
    assert (await user.ok("GET", "/_db/shop/_api/database/user"))["result"] == ["shop"]
    await user.ok("GET", "/_db/shop/_api/collection/c")
    assert error_of(await user.call("POST", "/_db/shop/_api/document/c", {})) == (403, 11)
    assert error_of(await user.call("POST", "/_db/shop/_api/collection", {"name": "d"})) \
        == (403, 11)
    await api.ok("PUT", "/_api/user/u/database/shop", {"grant": "rw"})
    await user.ok("POST", "/_db/shop/_api/document/c", {})
    await user.ok("POST", "/_db/shop/_api/collection", {"name": "d"})


async def test_collection_access_enforced(api: Api) -> None:
    await api.ok("POST", "/_api/database", {"name": "shop"})
    for name in ("open", "secret", "readonly"):
        await api.ok("POST", "/_db/shop/_api/collection", {"name": name})
    await api.ok("POST", "/_api/user", {"user": "u", "passwd": "pw"})
    await api.ok("PUT", "/_api/user/u/database/shop", {"grant": "rw"})
    await api.ok("PUT", "/_api/user/u/database/shop/secret", {"grant": "none"})
    await api.ok("PUT", "/_api/user/u/database/shop/readonly", {"grant": "ro"})
    user = api.as_user("u", "pw")
    await user.ok("POST", "/_db/shop/_api/document/open", {"_key": "k"})
    assert error_of(await user.call("GET", "/_db/shop/_api/document/secret/k")) == (403, 11)
    assert error_of(await user.call("POST", "/_db/shop/_api/document/readonly", {})) == \
        (403, 11)
    await user.ok("GET", "/_db/shop/_api/collection/readonly/count")
    listed = (await user.ok("GET", "/_db/shop/_api/collection?excludeSystem=true"))["result"]
    assert sorted(c["name"] for c in listed) == ["open", "readonly"]
    response = await user.call("POST", "/_db/shop/_api/import?collection=readonly&type=list",
                               [{}])
    assert error_of(response) == (403, 11)


async def test_star_defaults(api: Api) -> None:
    await api.ok("POST", "/_api/database", {"name": "one"})
    await api.ok("POST", "/_db/one/_api/collection", {"name": "c"})
    await api.ok("POST", "/_api/user", {"user": "u", "passwd": "pw"})
    await api.ok("PUT", "/_api/user/u/database/*", {"grant": "ro"})
    user = api.as_user("u", "pw")
    await user.ok("GET", "/_db/one/_api/collection/c/count")
    assert error_of(await user.call("POST", "/_db/one/_api/document/c", {})) == (403, 11)
    await api.ok("PUT", "/_api/user/u/database/one/*", {"grant": "rw"})
    await user.ok("POST", "/_db/one/_api/document/c", {})


async def test_non_admin_cannot_manage(api: Api) -> None:
    await api.ok("POST", "/_api/user", {"user": "u", "passwd": "pw"})
    await api.ok("POST", "/_api/database", {"name": "mine"})
    await api.ok("PUT", "/_api/user/u/database/mine", {"grant": "rw"})
    user = api.as_user("u", "pw")
    assert error_of(await user.call("POST", "/_api/user", {"user": "x"})) == (401, 11)
    assert error_of(await user.call("POST", "/_db/mine/_api/user", {"user": "x"})) == (403, 11)
    assert error_of(await user.call("POST", "/_db/mine/_api/database", {"name": "x"})) == \
        (403, 1230)
    # a user may read and change itself
    assert (await user.ok("GET", "/_db/mine/_api/user/u"))["user"] == "u"
    await user.ok("PATCH", "/_api/user/u", {"passwd": "new"})
    assert (await api.as_user("u", "new").call("GET", "/_db/mine/_api/version")).status_code \
        == 200


async def test_access_tokens_work_as_passwords(api: Api) -> None:
    await api.ok("POST", "/_api/user", {"user": "svc", "passwd": "pw"})
    await api.ok("PUT", "/_api/user/svc/database/_system", {"grant": "ro"})
    created = await api.ok("POST", "/_api/token/svc",
                           {"name": "Token for Service A", "valid_until": 4102444800})
    assert created["id"] == 1 and created["token"].startswith("v1.")
    assert created["fingerprint"].startswith("v1...")
    listed = (await api.ok("GET", "/_api/token/svc"))["tokens"]
    assert listed[0]["name"] == "Token for Service A" and "token" not in listed[0]
    assert (await api.as_user("svc", created["token"]).call("GET", "/_api/version")) \
        .status_code == 200
    await api.ok("DELETE", "/_api/token/svc/1")
    assert (await api.as_user("svc", created["token"]).call("GET", "/_api/version")) \
        .status_code == 401
