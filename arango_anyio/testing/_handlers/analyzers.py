"""``/_api/analyzer``: built-in and user analyzers (definitions only). ``_system``'s
analyzers are listed and usable (``_system::name``) in every database; an analyzer a view
link uses is only removed with ``force=true`` (else 409/1200)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from arango_anyio.testing._handlers._common import object_body
from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import (
    EmuRequest,
    EmuResponse,
    json_response,
    result_response,
)
from arango_anyio.testing._protocol.routing import Router
from arango_anyio.testing._state.database import Database
from arango_anyio.testing._state.views import (
    BUILTIN_ANALYZERS,
    analyzer_in_use,
    analyzer_name,
    create_analyzer,
    find_analyzer,
)

if TYPE_CHECKING:
    from arango_anyio.testing._server.deployment import Deployment

router = Router()


def _find(emu: Deployment, database: Database, name: str) -> dict[str, Any]:
    full = analyzer_name(database, name)
    analyzer = find_analyzer(database, name, emu.store.databases.get("_system"))
    if analyzer is None:
        raise EmuError(1202, f"analyzer '{full}' not found", http_code=404)
    return analyzer


@router.route("GET", "/_api/analyzer")
def list_analyzers(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The built-in analyzers and those of the database."""
    database = emu.require_db(req, "ro")
    own = dict(database.analyzers)
    system = emu.store.databases.get("_system")
    if system is not None and system is not database:
        own.update(system.analyzers)  # _system's analyzers are usable everywhere
    result = list(BUILTIN_ANALYZERS.values()) + sorted(own.values(),
                                                       key=lambda a: str(a["name"]))
    return result_response(200, {"result": result})


@router.route("POST", "/_api/analyzer")
def create(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Create an analyzer: 201 when new, 200 when an identical one exists."""
    body = object_body(req)
    database = emu.require_db(req, "rw")
    analyzer, new = create_analyzer(database, body)
    return json_response(201 if new else 200, analyzer)


@router.route("GET", "/_api/analyzer/{name}")
def get_analyzer(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """One analyzer."""
    return result_response(200, dict(_find(emu, emu.require_db(req, "ro"), name)))


@router.route("DELETE", "/_api/analyzer/{name}")
def drop_analyzer(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """Remove an analyzer (built-in ones cannot be removed)."""
    database = emu.require_db(req, "rw")
    analyzer = _find(emu, database, name)
    if analyzer["name"] in BUILTIN_ANALYZERS or analyzer["name"] not in database.analyzers:
        raise EmuError(11, http_code=403)  # built-in, or another database's
    if not req.flag("force") and analyzer_in_use(database, analyzer["name"]):
        raise EmuError(1200, f"analyzer '{analyzer['name']}' is in use", http_code=409)
    del database.analyzers[analyzer["name"]]
    return result_response(200, {"name": analyzer["name"]})
