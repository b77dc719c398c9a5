"""Passwords given to user and database calls never leak into repr/str/exceptions/logs."""

from __future__ import annotations

import logging
import traceback
import uuid

import pytest

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.exceptions import (
    ArangoServerError,
    DatabaseCreateError,
    UserCreateError,
    UserReplaceError,
    UserUpdateError,
)
from tests.api.admin.replay import documented, replay_db

pytestmark = pytest.mark.anyio

SECRET = "hunter2-" + uuid.uuid4().hex


def _assert_clean(exc: ArangoServerError, caplog: pytest.LogCaptureFixture) -> None:
    texts = [
        str(exc), repr(exc), exc.message, str(exc.error_message), repr(exc.args),
        repr(exc.request), str(exc.request.data), str(exc.request.headers),
        repr(exc.response), "".join(traceback.format_exception(exc)),
        caplog.text,
    ]
    for text in texts:
        assert SECRET not in text


@pytest.fixture(autouse=True)
def _debug_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)


async def test_create_user_error_hides_password(sys_db: StandardDatabase,
                                                caplog: pytest.LogCaptureFixture) -> None:
    name = f"user_{uuid.uuid4().hex[:10]}"
    await sys_db.create_user(name, SECRET)
    try:
        with pytest.raises(UserCreateError) as info:
            await sys_db.create_user(name, SECRET)
    finally:
        await sys_db.delete_user(name)
    _assert_clean(info.value, caplog)
    assert info.value.request.data["passwd"] == "***"
    assert info.value.request.data["user"] == name


async def test_update_and_replace_errors_hide_password(
    sys_db: StandardDatabase, caplog: pytest.LogCaptureFixture
) -> None:
    missing = f"ghost_{uuid.uuid4().hex[:10]}"
    with pytest.raises(UserUpdateError) as update:
        await sys_db.update_user(missing, password=SECRET)
    _assert_clean(update.value, caplog)
    with pytest.raises(UserReplaceError) as replace:
        await sys_db.replace_user(missing, SECRET)
    _assert_clean(replace.value, caplog)


async def test_create_database_error_hides_user_passwords(
    sys_db: StandardDatabase, db: StandardDatabase, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(DatabaseCreateError) as info:
        await sys_db.create_database(db.name, users=[{"username": "x", "password": SECRET}])
    _assert_clean(info.value, caplog)
    assert info.value.request.data["users"][0]["passwd"] == "***"


async def test_success_logs_and_reprs_hide_password(
    client: ArangoClient, sys_db: StandardDatabase, caplog: pytest.LogCaptureFixture
) -> None:
    name = f"user_{uuid.uuid4().hex[:10]}"
    user = await sys_db.create_user(name, SECRET)
    try:
        assert SECRET not in repr(user)
        await sys_db.update_permission(name, "ro", "_system")
        as_user = await client.db("_system", username=name, password=SECRET, verify=True)
        for text in (repr(as_user), repr(as_user._conn), repr(client), str(as_user)):
            assert SECRET not in text
        await sys_db.update_user(name, password=SECRET + "2")
    finally:
        await sys_db.delete_user(name)
    assert SECRET not in caplog.text


async def test_password_is_really_sent() -> None:
    # Redaction touches only what exceptions carry: the server receives the password.
    refused = documented("POST", "/_api/user", status=409, source="users.md#create-a-user",
                         request_body={"user": "u", "passwd": SECRET},
                         body={"error": True, "code": 409, "errorNum": 1702,
                               "errorMessage": "duplicate user"})
    async with replay_db(refused) as (db, replay):
        with pytest.raises(UserCreateError) as info:
            await db.create_user("u", SECRET)
    sent_body = replay.sent[0][4]
    assert sent_body is not None
    assert SECRET in (sent_body.decode() if isinstance(sent_body, bytes) else sent_body)
    assert SECRET not in str(info.value.request.data)
