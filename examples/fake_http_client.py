"""A complete fake ``HTTPClient``: answers from a dict, no server, no emulator.

For unit tests that want to control every answer byte for byte (a malformed body, an odd
status) the emulator cannot be made to give. ``create_session`` must return an
``httpx.AsyncClient`` (the client hands it back to ``send_request`` and ``close_session``;
a fake may never use it), and ``send_request`` returns an :class:`arango_anyio.Response`
built from the method, the URL, the headers, the status code and reason, and the raw body.

After ``./quickstart.sh``, from the repository root:

    .venv/bin/python examples/fake_http_client.py
"""

from __future__ import annotations

import json
from collections.abc import MutableMapping
from urllib.parse import urlsplit

import anyio
import httpx

from arango_anyio import ArangoClient, Response
from arango_anyio.http import Headers, HTTPClient

#: (method, path) -> (status, body): the answers the fake gives.
CANNED: dict[tuple[str, str], tuple[int, object]] = {
    ("GET", "/_db/_system/_api/version"): (200, {"server": "arango", "version": "3.12.4",
                                                  "license": "community"}),
    ("GET", "/_db/_system/_api/document/orders/o1"): (
        200, {"_key": "o1", "_id": "orders/o1", "_rev": "_a1", "total": 12}),
}
NOT_FOUND = {"code": 404, "error": True, "errorMessage": "document not found",
             "errorNum": 1202}
REASONS = {200: "OK", 404: "Not Found"}


class FakeHTTPClient(HTTPClient):
    """Answers from :data:`CANNED` (404/1202 otherwise) and remembers what was asked."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []

    def create_session(self, host: str) -> httpx.AsyncClient:
        # never used to send anything; it only has to be an httpx.AsyncClient
        return httpx.AsyncClient(base_url=host)

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
        await anyio.lowlevel.checkpoint()  # a real round trip would let other tasks run
        path = urlsplit(url).path
        self.requests.append((method, path))
        status, body = CANNED.get((method, path), (404, NOT_FOUND))
        return Response(
            method=method,
            url=url,
            headers={"content-type": "application/json; charset=utf-8"},
            status_code=status,
            status_text=REASONS[status],
            raw_body=json.dumps(body),
        )


async def main() -> None:
    fake = FakeHTTPClient()
    async with ArangoClient(hosts="http://fake:8529", http_client=fake) as client:
        db = await client.db("_system", username="root", password="", verify=False)
        print("version:", await db.version())
        print("o1:", await db.collection("orders").get("o1"))
        print("o2:", await db.collection("orders").get("o2"))  # 404/1202 reads as None
    print("requests:", fake.requests)


if __name__ == "__main__":
    anyio.run(main)
