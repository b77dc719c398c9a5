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
    """Figures of one coordinator.

    :param url: the host, e.g. ``http://c1:8529``.
    :param in_flight: requests sent to it and not answered yet.
    :param requests_sent: requests sent to it so far (attempts, retries included).
    :param failures: attempts that failed there (not sent, lost, timed out, 503).
    :param timeouts: attempts that timed out there.
    :param healthy: False while it is cooled down (it failed and no health probe has
        succeeded since).
    :param last_queue_time: the last ``x-arango-queue-time-seconds`` it reported.
    :param average_queue_time: the mean of the queue times it reported.
    """

    url: str
    in_flight: int
    requests_sent: int
    failures: int
    timeouts: int
    healthy: bool
    last_queue_time: float | None
    average_queue_time: float | None


@attrs.frozen(slots=True)
class BackgroundStatistics:
    """The client's background tasks (all run in the task group it owns).

    :param running: background tasks running now, all kinds.
    :param cleanups: clean-ups after cancelled calls running now (reading the answer of a
        cursor or transaction creation, deleting the cursor or aborting the transaction).
    :param health_probes: hosts being probed until they answer again.
    :param jwt_renewals: JWTs waiting to be renewed shortly before they expire.
    :param host_refreshes: periodic host-list refreshes (``host_refresh_interval``).
    :param idle_sweeps: tasks closing idle connections.
    :param cleanups_done: clean-ups finished so far.
    :param cleanups_failed: clean-ups that failed or ran out of time so far.
    """

    running: int
    cleanups: int
    health_probes: int
    jwt_renewals: int
    host_refreshes: int
    idle_sweeps: int
    cleanups_done: int
    cleanups_failed: int


@attrs.frozen(slots=True)
class ClientStatistics:
    """A snapshot of a client.

    :param hosts: per coordinator, in the order of the host list.
    :param pool: the HTTP client's connection pools (None for an HTTP client that keeps
        none).
    :param background: the client's background tasks.
    """

    hosts: Mapping[str, HostStatistics]
    pool: PoolStatistics | None
    background: BackgroundStatistics
