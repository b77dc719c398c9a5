"""Server information and the admin endpoints the emulator supports."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta

import pytest

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.exceptions import (
    InvalidArgumentError,
    ServerLogLevelError,
    ServerLogLevelSetError,
)

pytestmark = pytest.mark.anyio


async def test_version(db: StandardDatabase) -> None:
    version = await db.version()
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", version)
    full = await db.version(details=True)
    assert full["version"] == version
    assert full["server"] == "arango"
    assert "details" in full


async def test_details(sys_db: StandardDatabase) -> None:
    details = await sys_db.details()
    assert details["architecture"] == "64bit"
    assert "server-version" in details


async def test_status(sys_db: StandardDatabase) -> None:
    status = await sys_db.status()
    assert status["server"] == "arango"
    assert status["version"] == await sys_db.version()
    assert isinstance(status["pid"], int)
    assert status["server_info"]["role"] in ("SINGLE", "COORDINATOR")
    assert status["server_info"]["read_only"] is False
    assert "serverInfo" not in status and "operationMode" not in status


async def test_engine(db: StandardDatabase) -> None:
    engine = await db.engine()
    assert engine["name"] == "rocksdb"
    assert "persistent" in engine["supports"]["indexes"]
    assert "error" not in engine and "code" not in engine


async def test_role(sys_db: StandardDatabase) -> None:
    assert await sys_db.role() in ("SINGLE", "COORDINATOR")


async def test_time(db: StandardDatabase) -> None:
    server_now = await db.time()
    assert server_now.tzinfo is None  # naive local time, as python-arango
    assert abs(server_now - datetime.now()) < timedelta(seconds=30)


async def test_check_availability(db: StandardDatabase) -> None:
    assert await db.check_availability() == "default"


async def test_mode(sys_db: StandardDatabase) -> None:
    assert await sys_db.mode() == "default"


async def test_set_mode_validates_before_sending(sys_db: StandardDatabase) -> None:
    with pytest.raises(InvalidArgumentError):
        await sys_db.set_mode("read-only")


async def test_metrics_is_prometheus_text(sys_db: StandardDatabase) -> None:
    text = await sys_db.metrics()
    assert isinstance(text, str)
    assert "# HELP " in text and "# TYPE " in text
    samples = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert samples
    name, _, value = samples[0].rpartition(" ")
    assert name.startswith("arangodb_")
    float(value)


async def test_statistics(sys_db: StandardDatabase) -> None:
    stats = await sys_db.statistics()
    assert "system" in stats and "error" not in stats
    description = await sys_db.statistics(description=True)
    assert {group["group"] for group in description["groups"]} >= {"system"}


async def test_log_levels_round_trip(sys_db: StandardDatabase) -> None:
    levels = await sys_db.log_levels()
    assert levels["general"] in ("INFO", "WARNING", "ERROR", "DEBUG", "TRACE", "FATAL")
    changed = await sys_db.set_log_levels(queries="DEBUG")
    try:
        assert changed["queries"] == "DEBUG"
        assert (await sys_db.log_levels())["queries"] == "DEBUG"
    finally:
        await sys_db.set_log_levels(queries=levels["queries"])


async def test_log_levels_need_admin(client: ArangoClient, sys_db: StandardDatabase,
                                     db: StandardDatabase) -> None:
    user = f"user_{uuid.uuid4().hex[:10]}"
    await sys_db.create_user(user, "pw")
    try:
        await sys_db.update_permission(user, "rw", db.name)
        as_user = await client.db(db.name, username=user, password="pw")
        with pytest.raises(ServerLogLevelError) as info:
            await as_user.log_levels()
        assert info.value.http_code in (401, 403)
        with pytest.raises(ServerLogLevelSetError):
            await as_user.set_log_levels(general="DEBUG")
    finally:
        await sys_db.delete_user(user)


async def test_read_log_entries(sys_db: StandardDatabase) -> None:
    result = await sys_db.read_log_entries(upto="info", size=10, sort="desc")
    assert isinstance(result["total"], int)
    assert isinstance(result["messages"], list)


async def test_license(sys_db: StandardDatabase) -> None:
    info = await sys_db.license()
    assert isinstance(info, dict)
    assert "license" in info or "diskUsage" in info or "features" in info


async def test_support_info(sys_db: StandardDatabase) -> None:
    info = await sys_db.support_info()
    assert info["deployment"]["type"] in ("single", "cluster")
    datetime.fromisoformat(info["date"].replace("Z", "+00:00"))
