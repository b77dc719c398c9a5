"""Async jobs (python-arango's ``arango.job``): what calls return under
``db.begin_async_execution()``.

Under async execution every call returns an :class:`AsyncJob` for its result (or None with
``return_result=False``). Type checkers see the async handle and every handle reached from
it through the protocols below, generated from the API classes: ``AsyncStandardCollection``
is :class:`~arango_anyio.StandardCollection` with each call returning
``AsyncJob[<its direct result>]``, ``AsyncStandardCollectionNoResult`` the same with None.
The database handle itself is ``arango_anyio.AsyncDatabase`` (and
``AsyncDatabaseNoResult``). The runtime objects are the ordinary handles.
"""

from arango_anyio._api.async_types.aql import AsyncAQL, AsyncAQLQueryCache
from arango_anyio._api.async_types.aql_no_result import (
    AsyncAQLNoResult,
    AsyncAQLQueryCacheNoResult,
)
from arango_anyio._api.async_types.collection import AsyncCollection, AsyncStandardCollection
from arango_anyio._api.async_types.collection_no_result import (
    AsyncCollectionNoResult,
    AsyncStandardCollectionNoResult,
)
from arango_anyio._api.async_types.database_no_result import AsyncDatabaseNoResult
from arango_anyio._api.async_types.graph import (
    AsyncEdgeCollection,
    AsyncGraph,
    AsyncVertexCollection,
)
from arango_anyio._api.async_types.graph_no_result import (
    AsyncEdgeCollectionNoResult,
    AsyncGraphNoResult,
    AsyncVertexCollectionNoResult,
)
from arango_anyio._api.async_types.services import (
    AsyncBackup,
    AsyncCluster,
    AsyncFoxx,
    AsyncPregel,
    AsyncReplication,
    AsyncWAL,
)
from arango_anyio._api.async_types.services_no_result import (
    AsyncBackupNoResult,
    AsyncClusterNoResult,
    AsyncFoxxNoResult,
    AsyncPregelNoResult,
    AsyncReplicationNoResult,
    AsyncWALNoResult,
)
from arango_anyio._executors.async_job import AsyncJob

__all__ = [
    "AsyncAQL",
    "AsyncAQLNoResult",
    "AsyncAQLQueryCache",
    "AsyncAQLQueryCacheNoResult",
    "AsyncBackup",
    "AsyncBackupNoResult",
    "AsyncCluster",
    "AsyncClusterNoResult",
    "AsyncCollection",
    "AsyncCollectionNoResult",
    "AsyncDatabaseNoResult",
    "AsyncEdgeCollection",
    "AsyncEdgeCollectionNoResult",
    "AsyncFoxx",
    "AsyncFoxxNoResult",
    "AsyncGraph",
    "AsyncGraphNoResult",
    "AsyncJob",
    "AsyncPregel",
    "AsyncPregelNoResult",
    "AsyncReplication",
    "AsyncReplicationNoResult",
    "AsyncStandardCollection",
    "AsyncStandardCollectionNoResult",
    "AsyncVertexCollection",
    "AsyncVertexCollectionNoResult",
    "AsyncWAL",
    "AsyncWALNoResult",
]
