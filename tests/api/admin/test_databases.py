"""Database management against the emulator (or ARANGO_HOSTS)."""

from __future__ import annotations

import uuid

import pytest

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.exceptions import (
    DatabaseCreateError,
    DatabaseDeleteError,
    DatabaseListError,
    InvalidArgumentError,
)

pytestmark = pytest.mark.anyio


def _name(prefix: str = "db") -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


async def test_databases_lists_system_and_fresh_db(sys_db: StandardDatabase,
                                                   db: StandardDatabase) -> None:
    names = await sys_db.databases()
    assert "_system" in names
    assert db.name in names


async def test_create_has_delete_database(sys_db: StandardDatabase) -> None:
    name = _name()
    assert await sys_db.has_database(name) is False
    assert await sys_db.create_database(name) is True
    try:
        assert await sys_db.has_database(name) is True
        with pytest.raises(DatabaseCreateError) as info:
            await sys_db.create_database(name)
        assert info.value.http_code == 409
        assert info.value.error_code == 1207  # duplicate name
    finally:
        assert await sys_db.delete_database(name) is True
    assert await sys_db.has_database(name) is False
    assert await sys_db.delete_database(name, ignore_missing=True) is False
    with pytest.raises(DatabaseDeleteError) as missing:
        await sys_db.delete_database(name)
    assert (missing.value.http_code, missing.value.error_code) == (404, 1228)


async def test_create_database_with_users(client: ArangoClient,
                                          sys_db: StandardDatabase) -> None:
    name, user = _name(), _name("user")
    await sys_db.create_database(name, users=[
        {"username": user, "password": "pw1", "active": True, "extra": {"team": "qa"}}])
    try:
        assert (await sys_db.user(user))["extra"] == {"team": "qa"}
        assert await sys_db.permission(user, name) == "rw"
        as_user = await client.db(name, username=user, password="pw1", verify=True)
        assert (await as_user.properties())["name"] == name
        assert name in await as_user.databases_accessible_to_user()
    finally:
        await sys_db.delete_database(name)
        await sys_db.delete_user(user, ignore_missing=True)


async def test_create_database_refuses_bad_arguments(sys_db: StandardDatabase) -> None:
    with pytest.raises(InvalidArgumentError):
        await sys_db.create_database("")
    with pytest.raises(InvalidArgumentError):
        await sys_db.create_database(_name(), users=[{"password": "no name"}])
    with pytest.raises(InvalidArgumentError):
        await sys_db.create_database(_name(), users={"username": "x"})  # type: ignore[arg-type]


async def test_create_database_invalid_name(sys_db: StandardDatabase) -> None:
    with pytest.raises(DatabaseCreateError) as info:
        await sys_db.create_database("bad/name")
    assert info.value.http_code == 400
    assert info.value.error_code == 1229  # illegal database name


async def test_database_management_needs_system(db: StandardDatabase) -> None:
    with pytest.raises(DatabaseListError) as info:
        await db.databases()
    assert (info.value.http_code, info.value.error_code) == (403, 1230)
    with pytest.raises(DatabaseCreateError) as create:
        await db.create_database(_name())
    assert create.value.error_code == 1230


async def test_properties(db: StandardDatabase, sys_db: StandardDatabase) -> None:
    props = await db.properties()
    assert props["name"] == db.name
    assert props["system"] is False
    assert isinstance(props["id"], str)
    assert (await sys_db.properties())["system"] is True


async def test_databases_accessible_to_user(client: ArangoClient, sys_db: StandardDatabase,
                                            db: StandardDatabase) -> None:
    user = _name("user")
    await sys_db.create_user(user, "pw")
    try:
        await sys_db.update_permission(user, "ro", db.name)
        as_user = await client.db(db.name, username=user, password="pw")
        assert await as_user.databases_accessible_to_user() == [db.name]
        assert "_system" in await sys_db.databases_accessible_to_user()
    finally:
        await sys_db.delete_user(user)
