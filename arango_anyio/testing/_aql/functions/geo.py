"""Geo functions: DISTANCE, GEO_DISTANCE, GEO_CONTAINS, GEO_INTERSECTS, GEO_EQUALS, GEO_AREA,
GEO_IN_RANGE, IS_IN_POLYGON and the GeoJSON constructors (GEO_POINT, GEO_POLYGON, ...).

Warnings carry ArangoDB's codes and texts: ``in function 'GEO_DISTANCE()': <reason>`` with
the reason's error number (10 for invalid GeoJSON, 1542 for a wrong argument, 1563 where an
array is expected); the function then returns null.
"""

from __future__ import annotations

from typing import Any

from arango_anyio.testing._aql import geometry
from arango_anyio.testing._aql.geometry import GeoError, Shape
from arango_anyio.testing._aql.runtime import Runtime, aql_function
from arango_anyio.testing._aql.values import is_number, normalize


def _warn(rt: Runtime, name: str, code: int, reason: str) -> None:
    rt.warn(code, f"in function '{name}()': {reason}")


def _shape(rt: Runtime, name: str, value: Any) -> Shape | None:
    """A GeoJSON object or ``[lon, lat]`` array; None (and a warning) when invalid."""
    try:
        return geometry.parse_shape(value)
    except GeoError as error:
        _warn(rt, name, error.code, error.message)
        return None


def _region(rt: Runtime, name: str, value: Any) -> Shape | None:
    """A GeoJSON object only (an array is not a region here)."""
    try:
        return geometry.parse_geojson(value)
    except GeoError as error:
        _warn(rt, name, error.code, error.message)
        return None


def _ellipsoid(rt: Runtime, name: str, value: Any) -> str:
    """``"sphere"`` or ``"wgs84"``; anything else warns and falls back to the sphere."""
    if isinstance(value, str):
        if value.lower() in ("sphere", "wgs84"):
            return value.lower()
        _warn(rt, name, 10, f'invalid ellipsoid {value} specified, falling back to "sphere"')
    else:
        _warn(rt, name, 10, 'invalid value for ellipsoid specified, falling back to "sphere"')
    return "sphere"


def _number(value: float) -> Any:
    return normalize(value)


