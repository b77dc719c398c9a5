"""Pregel (removed in ArangoDB 3.12): every call warns; a 3.12 server (and the emulator)
answers 404; against an older server the requests and answers are python-arango's."""

from __future__ import annotations

import pytest

from arango_anyio import StandardDatabase
from arango_anyio.exceptions import (
    PregelJobCreateError,
    PregelJobDeleteError,
    PregelJobGetError,
)
from tests.api.admin.replay import documented, replay_db

pytestmark = pytest.mark.anyio

# No 3.12 reference page exists (the API is gone); the answers follow the 3.11 "Pregel HTTP
# API" description of a job's status.
SOURCE = "ArangoDB 3.11 Pregel HTTP API (removed in 3.12; not in shared/reference)"


async def test_removed_in_3_12(sys_db: StandardDatabase) -> None:
    pregel = sys_db.pregel
    assert repr(pregel) == "<Pregel in _system>"
    for call, error in ((pregel.jobs(), PregelJobGetError), (pregel.job(1), PregelJobGetError),
                        (pregel.delete_job(1), PregelJobDeleteError),
                        (pregel.create_job("g", "pagerank"), PregelJobCreateError)):
        with pytest.warns(DeprecationWarning, match="Pregel was removed in ArangoDB 3.12"), \
                pytest.raises(error) as gone:
            await call
        assert (gone.value.http_code, gone.value.error_code) == (404, 404)


async def test_requests_an_older_server_expects() -> None:
    job = {"id": "42", "algorithm": "pagerank", "created": "2023-01-01T00:00:00Z",
           "ttl": 600, "state": "done", "gss": 3, "totalRuntime": 1.5, "startupTime": 0.1,
           "computationTime": 1.2, "storageTime": 0.2, "vertexCount": 10, "edgeCount": 20,
           "aggregators": {}, "reports": [], "detail": {}, "database": "_system",
           "masterContext": {}, "parallelism": 2, "useMemoryMaps": True, "user": "root",
           "graphLoaded": True, "sendCount": 5, "receivedCount": 5, "expires": "x",
           "gssTimes": [0.1]}
    exchanges = [
        documented("POST", "/_api/control_pregel", source=SOURCE, text="42",
                   request_body={"algorithm": "pagerank", "graphName": "social",
                                 "vertexCollections": ["people"],
                                 "edgeCollections": ["knows"],
                                 "params": {"store": False, "maxGSS": 10, "parallelism": 2,
                                            "async": True, "resultField": "rank",
                                            "threshold": 0.1}}),
        documented("GET", "/_api/control_pregel/42", source=SOURCE, body=job),
        documented("GET", "/_api/control_pregel", source=SOURCE, body=[job]),
        documented("DELETE", "/_api/control_pregel/42", source=SOURCE, body=""),
    ]
    async with replay_db(*exchanges) as (db, _):
        with pytest.warns(DeprecationWarning):
            job_id = await db.pregel.create_job(
                "social", "pagerank", store=False, max_gss=10, thread_count=2,
                async_mode=True, result_field="rank", algorithm_params={"threshold": 0.1},
                vertexCollections=["people"], edgeCollections=["knows"])
            assert job_id == 42
            status = await db.pregel.job(job_id)
            assert status["state"] == "done" and status["total_runtime"] == 1.5
            assert status["vertex_count"] == 10 and status["master_context"] == {}
            assert status["use_memory_maps"] is True and status["graph_loaded"] is True
            assert (await db.pregel.jobs())["jobs"] == [status]
            assert await db.pregel.delete_job(job_id) is True
