"""Stream transactions: their state, their private overlay of writes, and their key locks."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from arango_anyio.testing._protocol.errors import EmuError

if TYPE_CHECKING:
    from arango_anyio.testing._state.collection import Collection, Doc
    from arango_anyio.testing._state.database import Database

RUNNING = "running"
COMMITTED = "committed"
ABORTED = "aborted"


class Transaction:
    """One stream transaction (or the implicit one of an AQL query).

    Writes go to ``writes`` (collection -> key -> document, or None for a removal) and are
    invisible to everybody else until :meth:`TransactionManager.commit` applies them.
    """

    __slots__ = ("coordinator", "database", "id", "last_used", "options", "read", "status",
                 "user", "write", "writes")

    def __init__(self, tid: str, database: Database, coordinator: str, user: str | None,
                 read: set[str], write: set[str], options: dict[str, Any]) -> None:
        self.id = tid
        self.database = database
        self.coordinator = coordinator
        self.user = user
        self.read = read
        self.write = write
        self.options = options
        self.status = RUNNING
        self.writes: dict[Collection, dict[str, Doc | None]] = {}
        self.last_used = time.monotonic()

    def describe(self) -> dict[str, str]:
        """``{"id", "status"}`` as the transaction API answers."""
        return {"id": self.id, "status": self.status}


class TransactionManager:
    """Every transaction of the deployment, and the key locks their writes hold."""

    def __init__(self) -> None:
        self.by_id: dict[str, Transaction] = {}
        self._running: dict[str, Transaction] = {}
        self.locks: dict[tuple[int, str], Transaction] = {}
        self.idle_timeout = 60.0

    def add(self, trx: Transaction) -> None:
        """Register a new running transaction."""
        self.by_id[trx.id] = trx
        self._running[trx.id] = trx

    def running(self) -> list[Transaction]:
        """The running transactions (expiring idle ones first)."""
        self.expire()
        return list(self._running.values())

    def expire(self) -> None:
        """Abort the running transactions idle for longer than ``idle_timeout``."""
        if not self._running:
            return
        limit = time.monotonic() - self.idle_timeout
        for trx in list(self._running.values()):
            if trx.last_used < limit:
                self.abort(trx)

    def expire_all(self) -> int:
        """Abort every running transaction now (as if each had been idle too long); their
        next use gets 404/1655. Returns how many were aborted."""
        doomed = list(self._running.values())
        for trx in doomed:
            self.abort(trx)
        return len(doomed)

    def lookup(self, tid: str, coordinator: str | None = None) -> Transaction:
        """A transaction by id, any status (404/1655 when unknown or on another coordinator)."""
        self.expire()
        trx = self.by_id.get(tid)
        if trx is None or (coordinator is not None and trx.coordinator != coordinator):
            raise EmuError(1655, f"transaction '{tid}' not found", http_code=404)
        return trx

    def use(self, tid: str, coordinator: str, database: Database) -> Transaction:
        """The running transaction a request names in ``x-arango-trx-id``."""
        trx = self.lookup(tid, coordinator)
        if trx.database is not database:
            raise EmuError(1655, f"transaction '{tid}' not found", http_code=404)
        if trx.status != RUNNING:  # finished (or expired): the server no longer knows it
            raise EmuError(1655, f"transaction '{tid}' not found", http_code=404)
        trx.last_used = time.monotonic()
        return trx

    def lock(self, trx: Transaction | None, collection: Collection, key: str) -> None:
        """Take (or check) the write lock on ``collection/key`` (1200 on a conflict)."""
        slot = (id(collection), key)
        owner = self.locks.get(slot)
        if owner is not None and owner is not trx:
            if owner.status == RUNNING and time.monotonic() - owner.last_used > self.idle_timeout:
                self.abort(owner)
            if owner.status == RUNNING:
                raise EmuError(1200, f"write-write conflict; conflicting key: {key}",
                               http_code=409)
            self.locks.pop(slot, None)
        if trx is not None:
            self.locks[slot] = trx

    def _release(self, trx: Transaction) -> None:
        self._running.pop(trx.id, None)
        for collection, writes in trx.writes.items():
            for key in writes:
                slot = (id(collection), key)
                if self.locks.get(slot) is trx:
                    del self.locks[slot]

    def commit(self, trx: Transaction) -> None:
        """Apply the overlay to the collections (1210 if a unique index clashes now)."""
        if trx.status == COMMITTED:
            return
        if trx.status != RUNNING:
            raise EmuError(1653, "transaction was already aborted", http_code=409)
        for collection, writes in trx.writes.items():
            for key, doc in writes.items():
                if doc is not None:
                    clash = collection.unique_conflict(doc, key)
                    if clash is not None and clash[1] not in writes:
                        self.abort(trx)
                        raise EmuError(1210, clash[0].conflict_message(clash[1]),
                                       http_code=409)
        for collection, writes in trx.writes.items():
            if trx.database.collections.get(collection.name) is not collection:
                continue  # dropped while the transaction ran
            for key, doc in writes.items():
                if doc is None:
                    collection.delete(key)
                else:
                    collection.put(key, doc)
        trx.status = COMMITTED
        self._release(trx)
        trx.writes = {}

    def abort(self, trx: Transaction) -> None:
        """Discard the overlay."""
        if trx.status == ABORTED:
            return
        if trx.status != RUNNING:
            raise EmuError(1653, "transaction was already committed", http_code=409)
        trx.status = ABORTED
        self._release(trx)
        trx.writes = {}

    def implicit(self, database: Database, coordinator: str = "",
                 user: str | None = None) -> Transaction:
        """A private transaction (not listed, may write anywhere) for one request or query
        that must apply all or nothing: commit or abort it when done."""
        return Transaction("implicit", database, coordinator, user, set(), {"*"}, {})

    def forget_finished(self, keep: int = 1000) -> None:
        """Drop old finished transactions beyond ``keep``."""
        finished = [t for t in self.by_id.values() if t.status != RUNNING]
        for trx in finished[:-keep] if len(finished) > keep else []:
            del self.by_id[trx.id]

