"""Vertex and edge collections of a named graph: ``graph.vertex_collection(name)`` and
``graph.edge_collection(name)``.

Single-document calls go through ``/_api/gharial/{graph}/vertex|edge/...``, so the server
applies the graph's rules (an edge must connect vertex collections of the graph and both ends
must exist; removing a vertex removes its edges). Everything else a collection offers
(management, bulk operations, reads, indexes) is inherited unchanged from
:class:`~arango_anyio.Collection` and goes through the plain collection API.
"""

from __future__ import annotations

from typing import Any, Literal, overload

from arango_anyio._api.collection.base import document_id, ensure_document
from arango_anyio._api.collection.collection import Collection
from arango_anyio._api.graph.format import format_document_answer
from arango_anyio._api.group import Json
from arango_anyio._connection.connection import Connection
from arango_anyio._connection.url import key_segment, segment
from arango_anyio._executors.base import Executor
from arango_anyio._executors.handling import raise_unless_success
from arango_anyio.errno import DOCUMENT_NOT_FOUND
from arango_anyio.exceptions import (
    DocumentDeleteError,
    DocumentGetError,
    DocumentInError,
    DocumentInsertError,
    DocumentReplaceError,
    DocumentRevisionError,
    DocumentUpdateError,
    EdgeListError,
    InvalidArgumentError,
)
from arango_anyio.request import Request
from arango_anyio.response import Response

_DIRECTIONS = ("in", "out", "any")


class GraphCollection(Collection):
    """A collection seen through a named graph (base of vertex and edge collections)."""

    #: ``"vertex"`` or ``"edge"``: the gharial path segment and the answer's attribute.
    _kind = "vertex"

    def __init__(self, connection: Connection, executor: Executor, graph: str,
                 name: str) -> None:
        super().__init__(connection, executor, name)
        if not isinstance(graph, str) or not graph:
            raise InvalidArgumentError(f"graph name must be a non-empty string: {graph!r}")
        self._graph = graph

    @property
    def graph(self) -> str:
        """The name of the graph."""
        return self._graph

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._name} (graph {self._graph})>"

    @property
    def _gharial_path(self) -> str:
        graph = segment(self._graph, "graph name")
        return f"/_api/gharial/{graph}/{self._kind}/{self._name_segment}"

    def _gharial_key_path(self, key: str) -> str:
        return f"{self._gharial_path}/{key_segment(key)}"

    # -- the single-document calls, shared by vertices and edges ---------------------------

    async def _get(self, document: str | Json, rev: str | None, check_rev: bool
                   ) -> Json | None:
        key, headers = self._prepare(document, rev, check_rev)
        request = Request("GET", self._gharial_key_path(key), headers=headers,
                          read=self._name)
        kind = self._kind

        def handler(response: Response) -> Json | None:
            if response.error_code == DOCUMENT_NOT_FOUND:
                return None
            if response.status_code == 412:
                raise DocumentRevisionError(response, request)
            raise_unless_success(response, request, DocumentGetError)
            result: Json = response.body[kind]
            return result

        return await self._execute(request, handler)

    async def _has(self, document: str | Json, rev: str | None, check_rev: bool) -> bool:
        key, headers = self._prepare(document, rev, check_rev)
        request = Request("GET", self._gharial_key_path(key), headers=headers,
                          read=self._name)

        def handler(response: Response) -> bool:
            if response.error_code == DOCUMENT_NOT_FOUND:
                return False
            if response.status_code == 412:
                raise DocumentRevisionError(response, request)
            raise_unless_success(response, request, DocumentInError)
            return True

        return await self._execute(request, handler)

    async def _insert(self, document: Json, sync: bool | None, silent: bool,
                      return_new: bool) -> Json | bool:
        body = self._key_from_id_if_any(document)
        params = {"waitForSync": sync, "returnNew": return_new or None}
        request = Request("POST", self._gharial_path, params=params, data=body,
                          write=self._name)
        kind = self._kind

        def result(response: Response) -> Json | bool:
            if silent:
                return True
            return format_document_answer(response.body, kind)

        return await self._call(request, DocumentInsertError, result)

    async def _modify(self, method: str, document: Json, check_rev: bool,
                      params: dict[str, Any], silent: bool) -> Json | bool:
        body = dict(ensure_document(document))
        key, headers = self._prepare(body, None, check_rev)
        request = Request(method, self._gharial_key_path(key), params=params, data=body,
                          headers=headers, write=self._name)
        error = DocumentUpdateError if method == "PATCH" else DocumentReplaceError
        kind = self._kind

        def handler(response: Response) -> Json | bool:
            if response.status_code == 412:
                raise DocumentRevisionError(response, request)
            raise_unless_success(response, request, error)
            if silent:
                return True
            return format_document_answer(response.body, kind)

        return await self._execute(request, handler)

    async def _update(self, document: Json, check_rev: bool, keep_none: bool,
                      sync: bool | None, silent: bool, return_old: bool, return_new: bool
                      ) -> Json | bool:
        params = {"keepNull": keep_none, "waitForSync": sync,
                  "returnOld": return_old or None, "returnNew": return_new or None}
        return await self._modify("PATCH", document, check_rev, params, silent)

    async def _replace(self, document: Json, check_rev: bool, sync: bool | None,
                       silent: bool, return_old: bool, return_new: bool) -> Json | bool:
        params = {"waitForSync": sync, "returnOld": return_old or None,
                  "returnNew": return_new or None}
        return await self._modify("PUT", document, check_rev, params, silent)

    async def _delete(self, document: str | Json, rev: str | None, check_rev: bool,
                      ignore_missing: bool, sync: bool | None, return_old: bool
                      ) -> Json | bool:
        key, headers = self._prepare(document, rev, check_rev)
        params = {"waitForSync": sync, "returnOld": return_old or None}
        request = Request("DELETE", self._gharial_key_path(key), params=params,
                          headers=headers, write=self._name)

        def handler(response: Response) -> Json | bool:
            if response.error_code == DOCUMENT_NOT_FOUND and ignore_missing:
                return False
            if response.status_code == 412:
                raise DocumentRevisionError(response, request)
            raise_unless_success(response, request, DocumentDeleteError)
            if return_old:
                return {"old": response.body["old"]}
            return True

        return await self._execute(request, handler)


