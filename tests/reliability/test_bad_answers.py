"""Answers from a broken server or proxy become typed errors with the HTTP status and a
readable message — never a raw KeyError/JSONDecodeError, never a hang.

A raw loopback server answers the exact bytes each test scripts; then hypothesis fuzzes the
answers seen by the API groups' handlers (documents, bulk, cursors, server, collections).
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio
import httpx
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from arango_anyio import ArangoClient
from arango_anyio.exceptions import (
    ArangoClientError,
    ArangoError,
    ArangoServerError,
    RequestTimeoutError,
    ResponseParseError,
    ServerConnectionError,
)
from arango_anyio.http import Headers, HTTPClient
from arango_anyio.response import Response
from tests.pool import pool_of

from .rawserver import VERSION, Conn, RawServer, answer, raw_server

pytestmark = pytest.mark.anyio

HTML_502 = (b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>"
            b"502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>")


def first_then_good(bad: Callable[[Conn], Awaitable[bool]]) -> Any:
    """A handler answering the first request with ``bad``, every later one correctly."""
    async def handler(conn: Conn, server: RawServer) -> None:
        while (request := await conn.read_request()) is not None:
            server.requests.append(request)
            if len(server.requests) == 1:
                # a complete bad answer leaves the connection open (a server closing it right
                # after a keep-alive answer would race with the client reusing it)
                if not await bad(conn):
                    return
                continue
            await conn.send(VERSION)

    return handler


def sends(data: bytes, *, then: str = "keep") -> Callable[[Conn], Awaitable[bool]]:
    """Send ``data``, then keep serving the connection, close it, or stall."""
    async def bad(conn: Conn) -> bool:
        await conn.send(data)
        if then == "stall":
            await anyio.sleep_forever()
        return then == "keep"

    return bad


async def _expect(bad: Callable[[Conn], Awaitable[bool]],
                  error: type[ArangoError] | tuple[type[ArangoError], ...], *,
                  call: str = "version", bound: float = 3.0) -> Any:
    async with (
        raw_server(first_then_good(bad)) as server,
        ArangoClient(hosts=server.url, max_retries=0, request_timeout=bound) as client,
    ):
        db = await client.db("_system", password="pw")
        started = time.monotonic()
        with anyio.fail_after(bound + 2), pytest.raises(ArangoError) as info:
            if call == "version":
                await db.version()
            else:
                await db.collection("c").insert({"_key": "k"})
        assert time.monotonic() - started < bound + 1
        exc = info.value
        assert isinstance(exc, error), repr(exc)
        text = str(exc)
        assert text and "Traceback" not in text
        # the client is still usable: the broken connection was not reused
        with anyio.fail_after(2):
            assert (await db.version()) == "3.12.0"
        pool = pool_of(client)
        assert pool.in_use == 0 and pool.waiting == 0
        return exc


async def test_empty_body_on_success_is_a_parse_error() -> None:
    exc = await _expect(sends(answer(200, b"", reason="OK"), then="keep"), ResponseParseError)
    assert exc.http_code == 200


async def test_empty_body_on_error_keeps_the_status() -> None:
    exc = await _expect(sends(answer(500, b"", reason="Internal Server Error")),
                        ArangoServerError)
    assert exc.http_code == 500 and exc.error_code is None
    assert "500" in str(exc) and "Internal Server Error" in str(exc)


async def test_html_502_page_from_a_proxy() -> None:
    exc = await _expect(sends(answer(502, HTML_502, reason="Bad Gateway",
                                     headers={"Content-Type": "text/html"})), ArangoServerError)
    assert exc.http_code == 502 and exc.error_code is None
    assert "502" in str(exc) and "Bad Gateway" in str(exc)


async def test_html_page_with_200_is_a_parse_error() -> None:
    exc = await _expect(sends(answer(200, HTML_502, reason="OK")), ResponseParseError)
    assert exc.http_code == 200


async def test_truncated_json_with_matching_length() -> None:
    exc = await _expect(sends(answer(200, b'{"server":"arango","vers', reason="OK")),
                        ResponseParseError)
    assert exc.http_code == 200 and "200" in str(exc)


async def test_content_length_longer_than_the_body_then_close() -> None:
    exc = await _expect(sends(answer(200, b'{"server":', reason="OK", length=500),
                              then="close"), ServerConnectionError)
    assert "closed" in str(exc) or "mid-response" in str(exc)


async def test_content_length_shorter_than_the_body() -> None:
    # the answer is cut where the length says: half a JSON document, then garbage
    await _expect(sends(answer(200, b'{"server":"arango","version":"3.12.0"}', reason="OK",
                               length=12), then="keep"), ResponseParseError)


async def test_content_length_longer_than_the_body_then_stall_is_bounded() -> None:
    await _expect(sends(answer(200, b'{"server":', reason="OK", length=500), then="stall"),
                  RequestTimeoutError, bound=0.5)


async def test_a_body_that_never_ends_is_bounded_by_the_timeout() -> None:
    async def trickle(conn: Conn) -> bool:
        await conn.send(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        while True:
            await conn.send(b"1\r\n \r\n")
            await anyio.sleep(0.01)
        return False  # pragma: no cover

    await _expect(trickle, RequestTimeoutError, bound=0.5)


async def test_huge_headers() -> None:
    head = b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-Filler-%d: %s\r\n" % (i, b"y" * 1000)
                                             for i in range(100))
    # ~100 KB of headers, then an empty object: the head limit (64 KiB) is checked per
    # read, so this one may pass it; either way the caller gets a typed error
    await _expect(sends(head + b"Content-Length: 2\r\n\r\n{}"),
                  (ResponseParseError, ServerConnectionError))


async def test_endless_headers_are_cut_off() -> None:
    async def endless(conn: Conn) -> bool:
        await conn.send(b"HTTP/1.1 200 OK\r\n")
        for i in range(100_000):
            await conn.send(b"X-Filler-%d: %s\r\n" % (i, b"y" * 1000))
        return False  # pragma: no cover

    exc = await _expect(endless, ServerConnectionError)
    assert "larger than" in str(exc)


async def test_garbage_instead_of_http() -> None:
    await _expect(sends(b"SSH-2.0-OpenSSH_9.6\r\n\r\n", then="close"), ServerConnectionError)


async def test_bad_gzip_body() -> None:
    exc = await _expect(sends(answer(200, b"not gzip at all", reason="OK",
                                     headers={"Content-Encoding": "gzip"})),
                        ResponseParseError)
    assert "gzip" in str(exc)


async def test_good_gzip_body_is_read_when_asked_for() -> None:
    async def good(conn: Conn, server: RawServer) -> None:
        while (request := await conn.read_request()) is not None:
            server.requests.append(request)
            await conn.send(answer(200, gzip.compress(b'{"version":"3.12.1"}'), reason="OK",
                                   headers={"Content-Encoding": "gzip"}))

    async with (
        raw_server(good) as server,
        ArangoClient(hosts=server.url, response_compression=True) as client,
    ):
        db = await client.db("_system")
        assert await db.version() == "3.12.1"
    assert "gzip" in server.requests[0].headers["accept-encoding"]


async def test_unknown_error_num() -> None:
    body = b'{"error":true,"errorNum":987654,"errorMessage":"a new kind of trouble","code":418}'
    exc = await _expect(sends(answer(418, body, reason="I'm a teapot"), then="keep"),
                        ArangoServerError)
    assert isinstance(exc, ArangoServerError)
    assert (exc.http_code, exc.error_code) == (418, 987654)
    assert exc.error_message == "a new kind of trouble"
    assert "[HTTP 418][ERR 987654] a new kind of trouble" in str(exc)


@pytest.mark.parametrize("body", [
    b'{"error":true}', b'{"error":true,"errorNum":"11","errorMessage":7}', b"[]", b"null",
    b'"just a string"', b"12",
])
async def test_error_body_missing_or_odd_fields(body: bytes) -> None:
    exc = await _expect(sends(answer(409, body, reason="Conflict"), then="keep"),
                        ArangoServerError, call="insert")
    assert isinstance(exc, ArangoServerError)
    assert exc.http_code == 409 and exc.error_code is None
    assert "409" in str(exc) and exc.error_message


async def test_lost_answer_to_a_write_is_reported_as_maybe_applied() -> None:
    exc = await _expect(sends(b"HTTP/1.1 201 Created\r\nContent-Length: 50\r\n\r\n{",
                              then="close"), ServerConnectionError, call="insert")
    assert isinstance(exc, ServerConnectionError) and exc.may_have_been_applied


# -- fuzzing the handlers ------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner,
                                                                 max_size=4),
    max_leaves=12,
)
KEYS = ["result", "hasMore", "id", "count", "error", "errorNum", "errorMessage", "code",
        "_key", "_id", "_rev", "new", "old", "version", "server", "extra", "nextBatchId",
        "created", "errors", "details", "name", "status", "type", "cached", "stats"]
SHAPED = st.dictionaries(st.sampled_from(KEYS), JSON, max_size=8)
STATUSES = st.sampled_from([200, 201, 202, 204, 206, 304, 400, 401, 403, 404, 409, 412, 500,
                            502, 503]) | st.integers(100, 599)


@st.composite
def answers(draw: st.DrawFn) -> tuple[int, bytes]:
    import json

    status = draw(st.sampled_from([200, 201, 202]) | STATUSES)
    kind = draw(st.sampled_from(["shaped", "json", "bytes", "empty", "list"]))
    if kind == "shaped":
        body = json.dumps(draw(SHAPED)).encode()
    elif kind == "json":
        body = json.dumps(draw(JSON)).encode()
    elif kind == "list":
        body = json.dumps(draw(st.lists(SHAPED | JSON, max_size=4))).encode()
    elif kind == "bytes":
        body = draw(st.binary(max_size=40))
    else:
        body = b""
    return status, body


class ScriptedHTTPClient(HTTPClient):
    """Answers each request with the next scripted (status, body); then a cursor's end."""

    def __init__(self) -> None:
        self.script: list[tuple[int, bytes]] = []

    def create_session(self, host: str) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=host)

    async def send_request(
        self,
        session: httpx.AsyncClient,
        method: str,
        url: str,
        headers: Headers | None = None,
        params: MutableMapping[str, str] | None = None,
        data: str | bytes | None = None,
        auth: tuple[str, str] | None = None,
    ) -> Response:
        await anyio.lowlevel.checkpoint()
        status, body = self.script.pop(0) if self.script else (200, b'{"hasMore":false,'
                                                                     b'"result":[]}')
        return Response(method, url, {"content-type": "application/json"}, status, "Fuzz", body)


