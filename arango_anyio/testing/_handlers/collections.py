"""``/_api/collection``: create, list, describe, change and drop collections."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from arango_anyio.testing._handlers._common import location, object_body
from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import EmuRequest, EmuResponse, result_response
from arango_anyio.testing._protocol.routing import Router
from arango_anyio.testing._state.collection import DOCUMENT, EDGE, Collection
from arango_anyio.testing._state.docs import Access
from arango_anyio.testing._state.graphs import GRAPHS, GraphStore
from arango_anyio.testing._state.permissions import forbidden

if TYPE_CHECKING:
    from arango_anyio.testing._server.deployment import Deployment

router = Router()


def _collection(emu: Deployment, req: EmuRequest, name: str, need: str = "ro"
                ) -> tuple[Access, Collection]:
    access = emu.access(req)
    return access, access.collection(name, need, with_name=False)


def _answer(req: EmuRequest, payload: dict[str, Any], *, with_location: bool = True
            ) -> EmuResponse:
    headers = {"location": location(req)} if with_location else None
    return result_response(200, payload, headers)


@router.route("GET", "/_api/collection")
def list_collections(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Every collection of the database (``excludeSystem=true`` hides system ones)."""
    database = emu.require_db(req, "ro")
    exclude = req.flag("excludeSystem")
    checker = emu.permissions.checker(req.user, database.name)
    result = []
    for collection in database.collections.values():
        if exclude and collection.is_system:
            continue
        if checker is not None:
            try:
                checker(collection, "ro")
            except EmuError:
                continue
        result.append(collection.brief())
    return result_response(200, {"result": result})


def _collection_type(value: Any) -> int:
    if value in (None, 2, "2", "document"):
        return DOCUMENT
    if value in (3, "3", "edge"):
        return EDGE
    raise EmuError(1218, http_code=400)


