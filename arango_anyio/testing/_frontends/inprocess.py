"""An :class:`~arango_anyio.http.HTTPClient` whose sessions reach an emulator in-process."""

from __future__ import annotations

import base64
from collections.abc import MutableMapping
from http import HTTPStatus
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

import anyio
import httpx

from arango_anyio.http import Headers, HTTPClient, RequestMaybeSent, RequestNotSent, TransportError
from arango_anyio.response import Response
from arango_anyio.testing._protocol.messages import EmuRequest, EmuResponse
from arango_anyio.testing._server.faults import DropConnection

if TYPE_CHECKING:
    from arango_anyio.testing._server.deployment import Deployment


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


async def _call(emulator: Deployment, request: EmuRequest) -> EmuResponse:
    """Run one request, turning injected connection faults into the exceptions of the
    HTTPClient contract (:mod:`arango_anyio.http`): refused means not sent, reset maybe sent.

    Every request passes a checkpoint first, as a socket round trip would: the caller's
    cancel scopes act, and other tasks get a turn, even when the answer is immediate."""
    await anyio.lowlevel.checkpoint()
    if emulator.faults.is_down(request.coordinator):
        raise RequestNotSent(f"connection refused by coordinator {request.coordinator}",
                             stage="connecting")
    try:
        return await emulator.handle(request)
    except DropConnection as drop:
        if drop.refused:
            raise RequestNotSent("connection refused (fault injection)",
                                 stage="connecting") from None
        raise RequestMaybeSent("connection reset by peer (fault injection)",
                               stage="reading") from None


class _EmulatorTransport(httpx.AsyncBaseTransport):
    """The httpx transport behind each session, for users who call the session directly."""

    def __init__(self, emulator: Deployment, coordinator: str) -> None:
        self._emulator = emulator
        self._coordinator = coordinator

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        emu_request = EmuRequest(
            request.method,
            request.url.raw_path.split(b"?", 1)[0].decode("ascii"),
            dict(parse_qsl(request.url.query.decode("ascii"), keep_blank_values=True)),
            {k.lower(): v for k, v in request.headers.items()},
            body,
            self._coordinator,
        )
        try:
            answer = await _call(self._emulator, emu_request)
        except TransportError as exc:  # httpx's own exceptions for httpx's callers
            raise exc.as_httpx() from exc
        return httpx.Response(answer.status, headers=answer.headers, content=answer.body)


class EmulatorHTTPClient(HTTPClient):
    """Sessions routed to an :class:`Emulator` without sockets.

    Each distinct host gets its own coordinator (``c0``, ``c1``, ... in order of first use), so
    several hosts behave like the coordinators of a cluster sharing one store.
    """

    def __init__(self, emulator: Deployment) -> None:
        self._emulator = emulator
        self._hosts: dict[str, str] = {}
        self._sessions: dict[int, str] = {}

    def coordinator_for(self, host: str) -> str:
        """The coordinator id that ``host`` is routed to."""
        host = host.rstrip("/")
        if host not in self._hosts:
            coordinator = self._emulator.coordinator_id(len(self._hosts))
            self._hosts[host] = coordinator
            # /_api/cluster/endpoints reports the hosts (unless serve() already filled it)
            self._emulator.endpoints.setdefault(coordinator, host)
        return self._hosts[host]

    def create_session(self, host: str) -> httpx.AsyncClient:
        coordinator = self.coordinator_for(host)
        session = httpx.AsyncClient(
            base_url=host, transport=_EmulatorTransport(self._emulator, coordinator)
        )
        self._sessions[id(session)] = coordinator
        return session

    async def close_session(self, session: httpx.AsyncClient) -> None:
        self._sessions.pop(id(session), None)
        await session.aclose()

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
        coordinator = self._sessions.get(id(session))
        if coordinator is None:  # a session this client did not make: take the slow path
            response = await session.request(
                method, url, params=params, content=data, headers=headers, auth=auth
            )
            return Response(method, str(response.url), response.headers, response.status_code,
                            response.reason_phrase, response.content)
        parts = urlsplit(url)
        query = dict(parse_qsl(parts.query, keep_blank_values=True)) if parts.query else {}
        if params:
            query.update({k: str(v) for k, v in params.items()})
        hdrs = {k.lower(): v for k, v in headers.items()} if headers else {}
        if auth is not None:
            token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
            hdrs["authorization"] = f"Basic {token}"
        body = data.encode() if isinstance(data, str) else (data or b"")
        answer = await _call(
            self._emulator, EmuRequest(method, parts.path or "/", query, hdrs, body, coordinator)
        )
        return Response(method, url, answer.headers, answer.status, _reason(answer.status),
                        answer.body)
