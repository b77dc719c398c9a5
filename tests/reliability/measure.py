"""Measure the reliability bounds of issue 13 ("Done when"), on asyncio and on trio.

    python -m tests.reliability.measure                 # every scenario, both backends
    python -m tests.reliability.measure --scenario bomb --backend trio

Each scenario runs in a fresh process (so its peak-RSS figure is its own) against servers on
127.0.0.1, and prints one JSON line; without ``--scenario`` the runner prints a table. All
loops are bounded in count and time.

* ``endless`` / ``endless1g`` -- a server that sends an endless chunked body as fast as
  loopback allows, ``request_timeout=2``: time to the error, RSS growth, and how often another
  task ran meanwhile (with the default limits -- 64 MiB for an answer without a declared
  length -- and with ``max_undeclared_response_size`` raised to 1 GiB);
* ``endless_paced`` -- the same at about 25 MB/s (a remote server): the deadline ends it;
* ``declared`` -- a server that declares a 50 GB body and streams it: refused as soon as the
  head arrives;
* ``bomb`` -- a 1 MB gzip answer that inflates to 1 GiB: time to the error and RSS growth;
* ``hung`` -- three coordinators, one accepting connections and never answering; 32 tasks
  read for 6 s with ``roundrobin``, then with ``least_busy``: reads per second;
* ``cancel`` -- 2,000 cursor and transaction creations, each cancelled at a random point
  (0-60 ms, the emulator answering after 5 ms); server-side cursors and transactions left
  right after the client closed;
* ``aclose`` -- 50 calls pending on a slow server when ``aclose()`` runs: how many got
  ``ClientClosedError``, and the client's sockets left open;
* ``queued`` -- 10,000 inserts queued for 8 pooled connections to a slow server with
  ``request_timeout=1``: how many timed out flagged True / False, and how many were applied.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
import zlib
from typing import Any

import anyio
import anyio.lowlevel

from arango_anyio import ArangoClient
from arango_anyio.exceptions import ArangoError, ClientClosedError, RequestTimeoutError
from arango_anyio.http import DEFAULT_MAX_UNDECLARED_RESPONSE_SIZE, DefaultHTTPClient
from arango_anyio.testing import Emulator, serve
from tests.reliability._support_pool import connected_sockets
from tests.reliability.rawserver import Conn, RawServer, raw_server

ROOT = "rootpw"
MIB = 1 << 20
SCENARIOS = ("endless", "endless1g", "endless_paced", "declared", "bomb", "hung", "cancel",
             "aclose", "queued")


def rss_mb() -> float:
    """Peak RSS of this process so far, in MB (each scenario runs in a fresh process, so the
    growth of the peak is the scenario's own)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def endless(limit: int | None, pause: float = 0.0) -> dict[str, Any]:
    block = b"x" * 65536
    chunk = b"%x\r\n%s\r\n" % (len(block), block)

    async def handler(conn: Conn, server: RawServer) -> None:
        while await conn.read_request() is not None:
            await conn.send(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
            for _ in range(1_000_000):
                await conn.send(chunk)
                if pause:
                    await anyio.sleep(pause)

    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await anyio.lowlevel.checkpoint()
            ticks += 1

    http = (DefaultHTTPClient() if limit is None
            else DefaultHTTPClient(max_undeclared_response_size=limit))
    before = rss_mb()
    async with (
        raw_server(handler) as server,
        ArangoClient(hosts=server.url, request_timeout=2, max_retries=0,
                     http_client=http) as client,
        anyio.create_task_group() as tg,
    ):
        tg.start_soon(ticker)
        db = await client.db("_system", password="pw")
        started = time.monotonic()
        error = "none"
        try:
            await db.version()
        except ArangoError as exc:
            error = type(exc).__name__
        elapsed = time.monotonic() - started
        tg.cancel_scope.cancel()
    return {"limit_mb": (limit or DEFAULT_MAX_UNDECLARED_RESPONSE_SIZE) // MIB, "error": error,
            "seconds": round(elapsed, 2), "rss_growth_mb": round(rss_mb() - before, 1),
            "other_task_turns_per_s": round(ticks / elapsed)}


async def declared() -> dict[str, Any]:
    async def handler(conn: Conn, server: RawServer) -> None:
        while await conn.read_request() is not None:
            await conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 50000000000\r\n\r\n")
            for _ in range(1_000_000):
                await conn.send(b"x" * 65536)

    before = rss_mb()
    async with (
        raw_server(handler) as server,
        ArangoClient(hosts=server.url, request_timeout=2, max_retries=0) as client,
    ):
        db = await client.db("_system", password="pw")
        started = time.monotonic()
        try:
            await db.version()
            error = "none"
        except ArangoError as exc:
            error = type(exc).__name__
    return {"error": error, "seconds": round(time.monotonic() - started, 3),
            "rss_growth_mb": round(rss_mb() - before, 1)}


async def bomb() -> dict[str, Any]:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # gzip
    zeros = bytes(MIB)
    payload = b"".join([*(compressor.compress(zeros) for _ in range(1024)),
                        compressor.flush()])  # about 1 MB that inflates to 1 GiB

    async def handler(conn: Conn, server: RawServer) -> None:
        while await conn.read_request() is not None:
            await conn.send(b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d"
                            b"\r\n\r\n%s" % (len(payload), payload))

    before = rss_mb()
    async with (
        raw_server(handler) as server,
        ArangoClient(hosts=server.url, request_timeout=2, max_retries=0,
                     response_compression=True) as client,
    ):
        db = await client.db("_system", password="pw")
        started = time.monotonic()
        try:
            await db.version()
            error = "none"
        except ArangoError as exc:
            error = type(exc).__name__
    return {"compressed_mb": round(len(payload) / MIB, 2), "error": error,
            "seconds": round(time.monotonic() - started, 3),
            "rss_growth_mb": round(rss_mb() - before, 1)}


async def hung() -> dict[str, Any]:
    async def never(conn: Conn, server: RawServer) -> None:
        while await conn.read_request() is not None:
            pass
        await anyio.sleep_forever()

    emu = Emulator(root_password=ROOT)
    out: dict[str, Any] = {}
    async with raw_server(never) as dead, serve(emu, coordinators=2) as urls:
        for resolver in ("roundrobin", "least_busy"):
            out[resolver] = await _read_for(resolver, [urls[0], dead.url, urls[1]], 6.0)
    out["roundrobin_vs_least_busy"] = round(
        out["roundrobin"]["reads_per_s"] / max(1, out["least_busy"]["reads_per_s"]), 2)
    return out


async def _read_for(resolver: str, hosts: list[str], seconds: float) -> dict[str, int]:
    """Reads per second of 32 tasks reading for ``seconds``."""
    reads = errors = 0
    async with ArangoClient(hosts=hosts, host_resolver=resolver, request_timeout=2) as client:
        db = await client.db("_system", password=ROOT)
        stop = time.monotonic() + seconds

        async def reader() -> None:
            nonlocal reads, errors
            while time.monotonic() < stop:
                try:
                    await db.version()
                    reads += 1
                except ArangoError:
                    errors += 1

        async with anyio.create_task_group() as tg:
            for _ in range(32):
                tg.start_soon(reader)
    return {"reads_per_s": round(reads / seconds), "errors": errors}


async def cancel() -> dict[str, Any]:
    emu = Emulator(root_password=ROOT)
    rng = random.Random(13)
    finished = cancelled = 0
    async with serve(emu, coordinators=3) as urls:
        async with ArangoClient(hosts=urls) as setup:
            db = await setup.db("_system", password=ROOT)
            await db.create_collection("s")
            await db.collection("s").insert_many([{"n": i} for i in range(20)])
        emu.faults.add_latency(0.005)
        async with ArangoClient(hosts=urls, host_resolver="roundrobin") as client:
            db = await client.db("_system", password=ROOT)
            limiter = anyio.CapacityLimiter(32)

            async def create(n: int) -> None:
                nonlocal finished, cancelled
                async with limiter:
                    with anyio.move_on_after(rng.uniform(0.0, 0.06)) as scope:
                        if n % 2:
                            async with db.aql.execute("FOR d IN s RETURN d", batch_size=2):
                                pass
                        else:
                            async with db.begin_transaction(read="s"):
                                pass
                    finished += not scope.cancelled_caught
                    cancelled += scope.cancelled_caught

            async with anyio.create_task_group() as tg:
                for n in range(2000):
                    tg.start_soon(create, n)
        background = client.statistics().background
        left = {"cursors": len(emu.open_cursors()),
                "transactions": len(emu.running_transactions())}
    return {"creations": 2000, "cancelled": cancelled, "finished": finished,
            "cleanups_done": background.cleanups_done,
            "cleanups_failed": background.cleanups_failed,
            "left_after_close": left,
            "left_share": round(sum(left.values()) / 2000, 4)}


async def aclose() -> dict[str, Any]:
    emu = Emulator(root_password=ROOT)
    async with serve(emu, coordinators=2) as urls:
        ports = {int(url.rsplit(":", 1)[1]) for url in urls}
        errors: list[BaseException] = []
        async with ArangoClient(hosts=urls, host_resolver="roundrobin") as client:
            db = await client.db("_system", password=ROOT)
            await db.create_collection("c")
            emu.faults.add_latency(2.0)

            async def call(n: int) -> None:
                try:
                    if n % 2:
                        await db.collection("c").insert({"n": n})
                    else:
                        await db.collection("c").count()
                except Exception as exc:
                    errors.append(exc)

            started = time.monotonic()
            async with anyio.create_task_group() as tg:
                for n in range(50):
                    tg.start_soon(call, n)
                await anyio.sleep(0.2)
                await client.aclose()
            elapsed = time.monotonic() - started
            sockets = connected_sockets(ports)
        emu.faults.clear_latency()
    kinds: dict[str, int] = {}
    for error in errors:
        kinds[type(error).__name__] = kinds.get(type(error).__name__, 0) + 1
    return {"pending": 50, "errors": kinds,
            "client_closed_errors": sum(isinstance(e, ClientClosedError) for e in errors),
            "seconds_until_all_ended": round(elapsed, 2), "client_sockets_open": sockets}


async def queued() -> dict[str, Any]:
    emu = Emulator(root_password=ROOT)
    flagged = {True: 0, False: 0}
    other = 0
    async with (
        serve(emu, coordinators=1) as urls,
        ArangoClient(hosts=urls, request_timeout=1, max_retries=0,
                     http_client=DefaultHTTPClient(pool_size=8)) as client,
    ):
        db = await client.db("_system", password=ROOT)
        await db.create_collection("q")
        emu.faults.add_latency(0.05)
        collection = db.collection("q")

        async def insert(n: int) -> None:
            nonlocal other
            try:
                await collection.insert({"_key": f"k{n}"})
            except RequestTimeoutError as exc:
                flagged[exc.may_have_been_applied] += 1
            except ArangoError:
                other += 1

        async with anyio.create_task_group() as tg:
            for n in range(10_000):
                tg.start_soon(insert, n)
        emu.faults.clear_latency()
        await anyio.sleep(0.2)
        stored = await collection.count()
    timed_out = flagged[True] + flagged[False]
    return {"inserts": 10_000, "timed_out": timed_out, "flagged_true": flagged[True],
            "flagged_false": flagged[False], "other_errors": other, "stored": stored,
            "succeeded": 10_000 - timed_out - other,
            "applied_among_timed_out": stored - (10_000 - timed_out - other)}


async def run(name: str) -> list[dict[str, Any]]:
    if name == "endless":
        return [await endless(None)]
    if name == "endless1g":
        return [await endless(1 << 30)]
    if name == "endless_paced":
        return [await endless(None, pause=0.0025)]
    runner = {"declared": declared, "bomb": bomb, "hung": hung, "cancel": cancel,
              "aclose": aclose, "queued": queued}[name]
    return [await runner()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.reliability.measure",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenario", choices=SCENARIOS)
    parser.add_argument("--backend", choices=("asyncio", "trio"))
    args = parser.parse_args(argv)
    if args.scenario and args.backend:
        for result in anyio.run(run, args.scenario, backend=args.backend):
            print(json.dumps({"scenario": args.scenario, "backend": args.backend, **result}))
        return 0
    for scenario in [args.scenario] if args.scenario else SCENARIOS:
        for backend in [args.backend] if args.backend else ("asyncio", "trio"):
            done = subprocess.run(
                [sys.executable, "-m", "tests.reliability.measure", "--scenario", scenario,
                 "--backend", backend], capture_output=True, text=True, timeout=600)
            sys.stdout.write(done.stdout)
            if done.returncode:
                sys.stdout.write(f"{scenario}/{backend} failed:\n{done.stderr[-2000:]}\n")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
