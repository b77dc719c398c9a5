"""``/_api/index``: list, get, create and drop indexes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from arango_anyio.testing._handlers._common import object_body
from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import EmuRequest, EmuResponse, result_response
from arango_anyio.testing._protocol.routing import Router
from arango_anyio.testing._state.collection import Collection
from arango_anyio.testing._state.indexes import (
    Index,
    normalize,
    same_index,
    selectivity_estimate,
)
from arango_anyio.testing._state.search_indexes import complete_inverted, complete_vector

if TYPE_CHECKING:
    from arango_anyio.testing._server.deployment import Deployment

router = Router()


def _collection(emu: Deployment, req: EmuRequest, name: str | None, need: str = "ro"
                ) -> Collection:
    if not name:
        raise EmuError(1204, http_code=400)
    return emu.access(req, transactional=False).collection(name, need)


def _describe(collection: Collection, index: Index, req: EmuRequest) -> dict[str, Any]:
    out = index.describe(collection.name, figures=req.flag("withStats"))
    estimate = selectivity_estimate(index, collection.docs.values())
    if estimate is not None:
        out["selectivityEstimate"] = estimate
    return out


@router.route("GET", "/_api/index")
def list_indexes(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """All indexes of ``?collection=``, with an ``identifiers`` map."""
    collection = _collection(emu, req, req.params.get("collection"))
    indexes = [_describe(collection, ix, req) for ix in collection.indexes]
    return result_response(200, {"indexes": indexes,
                                 "identifiers": {ix["id"]: ix for ix in indexes}})


def _find(emu: Deployment, req: EmuRequest, collection: str, ident: str, need: str
          ) -> tuple[Collection, Index]:
    found = _collection(emu, req, collection, need)
    index = found.find_index(ident)
    if index is None:
        raise EmuError(1212, http_code=404)
    return found, index


@router.route("GET", "/_api/index/{collection}/{ident}")
def get_index(emu: Deployment, req: EmuRequest, collection: str, ident: str) -> EmuResponse:
    """One index by ``collection/id`` (or name)."""
    found, index = _find(emu, req, collection, ident, "ro")
    return result_response(200, _describe(found, index, req))


@router.route("POST", "/_api/index")
def create_index(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Create an index: 201 when new, 200 when an identical one exists."""
    body = object_body(req)
    emu.require_db(req, "rw")
    collection = _collection(emu, req, req.params.get("collection"), "rw")
    definition = normalize(body, lambda: f"idx_{emu.store.clock.tick() << 30}")
    if definition["type"] == "inverted":
        definition = complete_inverted(definition, body, emu.require_db(req, "rw"),
                                       emu.store.databases.get("_system"))
    elif definition["type"] == "vector":
        definition = complete_vector(definition)
    for existing in collection.indexes:
        if same_index(existing, definition):
            out = _describe(collection, existing, req)
            out["isNewlyCreated"] = False
            return result_response(200, out)
        if existing.name == definition["name"]:
            raise EmuError(1207, "duplicate value: index name already in use",
                           http_code=409)
    index = Index(emu.store.clock.tick_str(), definition)
    collection.add_index(index)
    out = _describe(collection, index, req)
    out["isNewlyCreated"] = True
    return result_response(201, out)


@router.route("DELETE", "/_api/index/{collection}/{ident}")
def drop_index(emu: Deployment, req: EmuRequest, collection: str, ident: str) -> EmuResponse:
    """Drop an index (the primary and edge indexes cannot be dropped)."""
    emu.require_db(req, "rw")
    found, index = _find(emu, req, collection, ident, "rw")
    if index.type in ("primary", "edge"):
        raise EmuError(11, "cannot drop a system index", http_code=403)
    found.drop_index(index)
    return result_response(200, {"id": f"{found.name}/{index.id}"})
