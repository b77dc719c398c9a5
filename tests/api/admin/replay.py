"""A replay :class:`~arango_anyio.http.HTTPClient` for testing request building and answer
parsing against real ArangoDB answers.

Each expected :class:`Exchange` holds one request and its answer: either a real pair recorded
against ArangoDB 3.12.10 (``recorded(example, seq)``, from
``tests/conformance/data/recorded-3.12.jsonl``) or, where nothing was recorded, the answer the
reference documentation gives (``documented(...)``, with the page it comes from). When the
client sends a request, the replay client checks it against the next expected exchange —
method, path (percent-decoded, ``/_db/{name}`` prefix compared separately), query arguments
and body (JSON compared as values; an empty body equals ``{}``) — and answers with the
expected response. Anything unexpected raises ``AssertionError``.
"""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import AsyncIterator, MutableMapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import httpx
import pytest

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.http import HTTPClient
from arango_anyio.response import Response
from tests.conftest import RECORDED_ANSWERS

ANY = object()
"""Use as ``request_body`` to accept any body."""

_RECORDINGS_NAME = "recorded-3.12.jsonl"


def _find_recordings() -> Path | None:
    env = os.environ.get("ARANGO_CONFORMANCE")
    if env:
        return Path(env)
    return RECORDED_ANSWERS


