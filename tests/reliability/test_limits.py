"""Answers that never end, claim too much or inflate without bound are cut off: a clear typed
error within the deadline, the connection closed, memory bounded, other tasks running on."""

from __future__ import annotations

import functools
import gzip
import time
import zlib
from collections.abc import Awaitable, Callable

import anyio
import anyio.lowlevel
import pytest

from arango_anyio import ArangoClient
from arango_anyio.exceptions import (
    RequestTimeoutError,
    ResponseParseError,
    ResponseTooLargeError,
)
from arango_anyio.http import DefaultHTTPClient

from ._support_pool import assert_pool_clean
from .rawserver import VERSION, Conn, RawServer, answer, raw_server

pytestmark = pytest.mark.anyio

MIB = 1 << 20
BLOCK = b"x" * 65536


def first_then_version(bad: bytes | None, *,
                       stream: str = "") -> Callable[[Conn, RawServer], Awaitable[None]]:
    """The first request gets ``bad`` and then, per ``stream``, an endless chunked body
    (``"chunked"``) or an endless stream of body bytes (``"raw"``); later ones get the
    version."""

    async def handler(conn: Conn, server: RawServer) -> None:
        while (request := await conn.read_request()) is not None:
            server.requests.append(request)
            if len(server.requests) > 1:
                await conn.send(VERSION)
                continue
            if bad is not None:
                await conn.send(bad)
            if stream == "chunked":
                chunk = b"%x\r\n%s\r\n" % (len(BLOCK), BLOCK)
                while True:
                    await conn.send(chunk)
            if stream == "raw":
                while True:
                    await conn.send(BLOCK)

    return handler


class Ticker:
    """Counts how often another task gets to run."""

    def __init__(self) -> None:
        self.ticks = 0
        self.longest_gap = 0.0

    async def run(self) -> None:
        last = time.monotonic()
        while True:
            await anyio.lowlevel.checkpoint()
            now = time.monotonic()
            self.longest_gap = max(self.longest_gap, now - last)
            last = now
            self.ticks += 1


@pytest.mark.parametrize("stream", ["chunked", "raw"])
async def test_an_endless_body_ends_at_the_deadline_and_others_keep_running(stream: str) -> None:
    head = (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" if stream == "chunked"
            else b"HTTP/1.1 200 OK\r\nContent-Length: 900000000\r\n\r\n")
    ticker = Ticker()
    # limits above what arrives before the deadline: the deadline must end it
    http = DefaultHTTPClient(max_response_size=950_000_000,
                             max_undeclared_response_size=950_000_000)
    async with (
        raw_server(first_then_version(head, stream=stream)) as server,
        ArangoClient(hosts=server.url, request_timeout=0.5, max_retries=0,
                     http_client=http) as client,
        anyio.create_task_group() as tg,
    ):
        tg.start_soon(ticker.run)
        db = await client.db("_system", password="pw")
        started = time.monotonic()
        with pytest.raises(RequestTimeoutError) as info:
            await db.version()
        elapsed = time.monotonic() - started
        tg.cancel_scope.cancel()
    assert elapsed < 0.5 + 0.5, elapsed
    assert "reading the answer" in str(info.value)
    # the read gave the other task a turn at least every few milliseconds
    assert ticker.ticks > 20
    assert ticker.longest_gap < 0.1, ticker.longest_gap


async def test_an_endless_body_without_a_declared_length_stops_at_64_mib() -> None:
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    async with (
        raw_server(first_then_version(head, stream="chunked")) as server,
        ArangoClient(hosts=server.url, request_timeout=30, max_retries=0) as client,
    ):
        db = await client.db("_system", password="pw")
        with pytest.raises(ResponseTooLargeError) as info:
            await db.version()
        exc = info.value
        assert exc.limit == 64 * MIB and exc.http_code == 200
        assert "does not declare its length" in str(exc)
        assert "max_undeclared_response_size" in str(exc)
        # the connection was closed, not reused
        assert await db.version() == "3.12.0"
        assert server.connections == 2
        assert_pool_clean(client)


@pytest.mark.parametrize("framing", ["content-length", "chunked", "close"])
async def test_only_an_answer_without_a_declared_length_is_held_to_the_undeclared_limit(
    framing: str,
) -> None:
    payload = b'{"version":"3.12.0","padding":"' + b"p" * (2 * MIB) + b'"}'
    if framing == "content-length":
        whole = answer(200, payload, reason="OK")
    elif framing == "chunked":
        whole = (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                 + b"%x\r\n%s\r\n0\r\n\r\n" % (len(payload), payload))
    else:  # the body ends when the server closes the connection
        whole = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + payload

    async def handler(conn: Conn, server: RawServer) -> None:
        if await conn.read_request() is not None:
            await conn.send(whole)

    http = DefaultHTTPClient(max_undeclared_response_size=MIB)
    async with (
        raw_server(handler) as server,
        ArangoClient(hosts=server.url, max_retries=0, http_client=http) as client,
    ):
        db = await client.db("_system", password="pw")
        if framing == "content-length":
            assert await db.version() == "3.12.0"
            return
        with pytest.raises(ResponseTooLargeError) as info:
            await db.version()
        assert info.value.limit == MIB
        assert_pool_clean(client)


