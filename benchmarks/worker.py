"""One benchmark measurement in its own process: ``worker.py '<json request>'``.

The request (argv[1]) is a JSON object::

    {"client": "python-arango-async", "workload": "get64", "n": 20000, "concurrency": 64,
     "url": "http://127.0.0.1:PORT", "time_limit": 30}

and the worker prints exactly one JSON line on stdout::

    {"ok": true, "ops": 20000, "items": 20000, "seconds": 2.8, "rate": 7142.9,
     "capped": false, "rss_start_mb": 41.0, "peak_rss_mb": 44.2, "growth_mb": 3.2,
     "version": "1.2.7"}

or ``{"ok": false, "skip": "why"}`` (client not available, or workload not supported) or
``{"ok": false, "error": "..."}``. ``items`` counts documents for the document workloads and
requests otherwise; ``rate`` is items per second. Memory: ``peak_rss_mb`` is the process's
high-water RSS (``resource.getrusage``); ``growth_mb`` is that peak minus the RSS just before
the timed section, so it is what the workload itself added.

Only the standard library is imported at the top: each client's modules are imported inside
its own runner, so one worker file serves every virtualenv.

Every load loop is bounded twice: by the op count ``n`` and by the wall-clock ``time_limit``
(the loop stops taking new ops once it is past; ``capped`` then says so). Traffic goes only to
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
    """Counts ops and items within a bounded, timed section."""

    def __init__(self, n: int, time_limit: float) -> None:
        self.n = n
        self.time_limit = time_limit
        self.issued = 0
        self.done = 0
        self.items = 0
        self.capped = False
        self.start = 0.0
        self.end = 0.0
        self.deadline = 0.0
        self.rss_start = 0.0

    def begin(self) -> None:
        self.rss_start = _rss_mb()
        self.start = time.perf_counter()
        self.deadline = self.start + self.time_limit

    def take(self) -> int | None:
        """The next op's index, or None when the count or the time is used up."""
        if self.issued >= self.n:
            return None
        if time.perf_counter() > self.deadline:
            self.capped = True
            return None
        self.issued += 1
        return self.issued - 1

    def finish(self) -> dict[str, Any]:
        self.end = time.perf_counter()
        seconds = self.end - self.start
        peak = _peak_rss_mb()
        return {
            "ok": True,
            "ops": self.done,
            "items": self.items,
            "seconds": round(seconds, 4),
            "rate": self.items / seconds if seconds > 0 else 0.0,
            "capped": self.capped,
            "rss_start_mb": round(self.rss_start, 1),
            "peak_rss_mb": round(peak, 1),
            "growth_mb": round(max(0.0, peak - self.rss_start), 1),
        }


# --------------------------------------------------------------------------------------------
# Async drivers share one shape: an adapter with one coroutine per workload.


class AsyncAdapter:
    """What a workload needs from an async client; each method is one op."""

    version = "?"
    per_op_items = {"cursor1k": BATCH, "insert_many": BATCH}

    async def get(self, key: str) -> None:
        raise Skip("get not supported")

    async def insert(self, doc: dict[str, Any]) -> None:
        raise Skip("insert not supported")

    async def cursor_batch(self) -> int:
        raise Skip("cursor not supported")

    async def insert_many(self, docs: list[dict[str, Any]]) -> None:
        raise Skip("insert_many not supported")

    async def stream(self) -> int:
        raise Skip("stream not supported")


def _op_for(adapter: AsyncAdapter, workload: str) -> Callable[[int], Awaitable[int]]:
    """The coroutine function for one op of ``workload``: index -> items done."""
    if workload in ("get1", "get64"):

        async def op(i: int) -> int:
            await adapter.get(f"k{i % 1000}")
            return 1

    elif workload == "insert64":

        async def op(i: int) -> int:
            await adapter.insert({"i": i, "name": f"doc-{i}", "ok": True})
            return 1

    elif workload == "cursor1k":

        async def op(i: int) -> int:
            return await adapter.cursor_batch()

    elif workload == "insert_many":
        docs = _small_docs(BATCH * 100)
        chunks = list(_batches(docs))

        async def op(i: int) -> int:
            chunk = chunks[i % len(chunks)]
            await adapter.insert_many(chunk)
            return len(chunk)

    elif workload == "stream1m":

        async def op(i: int) -> int:
            return await adapter.stream()

    else:
        raise Skip(f"unknown workload {workload}")
    return op


