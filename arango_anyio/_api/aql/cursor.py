"""Query result cursors: ``async for`` over documents, batches fetched from the right host.

A :class:`Cursor` is created by :meth:`arango_anyio.AQL.execute`. It holds the current
batch in memory and fetches the next one (``POST /_api/cursor/{id}``) when the batch runs out,
from the coordinator that created it (cursors live on one coordinator) and, inside a stream
transaction, with the transaction header.

Lifetime: ``async with db.aql.execute(q) as cursor:`` (or ``async with cursor:``) deletes the
server-side cursor when the block is left — normally, by an exception or by cancellation —
in a shielded scope bounded to a few seconds, unless the result is already exhausted.
A cursor obtained with a bare ``await db.aql.execute(q)`` is yours to close
(``await cursor.close()``); otherwise it lingers on the server until its ``ttl`` passes.

With ``prefetch=True`` the cursor reads the next batch ahead while the current one is
consumed. The read-ahead is bounded to one batch and runs in a task group the cursor owns
while it is entered (``async with``): no task outlives the cursor. A prefetching cursor that
is not entered fetches on demand. The read-ahead pays off when the server takes a while to
produce each batch (a streaming query doing real work, a distant coordinator); against a
server that answers at once it only adds a task per batch, so it is off by default.
"""

from __future__ import annotations

import builtins
import logging
from collections import deque
from types import TracebackType
from typing import Any

import anyio
from anyio.abc import TaskGroup

from arango_anyio._connection.url import segment
from arango_anyio._executors.base import Executor
from arango_anyio._executors.handling import raise_unless_success
from arango_anyio.exceptions import (
    ArangoError,
    CursorCloseError,
    CursorCountError,
    CursorEmptyError,
    CursorNextError,
    CursorStateError,
)
from arango_anyio.request import Request
from arango_anyio.response import Response

logger = logging.getLogger("arango_anyio")

#: Seconds the shielded cleanup (DELETE of the server-side cursor) may take.
CLOSE_TIMEOUT = 5.0

_STATS_KEYS = {
    "writesExecuted": "modified",
    "writesIgnored": "ignored",
    "documentLookups": "lookups",
    "scannedFull": "scanned_full",
    "scannedIndex": "scanned_index",
    "executionTime": "execution_time",
    "httpRequests": "http_requests",
    "peakMemoryUsage": "peak_memory_usage",
    "intermediateCommits": "intermediate_commits",
}


def check_batch(body: Any) -> None:
    """Refuse a cursor answer of the wrong shape (inside a response handler, so the caller gets
    :class:`~arango_anyio.exceptions.ResponseParseError`, not a raw error later)."""
    if not isinstance(body, dict):
        raise TypeError(f"a cursor answer must be an object, not {type(body).__name__}")
    if "hasMore" not in body:
        raise KeyError("hasMore")
    if not isinstance(body.get("result"), list):
        raise TypeError("a cursor answer's 'result' must be a list")
    extra = body.get("extra")
    if isinstance(extra, dict) and "stats" in extra and not isinstance(extra["stats"], dict):
        raise TypeError("a cursor answer's 'extra.stats' must be an object")


def delete_created_cursor(response: Response) -> Request | None:
    """The request that deletes the cursor a ``POST /_api/cursor`` answer created (the
    clean-up of a query whose caller was cancelled: see ``Request.cleanup``)."""
    body = response.body
    cursor_id = body.get("id") if isinstance(body, dict) else None
    if cursor_id is None:
        return None
    return Request("DELETE", f"/_api/cursor/{segment(str(cursor_id), 'cursor id')}",
                   host=response.host, idempotent=True)


def _format_stats(stats: dict[str, Any]) -> dict[str, Any]:
    """Statistics with python-arango's key names (``writesExecuted`` -> ``modified``, ...)."""
    out = dict(stats)
    for key, name in _STATS_KEYS.items():
        if key in out:
            out[name] = out.pop(key)
    return out


class _Prefetch:
    """One read-ahead in flight: its scope, and its outcome once done."""

    __slots__ = ("body", "done", "error", "scope")

    def __init__(self) -> None:
        self.done = anyio.Event()
        self.scope = anyio.CancelScope()
        self.body: Any = None
        self.error: BaseException | None = None


