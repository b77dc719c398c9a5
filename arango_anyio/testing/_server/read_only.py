"""Read-only server mode (``PUT /_admin/server/mode``): which requests it refuses, and how."""

from __future__ import annotations

from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import EmuRequest
from arango_anyio.testing._state.collection import Collection
from arango_anyio.testing._state.docs import Checker

_WRITE_METHODS = frozenset(("POST", "PUT", "PATCH", "DELETE"))
#: collection sub-commands that change the collection's definition (403/11 when read-only)
_COLLECTION_CHANGES = frozenset(("properties", "rename"))


def refuse_in_read_only_mode(request: EmuRequest) -> None:
    """Raise the server's read-only answer for a request that would change something:
    403/11 for database, collection, index, view, analyzer and graph definitions, 403/1004
    for data (documents are refused again where they are written, AQL included)."""
    if request.method not in _WRITE_METHODS:
        return
    parts = request.segments()
    if len(parts) < 2 or parts[0] != "_api":
        return
    area = parts[1]
    if area in ("database", "index", "view", "analyzer") or (
            area == "collection" and (request.method in ("POST", "DELETE")
                                      or (len(parts) > 3 and parts[3] in _COLLECTION_CHANGES))):
        raise EmuError(11, "forbidden", http_code=403)
    if area == "gharial":  # POST .../vertex|edge/{collection} and .../{key} are documents
        if len(parts) >= 5 and parts[3] in ("vertex", "edge") \
                and (len(parts) >= 6 or request.method == "POST"):
            raise EmuError(1004, http_code=403)
        raise EmuError(11, "forbidden", http_code=403)
    if area in ("document", "import", "aqlfunction") and not request.flag("onlyget"):
        raise EmuError(1004, http_code=403)
    if area == "collection" and len(parts) > 3 and parts[3] == "truncate":
        raise EmuError(1004, http_code=403)


def read_only_checker(check: Checker | None) -> Checker:
    """``check`` that also refuses every write with 403/1004 (read-only server mode)."""

    def checked(collection: Collection, need: str) -> None:
        if check is not None:
            check(collection, need)
        if need == "rw":
            raise EmuError(1004, http_code=403)

    return checked
