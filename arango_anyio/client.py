"""The client: an ``async with`` resource that owns one HTTP session per host and the task
group that runs its background work."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any

import anyio

from arango_anyio import _serde
from arango_anyio._api.database.database import StandardDatabase
from arango_anyio._api.services.cluster import endpoint_url
from arango_anyio._connection import events
from arango_anyio._connection.auth import Auth, BasicAuth, StaticTokenAuth
from arango_anyio._connection.background import REFRESH, SWEEP
from arango_anyio._connection.connection import Connection
from arango_anyio._connection.resolver import HostResolver, make_resolver
from arango_anyio._connection.state import ClientState
from arango_anyio._connection.statistics import ClientStatistics
from arango_anyio._connection.url import host_credentials_error, redact_url, segment
from arango_anyio._version import __version__
from arango_anyio.exceptions import (
    ArangoClientError,
    ArangoError,
    ArangoServerError,
    ClientClosedError,
    ClusterEndpointsError,
    InvalidArgumentError,
    ServerConnectionError,
)
from arango_anyio.http import DefaultHTTPClient, HTTPClient
from arango_anyio.request import Request

if sys.version_info < (3, 11):  # pragma: no cover
    from exceptiongroup import ExceptionGroup  # type: ignore[import-not-found,unused-ignore]

#: Bodies at least this large are deflate-compressed when ``request_compression`` is on.
DEFAULT_COMPRESSION_THRESHOLD = 1024
#: The largest request body sent unless ``max_request_body`` says otherwise.
DEFAULT_MAX_REQUEST_BODY = 512 * 1024 * 1024
#: Seconds between two sweeps that close idle connections (in the client's task group).
IDLE_SWEEP_INTERVAL = 5.0


def _normalize_hosts(hosts: str | Sequence[str]) -> list[str]:
    items = [hosts] if isinstance(hosts, str) else list(hosts)
    out: list[str] = []
    for item in items:
        for part in item.split(","):
            host = part.strip().rstrip("/")
            if not host:
                continue
            problem = host_credentials_error(host)
            if problem is not None:
                raise InvalidArgumentError(problem)
            if not host.startswith(("http://", "https://")):
                raise InvalidArgumentError(
                    f"host {redact_url(host)!r} must start with http:// or https://")
            if host not in out:
                out.append(host)
    if not out:
        raise InvalidArgumentError("at least one host is required")
    return out


class ArangoClient:
    """ArangoDB client.

    ``async with ArangoClient(hosts=[...]) as client:`` opens one session per host and a task
    group that lives exactly as long as the block: clean-ups after cancelled calls, health
    probes of cooled-down hosts, JWT renewal, closing idle connections and the optional
    host-list refresh run there and nowhere else. Leaving the block cancels that work (waiting
    at most a few seconds for clean-ups) and closes every session. Nothing touches the event
    loop in ``__init__``.

    :param hosts: one URL, a comma-separated string, or a sequence of URLs. Credentials do
        not belong in a URL (``http://user:pw@host``): such a host is refused (pass them to
        :meth:`db`), so they never show up in logs, errors or ``repr``.
    :param host_resolver: ``"single"``, ``"roundrobin"``, ``"random"``, ``"least_busy"`` or a
        :class:`~arango_anyio.HostResolver`.
    :param http_client: the :class:`~arango_anyio.http.HTTPClient` (default:
        :class:`~arango_anyio.http.DefaultHTTPClient`).
    :param serializer: turns a request body into JSON text/bytes.
    :param deserializer: turns JSON text/bytes into Python objects.
    :param request_timeout: seconds each call may take, retries included (None: no bound).
        Enforced with a cancel scope; raises :class:`RequestTimeoutError`.
    :param max_retries: how many times a call is retried when that is safe.
    :param retry_backoff: first back-off delay in seconds (doubles per retry, with jitter).
    :param retry_backoff_max: the largest back-off delay.
    :param request_compression: deflate request bodies of at least this many bytes
        (``True`` means 1 KiB); ``None``/``False``: never.
    :param response_compression: ask the server for compressed answers.
    :param max_request_body: the largest request body sent, in bytes; a larger one raises
        :class:`InvalidArgumentError` before anything is sent (default 512 MiB).
    :param ssl_context: TLS settings for the default HTTP client.
    :param verify_override: verify TLS certificates (default True) or a CA bundle path, for
        the default HTTP client.
    :param host_refresh_interval: every this many seconds, add the coordinators the cluster
        lists (:meth:`refresh_hosts`, with the credentials of the first :meth:`db` handle);
        None (default): never.
    """

    def __init__(
        self,
        hosts: str | Sequence[str] = "http://127.0.0.1:8529",
        *,
        host_resolver: str | HostResolver = "single",
        http_client: HTTPClient | None = None,
        serializer: Callable[[Any], str | bytes] = _serde.dumps,
        deserializer: Callable[[str | bytes], Any] = _serde.loads,
        request_timeout: float | None = 60,
        max_retries: int = 3,
        retry_backoff: float = 0.05,
        retry_backoff_max: float = 2.0,
        request_compression: bool | int | None = None,
        response_compression: bool = False,
        max_request_body: int = DEFAULT_MAX_REQUEST_BODY,
        ssl_context: Any = None,
        verify_override: bool | str | None = None,
        host_refresh_interval: float | None = None,
    ) -> None:
        host_list = _normalize_hosts(hosts)
        if request_timeout is not None and request_timeout <= 0:
            raise InvalidArgumentError("request_timeout must be positive or None")
        if host_refresh_interval is not None and host_refresh_interval <= 0:
            raise InvalidArgumentError("host_refresh_interval must be positive or None")
        self._host_refresh_interval = host_refresh_interval
        # The credentials of the first database handle, for the periodic host refresh.
        self._refresh_auth: Auth | None = None
        if max_retries < 0:
            raise InvalidArgumentError("max_retries must be 0 or more")
        if http_client is None:
            http_client = DefaultHTTPClient(
                ssl_context=ssl_context,
                verify=True if verify_override is None else verify_override,
            )
        if request_compression is True:
            threshold: int | None = DEFAULT_COMPRESSION_THRESHOLD
        elif request_compression is False or request_compression is None:
            threshold = None
        else:
            threshold = int(request_compression)
        self._state = ClientState(
            hosts=host_list,
            resolver=make_resolver(host_resolver),
            http_client=http_client,
            serializer=serializer,
            deserializer=deserializer,
            request_timeout=request_timeout,
            max_retries=max_retries,
            retry_backoff=retry_backoff,
            retry_backoff_max=retry_backoff_max,
            request_compression_threshold=threshold,
            response_compression=response_compression,
            max_request_body=max_request_body,
        )

    def __repr__(self) -> str:
        state = "open" if self._state.opened and not self._state.closed else (
            "closed" if self._state.closed else "new")
        return f"<ArangoClient {state} hosts={self._state.hosts}>"

    # -- lifecycle ------------------------------------------------------------------------------

    async def __aenter__(self) -> ArangoClient:
        """Open the client's task group and one session per host."""
        state = self._state
        if state.closing:
            raise ClientClosedError("an ArangoClient cannot be reopened after it was closed")
        if state.opened:
            raise ArangoClientError("this ArangoClient is already open (enter it only once)")
        await state.background.open()
        try:
            for host in state.hosts:
                state.sessions[host] = state.http_client.create_session(host)
        except BaseException:
            state.closing = True
            try:
                await self._close_sessions()
            finally:
                await state.background.close()
            raise
        state.opened = True
        http_client = state.http_client
        if type(http_client).close_idle_connections is not HTTPClient.close_idle_connections:
            state.background.start_service(SWEEP, self._sweep_idle_connections)
        if self._host_refresh_interval is not None:
            state.background.start_service(REFRESH, self._refresh_periodically)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self.aclose()
        finally:
            await self._state.background.close()

    async def aclose(self) -> None:
        """Close the client: refuse new calls, cancel the background work and wait (a few
        seconds at most) for clean-ups, then close every session, even when one close fails.
        Calls still running get :class:`ClientClosedError`. Idempotent."""
        state = self._state
        if state.closing:
            return
        state.closing = True
        try:
            await state.background.shutdown()
        finally:
            state.closed = True
            await self._close_sessions()

    async def _close_sessions(self) -> None:
        state = self._state
        errors: list[Exception] = []
        sessions = list(state.sessions.values())
        state.sessions.clear()
        with anyio.CancelScope(shield=True):
            for session in sessions:
                try:
                    with anyio.move_on_after(10):
                        await state.http_client.close_session(session)
                except Exception as exc:
                    errors.append(exc)
        if len(errors) == 1:
            raise errors[0]
        if errors:
            raise ExceptionGroup("errors while closing HTTP sessions", errors)

    async def _sweep_idle_connections(self) -> None:
        state = self._state
        while True:
            await anyio.sleep(IDLE_SWEEP_INTERVAL)
            for session in list(state.sessions.values()):
                await state.http_client.close_idle_connections(session)

    async def _refresh_periodically(self) -> None:
        interval = self._host_refresh_interval
        assert interval is not None
        while True:
            await anyio.sleep(interval)
            auth = self._refresh_auth
            if auth is None:
                continue
            try:
                await self._refresh_with(StandardDatabase(Connection(self._state, "_system", auth)))
            except ArangoError as exc:
                events.hosts_refresh_failed(str(exc))

    # -- properties -----------------------------------------------------------------------------

    @property
    def hosts(self) -> list[str]:
        """The coordinator URLs, in order."""
        return list(self._state.hosts)

    @property
    def version(self) -> str:
        """The arango_anyio package version."""
        return __version__

    @property
    def request_timeout(self) -> float | None:
        """Seconds each call may take (retries included)."""
        return self._state.request_timeout

    @property
    def closed(self) -> bool:
        """True once :meth:`aclose` ran."""
        return self._state.closed

    def statistics(self) -> ClientStatistics:
        """A snapshot: per host (requests in flight and sent, failures, timeouts, health,
        queue times), the HTTP client's connection pools (open, idle, in use, connecting,
        waiting; None for an HTTP client that keeps none) and the background tasks."""
        return self._state.statistics()

    # -- databases ------------------------------------------------------------------------------

    async def db(
        self,
        name: str = "_system",
        *,
        username: str = "root",
        password: str = "",
        verify: bool = False,
        auth_method: str = "basic",
        user_token: str | None = None,
        superuser_token: str | None = None,
        max_queue_time: float | None = None,
    ) -> StandardDatabase:
        """A handle to database ``name``.

        :param auth_method: ``"basic"`` or ``"jwt"`` (a token from ``POST /_open/auth``,
            cached per client and credentials and refreshed as needed).
        :param user_token: a user JWT to send as is (not refreshed).
        :param superuser_token: a superuser JWT signed with the server secret (not refreshed).
        :param verify: check now that the server answers and the credentials work; raises
            :class:`ServerConnectionError` otherwise.
        :param max_queue_time: send ``x-arango-max-queue-time-seconds`` with every call: the
            server refuses a request that waited longer in its queue
            (:class:`QueueTimeViolatedError`).
        """
        state = self._state
        state.ensure_open()
        segment(name, "database name")
        auth: Auth
        if superuser_token is not None:
            auth = StaticTokenAuth(superuser_token, kind="superuser_token")
        elif user_token is not None:
            auth = StaticTokenAuth(user_token, kind="user_token")
        elif auth_method == "basic":
            auth = BasicAuth(username, password)
        elif auth_method == "jwt":
            auth = state.jwt_auth(username, password)
        else:
            raise InvalidArgumentError(f"auth_method must be 'basic' or 'jwt', not {auth_method!r}")
        connection = Connection(state, name, auth, max_queue_time=max_queue_time)
        if self._refresh_auth is None:
            self._refresh_auth = auth
        if verify:
            await self._verify(connection)
        return StandardDatabase(connection)

    async def _verify(self, connection: Connection) -> None:
        request = Request("GET", "/_api/version")
        try:
            response = await connection.send(request)
        except ArangoServerError as exc:  # JWT fetch refused
            raise ServerConnectionError(
                f"cannot authenticate to database {connection.db_name!r}: {exc.error_message}",
                hosts=self.hosts, http_code=exc.http_code, error_code=exc.error_code,
            ) from exc
        if response.is_success:
            return
        if response.status_code == 401:
            # ArangoDB answers 401 both for bad credentials and for a database the user may
            # not use (or that does not exist, for a user without access to every database)
            hint = ("wrong username or password (or token), or no access to database "
                    f"{connection.db_name!r}")
        elif response.status_code == 404:
            hint = f"database {connection.db_name!r} not found"
        elif response.status_code == 403:
            hint = f"user has no access to database {connection.db_name!r}"
        else:
            hint = response.error_message or response.status_text
        raise ServerConnectionError(
            f"bad server answer to GET /_api/version on {response.host}: HTTP "
            f"{response.status_code}: {hint}",
            hosts=[response.host or ""],
            http_code=response.status_code,
            error_code=response.error_code,
        )

    async def refresh_hosts(self, *, username: str = "root", password: str = "",
                            superuser_token: str | None = None) -> list[str]:
        """Add the coordinators that ``GET /_api/cluster/endpoints`` lists
        (:meth:`Cluster.endpoints <arango_anyio._api.services.cluster.Cluster.endpoints>`).

        ``tcp://`` becomes ``http://`` and ``ssl://`` becomes ``https://``. A single server
        answers 501 and leaves the host list unchanged. Returns the host list.
        """
        db = await self.db("_system", username=username, password=password,
                           superuser_token=superuser_token)
        return await self._refresh_with(db)

    async def _refresh_with(self, db: StandardDatabase) -> list[str]:
        try:
            endpoints = await db.cluster.endpoints()
        except ClusterEndpointsError as error:
            if error.http_code == 501:
                return self.hosts
            raise
        added = []
        for endpoint in endpoints:
            url = endpoint_url(endpoint)
            if url is not None and self._state.add_host(url):
                added.append(url)
        if added:
            events.hosts_refreshed(added, self.hosts)
        return self.hosts
