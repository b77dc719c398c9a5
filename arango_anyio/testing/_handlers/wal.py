"""``/_admin/wal``: flushing answers at once (nothing to flush in memory); the MMFiles-era
``properties`` are not implemented by the RocksDB engine (501/9, as a 3.12 server answers);
``transactions`` counts the running stream transactions.

The ``/_api/wal`` tick and tailing routes live in :mod:`.replication`.
"""

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


@router.route("PUT", "/_admin/wal/flush")
def flush(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Flush: 200 (admin only)."""
    emu.require_admin(req)
    return result_response(200, {"result": True})


def properties(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Not implemented by the RocksDB engine."""
    emu.require_admin(req)
    raise EmuError(9, "not implemented", http_code=501)


router.add("GET", "/_admin/wal/properties", properties)
router.add("PUT", "/_admin/wal/properties", properties)


@router.route("GET", "/_admin/wal/transactions")
def transactions(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The number of running transactions."""
    emu.require_admin(req)
    running = len(emu.store.transactions.running())
    return json_response(200, {"runningTransactions": running, "minLastCollected": None,
                               "minLastSealed": None})
