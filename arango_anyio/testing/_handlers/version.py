"""Server identity: ``/_api/version``, ``/_api/engine``, ``/_admin/time|status|server/*``."""

from __future__ import annotations

import os
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

VERSION = "3.12.10"
_DETAILS = {
    "architecture": "64bit", "arm": "false", "asan": "false", "assertions": "false",
    "avx": "true", "avx2": "false", "build-date": "2026-08-04 14:46:15",
    "build-repository": "refs/3.12.10", "compiler": "emulator", "coverage": "false",
    "cplusplus": "202002", "debug": "false", "endianness": "little",
    "failure-tests": "false", "fd-client-event-handler": "poll",
    "full-version-string": f"ArangoDB {VERSION} community [linux] 64bit (emulated)",
    "icu-version": "64.2", "jemalloc": "true", "license": "community",
    "maintainer-mode": "false", "ndebug": "true", "platform": "linux",
    "reactor-type": "epoll", "rocksdb-version": "9.6.0", "server-version": VERSION,
    "sizeof int": "4", "sizeof long": "8", "sizeof void*": "8", "tsan": "false",
    "boost-version": "1.78.0", "curl-version": "none", "ipo": "false", "libunwind": "true",
    "memory-profiler": "true", "openmp": "5.1", "pic": "2", "pie": "2",
    "replication2-enabled": "false", "iresearch-version": "1.3.0.0",
    "openssl-version-compile-time": "OpenSSL 3.5.7 9 Jun 2026",
    "openssl-version-run-time": "OpenSSL 3.5.7 9 Jun 2026",
    "optimization-flags": "", "fd-setsize": "1024", "faiss": "1.14.2", "build-id": "emulator",
    "sse42": "true", "unaligned-access": "false",
    "v8-version": "12.1.165", "vpack-version": "0.2.1", "zlib-version": "1.2.13",
    "mode": "server", "role": "SINGLE",
}


def server_role(emu: Deployment) -> str:
    """``COORDINATOR`` when the emulator serves several coordinators, else ``SINGLE``."""
    return "COORDINATOR" if len(emu.endpoints) >= 2 else "SINGLE"


def version_body(details: bool, role: str = "SINGLE") -> dict[str, Any]:
    """The ``/_api/version`` answer."""
    out: dict[str, Any] = {"server": "arango", "license": "community", "version": VERSION}
    if details:
        out["details"] = dict(_DETAILS, host="emulator", role=role)
    # 3.12.10 names the API versions with or without details (recorded)
    out.update(apiVersions=["v0"], deprecatedApiVersions=[], requestedApiVersion="v0")
    return out


# the server's version handler answers whatever the method (``PUT`` recorded, as an async job)
@router.route("PUT", "/_api/version")
@router.route("POST", "/_api/version")
@router.route("GET", "/_api/version")
@router.route("GET", "/_admin/version")
def get_version(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Server name, version and license (``details=true`` for the build details)."""
    return json_response(200, version_body(req.flag("details"), server_role(emu)))


@router.route("GET", "/_api/engine")
@router.route("GET", "/_admin/engine")
def get_engine(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The storage engine (rocksdb, as the server reports it)."""
    return json_response(200, {
        "name": "rocksdb",
        "supports": {
            "indexes": ["primary", "edge", "hash", "skiplist", "ttl", "persistent", "geo",
                        "fulltext", "mdi", "mdi-prefixed", "inverted"],
            "aliases": {"indexes": {"hash": "persistent", "skiplist": "persistent",
                                    "zkd": "mdi"}},
        },
        "endianness": "big",
    })


@router.route("GET", "/_admin/time")
def get_time(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The server clock."""
    return result_response(200, {"time": time.time()})


@router.route("GET", "/_admin/status")
def get_status(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Process and server information."""
    return json_response(200, {
        "server": "arango", "version": VERSION, "pid": os.getpid(), "license": "community",
        "mode": "server", "operationMode": "server", "foxxApi": False, "host": "emulator",
        "hostname": "emulator",
        "serverInfo": {"progress": {"phase": "in wait", "feature": "", "recoveryTick": 0},
                       "maintenance": False, "role": server_role(emu),
                       "writeOpsEnabled": not emu.read_only, "readOnly": emu.read_only},
        "agency": {}, "coordinator": {}, "agent": {},
        "uptime": time.time() - emu.started,
    })


@router.route("GET", "/_admin/server/role")
def get_role(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The server role: SINGLE, or COORDINATOR when several coordinators are served."""
    return result_response(200, {"role": server_role(emu), "mode": _mode(emu)})


@router.route("GET", "/_admin/server/availability")
def get_availability(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Whether the server takes requests: 503/1004 in read-only mode (as the server)."""
    if emu.read_only:
        raise EmuError(1004, http_code=503)
    return result_response(200, {"mode": "default"})


def _mode(emu: Deployment) -> str:
    return "readonly" if emu.read_only else "default"


@router.route("GET", "/_admin/server/mode")
def get_mode(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The server mode: ``default`` or ``readonly``."""
    return result_response(200, {"mode": _mode(emu)})


@router.route("PUT", "/_admin/server/mode")
def put_mode(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Switch to ``{"mode": "readonly"}`` or back to ``default`` (admin only)."""
    emu.require_admin(req)
    body = object_body(req)
    mode = body.get("mode")
    if mode not in ("readonly", "default"):
        raise EmuError(400, "mode invalid", http_code=400)
    emu.read_only = mode == "readonly"
    return result_response(200, {"mode": _mode(emu)})


@router.route("GET", "/_api/key-generators")
def key_generators(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The key generators the server offers."""
    return json_response(200, {"keyGenerators": ["upgrade", "padded", "uuid", "autoincrement",
                                                 "traditional"]})
