"""Databases, users, permissions and access tokens against real ArangoDB 3.12 answers.

Each test checks the request a method sends against a request recorded on a real server
(``recorded``) — or, where none was recorded, against the reference documentation
(``documented``, naming the page) — and that the method turns the answer into the
documented result.
"""

from __future__ import annotations

import pytest

from arango_anyio.exceptions import (
    AccessTokenDeleteError,
    DatabaseDeleteError,
    PermissionResetError,
    UserGetError,
)
from tests.api.admin.replay import documented, recorded, replay_db

pytestmark = pytest.mark.anyio

ERROR_404_USER = {"error": True, "code": 404, "errorNum": 1703, "errorMessage": "user not found"}


async def test_databases() -> None:
    async with replay_db(recorded("RestDatabaseGet_single")) as (db, _):
        assert await db.databases() == ["_system"]


async def test_has_database() -> None:
    async with replay_db(recorded("RestDatabaseGet_single"),
                         recorded("RestDatabaseGet_single")) as (db, _):
        assert await db.has_database("_system") is True
        assert await db.has_database("example") is False


async def test_databases_accessible_to_user() -> None:
    async with replay_db(recorded("RestDatabaseGetUser_single")) as (db, _):
        assert await db.databases_accessible_to_user() == ["_system"]


async def test_create_database_with_options() -> None:
    async with replay_db(recorded("RestDatabaseCreate_single")) as (db, _):
        assert await db.create_database("example", replication_factor=3,
                                        sharding="flexible") is True


async def test_create_database_with_users() -> None:
    # Not recorded: the body follows reference/http-api/databases.md ("Create a database").
    exchange = documented(
        "POST", "/_api/database", source="databases.md#create-a-database", status=201,
        body={"error": False, "code": 201, "result": True},
        request_body={"name": "mydb", "users": [
            {"username": "admin", "passwd": "secret", "active": True, "extra": {}},
            {"username": "tester", "active": False, "extra": {"team": "qa"}},
        ]})
    async with replay_db(exchange) as (db, _):
        assert await db.create_database("mydb", users=[
            {"username": "admin", "password": "secret"},
            {"username": "tester", "active": False, "extra": {"team": "qa"}},
        ]) is True


async def test_delete_database() -> None:
    # Not recorded: reference/http-api/databases.md ("Drop a database").
    ok = documented("DELETE", "/_api/database/example", source="databases.md#drop-a-database",
                    body={"error": False, "code": 200, "result": True})
    missing = documented("DELETE", "/_api/database/example", status=404,
                         source="databases.md#drop-a-database",
                         body={"error": True, "code": 404, "errorNum": 1228,
                               "errorMessage": "database not found"})
    async with replay_db(ok, missing, missing) as (db, _):
        assert await db.delete_database("example") is True
        assert await db.delete_database("example", ignore_missing=True) is False
        with pytest.raises(DatabaseDeleteError) as info:
            await db.delete_database("example")
    assert info.value.http_code == 404
    assert info.value.error_code == 1228


async def test_properties() -> None:
    # Not recorded: reference/http-api/databases.md ("Get information about the current
    # database"); python-arango's snake_case keys.
    exchange = documented("GET", "/_api/database/current", source="databases.md#current",
                          body={"error": False, "code": 200, "result": {
                              "name": "_system", "id": "1", "path": "/var/lib/db",
                              "isSystem": True, "sharding": "", "replicationFactor": 1,
                              "writeConcern": 1}})
    async with replay_db(exchange) as (db, _):
        assert await db.properties() == {
            "id": "1", "name": "_system", "path": "/var/lib/db", "system": True,
            "sharding": "", "replication_factor": 1, "write_concern": 1}


async def test_create_user() -> None:
    async with replay_db(recorded("RestCreateUser_single")) as (db, _):
        user = await db.create_user("admin@example", "secure")
    assert user == {"username": "admin@example", "active": True, "extra": {}}


async def test_user() -> None:
    async with replay_db(recorded("RestFetchUser_single")) as (db, _):
        assert await db.user("admin@myapp") == {
            "username": "admin@myapp", "active": True, "extra": {}}


async def test_user_missing() -> None:
    exchange = documented("GET", "/_api/user/ghost", status=404, body=ERROR_404_USER,
                          source="users.md#get-a-user")
    async with replay_db(exchange) as (db, _):
        with pytest.raises(UserGetError) as info:
            await db.user("ghost")
    assert (info.value.http_code, info.value.error_code) == (404, 1703)


