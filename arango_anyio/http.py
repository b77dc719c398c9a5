"""The HTTP client contract: the seam where users plug in their own HTTP behaviour.

:class:`HTTPClient` is what :class:`~arango_anyio.ArangoClient` talks to: one session per host
(``create_session``), one call per request (``send_request``), and ``close_session`` when the
client closes. :class:`DefaultHTTPClient` implements it over httpx with arango_anyio's own
connection pool; a subclass of :class:`HTTPClient` written for plain httpx works unchanged.
"""

from __future__ import annotations

import abc
import base64
import gzip
import ssl
import zlib
from collections.abc import MutableMapping
from urllib.parse import quote, urlencode

import httpx

from arango_anyio._transport import ArangoTransport
from arango_anyio.response import Response

Headers = MutableMapping[str, str]


class HTTPClient(abc.ABC):  # pragma: no cover - the contract itself
    """Abstract base class for HTTP clients."""

    @abc.abstractmethod
    def create_session(self, host: str) -> httpx.AsyncClient:
        """Return a new session (an ``httpx.AsyncClient``) for ``host``, e.g. ``http://c1:8529``.

        Called once per host when the :class:`~arango_anyio.ArangoClient` is entered; no I/O
        should happen here.
        """
        raise NotImplementedError

    @abc.abstractmethod
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
        """Send one request with ``session`` and return its :class:`Response`."""
        raise NotImplementedError

    async def close_session(self, session: httpx.AsyncClient) -> None:
        """Close a session made by :meth:`create_session`."""
        await session.aclose()


class DefaultHTTPClient(HTTPClient):
    """The default HTTP client: httpx sessions over arango_anyio's pooled HTTP/1.1 transport.

    Each session is an ``httpx.AsyncClient`` whose transport is arango_anyio's own
    (``ArangoTransport``); :meth:`send_request` talks to that
    transport directly (no httpx request/response objects), which is several times faster.
    Sessions made elsewhere take the plain httpx path.

    :param pool_size: the most connections kept open per host.
    :param verify: verify TLS certificates (default), ``False``, or a CA bundle path.
    :param ssl_context: a ready :class:`ssl.SSLContext`, used instead of ``verify``.
    :param idle_timeout: seconds after which an idle pooled connection is closed.
    :param connect_timeout: seconds allowed to connect (and finish the TLS handshake).
    """

    def __init__(
        self,
        *,
        pool_size: int = 64,
        verify: bool | str = True,
        ssl_context: ssl.SSLContext | None = None,
        idle_timeout: float = 30.0,
        connect_timeout: float | None = 10.0,
    ) -> None:
        if pool_size < 1:
            raise ValueError("pool_size must be at least 1")
        self.pool_size = pool_size
        self.verify = verify
        self.ssl_context = ssl_context
        self.idle_timeout = idle_timeout
        self.connect_timeout = connect_timeout
        self._transports: dict[int, ArangoTransport] = {}
        self._basic: dict[tuple[str, str], str] = {}

    def __repr__(self) -> str:
        return f"<DefaultHTTPClient pool_size={self.pool_size}>"

    def _make_ssl_context(self) -> ssl.SSLContext:
        if self.ssl_context is not None:
            return self.ssl_context
        if isinstance(self.verify, str):
            return ssl.create_default_context(cafile=self.verify)
        context = ssl.create_default_context()
        if not self.verify:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context

    def create_session(self, host: str) -> httpx.AsyncClient:
        transport = ArangoTransport(
            max_connections=self.pool_size,
            idle_timeout=self.idle_timeout,
            ssl_context=self._make_ssl_context() if host.startswith("https:") else None,
            connect_timeout=self.connect_timeout,
        )
        session = httpx.AsyncClient(base_url=host, transport=transport, timeout=None)
        self._transports[id(session)] = transport
        return session

    async def close_session(self, session: httpx.AsyncClient) -> None:
        self._transports.pop(id(session), None)
        await session.aclose()

    def pool_statistics(self, sessions: list[httpx.AsyncClient]) -> dict[str, int]:
        """Pool figures summed over ``sessions``: open, idle, in_use, connecting, waiting."""
        totals = {"open": 0, "idle": 0, "in_use": 0, "connecting": 0, "waiting": 0}
        for session in sessions:
            transport = self._transports.get(id(session))
            if transport is None:
                continue
            stats = transport.statistics()
            for key in totals:
                totals[key] += getattr(stats, key)
        return totals

    def _authorization(self, auth: tuple[str, str]) -> str:
        header = self._basic.get(auth)
        if header is None:
            token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
            header = self._basic[auth] = f"Basic {token}"
        return header

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
        transport = self._transports.get(id(session))
        if transport is None:
            return await _httpx_request(session, method, url, headers, params, data, auth)
        if params:
            url = f"{url}?{urlencode(params, quote_via=quote)}"
        if auth is not None:
            headers = dict(headers) if headers else {}
            headers["authorization"] = self._authorization(auth)
        body = data.encode() if isinstance(data, str) else data
        raw = await transport.request(method, url, headers, body)
        content = raw.body
        encoding = raw.headers.get("content-encoding")
        if encoding and content:
            content = _decompress(content, encoding)
        return Response(method, url, raw.headers, raw.status_code, raw.reason, content)


def honours_call_deadlines(client: HTTPClient) -> bool:
    """Whether ``client`` sends through :class:`DefaultHTTPClient`'s own sessions and fast
    path, whose waits honour the call deadline of :mod:`arango_anyio._transport.deadline`
    (so the connection needs no cancel scope per call). Other clients get one."""
    kind = type(client)
    return (
        isinstance(client, DefaultHTTPClient)
        and kind.send_request is DefaultHTTPClient.send_request
        and kind.create_session is DefaultHTTPClient.create_session
    )


def _decompress(content: bytes, encoding: str) -> bytes:
    encoding = encoding.strip().lower()
    try:
        if encoding == "gzip":
            return gzip.decompress(content)
        if encoding == "deflate":
            try:
                return zlib.decompress(content)
            except zlib.error:  # raw deflate without the zlib header
                return zlib.decompress(content, -zlib.MAX_WBITS)
    except (OSError, zlib.error, EOFError) as exc:
        raise httpx.DecodingError(f"cannot decode {encoding} response body: {exc}") from None
    return content


async def _httpx_request(
    session: httpx.AsyncClient,
    method: str,
    url: str,
    headers: Headers | None,
    params: MutableMapping[str, str] | None,
    data: str | bytes | None,
    auth: tuple[str, str] | None,
) -> Response:
    response = await session.request(
        method, url, params=params, content=data, headers=headers, auth=auth
    )
    return Response(
        method=method,
        url=str(response.url),
        headers=response.headers,
        status_code=response.status_code,
        status_text=response.reason_phrase,
        raw_body=response.content,
    )
