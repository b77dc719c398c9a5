"""Recording the requests an application sends: a subclass of the emulator's in-process
client that remembers each request, then passes it on.

Useful to assert *what* the application asked (one batch instead of a hundred inserts, a
header, a query option) while the emulator gives real answers. The same subclassing works
for any ``HTTPClient``. After ``./quickstart.sh``, from the repository root:

    .venv/bin/python examples/recording_client.py
"""

from __future__ import annotations

from collections.abc import MutableMapping

import anyio
import httpx

from arango_anyio import ArangoClient, Response
from arango_anyio.http import Headers
from arango_anyio.testing import Emulator, EmulatorHTTPClient


class RecordingHTTPClient(EmulatorHTTPClient):
    """The emulator's in-process client, remembering ``(method, url, body)`` of each request."""

    def __init__(self, emulator: Emulator) -> None:
        super().__init__(emulator)
        self.sent: list[tuple[str, str, str | bytes | None]] = []

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
        self.sent.append((method, url, data))
        return await super().send_request(session, method, url, headers, params, data, auth)


async def main() -> None:
    emu = Emulator()
    recorder = RecordingHTTPClient(emu)
    async with ArangoClient(hosts="http://emulator:8529", http_client=recorder) as client:
        db = await client.db("_system", username="root", password="")
        orders = await db.create_collection("orders")
        recorder.sent.clear()
        await orders.insert_many([{"total": n} for n in range(100)])
    posts = [url for method, url, _ in recorder.sent if method == "POST"]
    print("requests for 100 documents:", len(posts), posts[0].split("?")[0])


if __name__ == "__main__":
    anyio.run(main)
