"""``/_api/tasks``: server tasks are stored and listed like the server does, but never run
(there is no JavaScript engine in the emulator)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from arango_anyio.testing._handlers._common import object_body
from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import (
    EmuRequest,
    EmuResponse,
    json_response,
    result_response,
)
from arango_anyio.testing._protocol.routing import Router

if TYPE_CHECKING:
    from arango_anyio.testing._server.deployment import Deployment

router = Router()


def _make(emu: Deployment, req: EmuRequest, task_id: str) -> dict[str, Any]:
    body = object_body(req)
    command = body.get("command")
    if not isinstance(command, str) or not command:
        raise EmuError(10, "command must be specified", http_code=400)
    period = body.get("period")
    offset = body.get("offset", 0)
    if period is not None and (not isinstance(period, (int, float)) or period <= 0):
        raise EmuError(10, "task period must be specified and positive", http_code=400)
    task: dict[str, Any] = {
        "id": task_id, "name": str(body.get("name", "user-defined task")),
        "created": time.time(), "type": "periodic" if period else "timed",
    }
    if period:
        task["period"] = period
    task["offset"] = offset
    task["command"] = f"(function (params) {{ {command} }} )(params);"
    task["database"] = req.db_name
    return task


@router.route("POST", "/_api/tasks")
def create_task(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Register a task with a new id."""
    emu.require_admin(req)
    task = _make(emu, req, emu.store.clock.tick_str())
    emu.tasks[task["id"]] = task
    return json_response(200, task)


@router.route("PUT", "/_api/tasks/{task_id}")
def put_task(emu: Deployment, req: EmuRequest, task_id: str) -> EmuResponse:
    """Register a task under ``task_id`` (409/1851 when taken)."""
    emu.require_admin(req)
    if task_id in emu.tasks:
        raise EmuError(1851, http_code=409)
    task = _make(emu, req, task_id)
    emu.tasks[task_id] = task
    return json_response(200, task)


@router.route("GET", "/_api/tasks")
def list_tasks(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Every registered task."""
    return json_response(200, list(emu.tasks.values()))


@router.route("GET", "/_api/tasks/{task_id}")
def get_task(emu: Deployment, req: EmuRequest, task_id: str) -> EmuResponse:
    """One task (404/1852)."""
    task = emu.tasks.get(task_id)
    if task is None:
        raise EmuError(1852, http_code=404)
    return json_response(200, task)


@router.route("DELETE", "/_api/tasks/{task_id}")
def delete_task(emu: Deployment, req: EmuRequest, task_id: str) -> EmuResponse:
    """Unregister a task (404/1852)."""
    emu.require_admin(req)
    if emu.tasks.pop(task_id, None) is None:
        raise EmuError(1852, http_code=404)
    return result_response(200, {})
