"""Document reads and writes in one database, inside a stream transaction or directly.

:class:`Access` is the one place where documents change: the document, import and edge
handlers and the AQL bridge all go through it, so rules (keys, ``_rev`` checks, edges, schema,
unique indexes, key and collection locks, transaction overlays and snapshots, permissions)
are the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from arango_anyio.testing._protocol import slices
from arango_anyio.testing._protocol.errors import EmuError, RevisionConflict
from arango_anyio.testing._state.clock import Clock
from arango_anyio.testing._state.collection import EDGE, Collection, Doc
from arango_anyio.testing._state.database import Database
from arango_anyio.testing._state.indexes import ttl_expired
from arango_anyio.testing._state.keys import valid_key
from arango_anyio.testing._state.schema import validate
from arango_anyio.testing._state.snapshots import Snapshot
from arango_anyio.testing._state.transactions import Transaction, TransactionManager

SYSTEM_ATTRS = frozenset(("_key", "_id", "_rev", "_from", "_to"))
Options = dict[str, Any]


def _version_number(value: Any) -> int | None:
    """A version attribute's value as a whole number; None unless it is a non-negative
    number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value \
            or value < 0 or value == float("inf"):
        return None
    return int(value)


def newer_version(attribute: Any, stored: Doc, given: Doc) -> bool:
    """Whether a replace or update may go ahead under the ``versionAttribute`` option: only
    when the given document's version (rounded down to a whole number) is higher than the
    stored one's, or when either has no usable (non-negative numeric) version, or when no
    version attribute is named."""
    if not isinstance(attribute, str) or not attribute:
        return True
    new = _version_number(given.get(attribute))
    old = _version_number(stored.get(attribute))
    return new is None or old is None or new > old
#: Permission check: (collection, "ro" | "rw") -> None or raise EmuError.
Checker = Callable[[Collection, str], None]
#: Evaluates a collection's computedValues into a document being written, in place:
#: (access, collection, document, "insert" | "update" | "replace") -> None. The server layer
#: provides it (it runs AQL, which sits above the state).
ValueComputer = Callable[["Access", Collection, Doc, str], None]


def meta(doc: Doc) -> Doc:
    """``{"_id", "_key", "_rev"}`` of a document."""
    return {"_id": doc["_id"], "_key": doc["_key"], "_rev": doc["_rev"]}


def _valid_handle(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    slash = value.find("/")
    return 0 < slash < len(value) - 1 and valid_key(value[slash + 1:])


def _strip_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_nulls(v) for k, v in value.items() if v is not None}
    return value


def merge_patch(old: Doc, patch: Doc, keep_null: bool, merge_objects: bool) -> Doc:
    """``old`` with ``patch`` applied as PATCH does (keepNull / mergeObjects)."""
    out = dict(old)
    for name, value in patch.items():
        if value is None and not keep_null:
            out.pop(name, None)
        elif merge_objects and isinstance(value, dict) and isinstance(out.get(name), dict):
            out[name] = merge_patch(out[name], value, keep_null, True)
        else:
            out[name] = value if keep_null else _strip_nulls(value)
    return out


