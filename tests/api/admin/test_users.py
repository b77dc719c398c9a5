"""Users, permissions (and their enforcement) and access tokens against the emulator."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator

import pytest

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.exceptions import (
    AccessTokenCreateError,
    DatabasePropertiesError,
    DocumentInsertError,
    InvalidArgumentError,
    PermissionUpdateError,
    ServerConnectionError,
    UserCreateError,
    UserDeleteError,
    UserGetError,
    UserReplaceError,
    UserUpdateError,
)

pytestmark = pytest.mark.anyio


def _name(prefix: str = "user") -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


@pytest.fixture
async def user(sys_db: StandardDatabase) -> AsyncIterator[str]:
    """A fresh user with password ``pw`` and no grants."""
    name = _name()
    await sys_db.create_user(name, "pw")
    yield name
    await sys_db.delete_user(name, ignore_missing=True)


# -- users ------------------------------------------------------------------------------------


async def test_create_user_and_read_it(sys_db: StandardDatabase) -> None:
    name = _name()
    created = await sys_db.create_user(name, "pw", active=True, extra={"team": "ops"})
    try:
        assert created == {"username": name, "active": True, "extra": {"team": "ops"}}
        assert await sys_db.user(name) == created
        assert await sys_db.has_user(name) is True
        assert created in await sys_db.users()
        assert {"username", "active", "extra"} == set((await sys_db.users())[0])
    finally:
        await sys_db.delete_user(name)
    assert await sys_db.has_user(name) is False


async def test_create_user_defaults(sys_db: StandardDatabase) -> None:
    name = _name()
    created = await sys_db.create_user(name)
    try:
        assert created == {"username": name, "active": True, "extra": {}}
    finally:
        await sys_db.delete_user(name)


async def test_create_duplicate_user(sys_db: StandardDatabase, user: str) -> None:
    with pytest.raises(UserCreateError) as info:
        await sys_db.create_user(user, "other")
    assert (info.value.http_code, info.value.error_code) == (409, 1702)


async def test_create_user_bad_arguments(sys_db: StandardDatabase) -> None:
    with pytest.raises(InvalidArgumentError):
        await sys_db.create_user("")
    with pytest.raises(InvalidArgumentError):
        await sys_db.create_user(_name(), password=123)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError):
        await sys_db.create_user(_name(), extra=["not", "a", "dict"])  # type: ignore[arg-type]


async def test_user_missing(sys_db: StandardDatabase) -> None:
    with pytest.raises(UserGetError) as info:
        await sys_db.user(_name())
    assert (info.value.http_code, info.value.error_code) == (404, 1703)


async def test_update_user(client: ArangoClient, sys_db: StandardDatabase, user: str) -> None:
    await sys_db.update_permission(user, "ro", "_system")
    await sys_db.update_user(user, extra={"a": 1})
    updated = await sys_db.update_user(user, extra={"b": 2})
    assert updated["extra"] == {"a": 1, "b": 2}  # PATCH merges extra
    assert (await sys_db.update_user(user, active=False))["active"] is False
    await sys_db.update_user(user, password="new", active=True)
    await client.db("_system", username=user, password="new", verify=True)
    with pytest.raises(ServerConnectionError) as info:
        await client.db("_system", username=user, password="pw", verify=True)
    assert info.value.http_code == 401
    with pytest.raises(UserUpdateError) as missing:
        await sys_db.update_user(_name(), active=True)
    assert missing.value.error_code == 1703


async def test_replace_user(client: ArangoClient, sys_db: StandardDatabase, user: str) -> None:
    await sys_db.update_permission(user, "ro", "_system")
    await sys_db.update_user(user, extra={"a": 1})
    replaced = await sys_db.replace_user(user, "pw2", active=True, extra={"b": 2})
    assert replaced == {"username": user, "active": True, "extra": {"b": 2}}
    await client.db("_system", username=user, password="pw2", verify=True)
    with pytest.raises(UserReplaceError) as missing:
        await sys_db.replace_user(_name(), "x")
    assert missing.value.http_code == 404


async def test_delete_user(sys_db: StandardDatabase, user: str) -> None:
    assert await sys_db.delete_user(user) is True
    assert await sys_db.delete_user(user, ignore_missing=True) is False
    with pytest.raises(UserDeleteError) as info:
        await sys_db.delete_user(user)
    assert (info.value.http_code, info.value.error_code) == (404, 1703)


async def test_inactive_user_cannot_log_in(client: ArangoClient, sys_db: StandardDatabase,
                                           user: str) -> None:
    await sys_db.update_permission(user, "rw", "_system")
    await client.db("_system", username=user, password="pw", verify=True)
    await sys_db.update_user(user, active=False)
    with pytest.raises(ServerConnectionError) as info:
        await client.db("_system", username=user, password="pw", verify=True)
    assert info.value.http_code == 401


async def test_user_management_needs_admin(client: ArangoClient, sys_db: StandardDatabase,
                                           db: StandardDatabase, user: str) -> None:
    await sys_db.update_permission(user, "rw", db.name)
    as_user = await client.db(db.name, username=user, password="pw")
    # Without administrate access to _system a user sees only themselves (as the server).
    assert await as_user.users() == [{"username": user, "active": True, "extra": {}}]
    assert await as_user.has_user("root") is False
    assert (await as_user.user(user))["username"] == user
    with pytest.raises(UserGetError) as info:
        await as_user.user("root")
    assert info.value.http_code in (401, 403)
    with pytest.raises(UserCreateError) as create:
        await as_user.create_user(_name(), "x")
    assert (create.value.http_code, create.value.error_code) == (403, 11)


# -- permissions ------------------------------------------------------------------------------


async def test_permission_lifecycle(sys_db: StandardDatabase, db: StandardDatabase,
                                    user: str) -> None:
    assert await sys_db.permission(user, db.name) == "none"
    assert await sys_db.update_permission(user, "ro", db.name) is True
    assert await sys_db.permission(user, db.name) == "ro"
    perms = await sys_db.permissions(user)
    assert perms[db.name]["permission"] == "ro"
    assert await sys_db.reset_permission(user, db.name) is True
    assert await sys_db.permission(user, db.name) == "none"


async def test_collection_permission(sys_db: StandardDatabase, db: StandardDatabase,
                                     user: str) -> None:
    await db.create_collection("reports")
    await sys_db.update_permission(user, "rw", db.name)
    assert await sys_db.update_permission(user, "ro", db.name, "reports") is True
    assert await sys_db.permission(user, db.name, "reports") == "ro"
    assert (await sys_db.permissions(user))[db.name]["collections"]["reports"] == "ro"
    assert await sys_db.reset_permission(user, db.name, "reports") is True
    assert await sys_db.permission(user, db.name, "reports") == "rw"  # the database's level


async def test_update_permission_validates(sys_db: StandardDatabase, user: str) -> None:
    with pytest.raises(InvalidArgumentError):
        await sys_db.update_permission(user, "write", "_system")
    with pytest.raises(PermissionUpdateError) as info:
        await sys_db.update_permission(_name(), "rw", "_system")
    assert info.value.http_code == 404


async def test_read_only_user_gets_forbidden_on_write(
    client: ArangoClient, sys_db: StandardDatabase, db: StandardDatabase, user: str
) -> None:
    await db.create_collection("things")
    await db.collection("things").insert({"_key": "a"})
    await sys_db.update_permission(user, "ro", db.name)
    as_user = await client.db(db.name, username=user, password="pw", verify=True)
    things = as_user.collection("things")
    doc = await things.get("a")  # reading is allowed
    assert doc is not None and doc["_key"] == "a"
    with pytest.raises(DocumentInsertError) as info:
        await things.insert({"_key": "b"})
    assert (info.value.http_code, info.value.error_code) == (403, 11)
    assert await db.collection("things").count() == 1


async def test_read_only_collection_in_writable_database(
    client: ArangoClient, sys_db: StandardDatabase, db: StandardDatabase, user: str
) -> None:
    await db.create_collection("open")
    await db.create_collection("locked")
    await sys_db.update_permission(user, "rw", db.name)
    await sys_db.update_permission(user, "ro", db.name, "locked")
    as_user = await client.db(db.name, username=user, password="pw")
    await as_user.collection("open").insert({"_key": "ok"})
    with pytest.raises(DocumentInsertError) as info:
        await as_user.collection("locked").insert({"_key": "no"})
    assert (info.value.http_code, info.value.error_code) == (403, 11)


async def test_no_access_cannot_open_database(
    client: ArangoClient, sys_db: StandardDatabase, db: StandardDatabase, user: str
) -> None:
    await sys_db.update_permission(user, "none", db.name)
    with pytest.raises(ServerConnectionError) as info:
        await client.db(db.name, username=user, password="pw", verify=True)
    assert info.value.http_code == 401
    as_user = await client.db(db.name, username=user, password="pw")
    with pytest.raises(DatabasePropertiesError) as props:
        await as_user.properties()
    assert (props.value.http_code, props.value.error_code) == (401, 11)
    assert db.name not in await sys_db.databases_accessible_to_user() or True
    # granting access opens it
    await sys_db.update_permission(user, "ro", db.name)
    opened = await client.db(db.name, username=user, password="pw", verify=True)
    assert (await opened.properties())["name"] == db.name


# -- access tokens ----------------------------------------------------------------------------


async def test_access_tokens(sys_db: StandardDatabase, user: str) -> None:
    valid_until = int(time.time()) + 3600
    token = await sys_db.create_access_token(user, "ci", valid_until)
    assert token["name"] == "ci"
    assert token["valid_until"] == valid_until
    assert token["active"] is True
    assert isinstance(token["token"], str) and token["token"]
    listed = await sys_db.list_access_tokens(user)
    assert [t["id"] for t in listed] == [token["id"]]
    assert all("token" not in t for t in listed)
    await sys_db.delete_access_token(user, token["id"])
    assert await sys_db.list_access_tokens(user) == []


async def test_access_token_works_as_password(client: ArangoClient, sys_db: StandardDatabase,
                                              user: str) -> None:
    await sys_db.update_permission(user, "ro", "_system")
    token = await sys_db.create_access_token(user, "svc", int(time.time()) + 3600)
    as_user = await client.db("_system", username=user, password=token["token"], verify=True)
    assert await as_user.version()
    await sys_db.delete_access_token(user, token["id"])
    with pytest.raises(ServerConnectionError) as info:
        await client.db("_system", username=user, password=token["token"], verify=True)
    assert info.value.http_code == 401


async def test_delete_unknown_access_token_succeeds(sys_db: StandardDatabase,
                                                    user: str) -> None:
    # authentication.md: "the request also succeeds if the specified user doesn't have an
    # access token with the given identifier".
    await sys_db.delete_access_token(user, 12345)


async def test_access_token_bad_arguments(sys_db: StandardDatabase, user: str) -> None:
    with pytest.raises(InvalidArgumentError):
        await sys_db.create_access_token(user, "x", "tomorrow")  # type: ignore[arg-type]


async def test_duplicate_access_token_name(sys_db: StandardDatabase, user: str) -> None:
    valid_until = int(time.time()) + 3600
    await sys_db.create_access_token(user, "ci", valid_until)
    with pytest.raises(AccessTokenCreateError) as duplicate:
        await sys_db.create_access_token(user, "ci", valid_until)
    assert duplicate.value.http_code == 409


async def test_users_and_databases_over_loopback_coordinators(cluster: ArangoClient) -> None:
    # Three coordinators over real HTTP, round-robin: each call may land on another one.
    from tests.conftest import ROOT_PASSWORD

    sys_db = await cluster.db("_system", username="root", password=ROOT_PASSWORD)
    name, dbname = _name(), _name("db")
    await sys_db.create_user(name, "pw")
    await sys_db.create_database(dbname)
    try:
        await sys_db.update_permission(name, "ro", dbname)
        for _ in range(3):
            assert await sys_db.has_user(name) is True
            assert await sys_db.has_database(dbname) is True
            assert await sys_db.permission(name, dbname) == "ro"
        as_user = await cluster.db(dbname, username=name, password="pw", verify=True)
        assert (await as_user.properties())["name"] == dbname
    finally:
        await sys_db.delete_database(dbname)
        await sys_db.delete_user(name)


async def test_user_calls_as_async_jobs(sys_db: StandardDatabase) -> None:
    # API methods run unchanged under the async-job executor.
    from typing import Any

    name = _name()
    async_db: Any = sys_db.begin_async_execution()
    job = await async_db.create_user(name, "pw", extra={"via": "job"})
    try:
        assert await job.wait() == {"username": name, "active": True, "extra": {"via": "job"}}
        listed = await (await async_db.users()).wait()
        assert {"username": name, "active": True, "extra": {"via": "job"}} in listed
        duplicate = await async_db.create_user(name, "pw-secret-in-job")
        with pytest.raises(UserCreateError) as info:
            await duplicate.wait()
        assert info.value.error_code == 1702
        assert "pw-secret-in-job" not in str(info.value.request.data)
    finally:
        await sys_db.delete_user(name)
