"""The typed records of :meth:`ArangoClient.statistics() <arango_anyio.ArangoClient.statistics>`.

Plain frozen records (as trio's ``statistics()`` methods return): a snapshot, cheap to take,
never a live view. The connection-pool figures are the transport's
:class:`~arango_anyio._transport.PoolStatistics`.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from arango_anyio._transport import PoolStatistics


@attrs.frozen(slots=True)
class HostStatistics:
    """Figures of one coordinator."""

    #: The host, e.g. ``http://c1:8529``.
    url: str
    #: Requests sent to it and not answered yet.
    in_flight: int
    #: Requests sent to it so far (attempts, retries included).
    requests_sent: int
    #: Attempts that failed there (not sent, lost, timed out, 503).
    failures: int
    #: Attempts that timed out there.
    timeouts: int
    #: False while it is cooled down (it failed and no health probe has succeeded since).
    healthy: bool
    #: The last ``x-arango-queue-time-seconds`` it reported.
    last_queue_time: float | None
    #: The mean of the queue times it reported.
    average_queue_time: float | None


@attrs.frozen(slots=True)
class BackgroundStatistics:
    """The client's background tasks (all run in the task group it owns)."""

    #: Background tasks running now, all kinds.
    running: int
    #: Clean-ups after cancelled calls running now (reading the answer of a cursor or transaction
    #: creation, deleting the cursor or aborting the transaction).
    cleanups: int
    #: Hosts being probed until they answer again.
    health_probes: int
    #: JWTs waiting to be renewed shortly before they expire.
    jwt_renewals: int
    #: Periodic host-list refreshes (``host_refresh_interval``).
    host_refreshes: int
    #: Tasks closing idle connections.
    idle_sweeps: int
    #: Clean-ups finished so far.
    cleanups_done: int
    #: Clean-ups that failed or ran out of time so far.
    cleanups_failed: int


@attrs.frozen(slots=True)
class ClientStatistics:
    """A snapshot of a client."""

    #: Per coordinator, in the order of the host list.
    hosts: Mapping[str, HostStatistics]
    #: The HTTP client's connection pools (None for an HTTP client that keeps none).
    pool: PoolStatistics | None
    #: The client's background tasks.
    background: BackgroundStatistics
