"""``/_api/transaction``: stream transactions (begin, status, commit, abort, list).

JavaScript transactions (``POST /_api/transaction``) need V8 and answer 501.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from arango_anyio.testing._handlers._common import object_body
from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import EmuRequest, EmuResponse, json_response
from arango_anyio.testing._protocol.routing import Router
from arango_anyio.testing._state.collection import Collection
from arango_anyio.testing._state.transactions import RUNNING, Transaction

if TYPE_CHECKING:
    from arango_anyio.testing._server.deployment import Deployment

router = Router()


def _names(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise EmuError(10, "invalid 'collections' attribute", http_code=400)


@router.route("POST", "/_api/transaction/begin")
async def begin(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Begin a stream transaction on this coordinator: take its collection locks (waiting
    up to ``lockTimeout`` for an exclusive holder to finish), then its snapshot."""
    body = object_body(req)
    collections = body.get("collections")
    if not isinstance(collections, dict):
        raise EmuError(10, "missing 'collections'", http_code=400)
    read = _names(collections.get("read"))
    exclusive = _names(collections.get("exclusive"))
    write = _names(collections.get("write")) + exclusive
    access = emu.access(req, transactional=False)
    for name in read:
        access.collection(name, "ro")
    wanted: dict[Collection, bool] = {}
    for name in write:
        collection = access.collection(name, "rw")
        wanted[collection] = wanted.get(collection, False) or name in exclusive
    store = emu.store
    database = access.database
    trx = Transaction(store.clock.tick_str(), database, req.coordinator, req.user,
                      set(read), {c.name for c in wanted},
                      {k: v for k, v in body.items() if k != "collections"},
                      exclusive={c.name for c, x in wanted.items() if x})
    await store.transactions.acquire(trx, list(wanted.items()), req.client_gone)
    trx.snapshot = database.snapshots.take()
    store.transactions.add(trx)
    store.transactions.forget_finished()
    return json_response(201, {"code": 201, "error": False, "result": trx.describe()})


def _own(emu: Deployment, req: EmuRequest, tid: str) -> Transaction:
    trx = emu.store.transactions.lookup(tid, req.coordinator)
    if trx.database.name != req.db_name:
        raise EmuError(1655, f"transaction '{tid}' not found", http_code=404)
    return trx


@router.route("GET", "/_api/transaction/{tid}")
def status(emu: Deployment, req: EmuRequest, tid: str) -> EmuResponse:
    """The transaction's status (running, committed, aborted)."""
    trx = _own(emu, req, tid)
    return json_response(200, {"code": 200, "error": False, "result": trx.describe()})


@router.route("PUT", "/_api/transaction/{tid}")
def commit(emu: Deployment, req: EmuRequest, tid: str) -> EmuResponse:
    """Commit: the transaction's writes become visible."""
    trx = _own(emu, req, tid)
    emu.store.transactions.commit(trx)
    return json_response(200, {"code": 200, "error": False, "result": trx.describe()})


@router.route("DELETE", "/_api/transaction/{tid}")
def abort(emu: Deployment, req: EmuRequest, tid: str) -> EmuResponse:
    """Abort: the transaction's writes are discarded."""
    trx = _own(emu, req, tid)
    emu.store.transactions.abort(trx)
    return json_response(200, {"code": 200, "error": False, "result": trx.describe()})


@router.route("GET", "/_api/transaction")
def list_transactions(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The running transactions of this database."""
    running = [{"id": t.id, "state": RUNNING} for t in emu.store.transactions.running()
               if t.database.name == req.db_name]
    return json_response(200, {"transactions": running})


@router.route("POST", "/_api/transaction")
def javascript_transaction(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """JavaScript transactions need a JavaScript engine, which the emulator has not."""
    raise EmuError(9, "JavaScript transactions are not supported by the emulator; use "
                   "stream transactions (/_api/transaction/begin)", http_code=501)


