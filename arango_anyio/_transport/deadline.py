"""The deadline of the API call in progress, enforced only where the call waits.

A cancel scope around every call costs about 8 µs on asyncio and 17 µs on trio, a tenth of a
request; most requests never wait long enough to need it. So when the client's HTTP layer is
the default one, the connection does not open a scope per call: it sets the call's deadline
here, and each place the default transport can wait (a socket not ready, a full pool, a
connection being opened, a JWT being fetched by another task) waits inside a cancel scope with
that deadline. The timeout is still a cancel scope; it is just opened only when there is
something to wait for. When it fires, :class:`DeadlineExceeded` reaches the connection, which
raises :class:`~arango_anyio.exceptions.RequestTimeoutError`.

A caller's own cancel scopes are untouched: their cancellation propagates as usual.
"""

from __future__ import annotations

import math
from contextvars import ContextVar

import anyio

from arango_anyio._transport.errors import TransportError

#: The absolute deadline (AnyIO clock) of the call in progress in this task, if any.
CALL_DEADLINE: ContextVar[float | None] = ContextVar("arango_anyio_call_deadline", default=None)


class DeadlineExceeded(TransportError):
    """The call's deadline passed while it waited (or while its answer kept arriving).
    Internal: the connection turns it into
    :class:`~arango_anyio.exceptions.RequestTimeoutError`, or fails a read over to another
    host when only the attempt's share of the deadline passed.

    :ivar sent: at least one byte of the request had been written (the waits that raise it
        are fixed up by the code around them, which knows).
    :ivar stage: where the request was (see :mod:`arango_anyio._transport.errors`).
    """

    def __init__(self, *, sent: bool = False, stage: str | None = None) -> None:
        super().__init__("the call's deadline passed (request_timeout)", sent=sent, stage=stage)


def deadline_scope() -> anyio.CancelScope:
    """A cancel scope ending at the call's deadline (none when there is none). After the
    ``with`` block, call :func:`raise_if_expired` with it."""
    deadline = CALL_DEADLINE.get()
    return anyio.CancelScope(deadline=math.inf if deadline is None else deadline)


def raise_if_expired(scope: anyio.CancelScope, *, stage: str | None = None) -> None:
    """Raise :class:`DeadlineExceeded` if ``scope`` (from :func:`deadline_scope`) fired."""
    if scope.cancelled_caught:
        raise DeadlineExceeded(stage=stage)


def deadline_passed() -> bool:
    """Whether the call in progress has a deadline and it has passed (checked while a long
    answer keeps arriving without any wait that would notice)."""
    deadline = CALL_DEADLINE.get()
    return deadline is not None and anyio.current_time() >= deadline
