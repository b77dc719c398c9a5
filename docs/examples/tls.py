"""TLS: certificate verification (on by default), trusting your own CA, a ready
``ssl.SSLContext`` (client certificates, protocol versions) (docs/topics/tls.md).

    python docs/examples/tls.py                   # asyncio, then trio
    python docs/examples/tls.py --backend trio

It makes a throw-away CA and a server certificate for 127.0.0.1 with the ``openssl``
command (it says so and exits when there is none), and puts a small TLS-terminating
listener in front of the emulator, served on loopback.
"""

from __future__ import annotations

import argparse
import shutil
import ssl
import subprocess
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit

import anyio
from anyio.abc import AnyByteStream, ByteStream, SocketAttribute
from anyio.streams.tls import TLSListener

from arango_anyio import ArangoClient
from arango_anyio.exceptions import ServerConnectionError
from arango_anyio.testing import Emulator, serve


def make_certificates(directory: Path) -> tuple[Path, Path]:
    """A CA (``ca.pem``) and a certificate for 127.0.0.1 signed by it, with its key."""
    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=directory, check=True, capture_output=True)

    (directory / "ext.cnf").write_text("subjectAltName=IP:127.0.0.1\n"
                                       "extendedKeyUsage=serverAuth\n")
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=example CA",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-out", "server.crt", "-days", "1", "-extfile", "ext.cnf")
    server = directory / "server.pem"
    server.write_bytes((directory / "server.crt").read_bytes()
                       + (directory / "server.key").read_bytes())
    return directory / "ca.pem", server


async def pump(source: ByteStream, sink: ByteStream) -> None:
    try:
        async for chunk in source:
            await sink.send(chunk)
    except (anyio.BrokenResourceError, anyio.ClosedResourceError, OSError):
        pass
    finally:
        await anyio.aclose_forcefully(sink)


class QuietTLSListener(TLSListener):
    """A TLS listener that drops a client refusing its certificate without logging it."""

    @staticmethod
    async def handle_handshake_error(exc: BaseException, stream: AnyByteStream) -> None:
        await anyio.aclose_forcefully(stream)
        if isinstance(exc, anyio.get_cancelled_exc_class()) or not isinstance(exc, Exception):
            raise exc


@asynccontextmanager
async def tls_front(server_pem: Path, upstream_url: str) -> AsyncIterator[str]:
    """An ``https://`` URL whose connections are decrypted and passed to ``upstream_url``."""
    upstream = urlsplit(upstream_url)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(server_pem)
    tcp = await anyio.create_tcp_listener(local_host="127.0.0.1")
    port = tcp.extra(SocketAttribute.local_port)

    async def forward(client: ByteStream) -> None:
        assert upstream.hostname is not None and upstream.port is not None
        server = await anyio.connect_tcp(upstream.hostname, upstream.port)
        async with anyio.create_task_group() as group:
            group.start_soon(pump, client, server)
            group.start_soon(pump, server, client)

    listener = QuietTLSListener(tcp, context, standard_compatible=False)
    async with listener, anyio.create_task_group() as group:
        group.start_soon(listener.serve, forward)
        yield f"https://127.0.0.1:{port}"
        group.cancel_scope.cancel()


async def connect(url: str, ca: Path) -> None:
    # [start default]
    async with ArangoClient(hosts=url) as client:        # verifies certificates
        try:
            await client.db("_system", username="root", password="", verify=True)
        except ServerConnectionError as error:
            print("unknown CA:", "CERTIFICATE_VERIFY_FAILED" in str(error))
    # [end default]

    # [start ca]
    async with ArangoClient(hosts=url, verify_override=str(ca)) as client:
        db = await client.db("_system", username="root", password="", verify=True)
        print("with our CA:", await db.version())
    # [end ca]

    # [start context]
    context = ssl.create_default_context(cafile=str(ca))
    context.minimum_version = ssl.TLSVersion.TLSv1_3
    # context.load_cert_chain("client.pem")      # a client certificate, if the server asks
    async with ArangoClient(hosts=url, ssl_context=context) as client:
        db = await client.db("_system", username="root", password="", verify=True)
        print("with an SSLContext:", await db.version())
    # [end context]


async def main() -> None:
    if shutil.which("openssl") is None:
        print("this example needs the openssl command to make its certificates: skipped")
        return
    with tempfile.TemporaryDirectory() as folder:
        ca, server_pem = make_certificates(Path(folder))
        emulator = Emulator(root_password="")
        async with serve(emulator, coordinators=1) as urls, \
                tls_front(server_pem, urls[0]) as url:
            await connect(url, ca)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["asyncio", "trio", "both"], default="both")
    backend = parser.parse_args().backend
    for name in ("asyncio", "trio") if backend == "both" else (backend,):
        print(f"-- {name}")
        anyio.run(main, backend=name)
