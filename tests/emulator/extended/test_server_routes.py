"""Server routes of 3.12 the emulator answers: TLS and JWT summaries, startup options,
compaction, the Action endpoints (echo, routing reload, execute), the endpoint list, recent AQL
queries, the replication applier and the server id."""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.exceptions import (
    DatabaseCompactError,
    JWTSecretListError,
    JWTSecretReloadError,
    ReplicationApplierStartError,
    ServerCurrentOptionsGetError,
    ServerExecuteError,
    ServerTLSReloadError,
)
from arango_anyio.testing import Emulator
from tests.emulator.core.conftest import Api, error_of

pytestmark = [pytest.mark.anyio, pytest.mark.emulator_only]


@pytest.fixture
async def client(emu: Emulator) -> AsyncIterator[ArangoClient]:
    async with ArangoClient(hosts="http://emulator:8529", http_client=emu.http_client()) as c:
        yield c


async def _root(client: ArangoClient, name: str = "_system") -> StandardDatabase:
    return await client.db(name, username="root", password="")


async def _superuser(client: ArangoClient, emu: Emulator,
                     name: str = "_system") -> StandardDatabase:
    return await client.db(name, superuser_token=emu.superuser_token())


async def test_tls_summary_and_reload(client: ArangoClient, emu: Emulator) -> None:
    root = await _root(client)
    assert await root.tls() == {}  # plain HTTP: no key file, no client CA
    with pytest.raises(ServerTLSReloadError) as refused:
        await root.reload_tls()  # root is an admin, not a superuser
    assert (refused.value.http_code, refused.value.error_code) == (403, 11)
    assert await (await _superuser(client, emu)).reload_tls() == {}


async def test_jwt_secrets_and_reload_from_the_keyfile(tmp_path: Path) -> None:
    keyfile = tmp_path / "secret"
    keyfile.write_bytes(b"first\n")
    emu = Emulator(jwt_secret_keyfile=str(keyfile))
    assert emu.jwt_secret == b"first"
    api = Api(emu)
    old_token = emu.superuser_token()
    superuser = {"authorization": f"bearer {old_token}"}
    secrets = await api.ok("GET", "/_admin/server/jwt", auth=False, headers=superuser)
    assert secrets["result"] == {"active": {"sha256": hashlib.sha256(b"first").hexdigest()},
                                 "passive": []}
    assert error_of(await api.call("GET", "/_admin/server/jwt")) == (403, 11)
    keyfile.write_bytes(b"  second\r\n")
    reloaded = await api.ok("POST", "/_admin/server/jwt", auth=False, headers=superuser)
    assert reloaded["result"]["active"]["sha256"] == hashlib.sha256(b"second").hexdigest()
    # tokens signed with the old secret stop working, new ones work
    assert error_of(await api.call("GET", "/_api/version", auth=False, headers=superuser)) \
        == (401, 11)
    fresh = {"authorization": f"bearer {emu.superuser_token()}"}
    assert (await api.call("GET", "/_api/version", auth=False, headers=fresh)).status_code \
        == 200
    keyfile.unlink()
    missing = await api.call("POST", "/_admin/server/jwt", auth=False, headers=fresh)
    assert error_of(missing) == (400, 10)
    without_file = Api(Emulator(jwt_secret="s"))
    token = {"authorization": f"bearer {without_file.emu.superuser_token()}"}
    assert error_of(await without_file.call("POST", "/_admin/server/jwt", auth=False,
                                            headers=token)) == (400, 10)


async def test_jwt_secrets_through_the_client(client: ArangoClient, emu: Emulator) -> None:
    root = await _root(client)
    with pytest.raises(JWTSecretListError):
        await root.jwt_secrets()
    superuser = await _superuser(client, emu)
    secret = emu.jwt_secret
    raw = secret.encode() if isinstance(secret, str) else secret
    assert (await superuser.jwt_secrets())["active"] == {
        "sha256": hashlib.sha256(raw).hexdigest()}
    with pytest.raises(JWTSecretReloadError):  # started without a keyfile
        await superuser.reload_jwt_secrets()


async def test_options_follow_the_options_api_policy(client: ArangoClient,
                                                     emu: Emulator) -> None:
    root, superuser = await _root(client), await _superuser(client, emu)
    with pytest.raises(ServerCurrentOptionsGetError) as refused:
        await root.options()  # "jwt", ArangoDB's default: superuser tokens only
    assert (refused.value.http_code, refused.value.error_code) == (403, 403)
    options = await superuser.options()
    assert options["server.authentication"] is True
    assert options["server.options-api"] == "jwt"
    assert options["database.extended-names"] is True
    described = await superuser.options_available()
    assert described["server.endpoint"]["type"] == "string..."
    assert described["database.extended-names"]["default"] is True
    await superuser.create_database("other")
    with pytest.raises(ServerCurrentOptionsGetError) as elsewhere:
        await (await _superuser(client, emu, "other")).options()
    assert (elsewhere.value.http_code, elsewhere.value.error_code) == (403, 1230)


async def test_options_api_admin_public_and_disabled() -> None:
    admin = Api(Emulator(options_api="admin"))
    assert (await admin.ok("GET", "/_admin/options"))["server.options-api"] == "admin"
    await admin.ok("POST", "/_api/user", {"user": "u", "passwd": "pw"})
    await admin.ok("PUT", "/_api/user/u/database/_system", {"grant": "ro"})
    user = admin.as_user("u", "pw")
    assert error_of(await user.call("GET", "/_admin/options")) == (403, 403)
    public = Api(Emulator(options_api="public"))
    await public.ok("POST", "/_api/user", {"user": "u", "passwd": "pw"})
    await public.ok("PUT", "/_api/user/u/database/_system", {"grant": "ro"})
    assert (await public.as_user("u", "pw").call("GET", "/_admin/options")).status_code == 200
    disabled = Api(Emulator(options_api="disabled"))
    assert error_of(await disabled.call("GET", "/_admin/options-description")) == (404, 404)
    # the public subset is always there
    assert (await disabled.ok("GET", "/_admin/options-public"))["database.extended-names"]
    with pytest.raises(ValueError):
        Emulator(options_api="everyone")


