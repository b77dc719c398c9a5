"""Server information and administration against real ArangoDB 3.12 answers.

Most admin endpoints cannot be exercised on the emulator (shutdown, TLS, JWT secrets,
encryption, startup options, compaction, JavaScript, ...). These tests check the request each
method sends against a request recorded on a real server (``recorded``) or, where none was
recorded, against the reference documentation (``documented``, naming the page; the answer
is the page's example output when it has one, else built from its response schema) — and that
the answer becomes the documented result.
"""

from __future__ import annotations

import warnings
from datetime import datetime
from typing import Any

import pytest

from arango_anyio.exceptions import (
    ArangoServerError,
    DatabaseCompactError,
    JWTSecretListError,
    ServerAvailabilityError,
    ServerCheckAvailabilityError,
    ServerCurrentOptionsGetError,
    ServerEncryptionError,
    ServerExecuteError,
    ServerIDError,
    ServerLicenseSetError,
    ServerLogLevelError,
    ServerReadLogError,
    ServerShutdownError,
    ServerTLSReloadError,
)
from tests.api.admin.replay import ANY, documented, recorded, replay_db

pytestmark = pytest.mark.anyio

ADMIN = "reference/http-api/administration.md"
LOGS = "reference/http-api/monitoring/logs.md"
SECURITY = "reference/http-api/security.md"
AUTH = "reference/http-api/authentication.md"
FORBIDDEN = {"error": True, "code": 403, "errorNum": 11, "errorMessage": "forbidden"}
JWT_RESULT = {  # the example result in authentication.md ("Hot-reload JWT secrets")
    "active": {"sha256": "c6c1021286dfe870b7050f9e704df93c7f1de3c89dbdadc3fb30394bebd81e97"},
    "passive": [
        {"sha256": "6d2fe32dc4249ef7e7359c6d874fffbbf335e832e49a2681236e1b686af78794"},
        {"sha256": "448a28491967ea4f7599f454af261a685153c27a7d5748456022565947820fb9"},
        {"sha256": "6745d49264bdfc2e89d4333fe88f0fce94615fdbdb8990e95b5fda0583336da8"},
    ],
}


# -- information ------------------------------------------------------------------------------


async def test_version_details_and_details() -> None:
    exchange = recorded("RestVersionDetails_single")
    async with replay_db(exchange, recorded("RestVersionDetails_single")) as (db, _):
        full = await db.version(details=True)
        details = await db.details()
    assert full["version"] == "3.12.10"
    assert full["details"] == details
    assert details["architecture"] == "64bit"


async def test_version_string() -> None:
    # The recording asks with details=true; the plain call sends details=false.
    exchange = recorded("RestVersionDetails_single", query={"details": "false"})
    async with replay_db(exchange) as (db, _):
        assert await db.version() == "3.12.10"


async def test_engine() -> None:
    async with replay_db(recorded("RestEngine_single")) as (db, _):
        engine = await db.engine()
    assert engine["name"] == "rocksdb"
    assert "persistent" in engine["supports"]["indexes"]
    assert "error" not in engine and "code" not in engine


async def test_time() -> None:
    async with replay_db(recorded("job_delete_02_single", 1)) as (db, _):
        now = await db.time()
    assert isinstance(now, datetime)
    assert now == datetime.fromtimestamp(1785857304.2834742)


async def test_status() -> None:
    # No recording (RestAdminStatus is a cluster example); built from the schema in
    # administration.md ("Get server status information").
    body = {"server": "arango", "version": "3.12.10", "pid": 1234, "license": "enterprise",
            "mode": "server", "operationMode": "server", "foxxApi": True, "host": "h1",
            "hostname": "node1",
            "serverInfo": {"progress": {"phase": "in wait", "feature": "", "recoveryTick": 7},
                           "role": "SINGLE", "writeOpsEnabled": True, "readOnly": False,
                           "maintenance": False}}
    async with replay_db(documented("GET", "/_admin/status", body=body,
                                    source=f"{ADMIN}#get-server-status-information")) as (db, _):
        status = await db.status()
    assert status["operation_mode"] == "server"
    assert status["foxx_api"] is True
    assert status["server_info"]["read_only"] is False
    assert status["server_info"]["write_ops_enabled"] is True
    assert status["server_info"]["role"] == "SINGLE"


async def test_role() -> None:
    body = {"error": False, "code": 200, "errorNum": 0, "role": "COORDINATOR"}
    async with replay_db(documented("GET", "/_admin/server/role", body=body,
                                    source="reference/http-api/cluster.md#get-the-server-role")
                         ) as (db, _):
        assert await db.role() == "COORDINATOR"


