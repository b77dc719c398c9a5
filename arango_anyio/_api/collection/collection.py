"""Collections: ``db.collection(name)`` handles.

A handle is built from small mixins (management, single documents, bulk operations, AQL-based
reads, indexes) so graph vertex and edge collections can reuse them. Creating a handle does no
I/O; every method is ``async``, except the reads that return cursors (:meth:`Collection.all`,
:meth:`Collection.find`, ...), which return an object you ``await`` or enter with
``async with``, like ``db.aql.execute``::

    col = db.collection("products")
    await col.insert({"_key": "p1", "price": 10})
    async with col.find({"price": 10}, sort=[{"sort_by": "_key", "sort_order": "ASC"}]) as cur:
        async for doc in cur:
            ...

**Bulk operations.** ``insert_many``, ``update_many``, ``replace_many``, ``delete_many`` and
``import_bulk`` return per-document results in input order (metadata, or the document's own
exception object such as :class:`~arango_anyio.exceptions.DocumentInsertError`). With
``batch_size=`` the input is split into requests; with ``concurrency=`` up to that many
batches are in flight at once, inside a task group the call owns (the client's host resolver
spreads them over the coordinators)::

    report = BulkReport()
    try:
        results = await col.insert_many(docs, batch_size=1000, concurrency=8, report=report)
    except BulkOperationError as exc:      # a batch failed: no further batch was sent
        retry = exc.report.pick(docs, "not_sent")

When a batch fails as a whole, the batches not yet sent are not sent, those in flight are
allowed to finish, and :class:`~arango_anyio.exceptions.BulkOperationError` carries a
:class:`BulkReport` that gives every input document a :class:`DocumentStatus`: ``written``
(confirmed), ``failed`` (refused; nothing applied), ``not_sent``, or ``unknown`` (its batch
was in flight without a usable answer, so it may have been applied). Cancellation (a
deadline, a cancelled task group) propagates unchanged; the ``report=`` you passed tells
exactly what was written. Without ``batch_size``/``concurrency`` one request is sent and a
failure raises the operation's own exception, as in python-arango.
"""

from __future__ import annotations

from typing import ClassVar

from arango_anyio._api.collection.base import CollectionBase
from arango_anyio._api.collection.bulk import BulkMixin
from arango_anyio._api.collection.documents import DocumentsMixin
from arango_anyio._api.collection.indexes import IndexesMixin, validate_index
from arango_anyio._api.collection.manage import ManagementMixin
from arango_anyio._api.collection.reads import CollectionQuery, ReadsMixin
from arango_anyio._api.collection.report import BulkReport, DocumentStatus
from arango_anyio.exceptions import BulkOperationError

__all__ = [
    "BulkOperationError",
    "BulkReport",
    "Collection",
    "CollectionBase",
    "CollectionQuery",
    "DocumentStatus",
    "StandardCollection",
    "validate_index",
]


class Collection(ManagementMixin, BulkMixin, ReadsMixin, IndexesMixin):
    """Collection operations shared by every kind of collection: management, bulk
    operations, reads and indexes (single-document calls are added by subclasses)."""

    #: Collection ``type`` numbers and their names, as python-arango has them.
    types: ClassVar[dict[int, str]] = {2: "document", 3: "edge"}
    #: Collection ``status`` numbers and their names, as python-arango has them.
    statuses: ClassVar[dict[int, str]] = {
        1: "new", 2: "unloaded", 3: "loaded", 4: "unloading", 5: "deleted", 6: "loading",
    }


class StandardCollection(DocumentsMixin, Collection):
    """A document or edge collection: ``db.collection(name)``."""
