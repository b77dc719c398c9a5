"""Moving over from python-arango: same names, same parameters, same results.

For every method of this area the signature matches python-arango's, and given the same
real server answer (recorded on ArangoDB 3.12, or documented) both drivers return the same
result, or raise exceptions of the same name, after sending the same method, path and query.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from typing import Any, cast
from urllib.parse import unquote

import pytest

from arango_anyio.database import StandardDatabase
from tests.api.admin.replay import Exchange, documented, recorded, replay_db

arango = pytest.importorskip("arango")
from arango.connection import BasicConnection  # noqa: E402
from arango.database import StandardDatabase as PyArangoDatabase  # noqa: E402
from arango.response import Response as PyArangoResponse  # noqa: E402

METHODS = [
    "databases", "databases_accessible_to_user", "has_database", "create_database",
    "delete_database", "properties", "has_user", "users", "user", "create_user", "update_user",
    "replace_user", "delete_user", "permissions", "permission", "update_permission",
    "reset_permission", "version", "details", "status", "engine", "role", "time",
    "check_availability", "metrics", "log_levels", "set_log_levels", "reset_log_levels",
    "read_log_entries", "read_log", "license", "set_license", "support_info",
    "create_access_token", "list_access_tokens", "delete_access_token", "shutdown",
    "shutdown_progress", "compact", "reload_routing", "echo", "statistics", "execute", "tls",
    "reload_tls", "encryption", "jwt_secrets", "reload_jwt_secrets", "options",
    "options_available", "mode", "set_mode", "api_calls", "log_settings", "set_log_settings",
    "required_db_version",
]


@pytest.mark.parametrize("name", METHODS)
def test_signature_matches_python_arango(name: str) -> None:
    ours = getattr(StandardDatabase, name)
    theirs = getattr(PyArangoDatabase, name)
    assert inspect.iscoroutinefunction(ours)

    def shape(func: Callable[..., Any]) -> list[tuple[str, Any, Any]]:
        params = list(inspect.signature(func).parameters.values())[1:]
        return [(p.name, p.kind, p.default) for p in params]

    assert shape(ours) == shape(theirs)


class _FakePyArangoConnection:
    """Enough of python-arango's connection to run its API methods on one answer."""

    db_name = "_system"
    username = "root"

    def __init__(self, exchange: Exchange) -> None:
        self.exchange = exchange
        self.requests: list[Any] = []

    def send_request(self, request: Any) -> PyArangoResponse:
        self.requests.append(request)
        ex = self.exchange
        resp = PyArangoResponse(request.method, "http://localhost:8529" + request.endpoint,
                                dict(ex.response_headers), ex.status, ex.reason,
                                ex.response_body)
        try:
            resp.body = json.loads(ex.response_body) if ex.response_body else None
        except ValueError:
            resp.body = ex.response_body
        if isinstance(resp.body, dict):
            resp.error_code = resp.body.get("errorNum")
            resp.error_message = resp.body.get("errorMessage")
        resp.is_success = 200 <= ex.status < 300
        return resp


ERR_404 = {"error": True, "code": 404, "errorNum": 1703, "errorMessage": "user not found"}
ERR_DB_404 = {"error": True, "code": 404, "errorNum": 1228, "errorMessage": "database not found"}

