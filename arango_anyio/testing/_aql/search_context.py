"""The optional part of the :class:`~.context.QueryContext` seam that search needs: views,
inverted and vector indexes, and the database's analyzers. A context without these methods
has no views; :func:`search_context` tells whether one has them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

from arango_anyio.testing._search.analyzers import Analyzer, build_analyzer
from arango_anyio.testing._search.query.filters import Filter
from arango_anyio.testing._search.scoring import Contribution

Document = dict[str, Any]
#: One search result: the document and what it contributes to BM25/TF-IDF scores.
SearchHit = tuple[Document, list[Contribution]]


@runtime_checkable
class SearchContext(Protocol):
    """Search through the store, for one query."""

    def view_type(self, name: str) -> str | None:
        """``"arangosearch"`` or ``"search-alias"`` when ``name`` is a view, else None."""
        ...

    def analyzer(self, name: str) -> Analyzer | None:
        """The analyzer with canonical name ``name`` (built-in, the database's or
        ``_system``'s), or None."""
        ...

    def canonical_analyzer(self, name: str) -> str | None:
        """The canonical name of analyzer ``name`` as the query spells it, or None."""
        ...

    def search_fields(self, name: str, index: str | None) -> dict[str, str] | None:
        """Field path -> analyzer of the inverted indexes behind view ``name`` (or of
        inverted index ``index`` of collection ``name``); None for an ``arangosearch``
        view, whose conditions use the analyzer in context."""
        ...

    def inverted_index(self, collection: str, index: str) -> bool:
        """True when ``collection`` has an inverted index called (or with id) ``index``."""
        ...

    def search(self, name: str, index: str | None, flt: Filter,
               collections: list[str] | None) -> list[SearchHit]:
        """The visible documents of view ``name`` (or of inverted index ``index`` of
        collection ``name``) that ``flt`` matches, limited to ``collections`` when given,
        in index order."""
        ...

    def vector_search(self, collection: str, path: str, metric: str, query: list[float],
                      limit: int, test: Callable[[Document], bool] | None
                      ) -> list[tuple[Document, float]] | None:
        """The ``limit`` documents nearest to ``query`` by a vector index over ``path``
        with ``metric`` (best first, with their similarity or distance), keeping only those
        ``test`` accepts; None when there is no usable index (wrong metric, dimension)."""
        ...


#: Whether each context class implements :class:`SearchContext` (a runtime protocol check
#: looks up every method: too slow for a loop run once per row of an outer loop).
_SEARCHABLE: dict[type, bool] = {}


def search_context(ctx: Any) -> SearchContext | None:
    """``ctx`` when it implements :class:`SearchContext`, else None."""
    kind = type(ctx)
    searchable = _SEARCHABLE.get(kind)
    if searchable is None:
        searchable = _SEARCHABLE[kind] = isinstance(ctx, SearchContext)
    return ctx if searchable else None


#: The one analyzer a context that cannot search knows.
_IDENTITY = build_analyzer({"name": "identity", "type": "identity"})


def canonical_analyzer(ctx: Any, name: str) -> str | None:
    """The canonical name of analyzer ``name`` in ``ctx`` (None when there is none)."""
    search = search_context(ctx)
    return name if search is None else search.canonical_analyzer(name)


def analyzer_of(ctx: Any, name: str) -> Analyzer | None:
    """The analyzer of ``ctx`` with canonical name ``name`` (None when there is none)."""
    search = search_context(ctx)
    if search is None:
        return _IDENTITY if name == "identity" else None
    return search.analyzer(name)


#: The row entry (beside the loop variable's) holding a view document's score
#: contributions, read by BM25() and TFIDF().
def score_slot(var: str) -> str:
    """The hidden row entry for the scores of loop variable ``var``."""
    return f"\x00score:{var}"


def vector_slot(var: str) -> str:
    """The hidden row entry for the vector similarity of loop variable ``var``."""
    return f"\x00vector:{var}"