async def _fuzz_call(db: Any, which: str) -> Any:
    collection = db.collection("c")
    if which == "get":
        return await collection.get("k")
    if which == "insert":
        return await collection.insert({"_key": "k"})
    if which == "insert_many":
        return await collection.insert_many([{"_key": "a"}, {"_key": "b"}])
    if which == "import_bulk":
        return await collection.import_bulk([{"_key": "a"}, {"_key": "b"}])
    if which == "update":
        return await collection.update({"_key": "k", "v": 1})
    if which == "delete":
        return await collection.delete("k")
    if which == "count":
        return await collection.count()
    if which == "properties":
        return await collection.properties()
    if which == "version":
        return await db.version()
    if which == "cursor":
        async with db.aql.execute("FOR d IN c RETURN d", batch_size=2) as cursor:
            docs = [doc async for doc in cursor]
            return docs, cursor.statistics(), cursor.warnings()  # metadata reads too
    raise AssertionError(which)


FUZZED = ["get", "insert", "insert_many", "import_bulk", "update", "delete", "count",
          "properties", "version", "cursor"]


@pytest.fixture
async def scripted() -> Any:
    """One client over the scripted HTTP client, shared by the examples of a test."""
    http = ScriptedHTTPClient()
    async with ArangoClient(hosts="http://fuzz:8529", http_client=http, max_retries=1,
                            retry_backoff=0.001, request_timeout=5) as client:
        yield http, await client.db("_system")


