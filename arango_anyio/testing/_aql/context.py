"""The contract between the AQL engine and the emulator's store.

The engine never touches the store directly: it is handed a :class:`QueryContext`, which the
store side (``_aql_bridge.py``) implements and exposes as ``emu.query_context(request)``. One
context serves one query run; it has already resolved the request's database, its
``x-arango-trx-id`` transaction overlay (writes of the query go into the transaction) and the
user's permissions (a forbidden read or write raises the server's error).

Everything is synchronous: the engine runs a query to completion without awaiting. Every method
may raise :class:`~arango_anyio.testing._protocol.errors.EmuError` with the number and message the
document API would give (e.g. 1203, 1200, 1202, 1210, 1233, 11).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal, Protocol, TypedDict

Document = dict[str, Any]
CollectionType = Literal["document", "edge"]
Direction = Literal["outbound", "inbound", "any"]

#: One edge definition of a named graph, as ``/_api/gharial`` stores it.
EdgeDefinition = TypedDict(
    "EdgeDefinition", {"collection": str, "from": list[str], "to": list[str]}
)


class WriteOptions(TypedDict, total=False):
    """The ``OPTIONS {...}`` of an AQL modification, passed through to the store.

    ``ignoreErrors`` is handled by the engine (it catches the EmuError and counts the write as
    ignored); the others change what the store does. Names and meanings are those of the
    document API's query arguments.
    """

    waitForSync: bool
    keepNull: bool  # UPDATE: attributes set to null in the patch are removed when False
    mergeObjects: bool  # UPDATE: merge sub-objects (default True) or replace them
    ignoreRevs: bool  # default True; when False, a ``_rev`` in the document must match
    overwriteMode: str  # INSERT: "ignore" | "replace" | "update" | "conflict"
    overwrite: bool  # INSERT: legacy form of overwriteMode "replace"
    ignoreErrors: bool
    refillIndexCaches: bool


class QueryContext(Protocol):
    """What the AQL engine needs from the store, for one query in one database.

    Documents handed out are full documents (with ``_id``, ``_key``, ``_rev``, and ``_from`` /
    ``_to`` for edges) and are treated as read-only by the engine (it copies before changing).
    """

    @property
    def database(self) -> str:
        """The name of the query's database."""
        ...

    def collection_type(self, name: str) -> CollectionType:
        """``"document"`` or ``"edge"``; EmuError 1203 ("collection or view not found") if
        there is no such collection (a view name may also answer ``"document"``)."""
        ...

    def count(self, name: str) -> int:
        """The number of documents visible in collection ``name`` (COLLECTION_COUNT)."""
        ...

    def scan(self, name: str) -> Iterable[Document]:
        """All documents of collection ``name`` visible to this query, in a stable order
        (insertion order is fine). May raise 1203 or a permission error."""
        ...

    def lookup(self, name: str, key: str) -> Document | None:
        """The document ``name/key``, or None if it does not exist (no error for a missing
        document; 1203 for a missing collection)."""
        ...

    def insert(
        self, name: str, doc: Document, options: WriteOptions
    ) -> tuple[Document | None, Document]:
        """Insert ``doc`` (a fresh dict the store may keep); returns ``(old, new)`` where
        ``old`` is the document an ``overwriteMode`` replaced/updated (else None) and ``new``
        the stored document. Raises like ``POST /_api/document`` (1210 unique constraint,
        1221 illegal key, 1233 missing _from/_to, 1620 schema, ...)."""
        ...

    def update(
        self, name: str, key: str, patch: Document, options: WriteOptions
    ) -> tuple[Document, Document]:
        """Merge ``patch`` into ``name/key`` (keepNull/mergeObjects as in PATCH); returns
        ``(old, new)``. 1202 when the document does not exist, 1200 on a ``_rev`` mismatch
        when ``ignoreRevs`` is False."""
        ...

    def replace(
        self, name: str, key: str, doc: Document, options: WriteOptions
    ) -> tuple[Document, Document]:
        """Replace ``name/key`` with ``doc``; returns ``(old, new)``. Errors as for update."""
        ...

    def remove(self, name: str, key: str, options: WriteOptions) -> Document:
        """Remove ``name/key``; returns the old document. 1202 when missing."""
        ...

    def edges(self, collection: str, vertex_id: str, direction: Direction) -> list[Document]:
        """The edges of edge collection ``collection`` touching ``vertex_id``: ``_from ==
        vertex_id`` for outbound, ``_to == vertex_id`` for inbound, either for any. In edge
        index order: the least recently written edge first (traversals depend on it)."""
        ...

    def graph(self, name: str) -> list[EdgeDefinition]:
        """The edge definitions of named graph ``name``; EmuError 1924 ("graph not found")."""
        ...

    # Optional: ``index_definitions(name) -> list[dict]``: the collection's indexes as the
    # index API describes them (``type``, ``fields``, ``geoJson``, ``minLength``, ...). FULLTEXT
    # needs a fulltext index and NEAR/WITHIN/WITHIN_RECTANGLE a geo index; without this method
    # a collection has none.

    # Optional: the methods of ``search_context.SearchContext`` (views, inverted and vector
    # indexes, analyzers). Without them a context has no views and SEARCH cannot be used.

    def finish(self, *, success: bool) -> None:
        """Called exactly once when the query ends. With ``success=False`` the query's writes
        must be undone (a failed AQL query is atomic); inside a stream transaction they stay in
        the transaction's overlay either way on success. Outside a transaction, writes may be
        applied immediately and rolled back here, or buffered and applied here."""
        ...
