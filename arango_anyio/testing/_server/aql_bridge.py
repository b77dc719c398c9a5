"""The store as the AQL engine sees it: :class:`BridgeContext` implements
:class:`~arango_anyio.testing._aql.context.QueryContext` on top of
:class:`~arango_anyio.testing._state.docs.Access`.

A query outside a stream transaction reads a snapshot of its own (the committed state when it
began) and writes in an implicit transaction of its own, so a failed query leaves nothing
behind; inside a stream transaction it reads the transaction's snapshot, its writes go to that
transaction's overlay, and a failed query puts the overlay back as it was. A write to a
collection another transaction holds exclusively waits for it (inside a sliced run, in place).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import anyio

from arango_anyio.testing._aql.context import (
    CollectionType,
    Direction,
    Document,
    EdgeDefinition,
    WriteOptions,
)
from arango_anyio.testing._aql.memory import MemoryContext
from arango_anyio.testing._aql.query import run_query
from arango_anyio.testing._protocol import slices
from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._search.analyzers.composite import install_aql_runner
from arango_anyio.testing._server.search_bridge import SearchBridge
from arango_anyio.testing._state.collection import EDGE, Collection
from arango_anyio.testing._state.database import Database
from arango_anyio.testing._state.docs import Access
from arango_anyio.testing._state.transactions import DEFAULT_LOCK_TIMEOUT, LockBusy, Transaction

T = TypeVar("T")


class BridgeContext(SearchBridge):
    """One query's view of the store (see the QueryContext protocol for each method, and
    ``SearchContext`` for the search ones); ``system`` is ``_system`` (its analyzers are
    usable in every database)."""

    def __init__(self, access: Access, system: Database | None = None) -> None:
        self._access = access
        self._system = system
        self._implicit: Transaction | None = None
        self._snapshot: dict[Collection, dict[str, Any]] | None = None
        self._finished = False
        self._own_snapshot = access.trx is None and access.snapshot is None
        if self._own_snapshot:
            access.snapshot = access.database.snapshots.take()

    def _write(self, apply: Callable[[], T]) -> T:
        """``apply()``, waiting (in place, inside a sliced run) while the collection is held
        exclusively by another transaction; elsewhere LockBusy goes to the pipeline."""
        transactions = self._access.transactions
        deadline: list[float] = []  # set on the event loop, whose clock it is

        async def wait_writable(busy: LockBusy) -> None:
            if not deadline:
                deadline.append(anyio.current_time() + DEFAULT_LOCK_TIMEOUT)
            await transactions.wait_writable(busy, deadline[0])

        while True:
            try:
                return apply()
            except LockBusy as busy:
                if not slices.in_sliced_run():
                    raise
                pending = busy
            slices.wait(lambda: wait_writable(pending))  # noqa: B023 - called at once

    @property
    def database(self) -> str:
        """The name of the query's database."""
        return self._access.database.name

    @property
    def used_collections(self) -> set[str]:
        """The collections the query has read or written so far, also those named only at
        run time (``NEAR(@name, ...)``, ``DOCUMENT(...)``, ...)."""
        return set(self._access.used)

    @property
    def transaction_id(self) -> str | None:
        """The id of the stream transaction the query runs in, if any."""
        trx = self._access.trx
        return trx.id if trx is not None and self._implicit is None else None

    def _writer(self, name: str) -> Collection:
        access = self._access
        if access.trx is None:
            self._implicit = access.transactions.implicit(access.database)
            access.trx = self._implicit
        elif self._implicit is None and self._snapshot is None:
            self._snapshot = {c: dict(w) for c, w in access.trx.writes.items()}
        return access.collection(name, "rw")

    def collection_type(self, name: str) -> CollectionType:
        """``"document"`` or ``"edge"`` (1203 when missing; a view answers
        ``"document"``)."""
        database = self._access.database
        if name not in database.collections and name in database.views:
            return "document"
        collection = database.get(name, with_name=True)
        return "edge" if collection.type == EDGE else "document"

    def count(self, name: str) -> int:
        """The number of visible documents."""
        access = self._access
        return access.count(access.collection(name))

    def scan(self, name: str) -> Iterable[Document]:
        """Every visible document of ``name``."""
        access = self._access
        return access.scan(access.collection(name))

    def lookup(self, name: str, key: str) -> Document | None:
        """Document ``name/key`` or None."""
        access = self._access
        return access.get(access.collection(name), key)

    def index_definitions(self, name: str) -> list[dict[str, Any]]:
        """The indexes of ``name`` (type, fields and options, as the index API lists them)."""
        return [index.describe(name) for index in self._access.collection(name).indexes]

    def insert(self, name: str, doc: Document, options: WriteOptions
               ) -> tuple[Document | None, Document]:
        """Insert (with overwriteMode) like ``POST /_api/document``."""
        collection = self._writer(name)
        old, new, _ = self._write(lambda: self._access.insert(collection, doc, dict(options)))
        if new is None:  # overwriteMode "ignore" kept the existing document
            existing = self._access.get(collection, str(doc.get("_key")))
            assert existing is not None
            return None, existing
        return old, new

    def update(self, name: str, key: str, patch: Document, options: WriteOptions
               ) -> tuple[Document, Document]:
        """Update like ``PATCH /_api/document``."""
        collection = self._writer(name)
        return self._write(lambda: self._access.update(collection, key, patch, dict(options)))

    def replace(self, name: str, key: str, doc: Document, options: WriteOptions
                ) -> tuple[Document, Document]:
        """Replace like ``PUT /_api/document``."""
        collection = self._writer(name)
        return self._write(lambda: self._access.replace(collection, key, doc, dict(options)))

    def remove(self, name: str, key: str, options: WriteOptions) -> Document:
        """Remove like ``DELETE /_api/document``."""
        collection = self._writer(name)
        return self._write(lambda: self._access.remove(collection, key, dict(options)))

    def edges(self, collection: str, vertex_id: str, direction: Direction) -> list[Document]:
        """Edges touching ``vertex_id``."""
        access = self._access
        found = access.collection(collection)
        if found.type != EDGE:
            return []
        return access.edges(found, vertex_id, direction)

    def graph(self, name: str) -> list[EdgeDefinition]:
        """The edge definitions of named graph ``name`` (1924 when unknown)."""
        access = self._access
        graphs = access.database.find("_graphs")
        doc = access.get(graphs, name) if graphs is not None else None
        if doc is None:
            raise EmuError(1924, f"graph '{name}' not found", http_code=404)
        out: list[EdgeDefinition] = []
        for item in doc.get("edgeDefinitions", []):
            out.append({"collection": item["collection"], "from": list(item.get("from", [])),
                        "to": list(item.get("to", []))})
        return out

    def finish(self, *, success: bool) -> None:
        """Commit or undo the query's writes (once)."""
        if self._finished:
            return
        self._finished = True
        access = self._access
        if self._own_snapshot:
            access.database.snapshots.release(access.snapshot)
        implicit = self._implicit
        if implicit is not None:
            access.trx = None
            if success:
                access.transactions.commit(implicit)
            else:
                access.transactions.abort(implicit)
        elif not success and self._snapshot is not None and access.trx is not None:
            access.trx.writes = self._snapshot


