"""A recording HTTP client: the in-process emulator client, remembering every request it sends.

Shared by the API tests (``tests/api/aql``, ``collections``, ``graphs``) and the reliability
tests, which read back what the client put on the wire.
"""

from __future__ import annotations

import json
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

import anyio
import httpx

from arango_anyio.http import Headers
from arango_anyio.response import Response
from arango_anyio.testing import Emulator, EmulatorHTTPClient


@dataclass
class Sent:
    """One request as it left the client."""

    method: str
    url: str
    #: the query parameters passed beside the URL
    params: dict[str, str]
    #: the headers, names as the client spelled them
    headers: dict[str, str]
    #: the body as sent (``str``, ``bytes`` or ``None``)
    data: str | bytes | None

    @property
    def body(self) -> Any:
        """The body parsed as JSON (``None`` when there is none)."""
        return json.loads(self.data) if self.data else None

    @property
    def lower_headers(self) -> dict[str, str]:
        """The headers with lower-cased names."""
        return {k.lower(): v for k, v in self.headers.items()}

    @property
    def path(self) -> str:
        return httpx.URL(self.url).path

    @property
    def host(self) -> str:
        """The host the request went to, e.g. ``http://c1:8529``."""
        return str(httpx.URL(self.url).copy_with(path="/", query=None)).rstrip("/")


class RecordingHTTPClient(EmulatorHTTPClient):
    """The in-process emulator client, remembering every request it sends."""

    def __init__(self, emulator: Emulator) -> None:
        super().__init__(emulator)
        self.sent: list[Sent] = []
        #: seconds every request is held before it is handled (to make overlaps visible)
        self.delay = 0.0
        #: requests in flight now, and the most seen in flight at once
        self.in_flight = 0
        self.max_in_flight = 0
        #: the same, per x-arango-trx-id ("" for requests outside a transaction)
        self.in_flight_per_trx: dict[str, int] = {}
        self.max_in_flight_per_trx: dict[str, int] = {}

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
        sent = Sent(method, url, dict(params or {}), dict(headers or {}), data)
        self.sent.append(sent)
        trx = sent.lower_headers.get("x-arango-trx-id", "")
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        self.in_flight_per_trx[trx] = self.in_flight_per_trx.get(trx, 0) + 1
        self.max_in_flight_per_trx[trx] = max(self.max_in_flight_per_trx.get(trx, 0),
                                              self.in_flight_per_trx[trx])
        try:
            if self.delay:
                await anyio.sleep(self.delay)
            return await super().send_request(session, method, url, headers, params, data,
                                              auth)
        finally:
            self.in_flight -= 1
            self.in_flight_per_trx[trx] -= 1

    def matching(self, method: str, fragment: str) -> list[Sent]:
        """The requests with ``method`` whose path contains ``fragment``."""
        return [s for s in self.sent if s.method == method and fragment in s.path]

    def last(self, method: str | None = None) -> Sent:
        """The last request sent (with ``method``)."""
        return [s for s in self.sent if method is None or s.method == method][-1]
