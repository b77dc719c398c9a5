"""Set functions: UNION, UNION_DISTINCT, INTERSECTION, MINUS, OUTERSECTION.

Their results come in the order of the hash table the server builds them in (see
:mod:`arango_anyio.testing._aql.hash_order`), not in the order of their arguments.
"""

from __future__ import annotations

from typing import Any

from arango_anyio.testing._aql.hash_order import StdHashOrder, SwissSetOrder, vpack_hash
from arango_anyio.testing._aql.runtime import Runtime, aql_function
from arango_anyio.testing._aql.values import hash_key

#: The bucket count ArangoDB asks its set functions' ``std::unordered_map`` for.
_BUCKET_HINT = 512


def _arrays(rt: Runtime, name: str, values: tuple[Any, ...], code: int = 1542
            ) -> list[list[Any]] | None:
    """The arguments, or None after a warning (``code``: 1542 invalid argument type, or 1563
    array expected) when one is not an array."""
    if all(isinstance(value, list) for value in values):
        return list(values)
    if code == 1542:
        rt.bad_argument(name)
    else:
        rt.warn(code, f"in function '{name}()': array expected")
    return None


@aql_function("UNION", 2, None)
def _union(rt: Runtime, *values: Any) -> Any:
    arrays = _arrays(rt, "UNION", values)
    return None if arrays is None else [v for array in arrays for v in array]


@aql_function("UNION_DISTINCT", 2, None)
def _union_distinct(rt: Runtime, *values: Any) -> Any:
    arrays = _arrays(rt, "UNION_DISTINCT", values)
    if arrays is None:
        return None
    table = SwissSetOrder()
    first: dict[Any, Any] = {}
    for array in arrays:
        for value in array:
            key = hash_key(value)
            if table.insert(key, vpack_hash(value)):
                first[key] = value
    return [first[key] for key in table]


@aql_function("INTERSECTION", 2, None)
def _intersection(rt: Runtime, *values: Any) -> Any:
    arrays = _arrays(rt, "INTERSECTION", values, code=1563)
    if arrays is None:
        return None
    table = StdHashOrder(_BUCKET_HINT)
    first: dict[Any, Any] = {}
    seen_in: dict[Any, int] = {}
    for position, array in enumerate(arrays):
        for value in array:
            key = hash_key(value)
            if position == 0:
                if table.insert(key, vpack_hash(value)):
                    first[key] = value
                    seen_in[key] = 1
            elif key in seen_in:
                # the server counts the arrays a value was seen in, up to this one
                seen_in[key] = 0 if seen_in[key] < position else position + 1
    return [first[key] for key in table if seen_in[key] == len(arrays)]


@aql_function("MINUS", 2, None)
def _minus(rt: Runtime, *values: Any) -> Any:
    arrays = _arrays(rt, "MINUS", values)
    if arrays is None:
        return None
    table = StdHashOrder(_BUCKET_HINT)
    first: dict[Any, Any] = {}
    for value in arrays[0]:
        key = hash_key(value)
        if table.insert(key, vpack_hash(value)):
            first[key] = value
    for array in arrays[1:]:
        for value in array:
            table.erase(hash_key(value))
    return [first[key] for key in table]


@aql_function("OUTERSECTION", 2, None)
def _outersection(rt: Runtime, *values: Any) -> Any:
    arrays = _arrays(rt, "OUTERSECTION", values, code=1563)
    if arrays is None:
        return None
    table = StdHashOrder(_BUCKET_HINT)
    first: dict[Any, Any] = {}
    counts: dict[Any, int] = {}
    for array in arrays:
        for value in array:
            key = hash_key(value)
            if table.insert(key, vpack_hash(value)):
                first[key] = value
            counts[key] = counts.get(key, 0) + 1
    return [first[key] for key in table if counts[key] == 1]
