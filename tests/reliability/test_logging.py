"""The ``arango_anyio`` logger: one INFO record per failover, back-off, retry and host health
change, one DEBUG record per request; each names its event (``arango_event``), as
docs/topics/logging.md documents."""

from __future__ import annotations

import inspect
import logging
import re
from pathlib import Path

import pytest

from arango_anyio import ArangoClient, RoundRobinHostResolver
from arango_anyio._connection.auth import JwtAuth
from arango_anyio.testing import Emulator, serve

from ._support_pool import settle
from .workload import ROOT_PASSWORD

pytestmark = [pytest.mark.anyio, pytest.mark.emulator_only]

DOCS = Path(__file__).resolve().parents[2] / "docs" / "topics" / "logging.md"


def events(caplog: pytest.LogCaptureFixture, name: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if getattr(r, "arango_event", None) == name]


async def test_retries_failovers_back_offs_and_health_changes_are_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="arango_anyio")
    emu = Emulator(root_password=ROOT_PASSWORD)
    resolver = RoundRobinHostResolver()
    resolver.cooldown = 0.2
    async with (
        serve(emu, coordinators=2) as urls,
        ArangoClient(hosts=urls, host_resolver=resolver, retry_backoff=0.01) as client,
    ):
        db = await client.db("_system", password=ROOT_PASSWORD)
        await db.version()
        # a coordinator that refuses connections: failover, then a probe brings it back
        emu.faults.down("c0")
        for _ in range(3):
            await db.version()
        emu.faults.up("c0")
        await settle(client)
        # "not now": back off and send again
        emu.faults.fail_next(1, 503, 503, path="/_api/version")
        await db.version()
        # an expired JWT: sent again once with a fresh one
        jwt_db = await client.db("_system", password=ROOT_PASSWORD, auth_method="jwt")
        await jwt_db.version()
        auth = jwt_db._conn.auth
        assert isinstance(auth, JwtAuth)
        auth._token = emu.user_token("root", -10.0)  # already expired on the server
        auth._expires = None
        await jwt_db.version()
        sent = sum(h.requests_sent for h in client.statistics().hosts.values())
    (down,) = events(caplog, "host_down")
    assert down.levelno == logging.INFO and down.host == urls[0]  # type: ignore[attr-defined]
    (up,) = events(caplog, "host_up")
    assert up.levelno == logging.INFO and "probe" in up.getMessage()
    (failover,) = events(caplog, "failover")
    assert failover.levelno == logging.INFO and urls[0] in failover.getMessage()
    (back_off,) = events(caplog, "back_off")
    assert back_off.levelno == logging.INFO and "503" in back_off.getMessage()
    (retry,) = events(caplog, "retry")
    assert retry.levelno == logging.INFO and "401" in retry.getMessage()
    requests = events(caplog, "request")
    assert all(r.levelno == logging.DEBUG for r in requests)
    failed = events(caplog, "request_failed")
    assert len(requests) + len(failed) == sent
    assert any("HTTP 503" in r.getMessage() for r in requests)


async def test_every_event_is_documented() -> None:
    from arango_anyio._connection import events as module

    documented = set(re.findall(r"^\| `(\w+)` \|", DOCS.read_text(), re.M))
    written = {name for name, value in vars(module).items()
               if inspect.isfunction(value) and value.__module__ == module.__name__}
    assert written <= documented, written - documented