def _warmup_count(workload: str, n: int, concurrency: int) -> int:
    if workload == "stream1m":
        return 0
    if workload in ("cursor1k", "insert_many"):
        return 2
    return max(concurrency, min(200, n // 10))


async def _drive_asyncio(
    adapter: AsyncAdapter, workload: str, n: int, concurrency: int, time_limit: float
) -> dict[str, Any]:
    import asyncio

    op = _op_for(adapter, workload)

    async def run(meter: Meter) -> None:
        async def lane() -> None:
            while (i := meter.take()) is not None:
                items = await op(i)  # not `meter.items += await ...`: that races
                meter.items += items
                meter.done += 1

        await asyncio.gather(*(lane() for _ in range(concurrency)))

    warm = _warmup_count(workload, n, concurrency)
    if warm:
        await run(Meter(warm, time_limit))
    meter = Meter(n, time_limit)
    meter.begin()
    await run(meter)
    return meter.finish()


async def _drive_anyio(
    adapter: AsyncAdapter, workload: str, n: int, concurrency: int, time_limit: float
) -> dict[str, Any]:
    import anyio

    op = _op_for(adapter, workload)

    async def run(meter: Meter) -> None:
        async def lane() -> None:
            while (i := meter.take()) is not None:
                items = await op(i)  # not `meter.items += await ...`: that races
                meter.items += items
                meter.done += 1

        async with anyio.create_task_group() as tg:
            for _ in range(concurrency):
                tg.start_soon(lane)

    warm = _warmup_count(workload, n, concurrency)
    if warm:
        await run(Meter(warm, time_limit))
    meter = Meter(n, time_limit)
    meter.begin()
    await run(meter)
    return meter.finish()


# --------------------------------------------------------------------------------------------
# Clients.


def run_arango_anyio(req: dict[str, Any], backend: str) -> dict[str, Any]:
    try:
        import anyio

        import arango_anyio
        from arango_anyio import ArangoClient  # type: ignore[attr-defined]
    except ImportError as exc:
        raise Skip(f"arango_anyio.ArangoClient not available yet ({exc})") from None
    if backend == "trio":
        try:
            import trio  # noqa: F401
        except ImportError:
            raise Skip("trio is not installed") from None

    url, workload = req["url"], req["workload"]

    async def main() -> dict[str, Any]:
        async with ArangoClient(hosts=url) as client:
            db = await client.db("_system", username="root", password="")
            stream_db = await client.db(STREAM_DB, username="root", password="")
            bench = db.collection("bench")
            many = db.collection("benchmany")

            class Adapter(AsyncAdapter):
                version = getattr(arango_anyio, "__version__", "?")

                async def get(self, key: str) -> None:
                    await bench.get(key)

                async def insert(self, doc: dict[str, Any]) -> None:
                    await bench.insert(doc)

                async def cursor_batch(self) -> int:
                    count = 0
                    async with db.aql.execute(QUERY, batch_size=BATCH) as cursor:
                        async for _ in cursor:
                            count += 1
                    return count

                async def insert_many(self, docs: list[dict[str, Any]]) -> None:
                    await many.insert_many(docs)

                async def stream(self) -> int:
                    count = 0
                    async with stream_db.aql.execute(QUERY, batch_size=BATCH) as cursor:
                        async for _ in cursor:
                            count += 1
                    return count

            result = await _drive_anyio(
                Adapter(), workload, req["n"], req["concurrency"], req["time_limit"]
            )
            result["version"] = Adapter.version
            return result

    try:
        out: dict[str, Any] = anyio.run(main, backend=backend)
    except BaseException as exc:
        # The API is being built: a missing method is a skip, not a crash of the whole run.
        missing = _leaves(exc)
        if missing and all(isinstance(e, (AttributeError, NotImplementedError)) for e in missing):
            first = missing[0]
            raise Skip(f"arango_anyio API not complete yet: {type(first).__name__}: {first}")
        raise
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
            stream_db = await client.db(STREAM_DB, auth=auth)
            bench = db.collection("bench")
            many = db.collection("benchmany")

            class Adapter(AsyncAdapter):
                async def get(self, key: str) -> None:
                    await bench.get(key)

                async def insert(self, doc: dict[str, Any]) -> None:
                    await bench.insert(doc)

                async def cursor_batch(self) -> int:
                    return await _drain(await db.aql.execute(QUERY, batch_size=BATCH))

                async def insert_many(self, docs: list[dict[str, Any]]) -> None:
                    await many.insert_many(docs)

                async def stream(self) -> int:
                    return await _drain(await stream_db.aql.execute(QUERY, batch_size=BATCH))

            result = await _drive_asyncio(
                Adapter(), req["workload"], req["n"], req["concurrency"], req["time_limit"]
            )
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
            stream_db = await client.db(STREAM_DB, username="root", password="")
            bench = db.collection("bench")
            many = db.collection("benchmany")

            class Adapter(AsyncAdapter):
                async def get(self, key: str) -> None:
                    await bench.get(key)

                async def insert(self, doc: dict[str, Any]) -> None:
                    await bench.insert(doc)

                async def cursor_batch(self) -> int:
                    return await _drain(await db.aql.execute(QUERY, batch_size=BATCH))

                async def insert_many(self, docs: list[dict[str, Any]]) -> None:
                    await many.insert_many(docs)

                async def stream(self) -> int:
                    return await _drain(await stream_db.aql.execute(QUERY, batch_size=BATCH))

            result = await _drive_asyncio(
                Adapter(), req["workload"], req["n"], req["concurrency"], req["time_limit"]
            )
            result["version"] = f"{version('aioarango')} (httpx {version('httpx')})"
            return result
        finally:
            await client.close()

    return asyncio.run(main())


def run_python_arango(req: dict[str, Any]) -> dict[str, Any]:
    from importlib.metadata import version

    try:
        from arango import ArangoClient
    except ImportError as exc:
        raise Skip(f"python-arango not installed ({exc})") from None
    workload, n, time_limit = req["workload"], req["n"], req["time_limit"]
    if req["concurrency"] != 1:
        raise Skip("synchronous driver: 1 in flight only")

    client = ArangoClient(hosts=req["url"])
    try:
        db = client.db("_system", username="root", password="")
        stream_db = client.db(STREAM_DB, username="root", password="")
        bench = db.collection("bench")
        many = db.collection("benchmany")
        chunks = list(_batches(_small_docs(BATCH * 100))) if workload == "insert_many" else []

        def op(i: int) -> int:
            if workload == "get1":
                bench.get(f"k{i % 1000}")
                return 1
            if workload == "cursor1k":
                with db.aql.execute(QUERY, batch_size=BATCH) as cursor:
                    return sum(1 for _ in cursor)
            if workload == "insert_many":
                chunk = chunks[i % len(chunks)]
                many.insert_many(chunk)
                return len(chunk)
            if workload == "stream1m":
                with stream_db.aql.execute(QUERY, batch_size=BATCH) as cursor:
                    return sum(1 for _ in cursor)
            raise Skip(f"unknown workload {workload}")

        def run(meter: Meter) -> None:
            while (i := meter.take()) is not None:
                meter.items += op(i)
                meter.done += 1

        warm = _warmup_count(workload, n, 1)
        if warm:
            run(Meter(warm, time_limit))
        meter = Meter(n, time_limit)
        meter.begin()
        run(meter)
        result = meter.finish()
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
                async def get(self, key: str) -> None:
                    resp = await session.get(f"/_db/_system/_api/document/bench/{key}", auth=auth)
                    loads(resp.content)

                async def insert(self, doc: dict[str, Any]) -> None:
                    resp = await session.post(
                        "/_db/_system/_api/document/bench", content=dumps(doc), auth=auth
                    )
                    loads(resp.content)

                async def cursor_batch(self) -> int:
                    return await stream_from("_system")

                async def insert_many(self, docs: list[dict[str, Any]]) -> None:
                    resp = await session.post(
                        "/_db/_system/_api/document/benchmany", content=dumps(docs), auth=auth
                    )
                    loads(resp.content)

                async def stream(self) -> int:
                    return await stream_from(STREAM_DB)

            result = await _drive_asyncio(
                Adapter(), req["workload"], req["n"], req["concurrency"], req["time_limit"]
            )
            result["version"] = httpx.__version__
            return result

    return asyncio.run(main())


# --------------------------------------------------------------------------------------------
# The raw-socket floor: keep-alive HTTP/1.1 by hand, one connection per lane, JSON decoded.


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

    def __init__(self, reqs: RawRequests) -> None:
        self.reqs = reqs
        self.version = f"http/1.1 by hand + {reqs.json_name}"
        self.get_prefix = b""

    async def roundtrip(self, data: bytes) -> bytes:
        raise NotImplementedError

    async def get(self, key: str) -> None:
        self.reqs.loads(
            await self.roundtrip(self.reqs.build("GET", f"/_db/_system/_api/document/bench/{key}"))
        )

    async def insert(self, doc: dict[str, Any]) -> None:
        data = self.reqs.build("POST", "/_db/_system/_api/document/bench", self.reqs.dumps(doc))
        self.reqs.loads(await self.roundtrip(data))

    async def insert_many(self, docs: list[dict[str, Any]]) -> None:
        data = self.reqs.build(
            "POST", "/_db/_system/_api/document/benchmany", self.reqs.dumps(docs)
        )
        self.reqs.loads(await self.roundtrip(data))

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
        return await self._cursor(STREAM_DB)


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
            result = await _drive_asyncio(
                Adapter(reqs), req["workload"], req["n"], req["concurrency"], req["time_limit"]
            )
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
            result = await _drive_anyio(
                Adapter(reqs), req["workload"], req["n"], req["concurrency"], req["time_limit"]
            )
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
            result = await _drive_anyio(
                Adapter(reqs), req["workload"], req["n"], req["concurrency"], req["time_limit"]
            )
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
        out = RUNNERS[req["client"]](req)
    except Skip as skip:
        out = {"ok": False, "skip": str(skip)}
    except BaseException as exc:  # report, don't hide: the runner prints it in the table
        if isinstance(exc, KeyboardInterrupt):
            raise
        tb = traceback.format_exc(limit=6)
        out = {"ok": False, "error": f"{type(exc).__name__}: {exc}", "traceback": tb}
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
