"""Host resolvers pick hosts by policy and skip unhealthy ones while a healthy one remains."""

from __future__ import annotations

import time
from collections import Counter

import pytest

from arango_anyio._connection.resolver import (
    HostResolver,
    HostState,
    LeastBusyHostResolver,
    RandomHostResolver,
    RoundRobinHostResolver,
    SingleHostResolver,
    make_resolver,
)


def _hosts(n: int = 3) -> list[HostState]:
    return [HostState(f"http://c{i}:8529") for i in range(n)]


def test_single_always_first_healthy() -> None:
    hosts = _hosts()
    resolver = SingleHostResolver()
    assert {resolver.choose(hosts, set()) for _ in range(10)} == {0}
    hosts[0].unhealthy_until = time.monotonic() + 60
    assert resolver.choose(hosts, set()) == 1


def test_roundrobin_cycles_in_order() -> None:
    hosts = _hosts()
    resolver = RoundRobinHostResolver()
    assert [resolver.choose(hosts, set()) for _ in range(6)] == [0, 1, 2, 0, 1, 2]


def test_roundrobin_skips_unhealthy_and_excluded() -> None:
    hosts = _hosts()
    resolver = RoundRobinHostResolver()
    hosts[1].unhealthy_until = time.monotonic() + 60
    assert [resolver.choose(hosts, set()) for _ in range(4)] == [0, 2, 0, 2]
    assert resolver.choose(hosts, {0}) == 2


def test_random_spreads_over_all_hosts() -> None:
    hosts = _hosts()
    counts = Counter(RandomHostResolver().choose(hosts, set()) for _ in range(600))
    assert set(counts) == {0, 1, 2}
    assert min(counts.values()) > 100


def test_least_busy_prefers_fewest_in_flight_with_random_ties() -> None:
    hosts = _hosts()
    resolver = LeastBusyHostResolver()
    hosts[0].in_flight = 5
    hosts[1].in_flight = 1
    hosts[2].in_flight = 1
    picks = Counter(resolver.choose(hosts, set()) for _ in range(400))
    assert set(picks) == {1, 2}
    assert min(picks.values()) > 100
    hosts[2].in_flight = 0
    assert resolver.choose(hosts, set()) == 2


def test_all_unhealthy_still_picks_a_host() -> None:
    hosts = _hosts(2)
    for host in hosts:
        host.unhealthy_until = time.monotonic() + 60
    assert SingleHostResolver().choose(hosts, set()) in (0, 1)
    # every host excluded: start over rather than fail
    assert RoundRobinHostResolver().choose(hosts, {0, 1}) in (0, 1)


def test_make_resolver_by_name_and_instance() -> None:
    assert isinstance(make_resolver("least_busy"), LeastBusyHostResolver)
    custom = RoundRobinHostResolver()
    assert make_resolver(custom) is custom
    with pytest.raises(ValueError, match="unknown host_resolver"):
        make_resolver("fastest")


def test_custom_resolver_subclass() -> None:
    class LastHost(HostResolver):
        def pick(self, hosts: object, candidates: list[int]) -> int:
            return candidates[-1]

    assert LastHost().choose(_hosts(), set()) == 2


def test_host_statistics_average_queue_time() -> None:
    host = HostState("http://c0:8529")
    host.record_queue_time(0.5)
    host.record_queue_time(1.5)
    stats = host.statistics()
    assert stats.last_queue_time == 1.5
    assert stats.average_queue_time == 1.0
