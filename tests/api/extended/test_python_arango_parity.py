"""Moving over from python-arango: the extended API has its names and parameters, and given
the same real answer (recorded on ArangoDB 3.12, or documented) both drivers return the same
result, or raise exceptions of the same name, after sending the same method, path and query.
"""

from __future__ import annotations

import inspect
import json
import warnings
from collections.abc import Callable
from typing import Any, cast
from urllib.parse import unquote

import pytest

from arango_anyio._api.services.backup import Backup
from arango_anyio._api.services.cluster import Cluster
from arango_anyio._api.services.foxx import Foxx
from arango_anyio._api.services.pregel import Pregel
from arango_anyio._api.services.replication import Replication
from arango_anyio._api.services.wal import WAL
from arango_anyio.database import StandardDatabase
from tests.api.admin.replay import Exchange, documented, recorded, replay_db

arango = pytest.importorskip("arango")
from arango.backup import Backup as PyBackup  # noqa: E402
from arango.cluster import Cluster as PyCluster  # noqa: E402
from arango.connection import BasicConnection  # noqa: E402
from arango.database import StandardDatabase as PyDatabase  # noqa: E402
from arango.foxx import Foxx as PyFoxx  # noqa: E402
from arango.pregel import Pregel as PyPregel  # noqa: E402
from arango.replication import Replication as PyReplication  # noqa: E402
from arango.response import Response as PyResponse  # noqa: E402
from arango.wal import WAL as PyWAL  # noqa: E402

DB_METHODS = ["views", "view", "view_info", "create_view", "update_view", "replace_view",
              "delete_view", "rename_view", "create_arangosearch_view",
              "update_arangosearch_view", "replace_arangosearch_view", "analyzers",
              "analyzer", "create_analyzer", "delete_analyzer", "tasks", "task", "create_task",
              "delete_task"]
GROUPS: list[tuple[type, type]] = [(Foxx, PyFoxx), (Backup, PyBackup), (Cluster, PyCluster),
                                   (Replication, PyReplication), (WAL, PyWAL),
                                   (Pregel, PyPregel)]


def _public(cls: type) -> list[str]:
    return sorted(n for n, v in vars(cls).items()
                  if not n.startswith("_") and callable(v))


def _shape(func: Callable[..., Any]) -> list[tuple[str, Any, Any]]:
    params = list(inspect.signature(func).parameters.values())[1:]
    return [(p.name, p.kind, p.default) for p in params]


@pytest.mark.parametrize("name", DB_METHODS)
def test_database_signatures(name: str) -> None:
    ours = getattr(StandardDatabase, name)
    assert inspect.iscoroutinefunction(ours)
    assert _shape(ours) == _shape(getattr(PyDatabase, name))


@pytest.mark.parametrize(("ours", "theirs"), GROUPS, ids=[g[0].__name__ for g in GROUPS])
def test_group_signatures(ours: type, theirs: type) -> None:
    missing = set(_public(theirs)) - set(_public(ours))
    assert not missing, f"{ours.__name__} lacks {missing}"
    for name in _public(theirs):
        method = getattr(ours, name)
        assert inspect.iscoroutinefunction(method), name
        assert _shape(method) == _shape(getattr(theirs, name)), name


def test_handles() -> None:
    for name, cls in (("foxx", Foxx), ("backup", Backup), ("cluster", Cluster),
                      ("replication", Replication), ("wal", WAL), ("pregel", Pregel)):
        assert isinstance(getattr(StandardDatabase, name), property)
        assert getattr(StandardDatabase, name).fget.__annotations__["return"] in (
            cls.__name__, cls)


class _FakeConnection:
    """Enough of python-arango's connection to run its API methods on one answer."""

    db_name = "_system"
    username = "root"

    def __init__(self, exchange: Exchange) -> None:
        self.exchange = exchange
        self.requests: list[Any] = []

    def serialize(self, obj: Any) -> str:
        return json.dumps(obj)

    def deserialize(self, text: str) -> Any:
        return json.loads(text)

    def send_request(self, request: Any) -> PyResponse:
        self.requests.append(request)
        ex = self.exchange
        resp = PyResponse(request.method, "http://localhost:8529" + request.endpoint,
                          dict(ex.response_headers), ex.status, ex.reason, ex.response_body)
        if request.deserialize:
            try:
                resp.body = json.loads(ex.response_body) if ex.response_body else None
            except ValueError:
                resp.body = ex.response_body
        else:
            resp.body = ex.response_body
        if isinstance(resp.body, dict):
            resp.error_code = resp.body.get("errorNum")
            resp.error_message = resp.body.get("errorMessage")
        resp.is_success = 200 <= ex.status < 300
        return resp


NOT_FOUND_VIEW = {"error": True, "code": 404, "errorNum": 1203,
                  "errorMessage": "collection or view not found"}
