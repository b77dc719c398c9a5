"""The engine's entry points: parse a query, check it against the store, run it."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from arango_anyio.testing._aql import ast, executor, functions
from arango_anyio.testing._aql.context import QueryContext
from arango_anyio.testing._aql.parser import parse
from arango_anyio.testing._aql.runtime import FUNCTIONS, Runtime, check_arity
from arango_anyio.testing._aql.values import normalize_deep
from arango_anyio.testing._protocol.errors import EmuError

functions.load()

#: Tells whether a user function (``NS::NAME``, upper-cased) is registered.
UserFunctions = Callable[[str], bool]


def _function_checker(user_functions: UserFunctions | None) -> Callable[[str, int], str]:
    def check(name: str, count: int) -> str:
        upper = name.upper()
        if "::" in upper:
            if user_functions is None or not user_functions(upper):
                raise EmuError(1582, f"AQL: user function '{upper}()' not found "
                                     "(while parsing)", http_code=404)
            return upper
        spec = FUNCTIONS.get(upper)
        if spec is None:
            raise EmuError(1540, f"AQL: usage of unknown function '{upper}()' "
                                 "(while parsing)")
        check_arity(spec, count)
        return upper

    return check


def parse_query(
    text: str, bind_vars: dict[str, Any] | None = None,
    user_functions: UserFunctions | None = None,
) -> ast.Query:
    """Parse (and with ``bind_vars``, bind-check) ``text``; raises EmuError 1501, 1502, 1540,
    1541, 1551-1553, ..."""
    if not isinstance(text, str) or not text.strip():
        raise EmuError(1502, "query is empty")
    if bind_vars is not None and not isinstance(bind_vars, dict):
        raise EmuError(1550, "AQL: invalid structure of bind parameters (while parsing)")
    return parse(text, bind_vars, _function_checker(user_functions))


@dataclass
class QueryResult:
    """What one run produced."""

    result: list[Any]
    warnings: list[dict[str, Any]]
    stats: dict[str, Any]
    sleep_seconds: float
    full_count: int | None
    modifies: bool
    collections: list[str] = field(default_factory=list)
    query: ast.Query | None = None


def check_collections(query: ast.Query, ctx: QueryContext) -> None:
    """Raise 1203 for the first collection the query names that does not exist."""
    for name in query.collections:
        if name.startswith("@"):
            continue
        try:
            ctx.collection_type(name)
        except EmuError as error:
            if error.error_num != 1203:
                raise
            raise EmuError(1203, f"collection or view not found: {name}",
                           http_code=404) from None


def run_query(
    text: str,
    bind_vars: dict[str, Any] | None,
    ctx: QueryContext,
    options: dict[str, Any] | None = None,
    user_functions: UserFunctions | None = None,
    *,
    finish: bool = True,
    user: str | None = None,
    memory_limit: int = 0,
) -> QueryResult:
    """Parse and run ``text`` against ``ctx``. With ``finish`` (the default) ``ctx.finish`` is
    called once at the end; without it the caller must call it (e.g. after awaiting SLEEP)."""
    options = options or {}
    started = time.perf_counter()
    binds = bind_vars if bind_vars is not None else {}
    success = False
    try:
        query = parse_query(text, binds, user_functions)
        check_collections(query, ctx)
        rt = Runtime(
            ctx,
            binds,
            fail_on_warning=bool(options.get("failOnWarning", False)),
            max_warning_count=int(options.get("maxWarningCount", 10) or 10),
            full_count_wanted=bool(options.get("fullCount", False)),
            user=user,
            memory_limit=max(int(memory_limit), 0),
        )
        result = executor.run_body(query.body, {}, rt)
        success = True
    finally:
        if finish or not success:
            ctx.finish(success=success)
    counters = rt.stats
    stats: dict[str, Any] = {}
    for name in ("writesExecuted", "writesIgnored", "documentLookups", "seeks", "scannedFull",
                 "scannedIndex"):
        stats[name] = counters[name]
    stats["searchParallelism"] = 1
    for name in ("cursorsCreated", "cursorsRearmed", "cacheHits", "cacheMisses", "filtered",
                 "httpRequests"):
        stats[name] = counters[name]
    if rt.full_count_wanted:
        stats["fullCount"] = rt.full_count if rt.full_count is not None else len(result)
    stats["executionTime"] = time.perf_counter() - started
    stats["peakMemoryUsage"] = 0
    stats["intermediateCommits"] = 0
    return QueryResult(normalize_deep(result), rt.warnings, stats, rt.sleep_seconds,
                       stats.get("fullCount"), query.modifies, query.collections, query)
