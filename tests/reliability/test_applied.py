"""``may_have_been_applied`` is exact: True only when at least one byte of a write was written
to a socket. A write that timed out waiting for a pooled connection, while connecting or in
the TLS handshake was not sent (False), and the message says where it was."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager

import anyio
import pytest

from arango_anyio import ArangoClient
from arango_anyio.exceptions import ArangoError, ClientClosedError, RequestTimeoutError
from arango_anyio.http import DefaultHTTPClient

from .rawserver import Certs, Conn, RawServer, answer, raw_server

pytestmark = pytest.mark.anyio

CREATED = answer(202, b'{"_id":"c/k","_key":"k","_rev":"_r"}', reason="Accepted",
                 headers={"Content-Type": "application/json"})


async def hold_first(conn: Conn, server: RawServer) -> None:
    """The first request is never answered; later ones are, on other connections."""
    while (request := await conn.read_request()) is not None:
        server.requests.append(request)
        if len(server.requests) == 1:
            await anyio.sleep_forever()
        await conn.send(CREATED)


async def insert(client: ArangoClient, key: str) -> ArangoError:
    db = await client.db("_system", password="pw")
    with pytest.raises(ArangoError) as info:
        await db.collection("c").insert({"_key": key})
    return info.value


async def never_answer(conn: Conn, server: RawServer) -> None:
    while (request := await conn.read_request()) is not None:
        server.requests.append(request)
    await anyio.sleep_forever()


async def test_queued_writes_that_time_out_were_not_sent() -> None:
    async with (
        raw_server(never_answer) as server,
        ArangoClient(hosts=server.url, request_timeout=0.5, max_retries=0,
                     http_client=DefaultHTTPClient(pool_size=1)) as client,
    ):
        errors: list[ArangoError] = []

        async def one(key: str) -> None:
            errors.append(await insert(client, key))

        async with anyio.create_task_group() as tg:
            tg.start_soon(one, "first")  # takes the only connection and never gets an answer
            await anyio.sleep(0.05)
            for i in range(20):
                tg.start_soon(one, f"queued{i}")
    assert len(errors) == 21
    assert all(isinstance(error, RequestTimeoutError) for error in errors)
    sent = [e for e in errors if isinstance(e, RequestTimeoutError) and e.may_have_been_applied]
    # exactly the writes that reached the server are flagged: the first one, and any that
    # got the connection when another gave up, before its own deadline
    assert len(sent) == len(server.requests) <= 4
    queued = [e for e in errors if "waiting for a free pooled connection" in str(e)]
    assert len(queued) >= 15  # (one may have got the connection, and still be connecting)
    for error in errors:
        if error not in sent:
            assert "it was not sent, so it was not applied" in str(error)
    for error in sent:
        assert "waiting for or reading the answer" in str(error)


@contextmanager
def full_backlog() -> Iterator[str]:
    """A listener whose accept queue is full: a new connection hangs while connecting."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    try:
        for _ in range(4):
            filler = socket.socket()
            filler.setblocking(False)
            try:
                filler.connect(("127.0.0.1", port))
            except BlockingIOError:
                pass
            fillers.append(filler)
        yield f"http://127.0.0.1:{port}"
    finally:
        for filler in fillers:
            filler.close()
        listener.close()


async def test_a_write_stuck_connecting_was_not_sent() -> None:
    with full_backlog() as url:
        await anyio.sleep(0.05)
        async with ArangoClient(hosts=url, request_timeout=0.4, max_retries=0) as client:
            error = await insert(client, "k")
    assert isinstance(error, RequestTimeoutError)
    assert not error.may_have_been_applied
    assert "while connecting" in str(error)


async def test_a_write_stuck_in_the_tls_handshake_was_not_sent(certs: Certs) -> None:
    async def silent(conn: Conn, server: RawServer) -> None:
        await anyio.sleep_forever()  # the TLS handshake never gets an answer

    async with (
        raw_server(silent, tls=certs.server_context(), tls_after=1) as server,
        ArangoClient(hosts=server.url, request_timeout=0.4, max_retries=0,
                     ssl_context=certs.client_context()) as client,
    ):
        error = await insert(client, "k")
    assert isinstance(error, RequestTimeoutError)
    assert not error.may_have_been_applied
    assert "during the TLS handshake" in str(error)


async def test_a_write_stuck_while_sending_was_sent() -> None:
    # a listener that never accepts: the kernel completes the connection and buffers what
    # arrives, until its buffer is full and the client's send has to wait
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        async with ArangoClient(hosts=url, request_timeout=0.5, max_retries=0) as client:
            db = await client.db("_system", password="pw")
            with pytest.raises(RequestTimeoutError) as info:
                await db.collection("c").insert({"_key": "big", "blob": "x" * (64 << 20)})
    assert info.value.may_have_been_applied
    assert "while sending the request" in str(info.value)


async def test_a_write_whose_answer_never_comes_was_sent() -> None:
    async with (
        raw_server(never_answer) as server,
        ArangoClient(hosts=server.url, request_timeout=0.3, max_retries=0) as client,
    ):
        error = await insert(client, "k")
    assert isinstance(error, RequestTimeoutError) and error.may_have_been_applied
    assert "waiting for or reading the answer" in str(error)


async def test_closing_the_client_tells_each_pending_write_whether_it_was_sent() -> None:
    async with (
        raw_server(hold_first) as server,
        ArangoClient(hosts=server.url, request_timeout=10, max_retries=0,
                     http_client=DefaultHTTPClient(pool_size=1)) as client,
    ):
        errors: list[ArangoError] = []

        async def one(key: str) -> None:
            errors.append(await insert(client, key))

        async with anyio.create_task_group() as tg:
            tg.start_soon(one, "sent")
            await anyio.sleep(0.05)
            tg.start_soon(one, "queued")
            await anyio.sleep(0.05)
            await client.aclose()
    assert all(isinstance(error, ClientClosedError) for error in errors), errors
    by_flag = sorted(error.may_have_been_applied for error in errors
                     if isinstance(error, ClientClosedError))
    assert by_flag == [False, True]


async def test_a_read_is_never_flagged() -> None:
    async def never(conn: Conn, server: RawServer) -> None:
        await conn.read_request()
        await anyio.sleep_forever()

    async with (
        raw_server(never) as server,
        ArangoClient(hosts=server.url, request_timeout=0.3, max_retries=0) as client,
    ):
        db = await client.db("_system", password="pw")
        with pytest.raises(RequestTimeoutError) as info:
            await db.version()
    assert not info.value.may_have_been_applied