@settings(max_examples=150)
@example(which="count", script=[(200, b'{"count":"many"}')])
@example(which="count", script=[(200, b'{"count":1e999}')])
@example(which="cursor", script=[(201, b'{"hasMore":true,"id":"1","result":[1]}'),
                                 (200, b'{"hasMore":"x","result":[2],"extra":7}')])
@example(which="cursor", script=[(201, b'{"hasMore":false,"result":[1],"extra":{"stats":5}}')])
@example(which="import_bulk", script=[(201, b'{"errors":"two","created":0}')])
@given(which=st.sampled_from(FUZZED), script=st.lists(answers(), min_size=1, max_size=3))
async def test_fuzzed_answers_give_results_or_typed_errors(
        scripted: Any, which: str, script: list[tuple[int, bytes]]) -> None:
    http, db = scripted
    http.script = list(script)
    try:
        with anyio.fail_after(5):
            await _fuzz_call(db, which)
    except ArangoServerError as exc:
        assert exc.http_code is not None and str(exc)
    except ArangoClientError as exc:
        assert str(exc)
    except ArangoError as exc:  # BulkOperationError and other umbrella errors
        assert str(exc)


WRITES: dict[str, Callable[[Any], Awaitable[Any]]] = {
    "insert": lambda c: c.insert({"_key": "k"}),
    "update": lambda c: c.update({"_key": "k", "a": 1}),
    "replace": lambda c: c.replace({"_key": "k", "a": 1}),
    "delete": lambda c: c.delete("k"),
    "insert_many": lambda c: c.insert_many([{"_key": "k"}]),
    "get": lambda c: c.get("k"),
}


@pytest.mark.parametrize("status", [200, 201, 202])
@pytest.mark.parametrize("body", [HTML_502, b""], ids=["html", "empty"])
@pytest.mark.parametrize("call", sorted(WRITES))
async def test_a_2xx_answer_that_is_not_json_is_a_parse_error(
    call: str, body: bytes, status: int,
) -> None:
    bad = answer(status, body, reason="OK",
                 headers={"Content-Type": "text/html"} if body else None)
    async with (
        raw_server(first_then_good(sends(bad))) as server,
        ArangoClient(hosts=server.url, max_retries=0) as client,
    ):
        db = await client.db("_system", password="pw")
        with pytest.raises(ResponseParseError) as info:
            await WRITES[call](db.collection("c"))
        assert info.value.http_code == status
        if call != "insert_many":  # (its handler finds "no list of results" first)
            assert ("an empty body" if not body else "not JSON") in str(info.value)
