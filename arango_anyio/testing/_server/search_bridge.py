"""The search part of the AQL bridge: views, inverted and vector indexes and analyzers as
the AQL engine's :class:`~arango_anyio.testing._aql.search_context.SearchContext` sees them.

Search indexes hold committed documents (see ``_state.search_links``); the documents a
search returns are read again through the query's :class:`~._state.docs.Access`, so inside
a stream transaction a document the transaction removed or changed since it was indexed is
left out, and writes of the transaction are not searchable before it commits.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable
from typing import Any

from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._search.analyzers import Analyzer
from arango_anyio.testing._search.index.store import SearchIndex
from arango_anyio.testing._search.query.execute import Searcher
from arango_anyio.testing._search.query.filters import Filter
from arango_anyio.testing._search.scoring import Contribution
from arango_anyio.testing._state.collection import Collection
from arango_anyio.testing._state.database import Database
from arango_anyio.testing._state.docs import Access
from arango_anyio.testing._state.indexes import Index, path_value
from arango_anyio.testing._state.search_links import (
    analyzers_of,
    inverted_index,
    view_indexes,
)
from arango_anyio.testing._state.views import View

Document = dict[str, Any]


def _inverted_fields(index: Index, canonical: Callable[[str], str]) -> dict[str, str]:
    definition = index.definition
    top = canonical(str(definition.get("analyzer", "identity")))
    out = {"": top}
    for entry in definition.get("fields", []):
        if isinstance(entry, str):
            entry = {"name": entry}
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            path = entry["name"].replace("[*]", "")
            analyzer = entry.get("analyzer")
            out[path] = canonical(str(analyzer)) if analyzer else top
    return out


def _similarity(metric: str, a: list[float], b: list[float]) -> float | None:
    if metric == "l2":
        return math.sqrt(sum((x - y) ** 2 for x, y in zip(a, b, strict=True)))
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    if metric == "innerProduct":
        return dot
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else None


class SearchBridge:
    """Mixed into the bridge context: implements the search methods over ``_access``."""

    _access: Access
    _system: Database | None

    def _database(self) -> Database:
        return self._access.database

    def _view(self, name: str) -> View | None:
        database = self._database()
        if name in database.collections:
            return None
        return database.views.get(name)

    def view_type(self, name: str) -> str | None:
        """The type of view ``name``, or None."""
        view = self._view(name)
        return view.type if view is not None else None

    def analyzer(self, name: str) -> Analyzer | None:
        """An analyzer by canonical name."""
        return analyzers_of(self._database(), self._system).get(name)

    def canonical_analyzer(self, name: str) -> str | None:
        """The canonical name of ``name`` when such an analyzer exists."""
        catalog = analyzers_of(self._database(), self._system)
        return catalog.canonical(name) if catalog.definition(name) is not None else None

    def _inverted(self, collection: Collection, name: str) -> Index | None:
        found = collection.find_index(name)
        return found if found is not None and found.type == "inverted" else None

    def inverted_index(self, collection: str, index: str) -> bool:
        """True when ``collection`` has inverted index ``index``."""
        found = self._database().find(collection)
        return found is not None and self._inverted(found, index) is not None

    def _alias_indexes(self, view: View) -> list[tuple[Collection, Index]]:
        out = []
        for entry in view.indexes:
            collection = self._database().collections.get(entry["collection"])
            index = self._inverted(collection, entry["index"]) if collection else None
            if collection is not None and index is not None:
                out.append((collection, index))
        return out

    def search_fields(self, name: str, index: str | None) -> dict[str, str] | None:
        """Field -> analyzer of the inverted indexes behind ``name``."""
        catalog = analyzers_of(self._database(), self._system)
        if index is not None:
            collection = self._database().get(name)
            found = self._inverted(collection, index)
            return _inverted_fields(found, catalog.canonical) if found else {}
        view = self._view(name)
        if view is None or view.type == "arangosearch":
            return None
        out: dict[str, str] = {}
        for _, inverted in reversed(self._alias_indexes(view)):
            out.update(_inverted_fields(inverted, catalog.canonical))
        return out

    def _segments(self, name: str, index: str | None) -> list[SearchIndex]:
        database = self._database()
        if index is not None:
            collection = self._access.collection(name)
            found = self._inverted(collection, index)
            if found is None:
                raise EmuError(1212, http_code=404)
            return [inverted_index(collection, found, database, self._system)]
        view = self._view(name)
        if view is None:
            raise EmuError(1203, f"collection or view not found: {name}", http_code=404)
        if view.type == "arangosearch":
            return view_indexes(view, database, self._system)
        return [inverted_index(collection, found, database, self._system)
                for collection, found in self._alias_indexes(view)]

    def search(self, name: str, index: str | None, flt: Filter,
               collections: list[str] | None) -> list[tuple[Document, list[Contribution]]]:
        """The visible documents ``flt`` matches, in index order."""
        segments = self._segments(name, index)
        if collections is not None:
            segments = [s for s in segments if s.collection in collections]
        access = self._access
        sources = [access.collection(s.collection) for s in segments]
        matches = Searcher(segments).run(flt)
        ordered = sorted(matches, key=lambda ref: (ref[0], segments[ref[0]].order.get(ref[1],
                                                                                        0)))
        out = []
        for ref in ordered:
            segment, key = segments[ref[0]], ref[1]
            indexed = segment.docs.get(key)
            doc = access.get(sources[ref[0]], key)
            if doc is None or indexed is None or doc["_rev"] != indexed["_rev"]:
                continue
            out.append((doc, matches[ref]))
        return out

    def vector_search(self, collection: str, path: str, metric: str, query: list[float],
                      limit: int, test: Callable[[Document], bool] | None
                      ) -> list[tuple[Document, float]] | None:
        """Exact nearest-neighbour search through a vector index (best first)."""
        access = self._access
        found = access.collection(collection)
        usable = [ix for ix in found.indexes if ix.type == "vector"
                  and ix.fields == [path]
                  and ix.definition.get("params", {}).get("metric") == metric]
        if not usable or usable[0].definition["params"].get("dimension") != len(query):
            return None
        scored: list[tuple[float, int, Document, float]] = []
        for i, doc in enumerate(access.scan(found)):
            vector = path_value(doc, path)
            if not isinstance(vector, list) or len(vector) != len(query) or not all(
                    isinstance(v, (int, float)) and not isinstance(v, bool) for v in vector):
                continue
            if test is not None and not test(doc):
                continue
            value = _similarity(metric, [float(v) for v in vector], query)
            if value is None:
                continue
            rank = value if metric == "l2" else -value
            scored.append((rank, i, doc, value))
        best = heapq.nsmallest(max(limit, 0), scored, key=lambda item: (item[0], item[1]))
        return [(doc, value) for _, _, doc, value in best]
