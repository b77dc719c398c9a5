"""``/_api/database``: list, create, drop, current."""

from __future__ import annotations

from typing import TYPE_CHECKING

from arango_anyio.testing._aql.service import service
from arango_anyio.testing._handlers._common import object_body
from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import EmuRequest, EmuResponse, result_response
from arango_anyio.testing._protocol.routing import Router

if TYPE_CHECKING:
    from arango_anyio.testing._server.deployment import Deployment

router = Router()


def _only_system(req: EmuRequest) -> None:
    if req.db_name != "_system":
        raise EmuError(1230, http_code=403)


@router.route("GET", "/_api/database")
def list_databases(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """All databases (only from ``_system``)."""
    _only_system(req)
    emu.require_db(req, "ro")
    return result_response(200, {"result": sorted(emu.store.databases)})


@router.route("GET", "/_api/database/user")
def user_databases(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The databases the current user may access."""
    names = [name for name in sorted(emu.store.databases)
             if emu.permissions.db_level(req.user, name) != "none"]
    return result_response(200, {"result": names})


@router.route("GET", "/_api/database/current")
def current_database(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The request's database."""
    return result_response(200, {"result": emu.store.database(req.db_name).describe()})


@router.route("POST", "/_api/database")
def create_database(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Create a database, and the users it lists (each granted rw on it)."""
    _only_system(req)
    body = object_body(req)
    emu.require_admin(req)
    options = body.get("options")
    users = body.get("users")
    if users is not None and not isinstance(users, list):
        raise EmuError(10, "users must be an array", http_code=400)
    database = emu.store.create_database(body.get("name"),
                                         options if isinstance(options, dict) else None)
    registry = emu.store.users
    for entry in users or []:
        if not isinstance(entry, dict):
            continue
        name = entry.get("username", entry.get("user"))
        if not isinstance(name, str) or not name:
            continue
        if name not in registry.by_name:
            registry.create({"user": name, "passwd": entry.get("passwd", ""),
                             "active": entry.get("active", True), "extra": entry.get("extra")})
        registry.by_name[name].databases[database.name] = "rw"
        registry.version += 1
    creator = req.user
    if creator and creator in registry.by_name and creator != "root":
        registry.by_name[creator].databases.setdefault(database.name, "rw")
        registry.version += 1
    return result_response(201, {"result": True})


@router.route("DELETE", "/_api/database/{name}")
def drop_database(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """Drop a database (only from ``_system``; never ``_system`` itself)."""
    _only_system(req)
    emu.require_admin(req)
    emu.store.drop_database(name)
    emu.appliers.forget_database(name)
    service(emu).forget_database(name)  # its AQL user functions, caches and cursors
    return result_response(200, {"result": True})


