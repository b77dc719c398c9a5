"""The HTTP client contract: the seam where users plug in their own HTTP behaviour.

:class:`HTTPClient` is what :class:`~arango_anyio.ArangoClient` talks to: one session per host
(``create_session``), one call per request (``send_request``), and ``close_session`` when the
client closes. :class:`DefaultHTTPClient` implements it over httpx with arango_anyio's own
connection pool; a subclass of :class:`HTTPClient` written for plain httpx works unchanged.

**What ``send_request`` raises.** The client decides whether a failed request may be sent
again from the exception, so a custom ``send_request`` says how far the request got:

=========================================================  ==================================
raise                                                      means
=========================================================  ==================================
:class:`RequestNotSent` (or httpx's ``ConnectError``,      no byte of the request was written:
``ConnectTimeout``, ``PoolTimeout``)                       it is sent again, on another host
                                                           if there is one, whatever its
                                                           method; the host cools down
:class:`CertificateRejected` (or an                        the TLS certificate failed
``ssl.SSLCertVerificationError`` as the cause of an        verification: not retried
httpx ``ConnectError``)
:class:`InvalidRequest` (or httpx's                        the request can't be written (a
``LocalProtocolError``, ``UnsupportedProtocol``)           control character in a header):
                                                           ``InvalidArgumentError``, nothing
                                                           sent
:class:`RequestMaybeSent` (or any other httpx              bytes were written, then the
``TransportError``)                                        exchange failed: only idempotent
                                                           requests are sent again; a write
                                                           raises ``ServerConnectionError``
                                                           with ``may_have_been_applied``
:class:`ResponseTooLarge`                                  ``ResponseTooLargeError``
:class:`DecodingFailed` (or httpx's ``DecodingError``)     ``ResponseParseError``
=========================================================  ==================================

Anything else propagates unchanged. :class:`RequestNotSent` and :class:`RequestMaybeSent` take
a ``stage`` (``"queued"``, ``"connecting"``, ``"tls"``, ``"sending"``, ``"reading"``) that
error messages name. The emulator's in-process client
(:meth:`arango_anyio.testing.Emulator.http_client`) raises exactly these.

**Handing over a cancelled request.** A request that creates server-side state (a cursor, a
stream transaction) is sent with a :class:`Handoff` waiting in :func:`current_handoff`. If
``send_request`` is cancelled after the request was sent, it may set ``handoff.resume`` to a
coroutine function that finishes the request and returns its :class:`Response`; the client
then runs it in its task group and removes what the request created.
:class:`DefaultHTTPClient` does; a client that does not loses the answer, and the server drops
the state when its ttl or idle timeout ends.
"""

from __future__ import annotations

import abc
import base64
import ssl
from collections.abc import MutableMapping
from urllib.parse import quote, urlencode

import httpx

from arango_anyio._public import publish
from arango_anyio._transport import (
    ArangoTransport,
    HostPoolStatistics,
    PoolStatistics,
    RawResponse,
)
from arango_anyio._transport._http11 import DEFAULT_MAX_BODY, DEFAULT_MAX_UNDECLARED_BODY
from arango_anyio._transport.decoding import DEFAULT_MAX_RATIO, accepted_encodings, decode_body
from arango_anyio._transport.errors import (
    CertificateRejected,
    ConnectFailed,
    ConnectTimedOut,
    DecodingFailed,
    InvalidRequest,
    ProtocolViolation,
    RequestMaybeSent,
    RequestNotSent,
    ResponseTooLarge,
    TransportClosed,
    TransportError,
)
from arango_anyio._transport.handoff import HANDOFF, Handoff
from arango_anyio.response import Response

__all__ = [
    "DEFAULT_MAX_RESPONSE_SIZE",
    "DEFAULT_MAX_UNDECLARED_RESPONSE_SIZE",
    "CertificateRejected",
    "ConnectFailed",
    "ConnectTimedOut",
    "DecodingFailed",
    "DefaultHTTPClient",
    "HTTPClient",
    "Handoff",
    "Headers",
    "InvalidRequest",
    "ProtocolViolation",
    "RequestMaybeSent",
    "RequestNotSent",
    "ResponseTooLarge",
    "TransportClosed",
    "TransportError",
    "current_handoff",
]

Headers = MutableMapping[str, str]

#: The largest answer :class:`DefaultHTTPClient` accepts unless told otherwise (1 GiB).
DEFAULT_MAX_RESPONSE_SIZE = DEFAULT_MAX_BODY
#: The largest answer without a declared length :class:`DefaultHTTPClient` accepts unless
#: told otherwise (64 MiB).
DEFAULT_MAX_UNDECLARED_RESPONSE_SIZE = DEFAULT_MAX_UNDECLARED_BODY


def current_handoff() -> Handoff | None:
    """The :class:`Handoff` of the request being sent in this task, if it wants one (see
    the module docs)."""
    return HANDOFF.get()


