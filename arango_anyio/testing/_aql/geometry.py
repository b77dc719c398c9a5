"""Spherical geometry for the AQL geo functions: GeoJSON parsing (ArangoDB's rules and
messages), distances (haversine on a sphere of radius 6371000 m, or WGS84), centroids, areas
and point-in-polygon tests.

Lines and polygon edges are geodesics, as in ArangoDB (S2): a ring is tested in the gnomonic
projection around its centre, where geodesics are straight lines, so ray casting is exact
there. The interior of a ring is on its left (a clockwise ring holds the rest of the Earth).
Edge cases S2 decides by its own rules (points exactly on an edge or a vertex) are decided
however ray casting falls.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

#: ArangoDB's Earth radius for the sphere model, in meters.
EARTH_RADIUS = 6371000.0
#: The radius of the sphere with the WGS84 ellipsoid's area (areas on "wgs84").
_AUTHALIC_RADIUS = 6371007.1809
_WGS84_A = 6378137.0
_WGS84_F = 1 / 298.257223563

Vec = tuple[float, float, float]
LatLng = tuple[float, float]  # degrees (latitude, longitude)


class GeoError(Exception):
    """A GeoJSON value ArangoDB refuses: ``code`` and the server's message."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Shape:
    """A parsed GeoJSON geometry. ``points`` for Point/MultiPoint, ``lines`` for
    (Multi)LineString, ``polygons`` (each a list of rings, outer first) for (Multi)Polygon."""

    kind: str
    points: tuple[LatLng, ...] = ()
    lines: tuple[tuple[LatLng, ...], ...] = ()
    polygons: tuple[tuple[tuple[LatLng, ...], ...], ...] = ()

    @property
    def is_area(self) -> bool:
        """True for Polygon and MultiPolygon."""
        return self.kind in ("polygon", "multipolygon")


def compact_json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _normalized(lat: float, lon: float) -> LatLng:
    """S2LatLng::Normalized: latitude clamped to [-90, 90], longitude wrapped to
    [-180, 180]."""
    lat = max(-90.0, min(90.0, lat))
    lon = math.remainder(lon, 360.0)
    return lat, lon


def _position(value: Any) -> LatLng | None:
    """A GeoJSON position ``[lon, lat]`` (an elevation is allowed and ignored)."""
    if not isinstance(value, list) or len(value) not in (2, 3):
        return None
    if not all(_is_number(v) for v in value):
        return None
    return _normalized(float(value[1]), float(value[0]))


def coordinate_pair(value: Any) -> LatLng:
    """A ``[lon, lat]`` array as a point (ArangoDB's messages on failure)."""
    if not isinstance(value, list):
        raise GeoError(10, "Invalid coordinate pair.")
    point = _position(value)
    if point is None:
        raise GeoError(10, "Bad coordinates " + compact_json(value))
    return point


def _positions(value: list[Any]) -> list[LatLng]:
    out = []
    for item in value:
        if not isinstance(item, list):
            raise GeoError(10, "Bad coordinates, should be array " + compact_json(item))
        point = _position(item)
        if point is None:
            raise GeoError(10, "Bad coordinates values " + compact_json(item))
        out.append(point)
    return out


def _dedupe(points: list[LatLng]) -> list[LatLng]:
    out: list[LatLng] = []
    for point in points:
        if not out or out[-1] != point:
            out.append(point)
    return out


def _ring(value: Any) -> tuple[LatLng, ...]:
    if not isinstance(value, list):
        raise GeoError(10, "Missing coordinates.")
    points = _positions(value)
    if not points:
        raise GeoError(10, "Invalid MultiPoint, it must contains at least one point.")
    if len(points) < 4:
        raise GeoError(10, "Invalid GeoJson Loop, must have at least 4 vertices")
    points = _dedupe(points)
    if points[0] != points[-1]:
        raise GeoError(10, "Loop not closed")
    if len(points) < 4:
        raise GeoError(10, "Invalid Loop in Polygon: Loop must have at least 3 vertices")
    return tuple(points[:-1])


def _line(value: Any) -> tuple[LatLng, ...]:
    points = _dedupe(_positions(value))
    if len(points) < 2:
        raise GeoError(10, "Invalid LineString, adjacent vertices must not be identical or "
                           "antipodal.")
    return tuple(points)


