"""The deprecated Action feature's endpoints: ``/_admin/echo`` (answers what it was sent),
``/_admin/routing/reload`` (nothing to reload: there are no Foxx routes to rebuild) and
``/_admin/execute`` (501: no JavaScript engine). They accept any method and need only access
to the request's database."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit

from arango_anyio.testing._handlers.cluster import server_endpoint
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

_DEFAULT_PORT = 8529


def _server_side(emu: Deployment, req: EmuRequest) -> dict[str, Any]:
    url = emu.endpoints.get(req.coordinator, f"http://127.0.0.1:{_DEFAULT_PORT}")
    parts = urlsplit(url)
    return {"address": parts.hostname or "127.0.0.1", "port": parts.port or _DEFAULT_PORT,
            "endpoint": server_endpoint(url)}


def _cookies(header: str | None) -> dict[str, str]:
    cookies: dict[str, str] = {}
    for part in (header or "").split(";"):
        name, sep, value = part.strip().partition("=")
        if sep and name:
            cookies[name] = value
    return cookies


def echo(emu: Deployment, req: EmuRequest, rest: str = "") -> EmuResponse:
    """The request as the server saw it: user, database, URL, headers, body, parameters,
    path suffixes."""
    # the path segments after /_admin/echo, as sent (percent-encoded) and decoded
    raw_suffix = [part for part in req.route_path.split("/")[3:] if part]
    suffix = [unquote(part) for part in raw_suffix]
    body = req.body
    user = req.user or ""
    return json_response(200, {
        "authorized": req.user is not None,
        "user": user,
        "isAdminUser": emu.permissions.db_level(req.user, "_system") == "rw",
        "database": req.db_name,
        "url": req.path + (("?" + "&".join(f"{k}={quote(v, safe='')}"
                                           for k, v in req.params.items()))
                           if req.params else ""),
        "protocol": "http",
        "portType": "tcp/ip",
        "server": _server_side(emu, req),
        "client": {"address": "127.0.0.1", "port": 0, "id": "0"},
        "internals": {},
        "prefix": f"/_db/{req.db_name}" if req.path.startswith("/_db/") else "/",
        "headers": dict(req.headers),
        "requestType": req.method,
        "requestBody": body.decode("utf-8", "replace"),
        "rawRequestBody": {"type": "Buffer", "data": list(body)},
        "parameters": dict(req.params),
        "cookies": _cookies(req.headers.get("cookie")),
        "suffix": suffix,
        "rawSuffix": raw_suffix,
        "path": "/" + "/".join(suffix),
    })


router.add("*", "/_admin/echo", echo)
router.add("*", "/_admin/echo/{rest*}", echo)


@router.route("*", "/_admin/routing/reload")
def reload_routing(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Reload the routing table: nothing to rebuild."""
    return result_response(200, {})


@router.route("*", "/_admin/execute")
def execute(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Run JavaScript on the server: the emulator has no JavaScript engine (501/9, as for
    JavaScript transactions)."""
    raise EmuError(9, "executing JavaScript (/_admin/execute) is not supported by the "
                      "emulator", http_code=501)
