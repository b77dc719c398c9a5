"""Running synchronous emulator work (an AQL query, a large bulk write) in short time slices.

The engine and the store are synchronous: a query is a deep stack of plain calls. To let the
event loop run while long work executes, the work runs on a worker thread that acts as a
coroutine: it runs only while the event loop thread waits for it, and hands control back at
its checkpoints once its slice (a few milliseconds) is used up. Between slices the event loop
runs the other tasks (other requests, the caller's cancel scopes, timers) for a moment. Only
one side runs at a time, so the store needs no locks: it is single-threaded in effect.

Inside a run, :func:`checkpoint` (called by the AQL executor's row loops and by every
document write) ends the slice when it is used up, and :func:`wait` awaits something on the
event loop (e.g. a collection lock) and continues with its result. Outside a
run (engine work called directly on the event loop) both are no-ops or unavailable.

When the awaiting task is cancelled, or ``stop`` reports a reason between slices, the work is
interrupted at its next checkpoint: :class:`Interrupted` is raised there, so ``finally``
blocks (e.g. undoing a query's writes) run before :meth:`SlicedRun.run` returns. Work that
must not stop half-way (a bulk write outside a transaction: the server finishes it even when
its client goes away) is made with ``interruptible=False``: a cancellation then lets it run to
its end (still in slices), and propagates after.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

import anyio

T = TypeVar("T")

#: How long the work runs before the event loop gets a turn (seconds).
SLICE_SECONDS = 0.004
#: How long the event loop then runs the other tasks (seconds): a request round trip on
#: another connection fits in it, so one slow query does not stall the others.
LOOP_SECONDS = 0.001
#: Idle worker threads kept for the next runs.
_MAX_IDLE_WORKERS = 4

_local = threading.local()


class Interrupted(BaseException):
    """Raised at a checkpoint when the run must stop (the caller was cancelled, or ``stop``
    gave a reason). A BaseException, so that the engine's ``except Exception`` (e.g.
    ``ignoreErrors``) cannot swallow it."""


def checkpoint() -> None:
    """End the current slice if it is used up (no-op outside a sliced run)."""
    run: SlicedRun[Any] | None = getattr(_local, "run", None)
    if run is not None:
        run.checkpoint()


def in_sliced_run() -> bool:
    """True on the worker thread of a sliced run (where :func:`wait` may be called)."""
    return getattr(_local, "run", None) is not None


def wait(awaitable: Callable[[], Awaitable[Any]]) -> Any:
    """From inside a sliced run: await ``awaitable()`` on the event loop and return its
    result (its exception is raised here). RuntimeError outside a run."""
    run: SlicedRun[Any] | None = getattr(_local, "run", None)
    if run is None:
        raise RuntimeError("slices.wait() called outside a sliced run")
    return run.pause(awaitable)


class _Worker:
    """A parked thread that runs one job after another (kept to avoid a thread per query)."""

    _idle: list[_Worker] = []
    _lock = threading.Lock()

    def __init__(self) -> None:
        self._job: Callable[[], None] | None = None
        self._ready = threading.Semaphore(0)
        self._thread = threading.Thread(target=self._loop, name="arango-emulator-slices",
                                        daemon=True)
        self._thread.start()

    @classmethod
    def start(cls, job: Callable[[], None]) -> None:
        """Run ``job`` on an idle worker (or a new one)."""
        with cls._lock:
            worker = cls._idle.pop() if cls._idle else None
        if worker is None:
            worker = cls()
        worker._job = job
        worker._ready.release()

    def _loop(self) -> None:
        while True:
            self._ready.acquire()
            job, self._job = self._job, None
            if job is not None:
                job()
            with self._lock:
                if len(self._idle) >= _MAX_IDLE_WORKERS:
                    return
                self._idle.append(self)


class SlicedRun(Generic[T]):
    """``work()`` run on a worker thread in slices of ``slice_seconds`` (see the module)."""

    def __init__(self, work: Callable[[], T], *, slice_seconds: float = SLICE_SECONDS,
                 interruptible: bool = True) -> None:
        self._work = work
        self._interruptible = interruptible
        self._slice = slice_seconds
        self._slice_end = 0.0
        self._to_worker = threading.Semaphore(0)
        self._to_loop = threading.Semaphore(0)
        self._request: Callable[[], Awaitable[Any]] | None = None
        self._reply: tuple[bool, Any] = (True, None)
        self._interrupt = False
        self._done = False
        self._result: Any = None
        self._error: BaseException | None = None

    # -- the worker's side -------------------------------------------------------------------

    def _main(self) -> None:
        self._to_worker.acquire()
        _local.run = self
        try:
            self._result = self._work()
        except BaseException as error:  # handed to the awaiting task
            self._error = error
        finally:
            _local.run = None
            self._done = True
            self._to_loop.release()

    def checkpoint(self) -> None:
        """Hand control back to the event loop when the slice is used up."""
        if self._interrupt:
            raise Interrupted()
        if time.perf_counter() >= self._slice_end:
            self.pause(None)

    def pause(self, request: Callable[[], Awaitable[Any]] | None) -> Any:
        """Let the event loop run (and await ``request()`` there, if given)."""
        self._request = request
        self._to_loop.release()
        self._to_worker.acquire()
        if self._interrupt:
            raise Interrupted()
        ok, value = self._reply
        self._reply = (True, None)
        if not ok:
            raise value
        return value

    # -- the event loop's side ---------------------------------------------------------------

    def _switch(self) -> None:
        """Let the worker run until it pauses or ends; the event loop thread waits meanwhile
        (for at most about one slice)."""
        self._slice_end = time.perf_counter() + self._slice
        self._to_worker.release()
        self._to_loop.acquire()

    def _stop(self) -> None:
        """Interrupt the work at its current pause and let it unwind."""
        self._interrupt = True
        while not self._done:
            if self._request is not None:  # it waits for the event loop, which will not answer
                self._reply = (False, Interrupted())
            self._switch()

    async def run(self, stop: Callable[[], BaseException | None] | None = None) -> T:
        """Run the work to its end and return its result (or raise its exception).

        Between slices, ``stop()`` may return an exception: the work is interrupted and that
        exception is raised. Cancelling the awaiting task interrupts the work too (or, when it
        is not interruptible, lets it finish in slices first, shielded).
        """
        _Worker.start(self._main)
        try:
            await self._drive(stop)
        finally:
            if not self._done:  # cancelled (or failed) while the work was paused
                if self._interruptible:
                    self._stop()
                else:
                    with anyio.CancelScope(shield=True):
                        await self._drive(None)
        failure = self._error
        if failure is not None:
            self._error = None
            raise failure
        result: T = self._result
        return result

    async def _drive(self, stop: Callable[[], BaseException | None] | None) -> None:
        """Alternate slices of the work with turns of the event loop until the work ends."""
        while True:
            self._switch()
            if self._done:
                return
            reason = stop() if stop is not None else None
            if reason is not None:
                self._stop()
                raise reason
            request = self._request
            if request is None:
                await anyio.sleep(LOOP_SECONDS)
                continue
            try:
                self._reply = (True, await request())
            except Exception as error:
                self._reply = (False, error)
