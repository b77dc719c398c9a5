"""``PHRASE()`` in a ``SEARCH`` condition: its argument forms (separate arguments or one
array, skip counts, object tokens) become a phrase filter.

Parts are placed like ArangoSearch does: each part goes to position ``1 + last + skip``
(64-bit unsigned), and a part landing on a position already taken replaces it. So a skip of
-1 replaces the previous part (``PHRASE(f, "a", -1, "b")`` searches for ``b`` alone).
"""

from __future__ import annotations

from typing import Any

from arango_anyio.testing._aql import ast
from arango_anyio.testing._aql.search_scope import SearchScope, type_name, unsupported
from arango_anyio.testing._search.query.filters import (
    EmptyFilter,
    Filter,
    LevenshteinFilter,
    PatternPart,
    PhraseFilter,
    PrefixFilter,
    RangeFilter,
    TermsPart,
    WildcardFilter,
)

_MASK = (1 << 64) - 1
Part = TermsPart | PatternPart


class _Builder:
    def __init__(self, scope: SearchScope, path: str, analyzer: str) -> None:
        self.scope = scope
        self.path = path
        self.analyzer = analyzer
        found = scope.analyzer(analyzer)
        self.tokens = found.terms if found is not None else (lambda text: [text])
        self.parts: dict[int, Part] = {}

    def place(self, part: Part, skip: int) -> None:
        position = 0 if not self.parts else 1 + max(self.parts)
        self.parts[(position + skip) & _MASK] = part

    def add_value(self, value: Any, skip: int) -> int:
        """Add one phrase part; returns the skip left pending (for empty arrays)."""
        if isinstance(value, str):
            for i, term in enumerate(self.tokens(value)):
                self.place(TermsPart([term]), skip if i == 0 else 0)
                skip = 0
            return 0
        if isinstance(value, list):
            terms = [t for item in value if isinstance(item, str) for t in self.tokens(item)]
            if not terms:
                return skip
            self.place(TermsPart(terms), skip)
            return 0
        if isinstance(value, dict) and len(value) == 1:
            self.place(self._object(*next(iter(value.items()))), skip)
            return 0
        raise unsupported(f"'PHRASE' AQL function: Unable to parse argument as a value "
                          f"(got '{type_name(value)}')")

    def _object(self, kind: str, args: Any) -> Part:
        items = args if isinstance(args, list) else [args]
        path, name = self.path, self.analyzer
        if kind == "TERM" and items and isinstance(items[0], str):
            return TermsPart([items[0]])
        if kind == "TERMS" and all(isinstance(i, str) for i in items):
            return TermsPart([str(i) for i in items])
        if kind == "STARTS_WITH" and items and isinstance(items[0], str):
            return PatternPart(PrefixFilter(path, name, items[0]))
        if kind == "WILDCARD" and items and isinstance(items[0], str):
            return PatternPart(WildcardFilter(path, name, items[0]))
        if kind == "LEVENSHTEIN_MATCH" and items and isinstance(items[0], str):
            distance = int(items[1]) if len(items) > 1 else 1
            transpositions = bool(items[2]) if len(items) > 2 else True
            max_terms = int(items[3]) if len(items) > 3 else 64
            prefix = str(items[4]) if len(items) > 4 else ""
            return PatternPart(LevenshteinFilter(
                path, name, items[0], distance, transpositions, max_terms, prefix))
        if kind == "IN_RANGE" and len(items) >= 2 and all(isinstance(i, str)
                                                           for i in items[:2]):
            include_low = bool(items[2]) if len(items) > 2 else False
            include_high = bool(items[3]) if len(items) > 3 else False
            return PatternPart(RangeFilter(path, "s", name, items[0], items[1],
                                           include_low, include_high))
        raise unsupported(f"'PHRASE' AQL function: Unable to parse object token '{kind}'")


def _skip(value: Any, position: int) -> int:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise unsupported(f"'PHRASE' AQL function: Unable to parse argument at position "
                          f"'{position}' as an offset")
    return int(value)


def phrase_filter(scope: SearchScope, call: ast.Call, analyzer: str, boost: float) -> Filter:
    """The filter for ``PHRASE(path, ...)``."""
    args = list(call.args)
    path = scope.path(args[0])
    if path is None:
        raise unsupported("'PHRASE' AQL function: Unable to parse argument at position '0' "
                          "as an attribute identifier")
    if len(args) % 2 == 1:
        analyzer = scope.canonical(scope.value(args[-1]), "PHRASE")
        args = args[:-1]
    name = scope.field_analyzer(path, analyzer)
    builder = _Builder(scope, path, name)
    values = [scope.value(arg) for arg in args[1:]]
    if len(values) == 1 and isinstance(values[0], list):
        _array_form(builder, values[0])
    else:
        pending = builder.add_value(values[0], 0)
        for i in range(1, len(values), 2):
            skip = _skip(values[i], i + 1)
            pending = builder.add_value(values[i + 1], pending + skip)
    if not builder.parts:
        return EmptyFilter()
    return PhraseFilter(path, name, builder.parts, boost)


def _array_form(builder: _Builder, values: list[Any]) -> None:
    pending = 0
    skip_next = 0
    for i, item in enumerate(values):
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            skip_next = _skip(item, i)
            continue
        pending = builder.add_value(item, pending + skip_next)
        skip_next = 0
