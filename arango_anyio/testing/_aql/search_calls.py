"""The ArangoSearch functions inside a ``SEARCH`` condition: ``ANALYZER``, ``BOOST``,
``EXISTS``, ``PHRASE``, ``STARTS_WITH``, ``IN_RANGE``, ``MIN_MATCH``,
``LEVENSHTEIN_MATCH``, ``LIKE``, ``NGRAM_MATCH`` and the geo functions (on fields indexed
with a geo analyzer). Argument errors are ArangoDB's ("unsupported SEARCH condition: ...").
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from arango_anyio.testing._aql import ast
from arango_anyio.testing._aql.runtime import FUNCTIONS
from arango_anyio.testing._aql.search_phrase import phrase_filter
from arango_anyio.testing._aql.search_scope import (
    SWAPPED_OP,
    SearchScope,
    references,
    type_name,
    unsupported,
)
from arango_anyio.testing._aql.values import to_number, truthy
from arango_anyio.testing._search.index.postings import typed_term
from arango_anyio.testing._search.query.filters import (
    AllFilter,
    EmptyFilter,
    ExistsFilter,
    Filter,
    GeoFilter,
    LevenshteinFilter,
    NgramFilter,
    NotFilter,
    OrFilter,
    PrefixFilter,
    RangeFilter,
    WildcardFilter,
)

Handler = Callable[[SearchScope, ast.Call, str, float], Any]
SEARCH_CALLS: dict[str, Handler] = {}

_DISTANCE_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "==": operator.eq,
}

_EXISTS_TYPES = ("string", "type", "analyzer", "numeric", "bool", "boolean", "null", "nested")


def _handles(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        SEARCH_CALLS[name] = handler
        return handler

    return register


def _count(call: ast.Call, low: int, high: int | None) -> None:
    count = len(call.args)
    if count < low or (high is not None and count > high):
        if high is None:
            detail = f"(expected >= {low})"
        elif low == high:
            detail = f"(expected {low})"
        else:
            detail = f"(expected >= {low} and <= {high})"
        raise unsupported(f"'{call.name}' AQL function: Invalid number of arguments passed "
                          f"{detail}")


def _attribute(scope: SearchScope, call: ast.Call, i: int = 0) -> str:
    path = scope.path(call.args[i])
    if path is None:
        raise unsupported(f"'{call.name}' AQL function: Unable to parse argument at position "
                          f"'{i}' as an attribute identifier")
    return path


def _arg(scope: SearchScope, call: ast.Call, i: int, kind: type | tuple[type, ...],
         expected: str) -> Any:
    if references(call.args[i], scope.var):
        raise unsupported(f"'{call.name}' AQL function: argument at position '{i}' is "
                          "intended to be deterministic")
    value = scope.value(call.args[i])
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise unsupported(f"'{call.name}' AQL function: argument at position '{i + 1}' has "
                          f"invalid type '{type_name(value)}' ('{expected}' expected)")
    return value


@_handles("ANALYZER")
def _analyzer(scope: SearchScope, call: ast.Call, analyzer: str, boost: float) -> Filter:
    _count(call, 2, 2)
    name = scope.canonical(_arg(scope, call, 1, str, "string"), "ANALYZER")
    return scope.sub(call.args[0], name, boost)


@_handles("BOOST")
def _boost(scope: SearchScope, call: ast.Call, analyzer: str, boost: float) -> Filter:
    _count(call, 2, 2)
    factor = _arg(scope, call, 1, (int, float), "double")
    return scope.sub(call.args[0], analyzer, boost * float(factor))


@_handles("EXISTS")
def _exists(scope: SearchScope, call: ast.Call, analyzer: str, boost: float) -> Filter:
    _count(call, 1, 3)
    path = _attribute(scope, call)
    if len(call.args) == 1:
        return ExistsFilter(path, "any", "", boost)
    mode = str(_arg(scope, call, 1, str, "string")).lower()
    if mode not in _EXISTS_TYPES:
        raise unsupported("'EXISTS' AQL function: 2nd argument must be equal to one of the "
                          "following: 'string', 'type', 'analyzer', 'numeric', 'bool', "
                          f"'boolean', 'null', but got '{scope.value(call.args[1])}'")
    if len(call.args) == 3:
        if mode != "analyzer":
            raise unsupported("'EXISTS' AQL function: 3rd argument is intended to be used "
                              "with 'analyzer' type only")
        analyzer = scope.canonical(_arg(scope, call, 2, str, "string"), "EXISTS")
    return ExistsFilter(path, mode, scope.field_analyzer(path, analyzer), boost)


@_handles("PHRASE")
def _phrase(scope: SearchScope, call: ast.Call, analyzer: str, boost: float) -> Filter:
    _count(call, 2, None)
    return phrase_filter(scope, call, analyzer, boost)


@_handles("STARTS_WITH")
def _starts_with(scope: SearchScope, call: ast.Call, analyzer: str, boost: float) -> Filter:
    _count(call, 2, 4)
    path = _attribute(scope, call)
    name = scope.field_analyzer(path, analyzer)
    prefixes = _arg(scope, call, 1, (str, list), "string")
    if isinstance(prefixes, str):
        return PrefixFilter(path, name, prefixes, boost)
    min_match = 1
    if len(call.args) > 2:
        min_match = int(_arg(scope, call, 2, (int, float), "double"))
        if min_match < 0:
            raise unsupported("'STARTS_WITH' AQL function: argument at position '3' must "
                              "be a positive number")
    for prefix in prefixes:
        if not isinstance(prefix, str):
            raise unsupported(f"'STARTS_WITH' AQL function: argument at position '2' has "
                              f"invalid type '{type_name(prefix)}' ('string' expected)")
    if min_match == 0:
        return AllFilter(boost)
    if min_match > len(prefixes):
        return EmptyFilter()
    children: list[Filter] = [PrefixFilter(path, name, p, 1.0) for p in prefixes]
    return OrFilter(children, min_match, boost)


@_handles("IN_RANGE")
def _in_range(scope: SearchScope, call: ast.Call, analyzer: str, boost: float) -> Filter:
    _count(call, 5, 5)
    path = _attribute(scope, call)
    low, high = scope.value(call.args[1]), scope.value(call.args[2])
    include_low = _arg(scope, call, 3, bool, "boolean")
    include_high = _arg(scope, call, 4, bool, "boolean")
    if type_name(low) != type_name(high) or type_name(low) in ("array", "object"):
        raise unsupported("'IN_RANGE' AQL function: argument at position '3' has invalid "
                          f"type '{type_name(high)}' ('{type_name(low)}' expected)")
    typed_low, typed_high = typed_term(low), typed_term(high)
    if typed_low is None or typed_high is None:  # strings (both bounds have one type)
        kind, name = "s", scope.field_analyzer(path, analyzer)
    else:
        (kind, low), (_, high), name = typed_low, typed_high, ""
    return RangeFilter(path, kind, name, low, high, include_low, include_high, boost)


@_handles("MIN_MATCH")
def _min_match(scope: SearchScope, call: ast.Call, analyzer: str, boost: float) -> Filter:
    _count(call, 2, None)
    wanted = _arg(scope, call, len(call.args) - 1, (int, float), "double")
    if wanted < 0:
        raise unsupported(f"'MIN_MATCH' AQL function: argument at position "
                          f"'{len(call.args)}' must be a positive number")
    children = [scope.sub(arg, analyzer, 1.0) for arg in call.args[:-1]]
    return OrFilter(children, int(wanted), boost)


@_handles("LEVENSHTEIN_MATCH")
def _levenshtein(scope: SearchScope, call: ast.Call, analyzer: str, boost: float) -> Filter:
    _count(call, 3, 6)
    path = _attribute(scope, call)
    target = _arg(scope, call, 1, str, "string")
    distance = int(_arg(scope, call, 2, (int, float), "double"))
    transpositions = _arg(scope, call, 3, bool, "boolean") if len(call.args) > 3 else True
    limit = 4 if not transpositions else 3
    if distance < 0 or distance > limit:
        raise unsupported(f"'LEVENSHTEIN_MATCH' AQL function: argument at position '3' "
                          f"must be a number in range [0, {limit}]")
    max_terms = int(_arg(scope, call, 4, (int, float), "double")) if len(call.args) > 4 \
        else 64
    prefix = _arg(scope, call, 5, str, "string") if len(call.args) > 5 else ""
    return LevenshteinFilter(path, scope.field_analyzer(path, analyzer), target, distance,
                             transpositions, max_terms, prefix, boost)


@_handles("LIKE")
def _like(scope: SearchScope, call: ast.Call, analyzer: str, boost: float) -> Filter:
    _count(call, 2, 2)
    path = _attribute(scope, call)
    pattern = _arg(scope, call, 1, str, "string")
    return WildcardFilter(path, scope.field_analyzer(path, analyzer), pattern, boost)


@_handles("NGRAM_MATCH")
def _ngram(scope: SearchScope, call: ast.Call, analyzer: str, boost: float) -> Filter:
    _count(call, 2, 4)
    path = _attribute(scope, call)
    target = _arg(scope, call, 1, str, "string")
    threshold = 0.7
    rest = call.args[2:]
    if len(rest) == 2 or (len(rest) == 1 and isinstance(scope.value(rest[0]),
                                                        (int, float))):
        threshold = float(_arg(scope, call, 2, (int, float), "double"))
        if not 0 < threshold <= 1:
            raise unsupported("'NGRAM_MATCH' AQL function: argument at position '3' must "
                              "be a number in range (0, 1]")
        rest = rest[1:]
    if rest:
        analyzer = scope.canonical(scope.value(rest[0]), "NGRAM_MATCH")
    name = scope.field_analyzer(path, analyzer)
    found = scope.analyzer(name)
    ngrams = found.terms(target) if found is not None else [target]
    return NgramFilter(path, name, ngrams, threshold, boost)


def _geo_field(scope: SearchScope, call: ast.Call, analyzer: str
               ) -> tuple[str, str, int] | None:
    for i, arg in enumerate(call.args[:2]):
        path = scope.path(arg)
        if path is not None:
            return path, scope.field_analyzer(path, analyzer), i
    return None


def _geo(name: str) -> Callable[..., Any]:
    return FUNCTIONS[name].impl


def _geo_call(function: str) -> Handler:
    def handler(scope: SearchScope, call: ast.Call, analyzer: str, boost: float) -> Filter:
        found = _geo_field(scope, call, analyzer)
        if found is None:
            raise unsupported(f"'{function}' AQL function: Unable to find argument denoting "
                              "an attribute identifier")
        path, name, index = found
        other = scope.value(call.args[1 - index])
        extra = [scope.value(a) for a in call.args[2:]]
        impl, rt = _geo(function), scope.rt

        def test(geometry: dict[str, Any]) -> bool:
            args = [geometry, other] if index == 0 else [other, geometry]
            return truthy(impl(rt, *args, *extra))

        return GeoFilter(path, name, test, boost)

    return handler


for _name in ("GEO_CONTAINS", "GEO_INTERSECTS", "GEO_IN_RANGE"):
    SEARCH_CALLS[_name] = _geo_call(_name)


def geo_compare(scope: SearchScope, expr: ast.Binary, analyzer: str, boost: float
                 ) -> Filter | None:
    """``GEO_DISTANCE(doc.field, point) <op> distance`` (either side), else None."""
    for call, other, op in ((expr.left, expr.right, expr.op),
                            (expr.right, expr.left, SWAPPED_OP[expr.op])):
        if not (isinstance(call, ast.Call) and call.name == "GEO_DISTANCE"
                and len(call.args) == 2) or references(other, scope.var):
            continue
        found = _geo_field(scope, call, analyzer)
        if found is None:
            continue
        path, name, index = found
        point = scope.value(call.args[1 - index])
        limit = to_number(scope.value(other))
        if op == "!=":
            return NotFilter(GeoFilter(path, name, _distance_test(scope, point, "==", limit),
                                       1.0), boost)
        return GeoFilter(path, name, _distance_test(scope, point, op, limit), boost)
    return None


def _distance_test(scope: SearchScope, point: Any, op: str, limit: float
                   ) -> Callable[[dict[str, Any]], bool]:
    impl, rt, holds = _geo("GEO_DISTANCE"), scope.rt, _DISTANCE_OPS[op]

    def test(geometry: dict[str, Any]) -> bool:
        distance = impl(rt, geometry, point)
        return isinstance(distance, (int, float)) and holds(distance, limit)

    return test
