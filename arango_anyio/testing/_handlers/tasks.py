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


def _require_rw(emu: Deployment, req: EmuRequest, what: str) -> None:
    """403/11 unless the user may write to the request's database (``what`` names the
    operation in the server's message)."""
    if emu.permissions.db_level(req.user, req.db_name) != "rw":
        raise EmuError(11, f"{what} needs db RW permissions", http_code=403)


def _make(emu: Deployment, req: EmuRequest, task_id: str | None) -> dict[str, Any]:
    """A task from the request body, as ``RestTasksHandler::registerTask`` builds it."""
    body = object_body(req)
    _require_rw(emu, req, "registering a task")
    if task_id is None:
        given = body.get("id")
        task_id = given if isinstance(given, str) and given else emu.store.clock.tick_str()
    period = body.get("period")
    offset = body.get("offset", 0)
    if period is not None and (not isinstance(period, (int, float)) or period <= 0):
        raise EmuError(10, "task period must be specified and positive", http_code=400)
    run_as = body.get("runAsUser")
    if isinstance(run_as, str) and run_as and req.user and run_as != req.user:
        raise EmuError(11, "cannot run task as a different user", http_code=403)
    command = body.get("command")
    if not isinstance(command, str) or not command:
        raise EmuError(10, "command must be specified", http_code=400)
    if task_id in emu.tasks:
        raise EmuError(1851, http_code=409)
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


# POST with an id in the path is answered as POST /_api/tasks (the server ignores the id)
@router.route("POST", "/_api/tasks")
@router.route("POST", "/_api/tasks/{ignored}")
def create_task(emu: Deployment, req: EmuRequest, ignored: str = "") -> EmuResponse:
    """Register a task with the body's ``id`` or a new one (409/1851 when taken)."""
    task = _make(emu, req, None)
    emu.tasks[task["id"]] = task
    return json_response(200, task)


@router.route("PUT", "/_api/tasks/{task_id}")
def put_task(emu: Deployment, req: EmuRequest, task_id: str) -> EmuResponse:
    """Register a task under ``task_id`` (409/1851 when taken)."""
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
    _require_rw(emu, req, "unregister task")
    if emu.tasks.pop(task_id, None) is None:
        raise EmuError(1852, http_code=404)
    return result_response(200, {})
