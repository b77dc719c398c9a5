"""Hostile input: names and keys in URLs never reach another endpoint; bad documents and
oversized bodies are refused before anything is sent.

Each call goes through a recording HTTP client over the emulator; every URL it sent is routed
with the emulator's own router, which must pick the endpoint the call meant, with the hostile
value intact as the one path parameter.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import anyio
import pytest
from hypothesis import given
from hypothesis import strategies as st

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.exceptions import (
    ArangoClientError,
    ArangoError,
    ArangoServerError,
    DocumentParseError,
    InvalidArgumentError,
    RequestSerializationError,
)
from arango_anyio.testing import Emulator
from tests.recording import RecordingHTTPClient

from .rawserver import Conn, RawServer, raw_server, serve_version
from .workload import ROOT_PASSWORD

pytestmark = [pytest.mark.anyio, pytest.mark.emulator_only]

HOSTILE = [
    "../../_api/version", "..%2F..%2F_api%2Fversion", "../", "a/b", "/", "a?b=c&d", "?",
    "a#frag", "#", "%", "%2F", "%2e%2e", "%00", "a b", " ", "ünïcødé/名前", "a\r\nX-Evil: 1",
    "a;b", "+", "a&collection=_users", "\\..\\", "*", "a\tb", "_system",
]


def route(emu: Emulator, method: str, url: str) -> tuple[str, str, dict[str, str]]:
    """(database, handler name, decoded path parameters) as the emulator routes ``url``."""
    parts = urlsplit(url)
    assert not parts.fragment, url
    path = parts.path
    assert path.startswith("/_db/"), path
    for char in ("\r", "\n", " ", "\t", "#", "?"):
        assert char not in path, (char, path)
    return emu.route(method, path)


Call = Callable[[StandardDatabase, ArangoClient, str], Awaitable[Any]]


async def _db_call(db: StandardDatabase, client: ArangoClient, name: str) -> Any:
    other = await client.db(name, password=ROOT_PASSWORD)
    return await other.version()


CASES: dict[str, tuple[Call, str, str | None]] = {
    # what: (call, handler it must reach, the path parameter holding the name)
    "collection": (lambda db, c, n: db.collection(n).properties(), "", "name"),
    "document key": (lambda db, c, n: db.collection("c").get(n), "", "key"),
    "document _id": (lambda db, c, n: db.collection("c").get({"_id": "c/" + n}), "", "key"),
    "index id": (lambda db, c, n: db.collection("c").get_index(n), "", "ident"),
    "user": (lambda db, c, n: db.user(n), "", "name"),
    "view": (lambda db, c, n: db.view(n), "", "name"),
    "analyzer": (lambda db, c, n: db.analyzer(n), "", "name"),
    "database": (_db_call, "", None),
}


@pytest.fixture
async def recorded() -> Any:
    emu = Emulator(root_password=ROOT_PASSWORD)
    http = RecordingHTTPClient(emu)
    async with ArangoClient(hosts="http://emu:8529", http_client=http) as client:
        db = await client.db("_system", password=ROOT_PASSWORD)
        await db.create_collection("c")
        await db.collection("c").insert({"_key": "decoy"})
        http.sent.clear()
        yield emu, http, client, db


@pytest.mark.parametrize("what", list(CASES))
async def test_names_in_urls_reach_only_their_endpoint(recorded: Any, what: str) -> None:
    emu, http, client, db = recorded
    call, _, param = CASES[what]
    # where the plain name "probe" goes: the endpoint every hostile variant must reach too
    await _expect_routed(emu, http, client, db, call, "probe", what, param, None)
    expected_handler = route(emu, http.sent[-1].method, http.sent[-1].url)[1]
    for name in HOSTILE:
        await _expect_routed(emu, http, client, db, call, name, what, param, expected_handler)


async def _expect_routed(emu: Emulator, http: RecordingHTTPClient, client: ArangoClient,
                         db: StandardDatabase, call: Call, name: str, what: str,
                         param: str | None, expected_handler: str | None) -> None:
    before = len(http.sent)
    try:
        with anyio.fail_after(5):
            result = await call(db, client, name)
    except ArangoClientError:
        assert len(http.sent) == before, f"{what} {name!r}: refused only after sending"
        return
    except ArangoServerError as exc:  # a typed refusal by the endpoint the call meant
        assert exc.http_code in (400, 404), (what, name, exc)
        result = None
    assert len(http.sent) == before + 1, (what, name, http.sent[before:])
    method, url = http.sent[-1].method, http.sent[-1].url
    database, handler, params = route(emu, method, url)
    if expected_handler is not None:
        assert handler == expected_handler, (what, name, url, handler)
    if param is None:  # the database name is the /_db/{name} prefix
        assert database == name, (name, url)
    else:
        assert database == "_system", (what, name, url)
        value = params.get(param)
        if what == "index id":
            assert value is not None and value.endswith(name), (name, url, params)
        else:
            assert value == name, (what, name, url, params)
    if what.startswith("document") and name != "decoy":
        assert result is None  # never another document


async def test_dot_segments_are_refused_before_sending(recorded: Any) -> None:
    _, http, client, db = recorded
    for name in (".", ".."):
        for call in (db.user, db.view, client.db):  # (document keys "." / ".." are legal)
            with pytest.raises(ArangoClientError):
                await call(name)
        with pytest.raises(ArangoClientError):
            await db.collection(name).properties()
    with pytest.raises(DocumentParseError):  # an _id of another collection
        await db.collection("c").get("other/../c/decoy")
    assert http.sent == []


@given(name=st.text(min_size=1, max_size=20))
async def test_any_key_is_one_path_segment(recorded: Any, name: str) -> None:
    emu, http, _client, db = recorded
    before = len(http.sent)
    try:
        document = await db.collection("c").get(name)
    except ArangoClientError:
        assert len(http.sent) == before
        return
    except ArangoServerError as exc:
        assert exc.http_code in (400, 404)
        document = None
    method, url = http.sent[-1].method, http.sent[-1].url
    _, _handler, params = route(emu, method, url)
    key = name.partition("/")[2] if "/" in name else name
    assert params.get("key") == key
    assert document is None or document["_key"] == "decoy" == key


# -- documents that cannot be sent ------------------------------------------------------

@dataclass
class Point:
    x: float
    y: Any = None


class Level(enum.Enum):
    UNKNOWN = math.nan


BAD_DOCUMENTS: list[Any] = [
    {"a": {1, 2}}, {"a": math.nan}, {"a": [1.0, math.inf]}, {"a": -math.inf},
    {1: "non-string key"}, {True: 2}, {None: 0}, {("t",): 1}, {"a": object()}, {"a": b"bytes"},
    {"nested": {"deeper": [{"x": math.nan}]}}, {"a": 2**64},
    # orjson writes dataclasses and enums itself, and would write a NaN in them as null
    {"p": Point(math.nan)}, {"p": [Point(1.0, (Point(-math.inf),))]}, {"p": Point(1.0, {2: 3})},
    {"level": Level.UNKNOWN},
]
NOT_DOCUMENTS: list[Any] = [None, 1, "text", [1, 2], ["a"], 3.5, True]


async def test_unserializable_and_non_dict_documents_are_refused_before_sending(
        recorded: Any) -> None:
    _, http, _client, db = recorded
    collection = db.collection("c")
    def bad_calls(document: Any) -> list[Awaitable[Any]]:
        return [collection.insert(document),
                collection.insert_many([{"ok": 1}, document]),
                collection.import_bulk([{"ok": 1}, document]),
                collection.update({"_key": "decoy", **document}),
                db.aql.execute("RETURN @v", bind_vars={"v": document})._start()]

    def non_dict_calls(document: Any) -> list[Awaitable[Any]]:
        return [collection.insert(document), collection.insert_many([{"ok": 1}, document]),
                collection.update(document), collection.replace(document)]

    for document in BAD_DOCUMENTS:
        for call in bad_calls(document):
            with pytest.raises(ArangoClientError) as info:
                await call
            assert isinstance(info.value, (RequestSerializationError, InvalidArgumentError))
            assert "Traceback" not in str(info.value)
    for document in NOT_DOCUMENTS:
        for call in non_dict_calls(document):
            with pytest.raises(ArangoClientError):
                await call
    assert http.sent == []
    assert await collection.count() == 1  # nothing of a refused batch was applied


async def test_oversized_bodies_are_refused_before_sending() -> None:
    emu = Emulator(root_password=ROOT_PASSWORD)
    http = RecordingHTTPClient(emu)
    async with ArangoClient(hosts="http://emu:8529", http_client=http,
                            max_request_body=4096) as client:
        db = await client.db("_system", password=ROOT_PASSWORD)
        await db.create_collection("c")
        collection = db.collection("c")
        http.sent.clear()
        big = {"blob": "x" * 5000}
        for call in (lambda: collection.insert(big),
                     lambda: collection.insert_many([{"a": 1}, big]),
                     lambda: collection.insert_many([{"a": "y" * 1000} for _ in range(8)]),
                     lambda: collection.import_bulk([big]),
                     lambda: db.aql.execute("RETURN @v", bind_vars={"v": "z" * 5000})):
            with pytest.raises(InvalidArgumentError, match="max_request_body"):
                await call()
        assert http.sent == []
        # split into batches under the limit, the same documents go through
        await collection.insert_many([{"a": "y" * 1000} for _ in range(8)], batch_size=2)
        assert await collection.count() == 8


async def test_a_bad_document_in_a_later_batch_stops_the_bulk_call_before_sending(
        recorded: Any) -> None:
    _, http, _client, db = recorded
    collection = db.collection("c")
    with pytest.raises(ArangoClientError):
        await collection.insert_many([{"ok": 1}] * 4 + [{"a": {1, 2}}], batch_size=2,
                                     concurrency=2)
    with pytest.raises(ArangoClientError):
        await collection.import_bulk([{"ok": 1}] * 4 + [{"a": math.nan}], batch_size=2)
    assert http.sent == []
    assert await collection.count() == 1


async def test_an_oversized_later_batch_stops_the_bulk_call_before_sending() -> None:
    emu = Emulator(root_password=ROOT_PASSWORD)
    http = RecordingHTTPClient(emu)
    async with ArangoClient(hosts="http://emu:8529", http_client=http,
                            max_request_body=4096) as client:
        db = await client.db("_system", password=ROOT_PASSWORD)
        await db.create_collection("c")
        http.sent.clear()
        with pytest.raises(InvalidArgumentError, match="max_request_body"):
            await db.collection("c").insert_many([{"a": 1}] * 10 + [{"blob": "x" * 5000}],
                                                 batch_size=5, concurrency=2)
        assert http.sent == []
        assert await db.collection("c").count() == 0


async def test_crlf_in_a_header_value_never_reaches_the_wire() -> None:
    async def handler(conn: Conn, server: RawServer) -> None:
        await serve_version(conn, server)

    async with raw_server(handler) as server, ArangoClient(hosts=server.url) as client:
        db = await client.db("_system", password="pw")
        with pytest.raises(ArangoError):
            await db.collection("c").get({"_key": "a", "_rev": "1\r\nX-Evil: 1"})
        assert server.requests == []  # refused before sending
        await db.collection("c").get("a\r\nX-Evil: 1")  # in a key: percent-encoded
        assert server.requests[-1].path == "/_db/_system/_api/document/c/a%0D%0AX-Evil%3A%201"
        assert all("x-evil" not in r.headers for r in server.requests)
        assert (await db.version()) == "3.12.0"


@pytest.mark.parametrize("value", ["a\x00b", "a\x1bb", "a\x7fb", "a\x0bb", "\x00"])
async def test_control_characters_in_a_header_never_reach_the_wire(value: str) -> None:
    async def handler(conn: Conn, server: RawServer) -> None:
        await serve_version(conn, server)

    async with raw_server(handler) as server, ArangoClient(hosts=server.url) as client:
        db = await client.db("_system", password="pw")
        with pytest.raises(InvalidArgumentError, match="control character"):
            await db.collection("c").get({"_key": "a", "_rev": value})
        with pytest.raises(InvalidArgumentError, match="control character"):
            await db.collection("c").update({"_key": "a", "_rev": value, "x": 1})
        assert server.requests == []  # refused before sending
        assert (await db.version()) == "3.12.0"