def _polygon_rings(value: Any) -> tuple[tuple[LatLng, ...], ...]:
    rings = [_ring(item) for item in value]
    outer = rings[0]
    fixed = [outer]
    for hole in rings[1:]:
        # ArangoDB inverts a hole given in the wrong orientation; a hole is stored clockwise.
        if signed_area(hole) > 0:
            hole = tuple(reversed(hole))
        if not all(ring_contains(outer, p) for p in hole):
            raise GeoError(10, "Subsequent loop is not a hole in a polygon.")
        fixed.append(hole)
    return tuple(fixed)


_TYPES = {"point": "point", "multipoint": "multipoint", "linestring": "linestring",
          "multilinestring": "multilinestring", "polygon": "polygon",
          "multipolygon": "multipolygon", "geometrycollection": "geometrycollection"}


def parse_geojson(value: Any) -> Shape:
    """A GeoJSON geometry object (``parseRegion`` in ArangoDB)."""
    kind = None
    if isinstance(value, dict) and isinstance(value.get("type"), str):
        kind = _TYPES.get(value["type"].lower())
    if kind is None:
        raise GeoError(10, "Invalid GeoJSON Geometry Object.")
    coords = value.get("coordinates")
    if not isinstance(coords, list):
        raise GeoError(10, "Coordinates missing.")
    if kind == "point":
        point = _position(coords)
        if point is None:
            raise GeoError(10, "Bad coordinates " + compact_json(coords))
        return Shape("point", points=(point,))
    if kind == "multipoint":
        points = _positions(coords)
        if not points:
            raise GeoError(10, "Invalid MultiPoint, it must contains at least one point.")
        return Shape("multipoint", points=tuple(points))
    if kind == "linestring":
        return Shape("linestring", lines=(_line(coords),))
    if kind == "multilinestring":
        if not coords:
            raise GeoError(10, "Invalid MultiLinestring, it must contains at least one "
                               "Linestring.")
        lines = []
        for item in coords:
            if not isinstance(item, list):
                raise GeoError(10, "Missing coordinates.")
            lines.append(_line(item))
        return Shape("multilinestring", lines=tuple(lines))
    if kind == "polygon":
        if not coords:
            raise GeoError(10, "Invalid GeoJSON Geometry Object.")
        return Shape("polygon", polygons=(_polygon_rings(coords),))
    if kind == "multipolygon":
        if not coords:
            raise GeoError(10, "MultiPolygon should contains at least one Polygon.")
        polygons = []
        for item in coords:
            if not isinstance(item, list):
                raise GeoError(10, "Polygon should contains at least one coordinates array.")
            if not item:
                raise GeoError(10, "Polygon should contains at least one Loop.")
            polygons.append(_polygon_rings(item))
        return Shape("multipolygon", polygons=tuple(polygons))
    raise GeoError(9, "GeoJSON type GeometryCollection is not supported")


def parse_shape(value: Any) -> Shape:
    """A GeoJSON object, or a ``[lon, lat]`` array as a point."""
    if isinstance(value, list):
        return Shape("point", points=(coordinate_pair(value),))
    return parse_geojson(value)


# -- vectors ------------------------------------------------------------------------------


def to_vec(point: LatLng) -> Vec:
    """The unit vector of ``(lat, lon)`` in degrees."""
    lat, lon = math.radians(point[0]), math.radians(point[1])
    return (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))


def to_latlng(vec: Vec) -> LatLng:
    """``(lat, lon)`` in degrees of a (non-zero) vector."""
    x, y, z = vec
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


def _add(a: Vec, b: Vec, scale: float = 1.0) -> Vec:
    return a[0] + b[0] * scale, a[1] + b[1] * scale, a[2] + b[2] * scale


def _dot(a: Vec, b: Vec) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def _cross(a: Vec, b: Vec) -> Vec:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def _norm(a: Vec) -> float:
    return math.sqrt(_dot(a, a))


def _angle(a: Vec, b: Vec) -> float:
    return math.atan2(_norm(_cross(a, b)), _dot(a, b))


# -- distances ----------------------------------------------------------------------------


