"""The AQL engine's geo functions (DISTANCE, GEO_*, IS_IN_POLYGON, NEAR, WITHIN,
WITHIN_RECTANGLE), FULLTEXT, and the geo index's effect on collection loops."""

from __future__ import annotations

import math
from typing import Any

import pytest

from arango_anyio.testing._aql.functions.indexed import fulltext_match, parse_fulltext_query
from arango_anyio.testing._aql.memory import MemoryContext
from arango_anyio.testing._protocol.errors import EmuError

from .conftest import run

EARTH = 6371000.0


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH * math.asin(math.sqrt(h))


def value(ctx: MemoryContext, expr: str, bind_vars: dict[str, Any] | None = None) -> Any:
    result = run(ctx, f"RETURN {expr}", bind_vars)
    assert result.warnings == [], result.warnings
    return result.result[0]


def warned(ctx: MemoryContext, expr: str) -> tuple[Any, list[dict[str, Any]]]:
    result = run(ctx, f"RETURN {expr}")
    return result.result[0], result.warnings


SQUARE = "{type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]}"
#: The documentation's example: geodesic edges, so [10, 47] is outside and [10, 54] inside.
EUROPE = "GEO_POLYGON([[4, 54], [4, 47], [16, 47], [16, 54], [4, 54]])"
EUROPE_CW = "GEO_POLYGON([[4, 54], [16, 54], [16, 47], [4, 47], [4, 54]])"


# -- distances ----------------------------------------------------------------------------


def test_distance_matches_the_documented_value(ctx: MemoryContext) -> None:
    assert value(ctx, "DISTANCE(52.5163, 13.3777, 50.9322, 6.94)") == \
        pytest.approx(476918.89688380965, rel=1e-12)
    assert value(ctx, "DISTANCE(0, 0, 0, 0)") == 0


def test_distance_of_non_numbers_warns(ctx: MemoryContext) -> None:
    result, warnings = warned(ctx, "DISTANCE('1', 0, 0, 0)")
    assert result is None
    assert warnings == [{"code": 1542, "message":
                         "invalid argument type in call to function 'DISTANCE()'"}]


@pytest.mark.parametrize(("a", "b"), [
    ((52.5163, 13.3777), (50.9322, 6.94)),
    ((0.0, 0.0), (0.0, 90.0)),
    ((-33.9, 18.4), (40.7, -74.0)),
    ((89.0, 0.0), (89.0, 180.0)),
])
def test_geo_distance_is_haversine_on_lon_lat_pairs(ctx: MemoryContext,
                                                    a: tuple[float, float],
                                                    b: tuple[float, float]) -> None:
    expected = haversine(*a, *b)
    got = value(ctx, f"GEO_DISTANCE([{a[1]}, {a[0]}], [{b[1]}, {b[0]}])")
    assert got == pytest.approx(expected, rel=1e-9)
    point = value(ctx, f"GEO_DISTANCE(GEO_POINT({a[1]}, {a[0]}), "
                       f"{{type: 'Point', coordinates: [{b[1]}, {b[0]}]}})")
    assert point == pytest.approx(expected, rel=1e-9)


def test_geo_distance_uses_centroids_and_ellipsoids(ctx: MemoryContext) -> None:
    # the centroid of the square is (about) its middle
    assert value(ctx, f"GEO_DISTANCE({SQUARE}, [1, 1])") < 1000
    assert value(ctx, f"GEO_DISTANCE({SQUARE}, [1, 0])") == \
        pytest.approx(haversine(1, 1, 0, 1), rel=1e-3)
    sphere = value(ctx, "GEO_DISTANCE([13.3777, 52.5163], [6.94, 50.9322])")
    wgs84 = value(ctx, "GEO_DISTANCE([13.3777, 52.5163], [6.94, 50.9322], 'wgs84')")
    assert wgs84 != sphere and wgs84 == pytest.approx(sphere, rel=5e-3)
    # along the equator an ellipsoid's distance is longer (larger equatorial radius)
    assert value(ctx, "GEO_DISTANCE([0, 0], [1, 0], 'wgs84')") == \
        pytest.approx(111319.49, rel=1e-6)
    result, warnings = warned(ctx, "GEO_DISTANCE([0, 0], [1, 0], 'mars')")
    assert result == pytest.approx(haversine(0, 0, 0, 1))
    assert warnings == [{"code": 10, "message": "in function 'GEO_DISTANCE()': invalid "
                                                'ellipsoid mars specified, falling back to '
                                                '"sphere"'}]


