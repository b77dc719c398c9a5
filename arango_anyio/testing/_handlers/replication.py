"""Replication and WAL introspection: the logger state and tick range of the emulated server.
Tailing answers 204 (no replicable events are recorded). Dump batches, the inventory and
collection dumps are served from the store; ``clusterInventory`` needs several
coordinators (a single server answers 403/1471).

Access as the server checks it (``RestReplicationHandler::testPermissions``): access to the
request's database is enough, a dump needs read access to its collection; the WAL routes
need administrate access to ``_system``."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from arango_anyio import _serde
from arango_anyio.testing._handlers.version import VERSION
from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import EmuRequest, EmuResponse, json_response
from arango_anyio.testing._protocol.routing import Router
from arango_anyio.testing._state.database import Database
from arango_anyio.testing._state.permissions import forbidden
from arango_anyio.testing._state.users import at_least

if TYPE_CHECKING:
    from arango_anyio.testing._server.deployment import Deployment

router = Router()
SERVER_ID = "101420792779199"


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def server_info() -> dict[str, Any]:
    """The ``server`` entry of the replication answers: version and server id."""
    return {"version": VERSION, "serverId": SERVER_ID}


@router.route("GET", "/_api/replication/logger-state")
def logger_state(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The replication logger's state."""
    tick = emu.store.clock.tick()
    return json_response(200, {
        "state": {"running": True, "lastLogTick": str(tick),
                  "lastUncommittedLogTick": str(tick), "totalEvents": tick, "time": _now()},
        "server": {**server_info(), "engine": "rocksdb"},
        "clients": [],
    })


