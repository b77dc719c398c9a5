"""The search indexes behind views and inverted indexes, kept in step with the collections.

Each ``arangosearch`` view link and each inverted index owns one
:class:`~arango_anyio.testing._search.index.store.SearchIndex`, registered as an observer of
its collection: :class:`~arango_anyio.testing._state.collection.Collection` tells its
observers about every committed write (single writes, imports, AQL, and stream
transactions at commit), so the index sees what readers outside a transaction see. The
indexes are built (from the collection's current documents) on first use and rebuilt when
a link's definition changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from arango_anyio.testing._search.analyzers import Analyzer, build_analyzer
from arango_anyio.testing._search.index.fields import (
    inverted_extractor,
    inverted_fields,
    link_extractor,
    link_spec,
)
from arango_anyio.testing._search.index.store import AnalyzerLookup, SearchIndex
from arango_anyio.testing._state.views import BUILTIN_ANALYZERS, View, analyzer_name

if TYPE_CHECKING:
    from arango_anyio.testing._state.collection import Collection
    from arango_anyio.testing._state.database import Database
    from arango_anyio.testing._state.indexes import Index


class AnalyzerCatalog:
    """The analyzers one database can use (its own, ``_system``'s and the built-ins), by
    canonical name (``identity``, ``text_en``, ``db::name``), built once per definition."""

    def __init__(self, database: Database, system: Database | None) -> None:
        self.database = database
        self.system = system
        self._built: dict[str, tuple[dict[str, Any], Analyzer]] = {}

    def canonical(self, name: str) -> str:
        """The canonical name of ``name`` (``name`` -> ``db::name`` for user analyzers)."""
        if name.startswith("::"):
            name = name[2:]
        return analyzer_name(self.database, name)

    def definition(self, name: str) -> dict[str, Any] | None:
        """The stored definition of analyzer ``name``, or None."""
        full = self.canonical(name)
        found = BUILTIN_ANALYZERS.get(full) or self.database.analyzers.get(full)
        if found is None and self.system is not None and full.startswith("_system::"):
            found = self.system.analyzers.get(full)
        return found

    def get(self, name: str) -> Analyzer | None:
        """The analyzer ``name`` (canonical or short), or None when unknown."""
        definition = self.definition(name)
        if definition is None:
            return None
        full = self.canonical(name)
        cached = self._built.get(full)
        if cached is not None and cached[0] is definition:
            return cached[1]
        analyzer = build_analyzer({**definition, "name": full})
        self._built[full] = (definition, analyzer)
        return analyzer


_CATALOGS: WeakKeyDictionary[Database, AnalyzerCatalog] = WeakKeyDictionary()


def _catalog(database: Database, system: Database | None) -> AnalyzerCatalog:
    catalog = _CATALOGS.get(database)
    if catalog is None:
        catalog = _CATALOGS[database] = AnalyzerCatalog(database, system)
    catalog.system = system
    return catalog


def analyzers_of(database: Database, system: Database | None) -> AnalyzerCatalog:
    """The analyzer catalog of ``database``."""
    return _catalog(database, system)


def _attach(collection: Collection, index: SearchIndex) -> None:
    index.rebuild(collection.docs)
    collection.observers.append(index)


def _detach(collection: Collection | None, index: SearchIndex) -> None:
    if collection is not None and index in collection.observers:
        collection.observers.remove(index)


def view_indexes(view: View, database: Database, system: Database | None
                 ) -> list[SearchIndex]:
    """The search index of every link of ``view`` (created or rebuilt as the links are
    now), in link order."""
    catalog = _catalog(database, system)
    current: dict[str, SearchIndex] = view.search_indexes
    for name, index in list(current.items()):
        collection = database.collections.get(name)
        if (name not in view.links or collection is None
                or index.owner != (view.id, view.links[name])
                or index not in collection.observers):
            _detach(collection, index)
            del current[name]
    out = []
    for name, definition in view.links.items():
        collection = database.collections.get(name)
        if collection is None:
            continue
        found = current.get(name)
        if found is None:
            spec = link_spec(definition, catalog.canonical)
            found = SearchIndex((view.id, definition), name, link_extractor(spec),
                                _lookup(catalog))
            _attach(collection, found)
            current[name] = found
        out.append(found)
    return out


def detach_view(view: View, database: Database) -> None:
    """Stop maintaining the indexes of a dropped view."""
    for name, index in view.search_indexes.items():
        _detach(database.collections.get(name), index)
    view.search_indexes.clear()


def _lookup(catalog: AnalyzerCatalog) -> AnalyzerLookup:
    return catalog.get


def inverted_index(collection: Collection, index: Index, database: Database,
                   system: Database | None) -> SearchIndex:
    """The search index of inverted index ``index`` of ``collection``."""
    for observer in collection.observers:
        if isinstance(observer, SearchIndex) and observer.owner is index:
            return observer
    catalog = _catalog(database, system)
    fields, rest = inverted_fields(index.definition, catalog.canonical)
    search = SearchIndex(index, collection.name, inverted_extractor(fields, rest),
                         _lookup(catalog))
    _attach(collection, search)
    return search