async def test_the_smaller_limit_counts_for_an_undeclared_length() -> None:
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    http = DefaultHTTPClient(max_response_size=MIB)  # below the 64 MiB undeclared default
    async with (
        raw_server(first_then_version(head, stream="chunked")) as server,
        ArangoClient(hosts=server.url, max_retries=0, http_client=http) as client,
    ):
        db = await client.db("_system", password="pw")
        with pytest.raises(ResponseTooLargeError) as info:
            await db.version()
        assert info.value.limit == MIB
        assert "max_response_size" in str(info.value)
        assert "max_undeclared" not in str(info.value)


def test_a_limit_below_one_byte_is_refused() -> None:
    with pytest.raises(ValueError, match="max_response_size"):
        DefaultHTTPClient(max_response_size=0)
    with pytest.raises(ValueError, match="max_undeclared_response_size"):
        DefaultHTTPClient(max_undeclared_response_size=0)


async def test_a_declared_length_over_the_limit_is_refused_at_once() -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Length: 50000000000\r\n\r\n"
    async with (
        raw_server(first_then_version(head, stream="raw")) as server,
        ArangoClient(hosts=server.url, request_timeout=5, max_retries=0) as client,
    ):
        db = await client.db("_system", password="pw")
        started = time.monotonic()
        with pytest.raises(ResponseTooLargeError) as info:
            await db.version()
        assert time.monotonic() - started < 1.0
        exc = info.value
        assert exc.limit == 1 << 30 and exc.http_code == 200
        assert "max_response_size" in str(exc) and "50,000,000,000" in str(exc)
        assert not exc.may_have_been_applied  # a read
        # the connection was closed, not reused: the next call opens a new one
        assert await db.version() == "3.12.0"
        assert server.connections == 2
        assert_pool_clean(client)


async def test_a_body_that_keeps_coming_past_the_limit_is_cut_off() -> None:
    head = b"HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n"
    async with (
        raw_server(first_then_version(head, stream="chunked")) as server,
        ArangoClient(hosts=server.url, request_timeout=10, max_retries=0,
                     http_client=DefaultHTTPClient(max_response_size=8 * MIB)) as client,
    ):
        db = await client.db("_system", password="pw")
        with pytest.raises(ResponseTooLargeError) as info:
            await db.collection("c").insert({"_key": "k"})
        exc = info.value
        assert exc.limit == 8 * MIB and exc.http_code == 201
        assert exc.may_have_been_applied  # the server answered: it handled the write
        assert await db.version() == "3.12.0"
        assert server.connections == 2


async def test_an_answer_within_the_limit_is_read() -> None:
    body = b'{"version":"3.12.0","padding":"' + b"p" * (3 * MIB) + b'"}'
    async def handler(conn: Conn, server: RawServer) -> None:
        while await conn.read_request() is not None:
            await conn.send(answer(200, body, reason="OK"))

    async with (
        raw_server(handler) as server,
        ArangoClient(hosts=server.url,  # (the limit counts the head too)
                     http_client=DefaultHTTPClient(max_response_size=len(body) + 200)) as client,
    ):
        db = await client.db("_system", password="pw")
        assert await db.version() == "3.12.0"


@functools.cache
def _bomb(encoding: str) -> bytes:
    """64 KB that inflate to 64 MiB of spaces (the ratio of a real bomb; smaller, so the test
    makes it fast)."""
    data = b" " * (64 * MIB)
    return gzip.compress(data, 1) if encoding == "gzip" else zlib.compress(data, 1)


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
async def test_a_decompression_bomb_is_refused(encoding: str) -> None:
    bad = answer(200, _bomb(encoding), reason="OK", headers={"Content-Encoding": encoding})
    async with (
        raw_server(first_then_version(bad)) as server,
        ArangoClient(hosts=server.url, response_compression=True, max_retries=0) as client,
    ):
        db = await client.db("_system", password="pw")
        started = time.monotonic()
        with pytest.raises(ResponseParseError) as info:
            await db.version()
        assert time.monotonic() - started < 1.0
        assert "decompression bomb" in str(info.value)
        assert await db.version() == "3.12.0"


async def test_decompressed_size_is_bounded_by_the_limit() -> None:
    data = b'{"version":"3.12.0","x":"' + bytes(range(256)) * 20_000 + b'"}'  # ~5 MB
    bad = answer(200, gzip.compress(data), reason="OK", headers={"Content-Encoding": "gzip"})
    async with (
        raw_server(first_then_version(bad)) as server,
        ArangoClient(hosts=server.url, response_compression=True, max_retries=0,
                     http_client=DefaultHTTPClient(max_response_size=MIB)) as client,
    ):
        db = await client.db("_system", password="pw")
        with pytest.raises(ResponseTooLargeError, match="decodes to over"):
            await db.version()


async def test_an_encoding_the_client_did_not_ask_for_is_refused() -> None:
    bad = answer(200, gzip.compress(b'{"version":"3.12.0"}'), reason="OK",
                 headers={"Content-Encoding": "gzip"})
    async with (
        raw_server(first_then_version(bad)) as server,
        ArangoClient(hosts=server.url, max_retries=0) as client,  # no response_compression
    ):
        db = await client.db("_system", password="pw")
        with pytest.raises(ResponseParseError, match="did not ask for"):
            await db.version()
        assert "accept-encoding" not in server.requests[0].headers


async def test_an_unknown_encoding_is_refused_even_when_compression_is_on() -> None:
    bad = answer(200, b"\x00\x01", reason="OK", headers={"Content-Encoding": "br"})
    async with (
        raw_server(first_then_version(bad)) as server,
        ArangoClient(hosts=server.url, response_compression=True, max_retries=0) as client,
    ):
        db = await client.db("_system", password="pw")
        with pytest.raises(ResponseParseError, match="'br'"):
            await db.version()
