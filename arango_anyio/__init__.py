"""arango_anyio: an ArangoDB client for structured concurrency (trio and asyncio via AnyIO).

.. code-block:: python

    async with ArangoClient(hosts="http://127.0.0.1:8529") as client:
        db = await client.db("_system", username="root", password="")
"""

from typing import TYPE_CHECKING

from arango_anyio._api.aql.aql import AQL
from arango_anyio._api.aql.cursor import Cursor
from arango_anyio._api.aql.execution import QueryExecution
from arango_anyio._api.collection.collection import Collection, StandardCollection
from arango_anyio._api.collection.report import BulkReport, DocumentStatus
from arango_anyio._api.database.database import (
    Database,
    OverloadControlDatabase,
    StandardDatabase,
    TransactionDatabase,
)

if TYPE_CHECKING:
    # Every call through it returns an AsyncJob: the generated protocol says so.
    from arango_anyio._api.async_types.database import AsyncDatabase
else:
    from arango_anyio._api.database.database import AsyncDatabase
from arango_anyio._api.graph.graph import EdgeCollection, Graph, VertexCollection
from arango_anyio._connection.resolver import (
    HostResolver,
    LeastBusyHostResolver,
    RandomHostResolver,
    RoundRobinHostResolver,
    SingleHostResolver,
)
from arango_anyio._connection.statistics import (
    BackgroundStatistics,
    ClientStatistics,
    HostStatistics,
)
from arango_anyio._executors.async_job import AsyncJob
from arango_anyio._transport import HostPoolStatistics, PoolStatistics
from arango_anyio._version import __version__
from arango_anyio.client import ArangoClient
from arango_anyio.http import DefaultHTTPClient, HTTPClient
from arango_anyio.request import Request
from arango_anyio.response import Response

__all__ = [
    "AQL",
    "ArangoClient",
    "AsyncDatabase",
    "AsyncJob",
    "BackgroundStatistics",
    "BulkReport",
    "ClientStatistics",
    "Collection",
    "Cursor",
    "Database",
    "DefaultHTTPClient",
    "DocumentStatus",
    "EdgeCollection",
    "Graph",
    "HTTPClient",
    "HostPoolStatistics",
    "HostResolver",
    "HostStatistics",
    "LeastBusyHostResolver",
    "OverloadControlDatabase",
    "PoolStatistics",
    "QueryExecution",
    "RandomHostResolver",
    "Request",
    "Response",
    "RoundRobinHostResolver",
    "SingleHostResolver",
    "StandardCollection",
    "StandardDatabase",
    "TransactionDatabase",
    "VertexCollection",
    "__version__",
]