@pytest.mark.parametrize(("args", "message"), [
    ("null, [1, 2]", "Invalid GeoJSON Geometry Object."),
    ("[1, 2], {type: 'Nope', coordinates: []}", "Invalid GeoJSON Geometry Object."),
    ("[1, 2, 3, 4], [1, 2]", "Bad coordinates [1,2,3,4]"),
    ("[1, 'x'], [1, 2]", 'Bad coordinates [1,"x"]'),
    ("{type: 'Point'}, [1, 2]", "Coordinates missing."),
    ("{type: 'LineString', coordinates: [[1, 1], [1, 1]]}, [1, 2]",
     "Invalid LineString, adjacent vertices must not be identical or antipodal."),
    ("{type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0.5]]]}, [1, 2]",
     "Loop not closed"),
    ("{type: 'GeometryCollection', coordinates: []}, [1, 2]",
     "GeoJSON type GeometryCollection is not supported"),
])
def test_geo_distance_of_invalid_shapes_warns(ctx: MemoryContext, args: str,
                                              message: str) -> None:
    result, warnings = warned(ctx, f"GEO_DISTANCE({args})")
    assert result is None
    assert len(warnings) == 1
    assert warnings[0]["message"] == f"in function 'GEO_DISTANCE()': {message}"
    assert warnings[0]["code"] in (9, 10)


def test_geo_in_range(ctx: MemoryContext) -> None:
    one_degree = haversine(0, 0, 0, 1)
    assert value(ctx, f"GEO_IN_RANGE([0, 0], [1, 0], {one_degree - 1}, {one_degree + 1})")
    assert not value(ctx, f"GEO_IN_RANGE([0, 0], [1, 0], 0, {one_degree - 1})")
    assert value(ctx, "GEO_IN_RANGE([0, 0], [0, 0], 0, 10)")
    assert not value(ctx, "GEO_IN_RANGE([0, 0], [0, 0], 0, 10, false)")
    assert not value(ctx, "GEO_IN_RANGE([0, 0], [0, 0], -5, 0, true, false)")
    result, warnings = warned(ctx, "GEO_IN_RANGE([0, 0], [0, 0], 'a', 10)")
    assert result is None
    assert warnings[0] == {"code": 10, "message": "in function 'GEO_IN_RANGE()': "
                                                  "3rd argument requires a number"}


# -- containment, intersection, equality, area -------------------------------------------


def test_geo_contains_uses_geodesic_edges_and_orientation(ctx: MemoryContext) -> None:
    assert value(ctx, f"GEO_CONTAINS({EUROPE}, [10, 50])") is True
    assert value(ctx, f"GEO_CONTAINS({EUROPE}, [10, 54])") is True
    assert value(ctx, f"GEO_CONTAINS({EUROPE}, [10, 47])") is False
    assert value(ctx, f"GEO_CONTAINS({EUROPE}, [20, 50])") is False
    # clockwise: the rest of the Earth
    assert value(ctx, f"GEO_CONTAINS({EUROPE_CW}, [10, 50])") is False
    assert value(ctx, f"GEO_CONTAINS({EUROPE_CW}, [100, -30])") is True


