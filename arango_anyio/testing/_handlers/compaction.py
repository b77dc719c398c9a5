"""``PUT /_admin/compact``: compact the data of every database (superuser tokens only, as
``RestCompactHandler``). The in-memory store has nothing to compact."""

from __future__ import annotations

from typing import TYPE_CHECKING

from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import EmuRequest, EmuResponse, result_response
from arango_anyio.testing._protocol.routing import Router

if TYPE_CHECKING:
    from arango_anyio.testing._server.deployment import Deployment

router = Router()


@router.route("*", "/_admin/compact")
def compact_all(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """403/11 unless the request carries a superuser token; 405 for a method other than
    PUT; an empty answer otherwise."""
    if not emu.permissions.is_superuser(req.user):
        raise EmuError(11, "compaction is only allowed for superusers", http_code=403)
    if req.method != "PUT":
        raise EmuError(405, "method not supported", http_code=405)
    return result_response(200, {})
