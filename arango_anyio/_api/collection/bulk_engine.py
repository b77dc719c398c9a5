"""The bulk engine: batches, bounded concurrency, per-document outcomes, the report.

A call is split into batches (``batch_size``); up to ``concurrency`` workers inside one AnyIO
task group take the next batch, mark its documents UNKNOWN (from now on the server may apply
them), send it, and record each document's outcome. When a batch fails as a whole, no worker
takes another batch; batches already in flight finish, so their outcome is known.
Cancellation propagates unchanged: documents of batches in flight stay UNKNOWN, the rest
NOT_SENT.

The :class:`~arango_anyio.BulkReport` is kept up to date live only when someone can
look at it during the call (``report=`` or ``progress=``). Otherwise the engine keeps just one
outcome per batch and builds the report from those when it has to (for
:class:`~arango_anyio.exceptions.BulkOperationError`): at that point every batch has ended, so
the report is the same as the live one would have been.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import anyio
import anyio.lowlevel

from arango_anyio._api.collection.base import CollectionBase, ensure_count
from arango_anyio._api.collection.report import BulkReport, DocumentStatus, Statuses
from arango_anyio._api.group import Json
from arango_anyio._executors.handling import raise_unless_success
from arango_anyio.errno import CONFLICT
from arango_anyio.exceptions import (
    ArangoServerError,
    BulkOperationError,
    DocumentRevisionError,
    InvalidArgumentError,
    RequestSerializationError,
    ServerConnectionError,
)
from arango_anyio.request import Request
from arango_anyio.response import Response

#: The HTTP status a single-document call answers for common per-document errors.
_HTTP_FOR_ERROR = {1200: 412, 1202: 404, 1203: 404, 1210: 409, 1221: 400, 1226: 400,
                   1227: 400, 1233: 400, 1620: 400}

_WRITTEN = DocumentStatus.WRITTEN
_FAILED = DocumentStatus.FAILED

#: One batch's answer: the per-document statuses (one status for all, or one per document),
#: the per-document results (None: all None), and the batch's own value.
BatchOutcome = tuple[Statuses, list[Any] | None, Any]
#: Parses one batch's answer (``response``, ``request``, index of its first document).
Parser = Callable[[Response, Request, int], BatchOutcome]
Progress = Callable[[BulkReport], object]


def document_error(parent: Response, request: Request, entry: Json,
                   error_class: type[ArangoServerError]) -> ArangoServerError:
    """The per-document exception object for one error entry of a multi-document answer."""
    code = entry.get("errorNum")
    status = _HTTP_FOR_ERROR.get(code, parent.status_code) if isinstance(code, int) else (
        parent.status_code)
    sub = Response(parent.method, parent.url, parent.headers, status, parent.status_text, b"")
    sub.body = entry
    sub.host = parent.host
    return error_class(sub, request)


def document_list(operation: str, documents: Any) -> list[Any]:
    """``documents`` as a new list: any iterable of documents (a list, a generator, ...), but
    not a single document or string."""
    if isinstance(documents, (str, bytes, Mapping)) or not isinstance(documents, Iterable):
        raise InvalidArgumentError(
            f"{operation}: documents must be a list (or another iterable) of documents, got "
            f"{type(documents).__name__}"
        )
    return list(documents)


def _is_error_entry(entry: Any) -> bool:
    return isinstance(entry, dict) and entry.get("error") is True and "errorNum" in entry


def _first_error(statuses: Statuses, results: list[Any] | None) -> BaseException | None:
    """The first per-document exception of one batch's outcome, if any."""
    if results is None or statuses is _WRITTEN:
        return None
    if isinstance(statuses, list) and _FAILED not in statuses:
        return None
    return next((result for result in results if isinstance(result, BaseException)), None)


def _refused_status(exc: ArangoServerError) -> DocumentStatus:
    """FAILED when the answer proves nothing was applied: a 4xx refusal, or 503/503 (the
    server did not take the request); other 5xx answers (an internal error part-way through,
    in a cluster) leave the batch UNKNOWN."""
    code = exc.http_code or 0
    if code < 500 or (code == 503 and exc.error_code == 503):
        return DocumentStatus.FAILED
    return DocumentStatus.UNKNOWN


