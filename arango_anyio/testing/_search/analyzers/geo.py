"""Geo analyzers (``geojson``, ``geopoint``): they take a document value and keep a GeoJSON
geometry for the geo filters (``GEO_DISTANCE``, ``GEO_IN_RANGE``, ``GEO_CONTAINS``,
``GEO_INTERSECTS``). ArangoDB indexes S2 cell tokens; the emulator keeps the geometry and
tests it exactly."""

from __future__ import annotations

from typing import Any

from arango_anyio.testing._search.analyzers.base import Analyzer, Token

_GEO_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
              "MultiPolygon")


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class GeoAnalyzer(Analyzer):
    """Base of the geo analyzers: :meth:`geometry` turns a value into GeoJSON or None."""

    def accepts(self, value: Any) -> bool:
        """Objects and arrays are analyzed (strings are not indexed by geo analyzers)."""
        return isinstance(value, (dict, list))

    def geometry(self, value: Any) -> dict[str, Any] | None:
        """The GeoJSON geometry ``value`` stands for, or None."""
        raise NotImplementedError

    def tokens(self, value: str) -> list[Token]:
        """Geo analyzers give no text tokens."""
        return []


class GeoJsonAnalyzer(GeoAnalyzer):
    """``geojson``: a GeoJSON object, or a ``[lng, lat]`` pair; ``type`` ``"point"`` keeps
    points only, ``"centroid"`` indexes the centroid."""

    def __init__(self, name: str, features: frozenset[str], props: dict[str, Any]) -> None:
        super().__init__(name, features)
        self.shape = str(props.get("type", "shape"))

    def geometry(self, value: Any) -> dict[str, Any] | None:
        """GeoJSON for ``value``."""
        if isinstance(value, list) and len(value) == 2 and all(_number(v) for v in value):
            return {"type": "Point", "coordinates": [float(value[0]), float(value[1])]}
        if isinstance(value, dict) and value.get("type") in _GEO_TYPES \
                and isinstance(value.get("coordinates"), list):
            if self.shape == "point" and value["type"] != "Point":
                return None
            return value
        return None


class GeoPointAnalyzer(GeoAnalyzer):
    """``geopoint``: ``[lat, lng]`` arrays, or objects with the ``latitude`` and
    ``longitude`` attribute paths."""

    def __init__(self, name: str, features: frozenset[str], props: dict[str, Any]) -> None:
        super().__init__(name, features)
        self.latitude = [str(p) for p in props.get("latitude", [])]
        self.longitude = [str(p) for p in props.get("longitude", [])]

    @staticmethod
    def _path(value: Any, path: list[str]) -> Any:
        for part in path:
            if not isinstance(value, dict):
                return None
            value = value.get(part)
        return value

    def geometry(self, value: Any) -> dict[str, Any] | None:
        """A GeoJSON point for ``value``."""
        if self.latitude and self.longitude:
            lat = self._path(value, self.latitude)
            lng = self._path(value, self.longitude)
        elif isinstance(value, list) and len(value) == 2:
            lat, lng = value
        else:
            return None
        if not (_number(lat) and _number(lng)) or not -90 <= lat <= 90 \
                or not -180 <= lng <= 180:
            return None
        return {"type": "Point", "coordinates": [float(lng), float(lat)]}
