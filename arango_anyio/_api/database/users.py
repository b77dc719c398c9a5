"""Users, permissions and access tokens.

User management (``/_api/user``) needs administrate access to ``_system`` unless a user
reads or changes their own account. Passwords passed to these methods are sent to the
server and never appear in ``repr``/``str``, exception messages or the request an exception
carries (its body shows ``"***"``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from arango_anyio._api.database.redaction import redacted
from arango_anyio._api.group import ApiGroup
from arango_anyio._connection.url import segment
from arango_anyio._executors.handling import raise_unless_success
from arango_anyio.exceptions import (
    AccessTokenCreateError,
    AccessTokenDeleteError,
    AccessTokenListError,
    ArangoServerError,
    InvalidArgumentError,
    PermissionGetError,
    PermissionListError,
    PermissionResetError,
    PermissionUpdateError,
    UserCreateError,
    UserDeleteError,
    UserGetError,
    UserListError,
    UserReplaceError,
    UserUpdateError,
)
from arango_anyio.request import Request
from arango_anyio.response import Response

#: The access levels a permission can be set to.
PERMISSIONS = ("rw", "ro", "none")


def format_user(body: Mapping[str, Any]) -> dict[str, Any]:
    """A user record as python-arango returns it: ``username``, ``active``, ``extra``."""
    return {"username": body["user"], "active": body["active"], "extra": body["extra"]}


def _check_password(password: Any) -> None:
    if password is not None and not isinstance(password, str):
        raise InvalidArgumentError(f"password must be a string, not {type(password).__name__}")


def _check_extra(extra: Any) -> None:
    if extra is not None and not isinstance(extra, Mapping):
        raise InvalidArgumentError(f"extra must be a dict, not {type(extra).__name__}")


def _permission_endpoint(username: str, database: str, collection: str | None) -> str:
    endpoint = (f"/_api/user/{segment(username, 'username')}"
                f"/database/{segment(database, 'database name')}")
    if collection is not None:
        endpoint += "/" + segment(collection, "collection name")
    return endpoint


class UsersMixin(ApiGroup):
    """Users, permissions and access tokens."""

    # -- users ----------------------------------------------------------------------------------

    async def has_user(self, username: str) -> bool:
        """Whether user ``username`` exists. ``GET /_api/user``.

        Without administrate access to ``_system`` the server lists only the calling user,
        so other users look absent.

        :raise UserListError: the server refused.
        """
        request = Request("GET", "/_api/user")

        def result(response: Response) -> bool:
            return any(user["user"] == username for user in response.body["result"])

        return await self._call(request, UserListError, result)

    async def users(self) -> list[dict[str, Any]]:
        """Every user: dicts with ``username``, ``active`` and ``extra``. ``GET /_api/user``.

        Without administrate access to ``_system`` the server lists only the calling user.

        :raise UserListError: the server refused.
        """
        request = Request("GET", "/_api/user")
        return await self._call(
            request, UserListError, lambda r: [format_user(record) for record in r.body["result"]])

    async def user(self, username: str) -> dict[str, Any]:
        """User ``username``: ``username``, ``active``, ``extra``.

        ``GET /_api/user/{username}``.

        :raise UserGetError: the server refused (missing user 404/1703, ...).
        """
        request = Request("GET", f"/_api/user/{segment(username, 'username')}")
        return await self._call(request, UserGetError, lambda r: format_user(r.body))

    async def create_user(
        self,
        username: str,
        password: str | None = None,
        active: bool | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Create a user. ``POST /_api/user``.

        :param password: the password (the server's default: empty).
        :param active: whether the user can log in (server default: True).
        :param extra: any JSON object to store with the user.
        :return: the new user: ``username``, ``active``, ``extra``.
        :raise UserCreateError: the server refused (duplicate 409/1702, ...).
        """
        if not isinstance(username, str) or not username:
            raise InvalidArgumentError("username must be a non-empty string")
        return await self._write_user("POST", "/_api/user", {"user": username}, password,
                                      active, extra, UserCreateError)

    async def update_user(
        self,
        username: str,
        password: str | None = None,
        active: bool | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Change some attributes of a user. ``PATCH /_api/user/{username}``.

        Only the arguments given are changed; ``extra`` is merged into the stored one.

        :return: the user: ``username``, ``active``, ``extra``.
        :raise UserUpdateError: the server refused (missing user 404/1703, ...).
        """
        return await self._write_user("PATCH", f"/_api/user/{segment(username, 'username')}",
                                      {}, password, active, extra, UserUpdateError)

    async def replace_user(
        self,
        username: str,
        password: str,
        active: bool | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Replace a user's password, status and extra data. ``PUT /_api/user/{username}``.

        ``extra`` replaces the stored one (omitted: emptied).

        :return: the user: ``username``, ``active``, ``extra``.
        :raise UserReplaceError: the server refused (missing user 404/1703, ...).
        """
        return await self._write_user("PUT", f"/_api/user/{segment(username, 'username')}",
                                      {}, password, active, extra, UserReplaceError)

    async def _write_user(
        self,
        method: str,
        endpoint: str,
        data: dict[str, Any],
        password: str | None,
        active: bool | None,
        extra: Mapping[str, Any] | None,
        error: type[ArangoServerError],
    ) -> dict[str, Any]:
        """Create/update/replace a user; the password never appears in an error's request."""
        _check_password(password)
        _check_extra(extra)
        if password is not None:
            data["passwd"] = password
        if active is not None:
            data["active"] = active
        if extra is not None:
            data["extra"] = dict(extra)
        request = Request(method, endpoint, data=data)
        safe_request = redacted(request)

        def handler(response: Response) -> dict[str, Any]:
            raise_unless_success(response, safe_request, error)
            return format_user(response.body)

        return await self._execute(request, handler)

    async def delete_user(self, username: str, ignore_missing: bool = False) -> bool:
        """Delete a user. ``DELETE /_api/user/{username}``.

        :param ignore_missing: return False instead of raising when the user does not exist.
        :return: True when deleted, False when missing and ``ignore_missing`` is set.
        :raise UserDeleteError: the server refused (missing user 404/1703, ...).
        """
        request = Request("DELETE", f"/_api/user/{segment(username, 'username')}")

        def handler(response: Response) -> bool:
            if response.is_success:
                return True
            if response.status_code == 404 and ignore_missing:
                return False
            raise UserDeleteError(response, request)

        return await self._execute(request, handler)

    # -- permissions ----------------------------------------------------------------------------

    async def permissions(self, username: str) -> dict[str, Any]:
        """The user's access levels on every database and its collections.

        ``GET /_api/user/{username}/database?full=true``.

        :return: ``{db: {"permission": level, "collections": {name: level, "*": level}},
            "*": {"permission": level}}`` (``"undefined"`` where no level is set).
        :raise PermissionListError: the server refused.
        """
        request = Request("GET", f"/_api/user/{segment(username, 'username')}/database",
                          params={"full": True})
        return await self._call(request, PermissionListError, lambda r: dict(r.body["result"]))

    async def permission(self, username: str, database: str,
                         collection: str | None = None) -> str:
        """The user's access level on a database or a collection: ``rw``, ``ro`` or ``none``.

        ``GET /_api/user/{username}/database/{database}[/{collection}]``.

        :raise PermissionGetError: the server refused.
        """
        request = Request("GET", _permission_endpoint(username, database, collection))
        return await self._call(request, PermissionGetError, lambda r: str(r.body["result"]))

    async def update_permission(self, username: str, permission: str, database: str,
                                collection: str | None = None) -> bool:
        """Set the user's access level on a database or collection.

        ``PUT /_api/user/{username}/database/{database}[/{collection}]``. ``database`` may be
        ``"*"`` (the default for databases without an explicit level) and ``collection``
        likewise.

        :param permission: ``"rw"``, ``"ro"`` or ``"none"``.
        :return: True.
        :raise PermissionUpdateError: the server refused.
        """
        if permission not in PERMISSIONS:
            raise InvalidArgumentError(
                f"permission must be one of 'rw', 'ro', 'none', not {permission!r}")
        request = Request("PUT", _permission_endpoint(username, database, collection),
                          data={"grant": permission})
        return await self._call(request, PermissionUpdateError, lambda r: True)

    async def reset_permission(self, username: str, database: str,
                               collection: str | None = None) -> bool:
        """Clear the user's explicit access level on a database or collection (the default
        applies again). ``DELETE /_api/user/{username}/database/{database}[/{collection}]``.

        :return: True.
        :raise PermissionResetError: the server refused.
        """
        request = Request("DELETE", _permission_endpoint(username, database, collection))
        return await self._call(request, PermissionResetError, lambda r: True)

    # -- access tokens (ArangoDB 3.12.5+) -------------------------------------------------------

    async def create_access_token(self, user: str, name: str,
                                  valid_until: int) -> dict[str, Any]:
        """Create an access token for ``user``. ``POST /_api/token/{user}`` (3.12.5+).

        :param name: a name that identifies the token (unique per user).
        :param valid_until: expiry as a Unix timestamp in seconds.
        :return: ``id``, ``name``, ``valid_until``, ``created_at``, ``fingerprint``,
            ``active`` and ``token`` (the secret: shown only this once; keep it safe).
        :raise AccessTokenCreateError: the server refused (duplicate name 409, ...).
        """
        if isinstance(valid_until, bool) or not isinstance(valid_until, int):
            raise InvalidArgumentError("valid_until must be a Unix timestamp in seconds (int)")
        request = Request("POST", f"/_api/token/{segment(user, 'username')}",
                          data={"name": name, "valid_until": valid_until})
        return await self._call(request, AccessTokenCreateError, lambda r: dict(r.body))

    async def list_access_tokens(self, user: str) -> list[dict[str, Any]]:
        """The metadata of ``user``'s access tokens (never the token strings).

        ``GET /_api/token/{user}`` (3.12.5+).

        :raise AccessTokenListError: the server refused.
        """
        request = Request("GET", f"/_api/token/{segment(user, 'username')}")
        return await self._call(request, AccessTokenListError, lambda r: list(r.body["tokens"]))

    async def delete_access_token(self, user: str, token_id: int) -> None:
        """Revoke one of ``user``'s access tokens. ``DELETE /_api/token/{user}/{token_id}``.

        Succeeds also when the user has no token with that id (as the server does).

        :raise AccessTokenDeleteError: the server refused (missing user 404, ...).
        """
        request = Request("DELETE", f"/_api/token/{segment(user, 'username')}/"
                                    f"{segment(str(token_id), 'token id')}")

        def handler(response: Response) -> None:
            raise_unless_success(response, request, AccessTokenDeleteError)

        await self._execute(request, handler)