def haversine(a: LatLng, b: LatLng) -> float:
    """Distance in meters on the sphere of radius 6371000 m (ArangoDB's DISTANCE())."""
    lat1, lat2 = math.radians(a[0]), math.radians(b[0])
    d_lat = math.radians(b[0] - a[0])
    d_lon = math.radians(b[1] - a[1])
    h = (math.sin(d_lat / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin(d_lon / 2) ** 2)
    return EARTH_RADIUS * 2 * math.atan2(math.sqrt(h), math.sqrt(max(0.0, 1 - h)))


def wgs84_distance(a: LatLng, b: LatLng) -> float:
    """Geodesic distance in meters on the WGS84 ellipsoid (Vincenty; haversine when it does
    not converge, for nearly antipodal points)."""
    f, major = _WGS84_F, _WGS84_A
    minor = major * (1 - f)
    u1 = math.atan((1 - f) * math.tan(math.radians(a[0])))
    u2 = math.atan((1 - f) * math.tan(math.radians(b[0])))
    big_l = math.radians(b[1] - a[1])
    lam = big_l
    sin_u1, cos_u1, sin_u2, cos_u2 = math.sin(u1), math.cos(u1), math.sin(u2), math.cos(u2)
    for _ in range(200):
        sin_lam, cos_lam = math.sin(lam), math.cos(lam)
        sin_sigma = math.hypot(cos_u2 * sin_lam, cos_u1 * sin_u2 - sin_u1 * cos_u2 * cos_lam)
        if sin_sigma == 0:
            return 0.0
        cos_sigma = sin_u1 * sin_u2 + cos_u1 * cos_u2 * cos_lam
        sigma = math.atan2(sin_sigma, cos_sigma)
        sin_alpha = cos_u1 * cos_u2 * sin_lam / sin_sigma
        cos2_alpha = 1 - sin_alpha ** 2
        cos_2sm = cos_sigma - 2 * sin_u1 * sin_u2 / cos2_alpha if cos2_alpha else 0.0
        c = f / 16 * cos2_alpha * (4 + f * (4 - 3 * cos2_alpha))
        previous = lam
        lam = big_l + (1 - c) * f * sin_alpha * (
            sigma + c * sin_sigma * (cos_2sm + c * cos_sigma * (-1 + 2 * cos_2sm ** 2)))
        if abs(lam - previous) < 1e-12:
            break
    else:
        return haversine(a, b)
    u_sq = cos2_alpha * (major ** 2 - minor ** 2) / minor ** 2
    big_a = 1 + u_sq / 16384 * (4096 + u_sq * (-768 + u_sq * (320 - 175 * u_sq)))
    big_b = u_sq / 1024 * (256 + u_sq * (-128 + u_sq * (74 - 47 * u_sq)))
    delta = big_b * sin_sigma * (cos_2sm + big_b / 4 * (
        cos_sigma * (-1 + 2 * cos_2sm ** 2)
        - big_b / 6 * cos_2sm * (-3 + 4 * sin_sigma ** 2) * (-3 + 4 * cos_2sm ** 2)))
    return minor * big_a * (sigma - delta)


def distance(a: LatLng, b: LatLng, ellipsoid: str = "sphere") -> float:
    """Distance in meters between two points on ``"sphere"`` or ``"wgs84"``."""
    return wgs84_distance(a, b) if ellipsoid == "wgs84" else haversine(a, b)


# -- centroids and areas ------------------------------------------------------------------


def _triangle_excess(a: Vec, b: Vec, c: Vec) -> float:
    """The signed area (spherical excess) of triangle ``abc`` on the unit sphere."""
    numerator = _dot(a, _cross(b, c))
    denominator = 1 + _dot(a, b) + _dot(b, c) + _dot(c, a)
    return 2 * math.atan2(numerator, denominator)


def _ring_area(ring: tuple[LatLng, ...]) -> tuple[float, Vec]:
    """Signed area on the unit sphere (positive when counter-clockwise) and area-weighted
    centroid vector of a ring."""
    vecs = [to_vec(p) for p in ring]
    origin = vecs[0]
    area = 0.0
    centroid: Vec = (0.0, 0.0, 0.0)
    for b, c in pairwise(vecs[1:]):
        excess = _triangle_excess(origin, b, c)
        area += excess
        centroid = _add(centroid, _add(_add(origin, b), c), excess / 3)
    return area, centroid


def signed_area(ring: tuple[LatLng, ...]) -> float:
    return _ring_area(ring)[0]


def _polygon_area(rings: tuple[tuple[LatLng, ...], ...]) -> tuple[float, Vec]:
    area, centroid = _ring_area(rings[0])
    if area < 0:  # clockwise: the interior is the rest of the sphere (whose centroid
        area += 4 * math.pi  # vector is minus the small side's: already the sign computed)
    for hole in rings[1:]:
        hole_area, hole_centroid = _ring_area(hole)
        area -= abs(hole_area)
        centroid = _add(centroid, hole_centroid, 1.0 if hole_area < 0 else -1.0)
    return area, centroid


def area(shape: Shape, ellipsoid: str = "sphere") -> float:
    """The area in square meters (0 for points and lines)."""
    total = sum(_polygon_area(rings)[0] for rings in shape.polygons)
    radius = _AUTHALIC_RADIUS if ellipsoid == "wgs84" else EARTH_RADIUS
    return total * radius * radius


def centroid(shape: Shape) -> LatLng:
    """The centroid of a shape (area-weighted for polygons, length-weighted for lines)."""
    total: Vec = (0.0, 0.0, 0.0)
    if shape.polygons:
        for rings in shape.polygons:
            total = _add(total, _polygon_area(rings)[1])
    elif shape.lines:
        for line in shape.lines:
            vecs = [to_vec(p) for p in line]
            for a, b in pairwise(vecs):
                total = _add(total, _add(a, b), _angle(a, b))
    else:
        for point in shape.points:
            total = _add(total, to_vec(point))
    if _norm(total) < 1e-15:
        first = (shape.points or (shape.lines[0] if shape.lines else shape.polygons[0][0]))
        return first[0]
    return to_latlng(total)


# -- containment --------------------------------------------------------------------------


def _frame(center: Vec) -> tuple[Vec, Vec]:
    """East and north unit vectors of the tangent plane at ``center``."""
    east = _cross((0.0, 0.0, 1.0), center)
    if _norm(east) < 1e-12:
        east = (0.0, 1.0, 0.0)
    length = _norm(east)
    east = (east[0] / length, east[1] / length, east[2] / length)
    return east, _cross(center, east)


def _planar_inside(poly: list[tuple[float, float]], x: float, y: float) -> bool:
    inside = False
    j = len(poly) - 1
    for i in range(len(poly)):
        xi, yi = poly[i]
        xj, yj = poly[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _planar_signed_area(poly: list[tuple[float, float]]) -> float:
    total = 0.0
    for (x1, y1), (x2, y2) in zip(poly, poly[1:] + poly[:1], strict=True):
        total += x1 * y2 - x2 * y1
    return total / 2


def ring_contains(ring: tuple[LatLng, ...], point: LatLng) -> bool:
    """Whether ``point`` is in the interior of ``ring`` (to the left of its edges)."""
    vecs = [to_vec(p) for p in ring]
    center: Vec = (0.0, 0.0, 0.0)
    for vec in vecs:
        center = _add(center, vec)
    length = _norm(center)
    target = to_vec(point)
    if length > 1e-12:
        center = (center[0] / length, center[1] / length, center[2] / length)
        if all(_dot(v, center) > 1e-9 for v in vecs):
            east, north = _frame(center)
            plane = [(_dot(v, east) / _dot(v, center), _dot(v, north) / _dot(v, center))
                     for v in vecs]
            ccw = _planar_signed_area(plane) > 0
            depth = _dot(target, center)
            if depth <= 1e-12:
                inside = False
            else:
                inside = _planar_inside(plane, _dot(target, east) / depth,
                                        _dot(target, north) / depth)
            return inside if ccw else not inside
    # a ring spanning more than a hemisphere: ray casting on longitude/latitude
    flat = [(p[1], p[0]) for p in ring]
    inside = _planar_inside(flat, point[1], point[0])
    return inside if _planar_signed_area(flat) > 0 else not inside


def polygon_contains(rings: tuple[tuple[LatLng, ...], ...], point: LatLng) -> bool:
    """Even-odd containment: in the outer ring and in none of the holes."""
    if not ring_contains(rings[0], point):
        return False
    return not any(ring_contains(tuple(reversed(hole)), point) for hole in rings[1:])


def shape_contains_point(shape: Shape, point: LatLng) -> bool:
    """Whether ``point`` lies in ``shape`` (an area; points and lines: equal vertices)."""
    if shape.polygons:
        return any(polygon_contains(rings, point) for rings in shape.polygons)
    if shape.lines:
        return any(_on_line(line, point) for line in shape.lines)
    return any(_same(p, point) for p in shape.points)


def _same(a: LatLng, b: LatLng) -> bool:
    return abs(a[0] - b[0]) < 1e-9 and abs(a[1] - b[1]) < 1e-9


def _on_line(line: tuple[LatLng, ...], point: LatLng) -> bool:
    target = to_vec(point)
    vecs = [to_vec(p) for p in line]
    for a, b in pairwise(vecs):
        if abs(_angle(a, target) + _angle(target, b) - _angle(a, b)) < 1e-9:
            return True
    return False


def _vertices(shape: Shape) -> list[LatLng]:
    out = list(shape.points)
    for line in shape.lines:
        out.extend(line)
    for rings in shape.polygons:
        for ring in rings:
            out.extend(ring)
    return out


def _edges(shape: Shape) -> list[tuple[Vec, Vec]]:
    out: list[tuple[Vec, Vec]] = []
    for line in shape.lines:
        vecs = [to_vec(p) for p in line]
        out.extend(pairwise(vecs))
    for rings in shape.polygons:
        for ring in rings:
            vecs = [to_vec(p) for p in ring]
            out.extend(zip(vecs, vecs[1:] + vecs[:1], strict=True))
    return out


def _edges_cross(a: tuple[Vec, Vec], b: tuple[Vec, Vec]) -> bool:
    """Whether two geodesic edges (each shorter than half a great circle) cross."""
    n1 = _cross(*a)
    n2 = _cross(*b)
    s1 = _dot(n1, b[0]), _dot(n1, b[1])
    s2 = _dot(n2, a[0]), _dot(n2, a[1])
    if s1[0] * s1[1] > 0 or s2[0] * s2[1] > 0:
        return False
    line = _cross(n1, n2)
    if _norm(line) < 1e-15:  # on one great circle: overlap when a vertex lies on the other
        return any(_between(v, *b) for v in a) or any(_between(v, *a) for v in b)
    for candidate in (line, (-line[0], -line[1], -line[2])):
        if _between(candidate, *a) and _between(candidate, *b):
            return True
    return False


def _between(p: Vec, a: Vec, b: Vec) -> bool:
    length = _norm(p)
    if length == 0:
        return False
    p = (p[0] / length, p[1] / length, p[2] / length)
    return abs(_angle(a, p) + _angle(p, b) - _angle(a, b)) < 1e-9


def contains(outer: Shape, inner: Shape) -> bool:
    """Whether every point of ``inner`` lies in the area ``outer``."""
    if not all(shape_contains_point(outer, p) for p in _vertices(inner)):
        return False
    outer_edges = _edges(outer)
    # an inner edge leaving the area crosses its boundary
    return not any(_edges_cross(e, f) for e in _edges(inner) for f in outer_edges)


def intersects(a: Shape, b: Shape) -> bool:
    """Whether the shapes have a point in common."""
    if any(shape_contains_point(a, p) for p in _vertices(b)):
        return True
    if any(shape_contains_point(b, p) for p in _vertices(a)):
        return True
    edges_b = _edges(b)
    return any(_edges_cross(e, f) for e in _edges(a) for f in edges_b)


def equals(a: Shape, b: Shape) -> bool:
    """Whether two shapes are the same geometry."""
    if a.kind != b.kind:
        return False
    return _vertices(a) == _vertices(b) and \
        [len(line) for line in a.lines] == [len(line) for line in b.lines] and \
        [[len(r) for r in p] for p in a.polygons] == [[len(r) for r in p] for p in b.polygons]
