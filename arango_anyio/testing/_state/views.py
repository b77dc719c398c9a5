"""Views (``arangosearch`` and ``search-alias``) and analyzers, as metadata.

Views and analyzers are created, validated, listed, changed and dropped like on the server;
searching through them is out of scope for the emulator.
"""

from __future__ import annotations

import copy
from typing import Any, Protocol

from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._state.collection import Collection
from arango_anyio.testing._state.names import check_collection_name
from arango_anyio.testing._state.sort_columns import primary_sort_fields, stored_values


class Database(Protocol):
    """What views and analyzers need of their database (``_state.database.Database``,
    which holds them: this module does not import it back)."""

    name: str
    collections: dict[str, Collection]
    views: dict[str, View]
    analyzers: dict[str, dict[str, Any]]

    @property
    def is_system(self) -> bool:
        """True for ``_system``."""
        ...

    def find(self, ident: str) -> Collection | None:
        """A collection by name or id."""
        ...

VIEW_TYPES = ("arangosearch", "search-alias")
_SEARCH_DEFAULTS: dict[str, Any] = {
    "writebufferSizeMax": 33554432, "writebufferIdle": 64, "writebufferActive": 0,
    "storedValues": [], "optimizeTopK": [], "primarySort": [], "primarySortCompression": "lz4",
    "consolidationPolicy": {"type": "tier", "segmentsBytesMax": 8589934592,
                            "maxSkewThreshold": 0.4, "minDeletionRatio": 0.5},
    "commitIntervalMsec": 1000, "consolidationIntervalMsec": 5000, "cleanupIntervalStep": 2,
}
_CHANGEABLE = ("cleanupIntervalStep", "commitIntervalMsec", "consolidationIntervalMsec",
               "consolidationPolicy", "writebufferIdle", "writebufferSizeMax",
               "writebufferActive")
_IMMUTABLE = ("primarySort", "primarySortCompression", "storedValues", "optimizeTopK")

ANALYZER_TYPES = ("identity", "delimiter", "multi_delimiter", "stem", "norm", "ngram", "text",
                  "aql", "pipeline", "stopwords", "collation", "segmentation", "minhash",
                  "classification", "nearest_neighbors", "geojson", "geopoint", "geo_s2",
                  "wildcard")
_TEXT = {"case": "lower", "stopwords": [], "accent": False, "stemming": True}
BUILTIN_ANALYZERS: dict[str, dict[str, Any]] = {
    "identity": {"name": "identity", "type": "identity", "properties": {},
                 "features": ["frequency", "norm"]},
    **{f"text_{loc}": {"name": f"text_{loc}", "type": "text",
                       "properties": {"locale": loc, **_TEXT},
                       "features": ["frequency", "position", "norm"]}
       for loc in ("de", "en", "es", "fi", "fr", "it", "nl", "no", "pt", "ru", "sv", "zh")},
}


def view_not_found() -> EmuError:
    """404/1203 for an unknown view."""
    return EmuError(1203, "collection or view not found", http_code=404)


def _link(database: Database, name: str, spec: Any) -> dict[str, Any]:
    if database.find(name) is None:
        raise EmuError(1203, f"collection or view not found: {name}", http_code=404)
    if not isinstance(spec, dict):
        raise EmuError(10, f"invalid link definition for collection '{name}'", http_code=400)
    for analyzer in _link_analyzers(spec):
        if analyzer.startswith("_system::") and not database.is_system:
            continue  # another database's: resolved by the handlers, not checked here
        if find_analyzer(database, analyzer) is None:
            raise EmuError(10, f"analyzer '{analyzer}' not found while validating the link "
                           f"definition for collection '{name}'", http_code=400)
    out = {"analyzers": list(spec.get("analyzers", ["identity"])),
           "fields": copy.deepcopy(spec.get("fields", {})),
           "includeAllFields": bool(spec.get("includeAllFields", False)),
           "storeValues": spec.get("storeValues", "none"),
           "trackListPositions": bool(spec.get("trackListPositions", False))}
    for extra in ("inBackground", "cache", "nested", "primaryKeyCache"):
        if extra in spec and extra != "inBackground":
            out[extra] = spec[extra]
    return out


def _alias_index(database: Database, spec: Any) -> dict[str, str]:
    if not isinstance(spec, dict) or not isinstance(spec.get("collection"), str) \
            or not isinstance(spec.get("index"), str):
        raise EmuError(10, "invalid 'indexes' entry: expecting 'collection' and 'index'",
                       http_code=400)
    collection = database.find(spec["collection"])
    if collection is None:
        raise EmuError(1203, f"collection or view not found: {spec['collection']}",
                       http_code=404)
    index = collection.find_index(spec["index"])
    if index is None or index.type != "inverted":
        raise EmuError(1212, f"index '{spec['index']}' not found", http_code=404)
    return {"collection": collection.name, "index": index.name}


