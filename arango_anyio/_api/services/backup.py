"""Hot backups: ``db.backup`` (``/_admin/backup``, Enterprise Edition).

Results use python-arango's names (``backup_id``, ``size_in_bytes``, ``dbserver_count``, ...).
A Community Edition server has no hot backups and refuses every call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from arango_anyio._api.group import ApiGroup, Json
from arango_anyio._executors.handling import ErrorClass
from arango_anyio.exceptions import (
    BackupCreateError,
    BackupDeleteError,
    BackupDownloadError,
    BackupGetError,
    BackupRestoreError,
    BackupUploadError,
)
from arango_anyio.request import Request

T = TypeVar("T")

_BACKUP_KEYS = (
    ("previous", "previous"), ("id", "backup_id"), ("datetime", "datetime"),
    ("potentiallyInconsistent", "potentially_inconsistent"),
    ("sizeInBytes", "size_in_bytes"), ("nrDBServers", "dbserver_count"),
    ("nrFiles", "file_count"), ("available", "available"), ("version", "version"),
    ("keys", "keys"), ("nrPiecesPresent", "pieces_present"),
    ("countIncludesFilesOnly", "count_includes_files_only"),
)
_TRANSFER_KEYS = (
    ("Timestamp", "timestamp"), ("DownloadId", "download_id"), ("downloadId", "download_id"),
    ("UploadId", "upload_id"), ("uploadId", "upload_id"), ("Cancelled", "cancelled"),
    ("BackupId", "backup_id"),
)


def format_backup(body: Json) -> Json:
    """One backup's description with python-arango's names."""
    return {name: body[key] for key, name in _BACKUP_KEYS if key in body}


def format_backups(body: Json) -> Json:
    """The ``list`` answer: ``{"server": ..., "list": {id: backup}}``."""
    result: Json = {}
    if "server" in body:
        result["server"] = body["server"]
    if "list" in body:
        result["list"] = {key: format_backup(value) for key, value in body["list"].items()}
    return result


def format_restore(body: Json) -> Json:
    """The ``restore`` answer: ``previous`` (and ``backup_id``, ``is_cluster``)."""
    names = (("id", "backup_id"), ("isCluster", "is_cluster"), ("previous", "previous"))
    return {name: body[key] for key, name in names if key in body}


def format_transfer(body: Json) -> Json:
    """An upload or download's id, or its progress per DB-Server."""
    result: Json = {name: body[key] for key, name in _TRANSFER_KEYS if key in body}
    if "DBServers" in body:
        result["dbservers"] = {server: {"status": info.get("Status")}
                               for server, info in body["DBServers"].items()}
    return result


class Backup(ApiGroup):
    """Hot backups of the whole deployment (Enterprise Edition). Get it as ``db.backup``."""

    def __repr__(self) -> str:
        return f"<Backup in {self.db_name}>"

    async def _post(self, path: str, data: Json | None, error: ErrorClass,
                    formatter: Callable[[Json], T]) -> T:
        request = Request("POST", f"/_admin/backup/{path}", data=data)
        return await self._call(request, error, lambda r: formatter(r.body["result"]))

    async def get(self, backup_id: str | None = None) -> Json:
        """Every backup, or the one with ``backup_id``: ``{"list": {id: {...}}}``.

        ``POST /_admin/backup/list``.

        :raise BackupGetError: the server refused (404 for an unknown id).
        """
        data = None if backup_id is None else {"id": backup_id}
        return await self._post("list", data, BackupGetError, format_backups)

    async def create(self, label: str | None = None, allow_inconsistent: bool | None = None,
                     force: bool | None = None, timeout: float | None = None) -> Json:
        """Take a hot backup. ``POST /_admin/backup/create``.

        :param label: appended to the backup's id.
        :param allow_inconsistent: take it even when the global lock cannot be had.
        :param force: abort running transactions to get the lock.
        :param timeout: seconds to wait for the lock.
        :return: ``backup_id``, ``datetime``, ``size_in_bytes``, ``file_count``,
            ``dbserver_count``, ``potentially_inconsistent``.
        :raise BackupCreateError: the server refused.
        """
        data: Json = {"label": label}
        if allow_inconsistent is not None:
            data["allowInconsistent"] = allow_inconsistent
        if force is not None:
            data["force"] = force
        if timeout is not None:
            data["timeout"] = timeout
        return await self._post("create", data, BackupCreateError, format_backup)

    async def delete(self, backup_id: str) -> bool:
        """Delete a backup. ``POST /_admin/backup/delete``.

        :raise BackupDeleteError: the server refused (404 for an unknown id).
        """
        request = Request("POST", "/_admin/backup/delete", data={"id": backup_id})
        return await self._call(request, BackupDeleteError, lambda r: True)

    async def _transfer(self, kind: str, backup_id: str | None, repository: str | None,
                        abort: bool | None, config: Json | None, transfer_id: str | None,
                        error: ErrorClass) -> Json:
        data: Json = {}
        if transfer_id is not None:
            data[f"{kind}Id"] = transfer_id
        if backup_id is not None:
            data["id"] = backup_id
        if repository is not None:
            data["remoteRepository"] = repository
        if abort is not None:
            data["abort"] = abort
        if config is not None:
            data["config"] = config
        return await self._post(kind, data, error, format_transfer)

    async def download(self, backup_id: str | None = None, repository: str | None = None,
                       abort: bool | None = None, config: Json | None = None,
                       download_id: str | None = None) -> Json:
        """Start a download from a remote repository (``backup_id``, ``repository``,
        ``config``), or ask about / ``abort`` one (``download_id``).

        ``POST /_admin/backup/download``.

        :return: ``{"download_id": ...}`` when started, else its progress (``timestamp``,
            ``backup_id``, ``cancelled``, ``dbservers``).
        :raise BackupDownloadError: the server refused.
        """
        return await self._transfer("download", backup_id, repository, abort, config,
                                    download_id, BackupDownloadError)

    async def upload(self, backup_id: str | None = None, repository: str | None = None,
                     abort: bool | None = None, config: Json | None = None,
                     upload_id: str | None = None) -> Json:
        """Start an upload to a remote repository (``backup_id``, ``repository``,
        ``config``), or ask about / ``abort`` one (``upload_id``).

        ``POST /_admin/backup/upload``.

        :return: ``{"upload_id": ...}`` when started, else its progress.
        :raise BackupUploadError: the server refused.
        """
        return await self._transfer("upload", backup_id, repository, abort, config,
                                    upload_id, BackupUploadError)

    async def restore(self, backup_id: str) -> Json:
        """Restore a backup in place. ``POST /_admin/backup/restore``.

        :return: ``previous`` (where the state before the restore was kept).
        :raise BackupRestoreError: the server refused.
        """
        return await self._post("restore", {"id": backup_id}, BackupRestoreError, format_restore)
