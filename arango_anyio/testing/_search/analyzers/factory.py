"""Build an :class:`~.base.Analyzer` from a stored definition
(``{"name", "type", "properties", "features"}``)."""

from __future__ import annotations

from typing import Any

from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._search.analyzers.base import Analyzer, Token
from arango_anyio.testing._search.analyzers.composite import AqlAnalyzer, PipelineAnalyzer
from arango_anyio.testing._search.analyzers.geo import GeoJsonAnalyzer, GeoPointAnalyzer
from arango_anyio.testing._search.analyzers.simple import (
    DelimiterAnalyzer,
    IdentityAnalyzer,
    MultiDelimiterAnalyzer,
    NgramAnalyzer,
    SegmentationAnalyzer,
    StopwordsAnalyzer,
)
from arango_anyio.testing._search.analyzers.text import NormAnalyzer, StemAnalyzer, TextAnalyzer

__all__ = ["build_analyzer"]

_WITH_PROPERTIES: dict[str, Any] = {
    "delimiter": DelimiterAnalyzer, "multi_delimiter": MultiDelimiterAnalyzer,
    "stopwords": StopwordsAnalyzer, "ngram": NgramAnalyzer,
    "segmentation": SegmentationAnalyzer, "norm": NormAnalyzer, "stem": StemAnalyzer,
    "text": TextAnalyzer, "geojson": GeoJsonAnalyzer, "geo_s2": GeoJsonAnalyzer,
    "geopoint": GeoPointAnalyzer,
}


class UnsupportedAnalyzer(Analyzer):
    """An analyzer type the emulator stores but cannot run (``collation``, ``minhash``,
    ``classification``, ``nearest_neighbors``, ``wildcard``): using it answers 501."""

    def __init__(self, name: str, features: frozenset[str], kind: str) -> None:
        super().__init__(name, features)
        self.kind = kind

    def tokens(self, value: str) -> list[Token]:
        """Refuse: the emulator has no implementation of this analyzer type."""
        raise EmuError(9, f"analyzer type '{self.kind}' is not supported by the emulator",
                       http_code=501)


def build_analyzer(definition: dict[str, Any]) -> Analyzer:
    """The analyzer a definition describes (pipeline members are built recursively)."""
    name = str(definition.get("name", ""))
    kind = str(definition.get("type", ""))
    props = definition.get("properties") or {}
    if not isinstance(props, dict):
        props = {}
    features = frozenset(str(f) for f in definition.get("features") or ())
    if kind == "identity":
        return IdentityAnalyzer(name, features)
    factory = _WITH_PROPERTIES.get(kind)
    if factory is not None:
        analyzer: Analyzer = factory(name, features, props)
        return analyzer
    if kind == "pipeline":
        stages = [build_analyzer({"name": name, **stage})
                  for stage in props.get("pipeline", []) if isinstance(stage, dict)]
        return PipelineAnalyzer(name, features, stages)
    if kind == "aql":
        return AqlAnalyzer(name, features, props)
    return UnsupportedAnalyzer(name, features, kind)
