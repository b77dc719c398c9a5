"""The error boundary: what went wrong below the connection, and the public error it becomes.

:func:`classify` reads an exception raised by :meth:`HTTPClient.send_request
<arango_anyio.http.HTTPClient.send_request>` -- the transport's own
(:mod:`arango_anyio._transport.errors`) or, from a custom client, httpx's -- as a
:class:`Failure`: its kind (which decides whether the call may be sent again), whether bytes of
the request were written, and where it was. :func:`public_error` is the one function that turns
a failure into the exception a caller sees, and decides ``may_have_been_applied``: True only
when at least one byte of a request that changes data was written to a socket.
"""

from __future__ import annotations

import ssl
from collections.abc import Sequence

import attrs
import httpx

from arango_anyio._transport.deadline import DeadlineExceeded
from arango_anyio._transport.errors import (
    CONNECTING,
    QUEUED,
    STAGE_TEXT,
    CertificateRejected,
    DecodingFailed,
    InvalidRequest,
    RequestNotSent,
    ResponseTooLarge,
    TransportClosed,
    TransportError,
)
from arango_anyio.exceptions import (
    ArangoClientError,
    ClientClosedError,
    InvalidArgumentError,
    RequestTimeoutError,
    ResponseParseError,
    ResponseTooLargeError,
    ServerConnectionError,
)
from arango_anyio.request import Request

# Kinds of failure.
#: No byte was sent: send again, on another host if there is one.
NOT_SENT = "not_sent"
#: Bytes were sent and the exchange broke: send again only if idempotent.
MAYBE_SENT = "maybe_sent"
#: The attempt's share of the deadline passed (an idempotent read): fail over.
ATTEMPT_TIMEOUT = "attempt_timeout"
#: The call's deadline passed.
TIMEOUT = "timeout"
#: Never sent again:
INVALID = "invalid"
CERTIFICATE = "certificate"
TOO_LARGE = "too_large"
UNDECODABLE = "undecodable"
CLOSED = "closed"

#: Kinds a retry can help with.
RETRYABLE = frozenset({NOT_SENT, MAYBE_SENT, ATTEMPT_TIMEOUT})

#: The methods that read (never change data).
READS = frozenset({"GET", "HEAD", "OPTIONS"})


@attrs.define(slots=True)
class Failure:
    """A failed attempt, as the retry policy and the error messages need it.

    :ivar kind: one of the kinds above.
    :ivar sent: at least one byte of the request was written (True when unknown).
    :ivar stage: where the request was (see :mod:`arango_anyio._transport.errors`), or None.
    :ivar cause: the exception.
    :ivar host: the host of the attempt.
    """

    kind: str
    sent: bool
    stage: str | None
    cause: BaseException | None
    host: str | None = None

    def describe(self) -> str:
        """A short description for messages and logs (no secrets: exceptions of the
        transport and of httpx name hosts, never bodies or headers)."""
        cause = self.cause
        if cause is None:
            return "timed out"
        text = str(cause) or type(cause).__name__
        return f"{type(cause).__name__}: {text}"


def classify(exc: BaseException, host: str | None = None) -> Failure | None:
    """The failure ``exc`` stands for, or None when it is not a transport failure (a
    cancellation, a :class:`DeadlineExceeded`, a bug): those propagate."""
    if isinstance(exc, TransportError):
        if isinstance(exc, DeadlineExceeded):
            return None
        if isinstance(exc, TransportClosed):
            kind = CLOSED
        elif isinstance(exc, CertificateRejected):
            kind = CERTIFICATE
        elif isinstance(exc, InvalidRequest):
            kind = INVALID
        elif isinstance(exc, ResponseTooLarge):
            kind = TOO_LARGE
        elif isinstance(exc, DecodingFailed):
            kind = UNDECODABLE
        elif isinstance(exc, RequestNotSent):
            kind = NOT_SENT
        else:
            kind = MAYBE_SENT
        return Failure(kind, exc.sent, exc.stage, exc, host)
    if isinstance(exc, httpx.HTTPError):
        return _classify_httpx(exc, host)
    if isinstance(exc, ssl.SSLCertVerificationError):
        return Failure(CERTIFICATE, False, CONNECTING, exc, host)
    return None


def _classify_httpx(exc: httpx.HTTPError, host: str | None) -> Failure:
    if isinstance(exc, httpx.LocalProtocolError | httpx.UnsupportedProtocol):
        return Failure(INVALID, False, None, exc, host)
    if isinstance(exc, httpx.PoolTimeout):
        return Failure(NOT_SENT, False, QUEUED, exc, host)
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout):
        cause: BaseException | None = exc
        while cause is not None:
            if isinstance(cause, ssl.SSLCertVerificationError):
                return Failure(CERTIFICATE, False, CONNECTING, exc, host)
            cause = cause.__cause__ or cause.__context__
        return Failure(NOT_SENT, False, CONNECTING, exc, host)
    if isinstance(exc, httpx.DecodingError):
        return Failure(UNDECODABLE, True, None, exc, host)
    if isinstance(exc, httpx.TransportError):
        return Failure(MAYBE_SENT, True, None, exc, host)
    return Failure(UNDECODABLE, True, None, exc, host)  # e.g. too many redirects


