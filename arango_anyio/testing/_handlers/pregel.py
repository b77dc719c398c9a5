"""``/_api/control_pregel``: Pregel was removed in ArangoDB 3.12, which answers 404 for
every method and path below it, as for any unknown path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from arango_anyio.testing._errors import EmuError
from arango_anyio.testing._router import Router
from arango_anyio.testing._wire import EmuRequest, EmuResponse

if TYPE_CHECKING:
    from arango_anyio.testing._emulator import Emulator

router = Router()


def removed(emu: Emulator, req: EmuRequest, **_: str) -> EmuResponse:
    """404/404 ``unknown path``."""
    raise EmuError(404, f"unknown path '{req.route_path}'", http_code=404)


router.add("*", "/_api/control_pregel", removed)
router.add("*", "/_api/control_pregel/{rest*}", removed)
