"""``/_api/edges/{collection}``: the edges touching one vertex."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import EmuRequest, EmuResponse, result_response
from arango_anyio.testing._protocol.routing import Router
from arango_anyio.testing._state.collection import EDGE

if TYPE_CHECKING:
    from arango_anyio.testing._server.deployment import Deployment

router = Router()


@router.route("GET", "/_api/edges/{collection}")
def read_edges(emu: Deployment, req: EmuRequest, collection: str) -> EmuResponse:
    """Edges with ``_from`` (``direction=out``), ``_to`` (``in``) or either (``any``) equal
    to ``?vertex=``."""
    started = time.perf_counter()
    access = emu.access(req)
    found = access.collection(collection, "ro")
    vertex = req.params.get("vertex")
    if not vertex:
        raise EmuError(400, "illegal document identifier", http_code=400)
    direction = req.params.get("direction", "any") or "any"
    if direction not in ("in", "out", "any"):
        raise EmuError(400, "<direction> must by any, in, or out, not: " + direction,
                       http_code=400)
    if found.type != EDGE:
        raise EmuError(1218, http_code=400)
    edges = access.edges(found, vertex, direction)
    stats = {"writesExecuted": 0, "writesIgnored": 0, "documentLookups": len(edges),
             "seeks": 0, "scannedFull": 0, "scannedIndex": len(edges),
             "searchParallelism": 1, "cursorsCreated": 1, "cursorsRearmed": 0,
             "cacheHits": 0, "cacheMisses": 1, "filtered": 0, "httpRequests": 0,
             "executionTime": time.perf_counter() - started, "peakMemoryUsage": 0,
             "intermediateCommits": 0}
    return result_response(200, {"edges": edges, "stats": stats})
