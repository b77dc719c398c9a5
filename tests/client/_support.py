"""Helpers for the foundation tests: a counting HTTP client and raw requests."""

from __future__ import annotations

import socket
from collections import Counter
from collections.abc import MutableMapping
from typing import Any

import httpx

from arango_anyio.http import Headers
from arango_anyio.request import Request
from arango_anyio.response import Response
from arango_anyio.testing import Emulator, EmulatorHTTPClient


class CountingHTTPClient(EmulatorHTTPClient):
    """The emulator's in-process HTTP client, counting requests by (method, path) and host."""

    def __init__(self, emulator: Emulator) -> None:
        super().__init__(emulator)
        self.calls: Counter[tuple[str, str]] = Counter()
        self.hosts: Counter[str] = Counter()
        self.headers_seen: list[dict[str, str]] = []

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
        self.calls[(method, path)] += 1
        self.hosts[url.split("/", 3)[2]] += 1
        self.headers_seen.append(dict(headers or {}))
        return await super().send_request(session, method, url, headers, params, data, auth)


def closed_port() -> int:
    """A TCP port on 127.0.0.1 with nothing listening (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def raw(method: str, endpoint: str, data: Any = None, **kwargs: Any) -> Request:
    """A request as API groups build them."""
    return Request(method, endpoint, data=data, **kwargs)