def test_geo_contains_shapes_and_holes(ctx: MemoryContext) -> None:
    holed = ("{type: 'Polygon', coordinates: [[[100, 0], [101, 0], [101, 1], [100, 1], "
             "[100, 0]], [[100.8, 0.8], [100.8, 0.2], [100.2, 0.2], [100.2, 0.8], "
             "[100.8, 0.8]]]}")
    assert value(ctx, f"GEO_CONTAINS({holed}, [100.1, 0.5])") is True
    assert value(ctx, f"GEO_CONTAINS({holed}, [100.5, 0.5])") is False
    assert value(ctx, f"GEO_CONTAINS({SQUARE}, GEO_MULTIPOINT([[0.5, 0.5], [1.5, 1.5]]))")
    assert not value(ctx, f"GEO_CONTAINS({SQUARE}, GEO_MULTIPOINT([[0.5, 0.5], [3, 3]]))")
    assert value(ctx, f"GEO_CONTAINS({SQUARE}, GEO_LINESTRING([[0.5, 0.5], [1.5, 1.5]]))")
    assert not value(ctx, f"GEO_CONTAINS({SQUARE}, GEO_LINESTRING([[0.5, 0.5], [3, 1]]))")
    inner = "GEO_POLYGON([[0.5, 0.5], [1.5, 0.5], [1.5, 1.5], [0.5, 1.5], [0.5, 0.5]])"
    assert value(ctx, f"GEO_CONTAINS({SQUARE}, {inner})") is True
    assert value(ctx, f"GEO_CONTAINS({inner}, {SQUARE})") is False
    multi = ("GEO_MULTIPOLYGON([[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]], "
             "[[[5, 5], [6, 5], [6, 6], [5, 6], [5, 5]]]])")
    assert value(ctx, f"GEO_CONTAINS({multi}, [5.5, 5.5])") is True
    assert value(ctx, f"GEO_CONTAINS({multi}, [3, 3])") is False


def test_geo_contains_argument_warnings(ctx: MemoryContext) -> None:
    result, warnings = warned(ctx, "GEO_CONTAINS([1, 2], [1, 2])")
    assert result is None
    assert warnings == [{"code": 1542, "message": "in function 'GEO_CONTAINS()': "
                                                  "Expecting GeoJSON object"}]
    result, warnings = warned(ctx, "GEO_CONTAINS(GEO_POINT(1, 2), [1, 2])")
    assert result is None
    assert warnings == [{"code": 1542, "message": "in function 'GEO_CONTAINS()': Only "
                         "Polygon and MultiPolygon types are valid as first argument"}]


def test_geo_intersects(ctx: MemoryContext) -> None:
    strip = "GEO_POLYGON([[4, 0], [6, 0], [6, 20], [4, 20], [4, 0]])"
    assert value(ctx, f"GEO_INTERSECTS(GEO_LINESTRING([[0, 10], [10, 10]]), {strip})") is True
    assert value(ctx, f"GEO_INTERSECTS(GEO_LINESTRING([[0, 30], [10, 30]]), {strip})") is False
    assert value(ctx, f"GEO_INTERSECTS({strip}, [5, 5])") is True
    assert value(ctx, f"GEO_INTERSECTS({strip}, [50, 5])") is False
    crossing = "GEO_LINESTRING([[0, 0], [10, 10]])"
    assert value(ctx, f"GEO_INTERSECTS({crossing}, GEO_LINESTRING([[0, 10], [10, 0]]))")
    assert not value(ctx, f"GEO_INTERSECTS({crossing}, GEO_LINESTRING([[20, 0], [30, 0]]))")
    assert value(ctx, f"GEO_INTERSECTS({SQUARE}, {SQUARE})") is True


def test_geo_equals_documented_examples(ctx: MemoryContext) -> None:
    a = "GEO_POLYGON([[-11.5, 23.5], [-10.5, 26.1], [-11.2, 27.1], [-11.5, 23.5]])"
    b = "GEO_POLYGON([[-11.1, 24.0], [-10.5, 26.1], [-11.2, 27.1], [-11.1, 24.0]])"
    assert value(ctx, f"GEO_EQUALS({a}, {a})") is True
    assert value(ctx, f"GEO_EQUALS({a}, {b})") is False
    assert value(ctx, "GEO_EQUALS(GEO_POINT(1, 2), {type: 'Point', coordinates: [1, 2]})")
    assert value(ctx, "GEO_EQUALS(GEO_POINT(1, 2), GEO_POINT(2, 1))") is False
    result, warnings = warned(ctx, "GEO_EQUALS([1, 2], GEO_POINT(1, 2))")
    assert result is None and warnings[0]["code"] == 1542


