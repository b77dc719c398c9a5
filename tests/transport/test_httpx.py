"""The standard httpx path: httpx.AsyncClient(transport=ArangoTransport())."""

from __future__ import annotations

import gzip
from collections.abc import AsyncIterator

import httpx
import pytest

from arango_anyio._transport import ArangoTransport
from tests.transport.server import Request, ServerConnection, chunked, response, serve

pytestmark = pytest.mark.anyio


async def echo(request: Request, conn: ServerConnection) -> None:
    if request.path == "/gzip":
        await conn.send(
            response(body=gzip.compress(b"squeezed"), headers={"Content-Encoding": "gzip"})
        )
    elif request.path == "/chunked":
        await conn.send(chunked(b"a", b"bc"))
    else:
        info = f"{request.method} {request.path} {request.headers.get('transfer-encoding')}"
        await conn.send(response(body=info.encode() + b"|" + request.body, reason="Fine"))


async def test_requests_through_httpx_client() -> None:
    async with serve(echo) as server:
        async with httpx.AsyncClient(transport=ArangoTransport(), base_url=server.url) as client:
            resp = await client.get("/path", params={"q": "a b"})
            assert resp.text == "GET /path?q=a+b None|"
            assert resp.reason_phrase == "Fine"
            assert resp.http_version == "HTTP/1.1"
            resp = await client.post("/p", content=b"payload")
            assert resp.text == "POST /p None|payload"
            resp = await client.post("/j", json={"a": 1})
            assert resp.text == 'POST /j None|{"a":1}'
            resp = await client.get("/gzip")
            assert resp.content == b"squeezed"
            resp = await client.get("/chunked")
            assert resp.content == b"abc"
            resp = await client.head("/h")
            assert resp.content == b""
            assert (await client.delete("/d")).status_code == 200
        assert server.accepted == 1


async def test_streamed_request_body() -> None:
    async def parts() -> AsyncIterator[bytes]:
        for piece in (b"one,", b"", b"two,", b"three" * 10_000):
            yield piece

    async with serve(echo) as server:
        transport = ArangoTransport()
        async with httpx.AsyncClient(transport=transport, base_url=server.url) as client:
            resp = await client.post("/s", content=parts())
            assert resp.content == b"POST /s chunked|one,two," + b"three" * 10_000
            resp = await client.post("/s", content=parts(), headers={"Content-Length": "50008"})
            assert resp.content.startswith(b"POST /s None|one,two,three")
        assert transport.statistics().open == 0  # closed with the client
    assert server.accepted == 1


async def test_errors_surface_as_httpx_errors() -> None:
    async with serve() as server:
        port = server.port
    async with httpx.AsyncClient(transport=ArangoTransport()) as client:
        with pytest.raises(httpx.ConnectError):
            await client.get(f"http://127.0.0.1:{port}/")


async def test_header_injection_is_refused() -> None:
    async with (
        serve(echo) as server,
        httpx.AsyncClient(transport=ArangoTransport(), base_url=server.url) as client,
    ):
        request = client.build_request("GET", "/x")
        request.headers["X-Evil"] = "1\r\nX-Injected: 1"
        with pytest.raises(httpx.LocalProtocolError):
            await client.send(request)
    assert server.requests == []