def public_error(
    failure: Failure,
    request: Request,
    *,
    tried: Sequence[str] = (),
    sent_before: bool = False,
    closed: bool = False,
    timeout: float | None = None,
    gave_up: str | None = None,
) -> ArangoClientError:
    """The exception the caller of ``request`` gets for ``failure``.

    :param tried: the host of each attempt, in order.
    :param sent_before: an earlier attempt of this call was sent.
    :param closed: the client was closed meanwhile (every failure is then
        :class:`ClientClosedError`).
    :param timeout: the ``request_timeout`` (for :data:`TIMEOUT`).
    :param gave_up: why retrying stopped (retries used up, no time left), when it did.
    """
    what = f"{request.method} {request.endpoint}"
    sent = failure.sent or sent_before
    applied = sent and request.method not in READS
    maybe = ("; it was sent, so the server may have applied it" if applied
             else "; it was not sent, so it was not applied" if request.method not in READS
             else "")
    hosts = list(dict.fromkeys(tried))
    where = STAGE_TEXT.get(failure.stage or "", "")
    cause = failure.cause
    if closed or failure.kind == CLOSED:
        error: ArangoClientError = ClientClosedError(
            f"{what}: the ArangoClient was closed" + (f" {where}" if where else "") + maybe,
            may_have_been_applied=applied,
        )
    elif failure.kind == TIMEOUT:
        stage = (f"; it timed out {where}" if where
                 else "; it was in the hands of the HTTP client" if failure.stage is None
                 and failure.sent else "")
        error = RequestTimeoutError(
            f"{what} did not finish within {timeout} s (request_timeout){stage}{maybe}",
            may_have_been_applied=applied,
        )
    elif failure.kind == INVALID:
        error = InvalidArgumentError(f"cannot send {what}: {failure.describe()}")
    elif failure.kind == TOO_LARGE:
        limit = cause.limit if isinstance(cause, ResponseTooLarge) else None
        status = cause.status_code if isinstance(cause, ResponseTooLarge) else None
        error = ResponseTooLargeError(
            f"{what} on {failure.host}: {cause}" + maybe,
            limit=limit, http_code=status, may_have_been_applied=applied,
        )
    elif failure.kind == UNDECODABLE:
        error = ResponseParseError(
            f"unreadable answer to {what} from {failure.host}: {failure.describe()}")
        if isinstance(cause, DecodingFailed):
            error.http_code = cause.status_code
    elif failure.kind == CERTIFICATE:
        error = ServerConnectionError(
            f"{what} on {failure.host}: {failure.describe()} (not retried: it can't succeed "
            "until the certificate or the client's TLS settings change)",
            hosts=hosts, may_have_been_applied=False,
        )
    elif gave_up is not None:
        error = ServerConnectionError(
            f"{what} failed on {', '.join(hosts)} after {len(tried)} attempt(s) ({gave_up}); "
            f"last error: {failure.describe()}"
            + ("; an attempt was sent, so the server may have applied it" if applied else ""),
            hosts=hosts, may_have_been_applied=applied,
        )
    else:  # sent, the answer lost, and not safe to send again
        error = ServerConnectionError(
            f"{what}: the connection to {failure.host} failed after the request was sent "
            f"({failure.describe()})" + maybe,
            hosts=hosts, may_have_been_applied=applied,
        )
    error.__cause__ = cause
    return error


def unavailable(request: Request, *, tried: Sequence[str], sent_before: bool,
                gave_up: str) -> ServerConnectionError:
    """The error of a call whose last attempts were answered 503 ("not now") and whose
    earlier attempt was sent: the 503 says nothing about that one."""
    hosts = list(dict.fromkeys(tried))
    applied = sent_before and request.method not in READS
    return ServerConnectionError(
        f"{request.method} {request.endpoint} failed on {', '.join(hosts)} after {len(tried)} "
        f"attempt(s) ({gave_up}); last error: HTTP 503 (service unavailable)"
        + ("; an earlier attempt was sent, so the server may have applied it" if applied
           else ""),
        hosts=hosts, may_have_been_applied=applied,
    )


def attempt_timeout(host: str, stage: str | None, sent: bool) -> Failure:
    """An attempt's share of the deadline passed."""
    return Failure(ATTEMPT_TIMEOUT, sent, stage, None, host)


def timed_out(stage: str | None, sent: bool, host: str | None) -> Failure:
    """The call's deadline passed."""
    return Failure(TIMEOUT, sent, stage, None, host)
