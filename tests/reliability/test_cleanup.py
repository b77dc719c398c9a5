"""Nothing is left behind: a cursor or stream transaction whose creating call was cancelled
after it was sent is deleted or aborted by the client's task group, and ``aclose()`` with
calls pending gives each of them ClientClosedError and leaves no socket open."""

from __future__ import annotations

import random

import anyio
import pytest

from arango_anyio import ArangoClient
from arango_anyio.exceptions import ClientClosedError
from arango_anyio.testing import Emulator, serve

from ._support_pool import assert_pool_clean, connected_sockets, eventually, settle
from .workload import ROOT_PASSWORD

pytestmark = [pytest.mark.anyio, pytest.mark.emulator_only]

QUERY = "FOR d IN s RETURN d"


async def _setup(emu: Emulator, urls: list[str]) -> None:
    async with ArangoClient(hosts=urls) as client:
        db = await client.db("_system", password=ROOT_PASSWORD)
        await db.create_collection("s")
        await db.collection("s").insert_many([{"n": i} for i in range(10)])


def running_transactions(emu: Emulator) -> int:
    return len(emu.running_transactions())


@pytest.mark.parametrize("what", ["cursor", "transaction"])
async def test_a_creation_cancelled_while_its_answer_is_awaited_is_undone(what: str) -> None:
    emu = Emulator(root_password=ROOT_PASSWORD)
    async with serve(emu, coordinators=2) as urls:
        await _setup(emu, urls)
        async with ArangoClient(hosts=urls, host_resolver="roundrobin") as client:
            db = await client.db("_system", password=ROOT_PASSWORD)
            emu.faults.add_latency(0.2)
            with anyio.move_on_after(0.05) as scope:
                if what == "cursor":
                    await db.aql.execute(QUERY, batch_size=2)
                else:
                    await db.begin_transaction(read="s")
            assert scope.cancelled_caught  # the caller's cancellation propagated at once
            assert client.statistics().background.cleanups == 1
            await settle(client)
            emu.faults.clear_latency()
            background = client.statistics().background
            assert (background.cleanups_done, background.cleanups_failed) == (1, 0)
            assert emu.open_cursors() == []
            assert running_transactions(emu) == 0
            assert_pool_clean(client)


async def test_leaving_the_client_waits_for_its_cleanups() -> None:
    emu = Emulator(root_password=ROOT_PASSWORD)
    async with serve(emu, coordinators=1) as urls:
        await _setup(emu, urls)
        async with ArangoClient(hosts=urls) as client:
            db = await client.db("_system", password=ROOT_PASSWORD)
            emu.faults.add_latency(0.2)

            async def cancelled_query() -> None:
                with anyio.move_on_after(0.05):
                    await db.aql.execute(QUERY, batch_size=2)

            async def cancelled_transaction() -> None:
                with anyio.move_on_after(0.05):
                    await db.begin_transaction(read="s")

            # all six at once, so each clean-up (0.15 s more of the answer, then a 0.2 s
            # delete or abort) is still running when they are counted, even on a busy machine
            async with anyio.create_task_group() as tg:
                for _ in range(3):
                    tg.start_soon(cancelled_query)
                    tg.start_soon(cancelled_transaction)
            assert client.statistics().background.cleanups == 6
        # counted right after the client closed
        assert emu.open_cursors() == []
        assert running_transactions(emu) == 0
        assert client.statistics().background.running == 0


async def test_random_cancellation_of_creations_leaves_nothing_on_the_server() -> None:
    emu = Emulator(root_password=ROOT_PASSWORD)
    rng = random.Random(5)
    created = 0
    async with serve(emu, coordinators=3) as urls:
        await _setup(emu, urls)
        emu.faults.add_latency(0.01)
        async with ArangoClient(hosts=urls, host_resolver="roundrobin") as client:
            db = await client.db("_system", password=ROOT_PASSWORD)

            limiter = anyio.CapacityLimiter(16)

            async def create(n: int) -> None:
                nonlocal created
                async with limiter:
                    with anyio.move_on_after(rng.uniform(0.0, 0.03)):
                        if n % 2:
                            async with db.aql.execute(QUERY, batch_size=2):
                                created += 1
                        else:
                            async with db.begin_transaction(read="s"):
                                created += 1

            async with anyio.create_task_group() as tg:
                for n in range(200):
                    tg.start_soon(create, n)
            cleanups = client.statistics().background
        assert emu.open_cursors() == []
        assert running_transactions(emu) == 0
    assert 0 < created < 200  # some creations finished, some were cancelled
    assert cleanups.cleanups + cleanups.cleanups_done > 0


