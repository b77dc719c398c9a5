"""Hot backups: against the emulator (which simulates them) and the recorded 3.12 answers."""

from __future__ import annotations

import pytest

from arango_anyio import StandardDatabase
from arango_anyio.exceptions import (
    BackupDeleteError,
    BackupGetError,
    BackupRestoreError,
    BackupUploadError,
)
from tests.api.admin.replay import documented, recorded, replay_db

pytestmark = [pytest.mark.anyio, pytest.mark.emulator_only]

HOT_BACKUPS = "reference/http-api/hot-backups.md"


async def test_backup_lifecycle(sys_db: StandardDatabase) -> None:
    created = await sys_db.backup.create(label="nightly", allow_inconsistent=False,
                                         force=False, timeout=30)
    backup_id = created["backup_id"]
    assert backup_id.endswith("_nightly")
    assert created["potentially_inconsistent"] is False
    assert {"datetime", "size_in_bytes", "file_count", "dbserver_count"} <= set(created)

    listed = await sys_db.backup.get()
    assert list(listed["list"]) == [backup_id]
    assert listed["list"][backup_id]["backup_id"] == backup_id
    assert list((await sys_db.backup.get(backup_id))["list"]) == [backup_id]

    restored = await sys_db.backup.restore(backup_id)
    assert "previous" in restored

    started = await sys_db.backup.upload(backup_id, repository="local://tmp/b",
                                         config={"local": {"type": "local"}})
    progress = await sys_db.backup.upload(upload_id=started["upload_id"])
    assert progress["backup_id"] == backup_id
    assert progress["dbservers"]["SNGL"]["status"] == "COMPLETED"
    fetched = await sys_db.backup.download(backup_id, repository="local://tmp/b",
                                           config={"local": {"type": "local"}})
    assert (await sys_db.backup.download(download_id=fetched["download_id"]))[
        "cancelled"] is False

    assert await sys_db.backup.delete(backup_id) is True
    with pytest.raises(BackupDeleteError) as gone:
        await sys_db.backup.delete(backup_id)
    assert gone.value.http_code == 404
    with pytest.raises(BackupRestoreError):
        await sys_db.backup.restore(backup_id)
    with pytest.raises(BackupUploadError):
        await sys_db.backup.upload(backup_id, repository="local://x", config={})


async def test_recorded_answers() -> None:
    backup = "2026-08-04T15.27.52Z_bb116611-f105-459b-8e7d-7fab941ac68f"
    async with replay_db(recorded("RestBackupUploadBackup_single"),
                         recorded("RestBackupUploadBackupStarted_single"),
                         recorded("RestBackupRestoreBackup_single"),
                         recorded("RestBackupDeleteBackup_single")) as (db, _):
        started = await db.backup.upload(backup, repository="local://tmp/backups",
                                         config={"local": {"type": "local"}})
        assert started == {"upload_id": "73606"}
        progress = await db.backup.upload(upload_id="73607")
        assert progress == {
            "timestamp": "2026-08-04T15:27:52Z", "upload_id": "73607", "cancelled": False,
            "backup_id": "2026-08-04T15.27.52Z_5faef016-fc57-4ee3-928b-98f4cb953500",
            "dbservers": {"SNGL": {"status": "STARTED"}}}
        restored = await db.backup.restore(
            "2026-08-04T15.27.50Z_90e09eb4-0261-4a06-947b-d73f5a7e3616")
        assert restored == {"previous": "/var/lib/arangodb3/backups/DIRECTORY_TO_DELETE"}
        assert await db.backup.delete(
            "2026-08-04T15.27.52Z_ac9e34b9-32d4-48d4-9ea3-73db48cd7d06") is True


async def test_documented_create_and_list() -> None:
    # No recording of create/list: the answers are the documented example/response schema.
    create = documented("POST", "/_admin/backup/create", source=HOT_BACKUPS, status=201,
                        request_body={"label": "foo"}, body={
                            "error": False, "code": 201, "result": {
                                "id": "2019-04-28T12.00.00Z_foo", "datetime":
                                "2019-04-28T12:00:00Z", "potentiallyInconsistent": False,
                                "sizeInBytes": 10, "nrFiles": 2, "nrDBServers": 1}})
    listing = documented("POST", "/_admin/backup/list", source=HOT_BACKUPS, body={
        "error": False, "code": 200, "result": {"server": "SNGL", "list": {
            "2019-04-28T12.00.00Z_foo": {"id": "2019-04-28T12.00.00Z_foo", "version":
                                         "3.12.10", "available": True, "nrPiecesPresent": 1,
                                         "keys": [], "countIncludesFilesOnly": False}}}})
    # A Community Edition server has no hot-backup route: the generic unknown-path answer.
    community = documented("POST", "/_admin/backup/list", status=404,
                           source="general-request-handling.md (unknown path, Community)",
                           body={"error": True, "code": 404, "errorNum": 404,
                                 "errorMessage": "unknown path '/_admin/backup/list'"})
    async with replay_db(create, listing, community) as (db, _):
        created = await db.backup.create(label="foo")
        assert created["backup_id"] == "2019-04-28T12.00.00Z_foo"
        assert created["dbserver_count"] == 1 and created["file_count"] == 2
        listed = await db.backup.get()
        entry = listed["list"]["2019-04-28T12.00.00Z_foo"]
        assert listed["server"] == "SNGL"
        assert entry["pieces_present"] == 1 and entry["available"] is True
        assert entry["count_includes_files_only"] is False
        with pytest.raises(BackupGetError) as no_backups:  # a Community Edition server
            await db.backup.get()
        assert no_backups.value.http_code == 404
