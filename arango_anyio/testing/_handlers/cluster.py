"""Endpoints: ``/_api/cluster/endpoints`` (the coordinators', 501 on a single server) and the
deprecated ``/_api/endpoint`` (the endpoints this server listens on)."""

from __future__ import annotations

from typing import TYPE_CHECKING

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


def server_endpoint(url: str) -> str:
    """``http://h:p`` -> ``tcp://h:p`` (``ssl://`` for https), as coordinators report them."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return "tcp://" + url
    return ("ssl://" if scheme == "https" else "tcp://") + rest.rstrip("/")


def endpoints(emu: Deployment, request: EmuRequest) -> EmuResponse:
    """``GET /_api/cluster/endpoints``."""
    if len(emu.endpoints) < 2:
        raise EmuError(9, "cannot serve this request for this deployment type", http_code=501)
    return result_response(200, {"endpoints": [
        {"endpoint": server_endpoint(url)} for _, url in sorted(emu.endpoints.items(),
                                                          key=lambda item: _order(item[0]))
    ]})


def _order(coordinator: str) -> tuple[int, str]:
    digits = coordinator.lstrip("c")
    return (int(digits) if digits.isdigit() else 1 << 30, coordinator)


def not_get(emu: Deployment, request: EmuRequest, **_: str) -> EmuResponse:
    """Every method but GET."""
    raise EmuError(405, "only the GET method is allowed", http_code=405)


def unknown(emu: Deployment, request: EmuRequest, **_: str) -> EmuResponse:
    """Any other ``/_api/cluster`` path."""
    if request.method != "GET":
        return not_get(emu, request)
    raise EmuError(404, "expecting /_api/cluster/[endpoints,agency-dump,agency-cache]",
                   http_code=404)


def listening(emu: Deployment, request: EmuRequest) -> EmuResponse:
    """``GET /_api/endpoint``: every endpoint served, only from ``_system`` (403/1230)."""
    if request.method != "GET":
        return not_get(emu, request)
    if request.db_name != "_system":
        raise EmuError(1230, http_code=403)
    urls = [url for _, url in sorted(emu.endpoints.items(), key=lambda item: _order(item[0]))]
    return json_response(200, [{"endpoint": server_endpoint(url)} for url in urls])


router.add("*", "/_api/endpoint", listening)
router.add("GET", "/_api/cluster/endpoints", endpoints)
router.add("*", "/_api/cluster/endpoints", not_get)
router.add("*", "/_api/cluster/{rest*}", unknown)
router.add("*", "/_api/cluster", unknown)
