"""Helpers for the network tests: test routes on an emulator, and a raw HTTP/1.1 reader."""

from __future__ import annotations

import base64
from typing import Any

import anyio
import httpx
from anyio.abc import ByteStream

from arango_anyio.testing._emulator import Emulator
from arango_anyio.testing._protocol.messages import EmuRequest, EmuResponse, json_response

ROOT_AUTH = ("root", "")
AUTH_HEADER = "Basic " + base64.b64encode(b"root:").decode()


class Counter:
    """Server-side state the tests can observe (how often a write was applied)."""

    def __init__(self) -> None:
        self.value = 0


def make_emulator(cls: type[Emulator] = Emulator, **kwargs: Any) -> tuple[Emulator, Counter]:
    """An emulator (of class ``cls``) with the test routes below registered on its router."""
    emu = cls(**kwargs)
    counter = Counter()

    def echo(emu: Emulator, request: EmuRequest, rest: str = "") -> EmuResponse:
        return json_response(200, {
            "path": request.path, "rest": rest, "params": request.params,
            "coordinator": request.coordinator, "method": request.method,
            "headers": request.headers,
        })

    def body(emu: Emulator, request: EmuRequest) -> EmuResponse:
        return json_response(200, {"length": len(request.body),
                                   "head": request.body[:16].decode("latin-1")})

    def increment(emu: Emulator, request: EmuRequest) -> EmuResponse:
        counter.value += 1
        return json_response(201, {"value": counter.value})

    async def sleep(emu: Emulator, request: EmuRequest) -> EmuResponse:
        await anyio.sleep(float(request.params.get("seconds", "0.2")))
        counter.value += 1
        return json_response(200, {"slept": True})

    emu.router.add("*", "/_test/echo", echo)
    emu.router.add("*", "/_test/echo/{rest*}", echo)
    emu.router.add("*", "/_test/body", body)
    emu.router.add("POST", "/_test/counter", increment)
    emu.router.add("GET", "/_test/sleep", sleep)
    return emu, counter


def client(**kwargs: Any) -> httpx.AsyncClient:
    """An httpx client that authenticates as root and never waits long."""
    return httpx.AsyncClient(auth=ROOT_AUTH, timeout=10.0, **kwargs)


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


async def read_response(stream: ByteStream, buffer: bytearray,
                        head_only: bool = False) -> tuple[int, dict[str, str], bytes]:
    """Read one HTTP/1.1 response (Content-Length framing) from a raw stream."""
    with anyio.fail_after(5):
        while b"\r\n\r\n" not in buffer:
            buffer += await stream.receive()
        head, _, rest = bytes(buffer).partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ")[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = 0 if head_only else int(headers.get("content-length", "0"))
        buffer[:] = rest
        while len(buffer) < length:
            buffer += await stream.receive()
        body = bytes(buffer[:length])
        del buffer[:length]
        return status, headers, body


async def read_to_eof(stream: ByteStream) -> bytes:
    """Everything until the peer closes (bounded by a timeout)."""
    data = b""
    with anyio.fail_after(5):
        while True:
            try:
                data += await stream.receive()
            except (anyio.EndOfStream, anyio.BrokenResourceError):
                return data
