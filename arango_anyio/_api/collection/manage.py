"""Collection management: properties, counts, figures, checksums, rename, truncate, shards."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

from arango_anyio._api.collection.base import CollectionBase, Json, ensure_document
from arango_anyio._api.collection.format import format_collection, format_figures
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

        def handler(response: Response) -> Json:
            if not response.is_success:
                raise CollectionPropertiesError(response, request)
            return format_collection(response.body)

        return await self._execute(request, handler)

    async def info(self) -> Json:
        """The collection's short description (id, name, status, type, system, ...).
        ``GET /_api/collection/{name}``."""
        request = Request("GET", self._collection_path, read=self._name)

        def handler(response: Response) -> Json:
            if not response.is_success:
                raise CollectionInformationError(response, request)
            return format_collection(response.body)

        return await self._execute(request, handler)

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

        def handler(response: Response) -> Json:
            if not response.is_success:
                raise CollectionConfigureError(response, request)
            return format_collection(response.body)

        return await self._execute(request, handler)

    async def count(self) -> int:
        """The number of documents. ``GET /_api/collection/{name}/count``."""
        request = Request("GET", f"{self._collection_path}/count", read=self._name)

        def handler(response: Response) -> int:
            if not response.is_success:
                raise DocumentCountError(response, request)
            return int(response.body["count"])

        return await self._execute(request, handler)

    async def statistics(self) -> Json:
        """Storage figures (``documents_size``, ``indexes``, ``cache_in_use``, ...).
        ``GET /_api/collection/{name}/figures``."""
        request = Request("GET", f"{self._collection_path}/figures", read=self._name)

        def handler(response: Response) -> Json:
            if not response.is_success:
                raise CollectionStatisticsError(response, request)
            return format_figures(response.body)

        return await self._execute(request, handler)

    async def revision(self) -> str:
        """The collection revision (changes with every write).
        ``GET /_api/collection/{name}/revision``."""
        request = Request("GET", f"{self._collection_path}/revision", read=self._name)

        def handler(response: Response) -> str:
            if not response.is_success:
                raise CollectionRevisionError(response, request)
            return str(response.body["revision"])

        return await self._execute(request, handler)

    async def checksum(self, with_rev: bool = False, with_data: bool = False) -> str:
        """A checksum of the keys (and revisions / data when asked).
        ``GET /_api/collection/{name}/checksum``."""
        request = Request(
            "GET",
            f"{self._collection_path}/checksum",
            params={"withRevisions": with_rev, "withData": with_data},
            read=self._name,
        )

        def handler(response: Response) -> str:
            if not response.is_success:
                raise CollectionChecksumError(response, request)
            return str(response.body["checksum"])

        return await self._execute(request, handler)

    async def rename(self, new_name: str) -> bool:
        """Rename the collection; this handle follows the new name.
        ``PUT /_api/collection/{name}/rename``."""
        if not isinstance(new_name, str) or not new_name:
            raise InvalidArgumentError(f"new_name must be a non-empty string: {new_name!r}")
        request = Request("PUT", f"{self._collection_path}/rename", data={"name": new_name})

        def handler(response: Response) -> bool:
            if not response.is_success:
                raise CollectionRenameError(response, request)
            self._name = new_name
            self._document_path_cache = None
            return True

        return await self._execute(request, handler)

    async def truncate(self, sync: bool | None = None, compact: bool | None = None) -> bool:
        """Remove every document (indexes stay). ``PUT /_api/collection/{name}/truncate``."""
        request = Request(
            "PUT",
            f"{self._collection_path}/truncate",
            params={"waitForSync": sync, "compact": compact},
            write=self._name,
        )

        def handler(response: Response) -> bool:
            if not response.is_success:
                raise CollectionTruncateError(response, request)
            return True

        return await self._execute(request, handler)

    async def compact(self) -> Json:
        """Compact the collection's data. ``PUT /_api/collection/{name}/compact``."""
        request = Request("PUT", f"{self._collection_path}/compact")

        def handler(response: Response) -> Json:
            if not response.is_success:
                raise CollectionCompactError(response, request)
            return format_collection(response.body)

        return await self._execute(request, handler)

    async def recalculate_count(self) -> bool:
        """Recount the documents. ``PUT /_api/collection/{name}/recalculateCount``."""
        request = Request("PUT", f"{self._collection_path}/recalculateCount")

        def handler(response: Response) -> bool:
            if not response.is_success:
                raise CollectionRecalculateCountError(response, request)
            return True

        return await self._execute(request, handler)

    async def shards(self, details: bool = False) -> Json:
        """The shards (cluster only; a single server answers 501).
        ``GET /_api/collection/{name}/shards``."""
        request = Request(
            "GET", f"{self._collection_path}/shards", params={"details": details},
            read=self._name,
        )

        def handler(response: Response) -> Json:
            if not response.is_success:
                raise CollectionShardsError(response, request)
            return format_collection(response.body)

        return await self._execute(request, handler)

    async def responsible_shard(self, document: Json) -> str:
        """The shard responsible for ``document`` (cluster only).
        ``PUT /_api/collection/{name}/responsibleShard``."""
        body = dict(ensure_document(document))
        request = Request("PUT", f"{self._collection_path}/responsibleShard", data=body,
                          read=self._name)

        def handler(response: Response) -> str:
            if not response.is_success:
                raise CollectionResponsibleShardError(response, request)
            return str(response.body["shardId"])

        return await self._execute(request, handler)

    async def load_indexes(self) -> bool:
        """Load the collection's indexes into memory.
        ``PUT /_api/collection/{name}/loadIndexesIntoMemory``."""
        request = Request("PUT", f"{self._collection_path}/loadIndexesIntoMemory")

        def handler(response: Response) -> bool:
            if not response.is_success:
                raise IndexLoadError(response, request)
            return True

        return await self._execute(request, handler)

    async def load(self) -> bool:
        """Deprecated no-op kept for python-arango users (warns)."""
        warnings.warn("load() is a no-op since ArangoDB 3.9", DeprecationWarning, stacklevel=2)
        return await self._legacy("load", CollectionLoadError)

    async def unload(self) -> bool:
        """Deprecated no-op kept for python-arango users (warns)."""
        warnings.warn("unload() is a no-op since ArangoDB 3.9", DeprecationWarning,
                      stacklevel=2)
        return await self._legacy("unload", CollectionUnloadError)

    async def _legacy(self, action: str, error: Any) -> bool:
        request = Request("PUT", f"{self._collection_path}/{action}")

        def handler(response: Response) -> bool:
            if not response.is_success:
                raise error(response, request)
            return True

        return await self._execute(request, handler)