class VertexCollection(GraphCollection):
    """A vertex collection of a named graph: ``graph.vertex_collection(name)`` (no I/O).

    ``get``/``has``/``insert``/``update``/``replace``/``delete`` go through gharial;
    :meth:`delete` also removes the vertex's edges in the graph's edge collections.
    """

    _kind = "vertex"

    async def get(self, vertex: str | Json, *, rev: str | None = None,
                  check_rev: bool = True) -> Json | None:
        """The vertex, or ``None`` when it does not exist.

        :param vertex: a key, an ``_id``, or a dict with ``_key``/``_id``.
        :param rev: the expected revision (overrides ``vertex["_rev"]``); with ``check_rev``
            a different revision raises :class:`~arango_anyio.exceptions.DocumentRevisionError`.
        :raises DocumentGetError: e.g. 1949 when the collection is not part of the graph.
        """
        return await self._get(vertex, rev, check_rev)

    async def has(self, vertex: str | Json, *, rev: str | None = None,
                  check_rev: bool = True) -> bool:
        """True when the vertex exists (a revision mismatch raises
        :class:`~arango_anyio.exceptions.DocumentRevisionError`)."""
        return await self._has(vertex, rev, check_rev)

    @overload
    async def insert(self, vertex: Json, *, sync: bool | None = None,
                     silent: Literal[False] = False, return_new: bool = False) -> Json: ...
    @overload
    async def insert(self, vertex: Json, *, sync: bool | None = None, silent: Literal[True],
                     return_new: bool = False) -> bool: ...
    @overload
    async def insert(self, vertex: Json, *, sync: bool | None = None, silent: bool = False,
                     return_new: bool = False) -> Json | bool: ...
    async def insert(self, vertex: Json, *, sync: bool | None = None, silent: bool = False,
                     return_new: bool = False) -> Json | bool:
        """Insert a vertex; returns its metadata (``_id``, ``_key``, ``_rev``), or
        ``{"vertex": ..., "new": ...}`` with ``return_new``, or True with ``silent``.

        :raises DocumentInsertError: e.g. 1949 when the collection is not in the graph.
        """
        return await self._insert(vertex, sync, silent, return_new)

    @overload
    async def update(self, vertex: Json, *, check_rev: bool = True, keep_none: bool = True,
                     sync: bool | None = None, silent: Literal[False] = False,
                     return_old: bool = False, return_new: bool = False) -> Json: ...
    @overload
    async def update(self, vertex: Json, *, check_rev: bool = True, keep_none: bool = True,
                     sync: bool | None = None, silent: Literal[True], return_old: bool = False,
                     return_new: bool = False) -> bool: ...
    @overload
    async def update(self, vertex: Json, *, check_rev: bool = True, keep_none: bool = True,
                     sync: bool | None = None, silent: bool = False, return_old: bool = False,
                     return_new: bool = False) -> Json | bool: ...
    async def update(self, vertex: Json, *, check_rev: bool = True, keep_none: bool = True,
                     sync: bool | None = None, silent: bool = False, return_old: bool = False,
                     return_new: bool = False) -> Json | bool:
        """Merge ``vertex`` (with ``_key`` or ``_id``) into the stored vertex; with
        ``check_rev`` its ``_rev`` must match (``If-Match``). Returns the metadata
        (``_old_rev`` included), or ``{"vertex", "old", "new"}`` when asked."""
        return await self._update(vertex, check_rev, keep_none, sync, silent, return_old,
                                  return_new)

    @overload
    async def replace(self, vertex: Json, *, check_rev: bool = True, sync: bool | None = None,
                      silent: Literal[False] = False, return_old: bool = False,
                      return_new: bool = False) -> Json: ...
    @overload
    async def replace(self, vertex: Json, *, check_rev: bool = True, sync: bool | None = None,
                      silent: Literal[True], return_old: bool = False,
                      return_new: bool = False) -> bool: ...
    @overload
    async def replace(self, vertex: Json, *, check_rev: bool = True, sync: bool | None = None,
                      silent: bool = False, return_old: bool = False,
                      return_new: bool = False) -> Json | bool: ...
    async def replace(self, vertex: Json, *, check_rev: bool = True, sync: bool | None = None,
                      silent: bool = False, return_old: bool = False,
                      return_new: bool = False) -> Json | bool:
        """Replace the stored vertex with ``vertex`` (with ``_key`` or ``_id``)."""
        return await self._replace(vertex, check_rev, sync, silent, return_old, return_new)

    @overload
    async def delete(self, vertex: str | Json, *, rev: str | None = None, check_rev: bool = True,
                     ignore_missing: bool = False, sync: bool | None = None,
                     return_old: Literal[False] = False) -> bool: ...
    @overload
    async def delete(self, vertex: str | Json, *, rev: str | None = None, check_rev: bool = True,
                     ignore_missing: Literal[False] = False, sync: bool | None = None,
                     return_old: Literal[True]) -> Json: ...
    @overload
    async def delete(self, vertex: str | Json, *, rev: str | None = None, check_rev: bool = True,
                     ignore_missing: bool = False, sync: bool | None = None,
                     return_old: bool = False) -> Json | bool: ...
    async def delete(self, vertex: str | Json, *, rev: str | None = None,
                     check_rev: bool = True, ignore_missing: bool = False,
                     sync: bool | None = None, return_old: bool = False) -> Json | bool:
        """Delete a vertex and the edges connected to it; True (``{"old": ...}`` with
        ``return_old``), or False when it does not exist and ``ignore_missing`` is set."""
        return await self._delete(vertex, rev, check_rev, ignore_missing, sync, return_old)


