"""The loopback server: real HTTP/1.1 over sockets, several coordinators sharing one store."""

from __future__ import annotations

from collections.abc import AsyncIterator

import anyio
import httpx
import pytest

from arango_anyio.testing._frontends.serve import serve
from arango_anyio.testing._protocol.messages import json_response

from ._netutil import AUTH_HEADER, client, make_emulator, port_of, read_response, read_to_eof

pytestmark = pytest.mark.anyio


async def test_urls_endpoints_and_coordinators() -> None:
    emu, _ = make_emulator()
    async with serve(emu, coordinators=3) as urls:
        assert len(urls) == 3 and len({port_of(u) for u in urls}) == 3
        assert all(u.startswith("http://127.0.0.1:") for u in urls)
        assert emu.endpoints == {"c0": urls[0], "c1": urls[1], "c2": urls[2]}
        async with client() as http:
            seen = [(await http.get(u + "/_test/echo")).json()["coordinator"] for u in urls]
        assert seen == ["c0", "c1", "c2"]
    assert emu.endpoints == {}
    with pytest.raises(OSError):  # leaving the block stops listening
        await anyio.connect_tcp("127.0.0.1", port_of(urls[0]))


async def test_keep_alive_serves_several_requests_on_one_connection() -> None:
    emu, _ = make_emulator()
    async with serve(emu, coordinators=1) as urls:
        stream = await anyio.connect_tcp("127.0.0.1", port_of(urls[0]))
        async with stream:
            buffer = bytearray()
            for i in range(3):
                await stream.send(f"GET /_test/echo?i={i} HTTP/1.1\r\nHost: x\r\n"
                                  f"Authorization: {AUTH_HEADER}\r\n\r\n".encode())
                status, headers, body = await read_response(stream, buffer)
                assert status == 200 and headers["connection"] == "Keep-Alive"
                assert f'"i":"{i}"' in body.decode()
            await stream.send(b"GET /_test/echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                              b"Authorization: " + AUTH_HEADER.encode() + b"\r\n\r\n")
            status, headers, _ = await read_response(stream, buffer)
            assert status == 200 and headers["connection"] == "Close"
            assert await read_to_eof(stream) == b""


async def test_pipelined_requests_are_answered_in_order() -> None:
    emu, _ = make_emulator()
    async with serve(emu, coordinators=1) as urls:
        stream = await anyio.connect_tcp("127.0.0.1", port_of(urls[0]))
        async with stream:
            await stream.send(b"".join(
                f"GET /_test/echo?i={i} HTTP/1.1\r\nHost: x\r\nAuthorization: {AUTH_HEADER}"
                f"\r\n\r\n".encode() for i in range(3)))
            buffer = bytearray()
            for i in range(3):
                _, _, body = await read_response(stream, buffer)
                assert f'"i":"{i}"' in body.decode()


async def test_chunked_and_sized_uploads() -> None:
    emu, _ = make_emulator()

    async def chunks() -> AsyncIterator[bytes]:
        for i in range(5):
            yield bytes([65 + i]) * 50_000

    async with serve(emu, coordinators=1) as urls, client() as http:
        answer = await http.post(urls[0] + "/_test/body", content=chunks())
        assert answer.json() == {"length": 250_000, "head": "A" * 16}
        answer = await http.put(urls[0] + "/_test/body", content=b"xyz" * 100_000)
        assert answer.json()["length"] == 300_000


async def test_expect_100_continue() -> None:
    emu, _ = make_emulator()
    async with serve(emu, coordinators=1) as urls:
        stream = await anyio.connect_tcp("127.0.0.1", port_of(urls[0]))
        async with stream:
            await stream.send(b"POST /_test/body HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                              b"Expect: 100-continue\r\nAuthorization: "
                              + AUTH_HEADER.encode() + b"\r\n\r\n")
            buffer = bytearray()
            status, _, _ = await read_response(stream, buffer, head_only=True)
            assert status == 100
            await stream.send(b"abcd")
            status, _, body = await read_response(stream, buffer)
            assert status == 200 and b'"length":4' in body


async def test_head_has_no_body_but_the_length() -> None:
    emu, _ = make_emulator()
    emu.router.add("*", "/_test/fixed",
                   lambda emu, request: json_response(200, {"same": "for every method"}))
    async with serve(emu, coordinators=1) as urls, client() as http:
        get = await http.get(urls[0] + "/_test/fixed")
        head = await http.head(urls[0] + "/_test/fixed")
        assert head.status_code == 200 and head.content == b""
        # the server announces the length of the GET answer (as recorded from ArangoDB)
        assert get.content and head.headers["content-length"] == str(len(get.content))
        assert get.headers["content-type"] == head.headers["content-type"]


async def test_percent_encoded_path_stays_raw_and_params_are_decoded() -> None:
    emu, _ = make_emulator()
    async with serve(emu, coordinators=1) as urls, client() as http:
        answer = await http.get(urls[0] + "/_test/echo/a%2Fb%20c/%C3%A4?x=%20y&z=a%26b&e=")
        body = answer.json()
        assert body["path"] == "/_test/echo/a%2Fb%20c/%C3%A4"
        assert body["rest"] == "a/b c/ä"
        assert body["params"] == {"x": " y", "z": "a&b", "e": ""}


async def test_headers_are_lower_cased_and_answers_carry_server_headers() -> None:
    emu, _ = make_emulator()
    async with serve(emu, coordinators=1) as urls, client() as http:
        answer = await http.get(urls[0] + "/_test/echo", headers={"X-Arango-Thing": "Yes"})
        assert answer.json()["headers"]["x-arango-thing"] == "Yes"
        assert answer.headers["server"] == "ArangoDB"
        assert answer.headers["x-arango-queue-time-seconds"] == "0.000000"
        missing = await http.get(urls[0] + "/_api/no-such-thing")
        assert missing.status_code == 404 and missing.json()["errorNum"] == 404


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b"THIS IS NOT HTTP\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: zz\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nX-Big: " + b"a" * 200_000 + b"\r\n\r\n", 431),
        (b"POST / HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\nabc", 413),
    ],
    ids=["garbage", "bad-length", "huge-head", "huge-body"],
)
async def test_bad_request_heads_are_refused_and_closed(raw: bytes, status: int) -> None:
    emu, _ = make_emulator()
    async with serve(emu, coordinators=1) as urls:
        stream = await anyio.connect_tcp("127.0.0.1", port_of(urls[0]))
        async with stream:
            try:
                await stream.send(raw)
            except anyio.BrokenResourceError:  # the server may close before all is sent
                pass
            data = await read_to_eof(stream)
            assert data.startswith(f"HTTP/1.1 {status} ".encode())
            assert b"connection: Close" in data


