"""Sending one API call: host choice, auth, serialization, retries, failover, deadline.

Retries happen only when they are safe: the request never left the client (connection
refused, connect timeout), the server said "not now" (HTTP 503 with errorNum 503), or the
request is idempotent (GET/HEAD/OPTIONS, or opted in). A write whose bytes may have reached the
server is never re-sent; the caller gets :class:`ServerConnectionError` with
``may_have_been_applied``. An idempotent read that can fail over gets a share of the deadline
per attempt, so a hung coordinator costs it a share, not the whole deadline. Every failure is
mapped to a public error in :mod:`arango_anyio._connection.failures`.
"""

from __future__ import annotations

import random
import time
import zlib
from logging import DEBUG
from urllib.parse import quote

import anyio
import httpx

from arango_anyio import _serde
from arango_anyio._connection import events
from arango_anyio._connection.auth import Auth
from arango_anyio._connection.failures import (
    ATTEMPT_TIMEOUT,
    MAYBE_SENT,
    NOT_SENT,
    READS,
    RETRYABLE,
    Failure,
    attempt_timeout,
    classify,
    public_error,
    timed_out,
    unavailable,
)
from arango_anyio._connection.resolver import HostState
from arango_anyio._connection.state import ClientState
from arango_anyio._connection.url import check_header, format_params
from arango_anyio._transport.deadline import CALL_DEADLINE, DeadlineExceeded
from arango_anyio._transport.errors import QUEUED
from arango_anyio._transport.handoff import HANDOFF, Handoff
from arango_anyio.errno import FORBIDDEN, HTTP_SERVICE_UNAVAILABLE
from arango_anyio.errno import QUEUE_TIME_REQUIREMENT_VIOLATED as _QUEUE_TIME_VIOLATED
from arango_anyio.exceptions import (
    InvalidArgumentError,
    JWTAuthError,
    QueueTimeViolatedError,
    RequestSerializationError,
    ResponseParseError,
)
from arango_anyio.request import Request
from arango_anyio.response import Response


