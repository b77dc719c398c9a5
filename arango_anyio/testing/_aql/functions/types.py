"""Type checks and casts: IS_*, TO_*, TYPENAME, NOT_NULL, FIRST_LIST, FIRST_DOCUMENT."""

from __future__ import annotations

from typing import Any

from arango_anyio.testing._aql.runtime import Runtime, aql_function
from arango_anyio.testing._aql.values import (
    is_number,
    to_array,
    to_number,
    to_string,
    truthy,
    typename,
)


@aql_function("TO_BOOL", 1)
def _to_bool(rt: Runtime, value: Any) -> bool:
    return truthy(value)


@aql_function("TO_NUMBER", 1)
def _to_number_(rt: Runtime, value: Any) -> Any:
    return to_number(value)


@aql_function("TO_STRING", 1)
def _to_string_(rt: Runtime, value: Any) -> str:
    return to_string(value)


@aql_function("TO_ARRAY", 1, aliases=("TO_LIST",))
def _to_array_(rt: Runtime, value: Any) -> list[Any]:
    return list(to_array(value))


@aql_function("TYPENAME", 1)
def _typename_(rt: Runtime, value: Any) -> str:
    return typename(value)


@aql_function("IS_NULL", 1)
def _is_null(rt: Runtime, value: Any) -> bool:
    return value is None


@aql_function("IS_BOOL", 1)
def _is_bool(rt: Runtime, value: Any) -> bool:
    return isinstance(value, bool)


@aql_function("IS_NUMBER", 1)
def _is_number_(rt: Runtime, value: Any) -> bool:
    return is_number(value)


@aql_function("IS_STRING", 1)
def _is_string(rt: Runtime, value: Any) -> bool:
    return isinstance(value, str)


@aql_function("IS_ARRAY", 1, aliases=("IS_LIST",))
def _is_array(rt: Runtime, value: Any) -> bool:
    return isinstance(value, list)


@aql_function("IS_OBJECT", 1, aliases=("IS_DOCUMENT",))
def _is_object(rt: Runtime, value: Any) -> bool:
    return isinstance(value, dict)


@aql_function("NOT_NULL", 1, None)
def _not_null(rt: Runtime, *values: Any) -> Any:
    return next((v for v in values if v is not None), None)


@aql_function("FIRST_LIST", 1, None)
def _first_list(rt: Runtime, *values: Any) -> Any:
    return next((v for v in values if isinstance(v, list)), None)


@aql_function("FIRST_DOCUMENT", 1, None)
def _first_document(rt: Runtime, *values: Any) -> Any:
    return next((v for v in values if isinstance(v, dict)), None)


@aql_function("MIN_MATCH", 2, None)
def _min_match(rt: Runtime, *values: Any) -> bool:
    *conditions, wanted = values
    return sum(1 for c in conditions if truthy(c)) >= to_number(wanted)


@aql_function("TO_CHAR", 1)
def _to_char(rt: Runtime, value: Any) -> str:
    return chr(int(to_number(value)))
