"""The replay HTTP client itself: it must catch requests that differ from the expected ones."""

from __future__ import annotations

import pytest

from arango_anyio.exceptions import ArangoClientError, InvalidArgumentError
from tests.api.admin.replay import documented, recorded, replay_db

pytestmark = pytest.mark.anyio


async def test_wrong_path_is_caught() -> None:
    with pytest.raises(AssertionError, match="path"):
        async with replay_db(recorded("RestEngine_single")) as (db, _):
            await db.role()


async def test_wrong_query_is_caught() -> None:
    with pytest.raises(AssertionError, match="query"):
        async with replay_db(recorded("RestVersionDetails_single")) as (db, _):
            await db.version()  # sends details=false, the recording has details=true


async def test_wrong_body_is_caught() -> None:
    with pytest.raises(AssertionError, match="body"):
        async with replay_db(recorded("RestGrantDatabase_single")) as (db, _):
            await db.update_permission("admin@myapp", "ro", "_system")


async def test_wrong_database_is_caught() -> None:
    with pytest.raises(AssertionError, match="database"):
        async with replay_db(recorded("RestDatabaseGet_single"), db_name="other") as (db, _):
            await db.databases()


async def test_unused_exchange_is_caught() -> None:
    with pytest.raises(AssertionError, match="not sent"):
        async with replay_db(recorded("RestEngine_single")):
            pass


async def test_unexpected_request_is_caught() -> None:
    with pytest.raises(AssertionError, match="unexpected request"):
        async with replay_db() as (db, _):
            await db.engine()


async def test_names_are_one_encoded_path_segment() -> None:
    exchange = documented("GET", "/_api/user/a/../b", source="users.md#get-a-user",
                          body={"user": "a/../b", "active": True, "extra": {}})
    async with replay_db(exchange) as (db, replay):
        await db.user("a/../b")
    url = replay.sent[0][1]
    assert url.endswith("/_api/user/a%2F..%2Fb")


async def test_invalid_names_are_refused_before_sending() -> None:
    async with replay_db() as (db, replay):
        for call in (db.user(""), db.delete_database(".."), db.permission("u", "", None),
                     db.update_permission("u", "rw", "d", "..")):
            with pytest.raises(ArangoClientError) as info:
                await call
            assert "must not be empty" in str(info.value) or "not allowed" in str(info.value)
        with pytest.raises(InvalidArgumentError):
            await db.update_permission("u", "admin", "d")
    assert replay.sent == []
