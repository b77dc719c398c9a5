"""Replication: ``db.replication`` (``/_api/replication``).

Results use python-arango's names. ArangoDB 3.12 removed the ``make-slave``, ``sync`` and
``logger-first-tick`` endpoints: those methods are kept for older servers, emit a
``DeprecationWarning`` as python-arango does, and a 3.12 server answers 404. The replication
applier (``applier-*``) and ``server-id`` are still served but belong to the deprecated
leader/follower replication: those methods warn too.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

from arango_anyio._api.collection.format import format_collection, format_index
from arango_anyio._api.database.databases import format_database
from arango_anyio._api.database.views import format_view
from arango_anyio._api.group import ApiGroup, Json
from arango_anyio._connection.url import segment
from arango_anyio.exceptions import (
    ReplicationApplierConfigError,
    ReplicationApplierConfigSetError,
    ReplicationApplierStartError,
    ReplicationApplierStateError,
    ReplicationApplierStopError,
    ReplicationClusterInventoryError,
    ReplicationDumpBatchCreateError,
    ReplicationDumpBatchDeleteError,
    ReplicationDumpBatchExtendError,
    ReplicationDumpError,
    ReplicationInventoryError,
    ReplicationLoggerFirstTickError,
    ReplicationLoggerStateError,
    ReplicationMakeSlaveError,
    ReplicationServerIDError,
    ReplicationSyncError,
    ResponseParseError,
)
from arango_anyio.request import Request
from arango_anyio.response import Response


def _rename(body: Mapping[str, Any], names: Sequence[tuple[str, str]]) -> Json:
    return {name: body[key] for key, name in names if key in body}


def format_server_info(body: Json) -> Json:
    """``{"version", "serverId"}`` -> ``{"version", "server_id"}``."""
    return {"version": body["version"], "server_id": body["serverId"]}


def format_replication_state(body: Any) -> Any:
    """The logger state (``running``, ``last_log_tick``, ``total_events``, ...)."""
    if not isinstance(body, dict):
        return body
    return _rename(body, (("running", "running"), ("time", "time"),
                          ("lastLogTick", "last_log_tick"), ("totalEvents", "total_events"),
                          ("lastUncommittedLogTick", "last_uncommitted_log_tick")))


def format_replication_header(response: Response) -> Json:
    """The ``x-arango-replication-*`` headers of a dump or tail answer."""
    result: Json = {}
    for header, name, flag in (("frompresent", "from_present", True),
                               ("lastincluded", "last_included", False),
                               ("lastscanned", "last_scanned", False),
                               ("lasttick", "last_tick", False),
                               ("active", "active", True),
                               ("checkmore", "check_more", True)):
        value = response.header(f"x-arango-replication-{header}")
        if value is not None:
            result[name] = value == "true" if flag else value
    return result


def json_lines(response: Response) -> list[Any]:
    """The JSON values of a dump/tail body: one per line (also when a value spans lines).

    :raise ResponseParseError: a line is not JSON.
    """
    text = body_text(response)
    values: list[Any] = []
    decoder = json.JSONDecoder()
    index, end = 0, len(text)
    while True:
        while index < end and text[index].isspace():
            index += 1
        if index >= end:
            return values
        try:
            value, index = decoder.raw_decode(text, index)
        except ValueError as exc:
            raise ResponseParseError(f"a dump line is not JSON: {exc}", response) from None
        values.append(value)


def body_text(response: Response) -> str:
    """The raw body as text."""
    raw = response.raw_body
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw


def _collection(body: Json) -> Json:
    result = _rename(body, (("planVersion", "plan_version"), ("isReady", "is_ready"),
                            ("allInSync", "all_in_sync")))
    if "indexes" in body:
        result["indexes"] = [format_index(index) for index in body["indexes"]]
    if "parameters" in body:
        result["parameters"] = format_collection(body["parameters"])
    return result


def _database(body: Json) -> Json:
    result: Json = {"id": body["id"], "name": body["name"],
                    "collections": [_collection(c) for c in body["collections"]],
                    "views": [format_view(v) for v in body["views"]]}
    if "properties" in body:
        result["properties"] = format_database(body["properties"])
    return result


def format_inventory(body: Json) -> Json:
    """An inventory: ``tick``, ``state``, ``collections``, ``views``, ``properties`` (or
    ``databases`` for a global one)."""
    result: Json = {}
    if "tick" in body:
        result["tick"] = body["tick"]
    if "state" in body:
        result["state"] = format_replication_state(body["state"])
    if "databases" in body:
        result["databases"] = {k: _database(v) for k, v in body["databases"].items()}
    if "collections" in body:
        result["collections"] = [_collection(c) for c in body["collections"]]
    if "views" in body:
        result["views"] = [format_view(v) for v in body["views"]]
    if "properties" in body:
        result["properties"] = format_database(body["properties"])
    return result


_APPLIER_CONFIG = (
    ("endpoint", "endpoint"), ("database", "database"), ("username", "username"),
    ("verbose", "verbose"), ("incremental", "incremental"),
    ("requestTimeout", "request_timeout"), ("connectTimeout", "connect_timeout"),
    ("ignoreErrors", "ignore_errors"), ("maxConnectRetries", "max_connect_retries"),
    ("lockTimeoutRetries", "lock_timeout_retries"), ("sslProtocol", "ssl_protocol"),
    ("chunkSize", "chunk_size"), ("skipCreateDrop", "skip_create_drop"),
    ("autoStart", "auto_start"), ("adaptivePolling", "adaptive_polling"),
    ("autoResync", "auto_resync"), ("autoResyncRetries", "auto_resync_retries"),
    ("maxPacketSize", "max_packet_size"), ("includeSystem", "include_system"),
    ("includeFoxxQueues", "include_foxx_queues"),
    ("requireFromPresent", "require_from_present"), ("restrictType", "restrict_type"),
    ("restrictCollections", "restrict_collections"),
    ("connectionRetryWaitTime", "connection_retry_wait_time"),
    ("initialSyncMaxWaitTime", "initial_sync_max_wait_time"),
    ("idleMinWaitTime", "idle_min_wait_time"), ("idleMaxWaitTime", "idle_max_wait_time"),
)
_APPLIER_STATE = (
    ("started", "started"), ("running", "running"), ("phase", "phase"), ("time", "time"),
    ("safeResumeTick", "safe_resume_tick"), ("ticksBehind", "ticks_behind"),
    ("lastAppliedContinuousTick", "last_applied_continuous_tick"),
    ("lastProcessedContinuousTick", "last_processed_continuous_tick"),
    ("lastAvailableContinuousTick", "last_available_continuous_tick"),
    ("totalRequests", "total_requests"), ("totalFailedConnects", "total_failed_connects"),
    ("totalEvents", "total_events"), ("totalDocuments", "total_documents"),
    ("totalRemovals", "total_removals"), ("totalResyncs", "total_resyncs"),
    ("totalOperationsExcluded", "total_operations_excluded"),
    ("totalApplyTime", "total_apply_time"), ("averageApplyTime", "average_apply_time"),
    ("totalFetchTime", "total_fetch_time"), ("averageFetchTime", "average_fetch_time"),
)


def format_applier_config(body: Json) -> Json:
    """The applier configuration with python-arango's names."""
    return _rename(body, _APPLIER_CONFIG)


