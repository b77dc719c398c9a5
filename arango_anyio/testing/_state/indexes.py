"""Index definitions: validation of create requests, identity, and the unique constraint."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._state.names import check_index_name

INDEX_TYPES = ("primary", "edge", "persistent", "hash", "skiplist", "ttl", "geo", "fulltext",
               "mdi", "mdi-prefixed", "zkd", "inverted", "vector")
_ALIASES = {"hash": "persistent", "skiplist": "persistent"}
#: S2 cell levels and cover size of geo indexes (``S2RegionCoverer`` defaults of 3.12)
GEO_COVER = {"bestIndexedLevel": 23, "worstIndexedLevel": 4, "maxNumCoverCells": 8}
#: Attributes that make two definitions of one type the same index.
_IDENTITY = ("fields", "unique", "sparse", "expireAfter", "geoJson", "minLength",
             "fieldValueTypes", "prefixFields", "storedValues", "params")


def path_value(doc: dict[str, Any], field: str) -> Any:
    """The value at the dotted attribute path ``field`` of ``doc`` (None where it is not)."""
    value: Any = doc
    for part in field.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


class Index:
    """One index of a collection. Only ``persistent`` unique indexes and ``ttl`` act on data."""

    __slots__ = ("definition", "entries", "fields", "id", "name", "sparse", "type", "unique")

    def __init__(self, index_id: str, definition: dict[str, Any]) -> None:
        self.id = index_id
        self.definition = definition
        self.type: str = definition["type"]
        self.name: str = definition["name"]
        self.fields: list[str] = [f if isinstance(f, str) else f.get("name", "")
                                  for f in definition.get("fields", [])]
        self.unique = bool(definition.get("unique", False))
        self.sparse = bool(definition.get("sparse", False))
        #: Unique persistent indexes: value tuple -> key of the document holding it.
        self.entries: dict[tuple[Any, ...], str] = {}

    @property
    def enforces_unique(self) -> bool:
        """True when inserts and updates must check this index's uniqueness."""
        return self.unique and self.type == "persistent"

    def value_of(self, doc: dict[str, Any]) -> tuple[Any, ...] | None:
        """The hashable index value of ``doc`` (None when a sparse index skips it)."""
        values = []
        for field in self.fields:
            value = path_value(doc, field.replace("[*]", ""))
            if value is None and self.sparse:
                return None
            values.append(_freeze(value))
        return tuple(values)

    def describe(self, collection: str, *, figures: bool = False) -> dict[str, Any]:
        """The index as ``GET /_api/index`` lists it."""
        out = dict(self.definition)
        out["id"] = f"{collection}/{self.id}"
        if figures:
            out["figures"] = {"memory": 0}
        return out

    def conflict_message(self, key: str) -> str:
        """The server's 1210 message for a clash in this index."""
        fields = ", ".join(self.fields)
        return (f"unique constraint violated - in index {self.name} of type {self.type} over "
                f"'{fields}'; conflicting key: {key}")


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return ("{}", tuple(sorted((k, _freeze(v)) for k, v in value.items())))
    if isinstance(value, list):
        return ("[]", tuple(_freeze(v) for v in value))
    if isinstance(value, bool):
        return ("b", value)
    return value


