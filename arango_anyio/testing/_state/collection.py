"""One collection: its properties, its committed documents and its indexes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._state.indexes import Index, system_indexes, ttl_expired
from arango_anyio.testing._state.keys import KeyGenerator
from arango_anyio.testing._state.schema import check_schema_definition
from arango_anyio.testing._state.snapshots import Snapshots

DOCUMENT = 2
EDGE = 3

Doc = dict[str, Any]


class CollectionObserver(Protocol):
    """Told about every committed change of a collection's documents (search indexes)."""

    def on_put(self, key: str, doc: Doc) -> None:
        """Document ``key`` was inserted, updated or replaced."""

    def on_delete(self, key: str) -> None:
        """Document ``key`` was removed."""

    def on_truncate(self) -> None:
        """Every document was removed."""


def check_computed_values(value: Any) -> list[dict[str, Any]] | None:
    """Validate a ``computedValues`` property (400/10 when malformed); [] and None clear it."""
    if value is None or value == []:
        return None
    if not isinstance(value, list):
        raise EmuError(10, "'computedValues' must be an array", http_code=400)
    out = []
    for spec in value:
        if not isinstance(spec, dict) or not isinstance(spec.get("name"), str) \
                or not isinstance(spec.get("expression"), str):
            raise EmuError(10, "invalid 'computedValues' entry: expecting 'name' and "
                           "'expression'", http_code=400)
        if spec["name"] in ("_key", "_id", "_rev", "_from", "_to"):
            raise EmuError(10, f"invalid 'computedValues' entry: cannot compute values for "
                           f"system attribute '{spec['name']}'", http_code=400)
        if not spec["expression"].lstrip().upper().startswith("RETURN"):
            raise EmuError(10, "invalid 'computedValues' entry: expression must start with "
                           "RETURN", http_code=400)
        out.append({"name": spec["name"], "expression": spec["expression"],
                    "computeOn": list(spec.get("computeOn", ["insert", "update", "replace"])),
                    "overwrite": bool(spec.get("overwrite", False)),
                    "failOnWarning": bool(spec.get("failOnWarning", False)),
                    "keepNull": bool(spec.get("keepNull", True))})
    return out


