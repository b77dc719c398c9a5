"""HTTP clients: tuning the default one, extending it, writing one on plain httpx, and the
exceptions a client raises for a request that was not sent or may have been sent
(docs/topics/http-clients.md).

    python docs/examples/http_clients.py                   # asyncio, then trio
    python docs/examples/http_clients.py --backend trio

The emulator is served on loopback HTTP (``serve(...)``) so that real connections are made.
"""

from __future__ import annotations

import argparse
import itertools
from collections.abc import MutableMapping

import anyio
import httpx

from arango_anyio import ArangoClient, DefaultHTTPClient, HTTPClient, Response
from arango_anyio.exceptions import ServerConnectionError
from arango_anyio.http import Headers, RequestMaybeSent, RequestNotSent
from arango_anyio.testing import Emulator, serve


async def tuned(url: str) -> None:
    # [start tuned]
    http_client = DefaultHTTPClient(
        pool_size=8,
        idle_timeout=10,
        connect_timeout=2,
        max_response_size=256 << 20,  # answers that declare their length: up to 256 MiB
        max_undeclared_response_size=16 << 20,  # chunked ones (from a proxy): 16 MiB
    )
    async with ArangoClient(hosts=url, http_client=http_client) as client:
        db = await client.db("_system", username="root", password="")
        async with anyio.create_task_group() as group:
            for _ in range(32):
                group.start_soon(db.version)
        pool = client.statistics().pool
        assert pool is not None
        print("pool:", pool.open, "open,", pool.idle, "idle,", pool.waiting, "waiting")
    # [end tuned]


# [start subclass]
class TracingHTTPClient(DefaultHTTPClient):
    """The default client, adding a request id to every request."""

    def __init__(self) -> None:
        super().__init__()
        self.ids = itertools.count(1)

    async def send_request(self, session: httpx.AsyncClient, method: str, url: str,
                           headers: Headers | None = None,
                           params: MutableMapping[str, str] | None = None,
                           data: str | bytes | None = None,
                           auth: tuple[str, str] | None = None) -> Response:
        headers = dict(headers or {})
        headers["x-request-id"] = f"app-{next(self.ids)}"
        return await super().send_request(session, method, url, headers, params, data, auth)
# [end subclass]


async def traced(url: str) -> None:
    # [start use-subclass]
    async with ArangoClient(hosts=url, http_client=TracingHTTPClient()) as client:
        db = await client.db("_system", username="root", password="")
        echoed = await db.echo()                # the server shows what it received
        print("request id:", echoed["headers"].get("x-request-id"))
    # [end use-subclass]


# [start httpx]
class HttpxClient(HTTPClient):
    """An HTTP client on plain httpx (its own pool, its own transport options)."""

    def create_session(self, host: str) -> httpx.AsyncClient:
        limits = httpx.Limits(max_connections=16, max_keepalive_connections=16)
        return httpx.AsyncClient(base_url=host, limits=limits, timeout=None, http2=False)

    async def send_request(self, session: httpx.AsyncClient, method: str, url: str,
                           headers: Headers | None = None,
                           params: MutableMapping[str, str] | None = None,
                           data: str | bytes | None = None,
                           auth: tuple[str, str] | None = None) -> Response:
        answer = await session.request(method, url, params=params, content=data,
                                       headers=headers, auth=auth)
        return Response(method=method, url=str(answer.url), headers=answer.headers,
                        status_code=answer.status_code, status_text=answer.reason_phrase,
                        raw_body=answer.content)
# [end httpx]


async def plain_httpx(url: str) -> None:
    # [start use-httpx]
    async with ArangoClient(hosts=url, http_client=HttpxClient()) as client:
        db = await client.db("_system", username="root", password="")
        orders = db.collection("orders")
        await orders.insert({"_key": "via-httpx"})
        print("over httpx:", await orders.has("via-httpx"))
    # [end use-httpx]


# [start flaky]
class FlakyHTTPClient(HttpxClient):
    """Fails the first attempt of every request, the way a network does."""

    def __init__(self, sent: bool) -> None:
        self.sent = sent                        # fail after sending, or before
        self.failed: set[tuple[str, str]] = set()

    async def send_request(self, session: httpx.AsyncClient, method: str, url: str,
                           headers: Headers | None = None,
                           params: MutableMapping[str, str] | None = None,
                           data: str | bytes | None = None,
                           auth: tuple[str, str] | None = None) -> Response:
        if (method, url) not in self.failed:
            self.failed.add((method, url))
            if self.sent:
                raise RequestMaybeSent("connection reset by peer", stage="reading")
            raise RequestNotSent("connection refused", stage="connecting")
        return await super().send_request(session, method, url, headers, params, data, auth)
# [end flaky]


async def contract(url: str) -> None:
    # [start contract]
    async with ArangoClient(hosts=url, http_client=FlakyHTTPClient(sent=False)) as client:
        orders = (await client.db("_system", username="root", password="")).collection("orders")
        await orders.insert({"_key": "retried"})      # not sent: the client sends it again
        print("not sent, then retried:", await orders.has("retried"))

    async with ArangoClient(hosts=url, http_client=FlakyHTTPClient(sent=True)) as client:
        orders = (await client.db("_system", username="root", password="")).collection("orders")
        print("a read is retried:", await orders.has("retried"))
        try:
            await orders.insert({"_key": "maybe"})    # maybe sent: a write is not re-sent
        except ServerConnectionError as error:
            print("maybe sent:", error.may_have_been_applied)
    # [end contract]


async def main() -> None:
    emulator = Emulator(root_password="")
    async with serve(emulator, coordinators=1) as urls:
        url = urls[0]
        async with ArangoClient(hosts=url) as client:
            await (await client.db("_system", username="root", password="")).create_collection(
                "orders")
        await tuned(url)
        await traced(url)
        await plain_httpx(url)
        await contract(url)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["asyncio", "trio", "both"], default="both")
    backend = parser.parse_args().backend
    for name in ("asyncio", "trio") if backend == "both" else (backend,):
        print(f"-- {name}")
        anyio.run(main, backend=name)
