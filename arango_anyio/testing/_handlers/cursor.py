"""``/_api/cursor``: run AQL queries and page through their results.

Cursors live on the coordinator that created them (another coordinator answers 404/1600),
expire ``ttl`` seconds after their last use, and keep their last batch for ``allowRetry``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from arango_anyio import _serde
from arango_anyio.testing._aql.explain import plan
from arango_anyio.testing._aql.query import QueryResult, run_query_in_slices
from arango_anyio.testing._aql.service import AqlService, Cursor, service
from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import EmuRequest, EmuResponse, json_response
from arango_anyio.testing._protocol.routing import Router

if TYPE_CHECKING:
    from arango_anyio.testing._server.deployment import Deployment

router = Router()


def _number(body: dict[str, Any], name: str, default: float) -> float:
    value = body.get(name, default)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise EmuError(10, f"expecting non-zero value for <{name}>" if name == "batchSize"
                       else f"invalid value for <{name}>", http_code=400)
    return float(value)


def _check_memory(result: QueryResult, limit: float) -> None:
    if limit <= 0:
        return
    size = len(_serde.dumps(result.result)) * 4
    if size > limit:
        raise EmuError(32, "AQL: query would use more memory than allowed (while executing)",
                       http_code=500)


def _body(cursor: Cursor, batch: list[Any], has_more: bool, code: int,
          include_id: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"result": batch, "hasMore": has_more}
    if include_id:
        out["id"] = cursor.id
    if cursor.count is not None:
        out["count"] = cursor.count
    out["extra"] = cursor.extra
    out["cached"] = cursor.cached
    if has_more:
        out["nextBatchId"] = str(cursor.batch_id + 1)
    out["error"] = False
    out["code"] = code
    return out


def _user_functions(state: AqlService, database: str) -> Any:
    functions = state.user_functions(database)
    return lambda name: name in functions


async def create_cursor(emu: Deployment, request: EmuRequest) -> EmuResponse:
    """``POST /_api/cursor``: run the query, answer the first batch."""
    body = request.json()
    if not isinstance(body, dict):
        if body is None:
            raise EmuError(1502, "query is empty", http_code=400)
        raise EmuError(10, "expecting JSON object as body", http_code=400)
    text = body.get("query")
    if not isinstance(text, str) or not text.strip():
        raise EmuError(1502, "query is empty", http_code=400)
    bind_vars = body.get("bindVars")
    if bind_vars is None:
        bind_vars = {}
    if not isinstance(bind_vars, dict):
        raise EmuError(1550, "AQL: invalid structure of bind parameters (while parsing)")
    options = body.get("options") or {}
    if not isinstance(options, dict):
        raise EmuError(10, "expecting object for <options>", http_code=400)
    batch_size = int(_number(body, "batchSize", 1000))
    if batch_size <= 0:
        raise EmuError(10, "expecting non-zero value for <batchSize>", http_code=400)
    ttl = _number(body, "ttl", 30.0)
    if ttl <= 0:
        ttl = 30.0
    memory_limit = _number(body, "memoryLimit", 0)
    max_runtime = _number(options, "maxRuntime", 0)
    stream = bool(options.get("stream", False))

    state = service(emu)
    ctx = emu.query_context(request)
    emu.record_aql_query(text, ctx.database, bind_vars)
    use_cache = state.cache_wanted(body.get("cache")) and \
        "x-arango-trx-id" not in request.headers
    if use_cache:
        key = state.cache_key(text, bind_vars)
        state.cache_drop_stale(ctx.database, cache_fingerprint(emu, ctx.database))
        cached = state.results_cache.get(ctx.database, {}).get(key)
        if cached is not None and state.cache_get(
                ctx.database, key, cached["fingerprint"]) is not None:
            ctx.finish(success=True)
            return _first_batch(state, request, ctx.database, cached["result"], batch_size,
                                ttl, body, options, {"warnings": []}, cached=True)
    entry = state.start(ctx.database, request.user or "root", text, bind_vars, stream)
    try:
        result = await run_query_in_slices(
            text, bind_vars, ctx, options, _user_functions(state, ctx.database),
            user=request.user, memory_limit=int(memory_limit),
            stop=lambda: state.stop_reason(entry, max_runtime, request.client_gone))
        try:
            if result.sleep_seconds > 0:
                await state.sleep(entry, result.sleep_seconds, max_runtime)
            else:
                reason = state.stop_reason(entry, max_runtime)
                if reason is not None:
                    raise reason
            _check_memory(result, memory_limit)
        except BaseException:
            ctx.finish(success=False)
            raise
        if use_cache and _cacheable(text, result):
            # every collection the query read: those it names and those named at run time
            named = [c for c in result.collections if not c.startswith("@")]
            sources = named + sorted(ctx.used_collections - set(named))
            state.cache_put(ctx.database, key, text, bind_vars, result.result, sources,
                            cache_fingerprint(emu, ctx.database)(sources),
                            float(result.stats.get("executionTime", 0.0)))
        ctx.finish(success=True)
    finally:
        state.finish(entry)

    if options.get("usePlanCache") and not result.modifies:
        state.use_plan_cache(ctx.database, text, bind_vars, bool(options.get("fullCount")),
                             [c for c in result.collections if not c.startswith("@")])
    extra: dict[str, Any] = {"warnings": result.warnings, "stats": result.stats}
    if not isinstance(options.get("profile"), bool):
        _number(options, "profile", 0)  # a profile of the wrong type is refused (400/10)
    if result.profile is not None:
        extra["profile"] = result.profile
        if "nodes" in result.stats and result.query is not None:
            extra["plan"] = plan(result.query)
    return _first_batch(state, request, ctx.database, result.result, batch_size, ttl, body,
                        options, extra, cached=False)


#: Functions whose results may change between runs: queries using them are not cached.
_VOLATILE = frozenset(("RAND", "RANDOM", "UUID", "DATE_NOW", "SLEEP", "RANDOM_TOKEN",
                       "DOCUMENT", "CURRENT_USER", "FAIL", "WARN", "ASSERT", "CALL", "APPLY",
                       "COLLECTION_COUNT", "V8", "NOOPT"))


def _cacheable(text: str, result: QueryResult) -> bool:
    query = result.query
    if query is None or result.modifies or result.warnings or result.sleep_seconds:
        return False
    if any(f in _VOLATILE or "::" in f for f in query.functions):
        return False
    return "GRAPH" not in text.upper()


def cache_fingerprint(emu: Deployment, database: str) -> Callable[[list[str]], Any]:
    """What must be unchanged for a cached result of ``database`` to stay valid: each of its
    collections' identity, last revision and document count (a write, a truncate or a drop
    and re-create changes it); None once one is gone."""
    def fingerprint(sources: list[str]) -> Any:
        store = emu.store.databases.get(database)
        state = []
        for name in sources:
            collection = store.find(name) if store is not None else None
            if collection is None:
                return None
            state.append((collection.id, collection.revision, len(collection.docs)))
        return tuple(state)

    return fingerprint


def _first_batch(state: AqlService, request: EmuRequest, database: str, results: list[Any],
                 batch_size: int, ttl: float, body: dict[str, Any], options: dict[str, Any],
                 extra: dict[str, Any], *, cached: bool) -> EmuResponse:
    stream = bool(options.get("stream", False))
    cursor = Cursor(
        state.new_id(), request.coordinator, database, results, batch_size, ttl,
        len(results) if body.get("count") and not stream else None, extra,
        bool(options.get("allowRetry", False)), cached=cached,
    )
    batch, has_more = cursor.next_batch()
    if has_more or cursor.allow_retry:
        state.add_cursor(cursor)
    return json_response(201, _body(cursor, batch, has_more, 201, include_id=has_more))


def _next(emu: Deployment, request: EmuRequest, cid: str) -> EmuResponse:
    state = service(emu)
    cursor = state.get_cursor(cid, request.coordinator, request.db_name)
    batch, has_more = cursor.next_batch()
    if not has_more and not cursor.allow_retry:
        state.drop_cursor(cid)
    # the last batch carries neither ``id`` nor ``nextBatchId``, even when it may be re-read
    return json_response(200, _body(cursor, batch, has_more, 200, include_id=has_more))


@router.route("POST", "/_api/cursor")
async def post_cursor(emu: Deployment, request: EmuRequest) -> EmuResponse:
    """Create a cursor."""
    return await create_cursor(emu, request)


@router.route("POST", "/_api/cursor/{cid}")
def post_next(emu: Deployment, request: EmuRequest, cid: str) -> EmuResponse:
    """The next batch."""
    return _next(emu, request, cid)


@router.route("PUT", "/_api/cursor/{cid}")
def put_next(emu: Deployment, request: EmuRequest, cid: str) -> EmuResponse:
    """The next batch (the legacy method)."""
    return _next(emu, request, cid)


@router.route("POST", "/_api/cursor/{cid}/{batch}")
def post_batch(emu: Deployment, request: EmuRequest, cid: str, batch: str) -> EmuResponse:
    """Fetch the batch after the current one, or re-read the current one (``allowRetry``
    only: 400/400 otherwise), as ``RestCursorHandler::showLatestBatch``; any other batch id
    is 404/1600."""
    state = service(emu)
    cursor = state.get_cursor(cid, request.coordinator, request.db_name)
    try:
        wanted = int(batch)
    except ValueError:
        wanted = 0
    if wanted == cursor.batch_id:
        if not cursor.allow_retry:
            raise EmuError(400, "expecting allowRetry option to be true", http_code=400)
        has_more = cursor.last_has_more
        return json_response(
            200, _body(cursor, cursor.last_batch, has_more, 200, include_id=has_more))
    if wanted == cursor.batch_id + 1:
        return _next(emu, request, cid)
    raise EmuError(1600, "batch id not found", http_code=404)


@router.route("DELETE", "/_api/cursor/{cid}")
def delete_cursor(emu: Deployment, request: EmuRequest, cid: str) -> EmuResponse:
    """Dispose of a cursor."""
    state = service(emu)
    state.get_cursor(cid, request.coordinator, request.db_name)
    state.drop_cursor(cid)
    return json_response(202, {"id": cid, "error": False, "code": 202})
