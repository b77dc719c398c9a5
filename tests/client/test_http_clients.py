"""The HTTPClient contract: a user's plain-httpx subclass works as is; the default client's
fast path, pool figures and compression."""

from __future__ import annotations

import logging
from collections.abc import MutableMapping

import httpx
import pytest

from arango_anyio import ArangoClient, DefaultHTTPClient
from arango_anyio.http import Headers, HTTPClient
from arango_anyio.response import Response
from arango_anyio.testing import Emulator, serve
from tests.pool import pool_of

from ..conftest import ROOT_PASSWORD
from ._support import raw

pytestmark = [pytest.mark.anyio, pytest.mark.emulator_only]


class CustomHTTPClient(HTTPClient):
    """Written exactly as a user would, following python-arango's documentation."""

    def __init__(self) -> None:
        self._logger = logging.getLogger("my_logger")
        self.sent = 0

    def create_session(self, host: str) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.AsyncHTTPTransport(retries=3))

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
        self._logger.debug(f"Sending request to {url}")
        self.sent += 1
        response = await session.request(
            method=method, url=url, params=params, content=data,
            headers=headers, auth=auth, timeout=5,
        )
        return Response(method=method, url=str(response.url), headers=response.headers,
                        status_code=response.status_code, status_text=response.reason_phrase,
                        raw_body=response.text)


async def test_users_custom_http_client_works_unchanged(emulator: Emulator) -> None:
    custom = CustomHTTPClient()
    async with (
        serve(emulator, coordinators=2) as urls,
        ArangoClient(hosts=urls, host_resolver="roundrobin", http_client=custom) as client,
    ):
        db = await client.db("_system", password=ROOT_PASSWORD, verify=True)
        details = await db.version(details=True)
        created = await db._conn.send(raw("POST", "/_api/collection", {"name": "c"}))
        inserted = await db._conn.send(raw("POST", "/_api/document/c", {"_key": "x"},
                                           params={"returnNew": True}))
    assert details["server"] == "arango"
    assert created.status_code == 200
    assert inserted.body["new"]["_key"] == "x"
    assert custom.sent >= 4


async def test_default_client_fast_path_and_pool_figures(emulator: Emulator) -> None:
    async with (
        serve(emulator, coordinators=3) as urls,
        ArangoClient(hosts=urls, host_resolver="roundrobin") as client,
    ):
        assert isinstance(client._state.http_client, DefaultHTTPClient)
        db = await client.db("_system", password=ROOT_PASSWORD)
        for _ in range(9):
            assert await db.version()
        pool = pool_of(client)
        assert pool.open == 3 and pool.idle == 3
        assert pool.in_use == 0 and pool.waiting == 0
    # a closed client has no sessions left
    assert pool_of(client).open == 0


async def test_request_and_response_compression(emulator: Emulator) -> None:
    big = {"_key": "big", "text": "x" * 20_000}
    async with (
        serve(emulator, coordinators=1) as urls,
        ArangoClient(hosts=urls, request_compression=1024, response_compression=True) as client,
    ):
        db = await client.db("_system", password=ROOT_PASSWORD)
        await db._conn.send(raw("POST", "/_api/collection", {"name": "c"}))
        created = await db._conn.send(raw("POST", "/_api/document/c", big))
        assert created.status_code in (201, 202), created.body
        got = await db._conn.send(raw("GET", "/_api/document/c/big"))
    assert got.body["text"] == big["text"]
