"""Helpers shared by the core handlers (no routes here)."""

from __future__ import annotations

from typing import Any

from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import EmuRequest
from arango_anyio.testing._state.collection import Collection


def object_body(req: EmuRequest, *, allow_empty: bool = False) -> dict[str, Any]:
    """The request body as a JSON object (400/600 when it is not JSON, 400/10 otherwise)."""
    body = req.json()
    if body is None and allow_empty:
        return {}
    if not isinstance(body, dict):
        raise EmuError(10, "expecting JSON object as body", http_code=400)
    return body


def write_status(req: EmuRequest, collection: Collection, *, removal: bool = False) -> int:
    """201 (200 for a removal) when the write was synced (``waitForSync``), 202 otherwise."""
    synced = req.flag("waitForSync", collection.wait_for_sync)
    if not synced:
        return 202
    return 200 if removal else 201


def location(req: EmuRequest, path: str | None = None) -> str:
    """The ``location`` header value the server sends for ``path`` (default: the request's)."""
    return f"/_db/{req.db_name}{path if path is not None else req.route_path}"