def format_applier_state(body: Json) -> Json:
    """The applier state with python-arango's names."""
    result = _rename(body, (("endpoint", "endpoint"), ("database", "database"),
                            ("username", "username")))
    if "state" in body:
        state = body["state"]
        details = _rename(state, _APPLIER_STATE)
        if "progress" in state:
            details["progress"] = _rename(state["progress"], (
                ("time", "time"), ("message", "message"), ("failedConnects", "failed_connects")))
        if "lastError" in state:
            details["last_error"] = _rename(state["lastError"], (
                ("errorNum", "error_num"), ("errorMessage", "error_message"), ("time", "time")))
        result["state"] = details
    if "server" in body:
        result["server"] = format_server_info(body["server"])
    return result


def _applier_body(endpoint: str, options: Sequence[tuple[str, Any]]) -> Json:
    data: Json = {"endpoint": endpoint}
    for key, value in options:
        if value is not None:
            data[key] = value
    return data


def _removed(path: str) -> None:
    warnings.warn(f"/_api/replication/{path} was removed in ArangoDB 3.12",
                  DeprecationWarning, stacklevel=3)


def _deprecated(path: str) -> None:
    warnings.warn(f"/_api/replication/{path} belongs to leader/follower replication, which "
                  "ArangoDB deprecates", DeprecationWarning, stacklevel=3)