NOT_FOUND_ANALYZER = {"error": True, "code": 404, "errorNum": 1202,
                      "errorMessage": "analyzer not found"}
NOT_FOUND_TASK = {"error": True, "code": 404, "errorNum": 1852,
                  "errorMessage": "task not found"}
VIEWS = "views/arangosearch-views.md"
PATCH_BODY = {"cleanupIntervalStep": 12, "links": {"products": None}}
COMMAND = "(function(params) { require('@arangodb').print(params); })(params)"

Case = tuple[str | None, str, tuple[Any, ...], dict[str, Any], Callable[[], Exchange]]
CASES: list[Case] = [
    (None, "views", (), {}, lambda: recorded("RestViewGetAllViews_single")),
    (None, "view_info", ("75180",), {},
     lambda: recorded("RestViewGetViewIdentifierArangoSearch_single")),
    (None, "view", ("75007",), {},
     lambda: recorded("RestViewGetViewPropertiesIdentifierArangoSearch_single")),
    (None, "view", ("75199",), {},
     lambda: recorded("RestViewGetViewPropertiesIdentifierSearchAlias_single")),
    (None, "update_view", ("productsView", PATCH_BODY), {},
     lambda: recorded("RestViewPatchPropertiesArangoSearch_single")),
    (None, "update_arangosearch_view", ("productsView", PATCH_BODY), {},
     lambda: recorded("RestViewPatchPropertiesArangoSearch_single")),
    (None, "create_view",
     ("products", "search-alias", {"indexes": [{"collection": "books", "index": "inv-idx"}]}),
     {}, lambda: recorded("RestViewPostViewSearchAlias_single")),
    (None, "replace_view",
     ("productsView", {"indexes": [{"collection": "books", "index": "inv_descr"}]}), {},
     lambda: recorded("RestViewPutPropertiesSearchAlias_single")),
    (None, "view", ("ghost",), {},
     lambda: documented("GET", "/_api/view/ghost/properties", status=404,
                        body=NOT_FOUND_VIEW, source=VIEWS)),
    (None, "delete_view", ("ghost",), {"ignore_missing": True},
     lambda: documented("DELETE", "/_api/view/ghost", status=404, body=NOT_FOUND_VIEW,
                        source=VIEWS)),
    (None, "delete_view", ("v",), {},
     lambda: documented("DELETE", "/_api/view/v", source=VIEWS,
                        body={"error": False, "code": 200, "result": True})),
    (None, "rename_view", ("v", "w"), {},
     lambda: documented("PUT", "/_api/view/v/rename", source=VIEWS,
                        request_body={"name": "w"},
                        body={"name": "w", "id": "1", "type": "arangosearch",
                              "globallyUniqueId": "g", "links": {}})),
    (None, "analyzer", ("testAnalyzer",), {}, lambda: recorded("RestAnalyzerGet_single")),
    (None, "create_analyzer", ("testAnalyzer", "identity"), {},
     lambda: recorded("RestAnalyzerPost_single")),
    (None, "analyzers", (), {},
     lambda: documented("GET", "/_api/analyzer", source="analyzers.md", body={
         "error": False, "code": 200, "result": [
             {"name": "identity", "type": "identity", "properties": {},
              "features": ["frequency", "norm"]}]})),
    (None, "delete_analyzer", ("gone",), {"ignore_missing": True},
     lambda: documented("DELETE", "/_api/analyzer/gone", status=404,
                        query={"force": "false"}, body=NOT_FOUND_ANALYZER,
                        source="analyzers.md")),
    (None, "delete_analyzer", ("a",), {"force": True},
     lambda: documented("DELETE", "/_api/analyzer/a", query={"force": "true"},
                        source="analyzers.md",
                        body={"error": False, "code": 200, "name": "_system::a"})),
    (None, "tasks", (), {}, lambda: recorded("RestTasksListAll_single")),
    (None, "create_task", ("SampleTask", COMMAND, {"foo": "bar", "bar": "foo"}, 2), {},
     lambda: recorded("RestTasksCreate_single")),
    (None, "delete_task", ("SampleTask",), {}, lambda: recorded("RestTasksDelete_single")),
    (None, "delete_task", ("x",), {"ignore_missing": True},
     lambda: documented("DELETE", "/_api/tasks/x", status=404, body=NOT_FOUND_TASK,
                        source="tasks.md")),
    (None, "task", ("x",), {},
     lambda: documented("GET", "/_api/tasks/x", status=404, body=NOT_FOUND_TASK,
                        source="tasks.md")),
    ("backup", "delete", ("2026-08-04T15.27.52Z_ac9e34b9-32d4-48d4-9ea3-73db48cd7d06",), {},
     lambda: recorded("RestBackupDeleteBackup_single")),
    ("backup", "restore", ("2026-08-04T15.27.50Z_90e09eb4-0261-4a06-947b-d73f5a7e3616",), {},
     lambda: recorded("RestBackupRestoreBackup_single")),
    ("backup", "upload", ("2026-08-04T15.27.52Z_bb116611-f105-459b-8e7d-7fab941ac68f",
                          "local://tmp/backups", None, {"local": {"type": "local"}}), {},
     lambda: recorded("RestBackupUploadBackup_single")),
    ("backup", "upload", (), {"upload_id": "73607"},
     lambda: recorded("RestBackupUploadBackupStarted_single")),
    ("replication", "logger_state", (), {},
     lambda: recorded("RestReplicationLoggerStateActive_single")),
    ("wal", "tick_ranges", (), {}, lambda: recorded("RestWalAccessTickRange_single")),
    ("wal", "tail", ("184777",), {}, lambda: recorded("RestWalAccessTailingEmpty_single")),
    ("wal", "tail", ("184819",), {"chunk_size": 400},
     lambda: recorded("RestWalAccessTailingBufferLimit_single")),
    ("cluster", "endpoints", (), {},
     lambda: documented("GET", "/_api/cluster/endpoints", source="cluster.md", body={
         "error": False, "code": 200, "endpoints": [{"endpoint": "tcp://[::1]:8530"}]})),
    ("cluster", "endpoints", (), {},
     lambda: documented("GET", "/_api/cluster/endpoints", source="cluster.md", status=501,
                        body={"error": True, "code": 501, "errorNum": 9,
                              "errorMessage": "not implemented"})),
    ("cluster", "server_role", (), {},
     lambda: documented("GET", "/_admin/server/role", source="cluster.md",
                        body={"error": False, "code": 200, "errorNum": 0,
                              "role": "COORDINATOR"})),
    ("cluster", "health", (), {},
     lambda: documented("GET", "/_admin/cluster/health", source="cluster.md",
                        body={"error": False, "code": 200, "ClusterId": "c",
                              "Health": {}})),
    ("foxx", "service", ("/x",), {},
     lambda: documented("GET", "/_api/foxx/service", source="foxx.md", query={"mount": "/x"},
                        body={"mount": "/x", "name": "x", "version": "1.0.0",
                              "manifest": {"defaultDocument": "i.html"},
                              "options": {}, "development": False, "legacy": False,
                              "checksum": "c"})),
    ("foxx", "swagger", ("/x",), {},
     lambda: documented("GET", "/_api/foxx/swagger", source="foxx.md", query={"mount": "/x"},
                        body={"swagger": "2.0", "basePath": "/_db/_system/x", "paths": {}})),
    ("foxx", "readme", ("/x",), {},
     lambda: documented("GET", "/_api/foxx/readme", source="foxx.md", query={"mount": "/x"},
                        text="# X", content_type="text/plain")),
    ("foxx", "services", (), {},
     lambda: documented("GET", "/_api/foxx", source="foxx.md",
                        query={"excludeSystem": "false"},
                        body=[{"mount": "/x", "name": "x", "version": "1.0.0",
                               "provides": {}, "development": False, "legacy": False}])),
    ("foxx", "service", ("/none",), {},
     lambda: documented("GET", "/_api/foxx/service", source="foxx.md", status=400,
                        query={"mount": "/none"},
                        body={"error": True, "code": 400, "errorNum": 3009,
                              "errorMessage": "service not found"})),
]