class Access:
    """Reads and writes for one request (or one AQL query) in ``database``.

    ``trx`` is the stream transaction the request runs in (writes go to its overlay), or None
    (writes are applied at once). Reads see ``snapshot`` (by default the transaction's: the
    committed state when it began) under the overlay; without one, the committed state now.
    ``check`` enforces the user's permissions. ``holder``: see :attr:`holder`.
    """

    def __init__(self, database: Database, clock: Clock, transactions: TransactionManager,
                 trx: Transaction | None = None, check: Checker | None = None, *,
                 compute: ValueComputer | None = None,
                 snapshot: Snapshot | None = None, holder: object | None = None) -> None:
        self.database = database
        self.clock = clock
        self.transactions = transactions
        self.trx = trx
        self.check = check
        self.compute = compute
        self.snapshot = snapshot if snapshot is not None else (
            trx.snapshot if trx is not None else None)
        #: what holds the written collections shared outside a transaction (the request,
        #: when it writes in time slices), None when the writes are done in one go
        self.holder = holder
        #: the names of the collections resolved through this access (what a query read,
        #: the data sources of a cached query result)
        self.used: set[str] = set()

    def unchecked(self) -> Access:
        """Access to the same database outside any transaction and without permission
        checks (for the server's own bookkeeping, e.g. graph definitions)."""
        return Access(self.database, self.clock, self.transactions, compute=self.compute)

    # -- collections ----------------------------------------------------------------------

    def collection(self, name: str, need: str = "ro", *, with_name: bool = True) -> Collection:
        """A collection by name, checking permissions and transaction registration."""
        collection = self.database.get(name, with_name=with_name)
        self.used.add(collection.name)
        if self.check is not None:
            self.check(collection, need)
        trx = self.trx
        if trx is not None and "*" not in trx.write and collection.name not in trx.write:
            if need == "rw":
                raise EmuError(1652, f"Transaction: collection '{collection.name}' is not "
                               "registered for writing", http_code=400)
            if trx.options.get("allowImplicit") is False and collection.name not in trx.read:
                raise EmuError(1652, f"Transaction: collection '{collection.name}' is not "
                               "registered and allowImplicit is false", http_code=400)
        return collection

    # -- reads ----------------------------------------------------------------------------

    def _overlay(self, collection: Collection) -> dict[str, Doc | None] | None:
        trx = self.trx
        return trx.writes.get(collection) if trx is not None else None

    def _before(self, collection: Collection) -> dict[str, Doc | None] | None:
        """The snapshot's versions of the keys of ``collection`` changed since it began."""
        snapshot = self.snapshot
        return snapshot.changed(collection) if snapshot is not None else None

    def get(self, collection: Collection, key: str) -> Doc | None:
        """The visible document ``key`` of ``collection``, or None."""
        overlay = self._overlay(collection)
        if overlay is not None and key in overlay:
            return overlay[key]
        before = self._before(collection)
        if before is not None and key in before:
            return before[key]
        doc = collection.docs.get(key)
        if doc is not None and collection.has_ttl:
            for index in collection.indexes:
                if index.type == "ttl" and ttl_expired(index, doc):
                    collection.delete(key)
                    return None
        return doc

    def _committed(self, collection: Collection) -> dict[str, Doc]:
        """The committed documents as this access sees them (its snapshot's, if any)."""
        before = self._before(collection)
        if not before:
            return collection.docs
        seen = {key: doc for key, doc in collection.docs.items() if key not in before}
        seen.update((key, old) for key, old in before.items() if old is not None)
        return seen

    def scan(self, collection: Collection) -> Iterator[Doc]:
        """Every visible document of ``collection`` (committed order, then new ones)."""
        collection.expire()
        overlay = self._overlay(collection)
        base = self._committed(collection)
        if not overlay:
            yield from list(base.values())
            return
        for key, doc in list(base.items()):
            if key in overlay:
                changed = overlay[key]
                if changed is not None:
                    yield changed
            else:
                yield doc
        for key, changed in list(overlay.items()):
            if changed is not None and key not in base:
                yield changed

    def count(self, collection: Collection) -> int:
        """The number of visible documents."""
        collection.expire()
        base = self._committed(collection)
        total = len(base)
        overlay = self._overlay(collection)
        if overlay:
            for key, doc in overlay.items():
                present = key in base
                if doc is None and present:
                    total -= 1
                elif doc is not None and not present:
                    total += 1
        return total

    def edges(self, collection: Collection, vertex: str, direction: str) -> list[Doc]:
        """Edges of ``collection`` touching ``vertex`` (``out``/``in``/``any`` or the AQL
        spellings ``outbound``/``inbound``)."""
        keys: list[str] = []
        if direction in ("out", "outbound", "any"):
            keys.extend(collection.by_from.get(vertex, ()))
        if direction in ("in", "inbound", "any"):
            keys.extend(k for k in collection.by_to.get(vertex, ()) if k not in keys)
        before = self._before(collection)
        if before:  # edges the snapshot still has, but the committed state no longer
            keys.extend(k for k, old in before.items()
                        if old is not None and k not in keys and _touches(old, vertex, direction))
        overlay = self._overlay(collection)
        out: list[Doc] = []
        for key in keys:
            doc = self.get(collection, key)
            if doc is not None and _touches(doc, vertex, direction):
                out.append(doc)
        if overlay:
            seen = set(keys)
            for key, doc in overlay.items():
                if doc is not None and key not in seen and _touches(doc, vertex, direction):
                    out.append(doc)
        return out

    # -- writes ---------------------------------------------------------------------------

    def _store(self, collection: Collection, key: str, doc: Doc | None) -> None:
        slices.checkpoint()  # a long bulk write lets the event loop run (in a sliced run)
        trx = self.trx
        self.transactions.check_write(trx, collection, self.holder)
        snapshot = self.snapshot
        if snapshot is not None and snapshot.changed_since(collection, key):
            raise EmuError(1200, f"write-write conflict; conflicting key: {key}",
                           http_code=409)
        self.transactions.lock(trx, collection, key)
        if trx is None:
            if doc is None:
                collection.delete(key, self.clock.rev())
            else:
                collection.put(key, doc)
        else:
            trx.writes.setdefault(collection, {})[key] = doc

    def _check_unique(self, collection: Collection, doc: Doc, key: str) -> None:
        overlay = self._overlay(collection)
        for index in collection.indexes:
            if not index.enforces_unique:
                continue
            value = index.value_of(doc)
            if value is None:
                continue
            other = index.entries.get(value)
            if other is not None and other != key and (overlay is None or other not in overlay):
                raise EmuError(1210, index.conflict_message(other), http_code=409)
            if overlay:
                for okey, odoc in overlay.items():
                    if odoc is not None and okey != key and index.value_of(odoc) == value:
                        raise EmuError(1210, index.conflict_message(okey), http_code=409)

    def _build(self, collection: Collection, key: str, body: Doc, base: Doc | None) -> Doc:
        doc: Doc = {"_key": key, "_id": f"{collection.name}/{key}"}
        if collection.type == EDGE:
            src = body.get("_from", base.get("_from") if base else None)
            dst = body.get("_to", base.get("_to") if base else None)
            if not _valid_handle(src) or not _valid_handle(dst):
                raise EmuError(1233, http_code=400)
            doc["_from"] = src
            doc["_to"] = dst
        doc["_rev"] = ""
        for name, value in body.items():
            if name not in SYSTEM_ATTRS:
                doc[name] = value
        return doc

    def _finish(self, collection: Collection, doc: Doc, old: Doc | None,
                operation: str = "insert") -> Doc:
        if collection.computed_values and self.compute is not None:
            self.compute(self, collection, doc, operation)
        validate(collection.schema, doc, old)
        self._check_unique(collection, doc, doc["_key"])
        doc["_rev"] = self.clock.rev()
        self._store(collection, doc["_key"], doc)
        return doc

    @staticmethod
    def _check_rev(current: Doc, expected: str | None) -> None:
        if expected is not None and expected != current["_rev"]:
            raise RevisionConflict(meta(current))

    def insert(self, collection: Collection, body: Any, options: Options
               ) -> tuple[Doc | None, Doc | None, Doc]:
        """Insert ``body``: returns ``(old, new, answer_meta)``; ``new`` is None when
        ``overwriteMode: ignore`` kept an existing document."""
        if not isinstance(body, dict):
            raise EmuError(1227, http_code=400)
        key = body.get("_key")
        existing: Doc | None = None
        if key is None:
            key = collection.keygen.generate()
        else:
            if not valid_key(key):
                raise EmuError(1221, http_code=400)
            existing = self.get(collection, key)
            if existing is None:
                key = collection.keygen.accept(key)
        if existing is not None:
            mode = options.get("overwriteMode")
            if mode is None:
                mode = "replace" if options.get("overwrite") else "conflict"
            if mode == "ignore":
                return None, None, meta(existing)
            if mode in ("replace", "update"):
                if not newer_version(options.get("versionAttribute"), existing, body):
                    answer = meta(existing)
                    answer["_oldRev"] = existing["_rev"]
                    return existing, existing, answer
                if mode == "update":
                    merged = merge_patch(existing, body, options.get("keepNull", True),
                                         options.get("mergeObjects", True))
                    doc = self._build(collection, key, merged, existing)
                else:
                    doc = self._build(collection, key, body, None)
                new = self._finish(collection, doc, existing, mode)
                answer = meta(new)
                answer["_oldRev"] = existing["_rev"]
                return existing, new, answer
            raise EmuError(1210, "unique constraint violated - in index primary of type "
                           f"primary over '_key'; conflicting key: {key}", http_code=409)
        doc = self._build(collection, key, body, None)
        new = self._finish(collection, doc, None)
        return None, new, meta(new)

    def _current(self, collection: Collection, key: Any) -> Doc:
        if not isinstance(key, str) or not valid_key(key):
            raise EmuError(1202, http_code=404) if isinstance(key, str) else \
                EmuError(1221, http_code=400)
        current = self.get(collection, key)
        if current is None:
            raise EmuError(1202, http_code=404)
        return current

    def replace(self, collection: Collection, key: Any, body: Any, options: Options,
                expected_rev: str | None = None) -> tuple[Doc, Doc]:
        """Replace document ``key`` with ``body``; returns ``(old, new)``."""
        if not isinstance(body, dict):
            raise EmuError(1227, http_code=400)
        current = self._current(collection, key)
        self._check_rev(current, self._expected(body, options, expected_rev))
        if not newer_version(options.get("versionAttribute"), current, body):
            return current, current
        doc = self._build(collection, current["_key"], body, None)
        return current, self._finish(collection, doc, current, "replace")

    def update(self, collection: Collection, key: Any, patch: Any, options: Options,
               expected_rev: str | None = None) -> tuple[Doc, Doc]:
        """Merge ``patch`` into document ``key``; returns ``(old, new)``."""
        if not isinstance(patch, dict):
            raise EmuError(1227, http_code=400)
        current = self._current(collection, key)
        self._check_rev(current, self._expected(patch, options, expected_rev))
        if not newer_version(options.get("versionAttribute"), current, patch):
            return current, current
        body = {k: v for k, v in patch.items() if k not in ("_key", "_id", "_rev")}
        merged = merge_patch(current, body, bool(options.get("keepNull", True)),
                             bool(options.get("mergeObjects", True)))
        doc = self._build(collection, current["_key"], merged, None)
        return current, self._finish(collection, doc, current, "update")

    def remove(self, collection: Collection, key: Any, options: Options,
               expected_rev: str | None = None, body: Doc | None = None) -> Doc:
        """Remove document ``key``; returns the removed document."""
        current = self._current(collection, key)
        self._check_rev(current, self._expected(body or {}, options, expected_rev))
        self._store(collection, current["_key"], None)
        return current

    @staticmethod
    def _expected(body: Doc, options: Options, expected_rev: str | None) -> str | None:
        if expected_rev is not None:
            return expected_rev
        if not options.get("ignoreRevs", True):
            rev = body.get("_rev")
            if isinstance(rev, str):
                return rev
        return None

    def truncate(self, collection: Collection) -> None:
        """Remove every visible document (inside a transaction: through the overlay)."""
        if self.trx is None:
            self.transactions.check_write(None, collection, self.holder)
            for key in list(collection.docs):
                self.transactions.lock(None, collection, key)
            collection.truncate()
            collection.revision = self.clock.rev()
            return
        for doc in list(self.scan(collection)):
            self._store(collection, doc["_key"], None)


def _touches(doc: Doc, vertex: str, direction: str) -> bool:
    if direction in ("out", "outbound"):
        return bool(doc.get("_from") == vertex)
    if direction in ("in", "inbound"):
        return bool(doc.get("_to") == vertex)
    return doc.get("_from") == vertex or doc.get("_to") == vertex
