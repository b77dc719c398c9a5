"""A query the server kills because the propagated deadline ran out ends as that deadline:
the caller's own cancellation, or RequestTimeoutError for request_timeout — never
AQLQueryExecuteError. Here the HTTP layer shields each request, so only the server's "query
killed" answer can end the call (as with a server whose answer arrives first)."""

from __future__ import annotations

from collections.abc import MutableMapping

import anyio
import httpx
import pytest

from arango_anyio import ArangoClient, Response
from arango_anyio.errno import QUERY_KILLED
from arango_anyio.exceptions import AQLQueryExecuteError, RequestTimeoutError
from arango_anyio.http import Headers
from arango_anyio.testing import Emulator, EmulatorHTTPClient

pytestmark = [pytest.mark.anyio, pytest.mark.emulator_only]

HEAVY = "FOR i IN 1..3000000 FILTER i % 7 == 3 RETURN i"


class ServerAnswersFirst(EmulatorHTTPClient):
    """Requests the caller's cancel scopes cannot interrupt: the answer always arrives."""

    async def send_request(
        self, session: httpx.AsyncClient, method: str, url: str,
        headers: Headers | None = None, params: MutableMapping[str, str] | None = None,
        data: str | bytes | None = None, auth: tuple[str, str] | None = None,
    ) -> Response:
        with anyio.CancelScope(shield=True):
            response = await super().send_request(session, method, url, headers, params, data,
                                                  auth)
        return response


async def test_the_callers_scope_swallows_a_kill_at_its_deadline() -> None:
    emu = Emulator()
    async with ArangoClient(hosts="http://e:8529", http_client=ServerAnswersFirst(emu)) as c:
        db = await c.db("_system", username="root", password="")
        with anyio.move_on_after(0.1) as scope:
            await db.aql.execute(HEAVY)
        assert scope.cancelled_caught
        with pytest.raises(TimeoutError):
            with anyio.fail_after(0.1):
                await db.aql.execute(HEAVY)
        assert emu.running_queries() == []


async def test_request_timeout_turns_a_kill_at_its_deadline_into_request_timeout() -> None:
    emu = Emulator()
    async with ArangoClient(hosts="http://e:8529", http_client=ServerAnswersFirst(emu),
                            request_timeout=0.1) as client:
        db = await client.db("_system", username="root", password="")
        with pytest.raises(RequestTimeoutError) as caught:
            await db.aql.execute(HEAVY)
        assert "request_timeout" in str(caught.value)


async def test_a_kill_for_the_callers_own_max_runtime_stays_an_error() -> None:
    emu = Emulator()
    async with ArangoClient(hosts="http://e:8529", http_client=ServerAnswersFirst(emu)) as c:
        db = await c.db("_system", username="root", password="")
        with anyio.fail_after(5), pytest.raises(AQLQueryExecuteError) as caught:
            await db.aql.execute(HEAVY, max_runtime=0.05)
        assert caught.value.error_code == QUERY_KILLED