def _norm_query(params: dict[str, Any]) -> dict[str, str]:
    return {k: {"1": "true", "0": "false", "True": "true", "False": "false"}.get(
        str(v), str(v)) for k, v in params.items()}


@pytest.mark.anyio
@pytest.mark.parametrize(("group", "name", "args", "kwargs", "make"), CASES,
                         ids=[f"{c[0] or 'db'}.{c[1]}-{i}" for i, c in enumerate(CASES)])
async def test_same_result_as_python_arango(group: str | None, name: str,
                                            args: tuple[Any, ...], kwargs: dict[str, Any],
                                            make: Callable[[], Exchange]) -> None:
    fake = _FakeConnection(make())
    # the fake stands in for python-arango's connection (duck-typed)
    theirs_target: Any = PyDatabase(cast("BasicConnection", fake))
    if group is not None:
        theirs_target = getattr(theirs_target, group)
    theirs: Any
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            theirs = getattr(theirs_target, name)(*args, **kwargs)
        except Exception as exc:
            theirs = type(exc).__name__
    ours: Any
    async with replay_db(make()) as (db, replay):
        target: Any = db if group is None else getattr(db, group)
        try:
            ours = await getattr(target, name)(*args, **kwargs)
        except Exception as exc:
            ours = type(exc).__name__
    assert ours == theirs

    (their_request,) = fake.requests
    method, url, _, params, _ = replay.sent[0]
    assert method.upper() == their_request.method.upper()
    their_path = their_request.endpoint.split("#", 1)[0]
    assert unquote(url.split("/_db/_system", 1)[1]) == their_path
    assert _norm_query(params) == _norm_query(dict(their_request.params))