async def test_users_and_has_user() -> None:
    # Not recorded: reference/http-api/users.md ("List available users").
    body = {"error": False, "code": 200, "result": [
        {"user": "root", "active": True, "extra": {}},
        {"user": "admin@myapp", "active": False, "extra": {"team": "ops"}}]}
    listing = documented("GET", "/_api/user", body=body, source="users.md#list-available-users")
    async with replay_db(listing, listing, listing) as (db, _):
        assert await db.users() == [
            {"username": "root", "active": True, "extra": {}},
            {"username": "admin@myapp", "active": False, "extra": {"team": "ops"}}]
        assert await db.has_user("admin@myapp") is True
        assert await db.has_user("ghost") is False


async def test_update_user() -> None:
    # Not recorded: reference/http-api/users.md ("Update a user").
    exchange = documented("PATCH", "/_api/user/admin@myapp", source="users.md#update-a-user",
                          request_body={"passwd": "new", "active": False,
                                        "extra": {"a": 1}},
                          body={"user": "admin@myapp", "active": False, "extra": {"a": 1},
                                "code": 200, "error": False})
    async with replay_db(exchange) as (db, _):
        assert await db.update_user("admin@myapp", password="new", active=False,
                                    extra={"a": 1}) == {
            "username": "admin@myapp", "active": False, "extra": {"a": 1}}


async def test_replace_user() -> None:
    async with replay_db(recorded("RestReplaceUser_single")) as (db, _):
        assert await db.replace_user("admin@myapp", "secure") == {
            "username": "admin@myapp", "active": True, "extra": {}}


async def test_delete_user() -> None:
    missing = documented("DELETE", "/_api/user/userToDelete@myapp", status=404,
                         body=ERROR_404_USER, source="users.md#remove-a-user")
    async with replay_db(recorded("RestDeleteUser_single"), missing) as (db, _):
        assert await db.delete_user("userToDelete@myapp") is True
        assert await db.delete_user("userToDelete@myapp", ignore_missing=True) is False


async def test_permissions() -> None:
    async with replay_db(recorded("RestFetchUserDatabaseListFull_single")) as (db, _):
        result = await db.permissions("anotherAdmin@secapp")
    assert result["_system"]["permission"] == "rw"
    assert result["_system"]["collections"]["_users"] == "undefined"


async def test_permission_database_and_collection() -> None:
    async with replay_db(recorded("RestFetchUserDatabasePermission_single"),
                         recorded("RestFetchUserCollectionPermission_single")) as (db, _):
        assert await db.permission("anotherAdmin@secapp", "_system") == "rw"
        assert await db.permission("anotherAdmin@secapp", "_system", "_users") == "none"


async def test_update_permission() -> None:
    async with replay_db(recorded("RestGrantDatabase_single"),
                         recorded("RestGrantCollection_single")) as (db, _):
        assert await db.update_permission("admin@myapp", "rw", "_system") is True
        assert await db.update_permission("admin@myapp", "rw", "_system", "reports") is True


async def test_reset_permission() -> None:
    # Not recorded: reference/http-api/users.md ("Clear a user's ... access level").
    db_level = documented("DELETE", "/_api/user/admin@myapp/database/_system", status=202,
                          body={"error": False, "code": 202},
                          source="users.md#clear-a-users-database-access-level")
    col_level = documented("DELETE", "/_api/user/admin@myapp/database/_system/reports",
                           status=202, body={"error": False, "code": 202},
                           source="users.md#clear-a-users-collection-access-level")
    refused = documented("DELETE", "/_api/user/ghost/database/_system", status=404,
                         body=ERROR_404_USER, source="users.md")
    async with replay_db(db_level, col_level, refused) as (db, _):
        assert await db.reset_permission("admin@myapp", "_system") is True
        assert await db.reset_permission("admin@myapp", "_system", "reports") is True
        with pytest.raises(PermissionResetError):
            await db.reset_permission("ghost", "_system")


async def test_create_access_token() -> None:
    async with replay_db(recorded("RestAccessTokenCreate_single")) as (db, _):
        token = await db.create_access_token("root", "Token for Service A", 1814400000)
    assert token["id"] == 1
    assert token["active"] is True
    assert token["fingerprint"] == "v1...56227d"
    assert token["token"].startswith("v1.")


async def test_list_access_tokens() -> None:
    async with replay_db(recorded("RestAccessTokenList_single")) as (db, _):
        tokens = await db.list_access_tokens("root")
    assert [t["name"] for t in tokens] == ["Token for Service A"]
    assert "token" not in tokens[0]


async def test_delete_access_token() -> None:
    # Not recorded (RestAccessTokenDelete prints a raw, empty answer):
    # reference/http-api/authentication.md ("Delete an access token").
    ok = documented("DELETE", "/_api/token/root/1", source="authentication.md#delete")
    missing_user = documented("DELETE", "/_api/token/ghost/1", status=404,
                              body=ERROR_404_USER, source="authentication.md#delete")
    async with replay_db(ok, missing_user) as (db, _):
        await db.delete_access_token("root", 1)
        with pytest.raises(AccessTokenDeleteError):
            await db.delete_access_token("ghost", 1)
