"""``/_api/import``: bulk import of JSON documents, a JSON array, or array lines."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from arango_anyio import _serde
from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import EmuRequest, EmuResponse, json_response
from arango_anyio.testing._protocol.routing import Router
from arango_anyio.testing._state.collection import EDGE, Collection
from arango_anyio.testing._state.docs import Access
from arango_anyio.testing._state.transactions import Transaction

if TYPE_CHECKING:
    from arango_anyio.testing._server.deployment import Deployment

router = Router()
_MODES = {"error": "conflict", "update": "update", "replace": "replace", "ignore": "ignore"}


def _parse_lines(text: str) -> list[tuple[int, Any]]:
    out: list[tuple[int, Any]] = []
    for number, line in enumerate(text.rstrip().split("\n")):
        line = line.strip()
        if not line:
            out.append((number, None))
            continue
        try:
            out.append((number, _serde.loads(line)))
        except ValueError:
            out.append((number, _BAD))
    return out


_BAD: Any = object()


def _rows(req: EmuRequest) -> list[tuple[int, Any]]:
    """(position, item) pairs; item None means an empty line, _BAD an unparsable one."""
    kind = req.params.get("type", "")
    text = req.body.decode("utf-8", "replace")
    if kind == "auto":
        kind = "list" if text.lstrip().startswith("[") and not _looks_like_lines(text) \
            else "documents"
    if kind in ("list", "array"):
        data = req.json()
        if not isinstance(data, list):
            raise EmuError(400, "expecting a JSON array in the request", http_code=400)
        return [(i + 1, item) for i, item in enumerate(data)]
    if kind == "documents":
        return _parse_lines(text)
    if kind:
        raise EmuError(400, "invalid value for 'type'", http_code=400)
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < 2:
        raise EmuError(400, "no JSON array found in second line", http_code=400)
    try:
        header = _serde.loads(lines[0])
    except ValueError:
        header = None
    if not isinstance(header, list) or not all(isinstance(h, str) for h in header):
        raise EmuError(400, "no JSON array found in first line", http_code=400)
    rows: list[tuple[int, Any]] = []
    for number, item in _parse_lines(text)[1:]:
        if isinstance(item, list):
            item = {name: value for name, value in zip(header, item, strict=False)
                    if value is not None}
        elif item is not None:
            item = _BAD
        rows.append((number, item))
    return rows


def _looks_like_lines(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return True
    return False


def _prefixed(value: Any, prefix: str | None) -> Any:
    if prefix and isinstance(value, str) and "/" not in value:
        return f"{prefix}/{value}"
    return value


@router.route("POST", "/_api/import")
def import_documents(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Import documents; counts created/errors/empty/updated/ignored (``details`` lists
    the errors, ``complete`` makes any error abort the whole import)."""
    name = req.params.get("collection")
    if not name:
        raise EmuError(1204, http_code=400)
    access = emu.access(req)
    collection = access.collection(name, "rw")
    on_duplicate = req.params.get("onDuplicate", "error")
    mode = _MODES.get(on_duplicate)
    if mode is None:
        raise EmuError(400, "invalid value for 'onDuplicate'", http_code=400)
    rows = _rows(req)
    complete = req.flag("complete")
    own: Transaction | None = None
    if access.trx is None:
        own = emu.store.transactions.implicit(access.database, req.coordinator, req.user)
        access.trx = own
    if req.flag("overwrite"):
        access.truncate(collection)
    counts = {"created": 0, "errors": 0, "empty": 0, "updated": 0, "ignored": 0}
    details: list[str] = []
    try:
        _run(access, collection, rows, req, mode, counts, details, complete)
    except EmuError:
        if own is not None:
            emu.store.transactions.abort(own)
        raise
    if own is not None:
        emu.store.transactions.commit(own)
    body: dict[str, Any] = {"error": False, **counts}
    if req.flag("details"):
        body["details"] = details
    return json_response(201, body)


def _run(access: Access, collection: Collection, rows: list[tuple[int, Any]],
         req: EmuRequest, mode: str, counts: dict[str, int], details: list[str],
         complete: bool) -> None:
    from_prefix = req.params.get("fromPrefix")
    to_prefix = req.params.get("toPrefix")
    options = {"overwriteMode": mode}
    for position, item in rows:
        if item is None:
            counts["empty"] += 1
            continue
        if not isinstance(item, dict):
            message = "invalid JSON type (expecting object, probably parse error)"
            _fail(counts, details, position, message, item, complete, 1227)
            continue
        if collection.type == EDGE:
            if "_from" not in item or "_to" not in item:
                _fail(counts, details, position, "missing '_from' or '_to' attribute", item,
                      complete, 1233)
                continue
            item = {**item, "_from": _prefixed(item["_from"], from_prefix),
                    "_to": _prefixed(item["_to"], to_prefix)}
        try:
            old, new, _ = access.insert(collection, item, options)
        except EmuError as error:
            text = "unique constraint violated" if error.error_num == 1210 else error.message
            _fail(counts, details, position, f"creating document failed with error '{text}'",
                  item, complete, error.error_num, error.message)
            continue
        if new is None:
            counts["ignored"] += 1
        elif old is not None:
            counts["updated"] += 1
        else:
            counts["created"] += 1


def _fail(counts: dict[str, int], details: list[str], position: int, message: str, item: Any,
          complete: bool, error_num: int, error_message: str | None = None) -> None:
    if complete:
        raise EmuError(error_num, error_message or message,
                       http_code=409 if error_num == 1210 else 400)
    counts["errors"] += 1
    shown = "" if item is _BAD else _serde.dumps(item).decode()
    details.append(f"at position {position}: {message}, offending document: {shown}")