@router.route("GET", "/_api/wal/range")
def wal_range(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The tick range of the write-ahead log."""
    emu.require_admin(req)
    return json_response(200, {"time": _now(), "tickMin": "1",
                               "tickMax": str(emu.store.clock.tick()), "server": server_info()})


@router.route("GET", "/_api/wal/lastTick")
def wal_last_tick(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The last tick of the write-ahead log."""
    emu.require_admin(req)
    return json_response(200, {"time": _now(), "tick": str(emu.store.clock.tick()),
                               "server": server_info()})


@router.route("GET", "/_api/wal/tail")
def wal_tail(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """No events are recorded: 204 with the replication headers."""
    emu.require_admin(req)
    tick = str(emu.store.clock.tick())
    return EmuResponse(204, b"", {
        "content-type": "application/x-arango-dump; charset=utf-8",
        # 3.12.10 sends no x-arango-replication-active here (the docs list it)
        "x-arango-replication-checkmore": "false",
        "x-arango-replication-frompresent": "true",
        "x-arango-replication-lastincluded": "0", "x-arango-replication-lastscanned": tick,
        "x-arango-replication-lasttick": tick})


# -- dump batches, inventory and dump (added with the replication client API) --------------

#: open dump batches per emulator: id -> expiry (monotonic seconds)
_BATCHES: WeakKeyDictionary[Deployment, dict[str, float]] = WeakKeyDictionary()


def _batches(emu: Deployment) -> dict[str, float]:
    found = _BATCHES.get(emu)
    if found is None:
        found = _BATCHES[emu] = {}
    return found


def _batch_ttl(req: EmuRequest) -> float:
    body = req.json()
    ttl = body.get("ttl") if isinstance(body, dict) else None
    if ttl is None:
        return 300.0
    if isinstance(ttl, bool) or not isinstance(ttl, (int, float)) or ttl <= 0:
        raise EmuError(10, "invalid ttl value", http_code=400)
    return float(ttl)


def _batch(emu: Deployment, batch_id: str | None) -> str:
    if batch_id is None or batch_id == "":
        raise EmuError(10, "replication dump request misses batchId", http_code=400)
    batches = _batches(emu)
    expiry = batches.get(batch_id)
    if expiry is None or expiry < time.monotonic():
        batches.pop(batch_id, None)
        raise EmuError(1600, "context was not found", http_code=404)
    return batch_id


@router.route("POST", "/_api/replication/batch")
def create_batch(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """A dump batch (a snapshot id) with a ttl."""
    ttl = _batch_ttl(req)
    batch_id = emu.store.clock.tick_str()
    _batches(emu)[batch_id] = time.monotonic() + ttl
    return json_response(200, {"id": batch_id, "lastTick": batch_id,
                               "state": _state(emu)})


@router.route("PUT", "/_api/replication/batch/{batch_id}")
def extend_batch(emu: Deployment, req: EmuRequest, batch_id: str) -> EmuResponse:
    """Extend a batch's life: 204."""
    _batch(emu, batch_id)
    _batches(emu)[batch_id] = time.monotonic() + _batch_ttl(req)
    return EmuResponse(204)


@router.route("DELETE", "/_api/replication/batch/{batch_id}")
def delete_batch(emu: Deployment, req: EmuRequest, batch_id: str) -> EmuResponse:
    """Delete a batch: 204."""
    _batches(emu).pop(_batch(emu, batch_id))
    return EmuResponse(204)


def _state(emu: Deployment) -> dict[str, Any]:
    tick = str(emu.store.clock.tick())
    return {"running": True, "lastLogTick": tick, "lastUncommittedLogTick": tick,
            "totalEvents": int(tick), "time": _now()}


def _database_inventory(database: Database, include_system: bool) -> dict[str, Any]:
    collections = []
    for collection in database.collections.values():
        if collection.is_system and not include_system:
            continue
        indexes = [index.describe(collection.name) for index in collection.indexes
                   if index.type not in ("primary", "edge")]
        collections.append({"indexes": indexes, "parameters": collection.properties()})
    views = [view.properties() for view in getattr(database, "views", {}).values()]
    return {"collections": collections, "views": views, "properties": database.describe()}


@router.route("GET", "/_api/replication/inventory")
def inventory(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Collections (with indexes), views and properties of the database, or of every
    database with ``global=true``."""
    _batch(emu, req.params.get("batchId"))
    include_system = req.flag("includeSystem", True)
    if req.flag("global"):
        databases = {}
        for name, database in emu.store.databases.items():
            entry = _database_inventory(database, include_system)
            databases[name] = {"id": database.id, "name": name, **entry}
        return json_response(200, {"databases": databases, "state": _state(emu),
                                   "tick": str(emu.store.clock.tick())})
    database = emu.store.database(req.db_name)
    return json_response(200, {**_database_inventory(database, include_system),
                               "state": _state(emu), "tick": str(emu.store.clock.tick())})


@router.route("GET", "/_api/replication/clusterInventory")
def cluster_inventory(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Coordinators only: a single server answers 403/1471."""
    if len(emu.endpoints) < 2:
        raise EmuError(1471, http_code=403)
    database = emu.store.database(req.db_name)
    entry = _database_inventory(database, req.flag("includeSystem", True))
    return json_response(200, {"collections": entry["collections"], "views": entry["views"],
                               "state": _state(emu), "tick": str(emu.store.clock.tick())})


@router.route("GET", "/_api/replication/dump")
def dump(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Every document of the collection, one JSON line each (``chunkSize`` is not
    honoured: one chunk); 204 when the collection is empty."""
    name = req.params.get("collection", "")
    if not name:
        raise EmuError(1203, http_code=404)
    collection = emu.store.database(req.db_name).get(name)
    if not at_least(emu.permissions.collection_level(req.user, req.db_name, name), "ro"):
        raise forbidden()
    _batch(emu, req.params.get("batchId"))
    kind = 2301 if collection.type == 3 else 2300
    tick = str(emu.store.clock.tick())
    lines = [_serde.dumps({"tick": tick, "type": kind, "key": doc["_key"],
                           "rev": doc["_rev"], "data": doc})
             for doc in collection.docs.values()]
    headers = {"content-type": "application/x-arango-dump; charset=utf-8",
               "x-arango-replication-checkmore": "false",
               "x-arango-replication-lastincluded": tick if lines else "0"}
    if not lines:
        return EmuResponse(204, b"", headers)
    return EmuResponse(200, b"\n".join(lines) + b"\n", headers)
