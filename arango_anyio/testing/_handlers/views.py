"""``/_api/view``: arangosearch and search-alias views (definitions only; no search)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from arango_anyio.testing._handlers._common import object_body
from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import (
    EmuRequest,
    EmuResponse,
    json_response,
    result_response,
)
from arango_anyio.testing._protocol.routing import Router
from arango_anyio.testing._state.database import check_collection_name
from arango_anyio.testing._state.search_links import detach_view
from arango_anyio.testing._state.views import create_view, find_view

if TYPE_CHECKING:
    from arango_anyio.testing._server.deployment import Deployment

router = Router()


@router.route("GET", "/_api/view")
def list_views(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Every view of the database."""
    database = emu.require_db(req, "ro")
    views = sorted(database.views.values(), key=lambda v: v.name)
    return result_response(200, {"result": [v.brief() for v in views]})


@router.route("POST", "/_api/view")
def create(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Create a view; answers its properties."""
    body = object_body(req)
    database = emu.require_db(req, "rw")
    view = create_view(database, body, emu.store.clock.tick_str())
    return json_response(201, view.properties())


@router.route("GET", "/_api/view/{name}")
def get_view(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """A view's name, id and type."""
    view = find_view(emu.require_db(req, "ro"), name)
    return result_response(200, view.brief())


@router.route("GET", "/_api/view/{name}/properties")
def get_properties(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """A view's properties."""
    view = find_view(emu.require_db(req, "ro"), name)
    return result_response(200, view.properties())


def _change(emu: Deployment, req: EmuRequest, name: str, replace: bool) -> EmuResponse:
    body = object_body(req)
    database = emu.require_db(req, "rw")
    view = find_view(database, name)
    view.apply(database, body, replace=replace)
    return json_response(200, view.properties())


@router.route("PUT", "/_api/view/{name}/properties")
def put_properties(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """Replace a view's changeable properties."""
    return _change(emu, req, name, True)


@router.route("PATCH", "/_api/view/{name}/properties")
def patch_properties(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """Change some of a view's properties."""
    return _change(emu, req, name, False)


@router.route("PUT", "/_api/view/{name}/rename")
def rename_view(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """Rename a view (1207 when the name is taken; its own name: nothing to do); answers
    the view's properties, as ``RestViewHandler::modifyView``."""
    body = object_body(req)
    database = emu.require_db(req, "rw")
    view = find_view(database, name)
    new_name = body.get("name")
    if not isinstance(new_name, str):
        raise EmuError(10, 'expecting "name" parameter to be a string', http_code=400)
    if new_name != view.name:
        check_collection_name(new_name, is_system=False)
        if new_name in database.views or new_name in database.collections:
            raise EmuError(1207, http_code=409)
        del database.views[view.name]
        view.name = new_name
        database.views[view.name] = view
    return json_response(200, view.properties())


@router.route("DELETE", "/_api/view/{name}")
def drop_view(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """Drop a view."""
    database = emu.require_db(req, "rw")
    view = find_view(database, name)
    del database.views[view.name]
    detach_view(view, database)
    return result_response(200, {"result": True})
