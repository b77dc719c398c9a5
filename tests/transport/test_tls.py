"""TLS through AnyIO against a local certificate (tests/transport/certs, signed by a test CA)."""

from __future__ import annotations

import pytest

from arango_anyio._transport import ArangoTransport
from arango_anyio._transport.errors import CertificateRejected
from tests.transport.server import (
    Request,
    ServerConnection,
    client_ssl_context,
    eventually,
    response,
    serve,
)

pytestmark = pytest.mark.anyio


async def test_unknown_certificate_is_refused_by_default() -> None:
    async with serve(tls=True) as server:
        transport = ArangoTransport()
        with pytest.raises(CertificateRejected, match="CERTIFICATE_VERIFY_FAILED"):
            await transport.request("GET", server.url + "/", None, None)
        assert transport.statistics().open == 0
        await transport.aclose()


async def test_certificate_accepted_with_the_ca_and_connection_reused() -> None:
    async with serve(tls=True) as server:
        transport = ArangoTransport(ssl_context=client_ssl_context())
        for i in range(3):
            resp = await transport.request("PUT", f"{server.url}/{i}", None, b"x" * 100_000)
            assert resp.body == b'{"path":"/%d"}' % i
        assert transport.statistics().open == 1
        await transport.aclose()
    assert server.accepted == 1


async def test_host_name_is_checked() -> None:
    async with serve(tls=True) as server:
        transport = ArangoTransport(ssl_context=client_ssl_context())
        resp = await transport.request("GET", f"https://localhost:{server.port}/", None, None)
        assert resp.status_code == 200
        await transport.aclose()


async def test_tls_connection_closed_by_server_while_idle() -> None:
    async def handler(request: Request, conn: ServerConnection) -> None:
        await conn.send(response())
        await conn.close()

    async with serve(handler, tls=True) as server:
        transport = ArangoTransport(ssl_context=client_ssl_context())
        for _ in range(3):
            assert (await transport.request("GET", server.url + "/", None, None)).status_code == 200
            await eventually(lambda: server.open == 0)
        await transport.aclose()
    assert server.accepted == 3
