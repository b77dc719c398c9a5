"""Administration endpoints: metrics, statistics, log, license, support info."""

from __future__ import annotations

import pytest

from tests.emulator.core.conftest import Api, error_of

pytestmark = pytest.mark.anyio


async def test_metrics_are_prometheus_text(api: Api) -> None:
    await api.ok("GET", "/_api/version")
    response = await api.call("GET", "/_admin/metrics/v2")
    assert response.status_code == 200
    assert (response.header("content-type") or "").startswith("text/plain")
    text = response.raw_body.decode() if isinstance(response.raw_body, bytes) else \
        response.raw_body
    assert "# TYPE arangodb_server_statistics_server_uptime_total counter" in text
    assert 'arangodb_http_requests_get_total{role="SINGLE"}' in text


async def test_statistics(api: Api) -> None:
    stats = await api.ok("GET", "/_admin/statistics")
    assert {"time", "enabled", "system", "client", "clientUser", "http", "server"} <= set(stats)
    description = await api.ok("GET", "/_admin/statistics-description")
    assert description["groups"][0]["group"] == "system"


async def test_log_level_roundtrip(api: Api) -> None:
    levels = await api.ok("GET", "/_admin/log/level")
    assert levels["general"] == "INFO"
    changed = await api.ok("PUT", "/_admin/log/level", {"general": "debug"})
    assert changed["general"] == "DEBUG"
    everything = await api.ok("PUT", "/_admin/log/level", {"all": "WARNING"})
    assert set(everything.values()) == {"WARNING"}
    entries = await api.ok("GET", "/_admin/log/entries")
    assert entries == {"total": 0, "messages": []}


async def test_license_support_info_and_admin_only(api: Api) -> None:
    assert (await api.ok("GET", "/_admin/license"))["license"] == "none"
    info = await api.ok("GET", "/_admin/support-info")
    assert info["deployment"]["type"] == "single"
    await api.ok("POST", "/_api/user", {"user": "u", "passwd": "pw"})
    await api.ok("PUT", "/_api/user/u/database/_system", {"grant": "ro"})
    user = api.as_user("u", "pw")
    assert error_of(await user.call("GET", "/_admin/server/api-calls")) == (403, 11)
    assert error_of(await user.call("PUT", "/_admin/log/level", {"all": "DEBUG"})) == (403, 11)


async def test_backup_create_list_restore_delete(api: Api) -> None:
    await api.ok("POST", "/_api/collection", {"name": "c"})
    await api.ok("POST", "/_api/document/c", {"_key": "before"})
    created = await api.call("POST", "/_admin/backup/create", {"label": "snap"})
    assert created.status_code == 201
    backup_id = created.body["result"]["id"]
    assert backup_id.endswith("_snap")
    await api.ok("POST", "/_api/document/c", {"_key": "after"})
    await api.ok("POST", "/_api/collection", {"name": "later"})
    listed = await api.ok("POST", "/_admin/backup/list", {})
    assert list(listed["result"]["list"]) == [backup_id]
    restored = await api.ok("POST", "/_admin/backup/restore", {"id": backup_id})
    assert restored["result"]["previous"] == "FAILSAFE"
    assert (await api.ok("GET", "/_api/collection/c/count"))["count"] == 1
    assert (await api.call("GET", "/_api/collection/later")).status_code == 404
    await api.ok("POST", "/_api/document/c", {"_key": "again"})  # keys and revs keep working
    upload = await api.call("POST", "/_admin/backup/upload",
                            {"id": backup_id, "remoteRepository": "local://tmp/b",
                             "config": {"local": {"type": "local"}}})
    assert upload.status_code == 202
    status = await api.ok("POST", "/_admin/backup/upload",
                          {"uploadId": upload.body["result"]["uploadId"]})
    assert status["result"]["BackupId"] == backup_id
    assert (await api.ok("POST", "/_admin/backup/delete", {"id": backup_id}))["result"] == {}
    missing = await api.call("POST", "/_admin/backup/delete", {"id": backup_id})
    assert error_of(missing) == (404, 7007)


async def test_tasks_are_stored(api: Api) -> None:
    task = {"name": "SampleTask", "command": "2+2;", "params": {"foo": "bar"}, "period": 2}
    created = await api.ok("POST", "/_api/tasks/", task)
    assert created["type"] == "periodic" and created["database"] == "_system"
    put = await api.ok("PUT", "/_api/tasks/mine", task)
    assert put["id"] == "mine"
    assert error_of(await api.call("PUT", "/_api/tasks/mine", task)) == (409, 1851)
    assert len(await api.ok("GET", "/_api/tasks")) == 2
    assert await api.ok("DELETE", "/_api/tasks/mine") == {"error": False, "code": 200}
    assert error_of(await api.call("GET", "/_api/tasks/mine")) == (404, 1852)


async def test_replication_and_wal(api: Api) -> None:
    state = await api.ok("GET", "/_api/replication/logger-state")
    assert state["state"]["running"] is True and state["clients"] == []
    ticks = await api.ok("GET", "/_api/wal/range")
    assert int(ticks["tickMax"]) >= int(ticks["tickMin"])
    tail = await api.call("GET", f"/_api/wal/tail?from={ticks['tickMax']}")
    assert tail.status_code == 204
