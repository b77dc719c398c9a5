"""Database management (create, list, delete databases)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from arango_anyio._api.database.redaction import redacted
from arango_anyio._api.group import ApiGroup
from arango_anyio._connection.url import segment
from arango_anyio._executors.handling import raise_unless_success
from arango_anyio.errno import DATABASE_NOT_FOUND
from arango_anyio.exceptions import (
    DatabaseCreateError,
    DatabaseDeleteError,
    DatabaseListError,
    DatabasePropertiesError,
    InvalidArgumentError,
)
from arango_anyio.request import Request
from arango_anyio.response import Response


def format_database(body: Mapping[str, Any]) -> dict[str, Any]:
    """The database description as python-arango returns it (snake_case keys)."""
    result: dict[str, Any] = {}
    for key, name in (("id", "id"), ("name", "name"), ("path", "path"), ("system", "system"),
                      ("isSystem", "system"), ("sharding", "sharding"),
                      ("replicationFactor", "replication_factor"),
                      ("writeConcern", "write_concern"),
                      ("replicationVersion", "replication_version")):
        if key in body:
            result[name] = body[key]
    return result


def _user_entry(user: Any) -> dict[str, Any]:
    if not isinstance(user, Mapping):
        raise InvalidArgumentError(
            f"each entry of users must be a dict, not {type(user).__name__}")
    username = user.get("username", user.get("user"))
    if not isinstance(username, str) or not username:
        raise InvalidArgumentError("each entry of users needs a non-empty 'username'")
    entry: dict[str, Any] = {"username": username}
    password = user.get("password", user.get("passwd"))
    if password is not None:
        if not isinstance(password, str):
            raise InvalidArgumentError(f"the password of user {username!r} must be a string")
        entry["passwd"] = password
    entry["active"] = user.get("active", True)
    entry["extra"] = user.get("extra", {})
    return entry


class DatabasesMixin(ApiGroup):
    """Database management (create, list, delete databases).

    Listing, creating and deleting databases work from the ``_system`` database only (the
    server answers 403/1230 elsewhere).
    """

    async def databases(self) -> list[str]:
        """The names of all databases. ``GET /_api/database`` (from ``_system``).

        :raise DatabaseListError: the server refused (e.g. not ``_system``, no access).
        """
        request = Request("GET", "/_api/database")
        return await self._call(request, DatabaseListError, lambda r: list(r.body["result"]))

    async def databases_accessible_to_user(self) -> list[str]:
        """The names of the databases the current user can access.

        ``GET /_api/database/user``.

        :raise DatabaseListError: the server refused.
        """
        request = Request("GET", "/_api/database/user")
        return await self._call(request, DatabaseListError, lambda r: list(r.body["result"]))

    async def has_database(self, name: str) -> bool:
        """Whether database ``name`` exists. ``GET /_api/database`` (from ``_system``).

        :raise DatabaseListError: the server refused.
        """
        request = Request("GET", "/_api/database")
        return await self._call(request, DatabaseListError, lambda r: name in r.body["result"])

    async def create_database(
        self,
        name: str,
        users: Sequence[Mapping[str, Any]] | None = None,
        replication_factor: int | str | None = None,
        write_concern: int | None = None,
        sharding: str | None = None,
    ) -> bool:
        """Create database ``name``. ``POST /_api/database`` (from ``_system``).

        :param users: users to create (when missing) and give ``rw`` access to the new
            database: dicts with ``username``, ``password``, ``active`` (default True) and
            ``extra`` (default ``{}``), e.g.
            ``{"username": "john", "password": "s3cret", "active": True, "extra": {}}``.
            Passwords are sent to the server and never appear in exceptions.
        :param replication_factor: default replication factor of the database's
            collections (``"satellite"`` or a number; cluster only).
        :param write_concern: default write concern of its collections (cluster only).
        :param sharding: ``""``, ``"flexible"`` or ``"single"`` (cluster only).
        :return: True.
        :raise DatabaseCreateError: the server refused (duplicate name 409/1207, invalid
            name 400/1229, not ``_system`` 403/1230, ...).
        """
        if not isinstance(name, str) or not name:
            raise InvalidArgumentError("the database name must be a non-empty string")
        data: dict[str, Any] = {"name": name}
        options: dict[str, Any] = {}
        if replication_factor is not None:
            options["replicationFactor"] = replication_factor
        if write_concern is not None:
            options["writeConcern"] = write_concern
        if sharding is not None:
            options["sharding"] = sharding
        if options:
            data["options"] = options
        if users is not None:
            if isinstance(users, (str, bytes, Mapping)):
                raise InvalidArgumentError("users must be a sequence of dicts")
            data["users"] = [_user_entry(user) for user in users]
        request = Request("POST", "/_api/database", data=data)
        safe_request = redacted(request)

        def handler(response: Response) -> bool:
            raise_unless_success(response, safe_request, DatabaseCreateError)
            return True

        return await self._execute(request, handler)

    async def delete_database(self, name: str, ignore_missing: bool = False) -> bool:
        """Delete database ``name``. ``DELETE /_api/database/{name}`` (from ``_system``).

        :param ignore_missing: return False instead of raising when it does not exist.
        :return: True when deleted, False when missing and ``ignore_missing`` is set.
        :raise DatabaseDeleteError: the server refused (missing 404/1228, ...).
        """
        request = Request("DELETE", f"/_api/database/{segment(name, 'database name')}")
        return await self._call_delete(request, DatabaseDeleteError, ignore_missing,
                                       DATABASE_NOT_FOUND)

    async def properties(self) -> dict[str, Any]:
        """This database's properties. ``GET /_api/database/current``.

        :return: ``id``, ``name``, ``path``, ``system`` and, in a cluster, ``sharding``,
            ``replication_factor``, ``write_concern``, ``replication_version``.
        :raise DatabasePropertiesError: the server refused.
        """
        request = Request("GET", "/_api/database/current")
        return await self._call(
            request, DatabasePropertiesError, lambda r: format_database(r.body["result"]))