class Cursor:
    """The result of a query, fetched batch by batch from the coordinator that created it.

    Iterate with ``async for doc in cursor``. Use it as ``async with`` (directly or through
    ``async with db.aql.execute(...)``) so the server-side cursor is deleted when done;
    otherwise call :meth:`close`.

    :param executor: how follow-up requests are carried (transaction header, pinning).
    :param data: the body of the answer that created the cursor.
    :param host: the coordinator that answered (follow-ups are pinned to it).
    :param cursor_type: ``"cursor"`` (the endpoint name below ``/_api``).
    :param allow_retry: fetch batches by id (``POST /_api/cursor/{id}/{batchId}``) so a failed
        fetch can be re-sent and re-reads the same batch.
    :param prefetch: read the next batch ahead while the current one is consumed (while
        entered).
    """

    def __init__(
        self,
        executor: Executor,
        data: dict[str, Any],
        *,
        host: str | None = None,
        cursor_type: str = "cursor",
        allow_retry: bool = False,
        prefetch: bool = False,
    ) -> None:
        self._executor = executor.follow_up()
        self._host = host
        self._type = cursor_type
        self._allow_retry = allow_retry
        self._prefetch_enabled = prefetch
        self._batch: deque[Any] = deque()
        self._id: str | None = None
        self._count: int | None = None
        self._cached: bool | None = None
        self._stats: dict[str, Any] | None = None
        self._plan: dict[str, Any] | None = None
        self._profile: dict[str, Any] | None = None
        self._warnings: list[Any] | None = None
        self._next_batch_id: str | None = None
        self._has_more = False
        self._closed = False
        self._task_group: TaskGroup | None = None
        self._pending: _Prefetch | None = None
        # Created on the first fetch: most cursors come whole in their first answer.
        self._fetch_lock: anyio.Lock | None = None
        self._owned_groups: list[TaskGroup | None] = []
        self._update(data)

    def __repr__(self) -> str:
        return f"<Cursor {self._id}>" if self._id else "<Cursor>"

    # -- state from the server -----------------------------------------------------------------

    def _update(self, data: dict[str, Any]) -> None:
        """Take one answer (the first or a fetched batch) into the cursor's state."""
        cursor_id = data.get("id")
        if cursor_id is not None:
            self._id = str(cursor_id)
        if "count" in data:
            self._count = data["count"]
        if "cached" in data:
            self._cached = data["cached"]
        next_batch_id = data.get("nextBatchId")
        if next_batch_id is not None:
            self._next_batch_id = str(next_batch_id)
        self._has_more = bool(data["hasMore"])
        self._batch.extend(data["result"])
        extra = data.get("extra")
        if isinstance(extra, dict):
            if "profile" in extra:
                self._profile = extra["profile"]
            if "warnings" in extra:
                self._warnings = extra["warnings"]
            if "plan" in extra:
                self._plan = extra["plan"]
            if "stats" in extra:
                self._stats = _format_stats(extra["stats"])

    def _changes(self, data: dict[str, Any]) -> dict[str, Any]:
        """What :meth:`fetch` reports for the answer ``data`` (already taken by ``_update``)."""
        result: dict[str, Any] = {}
        if data.get("id") is not None:
            result["id"] = self._id
        if "count" in data:
            result["count"] = data["count"]
        if "cached" in data:
            result["cached"] = data["cached"]
        if data.get("nextBatchId") is not None:
            result["next_batch_id"] = self._next_batch_id
        result["has_more"] = self._has_more
        result["batch"] = data["result"]
        extra = data.get("extra")
        if isinstance(extra, dict):
            for key in ("profile", "warnings", "plan"):
                if key in extra:
                    result[key] = extra[key]
            if "stats" in extra:
                result["statistics"] = self._stats
        return result

    # -- what python-arango exposes --------------------------------------------------------------

    @property
    def id(self) -> str | None:
        """The server-side cursor id (``None`` when the whole result came in one batch)."""
        return self._id

    @property
    def type(self) -> str:
        """The cursor type (``"cursor"``)."""
        return self._type

    @property
    def host(self) -> str | None:
        """The coordinator that holds the cursor (every follow-up goes there)."""
        return self._host

    @property
    def closed(self) -> bool:
        """True once :meth:`close` ran."""
        return self._closed

    def batch(self) -> deque[Any]:
        """The documents of the current batch not consumed yet."""
        return self._batch

    def has_more(self) -> bool:
        """True when the server holds more documents than the current batch."""
        return self._has_more

    def count(self) -> int:
        """The total number of documents; raises :class:`CursorCountError` unless the query
        ran with ``count=True``."""
        if self._count is None:
            raise CursorCountError("cursor count not enabled (execute the query with count=True)")
        return self._count

    def __len__(self) -> int:
        return self.count()

    def cached(self) -> bool | None:
        """True when the result came from the query cache."""
        return self._cached

    def statistics(self) -> dict[str, Any] | None:
        """Query statistics (``modified``, ``ignored``, ``scanned_full``, ...), as
        python-arango names them; streaming queries report them with the last batch."""
        return self._stats

    def profile(self) -> dict[str, Any] | None:
        """The query profile (with ``profile=True``)."""
        return self._profile

    def warnings(self) -> list[Any] | None:
        """Warnings the query produced."""
        return self._warnings

    def plan(self) -> dict[str, Any] | None:
        """The execution plan (with ``profile=2``)."""
        return self._plan

    def empty(self) -> bool:
        """True when the current batch is consumed."""
        return not self._batch

    def pop(self) -> Any:
        """The next document of the current batch, without fetching.

        Raises :class:`CursorEmptyError` when the batch is consumed.
        """
        if not self._batch:
            raise CursorEmptyError("current batch is empty")
        return self._batch.popleft()

    async def next(self) -> Any:
        """The next document, fetching the next batch when needed.

        Raises :class:`StopAsyncIteration` at the end.
        """
        return await self.__anext__()

    # -- iteration ----------------------------------------------------------------------------

    def __aiter__(self) -> Cursor:
        return self

    async def __anext__(self) -> Any:
        try:  # the common case first: a document of the current batch
            return self._batch.popleft()
        except IndexError:
            pass
        while not self._batch:
            if not self._has_more:
                raise StopAsyncIteration
            async with self._lock():
                # another task may have fetched while this one waited for the lock
                if not self._batch and self._has_more:
                    await self._fetch_locked()
        return self._batch.popleft()

    def _lock(self) -> anyio.Lock:
        lock = self._fetch_lock
        if lock is None:
            # No yield when it is free: the fetch behind it gives the event loop its turn,
            # and a waiter still gets the lock handed over in turn.
            lock = self._fetch_lock = anyio.Lock(fast_acquire=True)
        return lock

    async def fetch(self) -> dict[str, Any]:
        """Fetch the next batch into :meth:`batch` and return what changed
        (``batch``, ``has_more``, ``id``, ...).

        ``POST /_api/cursor/{id}`` (``/{batchId}`` with ``allow_retry``), pinned to the
        cursor's coordinator. A read-ahead already in flight is awaited instead of
        sending another request. Concurrent calls are serialized (each gets the next batch).
        """
        async with self._lock():
            return self._changes(await self._fetch_locked())

    async def _fetch_locked(self) -> dict[str, Any]:
        """Fetch the next batch into the cursor (the caller holds the lock); its answer."""
        if self._closed:
            raise CursorStateError("the cursor is closed")
        if self._id is None:
            raise CursorStateError("cursor ID not set (the whole result came in one batch)")
        if not self._has_more:
            raise CursorStateError("the cursor has no more batches")
        pending = self._pending
        if pending is not None:
            self._pending = None
            await pending.done.wait()
            if pending.error is not None:
                raise pending.error
            if pending.body is None:  # cancelled before it got an answer: fetch again
                body = await self._fetch_body()
            else:
                body = pending.body
        else:
            body = await self._fetch_body()
        self._update(body)
        self._start_prefetch()
        return body

    def _fetch_request(self) -> Request:
        assert self._id is not None
        endpoint = f"/_api/{self._type}/{segment(self._id, 'cursor id')}"
        if self._allow_retry and self._next_batch_id is not None:
            # Asking by batch id makes the request safe to re-send: the server answers the
            # same batch again instead of advancing (never skipping or repeating documents).
            endpoint += f"/{segment(self._next_batch_id, 'batch id')}"
            return Request("POST", endpoint, host=self._host, idempotent=True)
        return Request("POST", endpoint, host=self._host)

    async def _fetch_body(self) -> dict[str, Any]:
        request = self._fetch_request()

        def handler(response: Response) -> dict[str, Any]:
            raise_unless_success(response, request, CursorNextError)
            body: dict[str, Any] = response.body
            check_batch(body)
            return body

        return await self._executor.execute(request, handler)

    # -- read-ahead ---------------------------------------------------------------------------

    def _start_prefetch(self) -> None:
        tg = self._task_group
        if tg is None or not self._has_more or self._pending is not None or self._closed:
            return
        pending = _Prefetch()
        self._pending = pending
        tg.start_soon(self._prefetch, pending)

    async def _prefetch(self, pending: _Prefetch) -> None:
        try:
            with pending.scope:
                pending.body = await self._fetch_body()
        except Exception as exc:  # handed to the consumer by fetch()
            pending.error = exc
        finally:
            pending.done.set()

    # -- lifetime -----------------------------------------------------------------------------

    async def __aenter__(self) -> Cursor:
        tg: TaskGroup | None = None
        if self._prefetch_enabled and self._task_group is None and not self._closed:
            tg = anyio.create_task_group()
            await tg.__aenter__()
            self._task_group = tg
            self._start_prefetch()
        self._owned_groups.append(tg)  # the block that started the group ends it
        return self

    async def __aexit__(
        self,
        exc_type: builtins.type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        tg = self._owned_groups.pop() if self._owned_groups else None
        try:
            if tg is not None:
                self._task_group = None
                self._cancel_prefetch()
                await tg.__aexit__(None, None, None)
        except BaseException:
            await self._close_quietly()  # whatever is propagating (cancellation) wins
            raise
        if exc is not None:
            await self._close_quietly()  # the block's own exception wins
        else:
            await self.close(ignore_missing=True)

    async def _close_quietly(self) -> None:
        try:
            await self.close(ignore_missing=True)
        except ArangoError:
            logger.warning("could not delete cursor %s on %s", self._id, self._host,
                           exc_info=True)

    def _cancel_prefetch(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.scope.cancel()

    def _needs_delete(self) -> bool:
        # The server drops an exhausted cursor by itself, except with allowRetry, where it
        # keeps the last batch for a possible re-read until it is deleted.
        return self._id is not None and (self._has_more or self._allow_retry)

    async def close(self, ignore_missing: bool = True) -> bool | None:
        """Stop any read-ahead and delete the server-side cursor.

        ``DELETE /_api/cursor/{id}`` on the cursor's coordinator, in a shielded scope bounded
        to 5 seconds (so it also runs while the caller is being cancelled).

        :param ignore_missing: answer False instead of raising when the server no longer
            knows the cursor (it expired).
        :return: True when deleted, False when missing and ``ignore_missing``, None when
            there was nothing to delete (no server-side cursor, exhausted, or closed before).
        :raises CursorCloseError: the server refused.
        """
        if self._closed:
            return None
        self._closed = True
        self._cancel_prefetch()
        if not self._needs_delete():
            return None
        result: bool | None = None
        with anyio.move_on_after(CLOSE_TIMEOUT, shield=True) as scope:
            result = await self._delete(ignore_missing)
        if scope.cancelled_caught:
            logger.warning("deleting cursor %s on %s took longer than %s s; the server drops "
                           "it when its ttl ends", self._id, self._host, CLOSE_TIMEOUT)
        return result

    async def _delete(self, ignore_missing: bool) -> bool:
        assert self._id is not None
        # Safe to re-send after a lost answer: a cursor deleted already answers 404.
        request = Request("DELETE", f"/_api/{self._type}/{segment(self._id, 'cursor id')}",
                          host=self._host, idempotent=True)

        def handler(response: Response) -> bool:
            if response.is_success:
                return True
            if response.status_code == 404 and ignore_missing:
                return False
            raise CursorCloseError(response, request)

        return await self._executor.execute(request, handler)
