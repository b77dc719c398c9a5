"""Collection management: properties, counts, figures, checksums, rename, truncate, shards."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

from arango_anyio._api.collection.base import CollectionBase, ensure_document
from arango_anyio._api.collection.format import format_collection, format_figures
from arango_anyio._api.group import Json
from arango_anyio._executors.handling import ErrorClass
from arango_anyio.exceptions import (
    CollectionChecksumError,
    CollectionCompactError,
    CollectionConfigureError,
    CollectionInformationError,
    CollectionLoadError,
    CollectionPropertiesError,
    CollectionRecalculateCountError,
    CollectionRenameError,
    CollectionResponsibleShardError,
    CollectionRevisionError,
    CollectionShardsError,
    CollectionStatisticsError,
    CollectionTruncateError,
    CollectionUnloadError,
    DocumentCountError,
    IndexLoadError,
    InvalidArgumentError,
)
from arango_anyio.request import Request
from arango_anyio.response import Response


class ManagementMixin(CollectionBase):
    """Collection management (``/_api/collection/{name}/...``)."""

    async def properties(self) -> Json:
        """The collection's properties, in python-arango's names (``sync``, ``system``,
        ``key_options``, ``schema``, ...). ``GET /_api/collection/{name}/properties``."""
        request = Request("GET", f"{self._collection_path}/properties", read=self._name)
        return await self._call(
            request, CollectionPropertiesError, lambda r: format_collection(r.body))

    async def info(self) -> Json:
        """The collection's short description (id, name, status, type, system, ...).
        ``GET /_api/collection/{name}``."""
        request = Request("GET", self._collection_path, read=self._name)
        return await self._call(
            request, CollectionInformationError, lambda r: format_collection(r.body))

    async def configure(
        self,
        sync: bool | None = None,
        schema: Json | None = None,
        replication_factor: int | None = None,
        write_concern: int | None = None,
        computed_values: Sequence[Json] | None = None,
        cache_enabled: bool | None = None,
    ) -> Json:
        """Change properties and return the new ones.

        ``schema={}`` removes the schema (as the server does); ``computed_values=[]`` removes
        computed values. ``PUT /_api/collection/{name}/properties``.
        """
        data: Json = {}
        if sync is not None:
            data["waitForSync"] = sync
        if schema is not None:
            data["schema"] = dict(ensure_document(schema, "schema"))
        if replication_factor is not None:
            data["replicationFactor"] = replication_factor
        if write_concern is not None:
            data["writeConcern"] = write_concern
        if computed_values is not None:
            if isinstance(computed_values, (str, bytes, dict)):
                raise InvalidArgumentError("computed_values must be a list of dicts")
            data["computedValues"] = list(computed_values)
        if cache_enabled is not None:
            data["cacheEnabled"] = cache_enabled
        request = Request("PUT", f"{self._collection_path}/properties", data=data)
        return await self._call(
            request, CollectionConfigureError, lambda r: format_collection(r.body))

    async def count(self) -> int:
        """The number of documents. ``GET /_api/collection/{name}/count``."""
        request = Request("GET", f"{self._collection_path}/count", read=self._name)
        return await self._call(request, DocumentCountError, lambda r: int(r.body["count"]))

    async def statistics(self) -> Json:
        """Storage figures (``documents_size``, ``indexes``, ``cache_in_use``, ...).
        ``GET /_api/collection/{name}/figures``."""
        request = Request("GET", f"{self._collection_path}/figures", read=self._name)
        return await self._call(
            request, CollectionStatisticsError, lambda r: format_figures(r.body))

    async def revision(self) -> str:
        """The collection revision (changes with every write).
        ``GET /_api/collection/{name}/revision``."""
        request = Request("GET", f"{self._collection_path}/revision", read=self._name)
        return await self._call(request, CollectionRevisionError, lambda r: str(r.body["revision"]))

    async def checksum(self, with_rev: bool = False, with_data: bool = False) -> str:
        """A checksum of the keys (and revisions / data when asked).
        ``GET /_api/collection/{name}/checksum``."""
        request = Request(
            "GET",
            f"{self._collection_path}/checksum",
            params={"withRevisions": with_rev, "withData": with_data},
            read=self._name,
        )
        return await self._call(request, CollectionChecksumError, lambda r: str(r.body["checksum"]))

    async def rename(self, new_name: str) -> bool:
        """Rename the collection; this handle follows the new name.
        ``PUT /_api/collection/{name}/rename``."""
        if not isinstance(new_name, str) or not new_name:
            raise InvalidArgumentError(f"new_name must be a non-empty string: {new_name!r}")
        request = Request("PUT", f"{self._collection_path}/rename", data={"name": new_name})

        def result(response: Response) -> bool:
            self._name = new_name
            self._document_path_cache = None
            return True

        return await self._call(request, CollectionRenameError, result)

    async def truncate(self, sync: bool | None = None, compact: bool | None = None) -> bool:
        """Remove every document (indexes stay). ``PUT /_api/collection/{name}/truncate``."""
        request = Request(
            "PUT",
            f"{self._collection_path}/truncate",
            params={"waitForSync": sync, "compact": compact},
            write=self._name,
        )
        return await self._call(request, CollectionTruncateError, lambda r: True)

    async def compact(self) -> Json:
        """Compact the collection's data. ``PUT /_api/collection/{name}/compact``."""
        request = Request("PUT", f"{self._collection_path}/compact")
        return await self._call(
            request, CollectionCompactError, lambda r: format_collection(r.body))

    async def recalculate_count(self) -> bool:
        """Recount the documents. ``PUT /_api/collection/{name}/recalculateCount``."""
        request = Request("PUT", f"{self._collection_path}/recalculateCount")
        return await self._call(request, CollectionRecalculateCountError, lambda r: True)

    async def shards(self, details: bool = False) -> Json:
        """The shards (cluster only; a single server answers 501).
        ``GET /_api/collection/{name}/shards``."""
        request = Request(
            "GET", f"{self._collection_path}/shards", params={"details": details},
            read=self._name,
        )
        return await self._call(request, CollectionShardsError, lambda r: format_collection(r.body))

    async def responsible_shard(self, document: Json) -> str:
        """The shard responsible for ``document`` (cluster only).
        ``PUT /_api/collection/{name}/responsibleShard``."""
        body = dict(ensure_document(document))
        request = Request("PUT", f"{self._collection_path}/responsibleShard", data=body,
                          read=self._name)
        return await self._call(
            request, CollectionResponsibleShardError, lambda r: str(r.body["shardId"]))

    async def load_indexes(self) -> bool:
        """Load the collection's indexes into memory.
        ``PUT /_api/collection/{name}/loadIndexesIntoMemory``."""
        request = Request("PUT", f"{self._collection_path}/loadIndexesIntoMemory")
        return await self._call(request, IndexLoadError, lambda r: True)

    async def load(self) -> bool:
        """Deprecated no-op kept for python-arango users (warns)."""
        warnings.warn("load() is a no-op since ArangoDB 3.9", DeprecationWarning, stacklevel=2)
        return await self._legacy("load", CollectionLoadError)

    async def unload(self) -> bool:
        """Deprecated no-op kept for python-arango users (warns)."""
        warnings.warn("unload() is a no-op since ArangoDB 3.9", DeprecationWarning,
                      stacklevel=2)
        return await self._legacy("unload", CollectionUnloadError)

    async def _legacy(self, action: str, error: ErrorClass) -> bool:
        request = Request("PUT", f"{self._collection_path}/{action}")
        return await self._call(request, error, lambda r: True)
