"""Quick throughput check of the transport against a canned keep-alive server on 127.0.0.1.

Not a test (pytest doesn't collect it). Run from the repository root:
``PYTHONPATH=. .venv/bin/python tests/transport/bench_transport.py [--rounds 3 --seconds 1]``.
It prints, per backend and for 1 and 64 requests in flight, the best round of: a bare
keep-alive loop on an AnyIO stream (the floor), ``ArangoTransport.request`` and
``httpx.AsyncClient`` over the transport, with the client's CPU time per request. The server is
a separate process. Every loop is bounded by a request count and a time limit.
"""

from __future__ import annotations

import argparse
import multiprocessing
import select
import socket
import time
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

import anyio
import httpx

from arango_anyio._transport import ArangoTransport

BODY = b'{"_key":"k1","_id":"c/k1","_rev":"_hV0n---","name":"x","value":42}'
RESPONSE = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
    b"Server: ArangoDB\r\nConnection: Keep-Alive\r\nX-Arango-Queue-Time-Seconds: 0.000000\r\n"
    b"Content-Length: " + str(len(BODY)).encode() + b"\r\n\r\n" + BODY
)
REQUEST = b"GET /_db/_system/_api/document/c/k1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


def serve(port_out: multiprocessing.connection.Connection, max_seconds: float) -> None:
    """A canned keep-alive server: one epoll loop answering each request head with RESPONSE."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(256)
    listener.setblocking(False)
    port_out.send(listener.getsockname()[1])
    ep = select.epoll()
    ep.register(listener.fileno(), select.EPOLLIN)
    conns: dict[int, tuple[socket.socket, list[bytes]]] = {}
    stop_at = time.monotonic() + max_seconds
    while time.monotonic() < stop_at:
        for fd, _ in ep.poll(1.0):
            if fd == listener.fileno():
                while True:
                    try:
                        sock, _ = listener.accept()
                    except BlockingIOError:
                        break
                    sock.setblocking(False)
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    conns[sock.fileno()] = (sock, [b""])
                    ep.register(sock.fileno(), select.EPOLLIN)
                continue
            sock, pending = conns[fd]
            try:
                data = sock.recv(65536)
            except BlockingIOError:
                continue
            except ConnectionError:
                data = b""
            if not data:
                ep.unregister(fd)
                sock.close()
                del conns[fd]
                continue
            buf = pending[0] + data
            count = buf.count(b"\r\n\r\n")
            pending[0] = buf[buf.rfind(b"\r\n\r\n") + 4 :] if count else buf
            if count:
                try:
                    sock.sendall(RESPONSE * count)
                except (BlockingIOError, ConnectionError):
                    pass


async def raw_loop(port: int, n: int, deadline: float) -> int:
    """The floor: keep-alive requests on a bare AnyIO stream with minimal parsing."""
    done = 0
    async with await anyio.connect_tcp("127.0.0.1", port) as stream:
        while done < n and time.monotonic() < deadline:
            await stream.send(REQUEST)
            buf = b""
            while True:
                buf += await stream.receive(65536)
                end = buf.find(b"\r\n\r\n")
                if end >= 0:
                    start = buf.find(b"Content-Length: ") + 16
                    length = int(buf[start : buf.find(b"\r\n", start)])
                    if len(buf) >= end + 4 + length:
                        break
            done += 1
    return done


async def transport_loop(transport: ArangoTransport, url: str, n: int, deadline: float) -> int:
    done = 0
    headers = {"Accept": "application/json", "Authorization": "bearer abc.def.ghi"}
    while done < n and time.monotonic() < deadline:
        response = await transport.request("GET", url, headers, None)
        assert response.status_code == 200
        done += 1
    return done


async def httpx_loop(client: httpx.AsyncClient, url: str, n: int, deadline: float) -> int:
    done = 0
    while done < n and time.monotonic() < deadline:
        response = await client.get(url)
        assert response.status_code == 200
        done += 1
    return done


async def measure(
    concurrency: int, seconds: float, make: Callable[[float], Awaitable[int]]
) -> tuple[float, float]:
    """Requests per second, and client CPU microseconds per request."""
    total = 0

    async def one(deadline: float) -> None:
        nonlocal total
        count = await make(deadline)
        total += count

    await make(time.monotonic() + 0.2)  # warm-up
    start = time.monotonic()
    cpu = time.process_time()
    deadline = start + seconds
    async with anyio.create_task_group() as tg:
        for _ in range(concurrency):
            tg.start_soon(one, deadline)
    return total / (time.monotonic() - start), (time.process_time() - cpu) / total * 1e6


async def run_all(port: int, seconds: float, only: str | None, rounds: int) -> None:
    """Run every client in turn, ``rounds`` times interleaved; print the best round of each."""
    url = f"http://127.0.0.1:{port}/_db/_system/_api/document/c/k1"
    n = 10_000_000
    for concurrency in (1, 64):
        best: dict[str, tuple[float, float]] = {}

        def keep(name: str, result: tuple[float, float], best: dict[str, Any] = best) -> None:
            if name not in best or result[0] > best[name][0]:
                best[name] = result

        for _ in range(rounds):
            if only in (None, "raw"):
                keep(
                    "raw anyio stream",
                    await measure(concurrency, seconds, partial(raw_loop, port, n)),
                )
            if only in (None, "transport"):
                transport = ArangoTransport()
                try:
                    keep(
                        "ArangoTransport.request",
                        await measure(
                            concurrency, seconds, partial(transport_loop, transport, url, n)
                        ),
                    )
                finally:
                    await transport.aclose()
            if only in (None, "httpx"):
                async with httpx.AsyncClient(transport=ArangoTransport()) as client:
                    keep(
                        "httpx.AsyncClient(ArangoTransport)",
                        await measure(concurrency, seconds, partial(httpx_loop, client, url, n)),
                    )
        floor = best.get("raw anyio stream", (0.0, 0.0))[0]
        for name, (rate, cpu) in best.items():
            ratio = f"{rate / floor:5.0%} of raw" if floor else ""
            print(
                f"{concurrency:3d} in flight  {name:36s} {rate:9,.0f} req/s"
                f"  {cpu:6.1f} us CPU/req  {ratio}",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=["asyncio", "trio"], action="append")
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--only", choices=["raw", "transport", "httpx"])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    receiver, sender = multiprocessing.Pipe(duplex=False)
    server = multiprocessing.Process(target=serve, args=(sender, 300.0), daemon=True)
    server.start()
    port = receiver.recv()
    try:
        for backend in args.backend or ["asyncio", "trio"]:
            print(f"--- {backend}")
            anyio.run(run_all, port, args.seconds, args.only, args.rounds, backend=backend)
    finally:
        server.terminate()
        server.join()


if __name__ == "__main__":
    main()
