"""One client, one workload, in its own process: ``worker.py '<json request>'``.

The request (argv[1]) is a JSON object::

    {"client": "python-arango-async", "workload": "get64", "concurrency": 64,
     "n": 100000, "window": 0.6, "slices": 5, "fixed": false, "url": "http://127.0.0.1:PORT"}

The worker warms up, then runs ``slices`` timed slices one after the other; each slice stops
taking new ops after ``n`` ops or ``window`` seconds, whichever comes first (ops in flight then
finish and count). It prints exactly one JSON line on stdout::

    {"ok": true, "ops": 21000, "items": 21000, "seconds": 3.0, "rate": 7142.9,
     "cpu_seconds": 2.1, "cpu_rate": 10000.0, "slices": [...], "capped": false,
     "rss_start_mb": 41.0, "peak_rss_mb": 44.2, "growth_mb": 3.2, "version": "1.2.7"}

or ``{"ok": false, "skip": "why"}`` (client not available, or workload not supported) or
``{"ok": false, "error": "...", "traceback": "..."}``. ``items`` counts documents for the
document workloads and requests otherwise; ``rate`` is the median slice's items per second
(``slices`` lists each slice's figures in order).
For a fixed amount of work (``"fixed": true``: one slice of ``n`` ops, ``window`` only a cap),
``capped`` says the cap cut it short. ``cpu_rate`` is the median slice's items per second of
the worker's own CPU time (``time.process_time``). Memory: ``peak_rss_mb`` is the process's
high-water RSS (``resource.getrusage``); ``growth_mb`` is that peak minus the RSS just before
the first timed slice, so it is what the workload itself added.

With ``"interactive": true`` the worker instead prints ``{"ready": true}`` after its warm-up
and runs one slice per ``slice`` line on stdin, answering ``{"slice": {"rate", "cpu_rate",
"capped"}}``, until ``end`` (or end of input); then it prints the summary line as above. The
runner uses that to interleave the clients slice by slice. With ``"profile": "<path>"`` the
timed slices run under cProfile and the stats are written there.

Only the standard library is imported at the top: each client's modules are imported inside
its own runner, so one worker file serves every virtualenv.

Every load loop is bounded twice, by an op count and by wall-clock time; traffic goes only to
the ``url`` given, which the runner always points at 127.0.0.1.
"""

from __future__ import annotations

import json
import resource
import sys
import time
import traceback
from collections.abc import Awaitable, Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

WORKLOADS = ("get1", "get64", "insert64", "cursor1k", "insert_many", "stream1m")
BATCH = 1000
STREAM_DB = "bench1m"
QUERY = "FOR d IN bench RETURN d"


PROFILER: list[Any] = []  # a cProfile.Profile when the request asks for a profile


class Skip(Exception):
    """This client cannot run this workload (or is not installed)."""


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _small_docs(count: int) -> list[dict[str, Any]]:
    return [{"i": i, "name": f"doc-{i}", "ok": True} for i in range(count)]


def _batches(docs: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(docs), BATCH):
        yield docs[start : start + BATCH]


class Meter:
    """Counts ops and items of one timed slice, bounded by an op count and a time window."""

    def __init__(self, n: int, window: float) -> None:
        self.n = n
        self.window = window
        self.issued = 0
        self.done = 0
        self.items = 0
        self.capped = False
        self.start = time.perf_counter()
        self.cpu_start = time.process_time()
        self.deadline = self.start + window
        self.seconds = 0.0
        self.cpu_seconds = 0.0

    def take(self) -> int | None:
        """The next op's index, or None when the count or the time is used up."""
        if self.issued >= self.n:
            return None
        if time.perf_counter() > self.deadline:
            self.capped = True
            return None
        self.issued += 1
        return self.issued - 1

    def stop(self) -> None:
        self.seconds = time.perf_counter() - self.start
        self.cpu_seconds = time.process_time() - self.cpu_start


def _warmup_count(req: dict[str, Any]) -> int:
    workload = req["workload"]
    if workload == "stream1m":
        return 0
    if workload in ("cursor1k", "insert_many"):
        return 2
    return max(int(req["concurrency"]), 200)


