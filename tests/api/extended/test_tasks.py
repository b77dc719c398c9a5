"""Server tasks (deprecated, removed in ArangoDB 4.0): the emulator stores them, never runs
them; the requests match the recorded 3.12 exchanges."""

from __future__ import annotations

import pytest

from arango_anyio import StandardDatabase
from arango_anyio.exceptions import TaskCreateError, TaskDeleteError, TaskGetError
from tests.api.admin.replay import recorded, replay_db

pytestmark = pytest.mark.anyio

COMMAND = "(function(params) { require('@arangodb').print(params); })(params)"


async def test_task_lifecycle(sys_db: StandardDatabase) -> None:
    before = {t["id"] for t in await sys_db.tasks()}
    timed = await sys_db.create_task("once", "return 1;", params={"a": 1}, offset=60)
    assert timed["name"] == "once" and timed["type"] == "timed"
    assert timed["database"] == "_system" and "error" not in timed
    periodic = await sys_db.create_task("tick", "return 2;", period=30, task_id="tick-id")
    assert periodic["id"] == "tick-id" and periodic["type"] == "periodic"
    assert periodic["period"] == 30

    assert {t["id"] for t in await sys_db.tasks()} - before == {timed["id"], "tick-id"}
    assert (await sys_db.task("tick-id"))["name"] == "tick"

    with pytest.raises(TaskCreateError) as taken:
        await sys_db.create_task("again", "return 3;", period=5, task_id="tick-id")
    assert (taken.value.http_code, taken.value.error_code) == (409, 1851)

    assert await sys_db.delete_task("tick-id") is True
    assert await sys_db.delete_task(timed["id"]) is True
    assert await sys_db.delete_task("tick-id", ignore_missing=True) is False
    with pytest.raises(TaskDeleteError) as gone:
        await sys_db.delete_task("tick-id")
    assert (gone.value.http_code, gone.value.error_code) == (404, 1852)
    with pytest.raises(TaskGetError):
        await sys_db.task("tick-id")


async def test_create_task_refused_without_command(sys_db: StandardDatabase) -> None:
    with pytest.raises(TaskCreateError) as bad:
        await sys_db.create_task("empty", "")
    assert bad.value.http_code == 400


async def test_recorded_list_create_delete() -> None:
    async with replay_db(recorded("RestTasksListAll_single"),
                         recorded("RestTasksCreate_single"),
                         recorded("RestTasksDelete_single")) as (db, _):
        assert await db.tasks() == []
        created = await db.create_task("SampleTask", COMMAND,
                                       params={"foo": "bar", "bar": "foo"}, period=2)
        assert created["id"] == "74621" and created["type"] == "periodic"
        assert await db.delete_task("SampleTask") is True


async def test_recorded_create_with_id() -> None:
    # The recording's body carries "id": "SampleTask" while its URL names sampleTask (the
    # server takes the URL's); create_task sends the id it is given in both places.
    exchange = recorded("RestTasksPutWithId_single", request_body={
        "id": "sampleTask", "name": "SampleTask", "command": COMMAND,
        "params": {"foo": "bar", "bar": "foo"}, "period": 2})
    async with replay_db(exchange) as (db, _):
        created = await db.create_task("SampleTask", COMMAND,
                                       params={"foo": "bar", "bar": "foo"}, period=2,
                                       task_id="sampleTask")
    assert created["id"] == "sampleTask" and "code" not in created
