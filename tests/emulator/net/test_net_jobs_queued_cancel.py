"""``PUT /_api/job/{id}/cancel`` for a job that has not started yet: it never runs, and its
stored answer is the server's 410 / 21 (request canceled)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, cast

import pytest
from anyio.abc import TaskGroup

from arango_anyio import _serde
from arango_anyio.testing._protocol.messages import EmuRequest, EmuResponse
from arango_anyio.testing._server.jobs import JobStore

pytestmark = pytest.mark.anyio


class _HeldTaskGroup:
    """Stands in for the job task group: keeps the started jobs queued until released."""

    def __init__(self) -> None:
        self.queued: list[tuple[Callable[..., Awaitable[Any]], tuple[Any, ...]]] = []

    def start_soon(self, func: Callable[..., Awaitable[Any]], *args: Any) -> None:
        self.queued.append((func, args))

    async def release(self) -> None:
        for func, args in self.queued:
            await func(*args)
        self.queued.clear()


async def _submit(store: JobStore, ran: list[str]) -> str:
    async def run(request: EmuRequest) -> EmuResponse:
        ran.append(request.path)
        return EmuResponse(200, b'{"ok":true}', {"content-type": "application/json"})

    request = EmuRequest("POST", "/_test/counter", headers={"x-arango-async": "store"})
    answer = await store.submit(request, run)
    assert answer.status == 202
    return answer.headers["x-arango-async-id"]


async def test_cancelled_queued_job_never_runs_and_answers_410() -> None:
    store = JobStore()
    group = _HeldTaskGroup()
    store._task_groups.append(cast(TaskGroup, group))  # a stand-in, duck-typed
    ran: list[str] = []
    job_id = await _submit(store, ran)
    assert store.ids("c0", done=False) == [job_id]
    assert store.cancel("c0", job_id) is True
    await group.release()
    assert ran == []  # never ran
    assert store.ids("c0", done=True) == [job_id]
    job = store.fetch("c0", job_id)
    assert job is not None and job.response is not None
    assert job.response.status == 410
    body = _serde.loads(job.response.body)
    assert body["errorNum"] == 21 and body["code"] == 410 and body["error"] is True


async def test_queued_job_not_cancelled_still_runs() -> None:
    store = JobStore()
    group = _HeldTaskGroup()
    store._task_groups.append(cast(TaskGroup, group))  # a stand-in, duck-typed
    ran: list[str] = []
    job_id = await _submit(store, ran)
    await group.release()
    assert ran == ["/_test/counter"]
    job = store.fetch("c0", job_id)
    assert job is not None and job.response is not None and job.response.status == 200


async def test_cancel_of_a_done_job_keeps_its_answer() -> None:
    store = JobStore()
    ran: list[str] = []
    job_id = await _submit(store, ran)  # no task group: done before the 202
    assert store.cancel("c0", job_id) is True
    job = store.fetch("c0", job_id)
    assert job is not None and job.response is not None and job.response.status == 200
    assert ran == ["/_test/counter"]
