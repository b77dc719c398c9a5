"""Fixtures for the search tests: an emulator and a small JSON helper over its in-process
HTTP client (every async test runs under asyncio and trio)."""

from __future__ import annotations

from typing import Any

import pytest

from arango_anyio import _serde
from arango_anyio.testing import Emulator

HOST = "http://emu:8529"


class QueryError(Exception):
    """A query the emulator refused: ``status``, ``error_num``, ``message``."""

    def __init__(self, status: int, error_num: int, message: str) -> None:
        super().__init__(f"[{status}][{error_num}] {message}")
        self.status = status
        self.error_num = error_num
        self.message = message


class Search:
    """JSON calls to one emulator as root."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.http = emu.http_client()
        self.session = self.http.create_session(HOST)

    async def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        """One request; ``(status, parsed body)``."""
        data = None if body is None else _serde.dumps(body)
        answer = await self.http.send_request(self.session, method, HOST + path, data=data,
                                              auth=("root", ""))
        return answer.status_code, answer.body

    async def ok(self, method: str, path: str, body: Any = None) -> Any:
        """A request that must succeed."""
        status, answer = await self.call(method, path, body)
        assert status < 300, (status, answer)
        return answer

    async def query(self, aql: str, **bind_vars: Any) -> list[Any]:
        """Every result of ``aql`` (raises :class:`QueryError` when refused)."""
        status, answer = await self.call("POST", "/_api/cursor",
                                         {"query": aql, "bindVars": bind_vars,
                                          "batchSize": 1000})
        if status >= 300:
            raise QueryError(status, answer["errorNum"], answer["errorMessage"])
        return list(answer["result"])

    async def refused(self, aql: str, **bind_vars: Any) -> QueryError:
        """The error ``aql`` is refused with."""
        try:
            await self.query(aql, **bind_vars)
        except QueryError as error:
            return error
        raise AssertionError(f"query was not refused: {aql}")

    async def collection(self, name: str, docs: list[dict[str, Any]] | None = None) -> None:
        """Create collection ``name`` holding ``docs``."""
        await self.ok("POST", "/_api/collection", {"name": name})
        if docs:
            await self.ok("POST", f"/_api/document/{name}", list(docs))

    async def analyzer(self, name: str, kind: str, properties: dict[str, Any] | None = None,
                       features: list[str] | None = None) -> Any:
        """Create an analyzer."""
        return await self.ok("POST", "/_api/analyzer", {
            "name": name, "type": kind, "properties": properties or {},
            "features": features or []})

    async def view(self, name: str, links: dict[str, Any], **props: Any) -> Any:
        """Create an arangosearch view with ``links``."""
        return await self.ok("POST", "/_api/view", {"name": name, "type": "arangosearch",
                                                    "links": links, **props})


@pytest.fixture
def search() -> Search:
    """A fresh emulator with the JSON helper."""
    return Search(Emulator())
