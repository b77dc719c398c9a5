"""Position matching: ``PHRASE()`` (tokens at fixed relative positions, each position a
term, a term set or a pattern) and ``NGRAM_MATCH()`` (the longest in-order run of the
target's n-grams)."""

from __future__ import annotations

from typing import Any

from arango_anyio.testing._search.index.postings import FieldPostings
from arango_anyio.testing._search.query.filters import PatternPart, TermsPart
from arango_anyio.testing._search.query.terms import matching_terms


def _part_terms(postings: FieldPostings, part: TermsPart | PatternPart) -> list[Any]:
    if isinstance(part, TermsPart):
        return list(part.terms)
    return [term for term, _ in matching_terms(postings, part.spec)]


def match_phrase(postings: FieldPostings, parts: dict[int, TermsPart | PatternPart]
                 ) -> tuple[dict[str, int], list[Any]]:
    """Documents holding the phrase, with how often; and the terms the phrase used."""
    ordered = sorted(parts.items())
    first = ordered[0][0]
    slots: list[tuple[int, list[Any]]] = []
    used: list[Any] = []
    for position, part in ordered:
        terms = [t for t in _part_terms(postings, part) if t in postings.terms]
        if not terms:
            return {}, used
        slots.append((position - first, terms))
        used.extend(t for t in terms if t not in used)
    candidates: set[str] | None = None
    for _, terms in sorted(slots, key=lambda s: sum(len(postings.terms[t]) for t in s[1])):
        docs: set[str] = set()
        for term in terms:
            docs.update(postings.terms[term])
        candidates = docs if candidates is None else candidates & docs
        if not candidates:
            return {}, used
    found: dict[str, int] = {}
    for key in candidates or ():
        sets = []
        for offset, terms in slots:
            positions: set[int] = set()
            for term in terms:
                positions.update(postings.terms[term].get(key, ()))
            sets.append((offset, positions))
        freq = sum(1 for start in sets[0][1]
                   if all(start + offset in positions for offset, positions in sets[1:]))
        if freq:
            found[key] = freq
    return found, used


def match_ngrams(postings: FieldPostings, ngrams: list[str], threshold: float
                 ) -> dict[str, float]:
    """Documents whose n-gram sequence shares an in-order run with ``ngrams`` of at least
    ``threshold`` of their count, with that share."""
    if not ngrams:
        return {}
    wanted = set(ngrams)
    needed = max(threshold * len(ngrams), 0.0)
    docs: dict[str, list[tuple[int, str]]] = {}
    for term in wanted:
        for key, positions in postings.postings(term).items():
            docs.setdefault(key, []).extend((p, term) for p in positions)
    out: dict[str, float] = {}
    for key, pairs in docs.items():
        pairs.sort()
        sequence = [term for _, term in pairs]
        common = _longest_common_subsequence(ngrams, sequence)
        if common and common >= needed - 1e-9:
            out[key] = common / len(ngrams)
    return out


def _longest_common_subsequence(a: list[str], b: list[str]) -> int:
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b, 1):
            current.append(previous[j - 1] + 1 if x == y else max(previous[j], current[j - 1]))
        previous = current
    return previous[-1]