async def test_server_id() -> None:
    ok = documented("GET", "/_admin/server/id", body={"error": False, "code": 200,
                                                      "id": "CRDN-e427b441"},
                    source="reference/http-api/cluster.md#get-the-server-id")
    single = documented("GET", "/_admin/server/id", status=500,
                        body={"error": True, "code": 500, "errorNum": 4,
                              "errorMessage": "not in cluster mode"},
                        source="reference/http-api/cluster.md#get-the-server-id")
    async with replay_db(ok, single) as (db, _):
        assert await db.server_id() == "CRDN-e427b441"
        with pytest.raises(ServerIDError):
            await db.server_id()


async def test_check_availability() -> None:
    ok = documented("GET", "/_admin/server/availability", body={"mode": "default"},
                    source=f"{ADMIN}#return-whether-or-not-a-server-is-available")
    down = documented("GET", "/_admin/server/availability", status=503,
                      body={"error": True, "code": 503, "errorNum": 1004,
                            "errorMessage": "read only"},
                      source=f"{ADMIN}#return-whether-or-not-a-server-is-available")
    async with replay_db(ok, down) as (db, _):
        assert await db.check_availability() == "default"
        with pytest.raises(ServerCheckAvailabilityError) as info:
            await db.check_availability()
    assert isinstance(info.value, ServerAvailabilityError)
    assert info.value.http_code == 503


async def test_metrics_text_is_not_parsed() -> None:
    # Recorded as GET /_admin/metrics/v2, the deprecated alias of /_admin/metrics with the
    # same Prometheus text answer; the client asks the current path.
    exchange = recorded("RestAdminMetricsV2_single", path="/_admin/metrics")
    async with replay_db(exchange) as (db, _):
        text = await db.metrics()
    assert isinstance(text, str)
    assert text.startswith("# HELP arangodb_activities_existing")
    assert 'arangodb_activities_total{role="SINGLE"} 868' in text


async def test_statistics() -> None:
    async with replay_db(recorded("RestAdminStatistics1_single"),
                         recorded("RestAdminStatisticsDescription1_single")) as (db, _):
        stats = await db.statistics()
        description = await db.statistics(description=True)
    assert stats["enabled"] is True
    assert stats["system"]["numberOfThreads"] == 75
    assert "error" not in stats and "code" not in stats
    assert description["groups"][0]["group"] == "system"


async def test_license_and_set_license() -> None:
    body = {"features": {"expires": 1683173040}, "license": "V0h/W...wEDw==",
            "hash": "982db5...44f3", "version": 1, "status": "good", "upgrading": False}
    get = documented("GET", "/_admin/license", body=body, source=f"{ADMIN}#license")
    # The example request and output of "Set a new license": the body is a JSON string.
    put = documented("PUT", "/_admin/license", status=201, query={"force": "false"},
                     request_body="eyJncmFudCI6...",
                     body={"result": {"error": False, "code": 201}},
                     source=f"{ADMIN}#set-a-new-license")
    quoted = documented("PUT", "/_admin/license", status=201, query={"force": "true"},
                        request_body="eyJncmFudCI6...",
                        body={"result": {"error": False, "code": 201}},
                        source=f"{ADMIN}#set-a-new-license")
    refused = documented("PUT", "/_admin/license", status=400, query={"force": "false"},
                         request_body="bad", source=f"{ADMIN}#set-a-new-license",
                         body={"error": True, "code": 400, "errorNum": 37,
                               "errorMessage": "license is invalid"})
    async with replay_db(get, put, quoted, refused) as (db, _):
        assert (await db.license())["status"] == "good"
        assert await db.set_license("eyJncmFudCI6...") == {"result": {"error": False,
                                                                       "code": 201}}
        # python-arango wants the string already wrapped in double quotes: also accepted.
        await db.set_license('"eyJncmFudCI6..."', force=True)
        with pytest.raises(ServerLicenseSetError):
            await db.set_license("bad")


async def test_support_info() -> None:
    body = {"date": "2026-08-04T14:46:15Z", "deployment": {"type": "single"},
            "host": {"role": "SINGLE", "maintenance": False}}
    async with replay_db(documented("GET", "/_admin/support-info", body=body,
                                    source=f"{ADMIN}#get-information-about-the-deployment")
                         ) as (db, _):
        info = await db.support_info()
    assert info["deployment"]["type"] == "single"


