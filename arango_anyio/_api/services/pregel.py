"""Pregel jobs: ``db.pregel`` (``/_api/control_pregel``).

.. deprecated:: Pregel was removed in ArangoDB 3.12. The methods are kept for servers
    before 3.12; each call emits a ``DeprecationWarning``, and a 3.12 server answers 404.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

from arango_anyio._api.group import ApiGroup, Json
from arango_anyio._connection.url import segment
from arango_anyio.exceptions import PregelJobCreateError, PregelJobDeleteError, PregelJobGetError
from arango_anyio.request import Request

_JOB_KEYS = (
    ("id", "id"), ("algorithm", "algorithm"), ("created", "created"), ("expires", "expires"),
    ("ttl", "ttl"), ("state", "state"), ("gss", "gss"), ("totalRuntime", "total_runtime"),
    ("startupTime", "startup_time"), ("computationTime", "computation_time"),
    ("storageTime", "storageTime"), ("gssTimes", "gssTimes"), ("reports", "reports"),
    ("vertexCount", "vertex_count"), ("edgeCount", "edge_count"),
    ("aggregators", "aggregators"), ("receivedCount", "received_count"),
    ("sendCount", "send_count"), ("detail", "detail"), ("database", "database"),
    ("masterContext", "master_context"), ("parallelism", "parallelism"),
    ("useMemoryMaps", "use_memory_maps"), ("user", "user"), ("graphLoaded", "graph_loaded"),
)


def format_job(body: Json) -> Json:
    """A Pregel job's status with python-arango's names."""
    return {name: body[key] for key, name in _JOB_KEYS if key in body}


def _warn() -> None:
    warnings.warn("Pregel was removed in ArangoDB 3.12", DeprecationWarning, stacklevel=3)


class Pregel(ApiGroup):
    """Pregel jobs (removed in ArangoDB 3.12). Get it as ``db.pregel``."""

    def __repr__(self) -> str:
        return f"<Pregel in {self.db_name}>"

    async def job(self, job_id: int) -> Json:
        """A job's status. ``GET /_api/control_pregel/{id}``.

        .. deprecated:: removed in ArangoDB 3.12.

        :raise PregelJobGetError: the server refused (3.12: 404).
        """
        _warn()
        request = Request("GET", f"/_api/control_pregel/{segment(str(job_id), 'job id')}")
        return await self._call(request, PregelJobGetError, lambda r: format_job(r.body))

    async def create_job(self, graph: str, algorithm: str, store: bool = True,
                         max_gss: int | None = None, thread_count: int | None = None,
                         async_mode: bool | None = None, result_field: str | None = None,
                         algorithm_params: Json | None = None,
                         vertexCollections: Sequence[str] | None = None,
                         edgeCollections: Sequence[str] | None = None,
                         ) -> int:
        """Start a job on a named graph. ``POST /_api/control_pregel``.

        .. deprecated:: removed in ArangoDB 3.12.

        The parameter names (including python-arango's ``vertexCollections`` and
        ``edgeCollections``) are python-arango's.

        :return: the job id.
        :raise PregelJobCreateError: the server refused (3.12: 404).
        """
        _warn()
        data: Json = {"algorithm": algorithm, "graphName": graph}
        if vertexCollections is not None:
            data["vertexCollections"] = list(vertexCollections)
        if edgeCollections is not None:
            data["edgeCollections"] = list(edgeCollections)
        params = dict(algorithm_params or {})
        if store is not None:
            params["store"] = store
        if max_gss is not None:
            params["maxGSS"] = max_gss
        if thread_count is not None:
            params["parallelism"] = thread_count
        if async_mode is not None:
            params["async"] = async_mode
        if result_field is not None:
            params["resultField"] = result_field
        if params:
            data["params"] = params
        request = Request("POST", "/_api/control_pregel", data=data)
        return await self._call(request, PregelJobCreateError, lambda r: int(r.body))

    async def delete_job(self, job_id: int) -> bool:
        """Cancel a job. ``DELETE /_api/control_pregel/{id}``.

        .. deprecated:: removed in ArangoDB 3.12.

        :raise PregelJobDeleteError: the server refused (3.12: 404).
        """
        _warn()
        request = Request("DELETE", f"/_api/control_pregel/{segment(str(job_id), 'job id')}")
        return await self._call(request, PregelJobDeleteError, lambda r: True)

    async def jobs(self) -> Json:
        """Every job: ``{"jobs": [...]}``. ``GET /_api/control_pregel``.

        .. deprecated:: removed in ArangoDB 3.12.

        :raise PregelJobGetError: the server refused (3.12: 404).
        """
        _warn()
        request = Request("GET", "/_api/control_pregel")
        return await self._call(
            request, PregelJobGetError, lambda r: {"jobs": [format_job(job) for job in r.body]})