def test_geo_area(ctx: MemoryContext) -> None:
    # a 1 x 1 degree cell on the equator: R^2 * dLon * (sin(lat2) - sin(lat1)), nearly
    cell = "{type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}"
    expected = EARTH ** 2 * math.radians(1) * math.sin(math.radians(1))
    assert run(ctx, f"RETURN GEO_AREA({cell}, 'sphere')").result[0] == \
        pytest.approx(expected, rel=1e-3)
    assert run(ctx, f"RETURN GEO_AREA({cell}, 'wgs84')").result[0] == \
        pytest.approx(expected, rel=5e-3)
    assert run(ctx, "RETURN GEO_AREA(GEO_POINT(1, 2), 'sphere')").result[0] == 0
    holed = ("{type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]], "
             "[[0.5, 0.5], [1.5, 0.5], [1.5, 1.5], [0.5, 1.5], [0.5, 0.5]]]}")
    full = run(ctx, f"RETURN GEO_AREA({SQUARE}, 'sphere')").result[0]
    assert run(ctx, f"RETURN GEO_AREA({holed}, 'sphere')").result[0] == \
        pytest.approx(full * 3 / 4, rel=1e-3)
    result = run(ctx, "RETURN GEO_AREA(null, 'sphere')")
    assert result.result == [None] and result.warnings[0]["code"] == 10


def test_is_in_polygon(ctx: MemoryContext) -> None:
    square = "[[0, 0], [0, 10], [10, 10], [10, 0]]"
    assert value(ctx, f"IS_IN_POLYGON({square}, 4, 7)") is True
    assert value(ctx, f"IS_IN_POLYGON({square}, [4, 7])") is True
    assert value(ctx, f"IS_IN_POLYGON({square}, 14, 7)") is False
    assert value(ctx, "IS_IN_POLYGON([[0, 0], [10, 0], [10, 10], [0, 10]], [7, 4], true)")
    assert value(ctx, "IS_IN_POLYGON([[0, 0], [10, 0], [10, 10], [0, 10]], [17, 4], true)") \
        is False
    result, warnings = warned(ctx, "IS_IN_POLYGON('x', 1, 2)")
    assert result is None and warnings == [
        {"code": 1563, "message": "in function 'IS_IN_POLYGON()': array expected"}]
    result, warnings = warned(ctx, f"IS_IN_POLYGON({square}, 'a', 2)")
    assert result is None and warnings[0]["code"] == 1542


# -- constructors -------------------------------------------------------------------------


@pytest.mark.parametrize(("expr", "expected"), [
    ("GEO_POINT(1.5, 2)", {"type": "Point", "coordinates": [1.5, 2]}),
    ("GEO_MULTIPOINT([[35, 10], [45, 45]])",
     {"type": "MultiPoint", "coordinates": [[35, 10], [45, 45]]}),
    ("GEO_LINESTRING([[35, 10], [45, 45]])",
     {"type": "LineString", "coordinates": [[35, 10], [45, 45]]}),
    ("GEO_MULTILINESTRING([[[100.0, 0.0], [101.0, 1.0]], [[102.0, 2.0], [101.0, 2.3]]])",
     {"type": "MultiLineString",
      "coordinates": [[[100, 0], [101, 1]], [[102, 2], [101, 2.3]]]}),
    ("GEO_POLYGON([[0.0, 0.0], [7.5, 2.5], [0.0, 5.0], [0.0, 0.0]])",
     {"type": "Polygon", "coordinates": [[[0, 0], [7.5, 2.5], [0, 5], [0, 0]]]}),
    ("GEO_POLYGON([[[35, 10], [45, 45], [15, 40], [10, 20], [35, 10]], "
     "[[20, 30], [30, 20], [35, 35], [20, 30]]])",
     {"type": "Polygon", "coordinates": [[[35, 10], [45, 45], [15, 40], [10, 20], [35, 10]],
                                         [[20, 30], [30, 20], [35, 35], [20, 30]]]}),
    ("GEO_MULTIPOLYGON([[[[40, 40], [20, 45], [45, 30], [40, 40]]], "
     "[[[20, 35], [10, 30], [10, 10], [30, 5], [45, 20], [20, 35]], "
     "[[30, 20], [20, 15], [20, 25], [30, 20]]]])",
     {"type": "MultiPolygon", "coordinates": [
         [[[40, 40], [20, 45], [45, 30], [40, 40]]],
         [[[20, 35], [10, 30], [10, 10], [30, 5], [45, 20], [20, 35]],
          [[30, 20], [20, 15], [20, 25], [30, 20]]]]}),
])
def test_constructors(ctx: MemoryContext, expr: str, expected: Any) -> None:
    assert value(ctx, expr) == expected


