"""TLS: the emulator behind a small TLS-terminating listener with a throw-away self-signed CA.
Certificate verification is on by default; an explicit CA (``verify_override``) or an
``ssl_context`` is accepted."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

import anyio
import pytest
from anyio.abc import ByteStream, SocketAttribute
from anyio.streams.tls import TLSListener

from arango_anyio import ArangoClient
from arango_anyio.exceptions import ServerConnectionError
from arango_anyio.testing import Emulator, serve
from tests.pool import pool_of

from .rawserver import Certs, Conn, RawServer, raw_server, serve_version
from .workload import ROOT_PASSWORD

pytestmark = [pytest.mark.anyio, pytest.mark.emulator_only]


async def _pump(source: ByteStream, sink: ByteStream) -> None:
    try:
        async for chunk in source:
            await sink.send(chunk)
    except (anyio.BrokenResourceError, anyio.ClosedResourceError, OSError):
        pass
    finally:
        with anyio.CancelScope(shield=True):
            await sink.aclose()


@asynccontextmanager
async def tls_front(certs: Certs, upstream_url: str) -> AsyncIterator[str]:
    """An https:// URL whose connections are decrypted and forwarded to ``upstream_url``."""
    upstream = urlsplit(upstream_url)
    tcp = await anyio.create_tcp_listener(local_host="127.0.0.1")
    port = tcp.extra(SocketAttribute.local_port)
    listener = TLSListener(tcp, certs.server_context(), standard_compatible=False)

    async def handle(client: ByteStream) -> None:
        assert upstream.hostname is not None and upstream.port is not None
        server = await anyio.connect_tcp(upstream.hostname, upstream.port)
        async with anyio.create_task_group() as tg:
            tg.start_soon(_pump, client, server)
            tg.start_soon(_pump, server, client)

    async with listener, anyio.create_task_group() as tg:
        tg.start_soon(listener.serve, handle)
        try:
            yield f"https://127.0.0.1:{port}"
        finally:
            tg.cancel_scope.cancel()


async def test_self_signed_certificate_refused_by_default(certs: Certs) -> None:
    emu = Emulator(root_password=ROOT_PASSWORD)
    async with (
        serve(emu, coordinators=1) as urls, tls_front(certs, urls[0]) as url,
        ArangoClient(hosts=url, max_retries=1, retry_backoff=0.01) as client,
    ):
        db = await client.db("_system", password=ROOT_PASSWORD)
        started = time.monotonic()
        with pytest.raises(ServerConnectionError) as info:
            await db.collection("c").insert({"a": 1})
        assert time.monotonic() - started < 3
        assert url in str(info.value) and "CERTIFICATE_VERIFY_FAILED" in str(info.value)
        assert not info.value.may_have_been_applied  # nothing was sent
        assert pool_of(client).open == 0
    assert emu.request_counts.get("POST", 0) == 0


async def test_accepted_with_an_explicit_ca_file(certs: Certs) -> None:
    emu = Emulator(root_password=ROOT_PASSWORD)
    async with serve(emu, coordinators=1) as urls, tls_front(certs, urls[0]) as url:
        for host in (url, url.replace("127.0.0.1", "localhost")):
            async with ArangoClient(hosts=host, verify_override=str(certs.ca)) as client:
                db = await client.db("_system", password=ROOT_PASSWORD, verify=True)
                assert await db.version()
                if not await db.has_collection("c"):
                    await db.create_collection("c")
                await db.collection("c").insert({"via": host})
    assert len(emu.documents("c", "_system")) == 2


async def test_accepted_with_an_ssl_context(certs: Certs) -> None:
    emu = Emulator(root_password=ROOT_PASSWORD)
    async with (
        serve(emu, coordinators=1) as urls, tls_front(certs, urls[0]) as url,
        ArangoClient(hosts=url, ssl_context=certs.client_context()) as client,
    ):
        db = await client.db("_system", password=ROOT_PASSWORD, verify=True)
        for _ in range(3):
            assert await db.version()
        assert pool_of(client).open == 1  # one TLS connection, reused


async def test_a_ca_that_did_not_sign_it_is_refused(certs: Certs, tmp_path_factory:
                                                    pytest.TempPathFactory) -> None:
    from .rawserver import make_certs

    other = make_certs(tmp_path_factory.mktemp("other"))
    assert other is not None
    emu = Emulator(root_password=ROOT_PASSWORD)
    async with (
        serve(emu, coordinators=1) as urls, tls_front(certs, urls[0]) as url,
        ArangoClient(hosts=url, verify_override=str(other.ca), max_retries=0) as client,
    ):
        db = await client.db("_system", password=ROOT_PASSWORD)
        with pytest.raises(ServerConnectionError, match="CERTIFICATE_VERIFY_FAILED"):
            await db.version()


async def test_a_certificate_failure_is_not_retried(certs: Certs) -> None:
    async def handler(conn: Conn, server: RawServer) -> None:
        await serve_version(conn, server)

    async with (
        raw_server(handler, tls=certs.server_context()) as server,
        ArangoClient(hosts=[server.url, server.url.replace("127.0.0.1", "localhost")],
                     host_resolver="roundrobin", max_retries=4, retry_backoff=0.01) as client,
    ):
        db = await client.db("_system", password=ROOT_PASSWORD)
        with pytest.raises(ServerConnectionError, match="not retried") as info:
            await db.version()
        assert "CERTIFICATE_VERIFY_FAILED" in str(info.value)
        assert info.value.hosts == [server.url]  # no other host, no second attempt
    assert server.connections == 1