class EdgeCollection(GraphCollection):
    """An edge collection of a named graph: ``graph.edge_collection(name)`` (no I/O).

    Writes are checked by the server against the graph: ``_from``/``_to`` must name vertex
    collections of the graph (else 1947) and existing vertices (else 1202).
    """

    _kind = "edge"

    async def get(self, edge: str | Json, *, rev: str | None = None,
                  check_rev: bool = True) -> Json | None:
        """The edge, or ``None`` when it does not exist (see
        :meth:`VertexCollection.get`)."""
        return await self._get(edge, rev, check_rev)

    async def has(self, edge: str | Json, *, rev: str | None = None,
                  check_rev: bool = True) -> bool:
        """True when the edge exists."""
        return await self._has(edge, rev, check_rev)

    @overload
    async def insert(self, edge: Json, *, sync: bool | None = None, silent: Literal[False] = False,
                     return_new: bool = False) -> Json: ...
    @overload
    async def insert(self, edge: Json, *, sync: bool | None = None, silent: Literal[True],
                     return_new: bool = False) -> bool: ...
    @overload
    async def insert(self, edge: Json, *, sync: bool | None = None, silent: bool = False,
                     return_new: bool = False) -> Json | bool: ...
    async def insert(self, edge: Json, *, sync: bool | None = None, silent: bool = False,
                     return_new: bool = False) -> Json | bool:
        """Insert an edge (it must have ``_from`` and ``_to``); returns its metadata, or
        ``{"edge": ..., "new": ...}`` with ``return_new``, or True with ``silent``.

        :raises DocumentInsertError: 1233 without ``_from``/``_to``, 1947 when an end is
            outside the graph, 1202 when an end does not exist, 1930 when the collection is
            not an edge collection of the graph.
        """
        return await self._insert(edge, sync, silent, return_new)

    @overload
    async def update(self, edge: Json, *, check_rev: bool = True, keep_none: bool = True,
                     sync: bool | None = None, silent: Literal[False] = False,
                     return_old: bool = False, return_new: bool = False) -> Json: ...
    @overload
    async def update(self, edge: Json, *, check_rev: bool = True, keep_none: bool = True,
                     sync: bool | None = None, silent: Literal[True], return_old: bool = False,
                     return_new: bool = False) -> bool: ...
    @overload
    async def update(self, edge: Json, *, check_rev: bool = True, keep_none: bool = True,
                     sync: bool | None = None, silent: bool = False, return_old: bool = False,
                     return_new: bool = False) -> Json | bool: ...
    async def update(self, edge: Json, *, check_rev: bool = True, keep_none: bool = True,
                     sync: bool | None = None, silent: bool = False, return_old: bool = False,
                     return_new: bool = False) -> Json | bool:
        """Merge ``edge`` (with ``_key`` or ``_id``) into the stored edge."""
        return await self._update(edge, check_rev, keep_none, sync, silent, return_old,
                                  return_new)

    @overload
    async def replace(self, edge: Json, *, check_rev: bool = True, sync: bool | None = None,
                      silent: Literal[False] = False, return_old: bool = False,
                      return_new: bool = False) -> Json: ...
    @overload
    async def replace(self, edge: Json, *, check_rev: bool = True, sync: bool | None = None,
                      silent: Literal[True], return_old: bool = False,
                      return_new: bool = False) -> bool: ...
    @overload
    async def replace(self, edge: Json, *, check_rev: bool = True, sync: bool | None = None,
                      silent: bool = False, return_old: bool = False,
                      return_new: bool = False) -> Json | bool: ...
    async def replace(self, edge: Json, *, check_rev: bool = True, sync: bool | None = None,
                      silent: bool = False, return_old: bool = False,
                      return_new: bool = False) -> Json | bool:
        """Replace the stored edge with ``edge`` (which must have ``_from`` and ``_to``)."""
        return await self._replace(edge, check_rev, sync, silent, return_old, return_new)

    @overload
    async def delete(self, edge: str | Json, *, rev: str | None = None, check_rev: bool = True,
                     ignore_missing: bool = False, sync: bool | None = None,
                     return_old: Literal[False] = False) -> bool: ...
    @overload
    async def delete(self, edge: str | Json, *, rev: str | None = None, check_rev: bool = True,
                     ignore_missing: Literal[False] = False, sync: bool | None = None,
                     return_old: Literal[True]) -> Json: ...
    @overload
    async def delete(self, edge: str | Json, *, rev: str | None = None, check_rev: bool = True,
                     ignore_missing: bool = False, sync: bool | None = None,
                     return_old: bool = False) -> Json | bool: ...
    async def delete(self, edge: str | Json, *, rev: str | None = None,
                     check_rev: bool = True, ignore_missing: bool = False,
                     sync: bool | None = None, return_old: bool = False) -> Json | bool:
        """Delete an edge; True (``{"old": ...}`` with ``return_old``), or False when it does
        not exist and ``ignore_missing`` is set."""
        return await self._delete(edge, rev, check_rev, ignore_missing, sync, return_old)

    @overload
    async def link(self, from_vertex: str | Json, to_vertex: str | Json, data: Json | None = None,
                   *, sync: bool | None = None, silent: Literal[False] = False,
                   return_new: bool = False) -> Json: ...
    @overload
    async def link(self, from_vertex: str | Json, to_vertex: str | Json, data: Json | None = None,
                   *, sync: bool | None = None, silent: Literal[True],
                   return_new: bool = False) -> bool: ...
    @overload
    async def link(self, from_vertex: str | Json, to_vertex: str | Json, data: Json | None = None,
                   *, sync: bool | None = None, silent: bool = False,
                   return_new: bool = False) -> Json | bool: ...
    async def link(self, from_vertex: str | Json, to_vertex: str | Json,
                   data: Json | None = None, *, sync: bool | None = None,
                   silent: bool = False, return_new: bool = False) -> Json | bool:
        """Insert an edge from ``from_vertex`` to ``to_vertex`` (``_id`` strings or dicts with
        ``_id``); ``data`` holds extra attributes (its ``_key``/``_id`` names the edge)."""
        edge: Json = {"_from": document_id(from_vertex, "vertex"),
                      "_to": document_id(to_vertex, "vertex")}
        if data is not None:
            edge.update(self._key_from_id_if_any(data))
        return await self._insert(edge, sync, silent, return_new)

    async def edges(self, vertex: str | Json, direction: str | None = None) -> Json:
        """The edges of this collection touching ``vertex``: ``{"edges": [...], "stats":
        {"filtered", "scanned_index"}}``. ``GET /_api/edges/{collection}``.

        :param direction: ``"in"``, ``"out"`` or None (both).
        """
        if direction is not None and direction not in _DIRECTIONS:
            raise InvalidArgumentError(f"direction must be 'in', 'out' or None: {direction!r}")
        params = {"vertex": document_id(vertex, "vertex"), "direction": direction}
        request = Request("GET", f"/_api/edges/{self._name_segment}", params=params,
                          read=self._name)

        def result(response: Response) -> Json:
            stats = response.body["stats"]
            return {"edges": response.body["edges"],
                    "stats": {"filtered": stats["filtered"],
                              "scanned_index": stats["scannedIndex"]}}

        return await self._call(request, EdgeListError, result)
