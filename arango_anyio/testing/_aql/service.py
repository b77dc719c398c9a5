"""Server-side AQL state of one emulator: cursors (per coordinator), running and slow queries,
query tracking properties, the results-cache properties and AQL user functions.

The state hangs off the emulator as ``emu._aql_service`` (created lazily by :func:`service`),
so the rest of the emulator needs no changes. Tests and the fault injector use the module
functions :func:`open_cursors` and :func:`emu_expire_cursors`.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import anyio

from arango_anyio.testing._protocol.errors import EmuError


@dataclass
class Cursor:
    """A server-side cursor: the full result, the read position and the last batch."""

    id: str
    coordinator: str
    database: str
    results: list[Any]
    batch_size: int
    ttl: float
    count: int | None
    extra: dict[str, Any]
    allow_retry: bool
    cached: bool = False
    expires: float = 0.0
    position: int = 0
    batch_id: int = 0
    last_batch: list[Any] = field(default_factory=list)
    last_has_more: bool = False

    def touch(self) -> None:
        """Restart the idle timer (every access does)."""
        self.expires = time.monotonic() + self.ttl

    def next_batch(self) -> tuple[list[Any], bool]:
        """Advance: the next batch and whether more follow."""
        batch = self.results[self.position:self.position + self.batch_size]
        self.position += len(batch)
        self.batch_id += 1
        self.last_batch = batch
        self.last_has_more = self.position < len(self.results)
        return batch, self.last_has_more


@dataclass
class RunningQuery:
    """A query being executed (listed by ``/_api/query/current``; killable)."""

    id: str
    database: str
    user: str
    query: str
    bind_vars: dict[str, Any]
    stream: bool
    started: float = field(default_factory=time.time)
    killed: anyio.Event = field(default_factory=anyio.Event)

    def describe(self, state: str = "executing") -> dict[str, Any]:
        """The entry as ``/_api/query/current`` shows it."""
        return {
            "id": self.id,
            "database": self.database,
            "user": self.user,
            "query": self.query,
            "bindVars": self.bind_vars,
            "started": datetime.fromtimestamp(self.started, timezone.utc)
            .strftime("%Y-%m-%dT%H:%M:%SZ"),
            "runTime": round(time.time() - self.started, 6),
            "peakMemoryUsage": 0,
            "state": state,
            "stream": self.stream,
        }


class AqlService:
    """All AQL server state of one emulator."""

    def __init__(self) -> None:
        self._ids = itertools.count(70001)
        self.cursors: dict[str, Cursor] = {}
        self.running: dict[str, RunningQuery] = {}
        self.slow: dict[str, list[dict[str, Any]]] = {}
        self.properties: dict[str, dict[str, Any]] = {}
        self.cache_properties: dict[str, Any] = {
            "mode": "off", "maxResults": 128, "maxResultsSize": 268435456,
            "maxEntrySize": 16777216, "includeSystem": False,
        }
        #: database -> upper-cased name -> {"name", "code", "isDeterministic"}
        self.functions: dict[str, dict[str, dict[str, Any]]] = {}
        #: database -> results cache key -> entry (``/_api/query-cache``)
        self.results_cache: dict[str, dict[str, dict[str, Any]]] = {}
        #: database -> plan cache key -> entry (``/_api/query-plan-cache``)
        self.plan_cache: dict[str, dict[str, dict[str, Any]]] = {}

    def new_id(self) -> str:
        """A fresh server-wide id (cursors and queries share the sequence, like the server)."""
        return str(next(self._ids))

    # ------------------------------------------------------------------ cursors

    def expire(self) -> None:
        """Drop cursors whose ttl ran out (checked lazily on every cursor request)."""
        now = time.monotonic()
        for cid in [cid for cid, c in self.cursors.items() if c.expires <= now]:
            del self.cursors[cid]

    def add_cursor(self, cursor: Cursor) -> None:
        """Register ``cursor`` (it lives on ``cursor.coordinator``)."""
        cursor.touch()
        self.cursors[cursor.id] = cursor

    def get_cursor(self, cid: str, coordinator: str, database: str) -> Cursor:
        """The cursor ``cid`` as seen from ``coordinator``; 404/1600 if unknown there."""
        self.expire()
        cursor = self.cursors.get(cid)
        if cursor is None or cursor.coordinator != coordinator or cursor.database != database:
            raise EmuError(1600, "cursor not found", http_code=404)
        cursor.touch()
        return cursor

    def drop_cursor(self, cid: str) -> None:
        """Forget cursor ``cid``."""
        self.cursors.pop(cid, None)

    # ------------------------------------------------------------------ queries

    def tracking(self, database: str) -> dict[str, Any]:
        """The ``/_api/query/properties`` of ``database``."""
        return self.properties.setdefault(database, {
            "enabled": True, "trackSlowQueries": True, "trackBindVars": True,
            "maxSlowQueries": 64, "slowQueryThreshold": 10, "slowStreamingQueryThreshold": 10,
            "maxQueryStringLength": 4096,
        })

    def start(self, database: str, user: str, query: str, bind_vars: dict[str, Any],
              stream: bool) -> RunningQuery:
        """Register a running query."""
        props = self.tracking(database)
        entry = RunningQuery(self.new_id(), database, user,
                             query[:int(props["maxQueryStringLength"])],
                             dict(bind_vars) if props["trackBindVars"] else {}, stream)
        if props["enabled"]:
            self.running[entry.id] = entry
        return entry

    def finish(self, entry: RunningQuery) -> None:
        """Unregister ``entry``; remember it as slow if it ran over the threshold."""
        self.running.pop(entry.id, None)
        props = self.tracking(entry.database)
        runtime = time.time() - entry.started
        threshold = props["slowStreamingQueryThreshold" if entry.stream else "slowQueryThreshold"]
        if props["enabled"] and props["trackSlowQueries"] and runtime >= float(threshold):
            slow = self.slow.setdefault(entry.database, [])
            slow.append(entry.describe("finished"))
            del slow[:-int(props["maxSlowQueries"]) or None]

    def kill(self, database: str, qid: str) -> None:
        """Kill running query ``qid``; 404/1591 if there is none."""
        entry = self.running.get(qid)
        if entry is None or entry.database != database:
            raise EmuError(1591, "query ID not found", http_code=404)
        entry.killed.set()

    @staticmethod
    def stop_reason(entry: RunningQuery, max_runtime: float,
                    client_gone: Callable[[], bool] | None = None) -> EmuError | None:
        """Why ``entry`` must stop now: killed, over its ``maxRuntime``, or its client hung
        up (all 410/1500 "query killed", as the server answers); None while it may go on."""
        if entry.killed.is_set() or (
                max_runtime > 0 and time.time() - entry.started > max_runtime) or (
                client_gone is not None and client_gone()):
            return EmuError(1500, "query killed", http_code=410)
        return None

    async def sleep(self, entry: RunningQuery, seconds: float, max_runtime: float) -> None:
        """Await a query's SLEEP total; 1500 when killed or when ``max_runtime`` runs out."""
        timed_out = False
        if max_runtime > 0:
            remaining = max_runtime - (time.time() - entry.started)
            if seconds > remaining:
                seconds = max(remaining, 0.0)
                timed_out = True
        with anyio.move_on_after(seconds):
            await entry.killed.wait()
        if entry.killed.is_set() or timed_out:
            raise EmuError(1500, "query killed", http_code=410)

    # ------------------------------------------------------------------ results cache

    def cache_wanted(self, requested: Any) -> bool:
        """Whether a query asks to use the results cache (mode ``on`` unless ``cache`` is
        false; mode ``demand`` only with ``cache: true``)."""
        mode = self.cache_properties["mode"]
        return (mode == "on" and requested is not False) or (mode == "demand"
                                                              and requested is True)

    @staticmethod
    def cache_key(query: str, bind_vars: dict[str, Any]) -> str:
        """The results cache key of a query and its bind parameters."""
        import hashlib
        import json

        text = json.dumps([query, bind_vars], sort_keys=True, default=str)
        return str(int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big") >> 1)

    def cache_drop_stale(self, database: str, fingerprint: Callable[[list[str]], Any]) -> None:
        """Invalidate the cached results whose collections changed since (``fingerprint``
        gives their current state: a write, a truncate or a drop changes it), as the server
        invalidates them on every change."""
        entries = self.results_cache.get(database, {})
        for key in [key for key, entry in entries.items()
                    if entry["fingerprint"] != fingerprint(entry["dataSources"])]:
            del entries[key]

    def cache_get(self, database: str, key: str, fingerprint: Any) -> dict[str, Any] | None:
        """A still valid cached result (its collections unchanged since), counting the hit."""
        entry = self.results_cache.get(database, {}).get(key)
        if entry is None or entry["fingerprint"] != fingerprint:
            return None
        entry["hits"] += 1
        return entry

    def cache_put(self, database: str, key: str, query: str, bind_vars: dict[str, Any],
                  result: list[Any], sources: list[str], fingerprint: Any,
                  run_time: float) -> None:
        """Remember a query's result (oldest entries go beyond ``maxResults``)."""
        cache = self.results_cache.setdefault(database, {})
        cache.pop(key, None)
        cache[key] = {
            "hash": key, "query": query, "bindVars": bind_vars, "size": len(repr(result)),
            "results": len(result), "hits": 0, "runTime": run_time,
            "started": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "dataSources": sources, "result": result, "fingerprint": fingerprint,
        }
        while len(cache) > int(self.cache_properties["maxResults"]):
            del cache[next(iter(cache))]

    # ------------------------------------------------------------------ plan cache

    def use_plan_cache(self, database: str, query: str, bind_vars: dict[str, Any],
                       full_count: bool, data_sources: list[str]) -> str:
        """Record a query run with ``usePlanCache``; returns the entry's key."""
        import hashlib

        binds = {k: v for k, v in bind_vars.items() if k.startswith("@")}
        digest = hashlib.sha256(repr((query, sorted(binds.items()), full_count)).encode())
        key = str(int.from_bytes(digest.digest()[:8], "big") >> 1)
        cache = self.plan_cache.setdefault(database, {})
        entry = cache.get(key)
        if entry is None:
            cache[key] = {
                "hash": key, "query": query,
                "queryHash": int.from_bytes(hashlib.sha256(query.encode()).digest()[:7], "big"),
                "bindVars": binds, "fullCount": full_count, "dataSources": data_sources,
                "created": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "hits": 0, "memoryUsage": 2048 + 2 * len(query),
            }
        else:
            entry["hits"] += 1
        return key

    def forget_database(self, database: str) -> None:
        """Drop everything kept for ``database`` (call when the database is dropped)."""
        for table in (self.functions, self.plan_cache, self.slow, self.properties,
                      self.results_cache):
            table.pop(database, None)
        for cid in [cid for cid, c in self.cursors.items() if c.database == database]:
            del self.cursors[cid]

    # ------------------------------------------------------------------ user functions

    def user_functions(self, database: str) -> dict[str, dict[str, Any]]:
        """The AQL user functions of ``database`` (upper-cased name -> definition)."""
        return self.functions.setdefault(database, {})


def service(emu: object) -> AqlService:
    """The emulator's AQL state, created on first use."""
    state = getattr(emu, "_aql_service", None)
    if state is None:
        state = AqlService()
        setattr(emu, "_aql_service", state)  # noqa: B010
        faults = getattr(emu, "faults", None)
        register = getattr(faults, "add_cursor_expirer", None)
        if callable(register):  # the fault injector's "expire cursors now"
            register(state.cursors.clear)
    assert isinstance(state, AqlService)
    return state


def open_cursors(emu: object, coordinator: str | None = None) -> list[str]:
    """Ids of the cursors alive on ``coordinator`` (all coordinators when None)."""
    state = service(emu)
    state.expire()
    return [cid for cid, c in state.cursors.items()
            if coordinator is None or c.coordinator == coordinator]


def emu_expire_cursors(emu: object, coordinator: str | None = None) -> int:
    """Expire cursors now (on ``coordinator``, or everywhere); returns how many were dropped."""
    state = service(emu)
    doomed = [cid for cid, c in state.cursors.items()
              if coordinator is None or c.coordinator == coordinator]
    for cid in doomed:
        del state.cursors[cid]
    return len(doomed)
