"""Soak: the chaos workload of ``tests/reliability`` for a given time, with a live progress line.

    python -m tests.soak --minutes 10                 # asyncio, round-robin
    python -m tests.soak --minutes 10 --backend trio --resolver least_busy

Serves the emulator on 127.0.0.1 (3 coordinators), runs inserts, reads, AQL cursors, stream
transactions and bulk imports with ``--concurrency`` tasks while a coordinator goes down and
comes back every few hundred milliseconds, 5% of requests get 503/503 and some connections are
reset before or after the request is applied, and a share of the operations (``--cancel-rate``)
is cancelled at a random point. Prints operations, errors by type, p50/p99 latency and pool
figures every second; at the end compares the client's record with the emulator's data
(nothing lost, nothing duplicated, failed writes absent unless reported as "may have been
applied"), checks the pool is healthy, and -- right after the client has closed -- that no
server-side cursor or transaction is left that no caller owns (only a creation whose answer
was lost, and reported so, may leave one). Exits 1 on any violation.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time

import anyio

from arango_anyio import ArangoClient
from arango_anyio.testing import Emulator, serve
from tests.reliability.workload import (
    ROOT_PASSWORD,
    Config,
    Workload,
    check,
    health,
    leftovers,
    percentile,
    unowned,
)


def _progress_line(workload: Workload) -> str:
    record = workload.record
    elapsed = time.monotonic() - record.started
    errors = ", ".join(f"{name} {n}" for name, n in record.errors.most_common(4)) or "none"
    recent = record.recent
    pool = workload.client.statistics().pool if workload.client is not None else None
    figures = ("?", "?", "?") if pool is None else (pool.open, pool.in_use, pool.waiting)
    return (f"[{elapsed:7.1f}s] ops {record.total} ({record.total / max(elapsed, 1e-9):.0f}/s) "
            f"| p50 {percentile(recent, 0.5) * 1000:.1f} ms p99 "
            f"{percentile(recent, 0.99) * 1000:.1f} ms | errors: {errors} | pool open "
            f"{figures[0]} in_use {figures[1]} waiting {figures[2]} | cancelled "
            f"{sum(record.cancelled.values())} | violations {len(record.violations)}")


async def soak(config: Config, *, quiet: bool = False) -> int:
    emu = Emulator(root_password=ROOT_PASSWORD)
    tty = sys.stdout.isatty()

    def progress(workload: Workload) -> None:
        if quiet:
            return
        line = _progress_line(workload)
        if tty:
            print("\r" + line[:200], end="", flush=True)
        else:
            print(line, flush=True)

    async with (
        serve(emu, coordinators=3, host="127.0.0.1") as urls,
        ArangoClient(
            hosts=urls,
            host_resolver=config.resolver,
            request_timeout=config.request_timeout,
            max_retries=config.max_retries,
        ) as client,
    ):
        workload = Workload(emu, urls, config)
        db = await workload.setup(client)
        record = await workload.run(progress)
        after = await health(client, db, emu)
        # counted right after the client has closed (it waits, bounded, for its clean-ups)
        left = leftovers(emu)
    background = client.statistics().background
    if tty:
        print()
    verdict = check(emu, record)
    orphans = unowned(left, record)
    elapsed = time.monotonic() - record.started
    summary = {
        "backend": config_backend,
        "resolver": config.resolver,
        "seconds": round(elapsed, 1),
        "operations": record.total,
        "ops_per_second": round(record.total / max(elapsed, 1e-9), 1),
        "by_operation": dict(record.ops),
        "errors": dict(record.errors.most_common()),
        "p50_ms": round(percentile(record.latencies, 0.5) * 1000, 2),
        "p99_ms": round(percentile(record.latencies, 0.99) * 1000, 2),
        "max_ms": round(max(record.latencies, default=0.0) * 1000, 2),
        "faults": dict(emu.faults.counts),
        "cancelled": dict(record.cancelled),
        "creations_with_lost_answers": dict(record.lost_creations),
        "left_on_server_after_close": left,
        "cleanups": {"done": background.cleanups_done, "failed": background.cleanups_failed},
        "after": after,
        "verdict": verdict.summary(),
    }
    print(json.dumps(summary, indent=2, default=str))
    pool = after["pool"]
    healthy = (pool is not None and pool.in_use == 0 and pool.waiting == 0
               and set(after["in_flight"].values()) == {0})
    if not verdict.ok or record.hangs or not healthy or orphans:
        print("SOAK FAILED:", verdict.lost[:5], verdict.duplicated[:5], verdict.phantom[:5],
              verdict.torn[:5], verdict.violations[:5], orphans, file=sys.stderr)
        return 1
    print("SOAK OK")
    return 0


config_backend = "asyncio"


def main(argv: list[str] | None = None) -> int:
    global config_backend
    parser = argparse.ArgumentParser(prog="python -m tests.soak", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--operations", type=int, default=None,
                        help="stop after this many operations instead of a time")
    parser.add_argument("--backend", choices=("asyncio", "trio"), default="asyncio")
    parser.add_argument("--resolver", choices=("roundrobin", "least_busy", "random"),
                        default="roundrobin")
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rate-503", type=float, default=0.05)
    parser.add_argument("--rate-reset", type=float, default=0.02)
    parser.add_argument("--auth", choices=("basic", "jwt"), default="basic")
    parser.add_argument("--cancel-rate", type=float, default=0.1,
                        help="share of operations cancelled at a random point (0-50 ms)")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    config_backend = args.backend
    config = Config(
        resolver=args.resolver, concurrency=args.concurrency, seed=args.seed,
        operations=args.operations, duration=None if args.operations else args.minutes * 60,
        rate_503=args.rate_503, rate_reset=args.rate_reset, auth_method=args.auth,
        cancel_rate=args.cancel_rate,
    )
    logging.basicConfig(level=logging.ERROR)
    return anyio.run(lambda: soak(config, quiet=args.quiet), backend=args.backend)


if __name__ == "__main__":
    sys.exit(main())
