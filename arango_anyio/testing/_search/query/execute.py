"""Evaluate a filter over the search indexes of a view (or one inverted index): which
documents match, and what each of them contributes to BM25/TF-IDF scores.

Documents are named ``(segment, key)``: the position of their index in the list searched
and their key. Evaluation walks postings lists; only ``NOT`` and ``SEARCH true`` enumerate
the documents of an index, and only expression filters look at documents.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from arango_anyio.testing._search.index.postings import FieldPostings, field_key, split_key
from arango_anyio.testing._search.index.store import SearchIndex
from arango_anyio.testing._search.query.filters import (
    AllFilter,
    AndFilter,
    EmptyFilter,
    ExistsFilter,
    ExpressionFilter,
    Filter,
    GeoFilter,
    LevenshteinFilter,
    NgramFilter,
    NotFilter,
    OrFilter,
    PhraseFilter,
    PrefixFilter,
    RangeFilter,
    TermFilter,
    WildcardFilter,
)
from arango_anyio.testing._search.query.phrase import match_ngrams, match_phrase
from arango_anyio.testing._search.query.terms import matching_terms
from arango_anyio.testing._search.scoring import Contribution, TermStats

DocRef = tuple[int, str]
Matches = dict[DocRef, list[Contribution]]


class Searcher:
    """Runs filters over ``segments`` (one search index per linked collection)."""

    def __init__(self, segments: list[SearchIndex]) -> None:
        self.segments = segments
        self._handlers: dict[type, Callable[[Any, float], Matches]] = {
            AllFilter: self._all, EmptyFilter: lambda f, b: {},
            TermFilter: self._term, RangeFilter: self._multi, PrefixFilter: self._multi,
            WildcardFilter: self._multi, LevenshteinFilter: self._multi,
            PhraseFilter: self._phrase, NgramFilter: self._ngram, ExistsFilter: self._exists,
            GeoFilter: self._geo, ExpressionFilter: self._expression, AndFilter: self._and,
            OrFilter: self._or, NotFilter: self._not,
        }

    def run(self, flt: Filter, boost: float = 1.0) -> Matches:
        """The documents ``flt`` matches, with their score contributions."""
        return self._handlers[type(flt)](flt, boost)

    # -- helpers -------------------------------------------------------------------------

    def _fields(self, name: str) -> list[tuple[int, FieldPostings]]:
        out = []
        for i, segment in enumerate(self.segments):
            postings = segment.fields.get(name)
            if postings is not None:
                out.append((i, postings))
        return out

    @staticmethod
    def _stats(fields: list[tuple[int, FieldPostings]], terms: list[Any]) -> TermStats:
        features: frozenset[str] = fields[0][1].features if fields else frozenset()
        kind = fields[0][1].kind if fields else "s"
        return TermStats(
            docs_with_field=sum(f.docs_with_field for _, f in fields),
            docs_with_terms=[sum(len(f.postings(t)) for _, f in fields) for t in terms],
            total_term_freq=sum(f.total for _, f in fields),
            has_frequency=kind == "s" and "frequency" in features,
            has_norm="norm" in features,
            max_length=max((f.max_length() for _, f in fields), default=0)
            if "norm" in features else 0)

    def _term_matches(self, fields: list[tuple[int, FieldPostings]], term: Any,
                      boost: float, out: Matches) -> None:
        stats: TermStats | None = None
        for i, postings in fields:
            docs = postings.postings(term)
            if not docs:
                continue
            if stats is None:
                stats = self._stats(fields, [term])
            lengths = postings.lengths
            for key, positions in docs.items():
                contribution = Contribution(boost, len(positions), lengths.get(key, 1), stats)
                found = out.get((i, key))
                if found is None:
                    out[(i, key)] = [contribution]
                else:
                    found.append(contribution)

    @staticmethod
    def _name(flt: Any, kind: str = "s") -> str:
        if kind in ("s", "g"):
            return field_key(flt.path, kind, flt.analyzer)
        return field_key(flt.path, kind)

    # -- leaves --------------------------------------------------------------------------

    def _all(self, flt: AllFilter, boost: float) -> Matches:
        return {(i, key): [] for i, segment in enumerate(self.segments)
                for key in segment.docs}

    def _term(self, flt: TermFilter, boost: float) -> Matches:
        out: Matches = {}
        self._term_matches(self._fields(self._name(flt, flt.kind)), flt.term,
                           boost * flt.boost, out)
        return out

    def _multi(self, flt: Any, boost: float) -> Matches:
        kind = flt.kind if isinstance(flt, RangeFilter) else "s"
        fields = self._fields(self._name(flt, kind))
        terms: dict[Any, float] = {}
        for _, postings in fields:
            for term, factor in matching_terms(postings, flt):
                terms[term] = max(terms.get(term, 0.0), factor)
        out: Matches = {}
        for term, factor in terms.items():
            self._term_matches(fields, term, boost * flt.boost * factor, out)
        return out

    def _phrase(self, flt: PhraseFilter, boost: float) -> Matches:
        fields = self._fields(self._name(flt))
        if not flt.parts or not fields or "position" not in fields[0][1].features:
            return {}
        out: Matches = {}
        all_terms: list[Any] = []
        per_segment = []
        for i, postings in fields:
            found, terms = match_phrase(postings, flt.parts)
            per_segment.append((i, postings, found))
            all_terms.extend(t for t in terms if t not in all_terms)
        stats = self._stats(fields, all_terms)
        for i, postings, found in per_segment:
            for key, freq in found.items():
                out[(i, key)] = [Contribution(boost * flt.boost, freq,
                                              postings.lengths.get(key, 1), stats)]
        return out

    def _ngram(self, flt: NgramFilter, boost: float) -> Matches:
        fields = self._fields(self._name(flt))
        if not fields or not {"position", "frequency"} <= fields[0][1].features:
            return {}
        stats = self._stats(fields, list(dict.fromkeys(flt.ngrams)))
        out: Matches = {}
        for i, postings in fields:
            for key, similarity in match_ngrams(postings, flt.ngrams, flt.threshold).items():
                out[(i, key)] = [Contribution(boost * flt.boost * similarity, 1,
                                              postings.lengths.get(key, 1), stats)]
        return out

    def _exists(self, flt: ExistsFilter, boost: float) -> Matches:
        out: Matches = {}
        for i, segment in enumerate(self.segments):
            for name, postings in segment.fields_of(flt.path):
                if not postings.tracked or not _exists_mode(name, flt):
                    continue
                for key in postings.lengths:
                    out[(i, key)] = []
        return out

    def _geo(self, flt: GeoFilter, boost: float) -> Matches:
        out: Matches = {}
        for i, postings in self._fields(self._name(flt, "g")):
            for key, geometries in postings.geometries.items():
                if any(flt.test(g) for g in geometries):
                    out[(i, key)] = []
        return out

    def _expression(self, flt: ExpressionFilter, boost: float) -> Matches:
        return {(i, key): [] for i, segment in enumerate(self.segments)
                for key, doc in segment.docs.items() if flt.test(doc)}

    # -- composites ----------------------------------------------------------------------

    def _and(self, flt: AndFilter, boost: float) -> Matches:
        if not flt.children:
            return self._all(AllFilter(), boost)
        results = [self.run(child, boost * flt.boost) for child in flt.children]
        results.sort(key=len)
        out: Matches = {ref: list(c) for ref, c in results[0].items()}
        for other in results[1:]:
            out = {ref: c + other[ref] for ref, c in out.items() if ref in other}
        return out

    def _or(self, flt: OrFilter, boost: float) -> Matches:
        if flt.min_match <= 0:
            everything = self._all(AllFilter(), boost)
            for child in flt.children:
                for ref, contributions in self.run(child, boost * flt.boost).items():
                    everything.setdefault(ref, []).extend(contributions)
            return everything
        counts: dict[DocRef, int] = {}
        out: Matches = {}
        for child in flt.children:
            for ref, contributions in self.run(child, boost * flt.boost).items():
                counts[ref] = counts.get(ref, 0) + 1
                found = out.get(ref)
                if found is None:
                    out[ref] = list(contributions)
                else:
                    found.extend(contributions)
        if flt.min_match > 1:
            out = {ref: c for ref, c in out.items() if counts[ref] >= flt.min_match}
        return out

    def _not(self, flt: NotFilter, boost: float) -> Matches:
        excluded = self.run(flt.child, boost)
        return {(i, key): [] for i, segment in enumerate(self.segments)
                for key in segment.docs if (i, key) not in excluded}


def _exists_mode(name: str, flt: ExistsFilter) -> bool:
    path, kind, analyzer = split_key(name)
    if flt.mode in ("any", "nested"):
        return True
    if path != flt.path:
        return False
    if flt.mode == "string":
        return kind == "s"
    if flt.mode == "analyzer":
        return kind in ("s", "g") and analyzer == flt.analyzer
    if flt.mode == "type":
        return kind in ("n", "b", "z")
    return kind == {"numeric": "n", "bool": "b", "boolean": "b", "null": "z"}.get(flt.mode)
