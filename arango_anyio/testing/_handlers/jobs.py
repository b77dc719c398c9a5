"""``/_api/job`` (and ``/_admin/job``): status, result, list, cancel and delete of async jobs.

Answers follow ArangoDB's RestJobHandler: 204 while pending, the stored answer (with an
``x-arango-async-id`` header) once, 404 "not found" for unknown jobs or jobs of another
coordinator, 400 "bad parameter" for malformed calls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import EmuRequest, EmuResponse, json_response
from arango_anyio.testing._protocol.routing import Router
from arango_anyio.testing._server.jobs import DEFAULT_LIST_COUNT

if TYPE_CHECKING:
    from arango_anyio.testing._server.deployment import Deployment

router = Router()

_EMPTY_HEADERS = {"content-type": "text/plain"}


def _bad() -> EmuError:
    return EmuError(400, http_code=400)


def _not_found() -> EmuError:
    return EmuError(404, http_code=404)


def _true() -> EmuResponse:
    return json_response(200, {"result": True})


def get_job(emu: Deployment, request: EmuRequest, job: str) -> EmuResponse:
    """``GET /_api/job/{id}`` (204 pending, 200 done) or ``GET /_api/job/pending|done``."""
    if job and job[0] in "123456789":
        found = emu.jobs.get(request.coordinator, job)
        if found is None:
            raise _not_found()
        return EmuResponse(200 if found.done else 204, b"", dict(_EMPTY_HEADERS))
    if job not in ("pending", "done"):
        raise _bad()
    count = DEFAULT_LIST_COUNT
    raw = request.params.get("count")
    if raw is not None:
        try:
            count = int(float(raw))
        except ValueError:
            count = 0
    return json_response(200, emu.jobs.ids(request.coordinator, done=job == "done",
                                           count=count))


def put_job(emu: Deployment, request: EmuRequest, job: str) -> EmuResponse:
    """``PUT /_api/job/{id}``: the stored answer once it is done (then forgotten)."""
    found = emu.jobs.fetch(request.coordinator, job)
    if found is None:
        raise _not_found()
    if found.response is None:
        return EmuResponse(204, b"", dict(_EMPTY_HEADERS))
    answer = found.response
    headers = dict(answer.headers)
    headers["x-arango-async-id"] = found.id
    return EmuResponse(answer.status, answer.body, headers)


def put_job_method(emu: Deployment, request: EmuRequest, job: str, method: str) -> EmuResponse:
    """``PUT /_api/job/{id}/cancel``."""
    if method != "cancel":
        raise _bad()
    if not emu.jobs.cancel(request.coordinator, job):
        raise EmuError(404, f"could not find job ({job}) in AsyncJobManager during cancel "
                            "operation", http_code=404)
    return _true()


def delete_job(emu: Deployment, request: EmuRequest, job: str) -> EmuResponse:
    """``DELETE /_api/job/all|expired?stamp=|{id}``."""
    if job == "all":
        emu.jobs.delete_all(request.coordinator)
    elif job == "expired":
        stamp = request.params.get("stamp")
        if stamp is None:
            raise _bad()
        try:
            before = float(stamp)
        except ValueError:
            before = 0.0
        emu.jobs.delete_all(request.coordinator, before)
    elif not emu.jobs.delete(request.coordinator, job):
        raise _not_found()
    return _true()


def bad_parameter(emu: Deployment, request: EmuRequest, **_: str) -> EmuResponse:
    """Calls without a job id, or with too many path segments."""
    raise _bad()


def not_allowed(emu: Deployment, request: EmuRequest, **_: str) -> EmuResponse:
    """Methods other than GET, PUT and DELETE."""
    raise EmuError(405, http_code=405)


for _prefix in ("/_api/job", "/_admin/job"):
    router.add("GET", _prefix + "/{job}", get_job)
    router.add("PUT", _prefix + "/{job}", put_job)
    router.add("PUT", _prefix + "/{job}/{method}", put_job_method)
    router.add("DELETE", _prefix + "/{job}", delete_job)
    for _method in ("GET", "PUT", "DELETE"):
        router.add(_method, _prefix, bad_parameter)
        router.add(_method, _prefix + "/{job}/{method}/{rest*}", bad_parameter)
    router.add("GET", _prefix + "/{job}/{method}", bad_parameter)
    router.add("DELETE", _prefix + "/{job}/{method}", bad_parameter)
    router.add("*", _prefix + "/{rest*}", not_allowed)
    router.add("*", _prefix, not_allowed)
