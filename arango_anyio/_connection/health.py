"""Host health: cooling a failing host down, and probing it until it answers again.

A host is cooled down when a request to it could not be sent (connection refused, connect
timeout), or when a request to it timed out (for every resolver: the connection does this, not
the resolver). While a healthy host remains, resolvers skip it. A health probe in the client's
task group then asks it ``GET /_api/version`` (no credentials: any answer below 500, a 401
included, shows the coordinator works), first after :data:`FIRST_PROBE_DELAY`, then less and
less often up to the resolver's ``cooldown``; the host comes back when a probe (or a call that
went there because no healthy host was left) gets an answer. A host never comes back because
time passed and a caller gambled on it. A client with a single host has nowhere else to go:
its host is only marked (for :meth:`ArangoClient.statistics`) for the resolver's cooldown, and
not probed.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence

import anyio
import httpx

from arango_anyio._connection import events
from arango_anyio._connection.background import PROBE, Background
from arango_anyio._connection.resolver import HostResolver, HostState
from arango_anyio.http import HTTPClient

#: Seconds before the first probe of a host that was just cooled down.
FIRST_PROBE_DELAY = 0.2
#: Seconds a probe may take.
PROBE_TIMEOUT = 2.0


class HealthMonitor:
    """Cools hosts down and probes them back to health.

    :param sessions: the client's sessions by host URL (the live dict: hosts added later
        are found).
    """

    def __init__(
        self,
        *,
        background: Background,
        http_client: HTTPClient,
        sessions: Mapping[str, httpx.AsyncClient],
        hosts: Sequence[HostState],
        resolver: HostResolver,
        request_timeout: float | None,
    ) -> None:
        self._background = background
        self._http_client = http_client
        self._sessions = sessions
        self._hosts = hosts
        self._resolver = resolver
        self._probe_timeout = min(PROBE_TIMEOUT, request_timeout or PROBE_TIMEOUT)
        self._probing: set[str] = set()

    def mark_down(self, host: HostState, reason: str) -> None:
        """Cool ``host`` down and make sure a probe watches it."""
        was_healthy = host.unhealthy_until <= time.monotonic()
        if host.url in self._probing:
            host.unhealthy_until = math.inf
        elif len(self._hosts) > 1 and self._background.start_service(
                PROBE, lambda: self._probe(host)):
            self._probing.add(host.url)
            host.unhealthy_until = math.inf  # until a probe (or a call) gets an answer
        else:  # a single host, or the client is closing: no probe, a plain cool-down
            host.unhealthy_until = time.monotonic() + self._resolver.cooldown
        if was_healthy:
            events.host_down(host.url, reason)

    def mark_up(self, host: HostState, how: str) -> None:
        """``host`` answered: it is healthy again."""
        if host.unhealthy_until:
            host.unhealthy_until = 0.0
            events.host_up(host.url, how)

    async def _probe(self, host: HostState) -> None:
        delay = FIRST_PROBE_DELAY
        try:
            while host.unhealthy_until:
                await anyio.sleep(delay)
                if not host.unhealthy_until:
                    return  # a call got an answer from it meanwhile
                if await self._answers(host):
                    self.mark_up(host, "a health probe got an answer")
                    return
                delay = min(delay * 2, max(self._resolver.cooldown, FIRST_PROBE_DELAY))
        finally:
            self._probing.discard(host.url)

    async def _answers(self, host: HostState) -> bool:
        session = self._sessions.get(host.url)
        if session is None:
            return False
        with anyio.move_on_after(self._probe_timeout):
            try:
                response = await self._http_client.send_request(
                    session, "GET", host.url + "/_api/version", {"accept": "application/json"}
                )
            except Exception:
                return False
            return response.status_code < 500
        return False
