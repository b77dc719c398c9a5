"""Handing a request's answer over to someone else when its caller is cancelled.

A request that creates server-side state (a cursor, a stream transaction) must not lose its
answer when the caller is cancelled after the request was sent: without the answer nobody
learns the id, and the state stays on the server until it times out. For such a request the
connection sets :data:`HANDOFF` to a fresh :class:`Handoff` around the send. If the caller is
cancelled while the answer is awaited, the transport leaves the connection open and checked
out, and stores in :attr:`Handoff.resume` a coroutine function that finishes reading the
answer; the connection runs it in the client's task group and cleans up.

If no byte of the answer arrives within :data:`ANSWER_GRACE`, the server is still working
(a long query, a transaction waiting for its locks): the resume function hangs up instead,
and ArangoDB stops the work of a client that is gone (it kills the query, gives up the lock
wait), so nothing is created. An answer that has started arriving is read to its end.

Nothing is paid on the normal path: the variable is read only while a cancellation
propagates.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextvars import ContextVar

#: Seconds a handed-over request waits for the first byte of its answer before hanging up.
ANSWER_GRACE = 0.25


class Handoff:
    """Where a cancelled request leaves the rest of its work.

    :ivar resume: None, or a coroutine function that completes the interrupted request and
        returns its answer (set by the layer that was interrupted, as that layer's record; the
        layers above it turn it into theirs with :meth:`then`, so the connection receives a
        :class:`~arango_anyio.response.Response`).
    """

    __slots__ = ("resume",)

    def __init__(self) -> None:
        self.resume: Callable[[], Awaitable[object]] | None = None

    def then(self, convert: Callable[[object], object]) -> None:
        """Make ``resume`` return ``convert(answer)`` instead of the answer."""
        inner = self.resume
        if inner is None:
            return

        async def resume() -> object:
            return convert(await inner())

        self.resume = resume


#: The handoff of the request being sent in this task, if it wants one.
HANDOFF: ContextVar[Handoff | None] = ContextVar("arango_anyio_handoff", default=None)