class Collection:
    """A collection's committed state. Documents are full dicts, replaced (never mutated) on
    write, so a reader may hold on to one without copying."""

    def __init__(self, name: str, cid: str, ctype: int, options: dict[str, Any],
                 next_tick: Callable[[], str], *, is_system: bool = False,
                 snapshots: Snapshots | None = None) -> None:
        self.name = name
        #: the live snapshots of the database (told about every committed change)
        self.snapshots = snapshots if snapshots is not None else Snapshots()
        self.id = cid
        self.type = ctype
        self.is_system = is_system
        self.globally_unique_id = name if is_system else f"h5C3DDE5391BF/{cid}"
        self.object_id = str(int(cid) + 1)
        self.wait_for_sync = bool(options.get("waitForSync", False))
        self.cache_enabled = bool(options.get("cacheEnabled", False))
        self.schema = check_schema_definition(options.get("schema"))
        self.computed_values = check_computed_values(options.get("computedValues"))
        self.write_concern = int(options.get("writeConcern", 1) or 1)
        self.replication_factor = options.get("replicationFactor", 1)
        self.number_of_shards = int(options.get("numberOfShards", 1) or 1)
        self.shard_keys = list(options.get("shardKeys", ["_key"]))
        self.keygen = KeyGenerator(options.get("keyOptions"), next_tick)
        self.docs: dict[str, Doc] = {}
        self.indexes: list[Index] = list(system_indexes(ctype == EDGE))
        self.revision = "0"
        #: edge collections: vertex id -> keys of edges with that ``_from`` / ``_to``, in
        #: insertion order (the server's edge index answers in document order; a set's order
        #: changed from run to run).
        self.by_from: dict[str, dict[str, None]] = {}
        self.by_to: dict[str, dict[str, None]] = {}
        self.has_ttl = False
        #: search indexes (view links, inverted indexes) kept in step with ``docs``
        self.observers: list[CollectionObserver] = []

    # -- properties -----------------------------------------------------------------------

    def brief(self) -> dict[str, Any]:
        """The short description (collection list entries, rename/truncate answers)."""
        return {"id": self.id, "name": self.name, "status": 3, "type": self.type,
                "isSystem": self.is_system, "globallyUniqueId": self.globally_unique_id}

    def properties(self) -> dict[str, Any]:
        """The ``/properties`` answer body (without ``error``/``code``)."""
        return {
            "writeConcern": self.write_concern,
            "waitForSync": self.wait_for_sync,
            "usesRevisionsAsDocumentIds": True,
            "syncByRevision": True,
            "supportsRBAC": True,
            "statusString": "loaded",
            "id": self.id,
            "isSmartChild": False,
            "schema": self.schema,
            "name": self.name,
            "type": self.type,
            "status": 3,
            "cacheEnabled": self.cache_enabled,
            "isSystem": self.is_system,
            "internalValidatorType": 0,
            "globallyUniqueId": self.globally_unique_id,
            "keyOptions": self.keygen.options(),
            "computedValues": self.computed_values,
            "objectId": self.object_id,
        }

    def update_properties(self, body: dict[str, Any]) -> None:
        """Apply a ``PUT /properties`` body (only the changeable attributes)."""
        if "waitForSync" in body:
            self.wait_for_sync = bool(body["waitForSync"])
        if "cacheEnabled" in body:
            self.cache_enabled = bool(body["cacheEnabled"])
        if "schema" in body:
            self.schema = check_schema_definition(body["schema"])
        if "computedValues" in body:
            self.computed_values = check_computed_values(body["computedValues"])
        if "replicationFactor" in body:
            self.replication_factor = body["replicationFactor"]
        if "writeConcern" in body:
            self.write_concern = int(body["writeConcern"])

    # -- indexes --------------------------------------------------------------------------

    def unique_indexes(self) -> list[Index]:
        """The indexes whose uniqueness writes must respect."""
        return [ix for ix in self.indexes if ix.enforces_unique]

    def add_index(self, index: Index) -> None:
        """Add ``index``, building its entries (1210 if the data already breaks it)."""
        if index.enforces_unique:
            for key, doc in self.docs.items():
                value = index.value_of(doc)
                if value is None:
                    continue
                other = index.entries.get(value)
                if other is not None:
                    raise EmuError(1210, index.conflict_message(other), http_code=409)
                index.entries[value] = key
        if index.type == "ttl":
            self.has_ttl = True
        self.indexes.append(index)

    def find_index(self, ident: str) -> Index | None:
        """An index by id (``"123"``) or name."""
        for index in self.indexes:
            if index.id == ident or index.name == ident:
                return index
        return None

    def drop_index(self, index: Index) -> None:
        """Remove ``index``."""
        self.indexes.remove(index)
        self.has_ttl = any(ix.type == "ttl" for ix in self.indexes)
        self.observers = [o for o in self.observers if getattr(o, "owner", None) is not index]

    # -- committed writes -----------------------------------------------------------------

    def unique_conflict(self, doc: Doc, own_key: str) -> tuple[Index, str] | None:
        """The unique index and committed key that ``doc`` would clash with, if any."""
        for index in self.indexes:
            if not index.enforces_unique:
                continue
            value = index.value_of(doc)
            if value is None:
                continue
            other = index.entries.get(value)
            if other is not None and other != own_key:
                return index, other
        return None

    def put(self, key: str, doc: Doc) -> None:
        """Store ``doc`` under ``key`` (committed), maintaining indexes."""
        old = self.docs.get(key)
        if self.snapshots:
            self.snapshots.before_change(self, key, old)
        if old is not None:
            self._unindex(key, old)
        self.docs[key] = doc
        self._index(key, doc)
        self.revision = doc["_rev"]
        for observer in self.observers:
            observer.on_put(key, doc)

    def delete(self, key: str, rev: str | None = None) -> None:
        """Remove ``key`` (committed), maintaining indexes."""
        old = self.docs.pop(key, None)
        if old is not None:
            if self.snapshots:
                self.snapshots.before_change(self, key, old)
            self._unindex(key, old)
            for observer in self.observers:
                observer.on_delete(key)
        if rev is not None:
            self.revision = rev

    def truncate(self) -> None:
        """Remove every document."""
        if self.snapshots:
            for key, old in self.docs.items():
                self.snapshots.before_change(self, key, old)
        self.docs.clear()
        self.by_from.clear()
        self.by_to.clear()
        for index in self.indexes:
            index.entries.clear()
        for observer in self.observers:
            observer.on_truncate()

    def _index(self, key: str, doc: Doc) -> None:
        for index in self.indexes:
            if index.enforces_unique:
                value = index.value_of(doc)
                if value is not None:
                    index.entries[value] = key
        if self.type == EDGE:
            self.by_from.setdefault(doc.get("_from", ""), {})[key] = None
            self.by_to.setdefault(doc.get("_to", ""), {})[key] = None

    def _unindex(self, key: str, doc: Doc) -> None:
        for index in self.indexes:
            if index.enforces_unique:
                value = index.value_of(doc)
                if value is not None and index.entries.get(value) == key:
                    del index.entries[value]
        if self.type == EDGE:
            keys = self.by_from.get(doc.get("_from", ""))
            if keys is not None:
                keys.pop(key, None)
            keys = self.by_to.get(doc.get("_to", ""))
            if keys is not None:
                keys.pop(key, None)

    def expire(self, now: float | None = None) -> None:
        """Drop documents past their TTL (checked lazily when the collection is used)."""
        if not self.has_ttl:
            return
        for index in self.indexes:
            if index.type != "ttl":
                continue
            dead = [k for k, d in self.docs.items() if ttl_expired(index, d, now)]
            for key in dead:
                self.delete(key)