async def test_concurrent_clients_on_three_coordinators_share_state() -> None:
    emu, counter = make_emulator()
    async with serve(emu, coordinators=3) as urls:
        answered: list[str] = []

        async def work(http: httpx.AsyncClient, i: int) -> None:
            for j in range(5):
                url = urls[(i + j) % 3]
                assert (await http.post(url + "/_test/counter")).status_code == 201
                answered.append((await http.get(url + "/_test/echo")).json()["coordinator"])

        with anyio.fail_after(20):
            async with client() as http, anyio.create_task_group() as tg:
                for i in range(12):
                    tg.start_soon(work, http, i)
        assert counter.value == 60
        assert sorted(set(answered)) == ["c0", "c1", "c2"]


async def test_fixed_ports_and_leaving_closes_live_connections() -> None:
    emu, _ = make_emulator()
    for _ in range(10):  # find a port whose neighbour is free too
        async with serve(emu, coordinators=1) as first:
            base = port_of(first[0])
        context = serve(emu, coordinators=2, port=base)
        try:
            urls = await context.__aenter__()
            break
        except OSError:
            continue
    else:
        pytest.skip("no two neighbouring free ports found")
    try:
        assert [port_of(u) for u in urls] == [base, base + 1]
        stream = await anyio.connect_tcp("127.0.0.1", base)
        await stream.send(f"GET /_test/echo HTTP/1.1\r\nHost: x\r\nAuthorization: "
                          f"{AUTH_HEADER}\r\n\r\n".encode())
        await read_response(stream, bytearray())
    finally:
        await context.__aexit__(None, None, None)
    async with stream:
        assert await read_to_eof(stream) == b""


