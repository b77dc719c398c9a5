"""The filters a ``SEARCH`` condition compiles to (ArangoSearch's filter kinds).

Field-bound filters name the field by attribute ``path``, value ``kind`` (``"s"`` analyzed
string, ``"n"`` number, ``"b"`` boolean, ``"z"`` null, ``"g"`` geometry) and ``analyzer``
(for strings and geometries). ``boost`` multiplies the filter's contribution to scores.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


class Filter:
    """Base of every filter."""

    __slots__ = ()


@dataclass(slots=True)
class AllFilter(Filter):
    """Every document (``SEARCH true``); scores 0."""

    boost: float = 1.0


@dataclass(slots=True)
class EmptyFilter(Filter):
    """No document."""


@dataclass(slots=True)
class TermFilter(Filter):
    """The field holds exactly ``term``."""

    path: str
    kind: str
    analyzer: str
    term: Any
    boost: float = 1.0


@dataclass(slots=True)
class RangeFilter(Filter):
    """The field holds a term between ``low`` and ``high`` (None: open)."""

    path: str
    kind: str
    analyzer: str
    low: Any
    high: Any
    include_low: bool
    include_high: bool
    boost: float = 1.0


@dataclass(slots=True)
class PrefixFilter(Filter):
    """The field holds a term starting with ``prefix``."""

    path: str
    analyzer: str
    prefix: str
    boost: float = 1.0


@dataclass(slots=True)
class WildcardFilter(Filter):
    """The field holds a term matching a ``LIKE`` pattern."""

    path: str
    analyzer: str
    pattern: str
    boost: float = 1.0


@dataclass(slots=True)
class LevenshteinFilter(Filter):
    """The field holds a term within ``distance`` edits of ``prefix + target``."""

    path: str
    analyzer: str
    target: str
    distance: int
    transpositions: bool = True
    max_terms: int = 64
    prefix: str = ""
    boost: float = 1.0


@dataclass(slots=True)
class TermsPart:
    """A phrase position where any of ``terms`` may stand."""

    terms: list[str]


@dataclass(slots=True)
class PatternPart:
    """A phrase position filled by the terms a prefix, wildcard, Levenshtein or range
    filter (``spec``) matches."""

    spec: Filter


@dataclass(slots=True)
class PhraseFilter(Filter):
    """Tokens at relative positions: ``parts`` maps position -> part."""

    path: str
    analyzer: str
    parts: dict[int, TermsPart | PatternPart]
    boost: float = 1.0


@dataclass(slots=True)
class NgramFilter(Filter):
    """``NGRAM_MATCH``: the longest run of the target's n-grams, in order, found in the
    field is at least ``threshold`` of their number."""

    path: str
    analyzer: str
    ngrams: list[str]
    threshold: float
    boost: float = 1.0


@dataclass(slots=True)
class ExistsFilter(Filter):
    """The attribute is indexed (``mode``: ``"any"``, ``"string"``, ``"analyzer"``,
    ``"numeric"``, ``"bool"``, ``"null"``, ``"type"``, ``"nested"``)."""

    path: str
    mode: str = "any"
    analyzer: str = ""
    boost: float = 1.0


@dataclass(slots=True)
class GeoFilter(Filter):
    """A geo condition on a field indexed with a geo analyzer: ``test`` decides for one
    stored geometry."""

    path: str
    analyzer: str
    test: Callable[[dict[str, Any]], bool]
    boost: float = 1.0


@dataclass(slots=True)
class ExpressionFilter(Filter):
    """A condition ArangoSearch cannot index, evaluated on each document."""

    test: Callable[[dict[str, Any]], bool]
    boost: float = 1.0


@dataclass(slots=True)
class AndFilter(Filter):
    """All of ``children``."""

    children: list[Filter] = field(default_factory=list)
    boost: float = 1.0


@dataclass(slots=True)
class OrFilter(Filter):
    """At least ``min_match`` of ``children``."""

    children: list[Filter] = field(default_factory=list)
    min_match: int = 1
    boost: float = 1.0


@dataclass(slots=True)
class NotFilter(Filter):
    """Every document ``child`` does not match."""

    child: Filter
    boost: float = 1.0