class View:
    """One view's definition."""

    def __init__(self, name: str, vid: str, kind: str) -> None:
        self.name = name
        self.id = vid
        self.type = kind
        self.props: dict[str, Any] = (copy.deepcopy(_SEARCH_DEFAULTS)
                                      if kind == "arangosearch" else {})
        self.links: dict[str, Any] = {}
        self.indexes: list[dict[str, str]] = []
        #: the search index of each link, by collection (see ``_state.search_links``)
        self.search_indexes: dict[str, Any] = {}

    def brief(self) -> dict[str, Any]:
        """``{"globallyUniqueId", "id", "name", "type"}``."""
        return {"globallyUniqueId": f"h5C3DDE5391BF/{self.id}", "id": self.id,
                "name": self.name, "type": self.type}

    def properties(self) -> dict[str, Any]:
        """The brief plus every property."""
        out = self.brief()
        if self.type == "arangosearch":
            out.update(copy.deepcopy(self.props))
            out["links"] = copy.deepcopy(self.links)
        else:
            out["indexes"] = [dict(i) for i in self.indexes]
        return out

    def apply(self, database: Database, body: dict[str, Any], *, replace: bool,
              creating: bool = False) -> None:
        """Apply a create / PUT (``replace``) / PATCH body."""
        if self.type == "arangosearch":
            if replace and not creating:
                for name in _CHANGEABLE:
                    self.props[name] = copy.deepcopy(_SEARCH_DEFAULTS[name])
            for name in _CHANGEABLE + (_IMMUTABLE if creating else ()):
                if name in body:
                    self.props[name] = body[name]
            if creating:
                self.props["primarySort"] = primary_sort_fields(self.props["primarySort"])
                self.props["storedValues"] = stored_values(self.props["storedValues"])
            links = body.get("links")
            if links is not None and not isinstance(links, dict):
                raise EmuError(10, "'links' must be an object", http_code=400)
            new_links = {} if replace else dict(self.links)
            for cname, spec in (links or {}).items():
                if spec is None:
                    new_links.pop(cname, None)
                else:
                    new_links[cname] = _link(database, cname, spec)
            self.links = new_links
            return
        indexes = body.get("indexes", [])
        if not isinstance(indexes, list):
            raise EmuError(10, "'indexes' must be an array", http_code=400)
        current = [] if replace else list(self.indexes)
        for spec in indexes:
            if isinstance(spec, dict) and spec.get("operation") == "del":
                current = [i for i in current if not (i["collection"] == spec.get("collection")
                                                      and i["index"] == spec.get("index"))]
                continue
            entry = _alias_index(database, spec)
            if entry not in current:
                current.append(entry)
        self.indexes = current

    def forget_collection(self, name: str) -> None:
        """Drop links and indexes of a dropped collection."""
        self.links.pop(name, None)
        self.indexes = [i for i in self.indexes if i["collection"] != name]


def create_view(database: Database, body: Any, vid: str) -> View:
    """Create a view from a ``POST /_api/view`` body (1208, 1207, 10 errors)."""
    if not isinstance(body, dict):
        raise EmuError(10, "expecting object body", http_code=400)
    name = body.get("name")
    check_collection_name(name, is_system=False)
    kind = body.get("type")
    if kind not in VIEW_TYPES:
        raise EmuError(10, "invalid view type", http_code=400)
    if name in database.collections or name in database.views:
        raise EmuError(1207, http_code=409)
    view = View(str(name), vid, str(kind))
    view.apply(database, body, replace=True, creating=True)
    database.views[view.name] = view
    return view


def find_view(database: Database, ident: str) -> View:
    """A view by name or id (404/1203)."""
    view = database.views.get(ident)
    if view is None:
        view = next((v for v in database.views.values() if v.id == ident), None)
    if view is None:
        raise view_not_found()
    return view


def analyzer_name(database: Database, name: str) -> str:
    """The stored (database-prefixed) name of analyzer ``name``."""
    if name in BUILTIN_ANALYZERS or "::" in name:
        return name
    return f"{database.name}::{name}"


def create_analyzer(database: Database, body: Any) -> tuple[dict[str, Any], bool]:
    """Create an analyzer; returns it and whether it is new (identical re-create: False)."""
    if not isinstance(body, dict) or not isinstance(body.get("name"), str):
        raise EmuError(10, "invalid analyzer name", http_code=400)
    name = body["name"]
    if "::" in name:
        prefix, _, name = name.partition("::")
        if prefix not in ("", database.name):
            raise EmuError(10, "invalid analyzer name", http_code=400)
    if not name or not all(c.isalnum() or c in "_-" for c in name) or not name[0].isalpha():
        raise EmuError(10, f"invalid characters in analyzer name '{name}'", http_code=400)
    kind = body.get("type")
    if kind not in ANALYZER_TYPES:
        raise EmuError(10, f"analyzer type '{kind}' is not supported", http_code=400)
    properties = body.get("properties") or {}
    features = body.get("features") or []
    if not isinstance(properties, dict) or not isinstance(features, list):
        raise EmuError(10, "invalid analyzer properties or features", http_code=400)
    check_features(features)
    check_properties(f"{database.name}::{name}", str(kind), properties)
    properties = normalize_properties(str(kind), properties)
    analyzer = {"name": f"{database.name}::{name}", "type": kind, "properties": properties,
                "features": ordered_features(features)}
    existing = database.analyzers.get(analyzer["name"])
    if existing is not None:
        if existing != analyzer:
            raise EmuError(10, f"Name collision detected while registering analyzer "
                           f"'{analyzer['name']}'", http_code=400)
        return existing, False
    if name in BUILTIN_ANALYZERS:
        raise EmuError(10, f"Name collision detected while registering analyzer '{name}'",
                       http_code=400)
    database.analyzers[analyzer["name"]] = analyzer
    return analyzer, True


