"""BM25 and TF-IDF as ArangoSearch (IResearch) computes them, in single precision.

For a matched term with frequency ``tf`` in a field of length ``dl`` (its number of
tokens), over ``N`` documents having the field, ``n`` of them with the term, and an average
field length ``avgdl``:

* BM25: ``idf = ln(1 + (N - n + 0.5) / (n + 0.5))``;
  ``score = boost * idf * (k + 1) * tf / (tf + k * (1 - b + b * dl / avgdl))``
  (``k = 1.2``, ``b = 0.75`` by default; ``b = 0`` is BM15, ``k = 0`` BM1). Without the
  ``norm`` feature every ``dl`` counts as 1.
* TF-IDF: ``idf = ln(1 + (N + 1) / (n + 1))``; ``score = boost * idf * sqrt(tf)``, times
  ``1 / sqrt(dl)`` when normalized (needs ``norm``).

A phrase adds the idf of its terms. Without the ``frequency`` feature a term scores 0, as do
filters that match no terms (``SEARCH true``, ``EXISTS``, ranges over numbers, geo).
A document's score is the sum over what it matched. Every step is rounded to 32-bit floats
like the server's ``float`` arithmetic.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Iterable
from dataclasses import dataclass, field

_PACK = struct.Struct("f")


def f32(value: float) -> float:
    """``value`` rounded to single precision."""
    try:
        return float(_PACK.unpack(_PACK.pack(value))[0])
    except OverflowError:
        return math.copysign(math.inf, value)


@dataclass(slots=True)
class TermStats:
    """Statistics of the terms one scored filter matched, over all indexes searched."""

    docs_with_field: int
    docs_with_terms: list[int]
    total_term_freq: int
    has_frequency: bool
    has_norm: bool
    max_length: int = 0
    _bm25_idf: float | None = field(default=None)
    _tfidf_idf: float | None = field(default=None)

    def bm25_idf(self) -> float:
        """Sum of the terms' BM25 idf."""
        if self._bm25_idf is None:
            total = 0.0
            n_all = self.docs_with_field
            for n in self.docs_with_terms:
                total = f32(total + f32(math.log1p((n_all - n + 0.5) / (n + 0.5))))
            self._bm25_idf = total
        return self._bm25_idf

    def tfidf_idf(self) -> float:
        """Sum of the terms' TF-IDF idf."""
        if self._tfidf_idf is None:
            total = 0.0
            for n in self.docs_with_terms:
                total = f32(total + f32(math.log1p((self.docs_with_field + 1.0) / (n + 1.0))))
            self._tfidf_idf = total
        return self._tfidf_idf


@dataclass(slots=True)
class Contribution:
    """What one matched term (or phrase) of one document adds to its score."""

    boost: float
    freq: int
    length: int
    stats: TermStats


def bm25(contributions: Iterable[Contribution], k: float = 1.2, b: float = 0.75) -> float:
    """The BM25 score of a document's contributions."""
    k, b = f32(k), f32(b)
    total = 0.0
    for c in contributions:
        stats = c.stats
        if not stats.has_frequency:
            continue
        num = f32(f32(f32(c.boost) * f32(k + 1.0)) * stats.bm25_idf())
        tf = float(c.freq)
        if k == 0:
            score = num
        elif b == 0:
            score = f32(num - f32(num / f32(1.0 + f32(tf / k))))
        else:
            kb = f32(k * b)
            norm_const = f32(k - kb)
            if stats.total_term_freq and stats.docs_with_field:
                average = f32(f32(float(stats.total_term_freq)) / f32(stats.docs_with_field))
                norm_length = f32(kb / average)
            else:
                norm_length = kb
            length = float(c.length if stats.has_norm else 1)
            if not stats.has_norm or stats.max_length < 256:
                inverse = f32(1.0 / f32(norm_const + f32(norm_length * length)))
                score = f32(num - f32(num / f32(1.0 + f32(tf * inverse))))
            else:
                c1 = f32(norm_const + f32(norm_length * length))
                score = f32(num - f32(f32(num * c1) / f32(c1 + tf)))
        total = f32(total + score)
    return total


def tfidf(contributions: Iterable[Contribution], normalize: bool = False) -> float:
    """The TF-IDF score of a document's contributions."""
    total = 0.0
    for c in contributions:
        stats = c.stats
        if not stats.has_frequency:
            continue
        idf = f32(f32(c.boost) * stats.tfidf_idf())
        score = f32(f32(math.sqrt(f32(float(c.freq)))) * idf)
        if normalize and stats.has_norm and c.length > 0:
            score = f32(score * f32(1.0 / f32(math.sqrt(float(c.length)))))
        total = f32(total + score)
    return total
