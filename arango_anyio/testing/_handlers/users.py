"""``/_api/user``: users, and their database and collection grants."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from arango_anyio.testing._handlers._common import object_body
from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import EmuRequest, EmuResponse, json_response
from arango_anyio.testing._protocol.routing import Router
from arango_anyio.testing._state.users import LEVELS, User

if TYPE_CHECKING:
    from arango_anyio.testing._server.deployment import Deployment

router = Router()


def _answer(status: int, payload: dict[str, Any]) -> EmuResponse:
    body = dict(payload)
    body["code"] = status
    body["error"] = False
    return json_response(status, body)


def _self_or_admin(emu: Deployment, req: EmuRequest, name: str) -> User:
    if req.user != name:
        emu.require_admin(req)
    return emu.store.users.get(name)


@router.route("POST", "/_api/user")
def create_user(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Create a user (admins only)."""
    body = object_body(req)
    emu.require_admin(req)
    return _answer(201, emu.store.users.create(body).describe())


@router.route("GET", "/_api/user")
@router.route("GET", "/_api/user/")
def list_users(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Every user (admins) or just oneself."""
    users = list(emu.store.users.by_name.values())
    try:
        emu.require_admin(req)
    except EmuError:
        users = [u for u in users if u.name == req.user]
    return _answer(200, {"result": [u.describe() for u in users]})


@router.route("GET", "/_api/user/{name}")
def get_user(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """One user."""
    return _answer(200, _self_or_admin(emu, req, name).describe())


@router.route("PUT", "/_api/user/{name}")
def replace_user(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """Replace a user's password, active flag and extra data."""
    body = object_body(req)
    _self_or_admin(emu, req, name)
    return _answer(200, emu.store.users.modify(name, body, replace=True).describe())


@router.route("PATCH", "/_api/user/{name}")
def update_user(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """Change some of a user's attributes."""
    body = object_body(req)
    _self_or_admin(emu, req, name)
    return _answer(200, emu.store.users.modify(name, body, replace=False).describe())


@router.route("DELETE", "/_api/user/{name}")
def delete_user(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """Delete a user (admins only)."""
    emu.require_admin(req)
    emu.store.users.remove(name)
    return _answer(202, {})


@router.route("GET", "/_api/user/{name}/database")
@router.route("GET", "/_api/user/{name}/database/")
def list_grants(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """The databases the user may access (``full=true``: with collection levels)."""
    user = _self_or_admin(emu, req, name)
    databases = emu.store.databases
    if not req.flag("full"):
        levels = {db: user.db_level(db) for db in databases}
        return _answer(200, {"result": {db: lv for db, lv in levels.items() if lv != "none"}})
    # every database, with the levels granted on it and its collections ("undefined" where
    # none is), as ``RestUsersHandler::generateDatabaseResult`` lists them
    result: dict[str, Any] = {}
    for db, database in databases.items():
        collections = {c: user.explicit_collection_level(db, c) or "undefined"
                       for c in database.collections}
        collections["*"] = user.explicit_collection_level(db, "*") or "undefined"
        result[db] = {"permission": user.explicit_db_level(db) or "undefined",
                      "collections": collections}
    result["*"] = {"permission": user.databases.get("*", "none")}
    return _answer(200, {"result": result})


@router.route("GET", "/_api/user/{name}/database/{db}")
def get_db_grant(emu: Deployment, req: EmuRequest, name: str, db: str) -> EmuResponse:
    """The user's effective level on database ``db``."""
    user = _self_or_admin(emu, req, name)
    return _answer(200, {"result": user.db_level(db)})


@router.route("GET", "/_api/user/{name}/database/{db}/{collection}")
def get_collection_grant(emu: Deployment, req: EmuRequest, name: str, db: str,
                         collection: str) -> EmuResponse:
    """The user's effective level on collection ``db/collection``."""
    user = _self_or_admin(emu, req, name)
    return _answer(200, {"result": user.collection_level(db, collection)})


def _grant(emu: Deployment, req: EmuRequest, db: str, collection: str | None) -> str:
    body = object_body(req)
    level = body.get("grant")
    if level not in LEVELS:
        raise EmuError(10, "invalid grant level", http_code=400)
    if db != "*":
        database = emu.store.database(db)
        if collection is not None and collection != "*":
            database.get(collection)
    return str(level)


@router.route("PUT", "/_api/user/{name}/database/{db}")
def grant_db(emu: Deployment, req: EmuRequest, name: str, db: str) -> EmuResponse:
    """Set the user's level on database ``db`` (or ``*``)."""
    emu.require_admin(req)
    user = emu.store.users.get(name)
    user.databases[db] = _grant(emu, req, db, None)
    emu.store.users.version += 1
    return _answer(200, {db: user.databases[db]})


@router.route("PUT", "/_api/user/{name}/database/{db}/{collection}")
def grant_collection(emu: Deployment, req: EmuRequest, name: str, db: str,
                     collection: str) -> EmuResponse:
    """Set the user's level on collection ``db/collection`` (either may be ``*``)."""
    emu.require_admin(req)
    user = emu.store.users.get(name)
    level = _grant(emu, req, db, collection)
    user.collections.setdefault(db, {})[collection] = level
    emu.store.users.version += 1
    return _answer(200, {f"{db}/{collection}": level})


@router.route("DELETE", "/_api/user/{name}/database/{db}")
def revoke_db(emu: Deployment, req: EmuRequest, name: str, db: str) -> EmuResponse:
    """Clear the user's grant on database ``db`` (back to the default)."""
    emu.require_admin(req)
    user = emu.store.users.get(name)
    user.databases.pop(db, None)
    emu.store.users.version += 1
    return _answer(202, {})


@router.route("DELETE", "/_api/user/{name}/database/{db}/{collection}")
def revoke_collection(emu: Deployment, req: EmuRequest, name: str, db: str,
                      collection: str) -> EmuResponse:
    """Clear the user's grant on ``db/collection``."""
    emu.require_admin(req)
    user = emu.store.users.get(name)
    user.collections.get(db, {}).pop(collection, None)
    emu.store.users.version += 1
    return _answer(202, {})