CASES: list[tuple[str, tuple[Any, ...], dict[str, Any], Callable[[], Exchange]]] = [
    ("databases", (), {}, lambda: recorded("RestDatabaseGet_single")),
    ("has_database", ("_system",), {}, lambda: recorded("RestDatabaseGet_single")),
    ("databases_accessible_to_user", (), {}, lambda: recorded("RestDatabaseGetUser_single")),
    ("create_database", ("example",), {"replication_factor": 3, "sharding": "flexible"},
     lambda: recorded("RestDatabaseCreate_single")),
    ("delete_database", ("x",), {"ignore_missing": True},
     lambda: documented("DELETE", "/_api/database/x", status=404, body=ERR_DB_404,
                        source="databases.md")),
    ("properties", (), {},
     lambda: documented("GET", "/_api/database/current", source="databases.md", body={
         "error": False, "code": 200, "result": {"name": "_system", "id": "1",
                                                 "path": "/p", "isSystem": True}})),
    ("create_user", ("admin@example", "secure"), {}, lambda: recorded("RestCreateUser_single")),
    ("user", ("admin@myapp",), {}, lambda: recorded("RestFetchUser_single")),
    ("user", ("ghost",), {},
     lambda: documented("GET", "/_api/user/ghost", status=404, body=ERR_404,
                        source="users.md")),
    ("replace_user", ("admin@myapp", "secure"), {}, lambda: recorded("RestReplaceUser_single")),
    ("delete_user", ("userToDelete@myapp",), {}, lambda: recorded("RestDeleteUser_single")),
    ("delete_user", ("ghost",), {"ignore_missing": True},
     lambda: documented("DELETE", "/_api/user/ghost", status=404, body=ERR_404,
                        source="users.md")),
    ("permissions", ("anotherAdmin@secapp",), {},
     lambda: recorded("RestFetchUserDatabaseListFull_single")),
    ("permission", ("anotherAdmin@secapp", "_system"), {},
     lambda: recorded("RestFetchUserDatabasePermission_single")),
    ("permission", ("anotherAdmin@secapp", "_system", "_users"), {},
     lambda: recorded("RestFetchUserCollectionPermission_single")),
    ("update_permission", ("admin@myapp", "rw", "_system"), {},
     lambda: recorded("RestGrantDatabase_single")),
    ("update_permission", ("admin@myapp", "rw", "_system", "reports"), {},
     lambda: recorded("RestGrantCollection_single")),
    ("create_access_token", ("root", "Token for Service A", 1814400000), {},
     lambda: recorded("RestAccessTokenCreate_single")),
    ("list_access_tokens", ("root",), {}, lambda: recorded("RestAccessTokenList_single")),
    ("version", (), {"details": True}, lambda: recorded("RestVersionDetails_single")),
    ("details", (), {}, lambda: recorded("RestVersionDetails_single")),
    ("engine", (), {}, lambda: recorded("RestEngine_single")),
    ("time", (), {}, lambda: recorded("job_delete_02_single", 1)),
    ("statistics", (), {}, lambda: recorded("RestAdminStatistics1_single")),
    ("statistics", (), {"description": True},
     lambda: recorded("RestAdminStatisticsDescription1_single")),
    ("metrics", (), {}, lambda: recorded("RestAdminMetricsV2_single", path="/_admin/metrics")),
    ("status", (), {},
     lambda: documented("GET", "/_admin/status", source="administration.md", body={
         "server": "arango", "version": "3.12.10", "pid": 1, "license": "enterprise",
         "mode": "server", "operationMode": "server", "foxxApi": True, "host": "h",
         "serverInfo": {"role": "SINGLE", "writeOpsEnabled": True, "readOnly": False,
                        "maintenance": False}})),
    ("check_availability", (), {},
     lambda: documented("GET", "/_admin/server/availability", status=503, source="admin",
                        body={"error": True, "code": 503, "errorNum": 1004,
                              "errorMessage": "read only"})),
    ("jwt_secrets", (), {},
     lambda: documented("GET", "/_admin/server/jwt", source="authentication.md", body={
         "error": False, "code": 200, "result": {"active": {"sha256": "a"}, "passive": []}})),
    ("compact", (), {"change_level": True},
     lambda: documented("PUT", "/_admin/compact", source="administration.md",
                        request_body={"changeLevel": True},
                        body={"error": False, "code": 200})),
    ("support_info", (), {},
     lambda: documented("GET", "/_admin/support-info", status=404, source="administration.md",
                        body={"error": True, "code": 404, "errorNum": 404,
                              "errorMessage": "not found"})),
]


def _norm_query(params: dict[str, str]) -> dict[str, str]:
    return {k: {"1": "true", "0": "false"}.get(v, v) for k, v in params.items()}


@pytest.mark.anyio
@pytest.mark.parametrize(("name", "args", "kwargs", "make"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
async def test_same_result_as_python_arango(name: str, args: tuple[Any, ...],
                                            kwargs: dict[str, Any],
                                            make: Callable[[], Exchange]) -> None:
    exchange = make()
    fake = _FakePyArangoConnection(exchange)
    # the fake stands in for python-arango's connection (duck-typed)
    theirs_db = PyArangoDatabase(cast("BasicConnection", fake))
    theirs: Any
    try:
        theirs = getattr(theirs_db, name)(*args, **kwargs)
    except Exception as exc:
        theirs = type(exc).__name__

    ours: Any
    async with replay_db(make()) as (db, replay):
        try:
            ours = await getattr(db, name)(*args, **kwargs)
        except Exception as exc:
            ours = type(exc).__name__
    assert ours == theirs

    (their_request,) = fake.requests
    method, url, _, params, _ = replay.sent[0]
    assert method.upper() == their_request.method.upper()
    assert unquote(url.split("/_db/_system", 1)[1]) == their_request.endpoint
    assert _norm_query(params) == _norm_query(dict(their_request.params))