@aql_function("DISTANCE", 4)
def _distance(rt: Runtime, lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> Any:
    if not all(is_number(v) for v in (lat1, lon1, lat2, lon2)):
        rt.bad_argument("DISTANCE")
        return None
    return _number(geometry.haversine((float(lat1), float(lon1)), (float(lat2), float(lon2))))


@aql_function("GEO_DISTANCE", 2, 3)
def _geo_distance(rt: Runtime, a: Any, b: Any, *ellipsoid: Any) -> Any:
    first = _shape(rt, "GEO_DISTANCE", a)
    if first is None:
        return None
    second = _shape(rt, "GEO_DISTANCE", b)
    if second is None:
        return None
    model = _ellipsoid(rt, "GEO_DISTANCE", ellipsoid[0]) if ellipsoid else "sphere"
    return _number(geometry.distance(geometry.centroid(first), geometry.centroid(second),
                                     model))


@aql_function("GEO_IN_RANGE", 4, 7)
def _geo_in_range(rt: Runtime, a: Any, b: Any, low: Any, high: Any, *rest: Any) -> Any:
    name = "GEO_IN_RANGE"
    first = _shape(rt, name, a)
    if first is None:
        return None
    second = _shape(rt, name, b)
    if second is None:
        return None
    if not is_number(low):
        _warn(rt, name, 10, "3rd argument requires a number")
        return None
    if not is_number(high):
        _warn(rt, name, 10, "4th argument requires a number")
        return None
    include_low = include_high = True
    model = "sphere"
    if rest:
        if not isinstance(rest[0], bool):
            _warn(rt, name, 10, "5th argument requires a bool")
            return None
        include_low = rest[0]
        if len(rest) > 1:
            if not isinstance(rest[1], bool):
                _warn(rt, name, 10, "6th argument requires a bool")
                return None
            include_high = rest[1]
        if len(rest) > 2:
            model = _ellipsoid(rt, name, rest[2])
    dist = geometry.distance(geometry.centroid(first), geometry.centroid(second), model)
    above = dist >= low if include_low else dist > low
    below = dist <= high if include_high else dist < high
    return above and below


def _contains_or_intersects(rt: Runtime, name: str, a: Any, b: Any) -> Any:
    if not isinstance(a, dict):
        _warn(rt, name, 1542, "Expecting GeoJSON object")
        return None
    outer = _region(rt, name, a)
    if outer is None:
        return None
    if name == "GEO_CONTAINS" and not outer.is_area:
        _warn(rt, name, 1542, "Only Polygon and MultiPolygon types are valid as first argument")
        return None
    inner = _shape(rt, name, b)
    if inner is None:
        return None
    if name == "GEO_CONTAINS":
        return geometry.contains(outer, inner)
    return geometry.intersects(outer, inner)


@aql_function("GEO_CONTAINS", 2)
def _geo_contains(rt: Runtime, a: Any, b: Any) -> Any:
    return _contains_or_intersects(rt, "GEO_CONTAINS", a, b)


@aql_function("GEO_INTERSECTS", 2)
def _geo_intersects(rt: Runtime, a: Any, b: Any) -> Any:
    return _contains_or_intersects(rt, "GEO_INTERSECTS", a, b)


@aql_function("GEO_EQUALS", 2)
def _geo_equals(rt: Runtime, a: Any, b: Any) -> Any:
    if not isinstance(a, dict) or not isinstance(b, dict):
        _warn(rt, "GEO_EQUALS", 1542, "Expecting GeoJSON object")
        return None
    first = _region(rt, "GEO_EQUALS", a)
    if first is None:
        return None
    second = _region(rt, "GEO_EQUALS", b)
    if second is None:
        return None
    return geometry.equals(first, second)


@aql_function("GEO_AREA", 1, 2)
def _geo_area(rt: Runtime, value: Any, ellipsoid: Any = None) -> Any:
    shape = _region(rt, "GEO_AREA", value)
    if shape is None:
        return None
    # ArangoDB reads the ellipsoid even when it is left out (and then warns)
    return geometry.area(shape, _ellipsoid(rt, "GEO_AREA", ellipsoid))


@aql_function("IS_IN_POLYGON", 2, 3)
def _is_in_polygon(rt: Runtime, polygon: Any, second: Any, third: Any = None) -> Any:
    name = "IS_IN_POLYGON"
    if not isinstance(polygon, list):
        _warn(rt, name, 1563, "array expected")
        return None
    lon_lat = False
    if isinstance(second, list):
        lon_lat = third is True
        if len(second) < 2:
            rt.bad_argument(name)
            return None
        lat, lon = (second[1], second[0]) if lon_lat else (second[0], second[1])
    else:
        lat, lon = second, third
    if not is_number(lat) or not is_number(lon):
        rt.bad_argument(name)
        return None
    ring: list[geometry.LatLng] = []
    for item in polygon:
        if not isinstance(item, list) or len(item) < 2 or \
                not is_number(item[0]) or not is_number(item[1]):
            _warn(rt, name, 10, "Bad coordinates " + geometry.compact_json(item))
            return None
        pair = (float(item[1]), float(item[0])) if lon_lat else (float(item[0]), float(item[1]))
        if not ring or ring[-1] != pair:
            ring.append(pair)
    if len(ring) > 1 and ring[0] == ring[-1]:
        ring.pop()
    if len(ring) < 3:
        _warn(rt, name, 10, "Invalid loop in polygon, must have at least 3 vertices")
        return None
    loop = tuple(ring)
    if geometry.signed_area(loop) < 0:  # the smaller region is the polygon here
        loop = tuple(reversed(loop))
    return geometry.ring_contains(loop, (float(lat), float(lon)))


# -- constructors --------------------------------------------------------------------------


@aql_function("GEO_POINT", 2, 3)
def _geo_point(rt: Runtime, lon: Any, lat: Any, *elevation: Any) -> Any:
    if not is_number(lon) or not is_number(lat) or \
            (elevation and not is_number(elevation[0])):
        rt.bad_argument("GEO_POINT")
        return None
    return {"type": "Point", "coordinates": [lon, lat, *elevation]}


def _positions(rt: Runtime, name: str, points: list[Any]) -> list[Any] | None:
    out = []
    for item in points:
        if not isinstance(item, list):
            _warn(rt, name, 1542, "not an array containing positions")
            return None
        if not all(is_number(v) for v in item):
            _warn(rt, name, 1542, "not a numeric value")
            return None
        out.append(list(item))
    return out


@aql_function("GEO_MULTIPOINT", 1)
def _geo_multipoint(rt: Runtime, points: Any) -> Any:
    name = "GEO_MULTIPOINT"
    if not isinstance(points, list):
        _warn(rt, name, 1563, "array expected")
        return None
    if len(points) < 2:
        _warn(rt, name, 1542, "a MultiPoint needs at least two positions")
        return None
    coords = _positions(rt, name, points)
    return None if coords is None else {"type": "MultiPoint", "coordinates": coords}


@aql_function("GEO_LINESTRING", 1)
def _geo_linestring(rt: Runtime, points: Any) -> Any:
    name = "GEO_LINESTRING"
    if not isinstance(points, list):
        _warn(rt, name, 1563, "array expected")
        return None
    if len(points) < 2:
        _warn(rt, name, 1542, "a LineString needs at least two positions")
        return None
    coords = _positions(rt, name, points)
    return None if coords is None else {"type": "LineString", "coordinates": coords}


@aql_function("GEO_MULTILINESTRING", 1)
def _geo_multilinestring(rt: Runtime, lines: Any) -> Any:
    name = "GEO_MULTILINESTRING"
    if not isinstance(lines, list):
        _warn(rt, name, 1563, "array expected")
        return None
    if not lines:
        _warn(rt, name, 1542, "a MultiLineString needs at least one array of linestrings")
        return None
    coords = []
    for line in lines:
        if not isinstance(line, list) or len(line) < 2:
            _warn(rt, name, 1542, "not an array containing linestrings")
            return None
        positions = _positions(rt, name, line)
        if positions is None:
            return None
        coords.append(positions)
    return {"type": "MultiLineString", "coordinates": coords}


def _polygon_coords(rt: Runtime, name: str, polygon: Any) -> list[Any] | None:
    """The rings of a GEO_POLYGON argument: one ring given flat, or a list of rings."""
    if not isinstance(polygon, list):
        _warn(rt, name, 1542, "Polygon needs to be an array of positions.")
        return None
    flat = any(isinstance(v, list) and len(v) == 2 for v in polygon)
    rings = [polygon] if flat else polygon
    if flat and len(polygon) <= 2:
        _warn(rt, name, 1542, "a Polygon needs at least three positions")
        return None
    out = []
    for ring in rings:
        if not isinstance(ring, list):
            _warn(rt, name, 1542, "not an array containing positions")
            return None
        positions = _positions(rt, name, ring)
        if positions is None:
            return None
        if any(len(p) < 2 for p in positions):
            _warn(rt, name, 1542, "a Position needs at least two numeric values")
            return None
        out.append(positions)
    return out


def _validated(rt: Runtime, name: str, value: dict[str, Any]) -> Any:
    try:
        geometry.parse_geojson(value)
    except GeoError as error:
        _warn(rt, name, error.code, error.message)
        return None
    return value


@aql_function("GEO_POLYGON", 1)
def _geo_polygon(rt: Runtime, polygon: Any) -> Any:
    name = "GEO_POLYGON"
    if not isinstance(polygon, list):
        _warn(rt, name, 1563, "array expected")
        return None
    rings = _polygon_coords(rt, name, polygon)
    if rings is None:
        return None
    return _validated(rt, name, {"type": "Polygon", "coordinates": rings})


@aql_function("GEO_MULTIPOLYGON", 1)
def _geo_multipolygon(rt: Runtime, polygons: Any) -> Any:
    name = "GEO_MULTIPOLYGON"
    if not isinstance(polygons, list):
        _warn(rt, name, 1563, "array expected")
        return None
    if len(polygons) < 2:
        _warn(rt, name, 1542, "a MultiPolygon needs at least two Polygons inside.")
        return None
    coords = []
    for polygon in polygons:
        if not isinstance(polygon, list):
            _warn(rt, name, 1542, "a MultiPolygon needs at least two Polygons inside.")
            return None
        rings = []
        for ring in polygon:
            parsed = _polygon_coords(rt, name, ring)
            if parsed is None:
                return None
            rings.extend(parsed)
        coords.append(rings)
    return _validated(rt, name, {"type": "MultiPolygon", "coordinates": coords})
