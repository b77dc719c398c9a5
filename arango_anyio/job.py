"""Async jobs (python-arango's ``arango.job``): what calls return under
``db.begin_async_execution()``.

Under async execution every call returns an :class:`AsyncJob` for its result (or None with
``return_result=False``). Type checkers see the async handle and every handle reached from
it through the protocols below, generated from the API classes: ``AsyncStandardCollection``
is :class:`~arango_anyio.StandardCollection` with each call returning
``AsyncJob[<its direct result>]``, ``AsyncStandardCollectionNoResult`` the same with None.
The database handle itself is ``arango_anyio.AsyncDatabase`` (and
``AsyncDatabaseNoResult``). The runtime objects are the ordinary handles.

The protocols are loaded when first asked for: they exist for type checkers, and building them
all takes a while.
"""

import importlib
from typing import TYPE_CHECKING

from arango_anyio._executors.async_job import AsyncJob

if TYPE_CHECKING:
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

#: Protocol name -> its module in ``arango_anyio._api.async_types``.
_PROTOCOLS = {
    "AsyncAQL": "aql",
    "AsyncAQLNoResult": "aql_no_result",
    "AsyncAQLQueryCache": "aql",
    "AsyncAQLQueryCacheNoResult": "aql_no_result",
    "AsyncBackup": "services",
    "AsyncBackupNoResult": "services_no_result",
    "AsyncCluster": "services",
    "AsyncClusterNoResult": "services_no_result",
    "AsyncCollection": "collection",
    "AsyncCollectionNoResult": "collection_no_result",
    "AsyncDatabaseNoResult": "database_no_result",
    "AsyncEdgeCollection": "graph",
    "AsyncEdgeCollectionNoResult": "graph_no_result",
    "AsyncFoxx": "services",
    "AsyncFoxxNoResult": "services_no_result",
    "AsyncGraph": "graph",
    "AsyncGraphNoResult": "graph_no_result",
    "AsyncPregel": "services",
    "AsyncPregelNoResult": "services_no_result",
    "AsyncReplication": "services",
    "AsyncReplicationNoResult": "services_no_result",
    "AsyncStandardCollection": "collection",
    "AsyncStandardCollectionNoResult": "collection_no_result",
    "AsyncVertexCollection": "graph",
    "AsyncVertexCollectionNoResult": "graph_no_result",
    "AsyncWAL": "services",
    "AsyncWALNoResult": "services_no_result",
}


def __getattr__(name: str) -> object:
    module = _PROTOCOLS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"arango_anyio._api.async_types.{module}"), name)
    globals()[name] = value
    return value


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