# -- analyzer checks (features, required properties, lookup across databases, use) ---------

_FEATURES = ("frequency", "position", "offset", "norm")


def ordered_features(features: Any) -> list[str]:
    """Analyzer features in the order the server lists them."""
    wanted = set(features or ())
    return [f for f in _FEATURES if f in wanted]


#: properties the server refuses an analyzer without
_REQUIRED: dict[str, tuple[str, ...]] = {
    "delimiter": ("delimiter",), "multi_delimiter": ("delimiters",), "stem": ("locale",),
    "norm": ("locale",), "text": ("locale",), "collation": ("locale",),
    "ngram": ("min", "max", "preserveOriginal"), "aql": ("queryString",),
    "pipeline": ("pipeline",), "stopwords": ("stopwords",), "minhash": ("analyzer",),
    "classification": ("model_location",), "nearest_neighbors": ("model_location",),
}


def check_features(features: list[Any]) -> None:
    """400/10 unless ``features`` are known, unique, and ``position`` comes with
    ``frequency``, ``offset`` with ``position`` (the server's rules)."""
    if (len(set(map(str, features))) != len(features)
            or any(f not in _FEATURES for f in features)
            or ("position" in features and "frequency" not in features)
            or ("offset" in features and "position" not in features)):
        raise EmuError(10, f"invalid analyzer features: {features}", http_code=400)


def check_properties(full_name: str, kind: str, properties: dict[str, Any]) -> None:
    """400/10 when a property the type needs is missing (as the server's analyzer factory
    rejects it)."""
    missing = [p for p in _REQUIRED.get(kind, ()) if p not in properties]
    if missing:
        raise EmuError(10, f"Failure initializing an arangosearch analyzer instance for name "
                       f"'{full_name}' type '{kind}'. Properties '{properties}' was rejected "
                       f"by analyzer. Please check documentation for corresponding analyzer "
                       f"type.", http_code=400)


def _link_analyzers(spec: Any) -> list[str]:
    """Every analyzer a link definition names (its own and its fields', recursively)."""
    if not isinstance(spec, dict):
        return []
    names = [a for a in spec.get("analyzers", []) if isinstance(a, str)]
    fields = spec.get("fields")
    if isinstance(fields, dict):
        for field in fields.values():
            names.extend(_link_analyzers(field))
    return names


def find_analyzer(database: Database, name: str,
                  system: Database | None = None) -> dict[str, Any] | None:
    """A built-in analyzer, one of ``database``'s, or (``_system::name``) one of
    ``system``'s."""
    full = analyzer_name(database, name)
    found = BUILTIN_ANALYZERS.get(full) or database.analyzers.get(full)
    if found is None and system is not None and full.startswith("_system::"):
        found = system.analyzers.get(full)
    return found


def analyzer_in_use(database: Database, full_name: str) -> bool:
    """True when a link of one of ``database``'s views uses the analyzer."""
    short = full_name.split("::", 1)[1]
    for view in database.views.values():
        for spec in view.links.values():
            if {full_name, short} & set(_link_analyzers(spec)):
                return True
    return False


#: the defaults the server fills in when it normalizes an analyzer's properties
_DEFAULTS: dict[str, dict[str, Any]] = {
    "text": {"case": "lower", "stopwords": [], "accent": False, "stemming": True},
    "norm": {"case": "none", "accent": True},
    "ngram": {"startMarker": "", "endMarker": "", "streamType": "binary"},
    "aql": {"collapsePositions": False, "keepNull": True, "batchSize": 10,
            "memoryLimit": 1048576, "returnType": "string"},
    "stopwords": {"hex": False},
    "segmentation": {"break": "alpha", "case": "lower"},
}


def normalize_properties(kind: str, properties: dict[str, Any]) -> dict[str, Any]:
    """The properties as the server stores and reports them: defaults filled in, a locale
    without its ``.UTF-8`` encoding suffix."""
    out = {**copy.deepcopy(_DEFAULTS.get(kind, {})), **copy.deepcopy(properties)}
    locale = out.get("locale")
    if isinstance(locale, str) and "." in locale:
        out["locale"] = locale.split(".", 1)[0]
    if kind == "text" and "stopwordsPath" in properties and "stopwords" not in properties:
        out.pop("stopwords", None)
    return out
