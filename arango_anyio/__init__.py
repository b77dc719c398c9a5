"""arango_anyio: an ArangoDB client for structured concurrency (trio and asyncio via AnyIO).

.. code-block:: python

    async with ArangoClient(hosts="http://127.0.0.1:8529") as client:
        db = await client.db("_system", username="root", password="")

Every public class imports from here; the python-arango-style modules (``arango_anyio.collection``,
``arango_anyio.database``, ...) name the same classes, and the errors live in
``arango_anyio.exceptions``.
"""

from typing import TYPE_CHECKING

from arango_anyio._api.aql.aql import AQL
from arango_anyio._api.aql.cache import AQLQueryCache
from arango_anyio._api.aql.cursor import Cursor
from arango_anyio._api.aql.execution import QueryExecution
from arango_anyio._api.collection.collection import Collection, StandardCollection
from arango_anyio._api.collection.reads import CollectionQuery
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
from arango_anyio._api.services.backup import Backup
from arango_anyio._api.services.cluster import Cluster
from arango_anyio._api.services.foxx import Foxx
from arango_anyio._api.services.pregel import Pregel
from arango_anyio._api.services.replication import Replication
from arango_anyio._api.services.wal import WAL
from arango_anyio._api.transaction import TransactionBegin
from arango_anyio._connection.resolver import (
    HostResolver,
    HostState,
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
from arango_anyio._public import publish
from arango_anyio._transport import HostPoolStatistics, PoolStatistics
from arango_anyio._version import __version__
from arango_anyio.client import ArangoClient
from arango_anyio.http import DefaultHTTPClient, HTTPClient
from arango_anyio.request import Request
from arango_anyio.response import Response

__all__ = [
    "AQL",
    "WAL",
    "AQLQueryCache",
    "ArangoClient",
    "AsyncDatabase",
    "AsyncJob",
    "BackgroundStatistics",
    "Backup",
    "BulkReport",
    "ClientStatistics",
    "Cluster",
    "Collection",
    "CollectionQuery",
    "Cursor",
    "Database",
    "DefaultHTTPClient",
    "DocumentStatus",
    "EdgeCollection",
    "Foxx",
    "Graph",
    "HTTPClient",
    "HostPoolStatistics",
    "HostResolver",
    "HostState",
    "HostStatistics",
    "LeastBusyHostResolver",
    "OverloadControlDatabase",
    "PoolStatistics",
    "Pregel",
    "QueryExecution",
    "RandomHostResolver",
    "Replication",
    "Request",
    "Response",
    "RoundRobinHostResolver",
    "SingleHostResolver",
    "StandardCollection",
    "StandardDatabase",
    "TransactionBegin",
    "TransactionDatabase",
    "VertexCollection",
    "__version__",
]

publish(__name__, globals(), __all__)
