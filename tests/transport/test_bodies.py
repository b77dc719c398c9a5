"""Response framing: Content-Length, chunked, read-until-close, bodiless responses."""

from __future__ import annotations

from typing import Any

import pytest

from arango_anyio._transport import ArangoTransport
from tests.transport.server import Request, ServerConnection, chunked, response, serve

pytestmark = pytest.mark.anyio


async def test_content_length_body_and_headers() -> None:
    async def handler(request: Request, conn: ServerConnection) -> None:
        await conn.send(
            response(
                201,
                b'{"_key":"a"}',
                reason="Created",
                headers={"Content-Type": "application/json", "X-Multi": "a", "x-multi": "b"},
            )
        )

    async with serve(handler) as server:
        transport = ArangoTransport()
        try:
            resp = await transport.request(
                "POST", server.url + "/_api/document/c?returnNew=true", {"X-Test": "1"}, b"{}"
            )
        finally:
            await transport.aclose()
    assert resp.status_code == 201
    assert resp.reason == "Created"
    assert resp.body == b'{"_key":"a"}'
    assert resp.headers["content-type"] == "application/json"
    assert resp.headers["x-multi"] == "a, b"
    assert resp.headers["content-length"] == "12"
    (request,) = server.requests
    assert request.method == "POST"
    assert request.path == "/_api/document/c?returnNew=true"
    assert request.headers["host"] == f"127.0.0.1:{server.port}"
    assert request.headers["content-length"] == "2"
    assert request.headers["x-test"] == "1"
    assert request.body == b"{}"


async def test_chunked_body_in_pieces() -> None:
    async def handler(request: Request, conn: ServerConnection) -> None:
        data = chunked(b"[1,", b"2,", b"3]")
        for i in range(0, len(data), 7):  # many small writes: the parser sees partial chunks
            await conn.send(data[i : i + 7])

    async with serve(handler) as server, _transport() as transport:
        for _ in range(2):
            resp = await transport.request("GET", server.url + "/", None, None)
            assert resp.body == b"[1,2,3]"
            assert resp.headers["transfer-encoding"] == "chunked"
    assert server.accepted == 1


async def test_large_bodies_both_ways() -> None:
    big = bytes(range(256)) * 8192  # 2 MiB

    async def handler(request: Request, conn: ServerConnection) -> None:
        await conn.send(response(body=request.body[::-1]))

    async with serve(handler) as server, _transport() as transport:
        resp = await transport.request("PUT", server.url + "/x", None, big)
        assert resp.body == big[::-1]
        resp = await transport.request("PUT", server.url + "/x", None, b"")
        assert resp.body == b""
        assert server.requests[-1].headers["content-length"] == "0"


async def test_read_until_close() -> None:
    async def handler(request: Request, conn: ServerConnection) -> None:
        await conn.send(response(body=b"until the end", length=False))
        await conn.close()

    async with serve(handler) as server, _transport() as transport:
        for _ in range(2):
            resp = await transport.request("GET", server.url + "/", None, None)
            assert resp.body == b"until the end"
        assert transport.statistics().open == 0
    assert server.accepted == 2


async def test_connection_close_from_server_is_not_reused() -> None:
    async def handler(request: Request, conn: ServerConnection) -> None:
        await conn.send(response(headers={"Connection": "close"}))

    async with serve(handler) as server, _transport() as transport:
        for _ in range(3):
            resp = await transport.request("GET", server.url + "/", None, None)
            assert resp.status_code == 200
        assert transport.statistics().open == 0
    assert server.accepted == 3


async def test_http10_response_without_keep_alive_is_not_reused() -> None:
    async def handler(request: Request, conn: ServerConnection) -> None:
        await conn.send(b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok")

    async with serve(handler) as server, _transport() as transport:
        for _ in range(2):
            assert (await transport.request("GET", server.url + "/", None, None)).body == b"ok"
    assert server.accepted == 2


async def test_head_204_304_have_no_body_and_keep_the_connection() -> None:
    async def handler(request: Request, conn: ServerConnection) -> None:
        if request.method == "HEAD":
            await conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n")
        elif request.path == "/204":
            await conn.send(b"HTTP/1.1 204 No Content\r\n\r\n")
        elif request.path == "/304":
            await conn.send(b"HTTP/1.1 304 Not Modified\r\nETag: x\r\n\r\n")
        else:
            await conn.send(response(body=b"tail"))

    async with serve(handler) as server, _transport() as transport:
        for _ in range(2):
            resp = await transport.request("HEAD", server.url + "/", None, None)
            assert (resp.status_code, resp.body, resp.headers["content-length"]) == (
                200,
                b"",
                "1234",
            )
            assert (await transport.request("GET", server.url + "/204", None, None)).body == b""
            resp = await transport.request("GET", server.url + "/304", None, None)
            assert (resp.status_code, resp.body) == (304, b"")
            assert (await transport.request("GET", server.url + "/", None, None)).body == b"tail"
    assert server.accepted == 1


async def test_informational_response_is_skipped() -> None:
    async def handler(request: Request, conn: ServerConnection) -> None:
        await conn.send(b"HTTP/1.1 100 Continue\r\n\r\n" + response(body=b"final"))

    async with serve(handler) as server, _transport() as transport:
        resp = await transport.request("POST", server.url + "/", None, b"x")
        assert (resp.status_code, resp.body) == (200, b"final")
        resp = await transport.request("POST", server.url + "/", None, b"x")
        assert resp.body == b"final"
    assert server.accepted == 1


async def test_request_head_rules() -> None:
    async with serve() as server, _transport() as transport:
        resp = await transport.request(
            "GET",
            server.url + "?a=1",
            {"Host": "evil", "content-length": "99", "Accept": "*/*"},
            None,
        )
        assert resp.status_code == 200
        request = server.requests[-1]
        assert request.path == "/?a=1"
        assert request.headers["host"] == f"127.0.0.1:{server.port}"
        assert "content-length" not in request.headers
        for bad in ({"X-A": "1\r\nX-Injected: 1"}, {"X-A\n": "1"}, {"X-A": "caf\u00e9\u20ac"}):
            with pytest.raises(Exception, match=r"CR or LF|latin-1"):
                await transport.request("GET", server.url + "/", bad, None)
        with pytest.raises(Exception, match="unsupported URL"):
            await transport.request("GET", "ftp://127.0.0.1/x", None, None)
    assert len(server.requests) == 1


def _transport(**kwargs: Any) -> _Managed:
    return _Managed(ArangoTransport(**kwargs))


class _Managed:
    def __init__(self, transport: ArangoTransport) -> None:
        self.transport = transport

    async def __aenter__(self) -> ArangoTransport:
        return self.transport

    async def __aexit__(self, *exc: object) -> None:
        await self.transport.aclose()


async def test_urls_without_a_path() -> None:
    async with serve() as server, _transport() as transport:
        await transport.request("GET", server.url, None, None)
        await transport.request("GET", server.url + "?x=/y", None, None)
        await transport.request("GET", server.url + "/p?x=/y", None, None)
    assert [r.path for r in server.requests] == ["/", "/?x=/y", "/p?x=/y"]
    assert server.accepted == 1
