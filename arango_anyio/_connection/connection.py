"""Sending one API call: host choice, auth, serialization, retries, failover, deadline.

Retries happen only when they are safe: the request never reached a server (connect refused,
connect timeout), the server said "not now" (HTTP 503 with errorNum 503), or the request is
idempotent (GET/HEAD/OPTIONS, or opted in). A write whose bytes may have reached the server is
never re-sent; the caller gets :class:`ServerConnectionError` with ``may_have_been_applied``.
"""

from __future__ import annotations

import logging
import random
import time
import zlib
from urllib.parse import quote

import anyio
import httpx

from arango_anyio import _serde
from arango_anyio._connection.auth import Auth
from arango_anyio._connection.resolver import HostState
from arango_anyio._connection.state import ClientState
from arango_anyio._connection.url import format_params
from arango_anyio._transport.deadline import CALL_DEADLINE, DeadlineExceeded
from arango_anyio.errno import FORBIDDEN, HTTP_SERVICE_UNAVAILABLE
from arango_anyio.errno import QUEUE_TIME_REQUIREMENT_VIOLATED as _QUEUE_TIME_VIOLATED
from arango_anyio.exceptions import (
    InvalidArgumentError,
    JWTAuthError,
    QueueTimeViolatedError,
    RequestSerializationError,
    RequestTimeoutError,
    ResponseParseError,
    ServerConnectionError,
)
from arango_anyio.request import Request
from arango_anyio.response import Response

logger = logging.getLogger("arango_anyio")

_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


_READS = frozenset({"GET", "HEAD", "OPTIONS"})


class _Progress:
    """Whether a call's request may have reached the server (for RequestTimeoutError)."""

    __slots__ = ("delivered", "in_flight")

    def __init__(self) -> None:
        self.in_flight = False  # the current attempt is being sent or awaits its answer
        self.delivered = False  # an earlier attempt failed after it was sent