class _Batches:
    """The state shared by the workers of one bulk call: which batch is next, and the
    outcome of every batch that has ended."""

    def __init__(self, ranges: list[tuple[int, int]], report: BulkReport | None) -> None:
        self.ranges = ranges
        #: The live report (``report=``/``progress=``), else None.
        self.report = report
        self.next = 0
        self.errors: list[BaseException] = []
        self.values: list[Any] = [None] * len(ranges)
        #: Per batch: (statuses, results) once it has ended, else None.
        self.outcomes: list[tuple[Statuses, list[Any] | None] | None] = [None] * len(ranges)
        #: ``(batch number, exception)`` of every batch that failed as a whole, in order.
        self.batch_errors: list[tuple[int, BaseException]] = []
        self.batches_done = 0

    def take(self) -> int | None:
        if self.errors or self.next >= len(self.ranges):
            return None
        index = self.next
        self.next += 1
        return index

    def results(self) -> list[Any]:
        """Every document's result in input order (all batches answered)."""
        if len(self.outcomes) == 1 and self.outcomes[0] is not None:
            only = self.outcomes[0][1]
            if only is not None:
                return only
        joined: list[Any] = []
        for (start, stop), outcome in zip(self.ranges, self.outcomes, strict=True):
            results = outcome[1] if outcome is not None else None
            joined.extend(results if results is not None else [None] * (stop - start))
        return joined

    def build_report(self, operation: str, total: int) -> BulkReport:
        """The report of an ended call, from the batch outcomes (nothing is in flight)."""
        report = BulkReport()
        report._start(operation, total, self.ranges)
        for (start, stop), outcome in zip(self.ranges, self.outcomes, strict=True):
            if outcome is not None:
                report._set_batch(start, stop, outcome[0], outcome[1])
        report.batches_done = self.batches_done
        report.batch_errors = list(self.batch_errors)
        report.finished = True
        return report


def is_single_request(batch_size: int | None, concurrency: int | None,
                      report: BulkReport | None, progress: Progress | None) -> bool:
    """Whether a bulk call is one plain request (python-arango's call): no batches, no report
    and no progress asked for. Then its answer is interpreted like any other call's, so it
    also runs as one async job or inside a transaction."""
    return batch_size is None and concurrency is None and report is None and progress is None