def normalize(body: Any, next_name: Any) -> dict[str, Any]:
    """Check an index create request and return its stored definition (400/10 errors)."""
    if not isinstance(body, dict):
        raise EmuError(10, "expecting object", http_code=400)
    kind = body.get("type")
    if not isinstance(kind, str) or kind not in INDEX_TYPES:
        raise EmuError(10, "invalid index type", http_code=400)
    if kind in ("primary", "edge"):
        raise EmuError(10, "cannot create index of type " + kind, http_code=400)
    kind = _ALIASES.get(kind, kind)
    fields = body.get("fields")
    if kind == "inverted" and fields is None:
        fields = []
    if not isinstance(fields, list) or (not fields and kind != "inverted"):
        raise EmuError(10, "invalid index fields: expecting non-empty array", http_code=400)
    for field in fields:
        if not (isinstance(field, str) or (kind == "inverted" and isinstance(field, dict))):
            raise EmuError(10, "invalid index fields: expecting strings", http_code=400)
    name = body.get("name")
    if name is None:
        name = next_name()
    else:
        check_index_name(name)
    out: dict[str, Any] = {"fields": list(fields), "name": name, "type": kind}
    if kind == "persistent":
        out.update(unique=bool(body.get("unique", False)), sparse=bool(body.get("sparse", False)),
                   deduplicate=bool(body.get("deduplicate", True)),
                   estimates=bool(body.get("estimates", True)),
                   cacheEnabled=bool(body.get("cacheEnabled", False)))
        if "storedValues" in body:
            out["storedValues"] = body["storedValues"]
    elif kind == "ttl":
        expire = body.get("expireAfter")
        if not isinstance(expire, (int, float)) or isinstance(expire, bool) or expire < 0:
            raise EmuError(10, "expireAfter attribute must be a number >= 0", http_code=400)
        if len(fields) != 1:
            raise EmuError(10, "ttl index must have exactly one field", http_code=400)
        out.update(expireAfter=expire, unique=False, sparse=True, estimates=False)
    elif kind == "geo":
        if len(fields) > 2:
            raise EmuError(10, "geo index needs one or two fields", http_code=400)
        out.update(geoJson=bool(body.get("geoJson", False)), unique=False, sparse=True,
                   legacyPolygons=bool(body.get("legacyPolygons", False)), **GEO_COVER)
    elif kind == "fulltext":
        out.update(minLength=int(body.get("minLength", 2)), unique=False, sparse=True)
    elif kind in ("mdi", "mdi-prefixed", "zkd"):
        # zkd is the deprecated name of mdi; the server still reports it as zkd
        if body.get("fieldValueTypes") != "double":
            raise EmuError(10, f"{kind} index requires fieldValueTypes 'double'",
                           http_code=400)
        out.update(fieldValueTypes="double", unique=bool(body.get("unique", False)),
                   sparse=bool(body.get("sparse", False)), estimates=False)
        if kind == "mdi-prefixed":
            out["prefixFields"] = body.get("prefixFields", [])
    elif kind == "inverted":
        for extra in ("analyzer", "features", "includeAllFields", "trackListPositions",
                      "searchField", "primarySort", "storedValues", "cache",
                      "primaryKeyCache", "consolidationIntervalMsec"):
            if extra in body:
                out[extra] = body[extra]
        out.update(unique=False, sparse=True)
    elif kind == "vector":
        params = body.get("params")
        if not isinstance(params, dict) or not isinstance(params.get("dimension"), int):
            raise EmuError(10, "vector index requires params.dimension", http_code=400)
        out.update(params=params, unique=False, sparse=bool(body.get("sparse", False)))
    if "inBackground" in body:
        pass  # accepted, not stored
    return out


def selectivity_estimate(index: Index, docs: Iterable[dict[str, Any]]) -> float | None:
    """The selectivity estimate the server reports for ``index`` over ``docs`` (distinct
    values / documents, 1 for an empty collection and for unique indexes); None for the
    index types and settings that keep no estimate."""
    if index.type == "primary" or (index.type == "persistent" and index.unique):
        return 1
    if index.type == "edge":
        values: list[Any] = [(doc.get(index.fields[0]),) for doc in docs]
    elif index.type in ("persistent", "mdi-prefixed") and \
            index.definition.get("estimates", True):
        values = [v for v in (index.value_of(doc) for doc in docs) if v is not None]
    else:
        return None
    return len(set(values)) / len(values) if values else 1


def same_index(existing: Index, definition: dict[str, Any]) -> bool:
    """True when ``definition`` describes ``existing`` (create answers 200 instead of 201)."""
    if existing.type != definition["type"]:
        return False
    return all(existing.definition.get(k) == definition.get(k) for k in _IDENTITY)


def ttl_expired(index: Index, doc: dict[str, Any], now: float | None = None) -> bool:
    """True when ``doc`` is past its time in TTL ``index`` (numeric seconds or ISO date)."""
    value = path_value(doc, index.fields[0])
    stamp: float | None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        stamp = float(value)
    elif isinstance(value, str):
        stamp = _parse_iso(value)
    else:
        stamp = None
    if stamp is None:
        return False
    expire = float(index.definition.get("expireAfter", 0))
    return (now if now is not None else time.time()) >= stamp + expire


def _parse_iso(text: str) -> float | None:
    from datetime import datetime, timezone

    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.timestamp()


def system_indexes(edge: bool) -> Iterable[Index]:
    """The primary index (and the edge indexes of an edge collection)."""
    yield Index("0", {"fields": ["_key"], "name": "primary", "selectivityEstimate": 1,
                      "sparse": False, "type": "primary", "unique": True})
    if edge:
        yield Index("1", {"fields": ["_from"], "name": "edge", "selectivityEstimate": 1,
                          "sparse": False, "type": "edge", "unique": False})
        yield Index("2", {"fields": ["_to"], "name": "edge", "selectivityEstimate": 1,
                          "sparse": False, "type": "edge", "unique": False})
