"""COLLECT ... AGGREGATE and WINDOW aggregate functions over a group's values."""

from __future__ import annotations

import math
from functools import cmp_to_key
from typing import Any

from arango_anyio.testing._aql.runtime import Runtime
from arango_anyio.testing._aql.values import compare, hash_key, is_number, normalize, to_number


def _unique(values: list[Any]) -> list[Any]:
    seen: set[Any] = set()
    out = []
    for value in values:
        key = hash_key(value)
        if key not in seen:
            seen.add(key)
            out.append(value)
    return out


def _variance(values: list[Any], sample: bool) -> Any:
    numbers = [to_number(v) for v in values if v is not None]
    n = len(numbers)
    if n == 0 or (sample and n < 2):
        return None
    mean = sum(numbers) / n
    total = sum((x - mean) ** 2 for x in numbers)
    return normalize(total / (n - 1 if sample else n))


def aggregate(name: str, values: list[Any], rt: Runtime) -> Any:
    """The value of aggregate function ``name`` over ``values`` (one per group member)."""
    if name in ("LENGTH", "COUNT"):
        return len(values)
    non_null = [v for v in values if v is not None]
    if name == "SUM":
        return normalize(sum(to_number(v) for v in non_null))
    if name in ("AVERAGE", "AVG"):
        if not non_null:
            return None
        return normalize(sum(to_number(v) for v in non_null) / len(non_null))
    if name == "MIN":
        return min(non_null, key=cmp_to_key(compare)) if non_null else None
    if name == "MAX":
        return max(non_null, key=cmp_to_key(compare)) if non_null else None
    if name == "UNIQUE":
        return _unique(non_null)
    if name == "SORTED_UNIQUE":
        return sorted(_unique(non_null), key=cmp_to_key(compare))
    if name in ("COUNT_DISTINCT", "COUNT_UNIQUE"):
        return len(_unique(non_null))
    if name == "PUSH":
        return list(values)
    if name in ("VARIANCE_POPULATION", "VARIANCE"):
        return _variance(values, sample=False)
    if name == "VARIANCE_SAMPLE":
        return _variance(values, sample=True)
    if name in ("STDDEV_POPULATION", "STDDEV", "STDDEV_SAMPLE"):
        variance = _variance(values, sample=name == "STDDEV_SAMPLE")
        return None if variance is None else normalize(math.sqrt(variance))
    if name in ("BIT_AND", "BIT_OR", "BIT_XOR"):
        ints = [int(v) for v in non_null if is_number(v)]
        if not ints:
            return None
        result = ints[0]
        for v in ints[1:]:
            result = (result & v if name == "BIT_AND" else
                      result | v if name == "BIT_OR" else result ^ v)
        return result
    rt.warn(1574, "invalid aggregate expression")
    return None
