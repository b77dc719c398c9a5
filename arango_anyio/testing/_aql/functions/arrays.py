"""Array functions: LENGTH, FIRST, PUSH, UNIQUE, SORTED, FLATTEN, SLICE, ... (the set
functions UNION, INTERSECTION, ... are in :mod:`.sets`)."""

from __future__ import annotations

from functools import cmp_to_key
from typing import Any

from arango_anyio.testing._aql.runtime import Runtime, aql_function
from arango_anyio.testing._aql.values import (
    compare,
    format_number,
    hash_key,
    to_number,
    truthy,
)
from arango_anyio.testing._protocol.errors import EmuError


def _unique(values: list[Any]) -> list[Any]:
    seen: set[Any] = set()
    out = []
    for value in values:
        key = hash_key(value)
        if key not in seen:
            seen.add(key)
            out.append(value)
    return out


def _array(rt: Runtime, name: str, value: Any) -> list[Any] | None:
    if isinstance(value, list):
        return value
    rt.bad_argument(name)
    return None


@aql_function("LENGTH", 1, aliases=("COUNT",))
def _length(rt: Runtime, value: Any) -> int:
    if value is None:
        return 0
    if value is True:
        return 1
    if value is False:
        return 0
    if isinstance(value, (int, float)):
        return len(format_number(value))
    return len(value)


@aql_function("FIRST", 1)
def _first(rt: Runtime, value: Any) -> Any:
    array = _array(rt, "FIRST", value)
    return array[0] if array else None


@aql_function("LAST", 1)
def _last(rt: Runtime, value: Any) -> Any:
    array = _array(rt, "LAST", value)
    return array[-1] if array else None


@aql_function("NTH", 2)
def _nth(rt: Runtime, value: Any, position: Any) -> Any:
    array = _array(rt, "NTH", value)
    if array is None:
        return None
    i = int(to_number(position))
    return array[i] if 0 <= i < len(array) else None


@aql_function("PUSH", 2, 3)
def _push(rt: Runtime, value: Any, element: Any, unique: Any = False) -> Any:
    if value is None:
        return [element]
    array = _array(rt, "PUSH", value)
    if array is None:
        return None
    if truthy(unique) and any(compare(v, element) == 0 for v in array):
        return list(array)
    return [*array, element]


@aql_function("POP", 1)
def _pop(rt: Runtime, value: Any) -> Any:
    array = _array(rt, "POP", value)
    return None if array is None else array[:-1]


@aql_function("SHIFT", 1)
def _shift(rt: Runtime, value: Any) -> Any:
    array = _array(rt, "SHIFT", value)
    return None if array is None else array[1:]


@aql_function("UNSHIFT", 2, 3)
def _unshift(rt: Runtime, value: Any, element: Any, unique: Any = False) -> Any:
    array = _array(rt, "UNSHIFT", value)
    if array is None:
        return None
    if truthy(unique) and any(compare(v, element) == 0 for v in array):
        return list(array)
    return [element, *array]


@aql_function("APPEND", 2, 3)
def _append(rt: Runtime, value: Any, other: Any, unique: Any = False) -> Any:
    base = value if isinstance(value, list) else ([] if value is None else [value])
    extra = other if isinstance(other, list) else ([] if other is None else [other])
    if truthy(unique):
        return _unique([*base, *extra])
    return [*base, *extra]


@aql_function("PREPEND", 2, 3)
def _prepend(rt: Runtime, value: Any, other: Any, unique: Any = False) -> Any:
    return _append(rt, other, value, unique)


@aql_function("REMOVE_VALUE", 2, 3)
def _remove_value(rt: Runtime, value: Any, needle: Any, limit: Any = None) -> Any:
    array = _array(rt, "REMOVE_VALUE", value)
    if array is None:
        return None
    remaining = int(to_number(limit)) if limit is not None else -1
    out = []
    for item in array:
        if remaining != 0 and compare(item, needle) == 0:
            remaining -= 1
            continue
        out.append(item)
    return out


@aql_function("REMOVE_VALUES", 2)
def _remove_values(rt: Runtime, value: Any, needles: Any) -> Any:
    array = _array(rt, "REMOVE_VALUES", value)
    if array is None:
        return None
    drop = {hash_key(v) for v in needles} if isinstance(needles, list) else set()
    return [item for item in array if hash_key(item) not in drop]


@aql_function("REMOVE_NTH", 2)
def _remove_nth(rt: Runtime, value: Any, position: Any) -> Any:
    array = _array(rt, "REMOVE_NTH", value)
    if array is None:
        return None
    i = int(to_number(position))
    if i < 0:
        i += len(array)
    return [v for j, v in enumerate(array) if j != i]


