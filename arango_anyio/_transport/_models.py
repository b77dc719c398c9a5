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
    """Connection figures for the pool of one host.

    :param open: connections open or being opened (``idle + in_use + connecting``).
    :param idle: open connections parked in the pool, ready for reuse.
    :param in_use: connections carrying a request right now.
    :param connecting: connections being opened.
    :param waiting: requests queued for a connection because the pool is full.
    """

    open: int
    idle: int
    in_use: int
    connecting: int
    waiting: int


@attrs.frozen(slots=True)
class PoolStatistics:
    """Connection figures summed over every host, and per host (keyed ``scheme://host:port``)."""

    open: int
    idle: int
    in_use: int
    connecting: int
    waiting: int
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
