"""The pytest plugin (``arango_anyio.testing.pytest_plugin``), run the way users run it: a test
file that uses its fixtures, executed by pytest under AnyIO's plugin on both backends, under
pytest-trio, and with ``--arango-hosts`` (the emulator-only tests are skipped)."""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest

pytest_plugins = ["pytester"]

#: A user's test file: the four fixtures, under AnyIO's pytest plugin on both backends.
ANYIO_TESTS = '''
import pytest
from arango_anyio import ArangoClient
from arango_anyio.testing import Emulator

pytestmark = pytest.mark.anyio

@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request):
    return request.param

async def test_db_is_fresh_and_usable(arango_db):
    assert await arango_db.collections() == [] or all(
        c["system"] for c in await arango_db.collections())
    col = await arango_db.create_collection("orders")
    await col.insert({"_key": "o1", "total": 12})
    cursor = await arango_db.aql.execute("FOR o IN orders RETURN o.total")
    assert [x async for x in cursor] == [12]

async def test_client_reaches_the_emulator(arango_client, arango_emulator):
    assert isinstance(arango_emulator, Emulator)
    sys_db = await arango_client.db("_system", username="root", password="")
    await sys_db.create_collection("seen")
    assert arango_emulator.documents("seen") == {}

async def test_db_is_dropped_afterwards(arango_client):
    sys_db = await arango_client.db("_system", username="root", password="")
    assert await sys_db.databases() == ["_system"]

async def test_server_default_one_coordinator(arango_server, arango_emulator):
    assert len(arango_server) == 1 and arango_server[0].startswith("http://127.0.0.1:")
    async with ArangoClient(hosts=arango_server) as client:
        sys_db = await client.db("_system", username="root", password="")
        await sys_db.create_collection("over_http")
    assert arango_emulator.documents("over_http") == {}

@pytest.mark.arango(coordinators=3)
async def test_server_three_coordinators(arango_server):
    assert len(set(arango_server)) == 3
'''

#: The same kind of file for pytest-trio.
TRIO_TESTS = '''
import pytest
import trio
from arango_anyio import ArangoClient

@pytest.mark.trio
async def test_db_under_pytest_trio(arango_db):
    col = await arango_db.create_collection("c")
    await col.insert({"_key": "k"})
    assert (await col.get("k"))["_key"] == "k"
    await trio.sleep(0)

@pytest.mark.trio
@pytest.mark.arango(coordinators=2)
async def test_server_under_pytest_trio(arango_server, arango_emulator):
    async with ArangoClient(hosts=arango_server, host_resolver="roundrobin") as client:
        sys_db = await client.db("_system", username="root", password="")
        assert await sys_db.version()
    assert len(arango_server) == 2
'''

#: With --arango-hosts the emulator fixtures skip (the server here is one the test serves).
REAL_SERVER_TESTS = '''
import pytest

pytestmark = pytest.mark.anyio

@pytest.fixture
def anyio_backend():
    return "asyncio"

async def test_needs_the_emulator(arango_emulator):
    raise AssertionError("not reached")

async def test_needs_a_server(arango_server):
    raise AssertionError("not reached")
'''


def test_the_plugin_is_registered_by_installing_the_package() -> None:
    registered = {e.name: e.value for e in entry_points(group="pytest11")}
    assert registered.get("arango_anyio") == "arango_anyio.testing.pytest_plugin"


def test_fixtures_under_anyio_on_both_backends(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_user=ANYIO_TESTS)
    result = pytester.runpytest("-p", "no:cacheprovider", "-v")
    result.assert_outcomes(passed=10)
    result.stdout.fnmatch_lines(["*test_db_is_fresh_and_usable?trio? PASSED*"])


def test_fixtures_under_pytest_trio(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_user=TRIO_TESTS)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_real_server_option_skips_emulator_tests(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_user=REAL_SERVER_TESTS)
    result = pytester.runpytest("-p", "no:cacheprovider", "-rs",
                                "--arango-hosts", "http://127.0.0.1:1")
    result.assert_outcomes(skipped=2)
    result.stdout.fnmatch_lines(["*needs the emulator: --arango-hosts runs the tests against "
                                 "a real server*"])


def test_options_and_marker_are_documented(pytester: pytest.Pytester) -> None:
    assert "--arango-hosts" in "\n".join(pytester.runpytest("--help").outlines)
    markers = "\n".join(pytester.runpytest("--markers").outlines)
    assert "@pytest.mark.arango(coordinators=N)" in markers