class _Call:
    """What one API call went through, for exact error reports."""

    __slots__ = ("host", "sent", "stage", "tried")

    def __init__(self) -> None:
        #: The hosts of the attempts so far.
        self.tried: list[str] = []
        #: The host of the attempt in the HTTP client's hands, if one is.
        self.host: HostState | None = None
        #: Bytes of an attempt were written (or, with a custom HTTP client, may have been).
        self.sent = False
        #: Where the attempt in flight was when the deadline passed (set then).
        self.stage: str | None = None


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
        # Basic auth goes to a custom HTTP client as ``auth=``; otherwise an Authorization
        # value that never changes (basic, a static token) is one of the base headers.
        self._basic = auth.basic if not state.deadline_aware else None
        self._auth_headers = dict(self._base_headers)
        if auth.fixed_header is not None and self._basic is None:
            self._auth_headers["authorization"] = auth.fixed_header

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

    async def send(self, request: Request, *, internal: bool = False) -> Response:
        """Send ``request`` and return the answer, within the client's ``request_timeout``.

        Raises :class:`RequestTimeoutError` when that bound passes; a caller's own cancel
        scope that fires first propagates unchanged. A request with a ``cleanup`` leaves
        nothing behind when its caller is cancelled (:mod:`.cleanup`).

        :param internal: sent by the client itself (a clean-up), also while it is closing.
        """
        state = self.state
        if not internal and (state.closing or not state.opened):
            state.ensure_open()
        timeout = state.request_timeout
        call = _Call()
        if timeout is None:
            return await self._send(request, True, call, None)
        deadline = anyio.current_time() + timeout
        if state.deadline_aware:
            # The default HTTP layer waits within the deadline itself: no scope per call.
            token = CALL_DEADLINE.set(deadline)
            try:
                return await self._send(request, True, call, deadline)
            except DeadlineExceeded as exc:
                if call.host is not None:
                    call.sent = call.sent or exc.sent
                    call.stage = exc.stage
            finally:
                CALL_DEADLINE.reset(token)
        else:
            # move_on_after, not CancelScope(deadline=...): on trio the latter builds two scopes.
            with anyio.move_on_after(timeout):
                return await self._send(request, True, call, deadline)
            if call.host is not None:  # the HTTP client can't tell how far it got
                call.sent = True
                call.stage = None
        host = call.host
        if host is not None:
            host.timeouts += 1
            host.failures += 1
            if call.stage != QUEUED:  # a full pool of ours says nothing about the host
                state.health.mark_down(host, f"a request timed out ({timeout} s)")
        failure = timed_out(call.stage, call.sent, host.url if host else None)
        raise public_error(failure, request, tried=call.tried, closed=state.closed, timeout=timeout)

    async def fetch_jwt(self, username: str, password: str) -> str:
        """``POST /_open/auth`` and return the token (used by :class:`JwtAuth`)."""
        request = Request("POST", "/_open/auth", data={"username": username, "password": password})
        token = HANDOFF.set(None)  # the login is not the call's own request
        try:
            response = await self._send(request, False, _Call(), None)
        finally:
            HANDOFF.reset(token)
        if not response.is_success:
            raise JWTAuthError(response, request)  # the error keeps a copy without the password
        body = response.body
        jwt = body.get("jwt") if isinstance(body, dict) else None
        if not isinstance(jwt, str):
            raise ResponseParseError("POST /_open/auth answered without a 'jwt'", response)
        try:
            check_header("authorization", jwt)
        except InvalidArgumentError:
            raise ResponseParseError("POST /_open/auth answered with a 'jwt' that can't be "
                                     "sent in a header (a control character)", response) from None
        return jwt

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

    def _encode(self, request: Request,
                authenticate: bool) -> tuple[bytes | str | None, dict[str, str]]:
        headers = dict(self._auth_headers if authenticate else self._base_headers)
        if request.headers:
            for name, value in request.headers.items():
                check_header(name, value)
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

    async def _send(self, request: Request, authenticate: bool, call: _Call,
                    deadline: float | None) -> Response:
        state = self.state
        body, headers = self._encode(request, authenticate)
        params = format_params(dict(request.params)) if request.params else None
        path = self._prefix + request.endpoint
        auth = self.auth
        basic = self._basic if authenticate else None
        dynamic_auth = authenticate and auth.dynamic
        hosts = state.host_states
        sessions = state.sessions
        tried = call.tried
        exclude: set[int] = set()
        refreshed = False
        attempts = 0  # attempts that failed or were answered 503
        # An idempotent read that can move to another host gets a share of the deadline.
        shared = (len(hosts) > 1 and deadline is not None and request.host is None
                  and request.method in READS and request.idempotent)
        debug = events.logger.isEnabledFor(DEBUG)
        handoff: Handoff | None = None
        if request.cleanup is not None:
            # If the caller is cancelled while the answer is awaited, the HTTP layer hands
            # the request over, and the client's task group finishes it and undoes it.
            handoff = Handoff()
            handoff_token = HANDOFF.set(handoff)
        try:
            while True:
                if request.host is not None:
                    index = state.index_of(request.host)
                else:
                    index = state.resolver.choose(hosts, exclude)
                host = hosts[index]
                tried.append(host.url)
                if dynamic_auth:
                    auth_header = await auth.header(self.fetch_jwt)
                    if auth_header is not None:
                        headers["authorization"] = auth_header
                try:
                    session = sessions[host.url]
                except KeyError:  # the client closed meanwhile
                    raise public_error(Failure(NOT_SENT, False, None, None, host.url), request,
                                       tried=tried, sent_before=call.sent, closed=True) from None
                host.in_flight += 1
                host.requests_sent += 1
                call.host = host
                if debug:
                    started = time.perf_counter()
                try:
                    if shared:
                        assert deadline is not None
                        response = await self._attempt_with_share(
                            session, request.method, host.url + path, headers, params, body,
                            basic, deadline, len(hosts) - len(exclude))
                    else:
                        response = await state.http_client.send_request(
                            session, request.method, host.url + path, headers, params, body,
                            basic
                        )
                except BaseException as exc:
                    host.in_flight -= 1
                    failure: Failure | None
                    if isinstance(exc, DeadlineExceeded) and shared and deadline is not None \
                            and anyio.current_time() < deadline:
                        failure = attempt_timeout(host.url, exc.stage, exc.sent)
                    else:
                        failure = classify(exc, host.url)
                        if failure is None:  # cancellation, the call's deadline, a bug
                            raise
                    call.host = None
                    call.sent = call.sent or failure.sent
                    reason = self._failed(request, host, failure, call)
                    if debug:
                        events.request_failed(request.method, path, host.url, reason)
                else:
                    host.in_flight -= 1
                    if debug:
                        events.request(request.method, path, host.url, response.status_code,
                                       time.perf_counter() - started)
                    if host.unhealthy_until:
                        state.health.mark_up(host, "a call got an answer")
                    response.host = host.url
                    if state.custom_deserializer:
                        response._deserializer = state.deserializer
                    status = response.status_code
                    if status == 503 and response.error_code == HTTP_SERVICE_UNAVAILABLE:
                        call.host = None
                        host.failures += 1
                        if attempts >= state.max_retries:
                            if call.sent:  # this 503 says nothing of the earlier attempt
                                raise unavailable(request, tried=tried,
                                                  sent_before=True, gave_up="retries used up")
                            return response
                        failure = None
                        reason = "HTTP 503 (service unavailable)"
                    elif (
                        status == 401
                        and authenticate
                        and not refreshed
                        and response.error_code == FORBIDDEN
                        and await self.auth.refresh(self.fetch_jwt, headers.get("authorization"))
                    ):
                        call.host = None
                        refreshed = True
                        events.retry(request.method, path, host.url, len(tried) + 1,
                                     "HTTP 401: sent again with a renewed JWT")
                        continue
                    else:
                        self._record_queue_time(host, response)
                        if status == 412 and response.error_code == _QUEUE_TIME_VIOLATED:
                            raise QueueTimeViolatedError(response, request)
                        return response

                attempts += 1
                if attempts > state.max_retries:
                    raise self._gave_up(request, call, failure, "retries used up")
                exclude.add(index)
                if len(exclude) >= len(hosts):
                    exclude.clear()
                if failure is not None and request.host is None and len(tried) < len(hosts):
                    # Another coordinator may work at once: no waiting.
                    events.failover(request.method, path, host.url, reason)
                else:
                    await self._back_off(request, path, call, failure, reason, attempts)
        except BaseException:
            if handoff is not None and handoff.resume is not None and call.host is not None:
                state.cleanups.adopt(self, request, call.host.url, handoff.resume)
            raise
        finally:
            if handoff is not None:
                HANDOFF.reset(handoff_token)

    async def _attempt_with_share(self, session: httpx.AsyncClient, method: str, url: str,
                                  headers: dict[str, str], params: dict[str, str] | None,
                                  body: bytes | str | None, basic: tuple[str, str] | None,
                                  deadline: float, hosts_left: int) -> Response:
        """One attempt of a read that can fail over: it gets its share of the time left."""
        state = self.state
        now = anyio.current_time()
        share = (deadline - now) / max(1, min(hosts_left, state.max_retries + 1))
        send = state.http_client.send_request
        if state.deadline_aware:
            token = CALL_DEADLINE.set(now + share)
            try:
                return await send(session, method, url, headers, params, body, basic)
            finally:
                CALL_DEADLINE.reset(token)
        with anyio.move_on_after(share):
            return await send(session, method, url, headers, params, body, basic)
        raise DeadlineExceeded(sent=True)  # the share ran out (the HTTP client can't tell more)

    def _failed(self, request: Request, host: HostState, failure: Failure, call: _Call) -> str:
        """Book a failed attempt; raise its public error unless another attempt may help.
        Returns the reason, for the log."""
        state = self.state
        kind = failure.kind
        if state.closed or kind not in RETRYABLE:
            raise public_error(failure, request, tried=call.tried,
                               sent_before=call.sent, closed=state.closed)
        host.failures += 1
        reason = failure.describe()
        if kind == NOT_SENT:
            state.health.mark_down(host, reason)
        elif kind == ATTEMPT_TIMEOUT:
            host.timeouts += 1
            reason = "its share of the request_timeout ran out"
            if failure.stage != QUEUED:
                state.health.mark_down(host, "a request timed out")
        elif kind == MAYBE_SENT and not request.idempotent:
            raise public_error(failure, request, tried=call.tried, sent_before=call.sent)
        return reason

    async def _back_off(self, request: Request, path: str, call: _Call,
                        failure: Failure | None, reason: str, attempt: int) -> None:
        state = self.state
        delay = min(state.retry_backoff_max, state.retry_backoff * 2 ** (attempt - 1))
        delay *= random.uniform(0.5, 1.0)
        limit = anyio.current_effective_deadline()
        call_deadline = CALL_DEADLINE.get()
        if call_deadline is not None:
            limit = min(limit, call_deadline)
        if anyio.current_time() + delay >= limit:
            raise self._gave_up(request, call, failure, "no time left to retry")
        events.back_off(request.method, path, delay, attempt + 1, reason)
        await anyio.sleep(delay)

    def _gave_up(self, request: Request, call: _Call, failure: Failure | None,
                 why: str) -> Exception:
        if failure is None:  # the last attempts were answered 503
            return unavailable(request, tried=call.tried, sent_before=call.sent, gave_up=why)
        return public_error(failure, request, tried=call.tried,
                            sent_before=call.sent, closed=self.state.closed, gave_up=why)

    @staticmethod
    def _record_queue_time(host: HostState, response: Response) -> None:
        value = response.header("x-arango-queue-time-seconds")
        if value:
            try:
                host.record_queue_time(float(value))
            except ValueError:
                pass

