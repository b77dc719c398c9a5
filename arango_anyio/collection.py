"""Collections: ``db.collection(name)`` handles.

A handle is built from small mixins (management, single documents, bulk operations, AQL-based
reads, indexes) so graph vertex and edge collections can reuse them. Creating a handle does no
I/O; every method is ``async``, except the reads that return cursors (:meth:`Collection.all`,
:meth:`Collection.find`, ...), which return an object you ``await`` or enter with
``async with``, like ``db.aql.execute``.
"""

from __future__ import annotations

from arango_anyio._collection_base import CollectionBase
from arango_anyio._collection_bulk import BulkMixin
from arango_anyio._collection_documents import DocumentsMixin
from arango_anyio._collection_indexes import IndexesMixin, validate_index
from arango_anyio._collection_manage import ManagementMixin
from arango_anyio._collection_reads import CollectionQuery, ReadsMixin
from arango_anyio._collection_report import BulkReport, DocumentStatus
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

    #: Collection ``type`` numbers by name, as python-arango has them.
    types = {2: "document", 3: "edge"}


class StandardCollection(DocumentsMixin, Collection):
    """A document or edge collection: ``db.collection(name)``."""
