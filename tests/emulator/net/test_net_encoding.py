"""Content-encoding: compressed request bodies are decoded, answers compressed on request."""

from __future__ import annotations

import gzip
import zlib

import pytest

from arango_anyio.testing._frontends.serve import serve

from ._netutil import client, make_emulator

pytestmark = pytest.mark.anyio

BODY = b"0123456789abcdef" * 1000


def _raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


@pytest.mark.parametrize(
    ("encoding", "encoded"),
    [("gzip", gzip.compress(BODY)), ("deflate", zlib.compress(BODY)),
     ("deflate", _raw_deflate(BODY))],
    ids=["gzip", "deflate-zlib", "deflate-raw"],
)
async def test_compressed_request_bodies_are_decoded(encoding: str, encoded: bytes) -> None:
    emu, _ = make_emulator()
    async with serve(emu, coordinators=1) as urls, client() as http:
        answer = await http.post(urls[0] + "/_test/body", content=encoded,
                                 headers={"content-encoding": encoding})
        assert answer.json() == {"length": len(BODY), "head": "0123456789abcdef"}
        echo = await http.post(urls[0] + "/_test/echo", content=encoded,
                               headers={"content-encoding": encoding})
        assert "content-encoding" not in echo.json()["headers"]


async def test_undecodable_body_is_a_400() -> None:
    emu, counter = make_emulator()
    async with serve(emu, coordinators=1) as urls, client() as http:
        answer = await http.post(urls[0] + "/_test/counter", content=b"not gzip at all",
                                 headers={"content-encoding": "gzip"})
        assert answer.status_code == 400 and answer.json()["errorNum"] == 400
        assert counter.value == 0


async def test_in_process_decodes_request_bodies() -> None:
    emu, _ = make_emulator()
    http_client = emu.http_client()
    session = http_client.create_session("http://emulator:8529")
    try:
        answer = await http_client.send_request(
            session, "POST", "http://emulator:8529/_test/body", data=zlib.compress(BODY),
            headers={"Content-Encoding": "deflate"}, auth=("root", ""))
        assert answer.body["length"] == len(BODY)
    finally:
        await http_client.close_session(session)


async def test_answers_are_compressed_over_the_threshold_only() -> None:
    emu, _ = make_emulator()
    async with serve(emu, coordinators=1, compress_response_threshold=1000) as urls, \
            client() as http:
        big = await http.get(urls[0] + "/_test/echo/" + "x" * 2000,
                             headers={"accept-encoding": "gzip"})
        assert big.headers["content-encoding"] == "gzip"
        assert big.json()["rest"] == "x" * 2000  # httpx decoded it
        small = await http.get(urls[0] + "/_test/echo/x", headers={"accept-encoding": "gzip"})
        assert "content-encoding" not in small.headers
        plain = await http.get(urls[0] + "/_test/echo/" + "x" * 2000,
                               headers={"accept-encoding": "identity"})
        assert "content-encoding" not in plain.headers
    async with serve(emu, coordinators=1) as urls, client() as http:  # default: never
        big = await http.get(urls[0] + "/_test/echo/" + "x" * 2000,
                             headers={"accept-encoding": "gzip, deflate"})
        assert "content-encoding" not in big.headers
