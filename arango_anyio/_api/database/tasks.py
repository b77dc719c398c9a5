"""Server tasks (``/_api/tasks``): JavaScript the server runs once or periodically."""

from __future__ import annotations

from arango_anyio._api.group import ApiGroup, Json, without_envelope
from arango_anyio._connection.url import segment
from arango_anyio.errno import TASK_NOT_FOUND
from arango_anyio.exceptions import TaskCreateError, TaskDeleteError, TaskGetError, TaskListError
from arango_anyio.request import Request


class TasksMixin(ApiGroup):
    """Server tasks."""

    async def tasks(self) -> list[Json]:
        """Every active server task. ``GET /_api/tasks``.

        .. warning:: Server tasks are no longer available in ArangoDB 4.0.

        :raise TaskListError: the server refused.
        """
        request = Request("GET", "/_api/tasks")
        return await self._call(request, TaskListError, lambda r: list(r.body))

    async def task(self, task_id: str) -> Json:
        """One server task: ``id``, ``name``, ``type``, ``period``, ``offset``, ``created``,
        ``command``, ``database``. ``GET /_api/tasks/{id}``.

        .. warning:: Server tasks are no longer available in ArangoDB 4.0.

        :raise TaskGetError: no such task (404/1852), or the server refused.
        """
        request = Request("GET", f"/_api/tasks/{segment(task_id, 'task id')}")
        return await self._call(request, TaskGetError, lambda r: without_envelope(r.body))

    async def create_task(self, name: str, command: str, params: Json | None = None,
                          period: int | None = None, offset: int | None = None,
                          task_id: str | None = None) -> Json:
        """Register a server task running JavaScript ``command``.

        ``POST /_api/tasks/`` (the server picks the id), or ``PUT /_api/tasks/{task_id}``
        with ``task_id`` (python-arango POSTs there, which a 3.12 server refuses with 400).

        .. warning:: Server tasks are no longer available in ArangoDB 4.0.

        :param params: passed to the command as ``params``.
        :param period: run every ``period`` seconds; without it the task runs once.
        :param offset: seconds before the first run.
        :param task_id: the id to register the task under.
        :return: the task's description.
        :raise TaskCreateError: the server refused (409/1851 when the id is taken).
        """
        data: Json = {"name": name, "command": command}
        if params is not None:
            data["params"] = params
        if task_id is not None:
            data["id"] = task_id
        if period is not None:
            data["period"] = period
        if offset is not None:
            data["offset"] = offset
        if task_id is None:
            request = Request("POST", "/_api/tasks/", data=data)
        else:
            request = Request("PUT", f"/_api/tasks/{segment(task_id, 'task id')}", data=data)
        return await self._call(request, TaskCreateError, lambda r: without_envelope(r.body))

    async def delete_task(self, task_id: str, ignore_missing: bool = False) -> bool:
        """Unregister a server task. ``DELETE /_api/tasks/{id}``.

        .. warning:: Server tasks are no longer available in ArangoDB 4.0.

        :param ignore_missing: return False instead of raising when there is no such task.
        :return: True when deleted, False when missing and ``ignore_missing``.
        :raise TaskDeleteError: the server refused.
        """
        request = Request("DELETE", f"/_api/tasks/{segment(task_id, 'task id')}")
        return await self._call_delete(request, TaskDeleteError, ignore_missing, TASK_NOT_FOUND)
