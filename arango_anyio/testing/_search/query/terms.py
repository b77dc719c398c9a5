"""Which terms of a field a multi-term filter matches: prefixes, ``LIKE`` patterns, edit
distance (Levenshtein or Damerau-Levenshtein) and ranges."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from arango_anyio.testing._search.index.postings import FieldPostings
from arango_anyio.testing._search.query.filters import (
    Filter,
    LevenshteinFilter,
    PrefixFilter,
    RangeFilter,
    WildcardFilter,
)
from arango_anyio.testing._search.query.like import like_source


@lru_cache(maxsize=256)
def like_pattern(pattern: str) -> tuple[str, re.Pattern[str]]:
    """The literal prefix of a ``LIKE`` pattern and the regular expression for all of it."""
    prefix, source = like_source(pattern)
    return prefix, re.compile(source, re.DOTALL)


def edit_distance(a: str, b: str, transpositions: bool, limit: int) -> int:
    """The (restricted Damerau-) Levenshtein distance of ``a`` and ``b``, or ``limit + 1``
    when it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        best = i
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (transpositions and previous2 is not None and i > 1 and j > 1
                    and ca == b[j - 2] and a[i - 2] == cb):
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            best = min(best, value)
        if best > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def levenshtein_terms(field: FieldPostings, spec: LevenshteinFilter
                      ) -> list[tuple[str, float]]:
    """``(term, similarity)`` of the terms within the edit distance (the ``max_terms``
    most similar ones; all when it is 0)."""
    found: list[tuple[float, str]] = []
    candidates: Iterator[str] = (field.terms_with_prefix(spec.prefix) if spec.prefix
                                 else iter(field.sorted_terms()))
    for term in candidates:
        if not isinstance(term, str):
            continue
        rest = term[len(spec.prefix):]
        distance = edit_distance(rest, spec.target, spec.transpositions, spec.distance)
        if distance <= spec.distance:
            size = min(len(rest), len(spec.target))
            similarity = 1.0 - distance / size if size else 0.0
            found.append((similarity, term))
    found.sort(key=lambda item: (-item[0], item[1]))
    if spec.max_terms > 0:
        found = found[:spec.max_terms]
    return [(term, similarity) for similarity, term in found]


def matching_terms(field: FieldPostings, spec: Filter) -> list[tuple[Any, float]]:
    """``(term, boost factor)`` of the terms of ``field`` a multi-term filter matches."""
    if isinstance(spec, PrefixFilter):
        return [(t, 1.0) for t in field.terms_with_prefix(spec.prefix)]
    if isinstance(spec, WildcardFilter):
        prefix, regex = like_pattern(spec.pattern)
        source = field.terms_with_prefix(prefix) if prefix else iter(field.sorted_terms())
        return [(t, 1.0) for t in source if isinstance(t, str) and regex.fullmatch(t)]
    if isinstance(spec, LevenshteinFilter):
        return levenshtein_terms(field, spec)
    if isinstance(spec, RangeFilter):
        if spec.low is not None and spec.high is not None and spec.low > spec.high:
            return []
        return [(t, 1.0) for t in field.terms_between(spec.low, spec.high,
                                                      spec.include_low, spec.include_high)]
    return []