@pytest.mark.parametrize(("expr", "code", "reason"), [
    ("GEO_POINT('a', 2)", 1542, None),
    ("GEO_MULTIPOINT('x')", 1563, "array expected"),
    ("GEO_MULTIPOINT([[1, 2]])", 1542, "a MultiPoint needs at least two positions"),
    ("GEO_MULTIPOINT([[1, 2], 3])", 1542, "not an array containing positions"),
    ("GEO_LINESTRING([[1, 2]])", 1542, "a LineString needs at least two positions"),
    ("GEO_LINESTRING([[1, 2], [3, 'x']])", 1542, "not a numeric value"),
    ("GEO_MULTILINESTRING([])", 1542,
     "a MultiLineString needs at least one array of linestrings"),
    ("GEO_POLYGON(1)", 1563, "array expected"),
    ("GEO_POLYGON([[0, 0], [1, 0]])", 1542, "a Polygon needs at least three positions"),
    ("GEO_POLYGON([[0, 0], [1, 0], [1, 1], [0, 1]])", 10, "Loop not closed"),
    ("GEO_MULTIPOLYGON([[[[0, 0], [1, 0], [1, 1], [0, 0]]]])", 1542,
     "a MultiPolygon needs at least two Polygons inside."),
])
def test_constructor_warnings(ctx: MemoryContext, expr: str, code: int,
                              reason: str | None) -> None:
    result, warnings = warned(ctx, expr)
    assert result is None
    assert len(warnings) == 1 and warnings[0]["code"] == code
    name = expr.partition("(")[0]
    if reason is None:
        assert warnings[0]["message"] == f"invalid argument type in call to function '{name}()'"
    else:
        assert warnings[0]["message"] == f"in function '{name}()': {reason}"


# -- FULLTEXT -----------------------------------------------------------------------------


@pytest.fixture
def mails(ctx: MemoryContext) -> MemoryContext:
    ctx.create("mails", docs=[
        {"_key": "1", "body": "Banana split with apple"},
        {"_key": "2", "body": "banana bread", "tags": ["x"]},
        {"_key": "3", "body": "Apple pie and CHERRY tart"},
        {"_key": "4", "body": {"title": "Banana republic", "deep": {"x": "cherry"}}},
        {"_key": "5", "body": ["pear", "Kumquat", 7]},
        {"_key": "6", "body": "x" * 50},
        {"_key": "7"},
    ])
    ctx.indexes["mails"] = [{"type": "fulltext", "fields": ["body"], "minLength": 2}]
    return ctx


def keys(ctx: MemoryContext, query: str, bind_vars: dict[str, Any] | None = None) -> list[str]:
    return [doc["_key"] for doc in run(ctx, query, bind_vars).result]


@pytest.mark.parametrize(("query", "expected"), [
    ("banana", ["1", "2", "4"]),
    ("banana,apple", ["1"]),
    ("banana,-apple", ["2", "4"]),
    ("banana,|cherry", ["1", "2", "3", "4"]),
    ("banana,pear,-cranberry", []),
    ("prefix:ban", ["1", "2", "4"]),
    ("prefix:ch,|pear", ["3", "5"]),
    ("complete:kumquat", ["5"]),
    ("PREFIX:APP", ["1", "3"]),
    ("cherry", ["3"]),  # only strings directly inside an object or array are indexed
    ("-apple", ["1", "3"]),  # the first word always adds to the result
    ("x" * 45, ["6"]),  # words are compared by their first 40 characters
    ("whatever:banana", ["1", "2", "4"]),  # an unknown qualifier is a complete match
])
def test_fulltext_queries(mails: MemoryContext, query: str, expected: list[str]) -> None:
    assert keys(mails, "FOR m IN FULLTEXT(mails, 'body', @q) RETURN m", {"q": query}) == \
        expected


