"""Host resolvers: which coordinator gets the next request.

A resolver sees the hosts' health and in-flight counts (kept by the connection) and picks an
index. Bookkeeping is plain state with no awaits, so it is safe under cancellation.
"""

from __future__ import annotations

import abc
import random
import time
from collections.abc import Sequence

from arango_anyio._connection.statistics import HostStatistics

#: The longest pause, in seconds, between two health probes of a cooled-down host (see
#: :mod:`arango_anyio._connection.health`).
DEFAULT_COOLDOWN = 5.0


class HostState:
    """Live figures of one host, shared by the resolver and :meth:`ArangoClient.statistics`."""

    __slots__ = (
        "failures",
        "in_flight",
        "last_queue_time",
        "queue_time_samples",
        "queue_time_total",
        "requests_sent",
        "timeouts",
        "unhealthy_until",
        "url",
    )

    def __init__(self, url: str) -> None:
        #: The host, e.g. ``http://c1:8529``.
        self.url = url
        #: Requests sent to it and not answered yet.
        self.in_flight = 0
        #: Requests sent to it so far.
        self.requests_sent = 0
        #: Connection failures so far.
        self.failures = 0
        #: Timeouts so far.
        self.timeouts = 0
        #: ``time.monotonic()`` until which it is skipped (its cool-down after a failure;
        #: ``inf``: until a health probe succeeds).
        self.unhealthy_until = 0.0
        #: The last ``x-arango-queue-time-seconds`` it reported.
        self.last_queue_time: float | None = None
        #: The sum of the queue times it reported.
        self.queue_time_total = 0.0
        #: How many queue times it reported.
        self.queue_time_samples = 0

    def healthy(self, now: float) -> bool:
        """True unless the host failed recently (within its cool-down)."""
        return self.unhealthy_until <= now

    def record_queue_time(self, seconds: float) -> None:
        """Remember a ``x-arango-queue-time-seconds`` reading."""
        self.last_queue_time = seconds
        self.queue_time_total += seconds
        self.queue_time_samples += 1

    def statistics(self) -> HostStatistics:
        """A snapshot of this host's figures."""
        samples = self.queue_time_samples
        return HostStatistics(
            url=self.url,
            in_flight=self.in_flight,
            requests_sent=self.requests_sent,
            failures=self.failures,
            timeouts=self.timeouts,
            healthy=self.healthy(time.monotonic()),
            last_queue_time=self.last_queue_time,
            average_queue_time=self.queue_time_total / samples if samples else None,
        )


class HostResolver(abc.ABC):
    """Chooses a host for each request. Subclass it for a custom policy.

    :meth:`pick` receives the host states and a set of indexes to avoid (hosts already tried
    for this call); it returns an index. The base class handles health: it offers only the
    healthy candidates when any exist.
    """

    #: The longest pause between two health probes of a cooled-down host (seconds).
    cooldown: float = DEFAULT_COOLDOWN

    def choose(self, hosts: Sequence[HostState], exclude: set[int]) -> int:
        """Pick a host index, preferring healthy hosts not yet tried for this call."""
        if len(hosts) == 1:
            return 0
        now = time.monotonic()
        candidates = [i for i in range(len(hosts)) if i not in exclude and hosts[i].healthy(now)]
        if not candidates:
            candidates = [i for i in range(len(hosts)) if i not in exclude]
        if not candidates:
            candidates = list(range(len(hosts)))
        if len(candidates) == 1:
            return candidates[0]
        return self.pick(hosts, candidates)

    @abc.abstractmethod
    def pick(self, hosts: Sequence[HostState], candidates: list[int]) -> int:
        """Return one of ``candidates`` (indexes into ``hosts``)."""


class SingleHostResolver(HostResolver):
    """Always the first candidate (the first host while it is healthy)."""

    def pick(self, hosts: Sequence[HostState], candidates: list[int]) -> int:
        return candidates[0]


class RoundRobinHostResolver(HostResolver):
    """Hosts in turn."""

    def __init__(self) -> None:
        self._next = 0

    def pick(self, hosts: Sequence[HostState], candidates: list[int]) -> int:
        count = len(hosts)
        start = self._next
        for step in range(count):
            index = (start + step) % count
            if index in candidates:
                self._next = index + 1
                return index
        return candidates[0]  # pragma: no cover - candidates is never empty


class RandomHostResolver(HostResolver):
    """A host at random."""

    def pick(self, hosts: Sequence[HostState], candidates: list[int]) -> int:
        return random.choice(candidates)


class LeastBusyHostResolver(HostResolver):
    """The host with the fewest requests in flight; ties broken at random."""

    def pick(self, hosts: Sequence[HostState], candidates: list[int]) -> int:
        fewest = min(hosts[i].in_flight for i in candidates)
        return random.choice([i for i in candidates if hosts[i].in_flight == fewest])


_BY_NAME: dict[str, type[HostResolver]] = {
    "single": SingleHostResolver,
    "roundrobin": RoundRobinHostResolver,
    "random": RandomHostResolver,
    "least_busy": LeastBusyHostResolver,
}


def make_resolver(spec: str | HostResolver) -> HostResolver:
    """A resolver from its name (``single``, ``roundrobin``, ``random``, ``least_busy``)."""
    if isinstance(spec, HostResolver):
        return spec
    try:
        return _BY_NAME[spec]()
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown host_resolver {spec!r}: use one of {sorted(_BY_NAME)} or a HostResolver"
        ) from None
