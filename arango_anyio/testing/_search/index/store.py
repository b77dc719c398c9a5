"""One search index: the postings of every field of one collection's documents, kept in
step with the collection (a view link, or an inverted index)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._search.analyzers import Analyzer
from arango_anyio.testing._search.analyzers.geo import GeoAnalyzer
from arango_anyio.testing._search.index.fields import Extractor
from arango_anyio.testing._search.index.postings import FieldPostings, field_key, typed_term

Doc = dict[str, Any]
#: Finds an analyzer by its canonical name (None when it no longer exists).
AnalyzerLookup = Callable[[str], Analyzer | None]


class SearchIndex:
    """The inverted index of one collection for one view link or inverted index.

    ``owner`` names what the index belongs to (the view or the index definition); the
    collection calls :meth:`insert`, :meth:`remove` and :meth:`clear` as its committed
    documents change.
    """

    def __init__(self, owner: object, collection: str, extractor: Extractor,
                 analyzers: AnalyzerLookup) -> None:
        self.owner = owner
        self.collection = collection
        self.extractor = extractor
        self.analyzers = analyzers
        self.fields: dict[str, FieldPostings] = {}
        #: document key -> field key -> the terms it holds there (to remove it again)
        self.doc_terms: dict[str, dict[str, list[Any]]] = {}
        #: document key -> the document as indexed
        self.docs: dict[str, Doc] = {}
        #: document key -> when it was (re)indexed: the index order of results
        self.order: dict[str, int] = {}
        self._ticks = 0

    # -- maintenance ---------------------------------------------------------------------

    def _field(self, key: str, kind: str, analyzer: Analyzer | None, tracked: bool
               ) -> FieldPostings:
        postings = self.fields.get(key)
        if postings is None:
            features = analyzer.features if analyzer is not None else frozenset()
            postings = self.fields[key] = FieldPostings(kind, features, tracked)
        elif tracked:
            postings.tracked = True
        return postings

    def insert(self, key: str, doc: Doc) -> None:
        """Index document ``key`` (replacing what was indexed for it)."""
        if key in self.docs:
            self.remove(key)
        self.docs[key] = doc
        self.order[key] = self._ticks
        self._ticks += 1
        held: dict[str, list[Any]] = {}
        next_position: dict[str, int] = {}
        for item in self.extractor(doc):
            value = item.value
            typed = typed_term(value)
            if typed is not None:
                if not item.path:
                    continue
                kind, term = typed
                name = field_key(item.path, kind)
                field = self._field(name, kind, None, item.spec.store_values)
                position = next_position.get(name, 0)
                field.add(key, ((term, position),))
                next_position[name] = position + 1
                held.setdefault(name, []).append(term)
                continue
            for analyzer_name in item.spec.analyzers:
                analyzer = self.analyzers(analyzer_name)
                if analyzer is None or not analyzer.accepts(value):
                    continue
                if isinstance(analyzer, GeoAnalyzer):
                    geometry = analyzer.geometry(value)
                    if geometry is not None:
                        name = field_key(item.path, "g", analyzer_name)
                        self._field(name, "g", analyzer, item.spec.store_values) \
                            .add_geometry(key, geometry)
                        held.setdefault(name, [])
                    continue
                try:
                    tokens = analyzer.tokens(value)
                except EmuError:
                    continue  # an analyzer type the emulator cannot run indexes nothing
                name = field_key(item.path, "s", analyzer_name)
                field = self._field(name, "s", analyzer, item.spec.store_values)
                position = next_position.get(name, -1)
                pairs = []
                for token in tokens:
                    position = max(position + token.increment, 0)
                    pairs.append((token.term, position))
                next_position[name] = position
                field.add(key, pairs)
                held.setdefault(name, []).extend(term for term, _ in pairs)
        self.doc_terms[key] = held

    def remove(self, key: str) -> None:
        """Forget document ``key``."""
        held = self.doc_terms.pop(key, None)
        self.docs.pop(key, None)
        self.order.pop(key, None)
        if held is None:
            return
        for name, terms in held.items():
            field = self.fields.get(name)
            if field is not None:
                field.remove(key, terms)
                if not field.lengths:
                    del self.fields[name]

    def clear(self) -> None:
        """Forget every document."""
        self.fields.clear()
        self.doc_terms.clear()
        self.docs.clear()
        self.order.clear()

    def rebuild(self, docs: dict[str, Doc]) -> None:
        """Index ``docs`` from scratch."""
        self.clear()
        for key, doc in docs.items():
            self.insert(key, doc)

    # -- collection observer protocol ----------------------------------------------------

    def on_put(self, key: str, doc: Doc) -> None:
        """A committed insert, update or replace."""
        self.insert(key, doc)

    def on_delete(self, key: str) -> None:
        """A committed removal."""
        self.remove(key)

    def on_truncate(self) -> None:
        """The collection was truncated."""
        self.clear()

    # -- reading -------------------------------------------------------------------------

    def fields_of(self, path: str) -> list[tuple[str, FieldPostings]]:
        """Every field at ``path`` or below it (``path.x``, ``path[0]``)."""
        out = []
        for name, postings in self.fields.items():
            field_path = name.partition("\x00")[0]
            if field_path == path or field_path.startswith((path + ".", path + "[")):
                out.append((name, postings))
        return out