def test_fulltext_limit_collection_string_and_stats(mails: MemoryContext) -> None:
    result = run(mails, "FOR m IN FULLTEXT(@c, 'body', 'banana', 2) RETURN m._key",
                 {"c": "mails"})
    assert result.result == ["1", "2"]
    assert result.stats["scannedIndex"] == 2 and result.warnings == []
    # the server turns the limit into a LIMIT node: 0 gives nothing, null caps nothing
    assert run(mails, "RETURN LENGTH(FULLTEXT(mails, 'body', 'banana', 0))").result == [0]
    assert run(mails, "RETURN LENGTH(FULLTEXT(mails, 'body', 'banana', null))").result == [3]


def test_fulltext_errors(mails: MemoryContext) -> None:
    with pytest.raises(EmuError) as missing:
        run(mails, "FOR m IN FULLTEXT(mails, 'title', 'banana') RETURN m")
    assert missing.value.error_num == 1571 and missing.value.http_code == 404
    assert missing.value.message == ("AQL: no suitable fulltext index found for fulltext "
                                     "query on 'mails' (while optimizing plan)")
    with pytest.raises(EmuError) as no_collection:
        run(mails, "FOR m IN FULLTEXT('nope', 'body', 'banana') RETURN m")
    assert no_collection.value.error_num == 1203
    for bad in ("", " , ", "prefix:", ":x"):
        with pytest.raises(EmuError) as empty:
            run(mails, "FOR m IN FULLTEXT(mails, 'body', @q) RETURN m", {"q": bad})
        assert empty.value.error_num == 10
    with pytest.raises(EmuError) as arity:
        run(mails, "RETURN FULLTEXT(mails, 'body')")
    assert arity.value.error_num == 1541


def test_fulltext_query_parsing() -> None:
    assert parse_fulltext_query(" +Foo, |prefix:BAR ,-complete:baz") == [
        ("or", False, "foo"), ("or", True, "bar"), ("not", False, "baz")]
    assert len(parse_fulltext_query(",".join(f"w{i}" for i in range(40)))) == 32
    docs = [{"a", "b"}, {"b"}, {"c"}]
    assert fulltext_match([("or", False, "b"), ("and", False, "a")], docs) == [0]
    assert fulltext_match([("or", False, "z"), ("and", False, "a"), ("or", False, "c")],
                          docs) == [2]


# -- NEAR / WITHIN / WITHIN_RECTANGLE and the geo index -----------------------------------

CITIES = [
    ("berlin", 52.52, 13.405), ("cologne", 50.9375, 6.9603), ("paris", 48.8566, 2.3522),
    ("rome", 41.9028, 12.4964), ("nyc", 40.7128, -74.006),
]


@pytest.fixture
def geo(ctx: MemoryContext) -> MemoryContext:
    ctx.create("pairs", docs=[{"_key": k, "lat": lat, "lon": lon} for k, lat, lon in CITIES]
               + [{"_key": "none"}, {"_key": "text", "lat": "1", "lon": 2}])
    ctx.indexes["pairs"] = [{"type": "geo", "fields": ["lat", "lon"], "geoJson": False}]
    ctx.create("located", docs=[{"_key": k, "loc": [lat, lon], "other": [lat, lon]}
                                for k, lat, lon in CITIES] + [{"_key": "none"}])
    ctx.indexes["located"] = [{"type": "geo", "fields": ["loc"], "geoJson": False}]
    ctx.create("shapes", docs=[{"_key": k, "geo": {"type": "Point", "coordinates": [lon, lat]}}
                               for k, lat, lon in CITIES]
               + [{"_key": "area", "geo": {"type": "Polygon", "coordinates": [
                   [[6, 50], [8, 50], [8, 52], [6, 52], [6, 50]]]}},
                  {"_key": "broken", "geo": {"type": "Point"}}])
    ctx.indexes["shapes"] = [{"type": "geo", "fields": ["geo"], "geoJson": True}]
    return ctx


def ranked(lat: float, lon: float) -> list[str]:
    return [k for k, a, b in sorted(CITIES, key=lambda c: haversine(lat, lon, c[1], c[2]))]