@cache
def _recordings() -> dict[tuple[str, int], dict[str, Any]]:
    path = _find_recordings()
    if path is None or not path.exists():
        pytest.skip(f"{_RECORDINGS_NAME} not found (set ARANGO_CONFORMANCE)")
    out: dict[tuple[str, int], dict[str, Any]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                record = json.loads(line)
                out[(record["example"], int(record["seq"]))] = record
    return out


def _split_db(path: str) -> tuple[str | None, str]:
    """``/_db/x/_api/y`` -> ``("x", "/_api/y")``; no prefix -> ``(None, path)``."""
    if path.startswith("/_db/"):
        rest = path[len("/_db/"):]
        name, _, tail = rest.partition("/")
        return name, "/" + tail
    return None, path


def _normalize_path(path: str) -> str:
    path = unquote(path)
    return path.rstrip("/") or "/"


def _parse_body(body: str | bytes | None) -> Any:
    if body is None:
        return None
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    if not text.strip():
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return None if value == {} else value


@dataclass
class Exchange:
    """One expected request and the answer to give it."""

    method: str
    path: str
    query: dict[str, str]
    request_body: Any
    status: int
    reason: str
    response_headers: dict[str, str]
    response_body: str
    source: str
    db: str | None = None
    #: Query arguments the client may add with these values although the source does not
    #: show them (e.g. python-arango's explicit ``details=false``).
    optional_query: dict[str, str] = field(default_factory=dict)

    def check(self, method: str, url: str, params: MutableMapping[str, str] | None,
              data: str | bytes | None) -> None:
        """Raise ``AssertionError`` unless the request matches this exchange."""
        where = f"[{self.source}]"
        split = urlsplit(url)
        db, path = _split_db(unquote(split.path))
        assert method.upper() == self.method, (
            f"{where} method {method} != expected {self.method}")
        assert _normalize_path(path) == _normalize_path(self.path), (
            f"{where} path {path!r} != expected {self.path!r}")
        if self.db is not None:
            assert db == self.db, f"{where} database {db!r} != expected {self.db!r}"
        sent_query = dict(parse_qsl(split.query, keep_blank_values=True))
        sent_query.update(params or {})
        for key, value in self.optional_query.items():
            if sent_query.get(key) == value and key not in self.query:
                del sent_query[key]
        assert sent_query == self.query, (
            f"{where} query {sent_query} != expected {self.query}")
        if self.request_body is not ANY:
            sent = _parse_body(data)
            assert sent == self.request_body, (
                f"{where} body {sent!r} != expected {self.request_body!r}")

    def response(self, method: str, url: str) -> Response:
        """The answer, as an HTTP client would return it."""
        return Response(method, url, dict(self.response_headers), self.status, self.reason,
                        self.response_body.encode("utf-8"))


def recorded(example: str, seq: int = 0, **overrides: Any) -> Exchange:
    """The exchange recorded against ArangoDB 3.12.10 as ``example``/``seq``.

    ``overrides`` replace fields (e.g. ``optional_query``); say why in the test.
    """
    record = _recordings()[(example, seq)]
    request, response = record["request"], record["response"]
    split = urlsplit(request["url"])
    db, path = _split_db(unquote(split.path))
    exchange = Exchange(
        method=request["method"].upper(),
        path=path,
        query=dict(parse_qsl(split.query, keep_blank_values=True)),
        request_body=_parse_body(request["body"]),
        status=int(response["status"]),
        reason=response["reason"],
        response_headers=dict(response["headers"]),
        response_body=response["body"] or "",
        source=f"recorded {example}#{seq}",
        db=db,
    )
    for key, value in overrides.items():
        setattr(exchange, key, value)
    return exchange


def documented(
    method: str,
    path: str,
    *,
    source: str,
    status: int = 200,
    body: Any = None,
    text: str | None = None,
    query: dict[str, str] | None = None,
    request_body: Any = None,
    content_type: str = "application/json",
    optional_query: dict[str, str] | None = None,
) -> Exchange:
    """An exchange taken from the reference documentation (no recording exists).

    :param source: the reference page (and section) the answer comes from.
    :param body: the documented answer (JSON value), or ``text`` for a non-JSON answer.
    """
    return Exchange(
        method=method.upper(),
        path=path,
        query=dict(query or {}),
        request_body=request_body,
        status=status,
        reason={200: "OK", 201: "Created", 202: "Accepted", 400: "Bad Request",
                401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
                501: "Not Implemented", 503: "Service Unavailable"}.get(status, "?"),
        response_headers={"content-type": content_type, "server": "ArangoDB"},
        response_body=text if text is not None else ("" if body is None else json.dumps(body)),
        source=f"documented {source}",
        optional_query=dict(optional_query or {}),
    )


def _no_io(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"the replay session was used directly for {request.url}")


class ReplayHTTPClient(HTTPClient):
    """Answers each request with the next expected exchange after checking it."""

    def __init__(self, *exchanges: Exchange) -> None:
        self.pending: deque[Exchange] = deque(exchanges)
        #: Every request sent: (method, url, headers, params, body).
        self.sent: list[tuple[str, str, dict[str, str], dict[str, str], str | bytes | None]] = []

    def expect(self, *exchanges: Exchange) -> None:
        """Queue more expected exchanges."""
        self.pending.extend(exchanges)

    def create_session(self, host: str) -> httpx.AsyncClient:
        # Never used for I/O; a mock transport avoids building an SSL context per client.
        return httpx.AsyncClient(base_url=host, transport=httpx.MockTransport(_no_io))

    async def send_request(
        self,
        session: httpx.AsyncClient,
        method: str,
        url: str,
        headers: MutableMapping[str, str] | None = None,
        params: MutableMapping[str, str] | None = None,
        data: str | bytes | None = None,
        auth: tuple[str, str] | None = None,
    ) -> Response:
        self.sent.append((method, url, dict(headers or {}), dict(params or {}), data))
        if not self.pending:
            raise AssertionError(f"unexpected request {method} {url} (no exchange left)")
        exchange = self.pending.popleft()
        exchange.check(method, url, params, data)
        return exchange.response(method, url)

    def assert_done(self) -> None:
        """Every expected exchange was used."""
        left = [e.source for e in self.pending]
        assert not left, f"expected requests not sent: {left}"


@asynccontextmanager
async def replay_db(*exchanges: Exchange, db_name: str = "_system",
                    password: str = "") -> AsyncIterator[tuple[StandardDatabase,
                                                                ReplayHTTPClient]]:
    """A database handle whose requests are answered by ``exchanges`` (all must be used)."""
    replay = ReplayHTTPClient(*exchanges)
    async with ArangoClient(hosts="http://localhost:8529", http_client=replay,
                            max_retries=0) as client:
        db = await client.db(db_name, username="root", password=password)
        yield db, replay
    replay.assert_done()
