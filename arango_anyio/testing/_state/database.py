"""One database: its collections by name and by id, and its name rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._state.collection import DOCUMENT, Collection
from arango_anyio.testing._state.names import check_collection_name, check_database_name
from arango_anyio.testing._state.snapshots import Snapshots

if TYPE_CHECKING:
    from arango_anyio.testing._state.views import View

__all__ = ["Database", "check_collection_name", "check_database_name"]

SYSTEM_COLLECTIONS = ("_analyzers", "_appbundles", "_apps", "_aqlfunctions", "_frontend",
                      "_graphs", "_jobs", "_queues")
SYSTEM_ONLY_COLLECTIONS = ("_statistics", "_statistics15", "_statisticsRaw", "_users")


class Database:
    """A database and its collections."""

    def __init__(self, name: str, did: str, next_tick: Callable[[], str],
                 options: dict[str, Any] | None = None) -> None:
        self.name = name
        self.id = did
        self.options = dict(options or {})
        self.collections: dict[str, Collection] = {}
        #: the snapshots of the transactions and queries reading this database now
        self.snapshots = Snapshots()
        #: views by name (``_state.views.View``) and analyzers by full name
        self.views: dict[str, View] = {}
        self.analyzers: dict[str, dict[str, Any]] = {}
        self._next_tick = next_tick
        names = SYSTEM_COLLECTIONS + (SYSTEM_ONLY_COLLECTIONS if name == "_system" else ())
        for cname in sorted(names):
            self.create_collection(cname, DOCUMENT, {}, is_system=True)

    @property
    def is_system(self) -> bool:
        """True for ``_system``."""
        return self.name == "_system"

    def describe(self) -> dict[str, Any]:
        """The ``/_api/database/current`` answer."""
        return {"name": self.name, "id": self.id, "isSystem": self.is_system, "path": "none",
                "sharding": self.options.get("sharding", ""),
                "replicationFactor": self.options.get("replicationFactor", 1),
                "writeConcern": self.options.get("writeConcern", 1)}

    def find(self, ident: str) -> Collection | None:
        """A collection by name or numeric id."""
        collection = self.collections.get(ident)
        if collection is None and ident.isdigit():
            for candidate in self.collections.values():
                if candidate.id == ident:
                    return candidate
        return collection

    def get(self, ident: str, *, with_name: bool = False) -> Collection:
        """A collection by name or id (404/1203 when unknown)."""
        collection = self.find(ident)
        if collection is None:
            message = "collection or view not found"
            raise EmuError(1203, f"{message}: {ident}" if with_name else message, http_code=404)
        return collection

    def create_collection(self, name: str, ctype: int, options: dict[str, Any], *,
                          is_system: bool = False) -> Collection:
        """Create a collection (409/1207 when the name is taken)."""
        check_collection_name(name, is_system=is_system)
        if name in self.collections or name in self.views:
            raise EmuError(1207, http_code=409)
        collection = Collection(name, self._next_tick(), ctype, options, self._next_tick,
                                is_system=is_system or name.startswith("_"),
                                snapshots=self.snapshots)
        self._next_tick()  # objectId
        self.collections[name] = collection
        return collection

    def drop_collection(self, collection: Collection) -> None:
        """Remove ``collection`` (and its view links)."""
        self.collections.pop(collection.name, None)
        for view in self.views.values():
            view.forget_collection(collection.name)

    def rename_collection(self, collection: Collection, new_name: Any) -> None:
        """Rename ``collection`` (1208 illegal, 1207 taken; its own name: nothing to do)."""
        check_collection_name(new_name, is_system=collection.is_system)
        if new_name == collection.name:
            return
        if new_name in self.collections or new_name in self.views:
            raise EmuError(1207, http_code=409)
        del self.collections[collection.name]
        collection.name = new_name
        self.collections[new_name] = collection
        for key, doc in list(collection.docs.items()):
            collection.docs[key] = {**doc, "_id": f"{new_name}/{key}"}
