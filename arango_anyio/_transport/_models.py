"""Plain records handed out by the transport: a response and pool statistics."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import attrs


class RawResponse(NamedTuple):
    """A complete HTTP response as read from the wire, without any decoding of the body.
    (A named tuple: immutable, and the cheapest record to build once per request.)

    :param status_code: the status code, e.g. ``200``.
    :param reason: the reason phrase, e.g. ``"OK"``.
    :param headers: header names lower-cased; values of a repeated header joined with ``", "``.
    :param body: the body bytes exactly as received (still content-encoded).
    """

    status_code: int
    reason: str
    headers: Mapping[str, str]
    body: bytes


@attrs.frozen(slots=True)
class HostPoolStatistics:
    """Connection figures for the pool of one host."""

    #: Connections open or being opened (``idle + in_use + connecting``).
    open: int
    #: Open connections parked in the pool, ready for reuse.
    idle: int
    #: Connections carrying a request right now.
    in_use: int
    #: Connections being opened.
    connecting: int
    #: Requests queued for a connection because the pool is full.
    waiting: int


@attrs.frozen(slots=True)
class PoolStatistics:
    """Connection figures summed over every host, and per host (keyed ``scheme://host:port``)."""

    #: Connections open or being opened, over every host.
    open: int
    #: Open connections parked in the pools.
    idle: int
    #: Connections carrying a request right now.
    in_use: int
    #: Connections being opened.
    connecting: int
    #: Requests queued for a connection because a pool is full.
    waiting: int
    #: The figures of each host's pool, keyed ``scheme://host:port``.
    hosts: Mapping[str, HostPoolStatistics]

    @classmethod
    def combine(cls, hosts: Mapping[str, HostPoolStatistics]) -> PoolStatistics:
        """Sum the figures of ``hosts``."""
        stats = hosts.values()
        return cls(
            open=sum(s.open for s in stats),
            idle=sum(s.idle for s in stats),
            in_use=sum(s.in_use for s in stats),
            connecting=sum(s.connecting for s in stats),
            waiting=sum(s.waiting for s in stats),
            hosts=dict(hosts),
        )
