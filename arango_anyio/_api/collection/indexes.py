"""Indexes: list, get, add (validated per type), delete, and python-arango's helpers."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

from arango_anyio._api.collection.base import CollectionBase, ensure_document
from arango_anyio._api.collection.format import format_index, index_id
from arango_anyio._api.group import Json
from arango_anyio._connection.url import segment
from arango_anyio.errno import INDEX_NOT_FOUND
from arango_anyio.exceptions import (
    IndexCreateError,
    IndexDeleteError,
    IndexGetError,
    IndexListError,
    InvalidArgumentError,
)
from arango_anyio.request import Request

#: Index types that can be created, and how many ``fields`` each takes (min, max).
INDEX_TYPES: dict[str, tuple[int, int | None]] = {
    "persistent": (1, None),
    "hash": (1, None),
    "skiplist": (1, None),
    "ttl": (1, 1),
    "geo": (1, 2),
    "fulltext": (1, 1),
    "inverted": (1, None),
    "mdi": (1, None),
    "mdi-prefixed": (1, None),
    "zkd": (1, None),
    "vector": (1, 1),
}

VECTOR_METRICS = ("cosine", "l2", "innerProduct")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def validate_index(data: Any) -> Json:
    """Check an index definition before sending it; returns a copy.

    Raises :class:`InvalidArgumentError` for an unknown ``type``, missing or malformed
    ``fields``, and the fields each type requires (``expireAfter`` for ttl,
    ``fieldValueTypes`` for mdi, ``params`` with ``metric``/``dimension``/``nLists`` for
    vector, ``prefixFields`` for mdi-prefixed).
    """
    body = dict(ensure_document(data, "index definition"))
    kind = body.get("type")
    if kind not in INDEX_TYPES:
        raise InvalidArgumentError(
            f"index type must be one of {sorted(INDEX_TYPES)}, got {kind!r}"
        )
    fields = body.get("fields")
    if isinstance(fields, str) or not isinstance(fields, Sequence) or not fields:
        raise InvalidArgumentError(f"{kind} index needs a non-empty list 'fields'")
    low, high = INDEX_TYPES[kind]
    if len(fields) < low or (high is not None and len(fields) > high):
        span = str(low) if high == low else f"{low} to {high}" if high else f"at least {low}"
        raise InvalidArgumentError(f"{kind} index takes {span} field(s), got {len(fields)}")
    for field in fields:
        if kind == "inverted" and isinstance(field, dict):
            if not isinstance(field.get("name"), str) or not field["name"]:
                raise InvalidArgumentError("inverted index fields need a 'name'")
        elif not isinstance(field, str) or not field:
            raise InvalidArgumentError(f"index fields must be non-empty strings: {field!r}")
    body["fields"] = list(fields)
    if kind == "ttl" and not (_is_number(body.get("expireAfter")) and body["expireAfter"] >= 0):
        raise InvalidArgumentError("ttl index needs 'expireAfter' (seconds, >= 0)")
    if kind in ("mdi", "mdi-prefixed", "zkd") and body.get("fieldValueTypes") != "double":
        raise InvalidArgumentError(f"{kind} index needs fieldValueTypes='double'")
    if kind == "mdi-prefixed":
        prefix = body.get("prefixFields")
        if isinstance(prefix, str) or not isinstance(prefix, Sequence) or not prefix:
            raise InvalidArgumentError("mdi-prefixed index needs a non-empty 'prefixFields'")
    if kind == "vector":
        params = body.get("params")
        if not isinstance(params, dict):
            raise InvalidArgumentError("vector index needs 'params' (metric, dimension, nLists)")
        if params.get("metric") not in VECTOR_METRICS:
            raise InvalidArgumentError(f"vector index params.metric must be one of "
                                       f"{VECTOR_METRICS}, got {params.get('metric')!r}")
        if not _positive_int(params.get("dimension")):
            raise InvalidArgumentError("vector index params.dimension must be an int > 0")
        if not _positive_int(params.get("nLists")):
            raise InvalidArgumentError("vector index params.nLists must be an int > 0")
    name = body.get("name")
    if name is not None and (not isinstance(name, str) or not name):
        raise InvalidArgumentError(f"index name must be a non-empty string: {name!r}")
    return body


def _deprecated(helper: str, kind: str) -> None:
    warnings.warn(
        f"{helper} is deprecated. Using add_index with {{'type': '{kind}'}} instead.",
        DeprecationWarning,
        stacklevel=3,
    )


class IndexesMixin(CollectionBase):
    """Index management (``/_api/index``)."""

    def _index_path(self, id: str) -> str:
        if not isinstance(id, str) or not id:
            raise InvalidArgumentError(f"index id must be a non-empty string: {id!r}")
        prefix, sep, _ = id.partition("/")
        if sep and prefix != self._name:
            raise InvalidArgumentError(
                f"index id {id!r} belongs to another collection than {self._name!r}"
            )
        return f"/_api/index/{self._name_segment}/{segment(index_id(id), 'index id')}"

    async def indexes(self, with_stats: bool = False, with_hidden: bool = False) -> list[Json]:
        """The collection's indexes (python-arango's snake_case shape).
        ``GET /_api/index?collection={name}``."""
        request = Request(
            "GET", "/_api/index",
            params={"collection": self._name, "withStats": with_stats or None,
                    "withHidden": with_hidden or None},
            read=self._name,
        )
        return await self._call(
            request, IndexListError, lambda r: [format_index(index) for index in r.body["indexes"]])

    async def get_index(self, id: str) -> Json:
        """One index by id (``"123"`` or ``"collection/123"``) or name.
        ``GET /_api/index/{collection}/{id}``."""
        request = Request("GET", self._index_path(id), read=self._name)
        return await self._call(request, IndexGetError, lambda r: format_index(r.body))

    async def add_index(self, data: Json, formatter: bool = False) -> Json:
        """Create an index (persistent, ttl, geo, inverted, fulltext, mdi, vector, ...).

        ``data`` must have ``type`` and ``fields``; the fields each type requires are
        checked before sending (nothing is sent when they are wrong). Returns the server's
        description with a short ``id`` (``formatter=True``: python-arango's snake_case).
        ``POST /_api/index?collection={name}``.
        """
        body = validate_index(data)
        request = Request("POST", "/_api/index", params={"collection": self._name}, data=body,
                          write=self._name)
        return await self._call(
            request, IndexCreateError, lambda r: format_index(r.body, formatter))

    async def delete_index(self, index_id: str, ignore_missing: bool = False) -> bool:
        """Drop an index; False when it does not exist and ``ignore_missing`` is set.
        ``DELETE /_api/index/{collection}/{id}``."""
        request = Request("DELETE", self._index_path(index_id), write=self._name)
        return await self._call_delete(request, IndexDeleteError, ignore_missing, INDEX_NOT_FOUND)

    # -- python-arango's (deprecated) helpers ----------------------------------------------

    async def add_persistent_index(
        self,
        fields: Sequence[str],
        unique: bool | None = None,
        sparse: bool | None = None,
        name: str | None = None,
        in_background: bool | None = None,
        storedValues: Sequence[str] | None = None,
        cacheEnabled: bool | None = None,
    ) -> Json:
        """Deprecated (warns): ``add_index({"type": "persistent", ...}, formatter=True)``."""
        _deprecated("add_persistent_index", "persistent")
        data: Json = {"type": "persistent", "fields": fields, "unique": unique,
                      "sparse": sparse, "name": name, "inBackground": in_background,
                      "storedValues": storedValues, "cacheEnabled": cacheEnabled}
        return await self.add_index(_drop_none(data), formatter=True)

    async def add_ttl_index(
        self,
        fields: Sequence[str],
        expiry_time: int,
        name: str | None = None,
        in_background: bool | None = None,
    ) -> Json:
        """Deprecated (warns): ``add_index({"type": "ttl", ...}, formatter=True)``."""
        _deprecated("add_ttl_index", "ttl")
        data: Json = {"type": "ttl", "fields": fields, "expireAfter": expiry_time,
                      "name": name, "inBackground": in_background}
        return await self.add_index(_drop_none(data), formatter=True)

    async def add_geo_index(
        self,
        fields: str | Sequence[str],
        geo_json: bool | None = None,
        name: str | None = None,
        in_background: bool | None = None,
        legacyPolygons: bool | None = False,
    ) -> Json:
        """Deprecated (warns): ``add_index({"type": "geo", ...}, formatter=True)``."""
        _deprecated("add_geo_index", "geo")
        data: Json = {"type": "geo", "fields": [fields] if isinstance(fields, str) else fields,
                      "geoJson": geo_json, "name": name, "inBackground": in_background,
                      "legacyPolygons": legacyPolygons}
        return await self.add_index(_drop_none(data), formatter=True)

    async def add_inverted_index(
        self,
        fields: Sequence[Any],
        name: str | None = None,
        inBackground: bool | None = None,
        parallelism: int | None = None,
        primarySort: Json | None = None,
        storedValues: Sequence[Json] | None = None,
        analyzer: str | None = None,
        features: Sequence[str] | None = None,
        includeAllFields: bool | None = None,
        trackListPositions: bool | None = None,
        searchField: bool | None = None,
        primaryKeyCache: bool | None = None,
        cache: bool | None = None,
    ) -> Json:
        """Deprecated (warns): ``add_index({"type": "inverted", ...}, formatter=True)``."""
        _deprecated("add_inverted_index", "inverted")
        data: Json = {
            "type": "inverted", "fields": fields, "name": name, "inBackground": inBackground,
            "parallelism": parallelism, "primarySort": primarySort,
            "storedValues": storedValues, "analyzer": analyzer, "features": features,
            "includeAllFields": includeAllFields, "trackListPositions": trackListPositions,
            "searchField": searchField, "primaryKeyCache": primaryKeyCache, "cache": cache,
        }
        return await self.add_index(_drop_none(data), formatter=True)


def _drop_none(data: Json) -> Json:
    return {k: v for k, v in data.items() if v is not None}