def _slice_result(m: Meter) -> dict[str, Any]:
    return {
        "rate": m.items / m.seconds if m.seconds > 0 else 0.0,
        # Items per second of this process's own CPU time (user + sys): what the client
        # costs, nearly blind to other processes competing for the cores.
        "cpu_rate": m.items / m.cpu_seconds if m.cpu_seconds > 0 else 0.0,
        "capped": m.capped,
    }


def _summary(slices: list[Meter], rss_start: float, req: dict[str, Any]) -> dict[str, Any]:
    rates = sorted(m.items / m.seconds for m in slices if m.seconds > 0)
    cpu_rates = sorted(m.items / m.cpu_seconds for m in slices if m.cpu_seconds > 0)
    peak = _peak_rss_mb()
    return {
        "ok": True,
        "ops": sum(m.done for m in slices),
        "items": sum(m.items for m in slices),
        "seconds": round(sum(m.seconds for m in slices), 4),
        "rate": rates[len(rates) // 2] if rates else 0.0,  # median slice
        "cpu_seconds": round(sum(m.cpu_seconds for m in slices), 4),
        "cpu_rate": cpu_rates[len(cpu_rates) // 2] if cpu_rates else 0.0,
        "slices": [_slice_result(m) for m in slices],  # in the order they ran
        # For a fixed amount of work, the time cap ending it early is worth flagging.
        "capped": bool(req.get("fixed")) and any(m.capped for m in slices),
        "rss_start_mb": round(rss_start, 1),
        "peak_rss_mb": round(peak, 1),
        "growth_mb": round(max(0.0, peak - rss_start), 1),
    }


def _emit(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


async def _measure(
    run: Callable[[Meter], Awaitable[None]],
    req: dict[str, Any],
    readline: Callable[[], Awaitable[str]],
) -> dict[str, Any]:
    """Warm up, then the timed slices; the rate is the median slice's.

    Batch mode runs ``req["slices"]`` slices back to back. Interactive mode
    (``req["interactive"]``) prints ``{"ready": true}`` after the warm-up, then runs one slice
    per ``slice`` line read from stdin (answering ``{"slice": ...}`` each time) until it reads
    ``end`` or end-of-file: the runner uses it to interleave the clients slice by slice.
    """
    warm = _warmup_count(req)
    if warm:
        await run(Meter(warm, max(float(req["window"]), 1.0)))
    rss_start = _rss_mb()
    slices: list[Meter] = []

    async def one_slice() -> Meter:
        meter = Meter(req["n"], req["window"])
        if PROFILER:
            PROFILER[0].enable()
        try:
            await run(meter)
        finally:
            if PROFILER:
                PROFILER[0].disable()
        meter.stop()
        slices.append(meter)
        return meter

    if req.get("interactive"):
        _emit({"ready": True})
        while (await readline()).strip() == "slice":
            _emit({"slice": _slice_result(await one_slice())})
    else:
        for _ in range(req["slices"]):
            await one_slice()
    return _summary(slices, rss_start, req)


# --------------------------------------------------------------------------------------------
# Async drivers share one shape: an adapter with one coroutine per workload.


class AsyncAdapter:
    """What a workload needs from an async client; each method is one op."""

    version = "?"

    async def get(self, key: str) -> Any:
        raise Skip("get not supported")

    async def insert(self, doc: dict[str, Any]) -> Any:
        raise Skip("insert not supported")

    async def cursor_batch(self) -> int:
        raise Skip("cursor not supported")

    async def insert_many(self, docs: list[dict[str, Any]]) -> Any:
        raise Skip("insert_many not supported")

    async def stream(self) -> int:
        raise Skip("stream not supported")


def _check(ok: bool, what: str) -> None:
    """A driver that answers wrongly must not post a figure."""
    if not ok:
        raise RuntimeError(f"wrong answer: {what}")


def _op_for(adapter: AsyncAdapter, req: dict[str, Any]) -> Callable[[int], Awaitable[int]]:
    """The coroutine function for one op of the workload: index -> items done."""
    workload = req["workload"]
    if workload in ("get1", "get64"):

        async def op(i: int) -> int:
            key = f"k{i % 1000}"
            doc = await adapter.get(key)
            _check(doc["_key"] == key, f"get({key!r}) returned {doc!r:.100}")
            return 1

    elif workload == "insert64":

        async def op(i: int) -> int:
            meta = await adapter.insert({"i": i, "name": f"doc-{i}", "ok": True})
            _check("_rev" in meta, f"insert returned {meta!r:.100}")
            return 1

    elif workload == "cursor1k":

        async def op(i: int) -> int:
            count = await adapter.cursor_batch()
            _check(count == BATCH, f"cursor gave {count} documents, not {BATCH}")
            return count

    elif workload == "insert_many":
        chunks = list(_batches(_small_docs(BATCH * 100)))

        async def op(i: int) -> int:
            chunk = chunks[i % len(chunks)]
            metas = await adapter.insert_many(chunk)
            _check(len(metas) == len(chunk), f"insert_many returned {len(metas)} results")
            return len(chunk)

    elif workload == "stream1m":
        want = req.get("stream_docs", 1_000_000)

        async def op(i: int) -> int:
            count = await adapter.stream()
            _check(count == want, f"the stream gave {count} documents, not {want}")
            return count

    else:
        raise Skip(f"unknown workload {workload}")
    return op


async def _drive_asyncio(adapter: AsyncAdapter, req: dict[str, Any]) -> dict[str, Any]:
    import asyncio

    op = _op_for(adapter, req)

    async def run(meter: Meter) -> None:
        async def lane() -> None:
            while (i := meter.take()) is not None:
                items = await op(i)  # not `meter.items += await ...`: that races
                meter.items += items
                meter.done += 1

        await asyncio.gather(*(lane() for _ in range(req["concurrency"])))

    async def readline() -> str:
        return await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)

    return await _measure(run, req, readline)


async def _drive_anyio(adapter: AsyncAdapter, req: dict[str, Any]) -> dict[str, Any]:
    import anyio

    op = _op_for(adapter, req)

    async def run(meter: Meter) -> None:
        async def lane() -> None:
            while (i := meter.take()) is not None:
                items = await op(i)  # not `meter.items += await ...`: that races
                meter.items += items
                meter.done += 1

        async with anyio.create_task_group() as tg:
            for _ in range(req["concurrency"]):
                tg.start_soon(lane)

    async def readline() -> str:
        return await anyio.to_thread.run_sync(sys.stdin.readline)

    return await _measure(run, req, readline)


# --------------------------------------------------------------------------------------------
# Clients.


def run_arango_anyio(req: dict[str, Any], backend: str) -> dict[str, Any]:
    try:
        import anyio

        import arango_anyio
        from arango_anyio import ArangoClient
    except ImportError as exc:
        raise Skip(f"arango_anyio.ArangoClient not available yet ({exc})") from None
    if backend == "trio":
        try:
            import trio  # noqa: F401
        except ImportError:
            raise Skip("trio is not installed") from None

    url = req["url"]

    async def main() -> dict[str, Any]:
        async with ArangoClient(hosts=url) as client:
            db = await client.db("_system", username="root", password="")
            stream_db = await client.db(
                req.get("stream_db", STREAM_DB), username="root", password=""
            )
            bench = db.collection("bench")
            many = db.collection("benchmany")

            class Adapter(AsyncAdapter):
                # the JSON codec tells which install this is: orjson is what a plain
                # `pip install` gets on CPython; ARANGO_ANYIO_NO_ORJSON=1 measures the fallback
                version = (f"{getattr(arango_anyio, '__version__', '?')}, "
                           f"{_json_codec()}")

                async def get(self, key: str) -> Any:
                    return await bench.get(key)

                async def insert(self, doc: dict[str, Any]) -> Any:
                    return await bench.insert(doc)

                async def cursor_batch(self) -> int:
                    count = 0
                    async with db.aql.execute(QUERY, batch_size=BATCH) as cursor:
                        async for _ in cursor:
                            count += 1
                    return count

                async def insert_many(self, docs: list[dict[str, Any]]) -> Any:
                    return await many.insert_many(docs)

                async def stream(self) -> int:
                    count = 0
                    async with stream_db.aql.execute(QUERY, batch_size=BATCH) as cursor:
                        async for _ in cursor:
                            count += 1
                    return count

            result = await _drive_anyio(Adapter(), req)
            result["version"] = Adapter.version
            return result

    out: dict[str, Any] = anyio.run(main, backend=backend)
    return out


def _leaves(exc: BaseException) -> list[BaseException]:
    """The exceptions inside (nested) exception groups, or ``[exc]``."""
    subs = getattr(exc, "exceptions", None)  # BaseExceptionGroup (3.11+, or the backport)
    if isinstance(subs, (list, tuple)) and subs:
        return [leaf for sub in subs for leaf in _leaves(sub)]
    return [exc]


def run_arangoasync(req: dict[str, Any]) -> dict[str, Any]:
    import asyncio
    from importlib.metadata import version

    try:
        from arangoasync import ArangoClient
        from arangoasync.auth import Auth
    except ImportError as exc:
        raise Skip(f"python-arango-async not installed ({exc})") from None

    async def main() -> dict[str, Any]:
        async with ArangoClient(hosts=req["url"]) as client:
            auth = Auth(username="root", password="")
            db = await client.db("_system", auth=auth)
            stream_db = await client.db(req.get("stream_db", STREAM_DB), auth=auth)
            bench = db.collection("bench")
            many = db.collection("benchmany")

            class Adapter(AsyncAdapter):
                async def get(self, key: str) -> Any:
                    return await bench.get(key)

                async def insert(self, doc: dict[str, Any]) -> Any:
                    return await bench.insert(doc)

                async def cursor_batch(self) -> int:
                    return await _drain(await db.aql.execute(QUERY, batch_size=BATCH))

                async def insert_many(self, docs: list[dict[str, Any]]) -> Any:
                    return await many.insert_many(docs)

                async def stream(self) -> int:
                    return await _drain(await stream_db.aql.execute(QUERY, batch_size=BATCH))

            result = await _drive_asyncio(Adapter(), req)
            result["version"] = version("python-arango-async")
            return result

    return asyncio.run(main())


async def _drain(cursor: Any) -> int:
    count = 0
    async with cursor:
        async for _ in cursor:
            count += 1
    return count


def run_aioarango(req: dict[str, Any]) -> dict[str, Any]:
    import asyncio
    from importlib.metadata import version

    try:
        from aioarango import ArangoClient
    except ImportError as exc:
        raise Skip(f"aioarango not installed ({exc})") from None

    async def main() -> dict[str, Any]:
        client = ArangoClient(hosts=req["url"])
        try:
            db = await client.db("_system", username="root", password="")
            stream_db = await client.db(
                req.get("stream_db", STREAM_DB), username="root", password=""
            )
            bench = db.collection("bench")
            many = db.collection("benchmany")

            class Adapter(AsyncAdapter):
                async def get(self, key: str) -> Any:
                    return await bench.get(key)

                async def insert(self, doc: dict[str, Any]) -> Any:
                    return await bench.insert(doc)

                async def cursor_batch(self) -> int:
                    return await _drain(await db.aql.execute(QUERY, batch_size=BATCH))

                async def insert_many(self, docs: list[dict[str, Any]]) -> Any:
                    return await many.insert_many(docs)

                async def stream(self) -> int:
                    return await _drain(await stream_db.aql.execute(QUERY, batch_size=BATCH))

            result = await _drive_asyncio(Adapter(), req)
            result["version"] = f"{version('aioarango')} (httpx {version('httpx')})"
            return result
        finally:
            await client.close()

    return asyncio.run(main())


def run_python_arango(req: dict[str, Any]) -> dict[str, Any]:
    import asyncio
    from importlib.metadata import version

    try:
        from arango.client import ArangoClient
    except ImportError as exc:
        raise Skip(f"python-arango not installed ({exc})") from None
    if req["concurrency"] != 1:
        raise Skip("synchronous driver: 1 in flight only")

    client = ArangoClient(hosts=req["url"])
    try:
        db: Any = client.db("_system", username="root", password="")
        stream_db: Any = client.db(req.get("stream_db", STREAM_DB), username="root", password="")
        bench = db.collection("bench")
        many = db.collection("benchmany")

        # The sync calls block inside these coroutines, which never suspend: with one lane
        # that is exactly a synchronous loop, and the workloads' code is shared.
        class Adapter(AsyncAdapter):
            async def get(self, key: str) -> Any:
                return bench.get(key)

            async def insert(self, doc: dict[str, Any]) -> Any:
                return bench.insert(doc)

            async def cursor_batch(self) -> int:
                with db.aql.execute(QUERY, batch_size=BATCH) as cursor:
                    return sum(1 for _ in cursor)

            async def insert_many(self, docs: list[dict[str, Any]]) -> Any:
                return many.insert_many(docs)

            async def stream(self) -> int:
                with stream_db.aql.execute(QUERY, batch_size=BATCH) as cursor:
                    return sum(1 for _ in cursor)

        result = asyncio.run(_drive_asyncio(Adapter(), req))
        result["version"] = version("python-arango")
        return result
    finally:
        client.close()


def run_httpx(req: dict[str, Any]) -> dict[str, Any]:
    """Plain ``httpx.AsyncClient`` doing the same HTTP calls: no driver around it."""
    import asyncio

    import httpx

    base = req["url"]
    loads = json.loads
    dumps = json.dumps

    async def main() -> dict[str, Any]:
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
        async with httpx.AsyncClient(base_url=base, limits=limits) as session:
            auth = ("root", "")
            query = dumps({"query": QUERY, "batchSize": BATCH})

            async def stream_from(db_name: str) -> int:
                resp = await session.post(f"/_db/{db_name}/_api/cursor", content=query, auth=auth)
                body = loads(resp.content)
                count = len(body["result"])
                while body["hasMore"]:
                    resp = await session.post(f"/_db/{db_name}/_api/cursor/{body['id']}", auth=auth)
                    body = loads(resp.content)
                    count += len(body["result"])
                return count

            class Adapter(AsyncAdapter):
                async def get(self, key: str) -> Any:
                    resp = await session.get(f"/_db/_system/_api/document/bench/{key}", auth=auth)
                    return loads(resp.content)

                async def insert(self, doc: dict[str, Any]) -> Any:
                    resp = await session.post(
                        "/_db/_system/_api/document/bench", content=dumps(doc), auth=auth
                    )
                    return loads(resp.content)

                async def cursor_batch(self) -> int:
                    return await stream_from("_system")

                async def insert_many(self, docs: list[dict[str, Any]]) -> Any:
                    resp = await session.post(
                        "/_db/_system/_api/document/benchmany", content=dumps(docs), auth=auth
                    )
                    return loads(resp.content)

                async def stream(self) -> int:
                    return await stream_from(req.get("stream_db", STREAM_DB))

            result = await _drive_asyncio(Adapter(), req)
            result["version"] = httpx.__version__
            return result

    return asyncio.run(main())


# --------------------------------------------------------------------------------------------
# The raw-socket floor: keep-alive HTTP/1.1 by hand, one connection per lane, JSON decoded.


def _json_codec() -> str:
    """The JSON codec arango_anyio uses (``orjson`` or ``json``), when it says."""
    try:
        from arango_anyio import _serde
    except ImportError:
        return "json codec unknown"
    return str(getattr(_serde, "IMPLEMENTATION", "orjson" if _serde.HAVE_ORJSON else "json"))


def _json_loads() -> tuple[Callable[[bytes], Any], Callable[[Any], bytes], str]:
    try:
        import orjson

        return orjson.loads, orjson.dumps, "orjson"
    except ImportError:
        return json.loads, (lambda o: json.dumps(o).encode()), "json"


class RawRequests:
    """Canned request bytes for the raw floor (basic auth header like the drivers send)."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.loads, self.dumps, self.json_name = _json_loads()
        self.head = (
            f"Host: {self.host}:{self.port}\r\n"
            "Authorization: Basic cm9vdDo=\r\n"
            "Accept: application/json\r\n"
        ).encode()

    def build(self, method: str, path: str, body: bytes = b"") -> bytes:
        start = f"{method} {path} HTTP/1.1\r\n".encode()
        length = (
            f"Content-Length: {len(body)}\r\n\r\n".encode() if body or method != "GET" else b"\r\n"
        )
        return start + self.head + length + body

    def cursor_request(self, db: str) -> bytes:
        body = self.dumps({"query": QUERY, "batchSize": BATCH})
        return self.build("POST", f"/_db/{db}/_api/cursor", body)


def _parse_head(head: bytes) -> tuple[int, int]:
    """(status, content-length) from a response head (without the final CRLFCRLF)."""
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return status, int(value)
    raise ValueError("response without content-length")


class RawAdapterBase(AsyncAdapter):
    """Workloads over one ``roundtrip(request_bytes) -> body`` per lane connection."""

    def __init__(self, reqs: RawRequests, stream_db: str = STREAM_DB) -> None:
        self.reqs = reqs
        self.stream_db = stream_db
        self.version = f"http/1.1 by hand + {reqs.json_name}"
        self.get_prefix = b""

    async def roundtrip(self, data: bytes) -> bytes:
        raise NotImplementedError

    async def get(self, key: str) -> Any:
        data = self.reqs.build("GET", f"/_db/_system/_api/document/bench/{key}")
        return self.reqs.loads(await self.roundtrip(data))

    async def insert(self, doc: dict[str, Any]) -> Any:
        data = self.reqs.build("POST", "/_db/_system/_api/document/bench", self.reqs.dumps(doc))
        return self.reqs.loads(await self.roundtrip(data))

    async def insert_many(self, docs: list[dict[str, Any]]) -> Any:
        data = self.reqs.build(
            "POST", "/_db/_system/_api/document/benchmany", self.reqs.dumps(docs)
        )
        return self.reqs.loads(await self.roundtrip(data))

    async def _cursor(self, db: str) -> int:
        body = self.reqs.loads(await self.roundtrip(self.reqs.cursor_request(db)))
        count = len(body["result"])
        while body["hasMore"]:
            data = self.reqs.build("POST", f"/_db/{db}/_api/cursor/{body['id']}")
            body = self.reqs.loads(await self.roundtrip(data))
            count += len(body["result"])
        return count

    async def cursor_batch(self) -> int:
        return await self._cursor("_system")

    async def stream(self) -> int:
        return await self._cursor(self.stream_db)


class _LanePool:
    """One connection per lane: a lane takes a free connection or opens one."""

    def __init__(self, connect: Callable[[], Awaitable[Any]]) -> None:
        self.connect = connect
        self.free: list[Any] = []
        self.all: list[Any] = []

    async def take(self) -> Any:
        if self.free:
            return self.free.pop()
        conn = await self.connect()
        self.all.append(conn)
        return conn

    def give(self, conn: Any) -> None:
        self.free.append(conn)


def run_raw_asyncio(req: dict[str, Any]) -> dict[str, Any]:
    import asyncio

    reqs = RawRequests(req["url"])

    class Conn:
        def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            self.reader, self.writer = reader, writer

    async def connect() -> Conn:
        reader, writer = await asyncio.open_connection(reqs.host, reqs.port, limit=2**20)
        return Conn(reader, writer)

    pool = _LanePool(connect)

    class Adapter(RawAdapterBase):
        async def roundtrip(self, data: bytes) -> bytes:
            conn: Conn = await pool.take()
            conn.writer.write(data)
            head = await conn.reader.readuntil(b"\r\n\r\n")
            _, length = _parse_head(head[:-4])
            body = await conn.reader.readexactly(length)
            pool.give(conn)
            return body

    async def main() -> dict[str, Any]:
        try:
            result = await _drive_asyncio(Adapter(reqs, req.get("stream_db", STREAM_DB)), req)
        finally:
            for conn in pool.all:
                conn.writer.close()
        result["version"] = f"asyncio streams + {reqs.json_name}"
        return result

    return asyncio.run(main())


def run_raw_trio(req: dict[str, Any]) -> dict[str, Any]:
    try:
        import trio
    except ImportError:
        raise Skip("trio is not installed") from None

    reqs = RawRequests(req["url"])

    class Conn:
        def __init__(self, stream: trio.SocketStream) -> None:
            self.stream = stream
            self.buf = bytearray()

    async def connect() -> Conn:
        return Conn(await trio.open_tcp_stream(reqs.host, reqs.port))

    pool = _LanePool(connect)

    class Adapter(RawAdapterBase):
        async def roundtrip(self, data: bytes) -> bytes:
            conn: Conn = await pool.take()
            await conn.stream.send_all(data)
            buf = conn.buf
            while (end := buf.find(b"\r\n\r\n")) < 0:
                chunk = await conn.stream.receive_some(262144)
                if not chunk:
                    raise ConnectionError("server closed the connection")
                buf += chunk
            _, length = _parse_head(bytes(buf[:end]))
            total = end + 4 + length
            while len(buf) < total:
                chunk = await conn.stream.receive_some(max(262144, total - len(buf)))
                if not chunk:
                    raise ConnectionError("server closed the connection")
                buf += chunk
            body = bytes(buf[end + 4 : total])
            del buf[:total]
            pool.give(conn)
            return body

    async def main() -> dict[str, Any]:
        try:
            result = await _drive_anyio(Adapter(reqs, req.get("stream_db", STREAM_DB)), req)
        finally:
            for conn in pool.all:
                await conn.stream.aclose()
        result["version"] = f"trio streams + {reqs.json_name}"
        return result

    out: dict[str, Any] = trio.run(main)
    return out


def run_raw_anyio(req: dict[str, Any], backend: str) -> dict[str, Any]:
    """The same hand-written HTTP/1.1 on AnyIO byte streams: what AnyIO itself costs."""
    import anyio
    from anyio.abc import SocketStream

    reqs = RawRequests(req["url"])

    class Conn:
        def __init__(self, stream: SocketStream) -> None:
            self.stream = stream
            self.buf = bytearray()

    async def connect() -> Conn:
        return Conn(await anyio.connect_tcp(reqs.host, reqs.port))

    pool = _LanePool(connect)

    class Adapter(RawAdapterBase):
        async def roundtrip(self, data: bytes) -> bytes:
            conn: Conn = await pool.take()
            await conn.stream.send(data)
            buf = conn.buf
            while (end := buf.find(b"\r\n\r\n")) < 0:
                buf += await conn.stream.receive(262144)  # EndOfStream if closed
            _, length = _parse_head(bytes(buf[:end]))
            total = end + 4 + length
            while len(buf) < total:
                buf += await conn.stream.receive(max(262144, total - len(buf)))
            body = bytes(buf[end + 4 : total])
            del buf[:total]
            pool.give(conn)
            return body

    async def main() -> dict[str, Any]:
        try:
            result = await _drive_anyio(Adapter(reqs, req.get("stream_db", STREAM_DB)), req)
        finally:
            for conn in pool.all:
                await conn.stream.aclose()
        result["version"] = f"anyio {backend} streams + {reqs.json_name}"
        return result

    out: dict[str, Any] = anyio.run(main, backend=backend)
    return out


RUNNERS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "arango_anyio/asyncio": lambda req: run_arango_anyio(req, "asyncio"),
    "arango_anyio/trio": lambda req: run_arango_anyio(req, "trio"),
    "python-arango-async": run_arangoasync,
    "python-arango": run_python_arango,
    "aioarango": run_aioarango,
    "httpx": run_httpx,
    "raw/asyncio": run_raw_asyncio,
    "raw/trio": run_raw_trio,
    "raw-anyio/asyncio": lambda req: run_raw_anyio(req, "asyncio"),
    "raw-anyio/trio": lambda req: run_raw_anyio(req, "trio"),
}


def main(argv: list[str]) -> int:
    req = json.loads(argv[1])
    try:
        if req["workload"] not in WORKLOADS:
            raise Skip(f"unknown workload {req['workload']}")
        if req.get("profile"):  # cProfile the timed slices into this pstats file
            import cProfile

            PROFILER.append(cProfile.Profile())
        try:
            out = RUNNERS[req["client"]](req)
        finally:
            if PROFILER:
                PROFILER[0].dump_stats(req["profile"])
    except BaseException as exc:  # report, don't hide: the runner prints it in the table
        if isinstance(exc, KeyboardInterrupt):
            raise
        leaves = _leaves(exc)  # the real errors, not the task group around them
        if all(isinstance(leaf, Skip) for leaf in leaves):
            out = {"ok": False, "skip": str(leaves[0])}
        else:
            leaf = next(leaf for leaf in leaves if not isinstance(leaf, Skip))
            tb = traceback.format_exc(limit=12)
            out = {"ok": False, "error": f"{type(leaf).__name__}: {leaf}", "traceback": tb}
    _emit(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