async def test_mode_and_set_mode() -> None:
    get = documented("GET", "/_admin/server/mode", body={"mode": "default"},
                     source=f"{ADMIN}#server-mode")
    put = documented("PUT", "/_admin/server/mode", request_body={"mode": "readonly"},
                     body={"error": False, "code": 200, "mode": "readonly"},
                     source=f"{ADMIN}#set-the-server-mode-to-read-only-or-default")
    async with replay_db(get, put) as (db, _):
        assert await db.mode() == "default"
        assert await db.set_mode("readonly") == {"mode": "readonly"}


# -- logs -------------------------------------------------------------------------------------


async def test_log_levels() -> None:
    levels = {"general": "INFO", "queries": "WARNING"}
    plain = documented("GET", "/_admin/log/level", body=levels, source=f"{LOGS}#get")
    appenders = documented("GET", "/_admin/log/level", source=f"{LOGS}#get",
                           query={"serverId": "PRMR-1", "withAppenders": "true"},
                           body={"global": levels, "appenders": {"-": levels}})
    refused = documented("GET", "/_admin/log/level", status=403, body=FORBIDDEN,
                         source=f"{LOGS}#get")
    async with replay_db(plain, appenders, refused) as (db, _):
        assert await db.log_levels() == levels
        assert (await db.log_levels(server_id="PRMR-1", with_appenders=True))["global"] == levels
        with pytest.raises(ServerLogLevelError):
            await db.log_levels()


async def test_set_and_reset_log_levels() -> None:
    put = documented("PUT", "/_admin/log/level", request_body={"general": "DEBUG"},
                     body={"general": "DEBUG", "queries": "INFO"}, source=f"{LOGS}#set")
    put_server = documented("PUT", "/_admin/log/level", query={"serverId": "PRMR-1"},
                            request_body={"all": "WARNING"}, body={"general": "WARNING"},
                            source=f"{LOGS}#set")
    per_output: dict[str, Any] = {"global": {"general": "INFO"},
                                  "appenders": {"-": {"general": "DEBUG"}}}
    put_appenders = documented("PUT", "/_admin/log/level", query={"withAppenders": "true"},
                               request_body=per_output, body=per_output, source=f"{LOGS}#set")
    reset = documented("DELETE", "/_admin/log/level", body={"general": "INFO"},
                       source=f"{LOGS}#reset-the-server-log-levels")
    async with replay_db(put, put_server, put_appenders, reset) as (db, _):
        assert (await db.set_log_levels(general="DEBUG"))["general"] == "DEBUG"
        assert await db.set_log_levels(server_id="PRMR-1", all="WARNING") == {
            "general": "WARNING"}
        assert await db.set_log_levels(with_appenders=True, **per_output) == per_output
        assert await db.reset_log_levels() == {"general": "INFO"}


async def test_read_log_entries() -> None:
    body = {"total": 1, "messages": [{"id": 7, "topic": "general", "level": "INFO",
                                      "date": "2026-08-04T14:46:15Z", "message": "ready"}]}
    exchange = documented("GET", "/_admin/log/entries", body=body, source=f"{LOGS}#entries",
                          query={"upto": "warning", "start": "5", "size": "10", "offset": "0",
                                 "search": "ready", "sort": "desc", "serverId": "PRMR-1"})
    bad = documented("GET", "/_admin/log/entries", status=400, query={"level": "loud"},
                     body={"error": True, "code": 400, "errorNum": 10,
                           "errorMessage": "bad parameter"}, source=f"{LOGS}#entries")
    async with replay_db(exchange, bad) as (db, _):
        result = await db.read_log_entries(upto="warning", start=5, size=10, offset=0,
                                           search="ready", sort="desc", server_id="PRMR-1")
        with pytest.raises(ServerReadLogError):
            await db.read_log_entries(level="loud")
    assert result["messages"][0]["message"] == "ready"


async def test_read_log_is_deprecated() -> None:
    body = {"lid": [1], "level": [3], "timestamp": [1], "text": ["x"], "topic": ["general"],
            "totalAmount": 1}
    exchange = documented("GET", "/_admin/log", body=body, query={"upto": "info"},
                          source=f"{LOGS}#get-the-global-server-logs-deprecated")
    async with replay_db(exchange) as (db, _):
        with pytest.warns(DeprecationWarning, match="read_log_entries"):
            result = await db.read_log(upto="info")
    assert result["total_amount"] == 1
    assert "totalAmount" not in result


async def test_log_settings() -> None:
    get = documented("GET", "/_admin/log/structured", body={"database": True},
                     source=f"{LOGS}#get-the-structured-log-settings")
    put = documented("PUT", "/_admin/log/structured",
                     request_body={"database": True, "username": False},
                     body={"database": True}, source=f"{LOGS}#set-the-structured-log-settings")
    async with replay_db(get, put) as (db, _):
        assert await db.log_settings() == {"database": True}
        assert await db.set_log_settings(database=True, username=False) == {"database": True}


