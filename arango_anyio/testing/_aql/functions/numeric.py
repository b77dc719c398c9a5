"""Numeric functions: SUM, MIN, MAX, AVERAGE, MEDIAN, ROUND, POW, RAND, ..."""

from __future__ import annotations

import math
import random
from functools import cmp_to_key
from typing import Any

from arango_anyio.testing._aql.aggregates import aggregate
from arango_anyio.testing._aql.runtime import Runtime, aql_function
from arango_anyio.testing._aql.values import compare, is_number, normalize, to_number


def _numbers(rt: Runtime, name: str, value: Any) -> list[int | float] | None:
    if not isinstance(value, list):
        rt.bad_argument(name)
        return None
    return [to_number(v) for v in value if v is not None]


@aql_function("SUM", 1)
def _sum_(rt: Runtime, value: Any) -> Any:
    numbers = _numbers(rt, "SUM", value)
    return None if numbers is None else normalize(sum(numbers))


@aql_function("AVERAGE", 1, aliases=("AVG",))
def _average(rt: Runtime, value: Any) -> Any:
    numbers = _numbers(rt, "AVERAGE", value)
    if not numbers:
        return None
    return normalize(sum(numbers) / len(numbers))


@aql_function("MEDIAN", 1)
def _median(rt: Runtime, value: Any) -> Any:
    numbers = _numbers(rt, "MEDIAN", value)
    if not numbers:
        return None
    ordered = sorted(numbers)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return normalize(ordered[mid])
    return normalize((ordered[mid - 1] + ordered[mid]) / 2)


@aql_function("PERCENTILE", 2, 3)
def _percentile(rt: Runtime, value: Any, p: Any, method: Any = "rank") -> Any:
    numbers = _numbers(rt, "PERCENTILE", value)
    pct = to_number(p)
    if not numbers or not 0 < pct <= 100:
        return None
    ordered = sorted(numbers)
    if method == "interpolation":
        pos = (len(ordered) + 1) * pct / 100 - 1
        lo = max(0, min(len(ordered) - 1, math.floor(pos)))
        hi = min(len(ordered) - 1, lo + 1)
        return normalize(ordered[lo] + (pos - math.floor(pos)) * (ordered[hi] - ordered[lo]))
    return normalize(ordered[max(0, math.ceil(len(ordered) * pct / 100) - 1)])


@aql_function("PRODUCT", 1)
def _product(rt: Runtime, value: Any) -> Any:
    numbers = _numbers(rt, "PRODUCT", value)
    return None if numbers is None else normalize(math.prod(numbers))


@aql_function("MIN", 1)
def _min_(rt: Runtime, value: Any) -> Any:
    if not isinstance(value, list):
        rt.bad_argument("MIN")
        return None
    values = [v for v in value if v is not None]
    return min(values, key=cmp_to_key(compare)) if values else None


@aql_function("MAX", 1)
def _max_(rt: Runtime, value: Any) -> Any:
    if not isinstance(value, list):
        rt.bad_argument("MAX")
        return None
    values = [v for v in value if v is not None]
    return max(values, key=cmp_to_key(compare)) if values else None


def _stat(name: str) -> Any:
    def impl(rt: Runtime, value: Any) -> Any:
        if not isinstance(value, list):
            rt.bad_argument(name)
            return None
        return aggregate(name, value, rt)

    return impl


for _name in ("VARIANCE_POPULATION", "VARIANCE_SAMPLE", "VARIANCE", "STDDEV_POPULATION",
              "STDDEV_SAMPLE", "STDDEV"):
    aql_function(_name, 1)(_stat(_name))


def _unary_math(name: str, fn: Any) -> None:
    def impl(rt: Runtime, value: Any) -> Any:
        try:
            return normalize(fn(to_number(value)))
        except (ValueError, OverflowError, ZeroDivisionError):
            return None

    aql_function(name, 1)(impl)


def _round(x: float) -> float:
    return math.floor(x + 0.5)


for _name, _fn in (
    ("ABS", abs), ("CEIL", math.ceil), ("FLOOR", math.floor), ("ROUND", _round),
    ("SQRT", math.sqrt), ("EXP", math.exp), ("EXP2", lambda x: 2.0 ** x),
    ("LOG", math.log), ("LOG2", math.log2), ("LOG10", math.log10), ("SIN", math.sin),
    ("COS", math.cos), ("TAN", math.tan), ("ASIN", math.asin), ("ACOS", math.acos),
    ("ATAN", math.atan), ("DEGREES", math.degrees), ("RADIANS", math.radians),
):
    _unary_math(_name, _fn)


@aql_function("ATAN2", 2)
def _atan2(rt: Runtime, y: Any, x: Any) -> Any:
    return normalize(math.atan2(to_number(y), to_number(x)))


@aql_function("POW", 2)
def _pow_(rt: Runtime, base: Any, exp: Any) -> Any:
    try:
        return normalize(math.pow(to_number(base), to_number(exp)))
    except (ValueError, OverflowError, ZeroDivisionError):
        return None


@aql_function("PI", 0)
def _pi(rt: Runtime) -> float:
    return math.pi


@aql_function("RAND", 0, aliases=("RANDOM",))
def _rand(rt: Runtime) -> float:
    return random.random()


@aql_function("IN_RANGE", 5)
def _in_range(rt: Runtime, value: Any, low: Any, high: Any, incl_low: Any, incl_high: Any
             ) -> bool:
    lo = compare(value, low)
    hi = compare(value, high)
    return (lo > 0 or (lo == 0 and bool(incl_low))) and (hi < 0 or (hi == 0 and bool(incl_high)))


def _vectors(rt: Runtime, name: str, a: Any, b: Any) -> tuple[list[float], list[float]] | None:
    if (not isinstance(a, list) or not isinstance(b, list) or len(a) != len(b)
            or not all(is_number(v) for v in [*a, *b])):
        rt.bad_argument(name)
        return None
    return [float(v) for v in a], [float(v) for v in b]


@aql_function("L1_DISTANCE", 2)
def _l1_distance(rt: Runtime, a: Any, b: Any) -> Any:
    vectors = _vectors(rt, "L1_DISTANCE", a, b)
    if vectors is None:
        return None
    return normalize(sum(abs(x - y) for x, y in zip(*vectors, strict=False)))


@aql_function("L2_DISTANCE", 2)
def _l2_distance(rt: Runtime, a: Any, b: Any) -> Any:
    vectors = _vectors(rt, "L2_DISTANCE", a, b)
    if vectors is None:
        return None
    return normalize(math.sqrt(sum((x - y) ** 2 for x, y in zip(*vectors, strict=False))))


@aql_function("COSINE_SIMILARITY", 2)
def _cosine_similarity(rt: Runtime, a: Any, b: Any) -> Any:
    vectors = _vectors(rt, "COSINE_SIMILARITY", a, b)
    if vectors is None:
        return None
    x, y = vectors
    norm = math.sqrt(sum(v * v for v in x)) * math.sqrt(sum(v * v for v in y))
    if norm == 0:
        return None
    return normalize(sum(p * q for p, q in zip(x, y, strict=False)) / norm)
