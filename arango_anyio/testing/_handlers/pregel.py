"""``/_api/control_pregel``: Pregel was removed in ArangoDB 3.12, which answers 404 for
every method and path below it, as for any unknown path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import EmuRequest, EmuResponse
from arango_anyio.testing._protocol.routing import Router

if TYPE_CHECKING:
    from arango_anyio.testing._server.deployment import Deployment

router = Router()


def removed(emu: Deployment, req: EmuRequest, **_: str) -> EmuResponse:
    """404/404 ``unknown path``."""
    raise EmuError(404, f"unknown path '{req.route_path}'", http_code=404)


router.add("*", "/_api/control_pregel", removed)
router.add("*", "/_api/control_pregel/{rest*}", removed)