async def test_api_calls() -> None:
    # The example output in monitoring/logs.md ("Get recent API calls").
    body = {"error": False, "code": 200, "result": {"calls": [
        {"timeStamp": "2025-06-11T14:41:53Z", "requestType": "GET",
         "path": "/_admin/server/api-calls", "database": "_system"},
        {"timeStamp": "2025-06-11T14:41:51Z", "requestType": "GET", "path": "/_api/version",
         "database": "myDB"}]}}
    async with replay_db(documented("GET", "/_admin/server/api-calls", body=body,
                                    source=f"{LOGS}#get-recent-api-calls")) as (db, _):
        calls = await db.api_calls()
    assert [c["path"] for c in calls["calls"]] == ["/_admin/server/api-calls", "/_api/version"]


# -- operations -------------------------------------------------------------------------------


async def test_shutdown() -> None:
    hard = documented("DELETE", "/_admin/shutdown", query={"soft": "false"}, text='"OK"',
                      source=f"{ADMIN}#start-the-shutdown-sequence")
    soft = documented("DELETE", "/_admin/shutdown", query={"soft": "true"}, text='"OK"',
                      source=f"{ADMIN}#start-the-shutdown-sequence")
    refused = documented("DELETE", "/_admin/shutdown", query={"soft": "false"}, status=403,
                         body=FORBIDDEN, source=f"{ADMIN}#start-the-shutdown-sequence")
    async with replay_db(hard, soft, refused) as (db, _):
        assert await db.shutdown() is True
        assert await db.shutdown(soft=True) is True
        with pytest.raises(ServerShutdownError):
            await db.shutdown()


async def test_shutdown_progress() -> None:
    body = {"softShutdownOngoing": True, "AQLcursors": 1, "transactions": 0,
            "pendingJobs": 0, "doneJobs": 0, "lowPrioOngoingRequests": 0,
            "lowPrioQueuedRequests": 0, "allClear": False}
    async with replay_db(documented("GET", "/_admin/shutdown", body=body,
                                    source=f"{ADMIN}#query-the-soft-shutdown-progress")
                         ) as (db, _):
        assert await db.shutdown_progress() == body


async def test_compact() -> None:
    plain = documented("PUT", "/_admin/compact", body={"error": False, "code": 200},
                       source=f"{ADMIN}#compact-all-databases")
    options = documented("PUT", "/_admin/compact", body={"error": False, "code": 200},
                         request_body={"changeLevel": True, "compactBottomMostLevel": False},
                         source=f"{ADMIN}#compact-all-databases")
    refused = documented("PUT", "/_admin/compact", status=403, body=FORBIDDEN,
                         source=f"{ADMIN}#compact-all-databases")
    async with replay_db(plain, options, refused) as (db, _):
        assert await db.compact() == {}
        assert await db.compact(change_level=True, compact_bottom_most_level=False) == {}
        with pytest.raises(DatabaseCompactError):
            await db.compact()


async def test_reload_routing() -> None:
    async with replay_db(documented("POST", "/_admin/routing/reload",
                                    body={"error": False, "code": 200},
                                    source=f"{ADMIN}#reload-the-routing-table")) as (db, _):
        assert await db.reload_routing() is True


async def test_echo() -> None:
    body = {"authorized": True, "user": "root", "isAdminUser": True, "database": "_system",
            "url": "/_admin/echo", "protocol": "http", "portType": "tcp/ip",
            "requestType": "POST", "requestBody": '{"a":1}', "parameters": {},
            "suffix": [], "rawSuffix": [], "path": "/", "headers": {}, "cookies": {}}
    get = documented("GET", "/_admin/echo", body=dict(body, requestType="GET", requestBody=""),
                     source=f"{ADMIN}#echo-a-request")
    post = documented("POST", "/_admin/echo", body=body, request_body={"a": 1},
                      source=f"{ADMIN}#echo-a-request")
    raw = documented("POST", "/_admin/echo", body=dict(body, requestBody="plain text"),
                     request_body="plain text", source=f"{ADMIN}#echo-a-request")
    async with replay_db(get, post, raw) as (db, _):
        assert (await db.echo())["requestType"] == "GET"
        assert (await db.echo({"a": 1}))["requestBody"] == '{"a":1}'
        assert (await db.echo("plain text"))["requestBody"] == "plain text"


