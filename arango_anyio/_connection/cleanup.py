"""Nothing left behind: removing what a cancelled call created on the server.

A request that creates server-side state (a cursor, a stream transaction) names its undo:
``Request.cleanup`` turns its answer into the request that removes the state. When the caller
is cancelled after such a request was sent, the answer is still read -- in the client's task
group, shielded and bounded by :data:`~arango_anyio._connection.background.CLEANUP_TIMEOUT` --
and the undo is sent.

The caller sends the request itself (nothing is paid unless it is cancelled). When it is
cancelled while the answer is awaited, the HTTP layer hands the rest of the request over
(:mod:`arango_anyio._transport.handoff`): the default transport leaves the half-read
connection checked out, the emulator's in-process client passes the answer it holds, and
:meth:`Cleanups.adopt` finishes the read and sends the undo. An HTTP client that hands
nothing over loses the answer, as before; the server then drops the cursor or transaction
when its ttl or idle timeout ends.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Protocol

import anyio

from arango_anyio._connection import events
from arango_anyio._connection.background import CLEANUP, CLEANUP_TIMEOUT, Background
from arango_anyio._transport.deadline import CALL_DEADLINE
from arango_anyio._transport.errors import ServerStillWorking
from arango_anyio.exceptions import ArangoError
from arango_anyio.request import Request
from arango_anyio.response import Response


class Sender(Protocol):
    """What sends the undo requests (the connection): with the client's timeout and retries,
    even while the client is closing."""

    async def send(self, request: Request, *, internal: bool = ...) -> Response: ...


class Cleanups:
    """Clean-ups after cancelled calls, run in the client's task group."""

    def __init__(self, background: Background) -> None:
        self._background = background

    # -- the default HTTP layer: a handed-over answer ----------------------------------------

    def adopt(self, sender: Sender, request: Request, host: str,
              resume: Callable[[], Awaitable[object]]) -> None:
        """The caller of ``request`` was cancelled while its answer from ``host`` was
        awaited: finish reading it (``resume``) and undo what it created."""
        started = self._background.start_bounded(
            CLEANUP, partial(self._finish, sender, request, host, resume), bound=CLEANUP_TIMEOUT)
        if started is None:  # the client is closing: its transport closes the connection
            events.cleanup_failed(_what(request), host, "the client is closing")

    async def _finish(self, sender: Sender, request: Request, host: str,
                      resume: Callable[[], Awaitable[object]]) -> bool:
        token = CALL_DEADLINE.set(anyio.current_time() + CLEANUP_TIMEOUT)
        try:
            answer = await resume()
        except ServerStillWorking as exc:
            events.cleanup(f"{_what(request)}: {exc}", host)
            return True
        except Exception as exc:
            events.cleanup_failed(_what(request), host, f"its answer was lost: {exc}")
            return False
        finally:
            CALL_DEADLINE.reset(token)
        if not isinstance(answer, Response):
            return False
        answer.host = host
        return await self.undo(sender, request, answer)

    # -- the undo -----------------------------------------------------------------------------

    async def undo(self, sender: Sender, request: Request, response: Response) -> bool:
        """Send the request that removes what ``request`` created (per ``response``). False
        when it could not be removed."""
        make_undo = request.cleanup
        if make_undo is None or not response.is_success:
            return True
        try:
            undo = make_undo(response)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            events.cleanup_failed(_what(request), response.host, f"unreadable answer: {exc}")
            return False
        if undo is None:
            return True
        what = f"{undo.method} {undo.endpoint}"
        try:
            answer = await sender.send(undo, internal=True)
        except ArangoError as exc:
            events.cleanup_failed(what, undo.host, str(exc))
            return False
        if answer.is_success or answer.status_code == 404:  # 404: it was gone already
            events.cleanup(what, answer.host)
            return True
        events.cleanup_failed(what, answer.host, f"HTTP {answer.status_code}")
        return False


def _what(request: Request) -> str:
    return f"what {request.method} {request.endpoint} created"
