"""The transport's own exceptions: what went wrong, and how far the request got.

Every failure of a request below the connection layer is a :class:`TransportError`. Two facts
travel with it:

* :attr:`~TransportError.sent` -- whether at least one byte of the request was written to a
  socket. When it is False the server cannot have seen the request, so it may be sent again
  anywhere; when it is True a write may have been applied.
* :attr:`~TransportError.stage` -- where the request was when it failed: one of
  :data:`QUEUED` (waiting for a pooled connection), :data:`CONNECTING`, :data:`TLS` (the
  handshake), :data:`SENDING` or :data:`READING` (waiting for or reading the answer).

The tree is small on purpose. :class:`RequestNotSent` and :class:`RequestMaybeSent` are the two
outcomes that decide a retry; the other classes say why, when the reason changes what the
caller is told. The connection layer maps all of them to the public exceptions in one place
(``arango_anyio._connection.failures``); the :class:`~arango_anyio.http.HTTPClient` contract
tells custom clients which of them to raise.

The transport is also an ``httpx.AsyncBaseTransport``: on that path (a user calling the httpx
session directly) :meth:`TransportError.as_httpx` turns them into httpx's own exceptions.
"""

from __future__ import annotations

import httpx

#: Waiting for a free connection of the host's pool.
QUEUED = "queued"
#: Opening the TCP connection (name resolution included).
CONNECTING = "connecting"
#: The TLS handshake of a new connection.
TLS = "tls"
#: Writing the request.
SENDING = "sending"
#: Waiting for the answer, or reading it.
READING = "reading"

#: What each stage means in an error message.
STAGE_TEXT = {
    QUEUED: "while waiting for a free pooled connection",
    CONNECTING: "while connecting",
    TLS: "during the TLS handshake",
    SENDING: "while sending the request",
    READING: "while waiting for or reading the answer",
}


class TransportError(Exception):
    """A request could not be completed below the connection layer.

    :ivar sent: at least one byte of the request was written to a socket.
    :ivar stage: where the request was: ``"queued"`` (waiting for a pooled connection),
        ``"connecting"``, ``"tls"`` (the handshake), ``"sending"`` or ``"reading"`` (waiting
        for or reading the answer), or None when unknown.
    """

    def __init__(self, message: str, *, sent: bool, stage: str | None = None) -> None:
        super().__init__(message)
        self.sent = sent
        self.stage = stage

    def as_httpx(self) -> httpx.TransportError | httpx.DecodingError:
        """The httpx exception that says the same (for callers of the httpx API)."""
        return _as_httpx(self)


class RequestNotSent(TransportError):
    """No byte of the request left the client: it can be sent again anywhere, whatever its
    method (connection refused, name not found, connect timeout, no free connection)."""

    def __init__(self, message: str, *, stage: str | None = None) -> None:
        super().__init__(message, sent=False, stage=stage)


class ConnectFailed(RequestNotSent):
    """The connection could not be opened (refused, unreachable, name not found, TLS
    handshake failed)."""


class ConnectTimedOut(RequestNotSent):
    """Opening the connection (or its TLS handshake) took longer than ``connect_timeout``."""


class CertificateRejected(RequestNotSent):
    """The server's TLS certificate failed verification. Trying again cannot help, so the
    request is not retried."""


class InvalidRequest(RequestNotSent):
    """The request can't be written as HTTP/1.1 (a control character in a header, a URL the
    transport does not handle); refused before anything was sent, never retried."""


class RequestMaybeSent(TransportError):
    """Bytes of the request were written, then the exchange failed (connection reset or
    closed, invalid answer): the server may have applied the request."""

    def __init__(self, message: str, *, stage: str | None = None) -> None:
        super().__init__(message, sent=True, stage=stage)


class ProtocolViolation(RequestMaybeSent):
    """The server's answer is not valid HTTP/1.1 (or ends early)."""


class ResponseTooLarge(RequestMaybeSent):
    """The answer is larger than the client's ``max_response_size`` (declared or received,
    after decompression). The connection is closed, not reused.

    :ivar limit: the limit in bytes.
    :ivar status_code: the answer's HTTP status, when its head was read.
    """

    def __init__(self, message: str, *, limit: int, status_code: int | None = None) -> None:
        super().__init__(message, stage=READING)
        self.limit = limit
        self.status_code = status_code


class DecodingFailed(RequestMaybeSent):
    """The answer's body could not be decoded: a content-encoding the client did not ask
    for, corrupt compressed data, or a decompression ratio beyond the bound."""

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message, stage=READING)
        self.status_code = status_code


class ServerStillWorking(RequestMaybeSent):
    """A handed-over request got no answer in time: the client hung up (the server stops
    the work of a client that is gone)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, stage=READING)


class TransportClosed(TransportError):
    """The transport was closed (the client is closing) while the request waited or ran.

    ``sent`` tells whether bytes of the request had been written by then."""


def _as_httpx(exc: TransportError) -> httpx.TransportError | httpx.DecodingError:
    text = str(exc)
    if isinstance(exc, InvalidRequest):
        return httpx.LocalProtocolError(text)
    if isinstance(exc, ConnectTimedOut):
        return httpx.ConnectTimeout(text)
    if isinstance(exc, DecodingFailed):
        return httpx.DecodingError(text)
    if isinstance(exc, ProtocolViolation | ResponseTooLarge):
        return httpx.RemoteProtocolError(text)
    if not exc.sent:
        return httpx.ConnectError(text)
    if exc.stage == SENDING:
        return httpx.WriteError(text)
    return httpx.ReadError(text)
