"""The extended API groups run under every executor: as async jobs, and with overload
control (their methods are written once, like the core ones)."""

from __future__ import annotations

from typing import Any

import pytest

from arango_anyio import StandardDatabase
from arango_anyio.job import AsyncJob

pytestmark = pytest.mark.anyio


async def test_as_async_jobs(db: StandardDatabase) -> None:
    await db.create_view("v", "arangosearch")
    adb: Any = db.begin_async_execution()
    views_job = await adb.views()
    services_job = await adb.foxx.services()
    analyzer_job = await adb.create_analyzer("a", "identity")
    for job in (views_job, services_job, analyzer_job):
        assert isinstance(job, AsyncJob)
    assert [v["name"] for v in await views_job.wait(poll_interval=0.01)] == ["v"]
    assert await services_job.wait(poll_interval=0.01) == []
    assert (await analyzer_job.wait(poll_interval=0.01))["name"] == f"{db.name}::a"


async def test_with_overload_control(db: StandardDatabase) -> None:
    controlled = db.begin_controlled_execution(max_queue_time_seconds=5)
    created = await controlled.create_arangosearch_view("w")
    assert created["name"] == "w"
    assert (await controlled.wal.last_tick())["tick"]
    assert controlled.last_queue_time >= 0