class Replication(ApiGroup):
    """Replication. Get it as ``db.replication``."""

    def __repr__(self) -> str:
        return f"<Replication in {self.db_name}>"

    async def inventory(self, batch_id: str, include_system: bool | None = None,
                        all_databases: bool | None = None) -> Json:
        """The collections, indexes and views of the database (or of every database with
        ``all_databases``). ``GET /_api/replication/inventory``.

        :param batch_id: a dump batch (:meth:`create_dump_batch`).
        :raise ReplicationInventoryError: the server refused.
        """
        params = {"batchId": batch_id, "includeSystem": include_system,
                  "global": all_databases}
        request = Request("GET", "/_api/replication/inventory",
                          params={k: v for k, v in params.items() if v is not None})
        return await self._call(
            request, ReplicationInventoryError, lambda r: format_inventory(r.body))

    async def create_dump_batch(self, ttl: int | None = None) -> Json:
        """Create a dump batch (keeps a snapshot for :meth:`dump`).
        ``POST /_api/replication/batch``.

        :param ttl: seconds the batch lives.
        :return: ``{"id": ..., "last_tick": ...}``.
        :raise ReplicationDumpBatchCreateError: the server refused.
        """
        request = Request("POST", "/_api/replication/batch", data={"ttl": ttl})
        return await self._call(
            request, ReplicationDumpBatchCreateError,
            lambda r: {"id": r.body["id"], "last_tick": r.body["lastTick"]})

    async def delete_dump_batch(self, batch_id: str) -> bool:
        """Delete a dump batch. ``DELETE /_api/replication/batch/{id}``.

        :raise ReplicationDumpBatchDeleteError: the server refused.
        """
        request = Request("DELETE",
                          f"/_api/replication/batch/{segment(str(batch_id), 'batch id')}")
        return await self._call(request, ReplicationDumpBatchDeleteError, lambda r: True)

    async def extend_dump_batch(self, batch_id: str, ttl: int) -> bool:
        """Extend a dump batch's life. ``PUT /_api/replication/batch/{id}``.

        :raise ReplicationDumpBatchExtendError: the server refused.
        """
        request = Request("PUT",
                          f"/_api/replication/batch/{segment(str(batch_id), 'batch id')}",
                          data={"ttl": ttl})
        return await self._call(request, ReplicationDumpBatchExtendError, lambda r: True)

    async def dump(self, collection: str, batch_id: str | None = None,
                   chunk_size: int | None = None, deserialize: bool = False) -> Json:
        """A chunk of a collection's documents. ``GET /_api/replication/dump``.

        :param deserialize: parse the lines of the answer.
        :return: the replication headers (``check_more``, ``last_included``, ...) and
            ``content``: as in python-arango, a one-element list holding the raw text or,
            with ``deserialize``, the list of parsed lines.
        :raise ReplicationDumpError: the server refused.
        """
        params: Json = {"collection": collection}
        if chunk_size is not None:
            params["chunkSize"] = chunk_size
        if batch_id is not None:
            params["batchId"] = batch_id
        request = Request("GET", "/_api/replication/dump", params=params)

        def result(response: Response) -> Json:
            out = format_replication_header(response)
            text = body_text(response)
            out["content"] = [json_lines(response) if deserialize else text]
            return out

        return await self._call(request, ReplicationDumpError, result)

    async def synchronize(self, endpoint: str, database: str | None = None,
                          username: str | None = None, password: str | None = None,
                          include_system: bool | None = None,
                          incremental: bool | None = None, restrict_type: str | None = None,
                          restrict_collections: Sequence[str] | None = None,
                          initial_sync_wait_time: int | None = None) -> Json:
        """Copy the data of another server. ``PUT /_api/replication/sync``.

        .. deprecated:: removed in ArangoDB 3.12 (warns).

        :return: ``collections`` and ``last_log_tick``.
        :raise ReplicationSyncError: the server refused.
        """
        _removed("sync")
        data = _applier_body(endpoint, (
            ("database", database), ("username", username), ("password", password),
            ("includeSystem", include_system), ("incremental", incremental),
            ("restrictType", restrict_type),
            ("restrictCollections", None if restrict_collections is None
             else list(restrict_collections)),
            ("initialSyncMaxWaitTime", initial_sync_wait_time)))
        request = Request("PUT", "/_api/replication/sync", data=data)
        renames = (("collections", "collections"), ("lastLogTick", "last_log_tick"))
        return await self._call(request, ReplicationSyncError,
                                lambda r: _rename(r.body, renames))

    async def cluster_inventory(self, include_system: bool | None = None) -> Json:
        """The cluster-wide inventory (coordinators).
        ``GET /_api/replication/clusterInventory``.

        :raise ReplicationClusterInventoryError: the server refused.
        """
        params = {} if include_system is None else {"includeSystem": include_system}
        request = Request("GET", "/_api/replication/clusterInventory", params=params)
        return await self._call(
            request, ReplicationClusterInventoryError, lambda r: format_inventory(r.body))

    async def logger_state(self) -> Json:
        """The replication logger's state: ``state`` (``running``, ``last_log_tick``, ...),
        ``server`` (``version``, ``server_id``) and ``clients``.
        ``GET /_api/replication/logger-state``.

        :raise ReplicationLoggerStateError: the server refused.
        """
        def result(response: Response) -> Json:
            body = response.body
            out: Json = {}
            if "state" in body:
                out["state"] = format_replication_state(body["state"])
            if "server" in body:
                out["server"] = format_server_info(body["server"])
            if "clients" in body:
                out["clients"] = body["clients"]
            return out

        return await self._call(
            Request("GET", "/_api/replication/logger-state"), ReplicationLoggerStateError, result)

    async def logger_first_tick(self) -> str:
        """The first tick available in the logger.
        ``GET /_api/replication/logger-first-tick``.

        .. deprecated:: removed in ArangoDB 3.12 (warns).

        :raise ReplicationLoggerFirstTickError: the server refused.
        """
        _removed("logger-first-tick")
        return await self._call(
            Request("GET", "/_api/replication/logger-first-tick"), ReplicationLoggerFirstTickError,
            lambda r: str(r.body["firstTick"]))

    async def applier_config(self) -> Json:
        """The replication applier's configuration.
        ``GET /_api/replication/applier-config``.

        .. deprecated:: leader/follower replication is deprecated (warns); 3.12 still serves it.

        :raise ReplicationApplierConfigError: the server refused.
        """
        _deprecated("applier-config")
        return await self._call(
            Request("GET", "/_api/replication/applier-config"), ReplicationApplierConfigError,
            lambda r: format_applier_config(r.body))

    async def set_applier_config(
            self, endpoint: str, database: str | None = None, username: str | None = None,
            password: str | None = None, max_connect_retries: int | None = None,
            connect_timeout: int | None = None, request_timeout: int | None = None,
            chunk_size: int | None = None, auto_start: bool | None = None,
            adaptive_polling: bool | None = None, include_system: bool | None = None,
            auto_resync: bool | None = None, auto_resync_retries: int | None = None,
            initial_sync_max_wait_time: int | None = None,
            connection_retry_wait_time: int | None = None,
            idle_min_wait_time: int | None = None, idle_max_wait_time: int | None = None,
            require_from_present: bool | None = None, verbose: bool | None = None,
            restrict_type: str | None = None,
            restrict_collections: Sequence[str] | None = None) -> Json:
        """Configure the replication applier. ``PUT /_api/replication/applier-config``.

        .. deprecated:: leader/follower replication is deprecated (warns); 3.12 still serves it.

        :raise ReplicationApplierConfigSetError: the server refused.
        """
        _deprecated("applier-config")
        data = _applier_body(endpoint, (
            ("database", database), ("username", username), ("password", password),
            ("maxConnectRetries", max_connect_retries), ("connectTimeout", connect_timeout),
            ("requestTimeout", request_timeout), ("chunkSize", chunk_size),
            ("autoStart", auto_start), ("adaptivePolling", adaptive_polling),
            ("includeSystem", include_system), ("autoResync", auto_resync),
            ("autoResyncRetries", auto_resync_retries),
            ("initialSyncMaxWaitTime", initial_sync_max_wait_time),
            ("connectionRetryWaitTime", connection_retry_wait_time),
            ("idleMinWaitTime", idle_min_wait_time), ("idleMaxWaitTime", idle_max_wait_time),
            ("requireFromPresent", require_from_present), ("verbose", verbose),
            ("restrictType", restrict_type),
            ("restrictCollections", None if restrict_collections is None
             else list(restrict_collections))))
        request = Request("PUT", "/_api/replication/applier-config", data=data)
        return await self._call(
            request, ReplicationApplierConfigSetError, lambda r: format_applier_config(r.body))

    async def applier_state(self) -> Json:
        """The replication applier's state. ``GET /_api/replication/applier-state``.

        .. deprecated:: leader/follower replication is deprecated (warns); 3.12 still serves it.

        :raise ReplicationApplierStateError: the server refused.
        """
        _deprecated("applier-state")
        return await self._call(
            Request("GET", "/_api/replication/applier-state"), ReplicationApplierStateError,
            lambda r: format_applier_state(r.body))

    async def start_applier(self, last_tick: str | None = None) -> Json:
        """Start the replication applier (from ``last_tick``).
        ``PUT /_api/replication/applier-start``.

        .. deprecated:: leader/follower replication is deprecated (warns); 3.12 still serves it.

        :raise ReplicationApplierStartError: the server refused.
        """
        _deprecated("applier-start")
        params = {} if last_tick is None else {"from": last_tick}
        request = Request("PUT", "/_api/replication/applier-start", params=params)
        return await self._call(
            request, ReplicationApplierStartError, lambda r: format_applier_state(r.body))

    async def stop_applier(self) -> Json:
        """Stop the replication applier. ``PUT /_api/replication/applier-stop``.

        .. deprecated:: leader/follower replication is deprecated (warns); 3.12 still serves it.

        :raise ReplicationApplierStopError: the server refused.
        """
        _deprecated("applier-stop")
        return await self._call(
            Request("PUT", "/_api/replication/applier-stop"), ReplicationApplierStopError,
            lambda r: format_applier_state(r.body))

    async def make_slave(
            self, endpoint: str, database: str | None = None, username: str | None = None,
            password: str | None = None, restrict_type: str | None = None,
            restrict_collections: Sequence[str] | None = None,
            include_system: bool | None = None, max_connect_retries: int | None = None,
            connect_timeout: int | None = None, request_timeout: int | None = None,
            chunk_size: int | None = None, adaptive_polling: bool | None = None,
            auto_resync: bool | None = None, auto_resync_retries: int | None = None,
            initial_sync_max_wait_time: int | None = None,
            connection_retry_wait_time: int | None = None,
            idle_min_wait_time: int | None = None, idle_max_wait_time: int | None = None,
            require_from_present: bool | None = None, verbose: bool | None = None) -> Json:
        """Turn this server into a follower of ``endpoint`` (python-arango 7's name).
        ``PUT /_api/replication/make-slave``.

        .. deprecated:: removed in ArangoDB 3.12 (and from python-arango 8); warns.

        :return: the applier state.
        :raise ReplicationMakeSlaveError: the server refused.
        """
        _removed("make-slave")
        data = _applier_body(endpoint, (
            ("database", database), ("username", username), ("password", password),
            ("restrictType", restrict_type),
            ("restrictCollections", None if restrict_collections is None
             else list(restrict_collections)),
            ("includeSystem", include_system), ("maxConnectRetries", max_connect_retries),
            ("connectTimeout", connect_timeout), ("requestTimeout", request_timeout),
            ("chunkSize", chunk_size), ("adaptivePolling", adaptive_polling),
            ("autoResync", auto_resync), ("autoResyncRetries", auto_resync_retries),
            ("initialSyncMaxWaitTime", initial_sync_max_wait_time),
            ("connectionRetryWaitTime", connection_retry_wait_time),
            ("idleMinWaitTime", idle_min_wait_time), ("idleMaxWaitTime", idle_max_wait_time),
            ("requireFromPresent", require_from_present), ("verbose", verbose)))
        request = Request("PUT", "/_api/replication/make-slave", data=data)
        return await self._call(
            request, ReplicationMakeSlaveError, lambda r: format_applier_state(r.body))

    async def server_id(self) -> str:
        """This server's replication id. ``GET /_api/replication/server-id``.

        .. deprecated:: leader/follower replication is deprecated (warns); 3.12 still serves it.

        :raise ReplicationServerIDError: the server refused.
        """
        _deprecated("server-id")
        return await self._call(
            Request("GET", "/_api/replication/server-id"), ReplicationServerIDError,
            lambda r: str(r.body["serverId"]))