async def test_execute() -> None:
    ok = documented("POST", "/_admin/execute", text="2", request_body="return 1 + 1",
                    source=f"{ADMIN}#execute-a-script")
    disabled = documented("POST", "/_admin/execute", status=404, request_body=ANY,
                          body={"error": True, "code": 404, "errorNum": 404,
                                "errorMessage": "unknown path '/_admin/execute'"},
                          source=f"{ADMIN}#execute-a-script")
    async with replay_db(ok, disabled) as (db, replay):
        assert await db.execute("return 1 + 1") == 2
        with pytest.raises(ServerExecuteError) as info:
            await db.execute("return 1")
    assert info.value.http_code == 404
    # The JavaScript goes out as is, not as a JSON string.
    assert replay.sent[0][4] in (b"return 1 + 1", "return 1 + 1")
    assert replay.sent[0][2]["content-type"] == "text/javascript"


async def test_required_db_version_is_deprecated() -> None:
    exchange = documented("GET", "/_admin/database/target-version",
                          body={"error": False, "code": 200, "version": "31210"},
                          source=f"{ADMIN}#get-the-required-database-version-deprecated")
    async with replay_db(exchange) as (db, _):
        with pytest.warns(DeprecationWarning, match="4.0"):
            assert await db.required_db_version() == "31210"


async def test_non_deprecated_calls_do_not_warn() -> None:
    async with replay_db(recorded("RestEngine_single")) as (db, _):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            await db.engine()


# -- security ---------------------------------------------------------------------------------


TLS_RESULT = {"keyfile": {"sha256": "aa", "certificates": ["-----BEGIN CERTIFICATE-----"],
                          "privateKeySha256": "bb"},
              "clientCA": {"sha256": "cc", "certificates": []}}


async def test_tls_and_reload_tls() -> None:
    body = {"error": False, "code": 200, "result": TLS_RESULT}
    get = documented("GET", "/_admin/server/tls", body=body, source=f"{SECURITY}#get-tls")
    post = documented("POST", "/_admin/server/tls", body=body, source=f"{SECURITY}#reload")
    refused = documented("POST", "/_admin/server/tls", status=403, body=FORBIDDEN,
                         source=f"{SECURITY}#reload")
    async with replay_db(get, post, refused) as (db, _):
        assert await db.tls() == TLS_RESULT
        assert await db.reload_tls() == TLS_RESULT
        with pytest.raises(ServerTLSReloadError):
            await db.reload_tls()


async def test_encryption() -> None:
    result = {"encryption-keys": [{"sha256": "dd"}]}
    ok = documented("POST", "/_admin/server/encryption", source=f"{SECURITY}#rotate",
                    body={"error": False, "code": 200, "result": result})
    off = documented("POST", "/_admin/server/encryption", status=404,
                     body={"error": True, "code": 404, "errorNum": 404,
                           "errorMessage": "not found"}, source=f"{SECURITY}#rotate")
    async with replay_db(ok, off) as (db, _):
        assert await db.encryption() == result
        with pytest.raises(ServerEncryptionError):
            await db.encryption()


async def test_jwt_secrets_and_reload() -> None:
    body = {"error": False, "code": 200, "result": JWT_RESULT}
    get = documented("GET", "/_admin/server/jwt", body=body, source=f"{AUTH}#jwt-secrets")
    post = documented("POST", "/_admin/server/jwt", body=body, source=f"{AUTH}#hot-reload")
    refused = documented("GET", "/_admin/server/jwt", status=403, body=FORBIDDEN,
                         source=f"{AUTH}#jwt-secrets")
    async with replay_db(get, post, refused) as (db, _):
        assert await db.jwt_secrets() == JWT_RESULT
        assert len((await db.reload_jwt_secrets())["passive"]) == 3
        with pytest.raises(JWTSecretListError):
            await db.jwt_secrets()


async def test_options_and_options_available() -> None:
    options = {"server.endpoint": ["tcp://0.0.0.0:8529"], "log.level": ["info"]}
    described = {"server.endpoint": {"section": "server", "type": "string...",
                                     "description": "endpoint for client requests"}}
    get = documented("GET", "/_admin/options", body=options, source=f"{ADMIN}#startup")
    desc = documented("GET", "/_admin/options-description", body=described,
                      source=f"{ADMIN}#get-the-available-startup-options")
    refused = documented("GET", "/_admin/options", status=401,
                         body={"error": True, "code": 401, "errorNum": 11,
                               "errorMessage": "superuser JWT needed"},
                         source=f"{ADMIN}#startup")
    async with replay_db(get, desc, refused) as (db, _):
        assert await db.options() == options
        assert await db.options_available() == described
        with pytest.raises(ServerCurrentOptionsGetError) as info:
            await db.options()
    assert isinstance(info.value, ArangoServerError)
    assert info.value.http_code == 401
