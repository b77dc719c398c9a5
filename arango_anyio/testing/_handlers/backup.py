"""``/_admin/backup``: hot backups of the whole emulated deployment (create, list, restore,
delete; upload and download are simulated and finish at once)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from arango_anyio.testing._handlers._common import object_body
from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import EmuRequest, EmuResponse, result_response
from arango_anyio.testing._protocol.routing import Router

if TYPE_CHECKING:
    from arango_anyio.testing._server.deployment import Deployment

router = Router()


def _body(emu: Deployment, req: EmuRequest) -> dict[str, Any]:
    emu.require_admin(req)
    return object_body(req, allow_empty=True)


@router.route("POST", "/_admin/backup/create")
def create_backup(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Snapshot every database and user."""
    body = _body(emu, req)
    label = body.get("label")
    if label is not None and not isinstance(label, str):
        raise EmuError(400, "label must be a string", http_code=400)
    backup = emu.backups.create(label)
    info = backup.describe()
    return result_response(201, {"result": {
        "id": backup.id, "potentiallyInconsistent": False, "sizeInBytes": info["sizeInBytes"],
        "datetime": backup.datetime, "nrDBServers": 1, "nrFiles": info["nrFiles"]}})


@router.route("POST", "/_admin/backup/list")
def list_backups(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """All backups, or the one with ``id``."""
    body = _body(emu, req)
    backups = [emu.backups.get(body["id"])] if "id" in body \
        else list(emu.backups.by_id.values())
    return result_response(200, {"result": {"list": {b.id: b.describe() for b in backups}}})


@router.route("POST", "/_admin/backup/delete")
def delete_backup(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Delete a backup."""
    emu.backups.delete(_body(emu, req).get("id"))
    return result_response(200, {"result": {}})


@router.route("POST", "/_admin/backup/restore")
def restore_backup(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Restore a backup in place."""
    emu.backups.restore(_body(emu, req).get("id"))
    return result_response(200, {"result": {"previous": "FAILSAFE"}})


def _transfer(emu: Deployment, req: EmuRequest, kind: str) -> EmuResponse:
    body = _body(emu, req)
    id_key = "uploadId" if kind == "upload" else "downloadId"
    if id_key in body:
        transfer = emu.backup_transfers.get(str(body[id_key]))
        if transfer is None:
            raise EmuError(404, f"{kind} not found", http_code=404)
        return result_response(200, {"result": transfer})
    backup_id = body.get("id")
    if kind == "upload":
        emu.backups.get(backup_id)
    if not isinstance(body.get("remoteRepository"), str) \
            or not isinstance(body.get("config"), dict):
        raise EmuError(7008, http_code=400)
    transfer_id = emu.store.clock.tick_str()
    emu.backup_transfers[transfer_id] = {
        "Timestamp": emu.backups.by_id[backup_id].datetime if backup_id in emu.backups.by_id
        else "", id_key[0].upper() + id_key[1:]: transfer_id, "Cancelled": False,
        "BackupId": backup_id, "DBServers": {"SNGL": {"Status": "COMPLETED"}}}
    return result_response(202, {"result": {id_key: transfer_id}})


@router.route("POST", "/_admin/backup/upload")
def upload_backup(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Start (or ask about) an upload; it completes at once."""
    return _transfer(emu, req, "upload")


@router.route("POST", "/_admin/backup/download")
def download_backup(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Start (or ask about) a download; it completes at once."""
    return _transfer(emu, req, "download")
