"""A small dict-backed :class:`QueryContext` for the engine's own tests (no permissions, no
transactions; indexes only as definitions for FULLTEXT and the geo index functions)."""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterable
from typing import Any

from arango_anyio.testing._aql.context import (
    CollectionType,
    Direction,
    Document,
    EdgeDefinition,
    WriteOptions,
)
from arango_anyio.testing._protocol.errors import EmuError


class MemoryContext:
    """Collections as dicts of documents; writes are applied at once and undone on failure."""

    def __init__(self, database: str = "_system") -> None:
        self._database = database
        self.collections: dict[str, dict[str, Document]] = {}
        self.types: dict[str, CollectionType] = {}
        self.graphs: dict[str, list[EdgeDefinition]] = {}
        #: Index definitions per collection (``{"type": "fulltext", "fields": [...]}``); only
        #: looked at by the functions that need an index (FULLTEXT, NEAR, ...).
        self.indexes: dict[str, list[dict[str, Any]]] = {}
        self._revs = itertools.count(1)
        self._keys = itertools.count(1)
        self._undo: list[tuple[str, str, Document | None]] = []
        self.finished: list[bool] = []

    @property
    def database(self) -> str:
        """See :meth:`QueryContext.database`."""
        return self._database

    # -------------------------------------------------------------- setup helpers

    def create(self, name: str, kind: CollectionType = "document",
               docs: Iterable[Document] = ()) -> None:
        """Create collection ``name`` holding ``docs``."""
        self.collections[name] = {}
        self.types[name] = kind
        for doc in docs:
            self.insert(name, dict(doc), {})
        self._undo.clear()

    # -------------------------------------------------------------- QueryContext

    def _coll(self, name: str) -> dict[str, Document]:
        try:
            return self.collections[name]
        except KeyError:
            raise EmuError(1203) from None

    def collection_type(self, name: str) -> CollectionType:
        """See :meth:`QueryContext.collection_type`."""
        self._coll(name)
        return self.types[name]

    def count(self, name: str) -> int:
        """See :meth:`QueryContext.count`."""
        return len(self._coll(name))

    def scan(self, name: str) -> Iterable[Document]:
        """See :meth:`QueryContext.scan`."""
        return list(self._coll(name).values())

    def lookup(self, name: str, key: str) -> Document | None:
        """See :meth:`QueryContext.lookup`."""
        return self._coll(name).get(key)

    def index_definitions(self, name: str) -> list[dict[str, Any]]:
        """The optional QueryContext method: the indexes set up in :attr:`indexes`."""
        self._coll(name)
        return list(self.indexes.get(name, []))

    def _stamp(self, name: str, doc: Document) -> Document:
        doc["_id"] = f"{name}/{doc['_key']}"
        doc["_rev"] = f"_r{next(self._revs)}"
        ordered = {k: doc[k] for k in ("_key", "_id", "_rev")}
        if self.types[name] == "edge":
            if not isinstance(doc.get("_from"), str) or not isinstance(doc.get("_to"), str):
                raise EmuError(1233)
            ordered["_from"] = doc["_from"]
            ordered["_to"] = doc["_to"]
        ordered.update(doc)
        return ordered

    def insert(self, name: str, doc: Document, options: WriteOptions
               ) -> tuple[Document | None, Document]:
        """See :meth:`QueryContext.insert`."""
        coll = self._coll(name)
        doc = copy.deepcopy(doc)
        key = doc.get("_key")
        if key is None:
            key = str(next(self._keys))
            while key in coll:
                key = str(next(self._keys))
            doc["_key"] = key
        if not isinstance(key, str) or not key:
            raise EmuError(1221)
        old = coll.get(key)
        if old is not None:
            mode = options.get("overwriteMode", "conflict")
            if mode == "ignore":
                return old, old
            if mode == "update":
                return self.update(name, key, doc, options)
            if mode == "replace":
                return self.replace(name, key, doc, options)
            raise EmuError(1210, "unique constraint violated - in index primary of type "
                                 f"primary over '_key'; conflicting key: {key}",
                           http_code=409)
        new = self._stamp(name, doc)
        coll[key] = new
        self._undo.append((name, key, None))
        return None, new

    def _existing(self, name: str, key: str, patch: Document, options: WriteOptions
                  ) -> Document:
        old = self._coll(name).get(key)
        if old is None:
            raise EmuError(1202)
        if options.get("ignoreRevs") is False and "_rev" in patch and \
                patch["_rev"] != old["_rev"]:
            raise EmuError(1200, http_code=409)
        return old

    def update(self, name: str, key: str, patch: Document, options: WriteOptions
               ) -> tuple[Document, Document]:
        """See :meth:`QueryContext.update`."""
        old = self._existing(name, key, patch, options)
        new = copy.deepcopy(old)
        keep_null = options.get("keepNull", True)
        merge = options.get("mergeObjects", True)

        def apply(target: dict[str, Any], changes: dict[str, Any]) -> None:
            for k, v in changes.items():
                if k in ("_key", "_id", "_rev"):
                    continue
                if v is None and not keep_null:
                    target.pop(k, None)
                elif merge and isinstance(v, dict) and isinstance(target.get(k), dict):
                    apply(target[k], v)
                else:
                    target[k] = copy.deepcopy(v)

        apply(new, patch)
        new = self._stamp(name, new)
        self._coll(name)[key] = new
        self._undo.append((name, key, old))
        return old, new

    def replace(self, name: str, key: str, doc: Document, options: WriteOptions
                ) -> tuple[Document, Document]:
        """See :meth:`QueryContext.replace`."""
        old = self._existing(name, key, doc, options)
        new = {k: copy.deepcopy(v) for k, v in doc.items() if k not in ("_id", "_rev")}
        new["_key"] = key
        if self.types[name] == "edge":
            new.setdefault("_from", old.get("_from"))
            new.setdefault("_to", old.get("_to"))
        new = self._stamp(name, new)
        self._coll(name)[key] = new
        self._undo.append((name, key, old))
        return old, new

    def remove(self, name: str, key: str, options: WriteOptions) -> Document:
        """See :meth:`QueryContext.remove`."""
        old = self._existing(name, key, {}, options)
        del self._coll(name)[key]
        self._undo.append((name, key, old))
        return old

    def edges(self, collection: str, vertex_id: str, direction: Direction) -> list[Document]:
        """See :meth:`QueryContext.edges`."""
        out = []
        for edge in self._coll(collection).values():
            if (direction in ("outbound", "any") and edge["_from"] == vertex_id) or (
                    direction in ("inbound", "any") and edge["_to"] == vertex_id):
                out.append(edge)
        return out

    def graph(self, name: str) -> list[EdgeDefinition]:
        """See :meth:`QueryContext.graph`."""
        try:
            return self.graphs[name]
        except KeyError:
            raise EmuError(1924) from None

    def finish(self, *, success: bool) -> None:
        """See :meth:`QueryContext.finish`."""
        if not success:
            for name, key, old in reversed(self._undo):
                if old is None:
                    self.collections[name].pop(key, None)
                else:
                    self.collections[name][key] = old
        self._undo.clear()
        self.finished.append(success)
