"""Startup options: ``/_admin/options``, ``/_admin/options-description`` and
``/_admin/options-public``.

The emulator has no command line of ArangoDB's own: it answers the options that describe how
it behaves (its endpoints, authentication, naming rules, recording APIs, ...), with the
values it actually uses. Access follows ``--server.options-api``
(``RestOptionsBaseHandler::checkAuthentication``): ``jwt`` wants a superuser token, ``admin``
write access to ``_system``, ``public`` any user; only in ``_system`` (403/1230); with
``disabled`` the routes do not exist (404).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from arango_anyio.testing._handlers.cluster import server_endpoint
from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import EmuRequest, EmuResponse, json_response
from arango_anyio.testing._protocol.routing import Router

if TYPE_CHECKING:
    from arango_anyio.testing._server.deployment import Deployment

router = Router()

_SESSION_TIMEOUT = 3600.0
_ALL_ROLES = ["coordinator", "dbserver", "agent", "single"]


class _Option(NamedTuple):
    name: str
    type: str
    default: Any
    description: str


_OPTIONS = (
    _Option("server.endpoint", "string...", ["tcp://0.0.0.0:8529"],
            "Endpoint for client requests (e.g. 'http://127.0.0.1:8529', or "
            "'https://192.168.1.1:8529')"),
    _Option("server.authentication", "boolean", True,
            "Whether to use authentication for all client requests."),
    _Option("server.jwt-secret-keyfile", "string", "",
            "A file containing the JWT secret to use when doing JWT authentication."),
    _Option("server.session-timeout", "double", _SESSION_TIMEOUT,
            "The lifetime for tokens (in seconds) that can be obtained from the "
            "`POST /_open/auth` endpoint."),
    _Option("server.options-api", "string", "jwt",
            "The policy for exposing the options API."),
    _Option("server.harden", "boolean", False,
            "Lock down REST APIs that reveal version information or server internals for "
            "non-admin users."),
    _Option("server.api-call-recording", "boolean", True,
            "Whether to record recent API calls for debugging purposes."),
    _Option("server.aql-query-recording", "boolean", True,
            "Whether to record recent AQL queries for debugging purposes."),
    _Option("log.recording-api-enabled", "string", "true",
            "Whether the recording API is enabled (true) or not (false), or only enabled for "
            "superuser JWT (jwt)."),
    _Option("database.extended-names", "boolean", True,
            "Allow most UTF-8 characters in the names of databases, collections, Views and "
            "indexes."),
    _Option("javascript.enabled", "boolean", True,
            "Enable the V8 JavaScript engine."),
    _Option("query.tracking", "boolean", True, "Whether to track queries."),
)


def _values(emu: Deployment) -> dict[str, Any]:
    """The effective value of every option, as this emulator runs."""
    endpoints = [server_endpoint(url) for url in emu.endpoints.values()]
    values = {option.name: option.default for option in _OPTIONS}
    values.update({
        "server.endpoint": endpoints or values["server.endpoint"],
        "server.jwt-secret-keyfile": emu.jwt_secret_keyfile or "",
        "server.options-api": emu.options_api,
        # there is no JavaScript engine in the emulator
        "javascript.enabled": False,
    })
    return values


def _check_access(emu: Deployment, req: EmuRequest) -> None:
    policy = emu.options_api
    if policy == "disabled":
        raise EmuError(404, "unknown path '" + req.route_path + "'", http_code=404)
    if policy == "jwt" and not emu.permissions.is_superuser(req.user):
        raise EmuError(403, "insufficient permissions", http_code=403)
    if policy == "admin" and emu.permissions.db_level(req.user, "_system") != "rw":
        raise EmuError(403, "insufficient database access level for '_system'",
                       http_code=403)
    if req.db_name != "_system":
        raise EmuError(1230, http_code=403)


@router.route("GET", "/_admin/options")
def options(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The effective value of each startup option."""
    _check_access(emu, req)
    return json_response(200, _values(emu))


@router.route("GET", "/_admin/options-description")
def options_description(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """What each startup option is, as ``--dump-options`` describes it."""
    _check_access(emu, req)
    described: dict[str, Any] = {}
    for option in _OPTIONS:
        section, _, _ = option.name.partition(".")
        described[option.name] = {
            "section": section, "description": option.description, "category": "option",
            "hidden": False, "type": option.type, "experimental": False, "obsolete": False,
            "enterpriseOnly": False, "requiresValue": option.type != "boolean",
            "os": ["linux"], "component": list(_ALL_ROLES), "introducedIn": None,
            "deprecatedIn": None, "default": option.default, "dynamic": False,
            "required": False,
        }
    return json_response(200, described)


@router.route("GET", "/_admin/options-public")
def options_public(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The few options any user with access to the database may see."""
    return json_response(200, {
        "database.extended-names": True, "cluster.min-replication-factor": 1,
        "cluster.max-replication-factor": 10, "cluster.max-number-of-shards": 1000,
        "cluster.api-jwt-policy": "jwt-compat", "server.session-timeout": _SESSION_TIMEOUT,
    })
