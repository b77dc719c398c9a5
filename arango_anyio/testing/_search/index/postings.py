"""Postings of one indexed field: term -> documents -> positions, plus the field's length
in each document (the ``norm``) and its statistics (for BM25 and TF-IDF)."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from typing import Any

#: What a field holds: analyzed strings (``"s"``), numbers (``"n"``), booleans (``"b"``),
#: nulls (``"z"``) or geometries (``"g"``).
FieldKind = str


def field_key(path: str, kind: FieldKind, analyzer: str = "") -> str:
    """The name a value of ``path`` is indexed under (ArangoSearch mangles the analyzer or
    the value type into the field name the same way)."""
    return f"{path}\x00{kind}{analyzer}"


def split_key(key: str) -> tuple[str, FieldKind, str]:
    """``(path, kind, analyzer)`` of a field key."""
    path, _, rest = key.partition("\x00")
    return path, rest[:1], rest[1:]


def typed_term(value: Any) -> tuple[FieldKind, Any] | None:
    """``(kind, term)`` of a value indexed by its type rather than by an analyzer (null,
    boolean, number: numbers as doubles), or None for strings, arrays and objects. Indexing
    and the filters that query such fields both use it, so they agree on the term."""
    if value is None:
        return "z", None
    if isinstance(value, bool):
        return "b", value
    if isinstance(value, (int, float)):
        return "n", float(value)
    return None


class FieldPostings:
    """Postings lists of one field (one path with one analyzer or one value type)."""

    __slots__ = ("_max", "_sorted", "features", "geometries", "kind", "lengths", "terms", "total",
                 "tracked")

    def __init__(self, kind: FieldKind, features: frozenset[str], tracked: bool) -> None:
        self.kind = kind
        #: the analyzer's features (``frequency``, ``position``, ``norm``, ``offset``)
        self.features = features
        #: whether ``EXISTS()`` sees the field (``storeValues: "id"``; always for inverted
        #: indexes)
        self.tracked = tracked
        #: term -> document key -> positions of the term in the document's field
        self.terms: dict[Any, dict[str, list[int]]] = {}
        #: document key -> number of tokens of the field in the document
        self.lengths: dict[str, int] = {}
        #: sum of ``lengths`` (the field's total term frequency)
        self.total = 0
        #: geo fields: document key -> geometries
        self.geometries: dict[str, list[dict[str, Any]]] = {}
        self._sorted: list[Any] | None = None
        self._max: int | None = 0

    def add(self, key: str, tokens: Iterable[tuple[Any, int]]) -> int:
        """Index ``(term, position)`` pairs of document ``key``; returns how many."""
        count = 0
        terms = self.terms
        for term, position in tokens:
            postings = terms.get(term)
            if postings is None:
                postings = terms[term] = {}
                self._sorted = None
            positions = postings.get(key)
            if positions is None:
                postings[key] = [position]
            else:
                positions.append(position)
            count += 1
        if count or key not in self.lengths:
            length = self.lengths[key] = self.lengths.get(key, 0) + count
            self.total += count
            if self._max is not None and length > self._max:
                self._max = length
        return count

    def add_geometry(self, key: str, geometry: dict[str, Any]) -> None:
        """Index one geometry of document ``key``."""
        self.geometries.setdefault(key, []).append(geometry)
        self.lengths[key] = self.lengths.get(key, 0) + 1
        self.total += 1

    def remove(self, key: str, terms: Iterable[Any]) -> None:
        """Forget document ``key`` (``terms``: the terms it had in this field)."""
        for term in terms:
            postings = self.terms.get(term)
            if postings is not None and postings.pop(key, None) is not None and not postings:
                del self.terms[term]
                self._sorted = None
        length = self.lengths.pop(key, 0)
        self.total -= length
        if length == self._max:
            self._max = None
        self.geometries.pop(key, None)

    @property
    def docs_with_field(self) -> int:
        """The number of documents that have this field."""
        return len(self.lengths)

    def postings(self, term: Any) -> dict[str, list[int]]:
        """Document key -> positions for ``term`` (empty when absent)."""
        return self.terms.get(term, _EMPTY)

    def sorted_terms(self) -> list[Any]:
        """The field's terms in index order (bytes order for strings)."""
        if self._sorted is None:
            self._sorted = sorted(self.terms)
        return self._sorted

    def terms_between(self, low: Any, high: Any, include_low: bool, include_high: bool
                      ) -> Iterator[Any]:
        """Terms in ``[low, high]`` (bounds None are open; inclusion as asked)."""
        ordered = self.sorted_terms()
        if low is None:
            start = 0
        elif include_low:
            start = bisect.bisect_left(ordered, low)
        else:
            start = bisect.bisect_right(ordered, low)
        for i in range(start, len(ordered)):
            term = ordered[i]
            if high is not None and (term > high or (term == high and not include_high)):
                break
            yield term

    def terms_with_prefix(self, prefix: str) -> Iterator[str]:
        """Terms starting with ``prefix``."""
        ordered = self.sorted_terms()
        for i in range(bisect.bisect_left(ordered, prefix), len(ordered)):
            term = ordered[i]
            if not term.startswith(prefix):
                break
            yield term

    def max_length(self) -> int:
        """The longest field length in any document (decides BM25's norm encoding)."""
        if self._max is None:
            self._max = max(self.lengths.values(), default=0)
        return self._max


_EMPTY: dict[str, list[int]] = {}