def apply_computed_values(access: Access, collection: Collection, doc: Document,
                          operation: str) -> None:
    """Evaluate ``collection``'s computedValues for ``doc`` (in place), as the server does on
    ``insert`` / ``update`` / ``replace``: each expression runs with ``@doc`` bound."""
    for spec in collection.computed_values or ():
        if not isinstance(spec, dict):
            continue
        if operation not in spec.get("computeOn", ("insert", "update", "replace")):
            continue
        name = spec.get("name")
        if not isinstance(name, str) or (not spec.get("overwrite", False) and name in doc):
            continue
        reader = Access(access.database, access.clock, access.transactions)
        expression = str(spec.get("expression", "RETURN null"))
        binds = {"doc": {k: v for k, v in doc.items() if k != "_rev"}} \
            if "@doc" in expression else {}
        try:
            result = run_query(expression, binds,
                               BridgeContext(reader),
                               {"failOnWarning": bool(spec.get("failOnWarning", False))})
            value = result.result[0] if result.result else None
        except EmuError:
            if spec.get("failOnWarning", False):
                raise
            value = None
        if value is None and not spec.get("keepNull", True):
            doc.pop(name, None)
        else:
            doc[name] = value



def run_analyzer_query(query: str, bind_vars: dict[str, Any]) -> list[Any]:
    """Run an ``aql`` analyzer's query (no collection access) and return its values."""
    return run_query(query, bind_vars, MemoryContext(), {}).result


install_aql_runner(run_analyzer_query)
