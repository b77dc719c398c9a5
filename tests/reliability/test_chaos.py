"""Chaos: a mixed workload under coordinator outages, 503s and connection resets loses and
duplicates nothing, never hangs, and leaves the pool healthy."""

from __future__ import annotations

import gc
import os

import anyio
import pytest

from arango_anyio import ArangoClient
from arango_anyio.testing import Emulator, serve

from .workload import ROOT_PASSWORD, Config, Workload, check, health

pytestmark = [pytest.mark.anyio, pytest.mark.emulator_only]


@pytest.mark.parametrize("resolver", ["roundrobin", "least_busy"])
async def test_mixed_workload_under_chaos_loses_and_duplicates_nothing(resolver: str) -> None:
    fds_before = _open_fds()
    emu = Emulator(root_password=ROOT_PASSWORD)
    # outages every 50-150 ms, so a short run sees several of them
    config = Config(resolver=resolver, concurrency=64, operations=600, seed=7,
                    down_every=(0.05, 0.15), down_for=(0.05, 0.15), min_outages=3)
    async with (
        serve(emu, coordinators=3) as urls,
        ArangoClient(
            hosts=urls,
            host_resolver=resolver,
            request_timeout=config.request_timeout,
            max_retries=config.max_retries,
        ) as client,
    ):
        workload = Workload(emu, urls, config)
        db = await workload.setup(client)
        record = await workload.run()
        after = await health(client, db, emu)
    # every socket of the client and of the served coordinators is closed again
    gc.collect()
    await anyio.sleep(0.05)
    fds_after = _open_fds()
    if fds_before is not None and fds_after is not None:
        assert fds_after <= fds_before + 2, (fds_before, fds_after)
    verdict = check(emu, record)
    assert verdict.ok, (verdict.summary(), verdict.lost[:5], verdict.duplicated[:5],
                        verdict.phantom[:5], verdict.torn[:5], verdict.violations[:5])
    assert record.total >= 600  # the configured operations, and more while outages were owed
    assert record.hangs == 0
    # the faults really happened, and the calls really went through them
    counts = emu.faults.counts
    assert counts["down"] >= 3 and counts["reset_before"] and counts["reset_after"]
    assert counts["error"] >= 10
    assert sum(n for op, n in record.ops.items() if op != "read") > 0
    assert verdict.unknown_stored + verdict.unknown_absent > 0  # lost answers were reported
    # healthy afterwards: nothing in use or waiting, no request in flight
    pool = after["pool"]
    assert pool.in_use == 0 and pool.waiting == 0 and pool.connecting == 0
    assert pool.open <= 64 * 3
    assert set(after["in_flight"].values()) == {0}
    # server-side state is cleaned up, except what a lost answer to its creation left behind
    # (the server drops those when their ttl / idle timeout passes)
    assert after["open_cursors"] <= record.failed_ops["cursor"]
    assert after["running_transactions"] <= record.failed_ops["transaction"]


def _open_fds() -> int | None:
    try:
        return len(os.listdir("/proc/self/fd"))
    except OSError:  # not Linux
        return None
