"""The default HTTP transport: per-host HTTP/1.1 keep-alive pools on AnyIO streams.

:class:`ArangoTransport` is an ``httpx.AsyncBaseTransport`` with a fast path
(:meth:`ArangoTransport.request`) that skips httpx's request and response objects. Its failures
are the exceptions of :mod:`arango_anyio._transport.errors`.
"""

from arango_anyio._transport._models import HostPoolStatistics, PoolStatistics, RawResponse
from arango_anyio._transport._transport import ArangoTransport

__all__ = ["ArangoTransport", "HostPoolStatistics", "PoolStatistics", "RawResponse"]
