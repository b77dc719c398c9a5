"""Functions that need an index of a collection: FULLTEXT (a fulltext index on the attribute)
and the deprecated NEAR, WITHIN and WITHIN_RECTANGLE (a geo index).

The collection comes first, as a name (``FULLTEXT(emails, ...)`` or a string). ArangoDB turns
these calls into index lookups while optimizing the plan, so a missing index fails the query
(404, 1571 / 1570) even when no document would be looked at. The store tells the engine about
indexes through the optional ``index_definitions(name)`` of its QueryContext.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from arango_anyio.testing._aql import geometry
from arango_anyio.testing._aql.geometry import GeoError
from arango_anyio.testing._aql.runtime import Runtime, aql_function
from arango_anyio.testing._aql.values import is_number, normalize, to_number
from arango_anyio.testing._protocol.errors import EmuError

#: Words longer than this are indexed (and searched) by their first 40 characters.
MAX_WORD_LENGTH = 40
#: A fulltext query uses at most this many search words.
MAX_SEARCH_WORDS = 32
#: A word as ICU's word breaking finds it: letters, digits and ``_``, joined across ``.`` and
#: apostrophes (``can't``, ``3.14``).
_WORD = re.compile(r"\w+(?:['.\u2019]\w+)*")
_QUERY_SPACE = " \t\r\n\f\b,"


def _collection_name(rt: Runtime, function: str, value: Any) -> str:
    if not isinstance(value, str):
        raise EmuError(1542, f"AQL: invalid argument type in call to function '{function}()' "
                             "(while optimizing plan)")
    rt.ctx.collection_type(value)
    return value


def _indexes(rt: Runtime, name: str, kind: str) -> list[dict[str, Any]]:
    lister = getattr(rt.ctx, "index_definitions", None)
    if lister is None:
        return []
    return [ix for ix in lister(name) if ix.get("type") == kind]


def _path(doc: Any, field: str) -> Any:
    value = doc
    for part in field.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


# -- FULLTEXT -----------------------------------------------------------------------------


def _normal(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def _tokens(text: str, min_length: int) -> set[str]:
    words = set()
    for match in _WORD.finditer(_normal(text)):
        word = match.group()
        if len(word) >= min_length:
            words.add(word[:MAX_WORD_LENGTH])
    return words


def index_words(value: Any, min_length: int) -> set[str]:
    """The words a fulltext index holds for an attribute value: a string's words, and those
    of the strings directly inside an array or object."""
    if isinstance(value, str):
        return _tokens(value, min_length)
    items = value if isinstance(value, list) else \
        list(value.values()) if isinstance(value, dict) else []
    words: set[str] = set()
    for item in items:
        if isinstance(item, str):
            words |= _tokens(item, min_length)
    return words


def parse_fulltext_query(text: str) -> list[tuple[str, bool, str]]:
    """``(operation, prefix, word)`` per search word (operation ``and``/``or``/``not``),
    as ArangoDB parses a fulltext query; 400/10 when it holds no word."""
    out: list[tuple[str, bool, str]] = []
    i = 0
    while i < len(text) and len(out) < MAX_SEARCH_WORDS:
        if text[i] in _QUERY_SPACE:
            i += 1
            continue
        operation = "and"
        if text[i] in "+|-":
            operation = {"+": "and", "|": "or", "-": "not"}[text[i]]
            i += 1
        start = i
        while i < len(text) and text[i] not in _QUERY_SPACE:
            i += 1
        chunk = text[start:i]
        command, colon, word = chunk.partition(":")
        if not chunk or (colon and (not command or not word)):
            raise EmuError(10, "AQL: bad parameter (while executing)")
        prefix = False
        if colon:
            prefix = command.lower() == "prefix"
        else:
            word = chunk
        out.append((operation, prefix, _normal(word)[:MAX_WORD_LENGTH]))
    if not out:
        raise EmuError(10, "AQL: bad parameter (while executing)")
    first = out[0]
    out[0] = ("or", first[1], first[2])  # the first word always starts the result
    return out


def fulltext_match(terms: list[tuple[str, bool, str]], docs: list[set[str]]) -> list[int]:
    """The positions of the documents (given as word sets) that the query terms select,
    evaluated left to right without precedence."""
    result: set[int] = set()
    for n, (operation, prefix, word) in enumerate(terms):
        if n and operation != "or" and not result:
            continue
        if prefix:
            hits = {i for i, words in enumerate(docs) if any(w.startswith(word) for w in words)}
        else:
            hits = {i for i, words in enumerate(docs) if word in words}
        if operation == "or":
            result |= hits
        elif operation == "and":
            result &= hits
        else:
            result -= hits
    return sorted(result)


@aql_function("FULLTEXT", 3, 4)
def _fulltext(rt: Runtime, collection: Any, attribute: Any, query: Any,
              limit: Any = None) -> Any:
    name = _collection_name(rt, "FULLTEXT", collection)
    if not isinstance(attribute, str):
        raise EmuError(1542, "AQL: invalid argument type in call to function 'FULLTEXT()' "
                             "(while optimizing plan)")
    index = next((ix for ix in _indexes(rt, name, "fulltext")
                  if list(ix.get("fields", [])) == [attribute]), None)
    if index is None:
        raise EmuError(1571, "AQL: no suitable fulltext index found for fulltext query on "
                             f"'{name}' (while optimizing plan)", http_code=404)
    if not isinstance(query, str):
        raise EmuError(1542, "AQL: invalid argument type in call to function 'FULLTEXT()' "
                             "(while executing)")
    terms = parse_fulltext_query(query)
    min_length = int(index.get("minLength", 2) or 1)
    docs = list(rt.ctx.scan(name))
    words = [index_words(_path(doc, attribute), min_length) for doc in docs]
    found = [docs[i] for i in fulltext_match(terms, words)]
    found = _limited(found, limit)
    rt.stats["scannedIndex"] += len(found)
    return found


def _limited(found: list[Any], limit: Any) -> list[Any]:
    """The server's LIMIT after the index lookup: none for null (or a negative count, which
    its unsigned limit takes as huge), else at most ``limit`` (0: nothing)."""
    if limit is None:
        return found
    count = int(to_number(limit))
    return found if count < 0 else found[:count]


# -- NEAR / WITHIN / WITHIN_RECTANGLE -----------------------------------------------------


def geo_index_point(index: dict[str, Any], doc: Any) -> geometry.LatLng | None:
    """The point a geo index holds for ``doc`` (None when the document is not indexed):
    two fields ``[lat, lon]``; one field ``[lat, lon]``, or with ``geoJson`` a ``[lon, lat]``
    array or a GeoJSON geometry (its centroid)."""
    fields = list(index.get("fields", []))
    if len(fields) == 2:
        lat, lon = _path(doc, fields[0]), _path(doc, fields[1])
        if is_number(lat) and is_number(lon) and -90 <= lat <= 90 and -180 <= lon <= 180:
            return float(lat), float(lon)
        return None
    if len(fields) != 1:
        return None
    value = _path(doc, fields[0])
    try:
        if index.get("geoJson"):
            return geometry.centroid(geometry.parse_shape(value))
        if isinstance(value, list) and len(value) == 2 and \
                all(is_number(v) for v in value) and \
                -90 <= value[0] <= 90 and -180 <= value[1] <= 180:
            return float(value[0]), float(value[1])
    except GeoError:
        return None
    return None


def _geo_points(rt: Runtime, function: str, collection: Any
                ) -> list[tuple[dict[str, Any], geometry.LatLng]]:
    name = _collection_name(rt, function, collection)
    indexes = _indexes(rt, name, "geo")
    if not indexes:
        raise EmuError(1570, "AQL: no suitable geo index found for geo restriction on "
                             f"'{name}' (while optimizing plan)", http_code=404)
    out = []
    for doc in rt.ctx.scan(name):
        point = geo_index_point(indexes[0], doc)
        if point is not None:
            out.append((doc, point))
    return out


def _with_distance(doc: dict[str, Any], field: Any, dist: float) -> dict[str, Any]:
    if not isinstance(field, str) or not field:
        return doc
    out = dict(doc)
    out[field] = normalize(dist)
    return out


@aql_function("NEAR", 3, 5)
def _near(rt: Runtime, collection: Any, lat: Any, lon: Any, limit: Any = None,
          distance_name: Any = None) -> Any:
    points = _geo_points(rt, "NEAR", collection)
    if not is_number(lat) or not is_number(lon):
        rt.bad_argument("NEAR")
        return []
    origin = (float(lat), float(lon))
    ranked = sorted(((geometry.haversine(origin, p), doc) for doc, p in points),
                    key=lambda item: item[0])
    found = [_with_distance(doc, distance_name, d)
             for d, doc in _limited(ranked, 100 if limit is None else limit)]
    rt.stats["scannedIndex"] += len(found)
    return found


@aql_function("WITHIN", 4, 5)
def _within(rt: Runtime, collection: Any, lat: Any, lon: Any, radius: Any,
            distance_name: Any = None) -> Any:
    points = _geo_points(rt, "WITHIN", collection)
    if not is_number(lat) or not is_number(lon) or not is_number(radius):
        rt.bad_argument("WITHIN")
        return []
    origin = (float(lat), float(lon))
    ranked = sorted(((geometry.haversine(origin, p), doc) for doc, p in points),
                    key=lambda item: item[0])
    found = [_with_distance(doc, distance_name, d) for d, doc in ranked if d <= radius]
    rt.stats["scannedIndex"] += len(found)
    return found


@aql_function("WITHIN_RECTANGLE", 5)
def _within_rectangle(rt: Runtime, collection: Any, lat1: Any, lon1: Any, lat2: Any,
                      lon2: Any) -> Any:
    points = _geo_points(rt, "WITHIN_RECTANGLE", collection)
    if not all(is_number(v) for v in (lat1, lon1, lat2, lon2)):
        rt.bad_argument("WITHIN_RECTANGLE")
        return []
    low_lat, high_lat = sorted((float(lat1), float(lat2)))
    low_lon, high_lon = sorted((float(lon1), float(lon2)))
    found = [doc for doc, (lat, lon) in points
             if low_lat <= lat <= high_lat and low_lon <= lon <= high_lon]
    rt.stats["scannedIndex"] += len(found)
    return found
