"""pytest fixtures for testing applications on arango_anyio's emulator (or a real server).

Installing ``arango-anyio`` registers this plugin (entry point ``pytest11``: ``arango_anyio``),
so the fixtures are there in every test run. All are function-scoped:

``arango_emulator``
    A fresh :class:`~arango_anyio.testing.Emulator`; ``root``'s password is ``""``.
``arango_client``
    An entered :class:`~arango_anyio.ArangoClient` on that emulator, in-process.
``arango_db``
    A handle on a fresh, empty database created for the test (as ``root``), dropped after it.
``arango_server``
    The URLs of ``serve(arango_emulator, coordinators=N)``: real HTTP on 127.0.0.1, one URL
    per coordinator. ``N`` comes from ``@pytest.mark.arango(coordinators=N)`` (default 1).

The async fixtures work in tests run by AnyIO's pytest plugin (``@pytest.mark.anyio``, on
the ``anyio_backend`` the test asks for) and in tests run by pytest-trio.

``--arango-hosts URL[,URL...]`` (with ``--arango-password``) runs the same tests against a
real server: ``arango_client`` and ``arango_db`` connect there, and the tests that need
``arango_emulator`` or ``arango_server`` are skipped, with the reason.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import anyio
import pytest

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.testing._emulator import Emulator
from arango_anyio.testing._frontends.inprocess import EmulatorHTTPClient
from arango_anyio.testing._frontends.serve import serve

#: The host name the in-process client uses (no socket is opened for it).
EMULATOR_HOST = "http://emulator:8529"
_NEEDS_EMULATOR = ("needs the emulator: --arango-hosts runs the tests against a real server, "
                   "which has no {what}")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("arango_anyio", "arango_anyio fixtures")
    group.addoption("--arango-hosts", default=None, metavar="URL[,URL...]",
                    help="run the arango_client/arango_db fixtures against this real server "
                         "(tests needing arango_emulator or arango_server are skipped)")
    group.addoption("--arango-password", default="", metavar="PASSWORD",
                    help="root's password on the --arango-hosts server (default: empty)")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "arango(coordinators=N): the number of coordinators arango_server serves "
                   "(default 1)")


@dataclass(frozen=True)
class _Target:
    """Where the client fixtures connect: a real server, or an emulator in-process."""

    hosts: list[str]
    password: str
    http_client: EmulatorHTTPClient | None


def _real_hosts(config: pytest.Config) -> list[str]:
    value = config.getoption("--arango-hosts")
    if not value:
        return []
    return [host.strip() for host in str(value).split(",") if host.strip()]


@pytest.fixture
def arango_emulator(request: pytest.FixtureRequest) -> Emulator:
    """A fresh in-memory ArangoDB deployment (``root`` has the password ``""``)."""
    if _real_hosts(request.config):
        pytest.skip(_NEEDS_EMULATOR.format(what="emulator-only powers (arango_emulator)"))
    return Emulator(root_password="")


@pytest.fixture
def _arango_target(request: pytest.FixtureRequest) -> _Target:
    hosts = _real_hosts(request.config)
    if hosts:
        return _Target(hosts, str(request.config.getoption("--arango-password")), None)
    emulator: Emulator = request.getfixturevalue("arango_emulator")
    return _Target([EMULATOR_HOST], "", emulator.http_client())


@pytest.fixture
async def arango_client(_arango_target: _Target) -> AsyncIterator[ArangoClient]:
    """An entered client: on the emulator in-process, or on ``--arango-hosts``."""
    async with ArangoClient(hosts=_arango_target.hosts,
                            http_client=_arango_target.http_client) as client:
        yield client


@pytest.fixture
async def arango_db(arango_client: ArangoClient,
                    _arango_target: _Target) -> AsyncIterator[StandardDatabase]:
    """A fresh, empty database for the test (created as root, dropped afterwards)."""
    password = _arango_target.password
    sys_db = await arango_client.db("_system", username="root", password=password)
    name = f"test_{uuid.uuid4().hex[:16]}"
    await sys_db.create_database(name)
    try:
        yield await arango_client.db(name, username="root", password=password)
    finally:
        with anyio.move_on_after(10, shield=True):
            await sys_db.delete_database(name, ignore_missing=True)


@pytest.fixture
async def arango_server(request: pytest.FixtureRequest,
                        arango_emulator: Emulator) -> AsyncIterator[list[str]]:
    """The URLs of ``arango_emulator`` served over HTTP on 127.0.0.1, one per coordinator
    (``@pytest.mark.arango(coordinators=N)``, default 1)."""
    marker = request.node.get_closest_marker("arango")
    coordinators = 1
    if marker is not None:
        coordinators = int(marker.kwargs.get("coordinators", 1))
    async with serve(arango_emulator, coordinators=coordinators) as urls:
        yield urls