@router.route("PUT", "/_api/collection")
def put_without_name(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """``PUT /_api/collection`` names no collection: the server's 400 (recorded)."""
    raise EmuError(400, "expected PUT /_api/collection/<collection-name>/<action>",
                   http_code=400)


@router.route("POST", "/_api/collection")
def create_collection(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Create a collection; answers its properties."""
    body = object_body(req)
    database = emu.require_db(req, "rw")
    name = body.get("name")
    if not isinstance(name, str) or not name:
        raise EmuError(1208, http_code=400)
    ctype = _collection_type(body.get("type"))
    key_options = body.get("keyOptions")
    if key_options is not None and not isinstance(key_options, dict):
        raise EmuError(1232, http_code=400)
    collection = database.create_collection(name, ctype, body,
                                            is_system=bool(body.get("isSystem", False)))
    return result_response(200, collection.properties())


@router.route("GET", "/_api/collection/{name}")
def get_collection(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """The collection's short description."""
    _, collection = _collection(emu, req, name)
    return _answer(req, collection.brief())


@router.route("GET", "/_api/collection/{name}/properties")
def get_properties(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """The collection's properties."""
    _, collection = _collection(emu, req, name)
    return _answer(req, collection.properties())


@router.route("PUT", "/_api/collection/{name}/properties")
def put_properties(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """Change waitForSync, schema, computedValues, cacheEnabled, ..."""
    body = object_body(req)
    emu.require_db(req, "rw")
    _, collection = _collection(emu, req, name, "rw")
    collection.update_properties(body)
    return _answer(req, collection.properties())


@router.route("GET", "/_api/collection/{name}/count")
def get_count(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """Properties plus ``count`` (inside a transaction: as the transaction sees it)."""
    access, collection = _collection(emu, req, name)
    payload = collection.properties()
    payload["count"] = access.count(collection)
    return _answer(req, payload)


@router.route("GET", "/_api/collection/{name}/figures")
def get_figures(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """Properties, count and plausible storage figures."""
    access, collection = _collection(emu, req, name)
    count = access.count(collection)
    size = sum(len(json.dumps(doc)) for doc in collection.docs.values())
    payload: dict[str, Any] = {"figures": {
        "indexes": {"count": len(collection.indexes), "size": 2746 + 40 * count},
        "documentsSize": size, "cacheInUse": False, "cacheSize": 0, "cacheUsage": 0,
    }}
    payload.update(collection.properties())
    payload["count"] = count
    return _answer(req, payload)


@router.route("GET", "/_api/collection/{name}/revision")
def get_revision(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """Properties plus the collection's last ``revision``."""
    _, collection = _collection(emu, req, name)
    payload = collection.properties()
    payload["revision"] = collection.revision
    return _answer(req, payload)


@router.route("GET", "/_api/collection/{name}/checksum")
def get_checksum(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """A checksum over keys (and revisions / data when asked), order-independent."""
    access, collection = _collection(emu, req, name)
    with_revisions = req.flag("withRevisions")
    with_data = req.flag("withData")
    checksum = 0
    for doc in access.scan(collection):
        text = doc["_key"]
        if with_revisions:
            text += "\x00" + doc["_rev"]
        if with_data:
            data = {k: v for k, v in doc.items() if k not in ("_key", "_id", "_rev")}
            text += "\x00" + json.dumps(data, sort_keys=True)
        checksum ^= int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(),
                                   "big")
    payload = collection.brief()
    payload["revision"] = collection.revision
    payload["checksum"] = str(checksum)
    return _answer(req, payload)


@router.route("PUT", "/_api/collection/{name}/truncate")
def truncate(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """Remove every document."""
    access, collection = _collection(emu, req, name, "rw")
    access.truncate(collection)
    return _answer(req, collection.brief())


@router.route("PUT", "/_api/collection/{name}/rename")
def rename(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """Rename the collection (1207 when the new name is taken)."""
    body = object_body(req)
    database = emu.require_db(req, "rw")
    _, collection = _collection(emu, req, name, "rw")
    new_name = body.get("name")
    if not isinstance(new_name, str) or not new_name:
        raise EmuError(1208, http_code=400)
    database.rename_collection(collection, new_name)
    return _answer(req, collection.brief())


@router.route("PUT", "/_api/collection/{name}/compact")
@router.route("PUT", "/_api/collection/{name}/unload")
def compact(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """Compaction (and the legacy unload): nothing to do in memory."""
    _, collection = _collection(emu, req, name)
    return _answer(req, collection.brief())


@router.route("PUT", "/_api/collection/{name}/load")
def load(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """The legacy load: nothing to load; answers the collection with its ``count`` (unless
    the body says ``{"count": false}``)."""
    body = req.json()
    access, collection = _collection(emu, req, name)
    payload = collection.brief()
    with_count = body.get("count", True) if isinstance(body, dict) else True
    if with_count is not False:
        payload["count"] = access.count(collection)
    return _answer(req, payload)


@router.route("PUT", "/_api/collection/{name}/loadIndexesIntoMemory")
def load_indexes(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """Nothing to load: answers ``result: true``."""
    _collection(emu, req, name)
    return _answer(req, {"result": True})


@router.route("PUT", "/_api/collection/{name}/recalculateCount")
def recalculate_count(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """Counts are always exact here."""
    access, collection = _collection(emu, req, name)
    return _answer(req, {"result": True, "count": access.count(collection)})


@router.route("GET", "/_api/collection/{name}/shards")
@router.route("PUT", "/_api/collection/{name}/responsibleShard")
def cluster_only(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """Shard information exists only in a cluster: 501 on a single server."""
    _collection(emu, req, name)
    raise EmuError(9, "shards API is only available in a cluster", http_code=501)


def _refuse_graph_collection(access: Access, name: str) -> None:
    """500/1942 when a named graph uses collection ``name`` (3.12 keeps graph definitions
    intact: drop the graph, or take the collection out of it, first)."""
    store = GraphStore(access.database, access.unchecked())
    if access.database.find(GRAPHS) is None:
        return
    for graph in store.all():
        if name in graph.orphans:
            kind = "an orphan collection"
        elif name in graph.edge_defs:
            kind = "an edge collection"
        elif name in graph.vertex_collections():
            kind = "a vertex collection"
        else:
            continue
        raise EmuError(1942, f"must not drop collection while part of graph: collection "
                       f"'{name}' is {kind} inside graph '{graph.name}'", http_code=500)


@router.route("DELETE", "/_api/collection/{name}")
def drop_collection(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """Drop the collection (system collections only with ``isSystem=true``)."""
    database = emu.require_db(req, "rw")
    access, collection = _collection(emu, req, name, "rw")
    if collection.is_system and not req.flag("isSystem"):
        raise forbidden()
    _refuse_graph_collection(access, collection.name)
    for trx in emu.store.transactions.running():
        trx.writes.pop(collection, None)
    database.drop_collection(collection)
    return result_response(200, {"id": collection.id})
