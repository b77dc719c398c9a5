"""The client's task group: every piece of background work runs here and nowhere else.

``async with ArangoClient(...)`` opens it on entry and closes it on exit, so it lives exactly
as long as the client. Two kinds of work run in it:

* **services** -- health probes of cooled-down hosts, the periodic host-list refresh, JWT
  renewal, closing idle connections. They run until they are done or the client closes, which
  cancels them.
* **bounded work** -- clean-ups after a cancelled call (read the answer, delete the cursor or
  abort the transaction). They run shielded, so the client's closing doesn't cut them off
  halfway, but never longer than their bound (:data:`CLEANUP_TIMEOUT`).

Closing (:meth:`Background.shutdown`, then :meth:`Background.close`) refuses new work, cancels
the services, waits for the bounded work (bounded), and leaves the task group. A task never
outlives the client. Background work never raises into the task group: a failure is logged.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Awaitable, Callable

import anyio
from anyio.abc import TaskGroup

from arango_anyio._connection.statistics import BackgroundStatistics
from arango_anyio._transport.deadline import CALL_DEADLINE
from arango_anyio._transport.handoff import HANDOFF

logger = logging.getLogger("arango_anyio")

#: Seconds a clean-up (or a request whose caller is gone) may still take.
CLEANUP_TIMEOUT = 5.0

# Kinds of background work (the names statistics() and the log use).
CLEANUP = "cleanup"
PROBE = "health_probe"
RENEWAL = "jwt_renewal"
REFRESH = "host_refresh"
SWEEP = "idle_sweep"

#: Background work; one that returns False is counted as failed.
Work = Callable[[], Awaitable[object]]


class Background:
    """The client's task group and the work running in it."""

    def __init__(self) -> None:
        self._group: TaskGroup | None = None
        self._closing = False
        self._services: set[anyio.CancelScope] = set()
        self._bounded: set[anyio.CancelScope] = set()
        self._drained: anyio.Event | None = None
        self._running: Counter[str] = Counter()
        self._finished: Counter[str] = Counter()
        self._failed: Counter[str] = Counter()

    async def open(self) -> None:
        """Open the task group (in ``ArangoClient.__aenter__``; the same task must call
        :meth:`close`)."""
        group = anyio.create_task_group()
        await group.__aenter__()
        self._group = group

    def start_service(self, kind: str, work: Work) -> bool:
        """Run ``work`` until it ends or the client closes. False if the client is closing."""
        group = self._group
        if group is None or self._closing:
            return False
        self._running[kind] += 1
        group.start_soon(self._run_service, kind, work)
        return True

    def start_bounded(self, kind: str, work: Work, *,
                      bound: float | None) -> anyio.CancelScope | None:
        """Run ``work`` shielded, for at most ``bound`` seconds (None: until the client closes,
        then :data:`CLEANUP_TIMEOUT` more). Returns its scope, or None if the client is
        closing."""
        group = self._group
        if group is None or self._closing:
            return None
        deadline = math.inf if bound is None else anyio.current_time() + bound
        scope = anyio.CancelScope(shield=True, deadline=deadline)
        self._running[kind] += 1
        self._bounded.add(scope)
        group.start_soon(self._run_bounded, kind, work, scope)
        return scope

    async def _run_service(self, kind: str, work: Work) -> None:
        _isolate()
        with anyio.CancelScope() as scope:
            self._services.add(scope)
            try:
                await self._perform(kind, work)
            finally:
                self._services.discard(scope)
                self._done(kind)

    async def _run_bounded(self, kind: str, work: Work, scope: anyio.CancelScope) -> None:
        _isolate()
        try:
            with scope:
                await self._perform(kind, work)
            if scope.cancelled_caught:
                self._failed[kind] += 1
        finally:
            self._bounded.discard(scope)
            self._done(kind)
            if not self._bounded and self._drained is not None:
                self._drained.set()

    async def _perform(self, kind: str, work: Work) -> None:
        """Run ``work``, counting it failed when it returns False or raises (logged)."""
        try:
            if await work() is False:
                self._failed[kind] += 1
        except Exception:
            self._failed[kind] += 1
            logger.warning("background %s failed", kind, exc_info=True)

    def _done(self, kind: str) -> None:
        self._running[kind] -= 1
        self._finished[kind] += 1

    async def shutdown(self) -> None:
        """Refuse new work, cancel the services, and wait until the bounded work is done (at
        most :data:`CLEANUP_TIMEOUT`, also while being cancelled)."""
        self._closing = True
        for scope in self._services:
            scope.cancel()
        if not self._bounded:
            return
        limit = anyio.current_time() + CLEANUP_TIMEOUT
        for scope in self._bounded:
            scope.deadline = min(scope.deadline, limit)
        self._drained = anyio.Event()
        with anyio.CancelScope(shield=True, deadline=limit + 1.0):
            await self._drained.wait()

    async def close(self) -> None:
        """Leave the task group: what still runs is cancelled (bounded work finishes within
        its bound). Call it from the task that called :meth:`open`."""
        group, self._group = self._group, None
        self._closing = True
        if group is None:
            return
        group.cancel_scope.cancel()
        await group.__aexit__(None, None, None)

    def statistics(self) -> BackgroundStatistics:
        """The background tasks running now, by kind, and the clean-ups so far."""
        running = self._running
        return BackgroundStatistics(
            running=sum(running.values()),
            cleanups=running[CLEANUP],
            health_probes=running[PROBE],
            jwt_renewals=running[RENEWAL],
            host_refreshes=running[REFRESH],
            idle_sweeps=running[SWEEP],
            cleanups_done=self._finished[CLEANUP] - self._failed[CLEANUP],
            cleanups_failed=self._failed[CLEANUP],
        )


def _isolate() -> None:
    """A background task starts with a copy of its spawner's context: drop the spawning
    call's deadline and handoff, which are not this task's."""
    CALL_DEADLINE.set(None)
    HANDOFF.set(None)