class HTTPClient(abc.ABC):  # pragma: no cover - the contract itself
    """Abstract base class for HTTP clients. See the module docs for the exceptions
    :meth:`send_request` raises."""

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

    async def close_idle_connections(self, session: httpx.AsyncClient) -> int:
        """Close the connections of ``session`` that sat idle too long or were closed by the
        server; return how many. The client calls it now and then from its task group. The
        default does nothing (httpx closes expired connections when it next uses the pool)."""
        return 0

    def pool_statistics(self, sessions: list[httpx.AsyncClient]) -> PoolStatistics | None:
        """Connection figures summed over ``sessions``, or None when this client keeps none."""
        return None


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
    :param max_response_size: the largest answer accepted, in bytes as received (its head
        included) and again after decompression (default 1 GiB, above ArangoDB's largest
        answers). An answer that declares a larger body is refused as soon as its head
        arrives; one that keeps coming is cut off when it passes the limit. Either way the
        call raises :class:`~arango_anyio.exceptions.ResponseTooLargeError` and the
        connection is closed.
    :param max_undeclared_response_size: the largest answer accepted when the server does
        not declare its length (``Transfer-Encoding: chunked``, or a body ended by closing
        the connection), counted the same way (default 64 MiB; the smaller of the two limits
        counts). ArangoDB declares the length of every answer, so only a proxy or a hostile
        server is held to this limit; it bounds what a body that never ends can cost before
        the call fails with :class:`~arango_anyio.exceptions.ResponseTooLargeError`. Raise it
        for large answers through a proxy that re-chunks them.
    :param max_decompression_ratio: the most a compressed answer may inflate relative to
        its compressed size (beyond its first MiB); more raises
        :class:`~arango_anyio.exceptions.ResponseParseError`. Only the encodings the request
        asked for (``response_compression``) are decoded at all.
    """

    def __init__(
        self,
        *,
        pool_size: int = 64,
        verify: bool | str = True,
        ssl_context: ssl.SSLContext | None = None,
        idle_timeout: float = 30.0,
        connect_timeout: float | None = 10.0,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        max_undeclared_response_size: int = DEFAULT_MAX_UNDECLARED_RESPONSE_SIZE,
        max_decompression_ratio: float = DEFAULT_MAX_RATIO,
    ) -> None:
        if pool_size < 1:
            raise ValueError("pool_size must be at least 1")
        if max_response_size < 1:
            raise ValueError("max_response_size must be at least 1")
        if max_undeclared_response_size < 1:
            raise ValueError("max_undeclared_response_size must be at least 1")
        if max_decompression_ratio < 1:
            raise ValueError("max_decompression_ratio must be at least 1")
        self.pool_size = pool_size
        self.verify = verify
        self.ssl_context = ssl_context
        self.idle_timeout = idle_timeout
        self.connect_timeout = connect_timeout
        self.max_response_size = max_response_size
        self.max_undeclared_response_size = max_undeclared_response_size
        self.max_decompression_ratio = max_decompression_ratio
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
            max_response_size=self.max_response_size,
            max_undeclared_response_size=self.max_undeclared_response_size,
        )
        session = httpx.AsyncClient(base_url=host, transport=transport, timeout=None)
        self._transports[id(session)] = transport
        return session

    async def close_session(self, session: httpx.AsyncClient) -> None:
        self._transports.pop(id(session), None)
        await session.aclose()

    async def close_idle_connections(self, session: httpx.AsyncClient) -> int:
        transport = self._transports.get(id(session))
        return 0 if transport is None else await transport.close_idle_connections()

    def pool_statistics(self, sessions: list[httpx.AsyncClient]) -> PoolStatistics:
        """Pool figures summed over ``sessions`` (and per host)."""
        hosts: dict[str, HostPoolStatistics] = {}
        for session in sessions:
            transport = self._transports.get(id(session))
            if transport is not None:
                hosts.update(transport.statistics().hosts)
        return PoolStatistics.combine(hosts)

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
        try:
            raw = await transport.request(method, url, headers, body)
        except BaseException:
            handoff = HANDOFF.get()
            if handoff is not None and handoff.resume is not None:
                # Cancelled while the answer was awaited: what finishes it must decode it too.
                def convert(answer: object) -> Response:
                    assert isinstance(answer, RawResponse)
                    return Response(method, url, answer.headers, answer.status_code,
                                    answer.reason, self._decoded(answer, headers))

                handoff.then(convert)
            raise
        content = raw.body
        if content and raw.headers.get("content-encoding"):
            content = self._decoded(raw, headers)
        return Response(method, url, raw.headers, raw.status_code, raw.reason, content)

    def _decoded(self, raw: RawResponse, headers: Headers | None) -> bytes:
        """The body of ``raw``, decoded if it came compressed (bounded: see the class)."""
        encoding = raw.headers.get("content-encoding")
        if not encoding or not raw.body:
            return raw.body
        asked = headers.get("accept-encoding") if headers else None
        return decode_body(
            raw.body, encoding, accepted=accepted_encodings(asked),
            max_size=self.max_response_size, max_ratio=self.max_decompression_ratio,
            status_code=raw.status_code)


def honours_call_deadlines(client: HTTPClient) -> bool:
    """Whether ``client`` sends through :class:`DefaultHTTPClient`'s own sessions and fast
    path, whose waits honour the call deadline of :mod:`arango_anyio._transport.deadline`
    (so the connection needs no cancel scope per call) and which hands over the answer of a
    cancelled request (:mod:`arango_anyio._transport.handoff`). Other clients get one."""
    kind = type(client)
    return (
        isinstance(client, DefaultHTTPClient)
        and kind.send_request is DefaultHTTPClient.send_request
        and kind.create_session is DefaultHTTPClient.create_session
    )


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


publish(__name__, globals(), [name for name in __all__ if name[0].isupper()])
