"""The emulator as a server facing hostile or broken clients: deep nesting answered as ArangoDB
answers it, compressed bodies inflated only after authentication and only up to the size
limit, a request whose body never completes dropped after a bounded silence, and one log line
per request."""

from __future__ import annotations

import gzip
import json
import logging
import time

import anyio
import pytest

from arango_anyio.testing import Emulator, serve
from arango_anyio.testing._frontends import http_connection
from arango_anyio.testing._protocol import content_encoding
from tests.emulator.core.conftest import Api
from tests.emulator.net._netutil import AUTH_HEADER

pytestmark = [pytest.mark.anyio, pytest.mark.emulator_only]


def nested(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


@pytest.fixture
async def api() -> Api:
    api = Api(Emulator())
    await api.ok("POST", "/_api/collection", {"name": "c"})
    return api


@pytest.mark.parametrize("depth", [199, 1500, 20000])
async def test_deeply_nested_json_bodies_get_400(api: Api, depth: int) -> None:
    for path in ("/_api/document/c", "/_api/cursor"):
        response = await api.call("POST", path, raw='{"query": "RETURN 1", "a": '
                                  + nested(depth) + "}")
        assert response.status_code == 400, response.body
        assert response.body["errorNum"] == 600
        assert response.body["errorMessage"] == \
            "VPackError error: Too deep nesting in Array/Object"


async def test_nesting_below_the_limit_is_fine(api: Api) -> None:
    doc = {"_key": "deep", "a": json.loads(nested(150))}
    await api.ok("POST", "/_api/document/c", doc)
    assert (await api.ok("GET", "/_api/document/c/deep"))["a"] == doc["a"]


@pytest.mark.parametrize("depth", [600, 5000])
async def test_deeply_nested_aql_gets_400(api: Api, depth: int) -> None:
    response = await api.call("POST", "/_api/cursor", {"query": "RETURN " + nested(depth)})
    assert response.status_code == 400, response.body
    assert response.body["errorNum"] == 1524
    deep_expression = "RETURN " + "(1 + " * depth + "1" + ")" * depth
    response = await api.call("POST", "/_api/cursor", {"query": deep_expression})
    assert (response.status_code, response.body["errorNum"]) == (400, 1524)


async def test_compressed_bodies_are_inflated_after_authentication(api: Api) -> None:
    broken = b"\x1f\x8b" + b"not gzip at all"
    headers = {"content-encoding": "gzip"}
    anonymous = await api.call("POST", "/_api/document/c", raw=broken, headers=headers,
                               auth=False)
    assert anonymous.status_code == 401  # refused before any inflating
    wrong = await api.call("POST", "/_api/document/c", raw=broken, headers=headers,
                           auth=("root", "wrong"))
    assert wrong.status_code == 401
    authenticated = await api.call("POST", "/_api/document/c", raw=broken, headers=headers)
    assert authenticated.status_code == 400
    good = gzip.compress(json.dumps({"_key": "zipped"}).encode())
    assert (await api.call("POST", "/_api/document/c", raw=good, headers=headers)
            ).status_code == 202


async def test_compressed_bodies_inflate_up_to_the_size_limit(
        api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(content_encoding, "MAX_BODY", 64 * 1024)
    bomb = gzip.compress(b"[" + b"0," * 100_000 + b"0]")  # 200 kB once inflated
    assert len(bomb) < 2000
    response = await api.call("POST", "/_api/document/c", raw=bomb,
                              headers={"content-encoding": "gzip"})
    assert response.status_code == 413


async def test_a_request_whose_body_never_completes_is_dropped(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(http_connection, "PARTIAL_REQUEST_TIMEOUT", 0.2)
    async with serve(Emulator(), coordinators=1) as urls:
        host, port = urls[0].removeprefix("http://").split(":")
        async with await anyio.connect_tcp(host, int(port)) as stream:
            await stream.send(b"POST /_api/document/c HTTP/1.1\r\nHost: x\r\n"
                              b"Authorization: " + AUTH_HEADER.encode() + b"\r\n"
                              b"Content-Length: 100\r\n\r\n{\"half\": ")
            started = time.perf_counter()
            with anyio.fail_after(5):
                with pytest.raises((anyio.EndOfStream, anyio.BrokenResourceError)):
                    while True:
                        await stream.receive()
            assert time.perf_counter() - started < 5


async def test_one_log_line_per_request(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="arango_anyio.testing")
    async with serve(Emulator(), coordinators=1) as urls:
        host, port = urls[0].removeprefix("http://").split(":")
        async with await anyio.connect_tcp(host, int(port)) as stream:
            for path in ("/_api/version?details=true", "/_api/nothing-here"):
                await stream.send(f"GET {path} HTTP/1.1\r\nHost: x\r\n"
                                  f"Authorization: {AUTH_HEADER}\r\n\r\n".encode())
                await stream.receive()
    lines = [r.getMessage() for r in caplog.records if r.name == "arango_anyio.testing"]
    assert len(lines) == 2, lines
    assert lines[0].startswith("c0 GET /_api/version 200 ") and lines[0].endswith(" ms")
    assert lines[1].startswith("c0 GET /_api/nothing-here 404 ")
    assert "details" not in lines[0] and "Basic" not in " ".join(lines)
