"""The AQL query results cache (``db.aql.cache``)."""

from __future__ import annotations

from typing import Any

from arango_anyio._api.group import ApiGroup
from arango_anyio._executors.handling import raise_unless_success
from arango_anyio.exceptions import (
    AQLCacheClearError,
    AQLCacheConfigureError,
    AQLCacheEntriesError,
    AQLCachePropertiesError,
)
from arango_anyio.request import Request
from arango_anyio.response import Response

_ENTRY_KEYS = {
    "hash": "hash",
    "query": "query",
    "bindVars": "bind_vars",
    "size": "size",
    "results": "results",
    "started": "started",
    "hits": "hits",
    "runTime": "runtime",
    "dataSources": "data_sources",
}


def _format_properties(body: dict[str, Any]) -> dict[str, Any]:
    return {
        "mode": body["mode"],
        "max_results": body["maxResults"],
        "max_results_size": body["maxResultsSize"],
        "max_entry_size": body["maxEntrySize"],
        "include_system": body["includeSystem"],
    }


def _format_entry(body: dict[str, Any]) -> dict[str, Any]:
    return {name: body[key] for key, name in _ENTRY_KEYS.items() if key in body}


class AQLQueryCache(ApiGroup):
    """The AQL query results cache: properties, entries, clearing."""

    def __repr__(self) -> str:
        return f"<AQLQueryCache in {self._conn.db_name}>"

    async def properties(self) -> dict[str, Any]:
        """``mode``, ``max_results``, ``max_results_size``, ``max_entry_size``,
        ``include_system``. ``GET /_api/query-cache/properties``."""
        request = Request("GET", "/_api/query-cache/properties")
        return await self._call(
            request, AQLCachePropertiesError, lambda r: _format_properties(r.body))

    async def configure(
        self,
        *,
        mode: str | None = None,
        max_results: int | None = None,
        max_results_size: int | None = None,
        max_entry_size: int | None = None,
        include_system: bool | None = None,
    ) -> dict[str, Any]:
        """Change the cache properties (``mode``: ``"off"``, ``"on"`` or ``"demand"``); returns
        them as :meth:`properties` does. ``PUT /_api/query-cache/properties``."""
        candidates = {
            "mode": mode,
            "maxResults": max_results,
            "maxResultsSize": max_results_size,
            "maxEntrySize": max_entry_size,
            "includeSystem": include_system,
        }
        data = {k: v for k, v in candidates.items() if v is not None}
        request = Request("PUT", "/_api/query-cache/properties", data=data)
        return await self._call(
            request, AQLCacheConfigureError, lambda r: _format_properties(r.body))

    async def entries(self) -> list[dict[str, Any]]:
        """The cached results (``hash``, ``query``, ``bind_vars``, ``hits``, ...).
        ``GET /_api/query-cache/entries``."""
        request = Request("GET", "/_api/query-cache/entries")
        return await self._call(
            request, AQLCacheEntriesError, lambda r: [_format_entry(entry) for entry in r.body])

    async def clear(self) -> bool:
        """Empty the cache. ``DELETE /_api/query-cache``."""
        request = Request("DELETE", "/_api/query-cache")
        return await self._call(request, AQLCacheClearError, lambda r: True)

    async def plan_entries(self) -> list[dict[str, Any]]:
        """The query plan cache entries. ``GET /_api/query-plan-cache``."""
        request = Request("GET", "/_api/query-plan-cache")

        def result(response: Response) -> list[dict[str, Any]]:
            entries: list[dict[str, Any]] = response.body
            return entries

        return await self._call(request, AQLCacheEntriesError, result)

    async def clear_plan(self) -> None:
        """Empty the query plan cache. ``DELETE /_api/query-plan-cache``."""
        request = Request("DELETE", "/_api/query-plan-cache")

        def handler(response: Response) -> None:
            raise_unless_success(response, request, AQLCacheClearError)

        await self._execute(request, handler)
