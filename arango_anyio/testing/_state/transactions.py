"""Stream transactions: their state, their private overlay of writes, their snapshot, and
the locks they hold, as ArangoDB's RocksDB engine has them:

- a transaction reads the snapshot taken when it began (plus its own writes);
- a document written by a running transaction is locked for everyone else: another write to
  it fails at once with 409/1200 "write-write conflict" (the server waits 1 ms), and so does
  a transaction's write to a document committed by someone else after its snapshot;
- a collection declared ``write`` is held shared, one declared ``exclusive`` exclusively,
  from begin to commit or abort: an exclusive holder makes every other writer of the
  collection (transactions beginning, single operations, AQL queries) wait, and waits for
  the other holders itself, up to the waiter's ``lockTimeout`` (900 s by default, 0: no
  limit), after which it fails with 500/18 "lock timeout". Reads never wait.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import anyio

from arango_anyio.testing._protocol.errors import EmuError

if TYPE_CHECKING:
    from arango_anyio.testing._state.collection import Collection, Doc
    from arango_anyio.testing._state.database import Database
    from arango_anyio.testing._state.snapshots import Snapshot

RUNNING = "running"
COMMITTED = "committed"
ABORTED = "aborted"

#: Seconds a writer waits for a collection lock unless it says otherwise (``lockTimeout``).
DEFAULT_LOCK_TIMEOUT = 900.0
#: Seconds between two looks at a busy collection lock.
_LOCK_POLL = 0.002


class LockBusy(Exception):
    """A write must wait: ``collection`` is held exclusively by another transaction.

    Not an EmuError, so that code collecting per-document errors lets it through: the
    request pipeline (or a sliced query) waits with :meth:`TransactionManager.wait_writable`
    and tries again."""

    def __init__(self, database: str, collection: Collection) -> None:
        super().__init__(f"collection '{collection.name}' is locked exclusively")
        self.database = database
        self.collection = collection


def lock_timeout_error(seconds: float, mode: str, database: str, collection: str) -> EmuError:
    """500/18 as the server words it when a collection lock was not had in time."""
    return EmuError(18, f"timed out after {seconds:.6f} s waiting for {mode}-lock on "
                        f"collection {database}/{collection}", http_code=500)


class Transaction:
    """One stream transaction (or the implicit one of an AQL query).

    Writes go to ``writes`` (collection -> key -> document, or None for a removal) and are
    invisible to everybody else until :meth:`TransactionManager.commit` applies them.
    """

    __slots__ = ("coordinator", "database", "exclusive", "id", "last_used", "options", "read",
                 "snapshot", "status", "user", "write", "writes")

    def __init__(self, tid: str, database: Database, coordinator: str, user: str | None,
                 read: set[str], write: set[str], options: dict[str, Any], *,
                 exclusive: set[str] | None = None, snapshot: Snapshot | None = None) -> None:
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
        #: the collections (names) declared ``exclusive`` (they are in ``write`` too)
        self.exclusive = exclusive if exclusive is not None else set()
        #: what the transaction reads (None: the committed state, for implicit ones)
        self.snapshot = snapshot

    @property
    def lock_timeout(self) -> float:
        """Seconds to wait for collection locks (``lockTimeout``; inf for 0)."""
        value = self.options.get("lockTimeout", DEFAULT_LOCK_TIMEOUT)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            return DEFAULT_LOCK_TIMEOUT
        return math.inf if value == 0 else float(value)

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
        #: collection locks: the exclusive holder, and the shared holders, of each collection
        self.exclusive_holders: dict[Collection, Transaction] = {}
        #: (a shared holder is a transaction, or a request writing in time slices)
        self.shared_holders: dict[Collection, set[object]] = {}

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

    # -- collection locks ---------------------------------------------------------------------

    def _blocker(self, trx: Transaction | None, collection: Collection,
                 exclusive: bool) -> object | None:
        """The holder that keeps ``trx`` from holding ``collection``, if any."""
        owner = self.exclusive_holders.get(collection)
        if owner is not None and owner is not trx:
            return owner
        if exclusive:
            for other in self.shared_holders.get(collection, ()):
                if other is not trx:
                    return other
        return None

    def check_write(self, trx: Transaction | None, collection: Collection,
                    holder: object | None = None) -> None:
        """Before ``trx`` (None: a single operation) writes to ``collection``: raise
        :class:`LockBusy` while another transaction holds it exclusively. An implicit
        transaction (a query's), and a ``holder`` (a request writing in time slices, which
        others can interleave with), hold the collection shared from their first write on,
        as the server's operations do for their duration."""
        owner = self.exclusive_holders.get(collection)
        if owner is not None and owner is not trx:
            if owner.status == RUNNING and time.monotonic() - owner.last_used > self.idle_timeout:
                self.abort(owner)
            if self.exclusive_holders.get(collection) is not None:
                raise LockBusy(owner.database.name, collection)
        if trx is not None and trx.id == "implicit":
            self.shared_holders.setdefault(collection, set()).add(trx)
        elif trx is None and holder is not None:
            self.shared_holders.setdefault(collection, set()).add(holder)

    async def wait_writable(self, busy: LockBusy, deadline: float,
                            gone: Callable[[], bool] | None = None) -> None:
        """Wait until nobody holds ``busy.collection`` exclusively; 500/18 at ``deadline``
        (AnyIO clock: :data:`DEFAULT_LOCK_TIMEOUT` after the writer first waited), 410/21
        when ``gone()`` says the client hung up meanwhile."""
        while self._blocker(None, busy.collection, exclusive=False) is not None:
            if anyio.current_time() >= deadline:
                raise lock_timeout_error(DEFAULT_LOCK_TIMEOUT, "write", busy.database,
                                         busy.collection.name)
            self._stop_if_gone(gone)
            self.expire()
            await anyio.sleep(_LOCK_POLL)

    @staticmethod
    def _stop_if_gone(gone: Callable[[], bool] | None) -> None:
        if gone is not None and gone():
            raise EmuError(21, "canceled request", http_code=410)

    async def acquire(self, trx: Transaction, wanted: list[tuple[Collection, bool]],
                      gone: Callable[[], bool] | None = None) -> None:
        """Take the collection locks ``trx`` declared (``(collection, exclusive)``), all at
        once, waiting up to its ``lockTimeout`` for the others to let go (500/18 then;
        410/21 when ``gone()`` says the client hung up meanwhile)."""
        timeout = trx.lock_timeout
        deadline = anyio.current_time() + timeout
        while True:
            busy = [(c, x) for c, x in wanted if self._blocker(trx, c, x) is not None]
            if not busy:
                break
            if anyio.current_time() >= deadline:
                collection, exclusive = busy[0]
                raise lock_timeout_error(timeout, "exclusive" if exclusive else "write",
                                         trx.database.name, collection.name)
            self._stop_if_gone(gone)
            self.expire()
            await anyio.sleep(_LOCK_POLL)
        for collection, exclusive in wanted:
            if exclusive:
                self.exclusive_holders[collection] = trx
            else:
                self.shared_holders.setdefault(collection, set()).add(trx)

    def release(self, holder: object) -> None:
        """Give up every collection lock ``holder`` (a transaction, or a request) holds."""
        for collection, owner in list(self.exclusive_holders.items()):
            if owner is holder:
                del self.exclusive_holders[collection]
        for collection, holders in list(self.shared_holders.items()):
            holders.discard(holder)
            if not holders:
                del self.shared_holders[collection]

    def _release(self, trx: Transaction) -> None:
        self._running.pop(trx.id, None)
        self.release(trx)
        trx.database.snapshots.release(trx.snapshot)
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
        trx.database.snapshots.release(trx.snapshot)  # its own commit is not news to it
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
        that must apply all or nothing: commit or abort it when done. It reads the committed
        state (the query has its own snapshot)."""
        return Transaction("implicit", database, coordinator, user, set(), {"*"}, {})

    def forget_finished(self, keep: int = 1000) -> None:
        """Drop old finished transactions beyond ``keep``."""
        finished = [t for t in self.by_id.values() if t.status != RUNNING]
        for trx in finished[:-keep] if len(finished) > keep else []:
            del self.by_id[trx.id]

