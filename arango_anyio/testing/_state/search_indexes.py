"""Definitions of the search index types as the server stores and reports them: inverted
indexes (defaults filled in, analyzers checked, features resolved) and vector indexes
(parameters checked, defaults filled in)."""

from __future__ import annotations

import copy
from typing import Any

from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._state.database import Database
from arango_anyio.testing._state.sort_columns import primary_sort_fields, stored_values
from arango_anyio.testing._state.views import find_analyzer, ordered_features

_INVERTED_DEFAULTS: dict[str, Any] = {
    "cleanupIntervalStep": 2, "commitIntervalMsec": 1000, "consolidationIntervalMsec": 5000,
    "consolidationPolicy": {"type": "tier", "segmentsBytesMax": 8589934592,
                            "maxSkewThreshold": 0.4, "minDeletionRatio": 0.5},
    "includeAllFields": False, "optimizeTopK": [],
    "primarySort": {"fields": [], "compression": "lz4"}, "searchField": False,
    "storedValues": [], "trackListPositions": False, "version": 1,
    "writebufferActive": 0, "writebufferIdle": 64, "writebufferSizeMax": 33554432,
}
_METRICS = ("cosine", "l2", "innerProduct")


def _features(database: Database, system: Database | None, analyzer: str,
              given: Any) -> list[str]:
    found = find_analyzer(database, analyzer, system)
    if found is None:
        raise EmuError(10, f"analyzer '{analyzer}' not found", http_code=400)
    return ordered_features(given if given is not None else found.get("features"))


def complete_inverted(definition: dict[str, Any], body: dict[str, Any], database: Database,
                      system: Database | None) -> dict[str, Any]:
    """An inverted index definition as the server reports it (404/10 for an unknown
    analyzer; 400/10 without fields and without ``includeAllFields``)."""
    out = {**copy.deepcopy(_INVERTED_DEFAULTS), **definition}
    analyzer = str(body.get("analyzer", "identity"))
    out["analyzer"] = analyzer
    out["features"] = _features(database, system, analyzer, body.get("features"))
    for name in ("includeAllFields", "searchField", "trackListPositions"):
        out[name] = bool(body.get(name, _INVERTED_DEFAULTS[name]))
    if not definition.get("fields") and not out["includeAllFields"]:
        raise EmuError(10, "inverted index: either 'fields' or 'includeAllFields' must be "
                           "set", http_code=400)
    fields = []
    for entry in definition.get("fields", []):
        item = {"name": entry} if isinstance(entry, str) else dict(entry)
        if "analyzer" in item:
            item["features"] = _features(database, system, str(item["analyzer"]),
                                         item.get("features"))
        fields.append(item)
    out["fields"] = fields
    sort = body.get("primarySort")
    sort_fields = sort.get("fields") if isinstance(sort, dict) else sort
    compression = sort.get("compression", "lz4") if isinstance(sort, dict) else "lz4"
    out["primarySort"] = {"fields": primary_sort_fields(sort_fields),
                          "compression": compression}
    out["storedValues"] = stored_values(body.get("storedValues"))
    out.update(unique=False, sparse=True)
    return out


def complete_vector(definition: dict[str, Any]) -> dict[str, Any]:
    """A vector index definition with its parameters checked and defaults added."""
    params = dict(definition.get("params") or {})
    if params.get("metric") not in _METRICS:
        raise EmuError(10, "vector index: 'params.metric' must be one of 'cosine', 'l2', "
                           "'innerProduct'", http_code=400)
    dimension = params.get("dimension")
    if not isinstance(dimension, int) or isinstance(dimension, bool) or dimension < 1:
        raise EmuError(10, "vector index: 'params.dimension' must be a positive integer",
                       http_code=400)
    n_lists = params.get("nLists", 1)
    if not (isinstance(n_lists, dict) or (isinstance(n_lists, int) and n_lists >= 1)):
        raise EmuError(10, "vector index: 'params.nLists' must be a positive integer",
                       http_code=400)
    if len(definition.get("fields", [])) != 1:
        raise EmuError(10, "vector index: exactly one field is required", http_code=400)
    params.setdefault("defaultNProbe", 1)
    params.setdefault("trainingIterations", 25)
    return {**definition, "params": params, "trainingState": "ready"}
