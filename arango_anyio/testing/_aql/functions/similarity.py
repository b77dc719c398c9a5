"""N-gram similarity: NGRAM_SIMILARITY and NGRAM_POSITIONAL_SIMILARITY, computed like
IResearch's ``ngram_similarity`` (Kondrak's n-gram similarity, in single precision)."""

from __future__ import annotations

import struct
from typing import Any

from arango_anyio.testing._aql.runtime import Runtime, aql_function
from arango_anyio.testing._aql.values import is_number


def _f32(value: float) -> float:
    """``value`` rounded to a C ``float``."""
    return float(struct.unpack("<f", struct.pack("<f", value))[0])


def ngram_similarity(target: str, source: str, size: int, binary: bool) -> float:
    """IResearch's ``ngram_similarity<uint32_t, binary>(target, source, size)``.

    ``binary`` (NGRAM_SIMILARITY) matches whole n-grams and divides by the target's n-gram
    count; otherwise (NGRAM_POSITIONAL_SIMILARITY) n-grams match by their equal positions and
    the result is divided by the longer string's n-gram count. As on the server, the running
    "upper-left" cell is not reset between rows.
    """
    if size == 0:
        return 0.0
    if not binary and len(target) > len(source):
        target, source = source, target
    if len(target) < size or len(source) < size:
        if binary:
            return 1.0 if target == source else 0.0
        if not target and not source:
            return 1.0
        matched = sum(a == b for a, b in zip(target, source, strict=False))
        return _f32(matched / len(source))
    target_count = len(target) - size + 1
    source_count = len(source) - size + 1
    corner = 0.0
    cache = [0.0] * (source_count + 1)
    for t in range(target_count):
        t_gram = target[t:t + size]
        for s in range(source_count):
            s_gram = source[s:s + size]
            if binary:
                similarity = 1.0 if t_gram == s_gram else 0.0
            else:
                same = sum(a == b for a, b in zip(t_gram, s_gram, strict=True))
                similarity = _f32(same / size)
            previous = cache[s + 1]
            cache[s + 1] = max(cache[s], cache[s + 1], _f32(corner + similarity))
            corner = previous
    return _f32(cache[source_count] / (target_count if binary else source_count))


def _similarity(rt: Runtime, name: str, attribute: Any, target: Any, size: Any,
                binary: bool) -> float | None:
    if not isinstance(attribute, str) or not isinstance(target, str) or not is_number(size):
        rt.bad_argument(name)
        return None
    if int(size) < 1:
        rt.warn(10, f"in function '{name}()': Invalid ngram size. Should be 1 or greater")
        return None
    return ngram_similarity(target, attribute, int(size), binary)


@aql_function("NGRAM_SIMILARITY", 3)
def _ngram_similarity(rt: Runtime, attribute: Any, target: Any, size: Any) -> Any:
    return _similarity(rt, "NGRAM_SIMILARITY", attribute, target, size, binary=True)


@aql_function("NGRAM_POSITIONAL_SIMILARITY", 3)
def _ngram_positional_similarity(rt: Runtime, attribute: Any, target: Any, size: Any) -> Any:
    return _similarity(rt, "NGRAM_POSITIONAL_SIMILARITY", attribute, target, size,
                       binary=False)