async def test_compaction_is_for_superusers(client: ArangoClient, emu: Emulator) -> None:
    with pytest.raises(DatabaseCompactError) as refused:
        await (await _root(client)).compact()
    assert (refused.value.http_code, refused.value.error_code) == (403, 11)
    assert await (await _superuser(client, emu)).compact() == {}


async def test_action_endpoints(client: ArangoClient) -> None:
    root = await _root(client)
    echoed = await root.echo("request goes here")
    assert echoed["requestBody"] == "request goes here"
    assert echoed["user"] == "root" and echoed["database"] == "_system"
    assert echoed["requestType"] == "POST" and echoed["protocol"] == "http"
    assert echoed["rawRequestBody"]["data"] == list(b"request goes here")
    assert (await root.echo())["requestType"] == "GET"
    assert await root.reload_routing() is True
    with pytest.raises(ServerExecuteError) as refused:
        await root.execute("return 1")
    assert (refused.value.http_code, refused.value.error_code) == (501, 9)


async def test_echo_suffixes_and_parameters(api: Api) -> None:
    echoed = await api.ok("PUT", "/_admin/echo/a%2Fb/c?x=1", {"k": "v"})
    assert echoed["suffix"] == ["a/b", "c"] and echoed["rawSuffix"] == ["a%2Fb", "c"]
    assert echoed["path"] == "/a/b/c" and echoed["parameters"] == {"x": "1"}
    assert echoed["isAdminUser"] is True and echoed["authorized"] is True


async def test_endpoint_list(api: Api) -> None:
    listed = await api.ok("GET", "/_api/endpoint")
    assert listed and all(e["endpoint"].startswith("tcp://") for e in listed)
    await api.ok("POST", "/_api/database", {"name": "d"})
    assert error_of(await api.call("GET", "/_db/d/_api/endpoint")) == (403, 1230)
    assert error_of(await api.call("POST", "/_api/endpoint")) == (405, 405)


async def test_recent_aql_queries(api: Api) -> None:
    await api.ok("POST", "/_api/cursor", {"query": "RETURN @x", "bindVars": {"x": 1}})
    big = "y" * 2000
    await api.ok("POST", "/_api/cursor", {"query": "RETURN @x", "bindVars": {"x": big}})
    queries = (await api.ok("GET", "/_admin/server/aql-queries"))["result"]["queries"]
    assert [q["bindVars"] for q in queries[:2]] == [{}, {"x": 1}]  # newest first
    assert queries[1]["query"] == "RETURN @x" and queries[1]["database"] == "_system"
    assert {"timeStamp", "query", "database", "bindVars"} == set(queries[0])
    await api.ok("POST", "/_api/user", {"user": "u", "passwd": "pw"})
    await api.ok("PUT", "/_api/user/u/database/_system", {"grant": "ro"})
    assert error_of(await api.as_user("u", "pw").call("GET", "/_admin/server/aql-queries")) \
        == (403, 11)


async def test_replication_applier_and_server_id(client: ArangoClient) -> None:
    replication = (await _root(client)).replication
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # the client marks them removed
        assert (await replication.server_id()).isdigit()
        config = await replication.applier_config()
        assert config["request_timeout"] == 600.0 and config["include_system"] is True
        assert "endpoint" not in config and "password" not in config
        state = await replication.applier_state()
        assert state["state"]["running"] is False and state["state"]["phase"] == "inactive"
        with pytest.raises(ReplicationApplierStartError) as refused:
            await replication.start_applier()
        assert refused.value.error_code == 1410  # no endpoint configured
        changed = await replication.set_applier_config(
            "tcp://127.0.0.1:8529", database="_system", username="root", password="pw",
            chunk_size=0, restrict_type="exclude", restrict_collections=["students"])
        assert changed["endpoint"] == "tcp://127.0.0.1:8529"
        assert changed["restrict_collections"] == ["students"]
        assert "password" not in changed
        started = await replication.start_applier()
        assert started["state"]["running"] is True
        assert started["endpoint"] == "tcp://127.0.0.1:8529"
        stopped = await replication.stop_applier()
        assert stopped["state"]["running"] is False


async def test_applier_config_errors(api: Api) -> None:
    no_endpoint = await api.call("PUT", "/_api/replication/applier-config", {"verbose": True})
    assert error_of(no_endpoint) == (400, 1410)
    half = {"endpoint": "tcp://h:1", "restrictType": "include"}
    assert error_of(await api.call("PUT", "/_api/replication/applier-config", half)) \
        == (400, 1410)
    await api.ok("PUT", "/_api/replication/applier-config", {"endpoint": "tcp://h:1"})
    await api.ok("PUT", "/_api/replication/applier-start")
    running = await api.call("PUT", "/_api/replication/applier-config",
                             {"endpoint": "tcp://h:2"})
    assert error_of(running) == (400, 1411)
    await api.ok("POST", "/_api/database", {"name": "d"})
    assert error_of(await api.call("GET", "/_db/d/_api/replication/applier-state?global=true")
                    ) == (403, 11)
    # every database has its own applier
    assert (await api.ok("GET", "/_db/d/_api/replication/applier-state"))["state"][
        "running"] is False
