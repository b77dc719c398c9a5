"""Helpers for the AQL endpoint tests: a small JSON client over ``emu.http_client()``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from arango_anyio import _serde
from arango_anyio.testing import Emulator
from arango_anyio.testing._frontends.inprocess import EmulatorHTTPClient


class Api:
    """Sends JSON requests as root to one coordinator (host) of an emulator."""

    def __init__(self, http: EmulatorHTTPClient, session: Any, host: str) -> None:
        self._http = http
        self._session = session
        self.host = host

    async def call(self, method: str, path: str, body: Any = None,
                   headers: dict[str, str] | None = None) -> tuple[int, Any]:
        """Send one request; ``(status, parsed JSON body)``."""
        data = None if body is None else _serde.dumps(body)
        answer = await self._http.send_request(
            self._session, method, self.host + path, headers=headers, data=data,
            auth=("root", ""))
        return answer.status_code, answer.body

    async def query(self, query: str, **body: Any) -> tuple[int, Any]:
        """``POST /_api/cursor`` with ``query`` and the other body attributes."""
        return await self.call("POST", "/_api/cursor", {"query": query, **body})


@asynccontextmanager
async def api(emu: Emulator, *hosts: str) -> AsyncIterator[list[Api]]:
    """One :class:`Api` per host (each host is its own coordinator)."""
    http = emu.http_client()
    names = hosts or ("http://c0:8529",)
    sessions = [http.create_session(h) for h in names]
    try:
        yield [Api(http, s, h) for s, h in zip(sessions, names, strict=True)]
    finally:
        for s in sessions:
            await http.close_session(s)
