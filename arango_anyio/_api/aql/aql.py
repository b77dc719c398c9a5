"""AQL: running queries (cursors), explaining, validating, tracking, user functions, cache.

``db.aql.execute(query, ...)`` returns a :class:`QueryExecution`, which is both awaitable and
an async context manager::

    async with db.aql.execute("FOR u IN users RETURN u", batch_size=500) as cursor:
        async for user in cursor:       # batches fetched as needed, from the same coordinator
            ...                         # leaving the block deletes the server-side cursor

    cursor = await db.aql.execute("RETURN 1")   # you close it: await cursor.close()

**Deadline propagation.** When the query is sent, the time left before the caller's
effective deadline (an enclosing ``anyio.fail_after``/``move_on_after``) — and, for a query
that is not streamed, the client's ``request_timeout`` — is compared with ``max_runtime``.
When less time is left (or no ``max_runtime`` was given), that remaining time is sent as the
query's ``maxRuntime``, so the server stops a query the client has given up on instead of
running it to the end. Pass ``propagate_deadline=False`` to send ``max_runtime`` unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal, overload

import anyio

from arango_anyio._api.aql.cache import AQLQueryCache
from arango_anyio._api.aql.execution import QueryExecution
from arango_anyio._api.group import ApiGroup, dirty_read, without_envelope
from arango_anyio._connection.url import segment
from arango_anyio._executors.handling import raise_unless_success
from arango_anyio.errno import QUERY_FUNCTION_NOT_FOUND
from arango_anyio.exceptions import (
    AQLFunctionCreateError,
    AQLFunctionDeleteError,
    AQLFunctionListError,
    AQLQueryClearError,
    AQLQueryExplainError,
    AQLQueryKillError,
    AQLQueryListError,
    AQLQueryRulesGetError,
    AQLQueryTrackingGetError,
    AQLQueryTrackingSetError,
    AQLQueryValidateError,
    ArangoError,
    InvalidArgumentError,
)
from arango_anyio.request import Request
from arango_anyio.response import Response

__all__ = ["AQL"]

_QUERY_KEYS = {
    "database": "database",
    "bindVars": "bind_vars",
    "runTime": "runtime",
    "started": "started",
    "state": "state",
    "stream": "stream",
    "user": "user",
    "peakMemoryUsage": "peak_memory_usage",
    "modificationQuery": "modification_query",
    "warnings": "warnings",
    "exitCode": "exit_code",
}

_TRACKING_KEYS = {
    "enabled": "enabled",
    "maxQueryStringLength": "max_query_string_length",
    "maxSlowQueries": "max_slow_queries",
    "slowQueryThreshold": "slow_query_threshold",
    "slowStreamingQueryThreshold": "slow_streaming_query_threshold",
    "trackBindVars": "track_bind_vars",
    "trackSlowQueries": "track_slow_queries",
}


def _format_query(body: dict[str, Any]) -> dict[str, Any]:
    result = {"id": body["id"], "query": body["query"]}
    for key, name in _QUERY_KEYS.items():
        if key in body:
            result[name] = body[key]
    return result


def _format_tracking(body: dict[str, Any]) -> dict[str, Any]:
    return {name: body[key] for key, name in _TRACKING_KEYS.items() if key in body}


def _format_rule(body: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    if "name" in body:
        result["name"] = body["name"]
    if "flags" in body:
        result["flags"] = dict(body["flags"])
    return result


class AQL(ApiGroup):
    """AQL: ``db.aql``. Shares the database handle's connection and executor, so inside a
    stream transaction queries run in it, and under async execution they become jobs."""

    def __repr__(self) -> str:
        return f"<AQL in {self._conn.db_name}>"

    @property
    def cache(self) -> AQLQueryCache:
        """The query results cache (``db.aql.cache``)."""
        return AQLQueryCache(self._conn, self._executor)

    # -- running queries -------------------------------------------------------------------------

    def execute(
        self,
        query: str,
        *,
        bind_vars: Mapping[str, Any] | None = None,
        count: bool = False,
        batch_size: int | None = None,
        ttl: float | None = None,
        full_count: bool | None = None,
        max_runtime: float | None = None,
        stream: bool | None = None,
        allow_retry: bool = False,
        profile: bool | int | None = None,
        fail_on_warning: bool | None = None,
        memory_limit: int | None = None,
        cache: bool | None = None,
        optimizer_rules: Sequence[str] | None = None,
        allow_dirty_read: bool = False,
        max_plans: int | None = None,
        max_warning_count: int | None = None,
        satellite_sync_wait: float | None = None,
        fill_block_cache: bool | None = None,
        skip_inaccessible_cols: bool | None = None,
        max_transaction_size: int | None = None,
        intermediate_commit_count: int | None = None,
        intermediate_commit_size: int | None = None,
        use_plan_cache: bool | None = None,
        max_nodes_per_callstack: int | None = None,
        max_dnf_condition_members: int | None = None,
        prefetch: bool = False,
        propagate_deadline: bool = True,
    ) -> QueryExecution:
        """Run a query; ``await`` the result for a cursor or use it with ``async with``.

        ``async with db.aql.execute(q) as cursor:`` deletes the server-side cursor when the
        block is left (normally, by an exception or by cancellation). A cursor obtained
        with ``cursor = await db.aql.execute(q)`` is yours to close: ``await cursor.close()``
        or ``async with cursor:``; otherwise it stays on the server until its ``ttl`` ends.
        Under async execution (``begin_async_execution``) ``await`` gives an
        :class:`~arango_anyio.AsyncJob` whose result is the cursor.

        ``POST /_api/cursor``. The names follow python-arango; the server's option names are
        in brackets.

        :param query: the AQL query.
        :param bind_vars: bind parameters (``@@coll`` is given as ``"@coll"``).
        :param count: include the total number of results (:meth:`Cursor.count`).
        :param batch_size: documents per round trip.
        :param ttl: seconds an idle server-side cursor is kept.
        :param full_count: count the results before the last LIMIT (statistics
            ``fullCount``).
        :param max_runtime: seconds after which the server kills the query (``maxRuntime``);
            see deadline propagation in the module docs.
        :param stream: compute results lazily, batch by batch (``stream``).
        :param allow_retry: fetch batches by id so a failed fetch can be retried without
            skipping or repeating documents (``allowRetry``).
        :param profile: ``True``/1 for a profile, 2 for per-node statistics and the plan.
        :param fail_on_warning: turn warnings into errors (``failOnWarning``).
        :param memory_limit: bytes the query may use (``memoryLimit``).
        :param cache: use the query results cache (``cache``).
        :param optimizer_rules: e.g. ``["-all", "+use-indexes"]`` (``optimizer.rules``).
        :param allow_dirty_read: allow reads from followers (``x-arango-allow-dirty-read``).
        :param max_plans: ``maxNumberOfPlans``.
        :param max_warning_count: ``maxWarningCount``.
        :param satellite_sync_wait: ``satelliteSyncWait`` (Enterprise).
        :param fill_block_cache: ``fillBlockCache``.
        :param skip_inaccessible_cols: ``skipInaccessibleCollections`` (Enterprise).
        :param max_transaction_size: ``maxTransactionSize``.
        :param intermediate_commit_count: ``intermediateCommitCount``.
        :param intermediate_commit_size: ``intermediateCommitSize``.
        :param use_plan_cache: ``usePlanCache``.
        :param max_nodes_per_callstack: ``maxNodesPerCallstack``.
        :param max_dnf_condition_members: ``maxDNFConditionMembers``.
        :param prefetch: read the next batch ahead while the current one is consumed (while
            the cursor is entered with ``async with``).
        :param propagate_deadline: send the time left before the caller's deadline as
            ``maxRuntime`` when it is shorter (see the module docs).
        :raises AQLQueryExecuteError: when awaited, if the server refuses the query.
        """
        if not isinstance(query, str) or not query.strip():
            raise InvalidArgumentError("query must be a non-empty string")
        if batch_size is not None and batch_size < 1:
            raise InvalidArgumentError("batch_size must be at least 1")
        data: dict[str, Any] = {"query": query, "count": count}
        if batch_size is not None:
            data["batchSize"] = batch_size
        if ttl is not None:
            data["ttl"] = ttl
        if bind_vars is not None:
            data["bindVars"] = dict(bind_vars)
        if memory_limit is not None:
            data["memoryLimit"] = memory_limit
        candidates: dict[str, Any] = {
            "fullCount": full_count,
            "fillBlockCache": fill_block_cache,
            "maxNumberOfPlans": max_plans,
            "failOnWarning": fail_on_warning,
            "profile": profile,
            "maxTransactionSize": max_transaction_size,
            "maxWarningCount": max_warning_count,
            "intermediateCommitCount": intermediate_commit_count,
            "intermediateCommitSize": intermediate_commit_size,
            "satelliteSyncWait": satellite_sync_wait,
            "stream": stream,
            "skipInaccessibleCollections": skip_inaccessible_cols,
            "maxRuntime": max_runtime,
            "cache": cache,
            "usePlanCache": use_plan_cache,
            "maxNodesPerCallstack": max_nodes_per_callstack,
            "maxDNFConditionMembers": max_dnf_condition_members,
        }
        options = {k: v for k, v in candidates.items() if v is not None}
        if optimizer_rules is not None:
            options["optimizer"] = {"rules": list(optimizer_rules)}
        if allow_retry:
            options["allowRetry"] = True
        if options:
            data["options"] = options
        headers = dirty_read(allow_dirty_read)
        return QueryExecution(self._executor, data, headers, allow_retry=allow_retry,
                              prefetch=prefetch, propagate_deadline=propagate_deadline)

    async def execute_many(
        self,
        queries: Sequence[str | tuple[str, Mapping[str, Any]]],
        *,
        concurrency: int = 8,
        **options: Any,
    ) -> list[list[Any]]:
        """Run many queries at once and return each one's documents, in the order given.

        At most ``concurrency`` queries run at a time (spread over the coordinators by the
        host resolver); each cursor is read to the end and deleted. The first query that
        fails cancels the others and its exception is raised (cursors are still deleted).

        :param queries: query strings, or ``(query, bind_vars)`` pairs.
        :param concurrency: how many queries run at once.
        :param options: keyword options of :meth:`execute`, applied to every query.
        """
        if concurrency < 1:
            raise InvalidArgumentError("concurrency must be at least 1")
        if "bind_vars" in options:
            raise InvalidArgumentError("give bind_vars per query as (query, bind_vars) pairs")
        items: list[tuple[str, Mapping[str, Any] | None]] = []
        for item in queries:
            if isinstance(item, str):
                items.append((item, None))
            else:
                query, bind_vars = item
                items.append((query, bind_vars))
        executions = [self.execute(q, bind_vars=b, **options) for q, b in items]
        results: list[list[Any]] = [[] for _ in items]
        errors: list[BaseException] = []
        limiter = anyio.CapacityLimiter(concurrency)

        async def run(index: int, execution: QueryExecution, tg_scope: anyio.CancelScope) -> None:
            try:
                async with limiter, execution as cursor:
                    results[index] = [doc async for doc in cursor]
            except ArangoError as exc:
                if not errors:
                    errors.append(exc)
                tg_scope.cancel()

        async with anyio.create_task_group() as tg:
            for index, execution in enumerate(executions):
                tg.start_soon(run, index, execution, tg.cancel_scope)
        if errors:
            raise errors[0]
        return results

    # -- inspecting queries -----------------------------------------------------------------------

    @overload
    async def explain(self, query: str, *, all_plans: Literal[False] = False,
                      max_plans: int | None = None, opt_rules: Sequence[str] | None = None,
                      bind_vars: Mapping[str, Any] | None = None) -> dict[str, Any]: ...
    @overload
    async def explain(self, query: str, *, all_plans: Literal[True], max_plans: int | None = None,
                      opt_rules: Sequence[str] | None = None,
                      bind_vars: Mapping[str, Any] | None = None) -> list[dict[str, Any]]: ...
    @overload
    async def explain(self, query: str, *, all_plans: bool = False, max_plans: int | None = None,
                      opt_rules: Sequence[str] | None = None,
                      bind_vars: Mapping[str, Any] | None = None
                     ) -> dict[str, Any] | list[dict[str, Any]]: ...
    async def explain(
        self,
        query: str,
        *,
        all_plans: bool = False,
        max_plans: int | None = None,
        opt_rules: Sequence[str] | None = None,
        bind_vars: Mapping[str, Any] | None = None,
    ) -> dict[str, Any] | list[dict[str, Any]]:
        """The execution plan (or all plans with ``all_plans=True``), without running it.

        ``POST /_api/explain``. Like python-arango, the answer's ``stats`` are copied into
        each plan.
        """
        options: dict[str, Any] = {"allPlans": all_plans}
        if max_plans is not None:
            options["maxNumberOfPlans"] = max_plans
        if opt_rules is not None:
            options["optimizer"] = {"rules": list(opt_rules)}
        data: dict[str, Any] = {"query": query, "options": options}
        if bind_vars is not None:
            data["bindVars"] = dict(bind_vars)
        request = Request("POST", "/_api/explain", data=data)

        def result(response: Response) -> dict[str, Any] | list[dict[str, Any]]:
            body = response.body
            if "plan" in body:
                plan: dict[str, Any] = body["plan"]
                if "stats" in body:
                    plan["stats"] = body["stats"]
                return plan
            plans: list[dict[str, Any]] = body["plans"]
            if "stats" in body:
                for item in plans:
                    item["stats"] = body["stats"]
            return plans

        return await self._call(request, AQLQueryExplainError, result)

    async def validate(self, query: str) -> dict[str, Any]:
        """Parse the query without running it: ``collections``, ``bind_vars``, ``ast``.

        ``POST /_api/query``.
        """
        request = Request("POST", "/_api/query", data={"query": query})

        def result(response: Response) -> dict[str, Any]:
            body = without_envelope(response.body)
            if "bindVars" in body:
                body["bind_vars"] = body.pop("bindVars")
            return body

        return await self._call(request, AQLQueryValidateError, result)

    # -- running queries: tracking and killing ---------------------------------------------------

    async def queries(self, *, all_queries: bool = False) -> list[dict[str, Any]]:
        """The queries running now (``id``, ``query``, ``bind_vars``, ``runtime``, ``state``,
        ...). ``GET /_api/query/current``; ``all_queries`` (in ``_system``) lists every
        database's."""
        request = Request("GET", "/_api/query/current",
                          params={"all": True} if all_queries else None)
        return await self._call(
            request, AQLQueryListError, lambda r: [_format_query(q) for q in r.body])

    async def slow_queries(self, *, all_queries: bool = False) -> list[dict[str, Any]]:
        """The slow queries recorded (same shape as :meth:`queries`).
        ``GET /_api/query/slow``."""
        request = Request("GET", "/_api/query/slow",
                          params={"all": True} if all_queries else None)
        return await self._call(
            request, AQLQueryListError, lambda r: [_format_query(q) for q in r.body])

    async def clear_slow_queries(self, *, all_queries: bool = False) -> bool:
        """Forget the recorded slow queries. ``DELETE /_api/query/slow``."""
        request = Request("DELETE", "/_api/query/slow",
                          params={"all": True} if all_queries else None)
        return await self._call(request, AQLQueryClearError, lambda r: True)

    async def kill(self, query_id: str, *, all_queries: bool = False) -> bool:
        """Kill a running query. ``DELETE /_api/query/{id}``."""
        request = Request("DELETE", f"/_api/query/{segment(str(query_id), 'query id')}",
                          params={"all": True} if all_queries else None)
        return await self._call(request, AQLQueryKillError, lambda r: True)

    async def tracking(self) -> dict[str, Any]:
        """Query tracking properties (``enabled``, ``max_slow_queries``,
        ``slow_query_threshold``, ...). ``GET /_api/query/properties``."""
        request = Request("GET", "/_api/query/properties")
        return await self._call(
            request, AQLQueryTrackingGetError, lambda r: _format_tracking(r.body))

    async def set_tracking(
        self,
        *,
        enabled: bool | None = None,
        max_slow_queries: int | None = None,
        slow_query_threshold: float | None = None,
        slow_streaming_query_threshold: float | None = None,
        max_query_string_length: int | None = None,
        track_bind_vars: bool | None = None,
        track_slow_queries: bool | None = None,
    ) -> dict[str, Any]:
        """Change query tracking properties; returns them (as :meth:`tracking`).
        ``PUT /_api/query/properties``."""
        candidates = {
            "enabled": enabled,
            "maxSlowQueries": max_slow_queries,
            "slowQueryThreshold": slow_query_threshold,
            "slowStreamingQueryThreshold": slow_streaming_query_threshold,
            "maxQueryStringLength": max_query_string_length,
            "trackBindVars": track_bind_vars,
            "trackSlowQueries": track_slow_queries,
        }
        data = {k: v for k, v in candidates.items() if v is not None}
        request = Request("PUT", "/_api/query/properties", data=data)
        return await self._call(
            request, AQLQueryTrackingSetError, lambda r: _format_tracking(r.body))

    async def query_rules(self) -> list[dict[str, Any]]:
        """The optimizer rules: ``[{"name": ..., "flags": {...}}]``.
        ``GET /_api/query/rules``."""
        request = Request("GET", "/_api/query/rules")
        return await self._call(
            request, AQLQueryRulesGetError, lambda r: [_format_rule(rule) for rule in r.body])

    # -- user functions ----------------------------------------------------------------------------

    async def functions(self) -> list[dict[str, Any]]:
        """The AQL user functions (``name``, ``code``, ``is_deterministic``).
        ``GET /_api/aqlfunction``."""
        request = Request("GET", "/_api/aqlfunction")

        def result(response: Response) -> list[dict[str, Any]]:
            functions: list[dict[str, Any]] = response.body["result"]
            for function in functions:
                if "isDeterministic" in function:
                    function["is_deterministic"] = function.pop("isDeterministic")
            return functions

        return await self._call(request, AQLFunctionListError, result)

    async def create_function(self, name: str, code: str) -> dict[str, Any]:
        """Create or replace a user function; ``{"is_new": bool}``.
        ``POST /_api/aqlfunction``."""
        request = Request("POST", "/_api/aqlfunction", data={"name": name, "code": code})
        return await self._call(
            request, AQLFunctionCreateError, lambda r: {"is_new": r.body["isNewlyCreated"]})

    @overload
    async def delete_function(self, name: str, *, group: bool = False,
                              ignore_missing: Literal[False] = False) -> dict[str, Any]: ...
    @overload
    async def delete_function(self, name: str, *, group: bool = False,
                              ignore_missing: Literal[True]) -> dict[str, Any] | Literal[False]: ...
    @overload
    async def delete_function(self, name: str, *, group: bool = False,
                              ignore_missing: bool = False) -> dict[str, Any] | bool: ...
    async def delete_function(
        self, name: str, *, group: bool = False, ignore_missing: bool = False
    ) -> dict[str, Any] | bool:
        """Delete a user function (or, with ``group=True``, every function in the namespace
        ``name``); ``{"deleted": n}``, or False when missing and ``ignore_missing``.
        ``DELETE /_api/aqlfunction/{name}``."""
        request = Request("DELETE", f"/_api/aqlfunction/{segment(name, 'function name')}",
                          params={"group": group})

        def handler(response: Response) -> dict[str, Any] | bool:
            if response.error_code == QUERY_FUNCTION_NOT_FOUND and ignore_missing:
                return False
            raise_unless_success(response, request, AQLFunctionDeleteError)
            return {"deleted": response.body["deletedCount"]}

        return await self._execute(request, handler)
