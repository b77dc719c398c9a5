"""Async jobs (``x-arango-async: true|store``): accept with 202, run, keep the stored answers.

Jobs live on the coordinator that accepted them. They run in the background while a task group
is provided (``async with emu:``, or :func:`~arango_anyio.testing.serve`); otherwise they run to
the end before the 202 is sent, so they are "done" by the time the client asks.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from types import TracebackType
from typing import TypeVar

import anyio
from anyio.abc import TaskGroup

from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import EmuRequest, EmuResponse, error_response

logger = logging.getLogger("arango_anyio.testing")

Run = Callable[[EmuRequest], Awaitable[EmuResponse]]

#: How long the 202 of a background job waits for the job to finish (quick jobs are done by
#: then, as on the server).
QUICK_JOB_SECONDS = 0.005

#: The most job ids listed by ``GET /_api/job/pending|done`` without ``count``.
DEFAULT_LIST_COUNT = 100


class Job:
    """One stored job: pending until ``response`` is set."""

    __slots__ = ("cancelled", "coordinator", "id", "response", "scope", "stamp")

    def __init__(self, job_id: str, coordinator: str) -> None:
        self.id = job_id
        self.coordinator = coordinator
        self.response: EmuResponse | None = None
        self.scope: anyio.CancelScope | None = None
        #: Cancelled before it started: it never runs.
        self.cancelled = False
        self.stamp = time.time()

    @property
    def done(self) -> bool:
        """True once the job's answer is stored."""
        return self.response is not None


async def _answer(run: Run, request: EmuRequest) -> EmuResponse:
    """Run ``request`` as the emulator would, turning errors into error answers."""
    try:
        return await run(request)
    except EmuError as error:
        return error_response(error)
    except Exception:  # a bug in a handler: answer like the server's internal error
        logger.exception("emulator async job failed for %s %s", request.method, request.path)
        return error_response(EmuError(4, http_code=500))


class JobStore:
    """Stored results of async jobs, per coordinator."""

    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._ids = itertools.count(1001)
        self._task_groups: list[TaskGroup] = []

    def __repr__(self) -> str:
        pending = sum(1 for job in self._jobs.values() if not job.done)
        return f"<JobStore jobs={len(self._jobs)} pending={pending}>"

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Run jobs in the background inside this block; leaving it cancels unfinished ones."""
        async with anyio.create_task_group() as tg:
            self._task_groups.append(tg)
            try:
                yield
            finally:
                self._task_groups.remove(tg)
                tg.cancel_scope.cancel()

    async def submit(self, request: EmuRequest, run: Run) -> EmuResponse:
        """Accept ``request`` as a job (202, plus ``x-arango-async-id`` when stored)."""
        mode = request.headers.get("x-arango-async", "").strip().lower()
        if mode not in ("true", "store"):
            return await run(request)
        headers = {"content-type": "text/plain"}
        job: Job | None = None
        if mode == "store":
            job = Job(str(next(self._ids)), request.coordinator)
            self._jobs[job.id] = job
            headers["x-arango-async-id"] = job.id
        if self._task_groups:
            finished = anyio.Event()

            async def execute() -> None:
                try:
                    await self._execute(job, request, run)
                finally:
                    finished.set()

            self._task_groups[-1].start_soon(execute)
            # the server's worker threads start a job at once: a quick one (a version request)
            # is done before the client's next request (recorded: not listed as pending)
            with anyio.move_on_after(QUICK_JOB_SECONDS):
                await finished.wait()
        else:
            await self._execute(job, request, run)
        return EmuResponse(202, b"", headers)

    async def _execute(self, job: Job | None, request: EmuRequest, run: Run) -> None:
        if job is not None and job.cancelled:
            return  # cancelled while queued: its 410 answer is already stored
        try:
            with anyio.CancelScope() as scope:
                if job is not None:
                    job.scope = scope
                response = await _answer(run, request)
                if job is not None:
                    job.response = response
                    job.stamp = time.time()
        finally:
            if job is not None:
                job.scope = None
                if job.response is None:  # cancelled (by the client or on shutdown)
                    job.response = error_response(EmuError(21, http_code=410))
                    job.stamp = time.time()

    # the /_api/job endpoints -------------------------------------------------------------
    def get(self, coordinator: str, job_id: str) -> Job | None:
        """The job ``job_id`` if it lives on ``coordinator``."""
        job = self._jobs.get(job_id)
        return job if job is not None and job.coordinator == coordinator else None

    def ids(self, coordinator: str, *, done: bool, count: int = DEFAULT_LIST_COUNT) -> list[str]:
        """Ids of the done (or pending) jobs on ``coordinator``, at most ``count``."""
        found = [job.id for job in self._jobs.values()
                 if job.coordinator == coordinator and job.done == done]
        return found[:max(count, 0)]

    def fetch(self, coordinator: str, job_id: str) -> Job | None:
        """The job; a done job is removed (its answer is handed out once)."""
        job = self.get(coordinator, job_id)
        if job is not None and job.done:
            del self._jobs[job_id]
        return job

    def cancel(self, coordinator: str, job_id: str) -> bool:
        """Cancel a pending job (a done one is left as it is); False when unknown."""
        job = self.get(coordinator, job_id)
        if job is None:
            return False
        if job.scope is not None:
            job.scope.cancel()
        elif not job.done:  # still queued: it never runs, its answer is the 410
            job.cancelled = True
            job.response = error_response(EmuError(21, http_code=410))
            job.stamp = time.time()
        return True

    def delete(self, coordinator: str, job_id: str) -> bool:
        """Forget a job's result (a running job keeps running); False when unknown."""
        if self.get(coordinator, job_id) is None:
            return False
        del self._jobs[job_id]
        return True

    def delete_all(self, coordinator: str, before: float | None = None) -> int:
        """Forget the results of all jobs on ``coordinator`` (with a stamp < ``before``)."""
        doomed = [job.id for job in self._jobs.values() if job.coordinator == coordinator
                  and (before is None or job.stamp < before)]
        for job_id in doomed:
            del self._jobs[job_id]
        return len(doomed)


_B = TypeVar("_B", bound="BackgroundJobs")


class BackgroundJobs:
    """Mixin for the deployment: ``async with emu:`` runs stored async jobs in the
    background (a task group); without it they finish before the 202 is sent."""

    jobs: JobStore
    _job_contexts: list[AbstractAsyncContextManager[None]]

    async def __aenter__(self: _B) -> _B:
        if "_job_contexts" not in self.__dict__:
            self._job_contexts = []
        context = self.jobs.running()
        await context.__aenter__()
        self._job_contexts.append(context)
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> bool | None:
        context = self._job_contexts.pop()
        return await context.__aexit__(exc_type, exc, tb)
