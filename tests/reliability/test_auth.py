"""Authentication under load: wrong passwords fail once (no retry storm), an expired JWT is
refreshed exactly once however many calls hit it, permissions come back as typed errors."""

from __future__ import annotations

from collections import Counter
from collections.abc import MutableMapping

import anyio
import httpx
import pytest

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio._connection.auth import JwtAuth
from arango_anyio.exceptions import (
    ArangoServerError,
    DocumentInsertError,
    JWTAuthError,
    ServerConnectionError,
)
from arango_anyio.http import Headers
from arango_anyio.response import Response
from arango_anyio.testing import Emulator, EmulatorHTTPClient

from .workload import ROOT_PASSWORD

pytestmark = [pytest.mark.anyio, pytest.mark.emulator_only]


class Counting(EmulatorHTTPClient):
    def __init__(self, emulator: Emulator) -> None:
        super().__init__(emulator)
        self.paths: Counter[str] = Counter()

    async def send_request(
        self,
        session: httpx.AsyncClient,
        method: str,
        url: str,
        headers: Headers | None = None,
        params: MutableMapping[str, str] | None = None,
        data: str | bytes | None = None,
        auth: tuple[str, str] | None = None,
    ) -> Response:
        path = "/" + url.split("/", 3)[3].split("?")[0]
        if path.startswith("/_db/"):
            path = "/" + path.split("/", 3)[3]
        self.paths[path] += 1
        await anyio.sleep(0.001)  # let concurrent callers pile up
        return await super().send_request(session, method, url, headers, params, data, auth)

    @property
    def total(self) -> int:
        return sum(self.paths.values())


@pytest.fixture
async def setup() -> tuple[Emulator, Counting]:
    emu = Emulator(root_password=ROOT_PASSWORD)
    return emu, Counting(emu)


async def test_wrong_password_basic_fails_once_with_401_11(
        setup: tuple[Emulator, Counting]) -> None:
    _emu, http = setup
    async with ArangoClient(hosts=["http://c0", "http://c1"], host_resolver="roundrobin",
                            http_client=http) as client:
        with pytest.raises(ServerConnectionError) as info:
            await client.db("_system", password="wrong", verify=True)
        assert (info.value.http_code, info.value.error_code) == (401, 11)
        assert http.total == 1
        db = await client.db("_system", password="wrong")
        async with anyio.create_task_group() as tg:
            for _ in range(20):
                tg.start_soon(_expect_401, db)
        assert http.total == 21  # one request per call: nothing retried, nothing refreshed


async def _expect_401(db: StandardDatabase) -> None:
    with pytest.raises(ArangoServerError) as info:
        await db.version()
    assert (info.value.http_code, info.value.error_code) == (401, 11)


async def test_wrong_password_jwt_fails_without_a_storm(
        setup: tuple[Emulator, Counting]) -> None:
    _emu, http = setup
    async with ArangoClient(hosts="http://c0", http_client=http) as client:
        with pytest.raises(ServerConnectionError) as info:
            await client.db("_system", password="wrong", auth_method="jwt", verify=True)
        assert info.value.http_code == 401
        assert http.paths["/_open/auth"] == 1 and http.total == 1
        db = await client.db("_system", password="wrong", auth_method="jwt")
        failures: list[JWTAuthError] = []

        async def call() -> None:
            try:
                await db.version()
            except JWTAuthError as exc:
                failures.append(exc)

        async with anyio.create_task_group() as tg:
            for _ in range(20):
                tg.start_soon(call)
        assert len(failures) == 20
        assert all(exc.http_code == 401 for exc in failures)
        # callers that waited on the single flight share its failure: no storm of logins
        assert http.paths["/_open/auth"] <= 3, http.paths
        assert http.paths["/_api/version"] == 0


async def test_expired_jwt_is_refreshed_once(setup: tuple[Emulator, Counting]) -> None:
    emu, http = setup
    async with ArangoClient(hosts=["http://c0", "http://c1"], host_resolver="roundrobin",
                            http_client=http) as client:
        db = await client.db("_system", password=ROOT_PASSWORD, auth_method="jwt")
        await db.version()
        auth = db._conn.auth
        assert isinstance(auth, JwtAuth) and auth.fetches == 1
        # the server now sees an expired token (the client believes it is still good)
        auth._token = emu.user_token("root", lifetime=-10)
        auth._expires = None
        http.paths.clear()
        async with anyio.create_task_group() as tg:
            for _ in range(25):
                tg.start_soon(db.version)
        assert auth.fetches == 2 and http.paths["/_open/auth"] == 1
        assert http.paths["/_api/version"] <= 50  # each call: at most one retry
        assert not auth.locked


async def test_permissions_are_typed_errors(setup: tuple[Emulator, Counting]) -> None:
    _emu, http = setup
    async with ArangoClient(hosts="http://c0", http_client=http) as client:
        root = await client.db("_system", password=ROOT_PASSWORD)
        await root.create_database("shop")
        shop = await client.db("shop", password=ROOT_PASSWORD)
        await shop.create_collection("orders")
        await root.create_user("reader", password="pw")
        await root.update_permission("reader", "ro", "shop")
        await root.create_user("stranger", password="pw")
        for method in ("basic", "jwt"):
            reader = await client.db("shop", username="reader", password="pw",
                                     auth_method=method)
            assert await reader.collection("orders").count() == 0
            before = http.total
            with pytest.raises(DocumentInsertError) as info:
                await reader.collection("orders").insert({"a": 1})
            assert (info.value.http_code, info.value.error_code) == (403, 11)
            assert http.total == before + 1  # not retried
            stranger = await client.db("shop", username="stranger", password="pw",
                                       auth_method=method)
            with pytest.raises(ArangoServerError) as denied:
                await stranger.collection("orders").count()
            assert (denied.value.http_code, denied.value.error_code) == (401, 11)
            with pytest.raises(ServerConnectionError) as verify_info:
                await client.db("shop", username="stranger", password="pw",
                                auth_method=method, verify=True)
            assert verify_info.value.http_code == 401
        assert await shop.collection("orders").count() == 0
