"""Administration: metrics, statistics, log level and entries, license, support info,
and access tokens (``/_api/token``)."""

from __future__ import annotations

import base64
import binascii
import os
import time
from typing import TYPE_CHECKING, Any

from arango_anyio.testing._handlers._common import object_body
from arango_anyio.testing._handlers._statistics_description import FIGURES, GROUPS
from arango_anyio.testing._handlers.version import VERSION
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

_LOG_LEVELS = ("FATAL", "ERROR", "WARNING", "INFO", "DEBUG", "TRACE", "DEFAULT")


def _metric(lines: list[str], name: str, kind: str, help_text: str, value: float) -> None:
    lines.append(f"# HELP {name} {help_text}")
    lines.append(f"# TYPE {name} {kind}")
    lines.append(f'{name}{{role="SINGLE"}} {value}')


@router.route("GET", "/_admin/metrics/v2")
@router.route("GET", "/_admin/metrics")
def metrics(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Prometheus text metrics about the emulated deployment (access to the request's
    database is enough, as on a server without ``--server.harden``)."""
    store = emu.store
    documents = sum(len(c.docs) for d in store.databases.values()
                    for c in d.collections.values())
    collections = sum(len(d.collections) for d in store.databases.values())
    running = len(store.transactions.running())
    lines: list[str] = []
    _metric(lines, "arangodb_server_statistics_server_uptime_total", "counter",
            "Number of seconds elapsed since server start", time.time() - emu.started)
    _metric(lines, "arangodb_http1_connections_total", "counter",
            "Total number of HTTP/1.1 connections", 0)
    _metric(lines, "arangodb_client_connection_statistics_client_connections", "gauge",
            "The number of client connections that are currently open", 1)
    for method, count in sorted(emu.request_counts.items()):
        lines.append(f"# TYPE arangodb_http_requests_{method.lower()}_total counter")
        lines.append(f'arangodb_http_requests_{method.lower()}_total{{role="SINGLE"}} {count}')
    _metric(lines, "arangodb_transactions_started_total", "counter",
            "Number of transactions started", len(store.transactions.by_id))
    _metric(lines, "arangodb_transactions_running", "gauge",
            "Number of stream transactions running", running)
    _metric(lines, "arangodb_emulator_documents", "gauge",
            "Number of documents stored by the emulator", documents)
    _metric(lines, "arangodb_emulator_collections", "gauge",
            "Number of collections in the emulator", collections)
    _metric(lines, "arangodb_emulator_databases", "gauge",
            "Number of databases in the emulator", len(store.databases))
    body = ("\n".join(lines) + "\n").encode()
    return EmuResponse(200, body, {"content-type": "text/plain; charset=utf-8"})


def _distribution(count: int = 0) -> dict[str, Any]:
    return {"sum": 0.0, "count": count, "counts": [count, 0, 0, 0, 0, 0, 0, 0, 0, 0]}


@router.route("GET", "/_admin/statistics")
def statistics(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Process, client, HTTP and server statistics (plausible values; access to the
    request's database is enough, as on a server without ``--server.harden``)."""
    total = sum(emu.request_counts.values())
    client = {"httpConnections": 1, "connectionTime": _distribution(),
              "totalTime": _distribution(total), "requestTime": _distribution(total),
              "queueTime": _distribution(total), "ioTime": _distribution(total),
              "bytesSent": _distribution(total), "bytesReceived": _distribution(total)}
    counts = emu.request_counts
    payload = {
        "time": time.time(), "enabled": True,
        "system": {"minorPageFaults": 0, "majorPageFaults": 0, "userTime": time.process_time(),
                   "systemTime": 0.0, "numberOfThreads": 1, "residentSize": 0,
                   "residentSizePercent": 0.0, "virtualSize": 0},
        "client": client, "clientUser": dict(client),
        "http": {"requestsTotal": total, "requestsSuperuser": 0, "requestsUser": total,
                 "requestsAsync": 0, "requestsGet": counts.get("GET", 0),
                 "requestsHead": counts.get("HEAD", 0), "requestsPost": counts.get("POST", 0),
                 "requestsPut": counts.get("PUT", 0), "requestsPatch": counts.get("PATCH", 0),
                 "requestsDelete": counts.get("DELETE", 0),
                 "requestsOptions": counts.get("OPTIONS", 0), "requestsOther": 0},
        "server": {"uptime": time.time() - emu.started, "physicalMemory": 0,
                   "transactions": {"started": len(emu.store.transactions.by_id),
                                    "aborted": 0, "committed": 0, "intermediateCommits": 0,
                                    "readOnly": 0, "dirtyReadOnly": 0},
                   "v8Context": {"available": 0, "busy": 0, "dirty": 0, "free": 0, "max": 0,
                                 "min": 0, "memory": []},
                   "threads": {"scheduler-threads": 1, "blocked": 0, "queued": 0,
                               "in-progress": 0, "direct-exec": 0}},
    }
    return result_response(200, payload)


@router.route("GET", "/_admin/statistics-description")
def statistics_description(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The statistics groups and figures."""
    return result_response(200, {"groups": GROUPS, "figures": FIGURES})


@router.route("GET", "/_admin/log/level")
def get_log_level(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The log level of every topic."""
    emu.require_admin(req)
    return json_response(200, dict(emu.log_levels))


@router.route("PUT", "/_admin/log/level")
def put_log_level(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Change log levels (``{"topic": "LEVEL"}`` or ``{"all": "LEVEL"}``)."""
    emu.require_admin(req)
    body = object_body(req)
    for topic, level in body.items():
        if not isinstance(level, str) or level.upper() not in _LOG_LEVELS:
            continue
        if topic == "all":
            for name in emu.log_levels:
                emu.log_levels[name] = level.upper()
        elif topic in emu.log_levels:
            emu.log_levels[topic] = level.upper()
    return json_response(200, dict(emu.log_levels))


@router.route("DELETE", "/_admin/log/level")
def reset_log_level(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Put every topic back to its startup level (3.12.1+)."""
    emu.require_admin(req)
    emu.log_levels.clear()
    emu.log_levels.update(emu.startup_log_levels)
    return json_response(200, dict(emu.log_levels))


@router.route("GET", "/_admin/log/structured")
def get_structured_log(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The structured log parameters that are on (each ``true``; the server leaves out
    those that are off, whatever the documentation says)."""
    emu.require_admin(req)
    return json_response(200, _enabled(emu))


def _enabled(emu: Deployment) -> dict[str, bool]:
    return {name: True for name, on in emu.structured_log.items() if on}


@router.route("PUT", "/_admin/log/structured")
def put_structured_log(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Turn structured log parameters on or off (unknown names and non-booleans are
    ignored); answers the parameters that are on."""
    emu.require_admin(req)
    body = object_body(req)
    for name, value in body.items():
        if name in emu.structured_log and isinstance(value, bool):
            emu.structured_log[name] = value
    return json_response(200, _enabled(emu))


@router.route("GET", "/_admin/server/api-calls")
def api_calls(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The most recent requests, newest first (this one included)."""
    emu.require_admin(req)
    return result_response(200, {"result": {"calls": list(reversed(emu.api_calls))}})


@router.route("GET", "/_admin/server/aql-queries")
def aql_queries(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The most recently submitted AQL queries, newest first."""
    emu.require_admin(req)
    return result_response(200, {"result": {"queries": list(reversed(emu.aql_queries))}})


_LOG_UPTO = {"fatal": 0, "error": 1, "warning": 2, "info": 3, "debug": 4, "trace": 5}


@router.route("GET", "/_admin/log")
def legacy_log(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The deprecated column format of the log (empty: the emulator keeps no log); 400 for
    an invalid ``upto`` or ``level``."""
    emu.require_admin(req)
    for name in ("upto", "level"):
        value = req.params.get(name)
        if value is not None and value.lower() not in _LOG_UPTO \
                and value not in {str(n) for n in _LOG_UPTO.values()}:
            raise EmuError(400, f"unknown '{name}' log level: '{value}'", http_code=400)
    return json_response(200, {"lid": [], "level": [], "timestamp": [], "text": [],
                               "topic": [], "totalAmount": 0})


@router.route("GET", "/_admin/database/target-version")
def target_version(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The database version this server requires (deprecated endpoint)."""
    major, minor, patch = (int(part) for part in VERSION.split(".")[:3])
    return json_response(200, {"version": str(major * 10000 + minor * 100 + patch)})


@router.route("GET", "/_admin/log/entries")
def log_entries(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The emulator keeps no log: an empty list."""
    emu.require_admin(req)
    return json_response(200, {"total": 0, "messages": []})


@router.route("GET", "/_admin/license")
def license_info(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Community edition: no license."""
    return json_response(200, {"license": "none"})


@router.route("PUT", "/_admin/license")
def put_license(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Install a license: the body is a JSON string. A string that is not Base64 is
    invalid (400/9001); the emulator, a community build, accepts any other one."""
    body = req.json()
    if not isinstance(body, str) or not body.strip():
        raise EmuError(10, "license must be a string", http_code=400)
    try:
        base64.b64decode(body.strip(), validate=True)
    except (ValueError, binascii.Error):
        raise EmuError(9001, http_code=400) from None
    return json_response(201, {"result": {"error": False, "code": 201}})


@router.route("GET", "/_admin/support-info")
def support_info(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Deployment information for support."""
    emu.require_admin(req)
    store = emu.store
    return json_response(200, {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "deployment": {"type": "single", "servers": 1},
        "host": {"role": "SINGLE", "maintenance": False, "readOnly": False,
                 "version": "3.12.10", "build": "emulator", "license": "community",
                 "os": "linux", "platform": "linux", "pid": os.getpid(),
                 "databases": len(store.databases)},
    })


# -- access tokens -----------------------------------------------------------------------


@router.route("POST", "/_api/token/{user}")
def create_token(emu: Deployment, req: EmuRequest, user: str) -> EmuResponse:
    """Create an access token for ``user`` (usable as its password)."""
    if req.user != user:
        emu.require_admin(req)
    emu.store.users.get(user)
    body = object_body(req)
    name = body.get("name")
    valid_until = body.get("valid_until")
    if not isinstance(name, str) or not name:
        raise EmuError(10, "missing token name", http_code=400)
    if not isinstance(valid_until, int) or valid_until <= time.time():
        raise EmuError(10, "invalid valid_until", http_code=400)
    tokens = emu.access_tokens.setdefault(user, [])
    if any(t["name"] == name for t in tokens):
        raise EmuError(1207, f"access token with name '{name}' already exists",
                       http_code=409)
    secret = "v1." + os.urandom(40).hex()
    entry = {"id": emu.store.users.next_token_id(), "name": name, "valid_until": valid_until,
             "created_at": int(time.time()), "fingerprint": f"v1...{secret[-6:]}",
             "active": True}
    tokens.append({**entry, "token": secret})
    emu.store.users.version += 1
    return json_response(200, {**entry, "token": secret})


@router.route("GET", "/_api/token/{user}")
def list_tokens(emu: Deployment, req: EmuRequest, user: str) -> EmuResponse:
    """The access tokens of ``user`` (without the secrets)."""
    if req.user != user:
        emu.require_admin(req)
    emu.store.users.get(user)
    tokens = [{k: v for k, v in t.items() if k != "token"}
              for t in emu.access_tokens.get(user, [])]
    return json_response(200, {"tokens": tokens})


@router.route("DELETE", "/_api/token/{user}/{token_id}")
def delete_token(emu: Deployment, req: EmuRequest, user: str, token_id: str) -> EmuResponse:
    """Revoke an access token."""
    if req.user != user:
        emu.require_admin(req)
    emu.store.users.get(user)  # 404/1703 for an unknown user
    tokens = emu.access_tokens.get(user, [])
    kept = [t for t in tokens if str(t["id"]) != token_id]
    if len(kept) != len(tokens):  # an unknown id succeeds as well (nothing to revoke)
        emu.access_tokens[user] = kept
        emu.store.users.version += 1
    return EmuResponse(200, b"", {"content-type": "application/json; charset=utf-8"})
