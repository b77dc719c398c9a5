"""``/_admin/wal``: flushing answers at once (nothing to flush in memory); the MMFiles-era
``properties`` are not implemented by the RocksDB engine (501/9, as a 3.12 server answers);
``transactions`` counts the running stream transactions.

The ``/_api/wal`` tick and tailing routes live in :mod:`.replication`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from arango_anyio.testing._errors import EmuError
from arango_anyio.testing._router import Router
from arango_anyio.testing._wire import EmuRequest, EmuResponse, json_response, result_response

if TYPE_CHECKING:
    from arango_anyio.testing._emulator import Emulator

router = Router()


@router.route("PUT", "/_admin/wal/flush")
def flush(emu: Emulator, req: EmuRequest) -> EmuResponse:
    """Flush: 200 (admin only)."""
    emu.require_admin(req)
    return result_response(200, {"result": True})


def properties(emu: Emulator, req: EmuRequest) -> EmuResponse:
    """Not implemented by the RocksDB engine."""
    emu.require_admin(req)
    raise EmuError(9, "not implemented", http_code=501)


router.add("GET", "/_admin/wal/properties", properties)
router.add("PUT", "/_admin/wal/properties", properties)


@router.route("GET", "/_admin/wal/transactions")
def transactions(emu: Emulator, req: EmuRequest) -> EmuResponse:
    """The number of running transactions."""
    emu.require_admin(req)
    running = len(emu.store.transactions.running())
    return json_response(200, {"runningTransactions": running, "minLastCollected": None,
                               "minLastSealed": None})
