"""What one :class:`~arango_anyio.ArangoClient` shares with every database handle."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import httpx

from arango_anyio import _serde
from arango_anyio._connection.auth import JwtAuth
from arango_anyio._connection.background import Background
from arango_anyio._connection.cleanup import Cleanups
from arango_anyio._connection.health import HealthMonitor
from arango_anyio._connection.resolver import HostResolver, HostState
from arango_anyio._connection.statistics import ClientStatistics
from arango_anyio.exceptions import ClientClosedError
from arango_anyio.http import HTTPClient, honours_call_deadlines


class ClientState:
    """Hosts, their sessions and figures, the resolver, the client-wide options, and the
    client's task group (:class:`Background`) with what runs in it."""

    def __init__(
        self,
        *,
        hosts: list[str],
        resolver: HostResolver,
        http_client: HTTPClient,
        serializer: Callable[[Any], str | bytes],
        deserializer: Callable[[str | bytes], Any],
        request_timeout: float | None,
        max_retries: int,
        retry_backoff: float,
        retry_backoff_max: float,
        request_compression_threshold: int | None,
        response_compression: bool,
        max_request_body: int,
    ) -> None:
        self.hosts = hosts
        self.host_states = [HostState(h) for h in hosts]
        self.resolver = resolver
        self.http_client = http_client
        #: The HTTP layer bounds its own waits by the call's deadline (no scope per call).
        self.deadline_aware = honours_call_deadlines(http_client)
        self.serializer = serializer
        self.deserializer = deserializer
        self.custom_deserializer = deserializer is not _serde.loads
        self.request_timeout = request_timeout
        self.max_retries = max_retries
        self.retry_backoff = retry_backoff
        self.retry_backoff_max = retry_backoff_max
        self.request_compression_threshold = request_compression_threshold
        self.response_compression = response_compression
        self.max_request_body = max_request_body
        self.sessions: dict[str, httpx.AsyncClient] = {}
        self.opened = False
        #: aclose() began: new calls are refused, background clean-ups finish.
        self.closing = False
        #: The sessions are closed.
        self.closed = False
        self._jwt: dict[tuple[str, str], JwtAuth] = {}
        self.background = Background()
        self.cleanups = Cleanups(self.background)
        self.health = HealthMonitor(background=self.background, http_client=http_client,
                                    sessions=self.sessions, hosts=self.host_states,
                                    resolver=resolver,
                                    request_timeout=request_timeout)

    def ensure_open(self) -> None:
        """Raise :class:`ClientClosedError` unless the client is open."""
        if self.closing:
            raise ClientClosedError("the ArangoClient is closed")
        if not self.opened:
            raise ClientClosedError(
                "the ArangoClient is not open: use 'async with ArangoClient(...) as client:'"
            )

    def statistics(self) -> ClientStatistics:
        """A snapshot of the hosts, the connection pools and the background tasks."""
        return ClientStatistics(
            hosts={host.url: host.statistics() for host in self.host_states},
            pool=self.http_client.pool_statistics(list(self.sessions.values())),
            background=self.background.statistics(),
        )

    def index_of(self, host: str) -> int:
        """The index of ``host``; adds it (with a new session) when it is not known yet."""
        host = host.rstrip("/")
        for i, state in enumerate(self.host_states):
            if state.url == host:
                return i
        self.add_host(host)
        return len(self.host_states) - 1

    def add_host(self, host: str) -> bool:
        """Add a host (and open its session when the client is open). False if known."""
        host = host.rstrip("/")
        if host in self.hosts:
            return False
        self.hosts.append(host)
        self.host_states.append(HostState(host))
        if self.opened and not self.closed:
            self.sessions[host] = self.http_client.create_session(host)
        return True

    def jwt_auth(self, username: str, password: str) -> JwtAuth:
        """The JWT cache for these credentials (one token per client and credentials)."""
        key = (username, hashlib.sha256(password.encode()).hexdigest())
        auth = self._jwt.get(key)
        if auth is None:
            auth = self._jwt[key] = JwtAuth(username, password, background=self.background)
        return auth
