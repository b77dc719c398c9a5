"""Fixtures for the emulator's gharial tests: raw HTTP to an in-process emulator, and the
server's "social" example graph."""

from __future__ import annotations

import json
from typing import Any

import pytest

from arango_anyio.response import Response
from arango_anyio.testing import Emulator

SOCIAL = {"name": "social",
          "edgeDefinitions": [{"collection": "relation", "from": ["female", "male"],
                               "to": ["female", "male"]}]}
SOCIAL_VERTICES = (("female", "alice"), ("female", "diana"), ("male", "bob"),
                   ("male", "charly"))
SOCIAL_EDGES = (("aliceAndBob", "female/alice", "male/bob", "married"),
                ("aliceAndCharly", "female/alice", "male/charly", "friend"),
                ("charlyAndDiana", "male/charly", "female/diana", "married"),
                ("bobAndDiana", "male/bob", "female/diana", "friend"))


class Api:
    """Raw requests to ``emu`` as root (or another user)."""

    def __init__(self, emu: Emulator, auth: tuple[str, str] = ("root", "")) -> None:
        self.emu = emu
        self.client = emu.http_client()
        self.session = self.client.create_session("http://emu:8529")
        self.auth = auth

    def as_user(self, username: str, password: str) -> Api:
        """The same emulator, other credentials."""
        other = Api(self.emu, (username, password))
        return other

    async def call(self, method: str, path: str, body: Any = None, *,
                   headers: dict[str, str] | None = None) -> Response:
        """One request; ``body`` is sent as JSON."""
        data = None if body is None else json.dumps(body)
        return await self.client.send_request(self.session, method, "http://emu:8529" + path,
                                              headers=headers, data=data, auth=self.auth)

    async def ok(self, method: str, path: str, body: Any = None, **kw: Any) -> Any:
        """A request that must succeed; its body."""
        response = await self.call(method, path, body, **kw)
        assert response.is_success, (response.status_code, response.body)
        return response.body


@pytest.fixture
def emu() -> Emulator:
    return Emulator()


@pytest.fixture
def api(emu: Emulator) -> Api:
    return Api(emu)


async def load_social(api: Api, db: str = "") -> None:
    """ArangoDB's "social" example graph (``examples.loadGraph("social")``)."""
    prefix = f"/_db/{db}" if db else ""
    await api.ok("POST", f"{prefix}/_api/gharial", SOCIAL)
    for collection, key in SOCIAL_VERTICES:
        await api.ok("POST", f"{prefix}/_api/gharial/social/vertex/{collection}",
                     {"_key": key, "name": key.title()})
    for key, src, dst, kind in SOCIAL_EDGES:
        await api.ok("POST", f"{prefix}/_api/gharial/social/edge/relation",
                     {"_key": key, "_from": src, "_to": dst, "type": kind})


def error_of(response: Response) -> tuple[int, int | None]:
    """``(status, errorNum)``."""
    return response.status_code, response.error_code
