"""Serialization and compression: what the JSON codec writes and refuses, a custom
serializer and deserializer, and compressed request and response bodies
(docs/topics/serialization.md).

    python docs/examples/serialization.py                   # asyncio, then trio
    ARANGO_ANYIO_NO_ORJSON=1 python docs/examples/serialization.py   # the stdlib codec

Compression is shown over loopback HTTP (``serve(...)``), where bodies are really encoded.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import decimal
import enum
import json
import uuid
from collections.abc import MutableMapping
from typing import Any

import anyio
import httpx

from arango_anyio import ArangoClient, DefaultHTTPClient, Response
from arango_anyio.exceptions import RequestSerializationError
from arango_anyio.http import Headers
from arango_anyio.testing import Emulator, serve


class Status(enum.Enum):
    OPEN = "open"


@dataclasses.dataclass
class Order:
    customer: str
    placed: datetime.datetime
    status: Status
    ref: uuid.UUID


async def default_codec(client: ArangoClient) -> None:
    db = await client.db("_system", username="root", password="")
    orders = await db.create_collection("orders")
    # [start default]
    order = Order("ada", datetime.datetime(2026, 5, 1, 12, 30, tzinfo=datetime.timezone.utc),
                  Status.OPEN, uuid.UUID(int=1))
    await orders.insert({"_key": "o1", "order": order, "lines": (1, 2)})
    stored = await orders.get("o1")
    print(stored and stored["order"], stored and stored["lines"])
    # [end default]
    # [start refused]
    refused: list[dict[Any, Any]] = [
        {"ratio": float("nan")}, {"tags": {"a", "b"}}, {1: "one"}, {"n": 2**70},
        {"price": decimal.Decimal("9.99")}]
    for bad in refused:
        try:
            await orders.insert(bad)
        except RequestSerializationError as error:   # before anything is sent
            print("refused:", str(error).split(": ", 1)[1])
    # [end refused]


# [start custom]
def dumps(value: Any) -> str:
    """JSON that writes Decimals as numbers (the default codec refuses them)."""
    def default(item: Any) -> Any:
        if isinstance(item, decimal.Decimal):
            return float(item)
        raise TypeError(f"cannot serialize {type(item).__name__}")
    return json.dumps(value, default=default, allow_nan=False, separators=(",", ":"))


def loads(text: str | bytes) -> Any:
    """JSON whose non-integral numbers come back as Decimals."""
    return json.loads(text, parse_float=decimal.Decimal)
# [end custom]


async def custom_codec(emulator: Emulator) -> None:
    # [start custom-client]
    async with ArangoClient(hosts="http://emulator:8529", http_client=emulator.http_client(),
                            serializer=dumps, deserializer=loads) as client:
        db = await client.db("_system", username="root", password="")
        await db.collection("orders").insert({"_key": "o2", "price": decimal.Decimal("9.99")})
        stored = await db.collection("orders").get("o2")
        print("price:", repr(stored and stored["price"]))
    # [end custom-client]
        assert stored is not None and stored["price"] == decimal.Decimal("9.99")


# [start recorder]
class EncodingRecorder(DefaultHTTPClient):
    """The default HTTP client, noting the content-encoding of each body sent and received."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, str | None, str | None]] = []

    async def send_request(self, session: httpx.AsyncClient, method: str, url: str,
                           headers: Headers | None = None,
                           params: MutableMapping[str, str] | None = None,
                           data: str | bytes | None = None,
                           auth: tuple[str, str] | None = None) -> Response:
        response = await super().send_request(session, method, url, headers, params, data,
                                              auth)
        sent = (headers or {}).get("content-encoding")
        call = f"{method} {url.split('/_api/')[-1]}"
        self.seen.append((call, sent, response.headers.get("content-encoding")))
        return response
# [end recorder]


async def compression(emulator: Emulator) -> None:
    recorder = EncodingRecorder()
    async with serve(emulator, coordinators=1, compress_response_threshold=1024) as urls:
        # [start compression]
        async with ArangoClient(hosts=urls, http_client=recorder,
                                request_compression=True,      # deflate bodies >= 1 KiB
                                response_compression=True) as client:   # accept gzip/deflate
            db = await client.db("_system", username="root", password="")
            big = [{"n": i, "text": "lorem ipsum " * 5} for i in range(200)]
            await db.collection("orders").insert_many(big)
            async with db.aql.execute("FOR o IN orders RETURN o", batch_size=200) as cursor:
                print("read back:", len([doc async for doc in cursor]))
            await db.collection("orders").count()               # a small answer
        for call, sent, received in recorder.seen:
            print(f"  {call:<28} sent: {sent or '-':<8} received: {received or '-'}")
        # [end compression]


async def main() -> None:
    emulator = Emulator(root_password="")
    async with ArangoClient(hosts="http://emulator:8529",
                            http_client=emulator.http_client()) as client:
        await default_codec(client)
    await custom_codec(emulator)
    await compression(emulator)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["asyncio", "trio", "both"], default="both")
    backend = parser.parse_args().backend
    for name in ("asyncio", "trio") if backend == "both" else (backend,):
        print(f"-- {name}")
        anyio.run(main, backend=name)
