"""The replication applier and the server id: ``/_api/replication/applier-config``,
``applier-start``, ``applier-stop``, ``applier-state`` and ``server-id``.

Appliers are configured, started and stopped as on a server (``global=true``: the global
applier, from ``_system`` only), but never connect to their leader: a started applier reports
itself running and applies nothing. Access to the request's database is enough, as
``RestReplicationHandler`` checks it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from arango_anyio.testing._handlers.replication import SERVER_ID, server_info
from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import EmuRequest, EmuResponse, json_response
from arango_anyio.testing._protocol.routing import Router
from arango_anyio.testing._state.appliers import Applier

if TYPE_CHECKING:
    from arango_anyio.testing._server.deployment import Deployment

router = Router()


def _applier(emu: Deployment, req: EmuRequest) -> Applier:
    if req.flag("global"):
        if req.db_name != "_system":
            raise EmuError(11, "global inventory can only be created from within _system "
                               "database", http_code=403)
        return emu.appliers.get(None)
    return emu.appliers.get(req.db_name)


@router.route("GET", "/_api/replication/server-id")
def server_id(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """This server's id."""
    return json_response(200, {"serverId": SERVER_ID})


@router.route("GET", "/_api/replication/applier-config")
def get_config(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The applier's configuration (without the password)."""
    return json_response(200, _applier(emu, req).describe_config())


@router.route("PUT", "/_api/replication/applier-config")
def put_config(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Change the applier's configuration; answers it."""
    applier = _applier(emu, req)
    applier.configure(req.json(), "" if req.flag("global") else req.db_name)
    return json_response(200, applier.describe_config())


@router.route("PUT", "/_api/replication/applier-start")
def start(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Start the applier (400/1410 without an endpoint); answers its state."""
    applier = _applier(emu, req)
    applier.start()
    return json_response(200, applier.describe_state(server_info()))


@router.route("PUT", "/_api/replication/applier-stop")
def stop(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Stop the applier; answers its state."""
    applier = _applier(emu, req)
    applier.stop()
    return json_response(200, applier.describe_state(server_info()))


@router.route("GET", "/_api/replication/applier-state")
def state(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The applier's state."""
    return json_response(200, _applier(emu, req).describe_state(server_info()))