def test_near(geo: MemoryContext) -> None:
    assert keys(geo, "FOR d IN NEAR(pairs, 50, 8) RETURN d") == ranked(50, 8)
    assert keys(geo, "FOR d IN NEAR(located, 50, 8, 2) RETURN d") == ranked(50, 8)[:2]
    found = run(geo, "FOR d IN NEAR(pairs, 50, 8, 1, 'dist') RETURN d").result
    assert found[0]["_key"] == "cologne"
    assert found[0]["dist"] == pytest.approx(haversine(50, 8, 50.9375, 6.9603), rel=1e-9)
    shapes = keys(geo, "FOR d IN NEAR(shapes, 51, 7, 2) RETURN d")
    assert shapes == ["area", "cologne"]  # the polygon's centroid is nearest


def test_within_and_within_rectangle(geo: MemoryContext) -> None:
    found = run(geo, "FOR d IN WITHIN(pairs, 50, 8, 600000, 'd') RETURN [d._key, d.d]").result
    expected = [k for k in ranked(50, 8)
                if haversine(50, 8, *next(c[1:] for c in CITIES if c[0] == k)) <= 600000]
    assert [k for k, _ in found] == expected and len(expected) == 3
    assert all(d <= 600000 for _, d in found)
    assert sorted(keys(geo, "FOR d IN WITHIN_RECTANGLE(pairs, 45, 0, 55, 15) RETURN d")) == \
        ["berlin", "cologne", "paris"]
    assert keys(geo, "FOR d IN WITHIN_RECTANGLE(located, 45, 14, 35, 10) RETURN d") == \
        ["rome"]


def test_geo_index_functions_need_a_geo_index(geo: MemoryContext) -> None:
    geo.create("plain", docs=[{"lat": 1, "lon": 2}])
    for query in ("NEAR(plain, 1, 2)", "WITHIN(plain, 1, 2, 10)",
                  "WITHIN_RECTANGLE(plain, 0, 0, 1, 1)"):
        with pytest.raises(EmuError) as info:
            run(geo, f"FOR d IN {query} RETURN d")
        assert info.value.error_num == 1570 and info.value.http_code == 404
        assert info.value.message == ("AQL: no suitable geo index found for geo restriction "
                                      "on 'plain' (while optimizing plan)")


def test_loops_answered_by_the_geo_index_skip_unindexed_documents(geo: MemoryContext) -> None:
    sort = "FOR d IN pairs SORT GEO_DISTANCE([d.lon, d.lat], [8, 50]) RETURN d"
    result = run(geo, sort)
    assert [d["_key"] for d in result.result] == ranked(50, 8) and result.warnings == []
    radius = ("FOR d IN located LET dist = GEO_DISTANCE([d.loc[1], d.loc[0]], @p) "
              "FILTER dist <= @r SORT dist RETURN d._key")
    assert run(geo, radius, {"p": [8, 50], "r": 200000}).result == ["cologne"]
    by_bind = ("FOR d IN located SORT GEO_DISTANCE([d[@f][1], d[@f][0]], [8, 50]) "
               "LIMIT 2 RETURN d._key")
    assert run(geo, by_bind, {"f": "loc"}).result == ranked(50, 8)[:2]
    contains = ("FOR d IN shapes FILTER GEO_CONTAINS(GEO_POLYGON([[0, 45], [15, 45], "
                "[15, 55], [0, 55], [0, 45]]), d.geo) RETURN d._key")
    assert sorted(run(geo, contains).result) == ["area", "berlin", "cologne", "paris"]
    distance = "FOR d IN pairs SORT DISTANCE(d.lat, d.lon, 50, 8) RETURN d._key"
    assert run(geo, distance).result == ranked(50, 8)


def test_loops_not_on_the_indexed_attribute_scan_everything(geo: MemoryContext) -> None:
    query = "FOR d IN located SORT GEO_DISTANCE([d.other[1], d.other[0]], [8, 50]) RETURN d"
    result = run(geo, query)
    assert [d["_key"] for d in result.result] == ["none", *ranked(50, 8)]  # null sorts first
    assert result.warnings == [{"code": 10, "message":
                                "in function 'GEO_DISTANCE()': Bad coordinates [null,null]"}]


def test_geo_loop_over_a_missing_collection_reports_the_collection(geo: MemoryContext) -> None:
    with pytest.raises(EmuError) as info:
        run(geo, "FOR d IN missing SORT GEO_DISTANCE([d.lon, d.lat], [8, 50]) RETURN d")
    assert info.value.error_num == 1203
