"""The write-ahead log: ``db.wal`` (``/_admin/wal``, ``/_api/wal``).

``properties``, ``configure`` and ``transactions`` belong to the old MMFiles-era API: kept,
they emit a ``DeprecationWarning`` as python-arango does.
"""

from __future__ import annotations

import warnings

from arango_anyio._api.group import ApiGroup, Json
from arango_anyio._api.services.replication import (
    body_text,
    format_replication_header,
    format_server_info,
    json_lines,
)
from arango_anyio.exceptions import (
    WALConfigureError,
    WALFlushError,
    WALLastTickError,
    WALPropertiesError,
    WALTailError,
    WALTickRangesError,
    WALTransactionListError,
)
from arango_anyio.request import Request
from arango_anyio.response import Response

_PROPERTIES = (("allowOversizeEntries", "oversized_ops"), ("logfileSize", "log_size"),
               ("historicLogfiles", "historic_logs"), ("reserveLogfiles", "reserve_logs"),
               ("syncInterval", "sync_interval"), ("throttleWait", "throttle_wait"),
               ("throttleWhenPending", "throttle_limit"))


def format_wal_properties(body: Json) -> Json:
    """WAL properties with python-arango's names."""
    return {name: body[key] for key, name in _PROPERTIES if key in body}


def format_tick_values(body: Json) -> Json:
    """``tickMin``/``tickMax``/``tick``/``time``/``server`` with python-arango's names."""
    result: Json = {name: body[key] for key, name in (
        ("tickMin", "tick_min"), ("tickMax", "tick_max"), ("tick", "tick"), ("time", "time"))
        if key in body}
    if "server" in body:
        result["server"] = format_server_info(body["server"])
    return result


def _removed(path: str) -> None:
    warnings.warn(f"/_admin/wal/{path} is removed in ArangoDB 4.0", DeprecationWarning,
                  stacklevel=3)


class WAL(ApiGroup):
    """The write-ahead log. Get it as ``db.wal``."""

    def __repr__(self) -> str:
        return f"<WAL in {self.db_name}>"

    async def properties(self) -> Json:
        """The WAL configuration. ``GET /_admin/wal/properties``.

        .. deprecated:: removed in ArangoDB 4.0 (warns).

        :raise WALPropertiesError: the server refused.
        """
        _removed("properties")
        return await self._call(
            Request("GET", "/_admin/wal/properties"), WALPropertiesError,
            lambda r: format_wal_properties(r.body))

    async def configure(self, oversized_ops: bool | None = None, log_size: int | None = None,
                        historic_logs: int | None = None, reserve_logs: int | None = None,
                        throttle_wait: int | None = None,
                        throttle_limit: int | None = None) -> Json:
        """Change the WAL configuration. ``PUT /_admin/wal/properties``.

        .. deprecated:: removed in ArangoDB 4.0 (warns).

        :raise WALConfigureError: the server refused.
        """
        _removed("properties")
        data: Json = {}
        for key, value in (("allowOversizeEntries", oversized_ops), ("logfileSize", log_size),
                           ("historicLogfiles", historic_logs),
                           ("reserveLogfiles", reserve_logs), ("throttleWait", throttle_wait),
                           ("throttleWhenPending", throttle_limit)):
            if value is not None:
                data[key] = value
        return await self._call(
            Request("PUT", "/_admin/wal/properties", data=data), WALConfigureError,
            lambda r: format_wal_properties(r.body))

    async def transactions(self) -> Json:
        """Running transactions as the WAL sees them (``count``, ``last_collected``,
        ``last_sealed``). ``GET /_admin/wal/transactions``.

        .. deprecated:: removed in ArangoDB 4.0 (warns).

        :raise WALTransactionListError: the server refused.
        """
        _removed("transactions")

        def result(response: Response) -> Json:
            body = response.body
            return {name: body[key] for key, name in (
                ("minLastCollected", "last_collected"), ("minLastSealed", "last_sealed"),
                ("runningTransactions", "count")) if key in body}

        return await self._call(
            Request("GET", "/_admin/wal/transactions"), WALTransactionListError, result)

    async def flush(self, sync: bool = True, garbage_collect: bool = True) -> bool:
        """Flush the WAL to disk. ``PUT /_admin/wal/flush``.

        :param sync: wait until the data is synced.
        :param garbage_collect: wait until the collector has run.
        :raise WALFlushError: the server refused.
        """
        request = Request("PUT", "/_admin/wal/flush",
                          params={"waitForSync": sync, "waitForCollector": garbage_collect})
        return await self._call(request, WALFlushError, lambda r: True)

    async def tick_ranges(self) -> Json:
        """The ticks the WAL holds: ``tick_min``, ``tick_max``, ``time``, ``server``.
        ``GET /_api/wal/range``.

        :raise WALTickRangesError: the server refused.
        """
        return await self._call(
            Request("GET", "/_api/wal/range"), WALTickRangesError,
            lambda r: format_tick_values(r.body))

    async def last_tick(self) -> Json:
        """The last tick written: ``tick``, ``time``, ``server``. ``GET /_api/wal/lastTick``.

        :raise WALLastTickError: the server refused.
        """
        return await self._call(
            Request("GET", "/_api/wal/lastTick"), WALLastTickError,
            lambda r: format_tick_values(r.body))

    async def tail(self, lower: str | None = None, upper: str | None = None,
                   last_scanned: str | None = None, all_databases: bool | None = None,
                   chunk_size: int | None = None, syncer_id: int | None = None,
                   server_id: int | None = None, client_info: str | None = None,
                   barrier_id: int | None = None, deserialize: bool = False) -> Json:
        """WAL operations from ``lower`` to ``upper``. ``GET /_api/wal/tail``.

        :param deserialize: parse the answer's lines.
        :return: the replication headers (``check_more``, ``from_present``,
            ``last_included``, ``last_scanned``, ``last_tick``, ``active``) and ``content``:
            the raw text, or the list of parsed operations with ``deserialize``.
        :raise WALTailError: the server refused.
        """
        params: Json = {}
        for key, value in (("from", lower), ("to", upper), ("lastScanned", last_scanned),
                           ("global", all_databases), ("chunkSize", chunk_size),
                           ("syncerId", syncer_id), ("serverId", server_id),
                           ("clientInfo", client_info), ("barrierId", barrier_id)):
            if value is not None:
                params[key] = value
        request = Request("GET", "/_api/wal/tail", params=params)

        def result(response: Response) -> Json:
            out = format_replication_header(response)
            text = body_text(response)
            out["content"] = json_lines(response) if deserialize else text
            return out

        return await self._call(request, WALTailError, result)
