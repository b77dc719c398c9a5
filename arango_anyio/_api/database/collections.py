"""Collection management and documents by ``_id`` on a database handle."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal, overload

from arango_anyio._api.collection.base import collection_of, ensure_document, ensure_option
from arango_anyio._api.collection.collection import StandardCollection
from arango_anyio._api.group import ApiGroup, Json
from arango_anyio._connection.url import segment
from arango_anyio._executors.handling import raise_unless_success
from arango_anyio.errno import DATA_SOURCE_NOT_FOUND
from arango_anyio.exceptions import (
    CollectionCreateError,
    CollectionDeleteError,
    CollectionInformationError,
    CollectionKeyGeneratorsError,
    CollectionListError,
    InvalidArgumentError,
)
from arango_anyio.request import Request
from arango_anyio.response import Response

KEY_GENERATORS = ("traditional", "autoincrement", "uuid", "padded")


class CollectionsMixin(ApiGroup):
    """Collection management and documents by ``_id``."""

    def collection(self, name: str) -> StandardCollection:
        """A handle to collection ``name`` (no I/O)."""
        return StandardCollection(self._conn, self._executor, name)

    async def has_collection(self, name: str) -> bool:
        """True when collection ``name`` exists. ``GET /_api/collection/{name}``."""
        request = Request("GET", f"/_api/collection/{segment(name, 'collection name')}")

        def handler(response: Response) -> bool:
            if response.error_code == DATA_SOURCE_NOT_FOUND:
                return False
            raise_unless_success(response, request, CollectionInformationError)
            return True

        return await self._execute(request, handler)

    async def collections(self) -> list[Json]:
        """Every collection: ``id``, ``name``, ``system``, ``type`` (``"document"`` or
        ``"edge"``), ``status``, ``status_string``. ``GET /_api/collection``."""
        request = Request("GET", "/_api/collection")

        def result(response: Response) -> list[Json]:
            return [
                {
                    "id": col["id"],
                    "name": col["name"],
                    "system": col["isSystem"],
                    "type": StandardCollection.types.get(col["type"], col["type"]),
                    **({"status": col["status"]} if "status" in col else {}),
                    **({"status_string": col["statusString"]} if "statusString" in col
                       else {}),
                }
                for col in response.body["result"]
            ]

        return await self._call(request, CollectionListError, result)

    async def create_collection(
        self,
        name: str,
        *,
        sync: bool = False,
        system: bool = False,
        edge: bool = False,
        user_keys: bool = True,
        key_increment: int | None = None,
        key_offset: int | None = None,
        key_generator: str = "traditional",
        shard_fields: Sequence[str] | None = None,
        shard_count: int | None = None,
        replication_factor: int | str | None = None,
        shard_like: str | None = None,
        sync_replication: bool | None = None,
        enforce_replication_factor: bool | None = None,
        sharding_strategy: str | None = None,
        smart_join_attribute: str | None = None,
        write_concern: int | None = None,
        schema: Json | None = None,
        computedValues: Sequence[Json] | None = None,
        computed_values: Sequence[Json] | None = None,
        cache_enabled: bool | None = None,
    ) -> StandardCollection:
        """Create a collection and return its handle. ``POST /_api/collection``.

        :param key_generator: ``"traditional"``, ``"autoincrement"``, ``"uuid"`` or
            ``"padded"``; ``key_increment``/``key_offset`` apply to ``"autoincrement"``.
        :param schema: a non-empty schema (``{"rule": ..., "level": ..., "message": ...}``).
        :param computed_values: computed value definitions (``computedValues`` is accepted
            too, as in python-arango).
        :raises CollectionCreateError: e.g. 1207 when the name is taken.
        """
        if not isinstance(name, str) or not name:
            raise InvalidArgumentError(f"collection name must be a non-empty string: {name!r}")
        ensure_option("key_generator", key_generator, KEY_GENERATORS)
        key_options: Json = {"type": key_generator, "allowUserKeys": user_keys}
        if key_generator == "autoincrement":
            if key_increment is not None:
                key_options["increment"] = key_increment
            if key_offset is not None:
                key_options["offset"] = key_offset
        data: Json = {"name": name, "waitForSync": sync, "isSystem": system,
                      "keyOptions": key_options, "type": 3 if edge else 2}
        optional = {
            "numberOfShards": shard_count,
            "shardKeys": list(shard_fields) if shard_fields is not None else None,
            "replicationFactor": replication_factor,
            "distributeShardsLike": shard_like,
            "shardingStrategy": sharding_strategy,
            "smartJoinAttribute": smart_join_attribute,
            "writeConcern": write_concern,
            "cacheEnabled": cache_enabled,
        }
        data.update({k: v for k, v in optional.items() if v is not None})
        if schema is not None:
            if not isinstance(schema, Mapping) or not schema:
                raise InvalidArgumentError("schema parameter must be a non-empty dict")
            data["schema"] = dict(schema)
        values = computed_values if computed_values is not None else computedValues
        if values is not None:
            if isinstance(values, (str, bytes, Mapping)):
                raise InvalidArgumentError("computed_values must be a list of dicts")
            data["computedValues"] = [dict(ensure_document(v, "computed value"))
                                      for v in values]
        params = {"waitForSyncReplication": sync_replication,
                  "enforceReplicationFactor": enforce_replication_factor}
        request = Request("POST", "/_api/collection", params=params, data=data)
        return await self._call(request, CollectionCreateError, lambda r: self.collection(name))

    async def delete_collection(self, name: str, ignore_missing: bool = False,
                                system: bool | None = None) -> bool:
        """Drop a collection; False when it does not exist and ``ignore_missing`` is set.
        ``system=True`` is needed for system collections.
        ``DELETE /_api/collection/{name}``."""
        request = Request("DELETE", f"/_api/collection/{segment(name, 'collection name')}",
                          params={"isSystem": system})
        return await self._call_delete(request, CollectionDeleteError, ignore_missing,
                                       DATA_SOURCE_NOT_FOUND)

    async def key_generators(self) -> list[str]:
        """The key generators the server offers. ``GET /_api/key-generators``."""
        request = Request("GET", "/_api/key-generators")
        return await self._call(
            request, CollectionKeyGeneratorsError, lambda r: list(r.body["keyGenerators"]))

    # -- documents by _id --------------------------------------------------------------------

    async def has_document(self, document: str | Json, *, rev: str | None = None,
                           check_rev: bool = True) -> bool:
        """True when the document (``_id`` or dict with ``_id``) exists."""
        name = collection_of(document, "document")
        return await self.collection(name).has(document, rev=rev, check_rev=check_rev)

    async def document(self, document: str | Json, *, rev: str | None = None,
                       check_rev: bool = True) -> Json | None:
        """The document (``_id`` or dict with ``_id``), or None when missing."""
        name = collection_of(document, "document")
        return await self.collection(name).get(document, rev=rev, check_rev=check_rev)

    @overload
    async def insert_document(self, collection: str, document: Json, *, return_new: bool = False,
                              sync: bool | None = None, silent: Literal[False] = False,
                              overwrite: bool = False, return_old: bool = False,
                              overwrite_mode: str | None = None, keep_none: bool | None = None,
                              merge: bool | None = None) -> Json: ...
    @overload
    async def insert_document(self, collection: str, document: Json, *, return_new: bool = False,
                              sync: bool | None = None, silent: Literal[True],
                              overwrite: bool = False, return_old: bool = False,
                              overwrite_mode: str | None = None, keep_none: bool | None = None,
                              merge: bool | None = None) -> bool: ...
    @overload
    async def insert_document(self, collection: str, document: Json, *, return_new: bool = False,
                              sync: bool | None = None, silent: bool = False,
                              overwrite: bool = False, return_old: bool = False,
                              overwrite_mode: str | None = None, keep_none: bool | None = None,
                              merge: bool | None = None) -> Json | bool: ...
    async def insert_document(
        self,
        collection: str,
        document: Json,
        *,
        return_new: bool = False,
        sync: bool | None = None,
        silent: bool = False,
        overwrite: bool = False,
        return_old: bool = False,
        overwrite_mode: str | None = None,
        keep_none: bool | None = None,
        merge: bool | None = None,
    ) -> Json | bool:
        """Insert ``document`` into ``collection`` (see ``StandardCollection.insert``)."""
        return await self.collection(collection).insert(
            document, return_new=return_new, sync=sync, silent=silent, overwrite=overwrite,
            return_old=return_old, overwrite_mode=overwrite_mode, keep_none=keep_none,
            merge=merge,
        )

    @overload
    async def update_document(self, document: Json, *, check_rev: bool = True, merge: bool = True,
                              keep_none: bool = True, return_new: bool = False,
                              return_old: bool = False, sync: bool | None = None,
                              silent: Literal[False] = False) -> Json: ...
    @overload
    async def update_document(self, document: Json, *, check_rev: bool = True, merge: bool = True,
                              keep_none: bool = True, return_new: bool = False,
                              return_old: bool = False, sync: bool | None = None,
                              silent: Literal[True]) -> bool: ...
    @overload
    async def update_document(self, document: Json, *, check_rev: bool = True, merge: bool = True,
                              keep_none: bool = True, return_new: bool = False,
                              return_old: bool = False, sync: bool | None = None,
                              silent: bool = False) -> Json | bool: ...
    async def update_document(
        self,
        document: Json,
        *,
        check_rev: bool = True,
        merge: bool = True,
        keep_none: bool = True,
        return_new: bool = False,
        return_old: bool = False,
        sync: bool | None = None,
        silent: bool = False,
    ) -> Json | bool:
        """Update the document named by ``document["_id"]``."""
        name = collection_of(ensure_document(document), "document")
        return await self.collection(name).update(
            document, check_rev=check_rev, merge=merge, keep_none=keep_none,
            return_new=return_new, return_old=return_old, sync=sync, silent=silent,
        )

    @overload
    async def replace_document(self, document: Json, *, check_rev: bool = True,
                               return_new: bool = False, return_old: bool = False,
                               sync: bool | None = None,
                               silent: Literal[False] = False) -> Json: ...
    @overload
    async def replace_document(self, document: Json, *, check_rev: bool = True,
                               return_new: bool = False, return_old: bool = False,
                               sync: bool | None = None, silent: Literal[True]) -> bool: ...
    @overload
    async def replace_document(self, document: Json, *, check_rev: bool = True,
                               return_new: bool = False, return_old: bool = False,
                               sync: bool | None = None, silent: bool = False) -> Json | bool: ...
    async def replace_document(
        self,
        document: Json,
        *,
        check_rev: bool = True,
        return_new: bool = False,
        return_old: bool = False,
        sync: bool | None = None,
        silent: bool = False,
    ) -> Json | bool:
        """Replace the document named by ``document["_id"]``."""
        name = collection_of(ensure_document(document), "document")
        return await self.collection(name).replace(
            document, check_rev=check_rev, return_new=return_new, return_old=return_old,
            sync=sync, silent=silent,
        )

    @overload
    async def delete_document(self, document: str | Json, *, rev: str | None = None,
                              check_rev: bool = True, ignore_missing: bool = False,
                              return_old: bool = False, sync: bool | None = None,
                              silent: Literal[True]) -> bool: ...
    @overload
    async def delete_document(self, document: str | Json, *, rev: str | None = None,
                              check_rev: bool = True, ignore_missing: Literal[False] = False,
                              return_old: bool = False, sync: bool | None = None,
                              silent: Literal[False] = False) -> Json: ...
    @overload
    async def delete_document(self, document: str | Json, *, rev: str | None = None,
                              check_rev: bool = True, ignore_missing: Literal[True],
                              return_old: bool = False, sync: bool | None = None,
                              silent: Literal[False] = False) -> Json | Literal[False]: ...
    @overload
    async def delete_document(self, document: str | Json, *, rev: str | None = None,
                              check_rev: bool = True, ignore_missing: bool = False,
                              return_old: bool = False, sync: bool | None = None,
                              silent: bool = False) -> Json | bool: ...
    async def delete_document(
        self,
        document: str | Json,
        *,
        rev: str | None = None,
        check_rev: bool = True,
        ignore_missing: bool = False,
        return_old: bool = False,
        sync: bool | None = None,
        silent: bool = False,
    ) -> Json | bool:
        """Delete the document (``_id`` or dict with ``_id``); False when missing and
        ``ignore_missing`` is set."""
        name = collection_of(document, "document")
        return await self.collection(name).delete(
            document, rev=rev, check_rev=check_rev, ignore_missing=ignore_missing,
            return_old=return_old, sync=sync, silent=silent,
        )
