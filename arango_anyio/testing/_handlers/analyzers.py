"""``/_api/analyzer``: built-in and user analyzers (definitions only)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from arango_anyio.testing._errors import EmuError
from arango_anyio.testing._handlers._common import object_body
from arango_anyio.testing._router import Router
from arango_anyio.testing._state.database import Database
from arango_anyio.testing._state.views import (
    BUILTIN_ANALYZERS,
    analyzer_name,
    create_analyzer,
)
from arango_anyio.testing._wire import EmuRequest, EmuResponse, json_response, result_response

if TYPE_CHECKING:
    from arango_anyio.testing._emulator import Emulator

router = Router()


def _find(database: Database, name: str) -> dict[str, Any]:
    full = analyzer_name(database, name)
    analyzer = BUILTIN_ANALYZERS.get(full) or database.analyzers.get(full)
    if analyzer is None:
        raise EmuError(1202, f"analyzer '{full}' not found", http_code=404)
    return analyzer


@router.route("GET", "/_api/analyzer")
def list_analyzers(emu: Emulator, req: EmuRequest) -> EmuResponse:
    """The built-in analyzers and those of the database."""
    database = emu.require_db(req, "ro")
    result = list(BUILTIN_ANALYZERS.values()) + sorted(database.analyzers.values(),
                                                       key=lambda a: str(a["name"]))
    return result_response(200, {"result": result})


@router.route("POST", "/_api/analyzer")
def create(emu: Emulator, req: EmuRequest) -> EmuResponse:
    """Create an analyzer: 201 when new, 200 when an identical one exists."""
    body = object_body(req)
    database = emu.require_db(req, "rw")
    analyzer, new = create_analyzer(database, body)
    return json_response(201 if new else 200, analyzer)


@router.route("GET", "/_api/analyzer/{name}")
def get_analyzer(emu: Emulator, req: EmuRequest, name: str) -> EmuResponse:
    """One analyzer."""
    return result_response(200, dict(_find(emu.require_db(req, "ro"), name)))


@router.route("DELETE", "/_api/analyzer/{name}")
def drop_analyzer(emu: Emulator, req: EmuRequest, name: str) -> EmuResponse:
    """Remove an analyzer (built-in ones cannot be removed)."""
    database = emu.require_db(req, "rw")
    analyzer = _find(database, name)
    if analyzer["name"] in BUILTIN_ANALYZERS:
        raise EmuError(11, http_code=403)
    del database.analyzers[analyzer["name"]]
    return result_response(200, {"name": analyzer["name"]})