@aql_function("REPLACE_NTH", 3, 4)
def _replace_nth(rt: Runtime, value: Any, position: Any, replace: Any,
                 *padding: Any) -> Any:
    array = _array(rt, "REPLACE_NTH", value)
    if array is None:
        return None
    if position is None:
        raise EmuError(1542, "AQL: invalid argument type in call to function "
                             "'REPLACE_NTH()' (while executing)")
    index = int(to_number(position))
    if index < 0:
        index = max(len(array) + index, 0)
    if index > len(array) and not padding:
        raise EmuError(1542, "AQL: invalid argument type in call to function "
                             "'REPLACE_NTH()' (while executing)")
    out = list(array)
    if index < len(out):
        out[index] = replace
    else:
        if index > len(out):
            out.extend([padding[0]] * (index - len(out)))
        out.append(replace)
    return out


@aql_function("POSITION", 2, 3, aliases=("CONTAINS_ARRAY",))
def _position(rt: Runtime, value: Any, needle: Any, return_index: Any = False) -> Any:
    array = _array(rt, "POSITION", value)
    if array is None:
        return None
    for i, item in enumerate(array):
        if compare(item, needle) == 0:
            return i if truthy(return_index) else True
    return -1 if truthy(return_index) else False


@aql_function("SLICE", 2, 3)
def _slice_(rt: Runtime, value: Any, start: Any, length: Any = None) -> Any:
    array = _array(rt, "SLICE", value)
    if array is None:
        return None
    begin = int(to_number(start))
    if begin < 0:
        begin = max(0, len(array) + begin)
    if length is None:
        return array[begin:]
    n = int(to_number(length))
    end = len(array) + n if n < 0 else begin + n
    return array[begin:end]


def _flatten(values: list[Any], depth: int) -> list[Any]:
    out: list[Any] = []
    for value in values:
        if isinstance(value, list) and depth > 0:
            out.extend(_flatten(value, depth - 1))
        else:
            out.append(value)
    return out


@aql_function("FLATTEN", 1, 2)
def _flatten_fn(rt: Runtime, value: Any, depth: Any = 1) -> Any:
    array = _array(rt, "FLATTEN", value)
    return None if array is None else _flatten(array, int(to_number(depth)))


@aql_function("UNIQUE", 1)
def _unique_fn(rt: Runtime, value: Any) -> Any:
    array = _array(rt, "UNIQUE", value)
    return None if array is None else _unique(array)


@aql_function("SORTED", 1)
def _sorted_(rt: Runtime, value: Any) -> Any:
    array = _array(rt, "SORTED", value)
    return None if array is None else sorted(array, key=cmp_to_key(compare))


@aql_function("SORTED_UNIQUE", 1)
def _sorted_unique(rt: Runtime, value: Any) -> Any:
    array = _array(rt, "SORTED_UNIQUE", value)
    return None if array is None else sorted(_unique(array), key=cmp_to_key(compare))


@aql_function("COUNT_DISTINCT", 1, aliases=("COUNT_UNIQUE",))
def _count_distinct(rt: Runtime, value: Any) -> Any:
    array = _array(rt, "COUNT_DISTINCT", value)
    return None if array is None else len(_unique(array))


@aql_function("INTERLEAVE", 2, None)
def _interleave(rt: Runtime, *values: Any) -> Any:
    if not all(isinstance(value, list) for value in values):
        rt.warn(1563, "in function 'INTERLEAVE()': array expected")
        return None
    out: list[Any] = []
    for i in range(max((len(a) for a in values), default=0)):
        out.extend(array[i] for array in values if i < len(array))
    return out


@aql_function("JACCARD", 2)
def _jaccard(rt: Runtime, a: Any, b: Any) -> Any:
    if not isinstance(a, list) or not isinstance(b, list):
        rt.bad_argument("JACCARD")
        return None
    sa = {hash_key(v) for v in a}
    sb = {hash_key(v) for v in b}
    if not sa and not sb:
        return 1
    return len(sa & sb) / len(sa | sb)


@aql_function("RANGE", 2, 3)
def _range_(rt: Runtime, start: Any, stop: Any, step: Any = None) -> Any:
    a = to_number(start)
    b = to_number(stop)
    s = to_number(step) if step is not None else (1 if a <= b else -1)
    if s == 0 or (a < b and s < 0) or (a > b and s > 0):
        rt.bad_argument("RANGE")
        return None
    out: list[Any] = []
    value = a
    while (s > 0 and value <= b) or (s < 0 and value >= b):
        out.append(value)
        value += s
        if len(out) > 10_000_000:
            raise EmuError(32, "AQL: query would use more memory than allowed "
                               "(while executing)", http_code=500)
    return [int(v) if isinstance(v, float) and v.is_integer() else v for v in out]
