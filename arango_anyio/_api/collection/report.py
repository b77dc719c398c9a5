"""The per-document record of a bulk operation: written, failed, not sent, or unknown."""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Sequence
from typing import Any, TypeVar

T = TypeVar("T")


class DocumentStatus(str, enum.Enum):
    """What happened to one input document of a bulk operation."""

    #: The server confirmed it (its metadata is in :attr:`BulkReport.results`).
    WRITTEN = "written"
    #: The server refused it (its exception object is in :attr:`BulkReport.results`), or
    #: refused its whole batch with a 4xx answer (or 503); nothing of it was applied.
    FAILED = "failed"
    #: It was never sent (the operation stopped before its batch, or the connection could not
    #: be opened).
    NOT_SENT = "not_sent"
    #: Its batch was sent but no usable answer came back (cancelled in flight, connection lost
    #: after sending, timeout, a 5xx answer for the whole batch, errors listed without
    #: positions under ``silent=True``): the server MAY have applied it.
    UNKNOWN = "unknown"


#: The statuses of one batch's documents: one status for all of them, or one each.
Statuses = DocumentStatus | list[DocumentStatus]


class BulkReport:
    """Per input document: :class:`DocumentStatus` and result, updated live as batches are
    answered, and exact once the operation has ended (normally, by an error, or by
    cancellation).

    Pass one as ``report=`` to ``insert_many``/``update_many``/``replace_many``/
    ``delete_many``/``import_bulk`` to watch progress from another task, or to learn exactly
    what was written after cancelling the call (cancellation propagates unchanged; the report
    is how you find out). :class:`~arango_anyio.exceptions.BulkOperationError` carries one too.

    While a batch is in flight its documents are :attr:`DocumentStatus.UNKNOWN`.
    """

    def __init__(self) -> None:
        #: e.g. ``"insert_many"``.
        self.operation: str | None = None
        #: Number of input documents.
        self.total = 0
        #: One status per input document, in input order.
        self.statuses: list[DocumentStatus] = []
        #: One entry per input document: metadata (dict), a per-document exception, or None.
        self.results: list[Any] = []
        #: The ``(start, stop)`` input range of each batch.
        self.batches: list[tuple[int, int]] = []
        #: Batches answered so far.
        self.batches_done = 0
        #: ``(batch number, exception)`` for every batch that failed as a whole.
        self.batch_errors: list[tuple[int, BaseException]] = []
        #: True once the operation has ended (in any way).
        self.finished = False
        self._counts: Counter[DocumentStatus] = Counter()

    # -- filled in by the bulk engine --------------------------------------------------------

    def _start(self, operation: str, total: int, batches: list[tuple[int, int]]) -> None:
        self.operation = operation
        self.total = total
        self.statuses = [DocumentStatus.NOT_SENT] * total
        self.results = [None] * total
        self.batches = list(batches)
        self.batches_done = 0
        self.batch_errors = []
        self.finished = False
        self._counts = Counter({DocumentStatus.NOT_SENT: total})

    def _set_batch(self, start: int, stop: int, statuses: Statuses,
                   results: list[Any] | None) -> None:
        """Record one batch's outcome: one status for all its documents or one each, and
        their results (None: all None). Slice assignments, no per-document calls."""
        count = stop - start
        self._counts.subtract(Counter(self.statuses[start:stop]))
        if isinstance(statuses, DocumentStatus):
            self._counts[statuses] += count
            self.statuses[start:stop] = [statuses] * count
        else:
            self._counts.update(statuses)
            self.statuses[start:stop] = statuses
        self.results[start:stop] = [None] * count if results is None else results

    # -- reading ---------------------------------------------------------------------------

    def _indices(self, status: DocumentStatus) -> list[int]:
        return [i for i, s in enumerate(self.statuses) if s is status]

    @property
    def written(self) -> list[int]:
        """Input indices the server confirmed."""
        return self._indices(DocumentStatus.WRITTEN)

    @property
    def failed(self) -> list[int]:
        """Input indices the server refused."""
        return self._indices(DocumentStatus.FAILED)

    @property
    def not_sent(self) -> list[int]:
        """Input indices never sent."""
        return self._indices(DocumentStatus.NOT_SENT)

    @property
    def unknown(self) -> list[int]:
        """Input indices that may or may not have been applied."""
        return self._indices(DocumentStatus.UNKNOWN)

    def pick(self, documents: Sequence[T], *statuses: DocumentStatus | str) -> list[T]:
        """The input ``documents`` whose status is one of ``statuses``, in input order.

        ``documents`` is the sequence given to the bulk call. For example, after a
        :class:`~arango_anyio.exceptions.BulkOperationError` or a cancellation, send what was
        never sent: ``await col.insert_many(report.pick(docs, "not_sent"))``.
        """
        if len(documents) != self.total:
            raise ValueError(f"expected the {self.total} input documents, got {len(documents)}")
        wanted = {DocumentStatus(status) for status in statuses}
        pairs = zip(documents, self.statuses, strict=True)
        return [doc for doc, status in pairs if status in wanted]

    def counts(self) -> dict[str, int]:
        """``{"written": n, "failed": n, "not_sent": n, "unknown": n}``."""
        return {status.value: self._counts[status] for status in DocumentStatus}

    @property
    def done(self) -> int:
        """How many documents have a final answer (written or failed)."""
        return self._counts[DocumentStatus.WRITTEN] + self._counts[DocumentStatus.FAILED]

    @property
    def is_complete(self) -> bool:
        """True when every document was answered (written or failed)."""
        return self.done == self.total

    def summary(self) -> str:
        """A one-line description of the counts."""
        counts = self.counts()
        parts = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items() if n)
        return f"{self.total} documents in {len(self.batches)} batch(es): {parts or 'none'}"

    def __repr__(self) -> str:
        state = "finished" if self.finished else "running"
        return f"<BulkReport {self.operation} {state}: {self.summary()}>"