async def test_version_route_over_loopback_when_available() -> None:
    emu, _ = make_emulator()
    async with serve(emu, coordinators=2) as urls, client() as http:
        answer = await http.get(urls[1] + "/_api/version")
        if answer.status_code == 404:
            pytest.skip("/_api/version not implemented yet")
        assert answer.json()["server"] == "arango"
        with pytest.raises(httpx.HTTPStatusError):
            (await http.get(urls[1] + "/_api/version", auth=("root", "wrong"))).raise_for_status()


async def test_errors_in_the_block_propagate_unwrapped_and_cancel_works() -> None:
    emu, _ = make_emulator()
    with pytest.raises(KeyError):
        async with serve(emu, coordinators=2):
            raise KeyError("from the block")
    with anyio.move_on_after(0.1) as scope:
        async with serve(emu, coordinators=2):
            await anyio.sleep(10)
    assert scope.cancelled_caught and emu.endpoints == {}


async def test_http_1_0_closes_after_the_answer() -> None:
    emu, _ = make_emulator()
    async with serve(emu, coordinators=1) as urls:
        stream = await anyio.connect_tcp("127.0.0.1", port_of(urls[0]))
        async with stream:
            await stream.send(f"GET /_test/echo HTTP/1.0\r\nAuthorization: {AUTH_HEADER}"
                              f"\r\n\r\n".encode())
            data = await read_to_eof(stream)
            assert data.startswith(b"HTTP/1.1 200 OK\r\n") and b"connection: Close" in data


async def test_idle_connections_are_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    from arango_anyio.testing._frontends import http_connection as _http_server

    monkeypatch.setattr(_http_server, "IDLE_TIMEOUT", 0.1)
    emu, _ = make_emulator()
    async with serve(emu, coordinators=1) as urls:
        stream = await anyio.connect_tcp("127.0.0.1", port_of(urls[0]))
        async with stream:
            assert await read_to_eof(stream) == b""


def test_head_answer_keeps_the_announced_length() -> None:
    from arango_anyio.testing._frontends.http_connection import encode_response
    from arango_anyio.testing._protocol.messages import EmuResponse

    stripped = EmuResponse(200, b"", {"content-length": "76", "x-a": "b\r\nInjected: 1"})
    wire = encode_response(stripped, head_only=True, keep_alive=True)
    assert wire.endswith(b"content-length: 76\r\nconnection: Keep-Alive\r\n\r\n")
    assert b"\r\nInjected" not in wire  # header values never split the head
    full = encode_response(EmuResponse(200, b"abc", {"content-length": "999"}),
                           head_only=False, keep_alive=False)
    assert full.endswith(b"content-length: 3\r\nconnection: Close\r\n\r\nabc")


async def test_localhost_and_ipv6_hosts() -> None:
    emu, _ = make_emulator()
    async with serve(emu, coordinators=1, host="localhost") as urls, client() as http:
        assert urls[0].startswith("http://localhost:")
        assert (await http.get(urls[0] + "/_test/echo")).status_code == 200
    try:
        context = serve(emu, coordinators=1, host="::1")
        urls = await context.__aenter__()
    except OSError:
        pytest.skip("no IPv6 loopback here")
    try:
        assert urls[0].startswith("http://[::1]:")
        async with client() as http:
            assert (await http.get(urls[0] + "/_test/echo")).status_code == 200
    finally:
        await context.__aexit__(None, None, None)