def _describe(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {text}"


class Connection:
    """Sends requests for one database on behalf of one client.

    :param state: the client's shared state.
    :param db_name: the database every endpoint is relative to.
    :param auth: the authentication strategy.
    :param max_queue_time: when set, sent as ``x-arango-max-queue-time-seconds``.
    """

    def __init__(
        self,
        state: ClientState,
        db_name: str,
        auth: Auth,
        *,
        max_queue_time: float | None = None,
    ) -> None:
        self.state = state
        self.db_name = db_name
        self.auth = auth
        self.max_queue_time = max_queue_time
        self._prefix = "/_db/" + quote(db_name, safe="")
        self._base_headers: dict[str, str] = {
            "content-type": "application/json",
            "accept": "application/json",
        }
        if state.response_compression:
            self._base_headers["accept-encoding"] = "gzip, deflate"
        if max_queue_time is not None:
            self._base_headers["x-arango-max-queue-time-seconds"] = str(max_queue_time)

    def __repr__(self) -> str:
        return f"<Connection db={self.db_name!r} auth={self.auth!r}>"

    @property
    def request_timeout(self) -> float | None:
        """The client's ``request_timeout`` (seconds a call may take; None: no bound)."""
        return self.state.request_timeout

    @property
    def hosts(self) -> list[str]:
        """The client's hosts (a copy), in the order they were given."""
        return list(self.state.hosts)

    @property
    def username(self) -> str | None:
        """The user this connection authenticates as (None for token auth)."""
        return self.auth.username

    def with_queue_time(self, max_queue_time: float | None) -> Connection:
        """A connection like this one that sends another ``max_queue_time``."""
        return Connection(self.state, self.db_name, self.auth, max_queue_time=max_queue_time)

    def for_database(self, db_name: str) -> Connection:
        """A connection like this one for another database."""
        return Connection(self.state, db_name, self.auth, max_queue_time=self.max_queue_time)

    # -- the request path ---------------------------------------------------------------------

    async def send(self, request: Request) -> Response:
        """Send ``request`` and return the answer, within the client's ``request_timeout``.

        Raises :class:`RequestTimeoutError` when that bound passes; a caller's own cancel
        scope that fires first propagates unchanged.
        """
        state = self.state
        state.ensure_open()
        timeout = state.request_timeout
        if timeout is None:
            return await self._send(request, authenticate=True)
        progress = _Progress()
        if state.deadline_aware:
            # The default HTTP layer waits within the deadline itself: no scope per call.
            token = CALL_DEADLINE.set(anyio.current_time() + timeout)
            try:
                return await self._send(request, authenticate=True, progress=progress)
            except DeadlineExceeded:
                pass
            finally:
                CALL_DEADLINE.reset(token)
        else:
            # move_on_after, not CancelScope(deadline=...): on trio the latter builds two scopes.
            with anyio.move_on_after(timeout):
                return await self._send(request, authenticate=True, progress=progress)
        maybe = (progress.in_flight or progress.delivered) and request.method not in _READS
        raise RequestTimeoutError(
            f"{request.method} {request.endpoint} did not finish within {timeout} s "
            "(request_timeout)" + ("; it was sent, so the server may have applied it"
                                   if maybe else ""),
            may_have_been_applied=maybe,
        )

    async def fetch_jwt(self, username: str, password: str) -> str:
        """``POST /_open/auth`` and return the token (used by :class:`JwtAuth`)."""
        request = Request("POST", "/_open/auth", data={"username": username, "password": password})
        response = await self._send(request, authenticate=False)
        if not response.is_success:
            raise JWTAuthError(response, request)
        body = response.body
        token = body.get("jwt") if isinstance(body, dict) else None
        if not isinstance(token, str):
            raise ResponseParseError("POST /_open/auth answered without a 'jwt'", response)
        return token

    def prepare(self, request: Request) -> None:
        """Serialize ``request``'s body now and keep it for sending: a body that cannot be
        serialized or is over ``max_request_body`` raises here. Calls that send several
        requests (bulk batches) prepare all of them first, so nothing is sent unless
        everything can be."""
        if request.data is not None and request.prepared is None:
            request.prepared = self._body(request)

    def _body(self, request: Request) -> bytes | str | None:
        if request.prepared is not None:
            return request.prepared
        data = request.data
        if data is None:
            return None
        body: bytes | str
        if request.raw_body:
            body = data
        else:
            try:
                body = self.state.serializer(data)
            except (_serde.SerializationError, TypeError, ValueError, OverflowError) as exc:
                raise RequestSerializationError(
                    f"cannot serialize the body of {request.method} {request.endpoint}: {exc}"
                ) from None
        limit = self.state.max_request_body
        if len(body) > limit:
            raise InvalidArgumentError(
                f"the body of {request.method} {request.endpoint} is {len(body):,} bytes, "
                f"over the client's max_request_body of {limit:,} bytes; split it "
                "(e.g. batch_size=) or raise the limit"
            )
        return body

    def _encode(self, request: Request) -> tuple[bytes | str | None, dict[str, str]]:
        headers = dict(self._base_headers)
        if request.headers:
            headers.update(request.headers)
        body = self._body(request)
        if body is None:
            return None, headers
        threshold = self.state.request_compression_threshold
        if threshold is not None and len(body) >= threshold:
            raw = body.encode() if isinstance(body, str) else body
            body = zlib.compress(raw)
            headers["content-encoding"] = "deflate"
        return body, headers

    async def _send(self, request: Request, *, authenticate: bool,
                    progress: _Progress | None = None) -> Response:
        state = self.state
        body, headers = self._encode(request)
        params = format_params(dict(request.params)) if request.params else None
        path = self._prefix + request.endpoint
        basic = self.auth.basic if authenticate else None
        hosts = state.host_states
        tried: list[str] = []
        exclude: set[int] = set()
        attempt = 0
        refreshed = False
        last_error: BaseException | None = None
        # An earlier attempt of this (idempotent) write was sent and its answer lost: from
        # then on, giving up must say that the server may have applied it.
        delivered = False
        while True:
            if request.host is not None:
                index = state.index_of(request.host)
            else:
                index = state.resolver.choose(hosts, exclude)
            host = hosts[index]
            tried.append(host.url)
            if authenticate:
                auth_header = await self.auth.header(self.fetch_jwt)
                if auth_header is not None:
                    headers["authorization"] = auth_header
            session = state.sessions[host.url]
            host.in_flight += 1
            host.requests_sent += 1
            if progress is not None:
                progress.in_flight = True
            try:
                response = await state.http_client.send_request(
                    session, request.method, host.url + path, headers, params, body, basic
                )
            except _NOT_SENT as exc:
                if progress is not None:
                    progress.in_flight = False
                host.failures += 1
                host.unhealthy_until = time.monotonic() + state.resolver.cooldown
                last_error = exc
                logger.debug("connect to %s failed: %s", host.url, _describe(exc))
            except httpx.LocalProtocolError as exc:  # refused by the HTTP layer before sending
                raise InvalidArgumentError(
                    f"cannot send {request.method} {request.endpoint}: {exc}"
                ) from exc
            except httpx.TransportError as exc:
                host.failures += 1
                last_error = exc
                delivered = request.method not in _READS
                if progress is not None:  # sent: it may have been applied, even if retried
                    progress.delivered = True
                logger.debug("%s %s on %s failed after sending: %s", request.method,
                             request.endpoint, host.url, _describe(exc))
                if not request.idempotent:
                    raise ServerConnectionError(
                        f"{request.method} {request.endpoint}: the connection to {host.url} "
                        f"failed after the request was sent ({_describe(exc)}); the server "
                        "may have applied it",
                        hosts=tried,
                        may_have_been_applied=True,
                    ) from exc
            except httpx.HTTPError as exc:  # e.g. a body that cannot be decoded
                raise ResponseParseError(
                    f"unreadable answer to {request.method} {request.endpoint} from {host.url}: "
                    f"{_describe(exc)}"
                ) from exc
            else:
                if progress is not None:  # answered: retried below only if not applied
                    progress.in_flight = False
                response.host = host.url
                if state.custom_deserializer:
                    response._deserializer = state.deserializer
                status = response.status_code
                if status == 503 and response.error_code == HTTP_SERVICE_UNAVAILABLE:
                    host.failures += 1
                    last_error = None
                    if attempt >= state.max_retries:
                        if delivered:  # this 503 says nothing of the earlier attempt
                            raise self._gave_up(request, tried, None, applied=True)
                        return response
                elif (
                    status == 401
                    and authenticate
                    and not refreshed
                    and response.error_code == FORBIDDEN
                    and await self.auth.refresh(self.fetch_jwt, headers.get("authorization"))
                ):
                    refreshed = True
                    continue
                else:
                    self._record_queue_time(host, response)
                    if status == 412 and response.error_code == _QUEUE_TIME_VIOLATED:
                        raise QueueTimeViolatedError(response, request)
                    return response
            finally:
                host.in_flight -= 1

            attempt += 1
            if attempt > state.max_retries:
                raise self._gave_up(request, tried, last_error, applied=delivered)
            exclude.add(index)
            if len(exclude) >= len(hosts):
                exclude.clear()
            if last_error is None or request.host is not None or len(tried) >= len(hosts):
                await self._back_off(attempt, request, tried, last_error, delivered)

    async def _back_off(self, attempt: int, request: Request, tried: list[str],
                        last_error: BaseException | None, applied: bool) -> None:
        state = self.state
        delay = min(state.retry_backoff_max, state.retry_backoff * 2 ** (attempt - 1))
        delay *= random.uniform(0.5, 1.0)
        limit = anyio.current_effective_deadline()
        call_deadline = CALL_DEADLINE.get()
        if call_deadline is not None:
            limit = min(limit, call_deadline)
        if anyio.current_time() + delay >= limit:
            raise self._gave_up(request, tried, last_error, reason="no time left to retry",
                                applied=applied)
        await anyio.sleep(delay)

    def _gave_up(self, request: Request, tried: list[str], last_error: BaseException | None,
                 reason: str | None = None, *, applied: bool = False) -> ServerConnectionError:
        unique = list(dict.fromkeys(tried))
        cause = "HTTP 503 (service unavailable)" if last_error is None else _describe(last_error)
        why = f" ({reason})" if reason else ""
        maybe = "; an earlier attempt was sent, so the server may have applied it" if applied \
            else ""
        error = ServerConnectionError(
            f"{request.method} {request.endpoint} failed on {', '.join(unique)} after "
            f"{len(tried)} attempt(s){why}; last error: {cause}{maybe}",
            hosts=unique,
            may_have_been_applied=applied,
        )
        error.__cause__ = last_error
        return error

    @staticmethod
    def _record_queue_time(host: HostState, response: Response) -> None:
        value = response.header("x-arango-queue-time-seconds")
        if value:
            try:
                host.record_queue_time(float(value))
            except ValueError:
                pass