async def test_aclose_with_pending_calls_gives_each_client_closed_error() -> None:
    emu = Emulator(root_password=ROOT_PASSWORD)
    async with serve(emu, coordinators=2) as urls:
        await _setup(emu, urls)
        ports = {int(url.rsplit(":", 1)[1]) for url in urls}
        client = ArangoClient(hosts=urls, host_resolver="roundrobin")
        errors: list[BaseException] = []
        async with client:
            db = await client.db("_system", password=ROOT_PASSWORD)
            await db.version()
            emu.faults.add_latency(1.0)

            async def call(n: int) -> None:
                try:
                    if n % 2:
                        await db.collection("s").insert({"n": n})
                    else:
                        await db.collection("s").count()
                except Exception as exc:
                    errors.append(exc)

            with anyio.fail_after(3):
                async with anyio.create_task_group() as tg:
                    for n in range(50):
                        tg.start_soon(call, n)
                    await anyio.sleep(0.2)
                    await client.aclose()
            pool = client.statistics().pool
            assert pool is not None and pool.open == 0
            assert connected_sockets(ports) in (0, None)  # no socket of the client is open
        emu.faults.clear_latency()
    assert len(errors) == 50
    assert all(isinstance(error, ClientClosedError) for error in errors), errors[:3]
    # the inserts had been sent (the server applies them late) and say so; the reads say no
    for error in errors:
        assert isinstance(error, ClientClosedError)
        assert error.may_have_been_applied == ("document" in str(error)), error


async def test_aclose_racing_calls_in_process_gives_client_closed_error() -> None:
    emu = Emulator(root_password=ROOT_PASSWORD)
    client = ArangoClient(hosts=["http://c0:8529", "http://c1:8529"],
                          host_resolver="roundrobin", http_client=emu.http_client(),
                          retry_backoff=0.02)
    outcomes: list[BaseException | None] = []
    async with client:
        db = await client.db("_system", password=ROOT_PASSWORD)
        await db.create_collection("c")
        emu.faults.fail_next(1000, 503, 503)  # every call backs off and retries

        async def call(n: int) -> None:
            try:
                await db.collection("c").insert({"n": n})
                outcomes.append(None)
            except Exception as exc:
                outcomes.append(exc)

        async with anyio.create_task_group() as tg:
            for n in range(20):
                tg.start_soon(call, n)
            await anyio.sleep(0.05)
            await client.aclose()
    assert len(outcomes) == 20
    assert all(isinstance(o, ClientClosedError) for o in outcomes), outcomes[:3]


async def test_a_creation_still_running_is_stopped_by_hanging_up() -> None:
    emu = Emulator(root_password=ROOT_PASSWORD)
    async with serve(emu, coordinators=1) as urls:
        await _setup(emu, urls)
        async with ArangoClient(hosts=urls) as client:
            db = await client.db("_system", password=ROOT_PASSWORD)
            with anyio.move_on_after(0.05):  # no deadline reaches the server: it would go on
                await db.aql.execute("FOR i IN 1..3000000 FILTER i % 7 == 3 RETURN i",
                                     propagate_deadline=False)
            assert emu.running_queries()
            await settle(client)  # no answer in the grace time: the client hung up ...
            await eventually(lambda: not emu.running_queries(), within=1.0)  # ... so it stops
            background = client.statistics().background
            assert (background.cleanups_done, background.cleanups_failed) == (1, 0)
        assert emu.open_cursors() == []
