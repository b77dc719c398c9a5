"""``/_admin/cluster`` and ``/_admin/server/id``: what a 3.12 single server refuses, and
plausible coordinator answers when the emulator serves several coordinators.

A single server answers ``/_admin/server/id`` with 500/500 and the ``/_admin/cluster``
commands with 403/11 (``only allowed on coordinators``). With several coordinators the
deployment looks like a small cluster: the coordinators, one DB-Server and one Agent, all
healthy; rebalancing finds nothing to move.
"""

from __future__ import annotations

import time
import uuid
from typing import TYPE_CHECKING, Any

from arango_anyio.testing._handlers.cluster import server_endpoint
from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import EmuRequest, EmuResponse, result_response
from arango_anyio.testing._protocol.routing import Router

if TYPE_CHECKING:
    from arango_anyio.testing._server.deployment import Deployment

router = Router()
_NAMESPACE = uuid.UUID("6f1c8a4e-3b7d-4c55-9a3e-0d2b1e5f7a90")
DBSERVER = "PRMR-" + str(uuid.uuid5(_NAMESPACE, "dbserver"))
AGENT = "AGNT-" + str(uuid.uuid5(_NAMESPACE, "agent"))
_COMMANDS = ("health", "numberOfServers", "maintenance", "nodeVersion", "nodeEngine",
             "nodeStatistics", "statistics", "shardDistribution",
             "collectionShardDistribution", "cleanOutServer", "resignLeadership", "moveShard",
             "queryAgencyJob", "removeServer", "rebalanceShards", "rebalance",
             "vpackSortMigration")


def server_id(coordinator: str) -> str:
    """The ``CRDN-...`` id of an emulated coordinator."""
    return "CRDN-" + str(uuid.uuid5(_NAMESPACE, coordinator))


def _is_cluster(emu: Deployment) -> bool:
    return len(emu.endpoints) >= 2


def _coordinators(emu: Deployment) -> dict[str, str]:
    return {server_id(name): url for name, url in sorted(emu.endpoints.items())}


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


@router.route("GET", "/_admin/server/id")
def get_server_id(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The coordinator's id; a single server answers 500/500."""
    if not _is_cluster(emu):
        raise EmuError(500, http_code=500)
    return result_response(200, {"id": server_id(req.coordinator)})


def _coordinator_only(emu: Deployment, req: EmuRequest, command: str) -> None:
    if command not in _COMMANDS:
        raise EmuError(400, f"invalid command '{command}'", http_code=400)
    if not _is_cluster(emu):
        raise EmuError(11, "only allowed on coordinators", http_code=403)


def _health(emu: Deployment) -> dict[str, Any]:
    now = _now()
    health: dict[str, Any] = {}
    for index, (sid, url) in enumerate(_coordinators(emu).items(), start=1):
        health[sid] = {"Endpoint": server_endpoint(url), "Role": "Coordinator",
                       "ShortName": f"Coordinator{index:04d}", "Status": "GOOD",
                       "SyncStatus": "SERVING", "CanBeDeleted": False, "Version": "3.12.10",
                       "Engine": "rocksdb", "Host": "emulator", "LastAckedTime": now,
                       "Timestamp": now, "SyncTime": now}
    health[DBSERVER] = {"Endpoint": "tcp://emulator:8530", "Role": "DBServer",
                        "ShortName": "DBServer0001", "Status": "GOOD",
                        "SyncStatus": "SERVING", "CanBeDeleted": False,
                        "Version": "3.12.10", "Engine": "rocksdb", "Host": "emulator",
                        "LastAckedTime": now, "Timestamp": now, "SyncTime": now}
    health[AGENT] = {"Endpoint": "tcp://emulator:8531", "Role": "Agent", "CanBeDeleted": False,
                     "Status": "GOOD", "Leading": True, "Leader": AGENT, "LastAckedTime": 0,
                     "Version": "3.12.10", "Engine": "rocksdb"}
    return {"ClusterId": str(uuid.uuid5(_NAMESPACE, "cluster")), "Health": health}


def _imbalance() -> dict[str, Any]:
    side = {"weightUsed": [1], "targetWeight": [1], "numberShards": [0],
            "numberDuplicates": [0], "imbalance": 0}
    return {"leader": {**side, "leaderDupl": [0]}, "shards": {**side, "totalUsed": [0],
                                                              "totalShards": 0}}


async def command(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """``/_admin/cluster/{command}``."""
    _coordinator_only(emu, req, name)
    method = req.method
    if name == "health" and method == "GET":
        return result_response(200, _health(emu))
    if name == "numberOfServers" and method == "GET":
        return result_response(200, {"numberOfCoordinators": len(emu.endpoints),
                                     "numberOfDBServers": 1, "cleanedServers": []})
    if name == "maintenance" and method == "PUT":
        mode = req.json()
        if not isinstance(mode, str) or not (mode in ("on", "off") or mode.isdigit()):
            raise EmuError(400, "state string must be 'on', 'off' or a number of seconds",
                           http_code=400)
        return result_response(200, {})
    if name in ("nodeVersion", "nodeEngine") and method == "GET":
        known = {**_coordinators(emu), DBSERVER: "", AGENT: ""}
        if req.params.get("ServerID") not in known:
            raise EmuError(404, "unknown server", http_code=404)
        if name == "nodeVersion":
            return result_response(200, {"server": "arango", "version": "3.12.10",
                                         "license": "community"})
        return result_response(200, {"name": "rocksdb", "supports": {}})
    if name == "rebalance" and method in ("GET", "POST", "PUT"):
        if method == "GET":
            return result_response(200, {"result": _imbalance(), "pendingMoveShards": 0,
                                         "todoMoveShards": 0})
        return result_response(200, {"result": {"imbalanceBefore": _imbalance(),
                                                "imbalanceAfter": _imbalance(),
                                                "moves": []}})
    if method not in ("GET", "PUT", "POST", "DELETE"):
        raise EmuError(405, http_code=405)
    raise EmuError(9, f"/_admin/cluster/{name} is not implemented in the emulator",
                   http_code=501)


async def command_path(emu: Deployment, req: EmuRequest, name: str, rest: str) -> EmuResponse:
    """``/_admin/cluster/maintenance/{id}``, ``/_admin/cluster/rebalance/execute``, ..."""
    _coordinator_only(emu, req, name)
    if name == "maintenance" and "/" not in rest:
        if rest not in (DBSERVER, "DBServer0001"):
            raise EmuError(404, "unknown DB-Server", http_code=404)
        if req.method == "GET":
            return result_response(200, {"result": {}})
        if req.method == "PUT":
            body = req.json()
            if not isinstance(body, dict) or body.get("mode") not in ("maintenance",
                                                                      "normal"):
                raise EmuError(400, "mode must be 'maintenance' or 'normal'", http_code=400)
            return result_response(200, {})
    if name == "rebalance" and rest == "execute" and req.method == "POST":
        body = req.json()
        moves = body.get("moves") if isinstance(body, dict) else None
        if not isinstance(moves, list):
            raise EmuError(400, "expecting 'moves' array", http_code=400)
        return result_response(202 if moves else 200, {})
    raise EmuError(9, f"/_admin/cluster/{name}/{rest} is not implemented in the emulator",
                   http_code=501)


router.add("*", "/_admin/cluster/{name}", command)
router.add("*", "/_admin/cluster/{name}/{rest*}", command_path)
