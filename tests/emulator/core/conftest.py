"""Fixtures for the emulator core tests: an emulator and a raw HTTP helper bound to it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from arango_anyio.response import Response
from arango_anyio.testing import Emulator

BASE = "http://emu:8529"


class Api:
    """Raw HTTP calls to an emulator through its in-process HTTPClient."""

    def __init__(self, emu: Emulator, host: str = BASE,
                 auth: tuple[str, str] | None = ("root", "")) -> None:
        self.emu = emu
        self.client = emu.http_client()
        self.host = host
        self.session = self.client.create_session(host)
        self.auth = auth

    def as_user(self, username: str, password: str) -> Api:
        """Another helper using the same coordinator session but other credentials."""
        other = Api.__new__(Api)
        other.emu, other.client, other.host = self.emu, self.client, self.host
        other.session, other.auth = self.session, (username, password)
        return other

    def on_host(self, host: str) -> Api:
        """A helper talking to another coordinator (another host) of the same emulator."""
        other = Api.__new__(Api)
        other.emu, other.client, other.host, other.auth = self.emu, self.client, host, self.auth
        other.session = self.client.create_session(host)
        return other

    async def call(self, method: str, path: str, body: Any = None, *,
                   headers: dict[str, str] | None = None, raw: str | bytes | None = None,
                   auth: tuple[str, str] | bool | None = True) -> Response:
        """Send one request; ``body`` is JSON-encoded unless ``raw`` is given."""
        data = raw if raw is not None else (None if body is None else json.dumps(body))
        use_auth = self.auth if auth is True else (None if auth is False else auth)
        return await self.client.send_request(
            self.session, method, self.host + path, headers=headers, data=data,
            auth=use_auth)

    async def ok(self, method: str, path: str, body: Any = None, **kw: Any) -> Any:
        """Send a request that must succeed (2xx); returns the parsed body."""
        response = await self.call(method, path, body, **kw)
        assert response.is_success, (response.status_code, response.body)
        return response.body


@pytest.fixture
def emu() -> Emulator:
    return Emulator()


@pytest.fixture
def api(emu: Emulator) -> Api:
    return Api(emu)


def error_of(response: Response) -> tuple[int, int | None]:
    """``(status, errorNum)`` of an answer."""
    return response.status_code, response.error_code
