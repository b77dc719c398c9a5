"""The engine's entry points: parse a query, check it against the store, run it."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from arango_anyio.testing._aql import ast, executor, functions
from arango_anyio.testing._aql.context import QueryContext
from arango_anyio.testing._aql.explain import plan_with_owners
from arango_anyio.testing._aql.parser import parse
from arango_anyio.testing._aql.runtime import FUNCTIONS, Runtime, check_arity
from arango_anyio.testing._aql.values import normalize_deep
from arango_anyio.testing._protocol import slices
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
    try:
        return parse(text, bind_vars, _function_checker(user_functions))
    except RecursionError:
        raise too_much_nesting("parsing") from None


def too_much_nesting(phase: str) -> EmuError:
    """400/1524, the server's answer to expressions or values nested too deeply (the
    emulator's limit, Python's recursion limit, is lower than the server's 500 levels)."""
    return EmuError(1524, f"AQL: too much nesting or too many objects (while {phase})",
                    http_code=400)


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
    #: the seconds each phase took (``options.profile`` 1 and 2), as ``extra.profile``
    profile: dict[str, float] | None = None


#: The finest time the emulator reports for a phase (its phases can be nearly instant).
_RESOLUTION = 1e-6


class _PhaseClock:
    """The seconds each phase of a query run takes, in the server's phase names."""

    def __init__(self) -> None:
        self.phases: dict[str, float] = {}
        self._started = self._last = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.phases[phase] = max(now - self._last, _RESOLUTION)
        self._last = now

    def total(self) -> float:
        return max(self._last - self._started, _RESOLUTION)


def profile_level(options: dict[str, Any]) -> int:
    """``options.profile`` as a level: 0 none, 1 phase times, 2 also node statistics."""
    value = options.get("profile", 0)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 1 if value is True else 0
    return int(value)


def node_stats(query: ast.Query, trace: list[executor.OpTrace]) -> list[dict[str, Any]]:
    """``stats.nodes`` for profile 2: per plan node its calls, items, filtered rows and time
    (a node computing an operation's input has the operation's input rows)."""
    _, owners = plan_with_owners(query)
    runs = {index: (rows_in, rows_out, seconds) for index, rows_in, rows_out, seconds in trace}
    out: list[dict[str, Any]] = []
    for node_id, owner in enumerate(owners, start=1):
        last = node_id == len(owners) or owners[node_id] != owner
        if owner is None:
            items, filtered, seconds = 1, 0, _RESOLUTION
        elif owner in runs:
            rows_in, rows_out, seconds = runs[owner]
            items = rows_out if last else rows_in
            filtered = rows_in - rows_out if last and isinstance(query.body[owner],
                                                                  ast.Filter) else 0
        else:  # not reached (after the RETURN of a modification, say)
            items, filtered, seconds = 0, 0, 0.0
        runtime = max(seconds if last else seconds / 10, _RESOLUTION)
        out.append({"id": node_id, "calls": 1 if owner is None or owner in runs else 0,
                    "parallel": 0, "items": items, "filtered": filtered, "runtime": runtime,
                    "fetching": runtime / 10})
    return out


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
    clock = _PhaseClock()
    binds = bind_vars if bind_vars is not None else {}
    level = profile_level(options)
    trace: list[executor.OpTrace] | None = [] if level >= 2 else None
    success = False
    try:
        clock.lap("initializing")
        query = parse_query(text, binds, user_functions)
        clock.lap("parsing")
        clock.lap("optimizing ast")
        check_collections(query, ctx)
        clock.lap("loading collections")
        rt = Runtime(
            ctx,
            binds,
            fail_on_warning=bool(options.get("failOnWarning", False)),
            max_warning_count=int(options.get("maxWarningCount", 10) or 10),
            full_count_wanted=bool(options.get("fullCount", False)),
            user=user,
            memory_limit=max(int(memory_limit), 0),
        )
        clock.lap("instantiating plan")
        clock.lap("optimizing plan")
        clock.lap("instantiating executors")
        try:
            result = executor.run_body(query.body, {}, rt, trace)
        except RecursionError:
            raise too_much_nesting("executing") from None
        clock.lap("executing")
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
    values = normalize_deep(result)
    clock.lap("finalizing")
    stats["executionTime"] = clock.total()
    stats["peakMemoryUsage"] = 0
    stats["intermediateCommits"] = 0
    if trace is not None:
        stats["nodes"] = node_stats(query, trace)
    return QueryResult(values, rt.warnings, stats, rt.sleep_seconds, stats.get("fullCount"),
                       query.modifies, query.collections, query,
                       clock.phases if level >= 1 else None)


async def run_query_in_slices(
    text: str,
    bind_vars: dict[str, Any] | None,
    ctx: QueryContext,
    options: dict[str, Any] | None = None,
    user_functions: UserFunctions | None = None,
    *,
    user: str | None = None,
    memory_limit: int = 0,
    stop: Callable[[], BaseException | None] | None = None,
) -> QueryResult:
    """:func:`run_query` (with ``finish=False``: the caller calls ``ctx.finish``) in short
    time slices, so the event loop keeps running while the query executes.

    Between slices ``stop()`` may give a reason to end the query (killed, ``maxRuntime``
    over): its writes are undone and that exception is raised. Cancelling the awaiting task
    ends the query the same way (the writes are undone, the cancellation propagates).
    """
    run = slices.SlicedRun(lambda: run_query(text, bind_vars, ctx, options, user_functions,
                                             finish=False, user=user,
                                             memory_limit=memory_limit))
    return await run.run(stop)
