"""Replication and WAL introspection: the logger state and tick range of the emulated server.
Tailing answers 204 (no replicable events are recorded)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from arango_anyio.testing._router import Router
from arango_anyio.testing._wire import EmuRequest, EmuResponse, json_response

if TYPE_CHECKING:
    from arango_anyio.testing._emulator import Emulator

router = Router()
SERVER_ID = "101420792779199"


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _server() -> dict[str, Any]:
    return {"version": "3.12.10", "serverId": SERVER_ID}


@router.route("GET", "/_api/replication/logger-state")
def logger_state(emu: Emulator, req: EmuRequest) -> EmuResponse:
    """The replication logger's state."""
    emu.require_admin(req)
    tick = emu.store.clock.tick()
    return json_response(200, {
        "state": {"running": True, "lastLogTick": str(tick),
                  "lastUncommittedLogTick": str(tick), "totalEvents": tick, "time": _now()},
        "server": {**_server(), "engine": "rocksdb"},
        "clients": [],
    })


@router.route("GET", "/_api/wal/range")
def wal_range(emu: Emulator, req: EmuRequest) -> EmuResponse:
    """The tick range of the write-ahead log."""
    emu.require_admin(req)
    return json_response(200, {"time": _now(), "tickMin": "1",
                               "tickMax": str(emu.store.clock.tick()), "server": _server()})


@router.route("GET", "/_api/wal/lastTick")
def wal_last_tick(emu: Emulator, req: EmuRequest) -> EmuResponse:
    """The last tick of the write-ahead log."""
    emu.require_admin(req)
    return json_response(200, {"time": _now(), "tick": str(emu.store.clock.tick()),
                               "server": _server()})


@router.route("GET", "/_api/wal/tail")
def wal_tail(emu: Emulator, req: EmuRequest) -> EmuResponse:
    """No events are recorded: 204 with the replication headers."""
    emu.require_admin(req)
    tick = str(emu.store.clock.tick())
    return EmuResponse(204, b"", {
        "content-type": "application/x-arango-dump; charset=utf-8",
        "x-arango-replication-active": "true", "x-arango-replication-checkmore": "false",
        "x-arango-replication-frompresent": "true",
        "x-arango-replication-lastincluded": "0", "x-arango-replication-lastscanned": tick,
        "x-arango-replication-lasttick": tick})
