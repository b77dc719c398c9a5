"""Authentication: basic, JWT with single-flight refresh, static tokens; secrets never shown."""

from __future__ import annotations

import logging
import time

import anyio
import pytest

from arango_anyio import ArangoClient
from arango_anyio._connection.auth import JwtAuth, token_expiry
from arango_anyio.exceptions import ServerConnectionError
from arango_anyio.testing import Emulator

from ..conftest import ROOT_PASSWORD
from ._support import CountingHTTPClient

pytestmark = pytest.mark.anyio

HOST = "http://c0:8529"
AUTH_PATH = ("POST", "/_db/_system/_open/auth")


async def test_basic_auth_and_wrong_password(emulator: Emulator) -> None:
    async with ArangoClient(hosts=HOST, http_client=emulator.http_client()) as client:
        db = await client.db("_system", password=ROOT_PASSWORD, verify=True)
        assert await db.version()
        with pytest.raises(ServerConnectionError) as info:
            await client.db("_system", password="wrong-password", verify=True)
    assert info.value.http_code == 401
    assert info.value.error_code == 11
    assert "wrong username or password" in str(info.value)
    assert "wrong-password" not in str(info.value)


async def test_verify_names_the_database_a_user_may_not_use(emulator: Emulator) -> None:
    async with ArangoClient(hosts=HOST, http_client=emulator.http_client()) as client:
        sys_db = await client.db("_system", password=ROOT_PASSWORD)
        await sys_db.create_database("shop")
        await sys_db.create_database("other")
        await sys_db.create_user("ada", "pw")
        await sys_db.update_permission("ada", "rw", "shop")
        assert await (await client.db("shop", username="ada", password="pw",
                                      verify=True)).version()
        with pytest.raises(ServerConnectionError) as info:
            await client.db("other", username="ada", password="pw", verify=True)
    assert info.value.http_code == 401
    assert "no access to database 'other'" in str(info.value)


async def test_wrong_password_is_not_retried(emulator: Emulator) -> None:
    http = CountingHTTPClient(emulator)
    async with ArangoClient(hosts=HOST, http_client=http) as client:
        with pytest.raises(ServerConnectionError):
            await client.db("_system", password="nope", verify=True)
        with pytest.raises(ServerConnectionError):
            await client.db("_system", password="nope", auth_method="jwt", verify=True)
    assert http.calls[("GET", "/_db/_system/_api/version")] == 1
    assert http.calls[AUTH_PATH] == 1


async def test_jwt_single_flight_for_many_concurrent_callers(emulator: Emulator) -> None:
    http = CountingHTTPClient(emulator)
    async with ArangoClient(hosts=HOST, http_client=http) as client:
        db = await client.db("_system", password=ROOT_PASSWORD, auth_method="jwt")
        results: list[str] = []

        async def call() -> None:
            results.append(await db.version())

        async with anyio.create_task_group() as tg:
            for _ in range(50):
                tg.start_soon(call)
        # a second handle with the same credentials shares the cached token
        db2 = await client.db("_system", password=ROOT_PASSWORD, auth_method="jwt")
        await db2.version()
    assert len(results) == 50
    assert http.calls[AUTH_PATH] == 1
    assert all(h.get("authorization", "").startswith("bearer ") for h in http.headers_seen[1:])


async def test_expired_jwt_is_refreshed_once_on_401(emulator: Emulator) -> None:
    http = CountingHTTPClient(emulator)
    async with ArangoClient(hosts=HOST, http_client=http) as client:
        db = await client.db("_system", password=ROOT_PASSWORD, auth_method="jwt")
        await db.version()
        auth = db._conn.auth
        assert isinstance(auth, JwtAuth)
        # the server considers the token expired; the client does not know yet
        auth._token = emulator.user_token("root", lifetime=-10)
        auth._expires = None

        async with anyio.create_task_group() as tg:
            for _ in range(10):
                tg.start_soon(db.version)
        assert auth.fetches == 2
        assert not auth.locked


async def test_jwt_renewed_before_it_expires(emulator: Emulator) -> None:
    http = CountingHTTPClient(emulator)
    async with ArangoClient(hosts=HOST, http_client=http) as client:
        db = await client.db("_system", password=ROOT_PASSWORD, auth_method="jwt")
        await db.version()
        auth = db._conn.auth
        assert isinstance(auth, JwtAuth)
        auth._expires = time.time() + 5  # inside the refresh margin
        await db.version()
    assert http.calls[AUTH_PATH] == 2


async def test_cancelled_refresh_leaves_the_lock_free(emulator: Emulator) -> None:
    async with ArangoClient(hosts=HOST, http_client=emulator.http_client()) as client:
        db = await client.db("_system", password=ROOT_PASSWORD, auth_method="jwt")
        emulator.faults.add_latency(1.0)
        with anyio.move_on_after(0.05):
            await db.version()
        emulator.faults.clear_latency()
        auth = db._conn.auth
        assert isinstance(auth, JwtAuth)
        assert not auth.locked
        assert await db.version()
        assert auth.fetches == 1


async def test_superuser_and_user_tokens_are_sent_as_is(emulator: Emulator) -> None:
    http = CountingHTTPClient(emulator)
    async with ArangoClient(hosts=HOST, http_client=http) as client:
        su = await client.db("_system", superuser_token=emulator.superuser_token(), verify=True)
        assert await su.version()
        user = await client.db("_system", user_token=emulator.user_token("root"), verify=True)
        assert await user.version()
    assert http.calls[AUTH_PATH] == 0


def test_token_expiry_reads_the_exp_claim(emulator: Emulator) -> None:
    token = emulator.user_token("root", lifetime=100)
    exp = token_expiry(token)
    assert exp is not None and abs(exp - (time.time() + 100)) < 5
    assert token_expiry("not-a-jwt") is None


async def test_secrets_never_shown(emulator: Emulator, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    secret = "s3cr3t-pass-phrase"
    emulator.faults.down("c1")
    async with ArangoClient(hosts=[HOST, "http://c1:8529"], host_resolver="roundrobin",
                            http_client=emulator.http_client(), max_retries=1) as client:
        texts = [repr(client)]
        for method in ("basic", "jwt"):
            db = await client.db("_system", password=secret, auth_method=method)
            texts += [repr(db), repr(db._conn), repr(db._conn.auth), str(db._conn.auth)]
            try:
                await db.version()
            except Exception as exc:
                texts += [str(exc), repr(exc)]
        su = await client.db("_system", superuser_token="tok.en.value-secret")
        texts += [repr(su._conn.auth)]
    texts += [record.getMessage() for record in caplog.records]
    joined = "\n".join(texts)
    assert secret not in joined
    assert "value-secret" not in joined
    assert "authorization" not in joined.lower() or "bearer" not in joined.lower()