class BulkEngineMixin(CollectionBase):
    """Sends many documents in batches (used by the bulk calls)."""

    # -- the engine ------------------------------------------------------------------------

    def _batch_ranges(self, total: int, batch_size: int | None, concurrency: int | None
                      ) -> list[tuple[int, int]]:
        ensure_count("batch_size", batch_size, minimum=1)
        ensure_count("concurrency", concurrency, minimum=1)
        if total == 0:
            return []
        if batch_size is None:
            batch_size = math.ceil(total / concurrency) if concurrency else total
        return [(start, min(start + batch_size, total)) for start in range(0, total, batch_size)]

    async def _run_bulk(
        self,
        operation: str,
        items: list[Any],
        make_request: Callable[[list[Any]], Request],
        parse: Parser,
        *,
        batch_size: int | None,
        concurrency: int | None,
        report: BulkReport | None,
        progress: Progress | None,
        raise_on_document_error: bool,
    ) -> _Batches:
        """Send ``items`` in batches; returns the batches' outcomes and values.

        Without ``batch_size``/``concurrency`` (one batch) the first error is raised as is
        (python-arango behaviour); with them, any stop raises :class:`BulkOperationError`.
        """
        batched = batch_size is not None or concurrency is not None
        ranges = self._batch_ranges(len(items), batch_size, concurrency)
        # Batches, reports and progress need each answer as it comes.
        self._executor.require_results(f"{operation} with batch_size/concurrency/report/progress")
        # Build every request first: invalid documents are refused before anything is sent.
        if len(ranges) == 1:
            requests = [make_request(items)]
        else:
            requests = [make_request(items[start:stop]) for start, stop in ranges]
        for request in requests:  # serialize and size-check every batch before sending one
            self._conn.prepare(request)
        if report is None and progress is not None:
            report = BulkReport()
        if report is not None:
            report._start(operation, len(items), ranges)
        state = _Batches(ranges, report)

        async def worker() -> None:
            # A cancelled call takes no new batch (its documents stay NOT_SENT).
            await anyio.lowlevel.checkpoint_if_cancelled()
            while (index := state.take()) is not None:
                await self._send_batch(index, requests[index], parse, state, progress,
                                       raise_on_document_error)

        try:
            workers = min(concurrency or 1, len(ranges))
            if workers <= 1:
                await worker()
            else:
                async with anyio.create_task_group() as group:
                    for _ in range(workers):
                        group.start_soon(worker)
        finally:
            if report is not None:
                report.finished = True
        if state.errors:
            if not batched:
                raise state.errors[0]
            if report is None:
                report = state.build_report(operation, len(items))
            raise BulkOperationError(operation, report, state.errors)
        return state

    async def _send_batch(self, index: int, request: Request, parse: Parser, state: _Batches,
                          progress: Progress | None, raise_on_document_error: bool) -> None:
        start, stop = state.ranges[index]
        report = state.report
        if report is not None:
            report._set_batch(start, stop, DocumentStatus.UNKNOWN, None)  # it may apply now

        def handler(response: Response) -> BatchOutcome:
            return parse(response, request, start)

        try:
            statuses, results, value = await self._execute(request, handler)
        except ArangoServerError as exc:  # the server refused the whole batch
            self._batch_failed(index, exc, _refused_status(exc), state)
            return
        except ServerConnectionError as exc:
            status = DocumentStatus.UNKNOWN if exc.may_have_been_applied else (
                DocumentStatus.NOT_SENT)
            self._batch_failed(index, exc, status, state)
            return
        except (InvalidArgumentError, RequestSerializationError) as exc:
            self._batch_failed(index, exc, DocumentStatus.NOT_SENT, state)
            return
        except Exception as exc:  # timeout, unreadable answer, ...: it may have been applied
            self._batch_failed(index, exc, DocumentStatus.UNKNOWN, state)
            return
        state.outcomes[index] = (statuses, results)
        state.values[index] = value
        state.batches_done += 1
        if report is not None:
            report._set_batch(start, stop, statuses, results)
            report.batches_done += 1
        if raise_on_document_error:
            first_error = _first_error(statuses, results)
            if first_error is not None:
                state.errors.append(first_error)
        if progress is not None and report is not None:  # (with progress there is a report)
            try:
                progress(report)
            except Exception as exc:
                state.errors.append(exc)
        await anyio.lowlevel.checkpoint_if_cancelled()

    @staticmethod
    def _batch_failed(index: int, exc: BaseException, status: DocumentStatus,
                      state: _Batches) -> None:
        start, stop = state.ranges[index]
        state.outcomes[index] = (status, None)
        state.batch_errors.append((index, exc))
        state.errors.append(exc)
        report = state.report
        if report is not None:
            report._set_batch(start, stop, status, None)
            report.batch_errors.append((index, exc))

    @staticmethod
    def _document_parser(error_class: type[ArangoServerError], revision_errors: bool,
                         silent: bool) -> Parser:
        """Parse a multi-document answer: one entry per input, metadata or error entry."""

        def parse(response: Response, request: Request, start: int) -> BatchOutcome:
            raise_unless_success(response, request, error_class)
            body = response.body
            count = len(request.data)
            if silent:
                entries = body if isinstance(body, list) else []
                if not entries:
                    return _WRITTEN, [True] * count, None
                # The server lists only the errors, without positions: which documents
                # failed cannot be told, so the whole batch is unknown.
                errors = [document_error(response, request, e, error_class) for e in entries]
                return DocumentStatus.UNKNOWN, None, errors
            if not isinstance(body, list) or len(body) != count:
                raise TypeError(f"expected a list of {count} results, got {type(body).__name__}")
            # The common case, plain metadata for every document: one cheap pass, and the
            # answer's own list is the result.
            if not [e for e in body if type(e) is not dict or "error" in e or "_oldRev" in e]:
                return _WRITTEN, body, None
            results: list[Any] = []
            failed: list[int] = []
            for entry in body:
                if _is_error_entry(entry):
                    cls = error_class
                    if revision_errors and entry.get("errorNum") == CONFLICT:
                        cls = DocumentRevisionError
                    failed.append(len(results))
                    results.append(document_error(response, request, entry, cls))
                else:
                    results.append(CollectionBase._rename_old_rev(entry))
            if not failed:
                return _WRITTEN, results, None
            statuses = [_WRITTEN] * count
            for index in failed:
                statuses[index] = _FAILED
            return statuses, results, None

        return parse

    async def _many(
        self,
        operation: str,
        method: str,
        documents: Iterable[Any],
        prepare: Callable[[list[Any]], list[Any]],
        params: dict[str, Any],
        error_class: type[ArangoServerError],
        *,
        revision_errors: bool,
        silent: bool,
        batch_size: int | None,
        concurrency: int | None,
        report: BulkReport | None,
        progress: Progress | None,
        raise_on_document_error: bool,
    ) -> list[Any] | bool:
        """The shared body of insert/update/replace/delete many: ``prepare`` turns the input
        list into the request bodies (it may return its argument, which is a fresh list)."""
        items = prepare(document_list(operation, documents))

        def make_request(batch: list[Any]) -> Request:
            return Request(method, self._document_path, params=dict(params), data=batch,
                           write=self._name)

        parse = self._document_parser(error_class, revision_errors, silent)
        if is_single_request(batch_size, concurrency, report, progress):
            request = make_request(items)
            return await self._execute(request, self._unwrap(parse, request,
                                                             raise_on_document_error, silent))
        state = await self._run_bulk(
            operation, items, make_request, parse, batch_size=batch_size,
            concurrency=concurrency, report=report, progress=progress,
            raise_on_document_error=raise_on_document_error,
        )
        if silent:
            if raise_on_document_error:
                for value in state.values:
                    if value:
                        raise value[0]
            return True
        return state.results()

    @staticmethod
    def _unwrap(parse: Parser, request: Request, raise_on_document_error: bool, silent: bool
                ) -> Callable[[Response], list[Any] | bool]:
        """The handler of a bulk call sent as one plain request (see
        :func:`is_single_request`)."""

        def handler(response: Response) -> list[Any] | bool:
            statuses, results, value = parse(response, request, 0)
            if raise_on_document_error:
                first_error = _first_error(statuses, results)
                if first_error is not None:
                    raise first_error
                if value:
                    raise value[0]
            if silent:
                return True
            return results if results is not None else [None] * len(request.data)

        return handler
