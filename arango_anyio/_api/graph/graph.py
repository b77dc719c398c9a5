"""Named graphs: ``db.graph(name)`` handles over ``/_api/gharial``.

A graph has edge definitions (an edge collection and the vertex collections its edges may
come from and go to) and orphan vertex collections. Vertices and edges written through the
graph (:meth:`Graph.insert_vertex`, ``graph.edge_collection(name).link(...)``, ...) are checked
by the server against those definitions.

Traversals are AQL: the JavaScript traversal API (``/_api/traversal``) is gone in ArangoDB
3.12, so :meth:`Graph.traverse` only remains for python-arango compatibility. Write instead::

    async with db.aql.execute(
        "FOR v, e, p IN 1..3 OUTBOUND @start GRAPH @graph RETURN p.vertices[*]._key",
        bind_vars={"start": "people/alice", "graph": "social"},
    ) as cursor:
        async for path in cursor:
            ...

(see ``examples/graph_traversal.py``).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Literal, TypeVar, overload

from arango_anyio._api.collection.base import collection_of, document_id
from arango_anyio._api.graph.collections import EdgeCollection, VertexCollection
from arango_anyio._api.graph.format import (
    edge_definition_body,
    format_edge_definition,
    format_graph_properties,
)
from arango_anyio._api.group import ApiGroup, Json
from arango_anyio._connection.connection import Connection
from arango_anyio._connection.url import segment
from arango_anyio._executors.base import Executor
from arango_anyio.exceptions import (
    EdgeCollectionListError,
    EdgeDefinitionCreateError,
    EdgeDefinitionDeleteError,
    EdgeDefinitionListError,
    EdgeDefinitionReplaceError,
    GraphPropertiesError,
    GraphTraverseError,
    InvalidArgumentError,
    VertexCollectionCreateError,
    VertexCollectionDeleteError,
    VertexCollectionListError,
)
from arango_anyio.request import Request
from arango_anyio.response import Response

__all__ = ["EdgeCollection", "Graph", "VertexCollection"]

T = TypeVar("T")


class Graph(ApiGroup):
    """A named graph (``db.graph(name)``; no I/O until a method is called)."""

    def __init__(self, connection: Connection, executor: Executor, name: str) -> None:
        super().__init__(connection, executor)
        if not isinstance(name, str) or not name:
            raise InvalidArgumentError(f"graph name must be a non-empty string: {name!r}")
        self._name = name

    @property
    def name(self) -> str:
        """The graph name."""
        return self._name

    def __repr__(self) -> str:
        return f"<Graph {self._name}>"

    @property
    def _path(self) -> str:
        return f"/_api/gharial/{segment(self._name, 'graph name')}"

    async def _read_graph(self, error: type[GraphPropertiesError | EdgeDefinitionListError],
                          transform: Callable[[Json], T]) -> T:
        """``GET /_api/gharial/{graph}``, the answer's ``graph`` mapped by ``transform``
        inside the handler (so it also works under async execution)."""
        request = Request("GET", self._path)
        return await self._call(request, error, lambda r: transform(r.body["graph"]))

    async def properties(self) -> Json:
        """The graph's properties: ``id``, ``key``, ``name``, ``revision``,
        ``orphan_collections``, ``edge_definitions`` (``edge_collection``,
        ``from_vertex_collections``, ``to_vertex_collections``) and, for SmartGraphs and
        SatelliteGraphs, ``smart``, ``smart_field``, ``shard_count``, ... ``GET
        /_api/gharial/{graph}``.

        :raises GraphPropertiesError: 1924 when the graph does not exist.
        """
        return await self._read_graph(GraphPropertiesError, format_graph_properties)

    # -- vertex collections -------------------------------------------------------------

    def vertex_collection(self, name: str) -> VertexCollection:
        """A handle to vertex collection ``name`` of this graph (no I/O)."""
        return VertexCollection(self._conn, self._executor, self._name, name)

    async def _vertex_collections(self, transform: Callable[[list[str]], T]) -> T:
        request = Request("GET", f"{self._path}/vertex")

        def result(response: Response) -> T:
            return transform(sorted(set(response.body["collections"])))

        return await self._call(request, VertexCollectionListError, result)

    async def vertex_collections(self) -> list[str]:
        """The names of the graph's vertex collections (those of the edge definitions and
        the orphans), sorted. ``GET /_api/gharial/{graph}/vertex``."""
        return await self._vertex_collections(lambda names: names)

    async def has_vertex_collection(self, name: str) -> bool:
        """True when ``name`` is a vertex collection of the graph."""
        return await self._vertex_collections(lambda names: name in names)

    async def create_vertex_collection(self, name: str, options: Json | None = None
                                       ) -> VertexCollection:
        """Add ``name`` as an orphan vertex collection (created when it does not exist) and
        return its handle. ``POST /_api/gharial/{graph}/vertex``.

        :param options: collection options, e.g. ``{"satellites": [...]}`` (enterprise).
        :raises VertexCollectionCreateError: 1938 already an orphan, 1929 already used by
            an edge definition, 1927 an existing edge collection.
        """
        data: Json = {"collection": name}
        if options is not None:
            data["options"] = dict(options)
        request = Request("POST", f"{self._path}/vertex", data=data)
        return await self._call(
            request, VertexCollectionCreateError, lambda r: self.vertex_collection(name))

    async def delete_vertex_collection(self, name: str, purge: bool = False) -> bool:
        """Remove orphan vertex collection ``name`` from the graph; with ``purge`` also drop
        it (unless another graph uses it). ``DELETE /_api/gharial/{graph}/vertex/{name}``.

        :raises VertexCollectionDeleteError: 1928 when an edge definition still uses it.
        """
        request = Request("DELETE", f"{self._path}/vertex/{segment(name, 'collection name')}",
                          params={"dropCollection": purge})
        return await self._call(request, VertexCollectionDeleteError, lambda r: True)

    # -- edge definitions ---------------------------------------------------------------

    def edge_collection(self, name: str) -> EdgeCollection:
        """A handle to edge collection ``name`` of this graph (no I/O)."""
        return EdgeCollection(self._conn, self._executor, self._name, name)

    async def edge_definitions(self) -> list[Json]:
        """The edge definitions: ``edge_collection``, ``from_vertex_collections``,
        ``to_vertex_collections``."""
        return await self._read_graph(
            EdgeDefinitionListError,
            lambda graph: [format_edge_definition(d) for d in graph["edgeDefinitions"]])

    async def has_edge_definition(self, name: str) -> bool:
        """True when the graph has an edge definition for edge collection ``name``."""
        return await self._read_graph(
            EdgeDefinitionListError,
            lambda graph: any(d["collection"] == name for d in graph["edgeDefinitions"]))

    async def edge_collections(self) -> list[str]:
        """The names of the graph's edge collections, sorted.
        ``GET /_api/gharial/{graph}/edge``.

        :raise EdgeCollectionListError: the server refused (404 for an unknown graph).
        """
        request = Request("GET", f"{self._path}/edge")
        return await self._call(request, EdgeCollectionListError,
                                lambda r: sorted(r.body["collections"]))

    async def has_edge_collection(self, name: str) -> bool:
        """True when ``name`` is an edge collection of the graph (same as
        :meth:`has_edge_definition`)."""
        return await self.has_edge_definition(name)

    async def create_edge_definition(self, edge_collection: str,
                                     from_vertex_collections: Sequence[str],
                                     to_vertex_collections: Sequence[str],
                                     options: Json | None = None) -> EdgeCollection:
        """Add an edge definition (missing collections are created) and return the edge
        collection's handle. ``POST /_api/gharial/{graph}/edge``.

        :param options: e.g. ``{"satellites": [...]}`` (enterprise).
        :raises EdgeDefinitionCreateError: 1920 already defined in this graph, 1921 defined
            differently in another graph, 1923 malformed, 1944 a document collection.
        """
        data = edge_definition_body(edge_collection, from_vertex_collections,
                                    to_vertex_collections)
        if options is not None:
            data["options"] = dict(options)
        request = Request("POST", f"{self._path}/edge", data=data)
        return await self._call(
            request, EdgeDefinitionCreateError, lambda r: self.edge_collection(edge_collection))

    async def replace_edge_definition(self, edge_collection: str,
                                      from_vertex_collections: Sequence[str],
                                      to_vertex_collections: Sequence[str],
                                      options: Json | None = None) -> EdgeCollection:
        """Replace the vertex collections of an edge definition (in every graph that uses
        the edge collection). ``PUT /_api/gharial/{graph}/edge/{edge_collection}``.

        :raises EdgeDefinitionReplaceError: 1930 when the graph has no such definition.
        """
        data = edge_definition_body(edge_collection, from_vertex_collections,
                                    to_vertex_collections)
        if options is not None:
            data["options"] = dict(options)
        request = Request(
            "PUT", f"{self._path}/edge/{segment(edge_collection, 'collection name')}",
            data=data)
        return await self._call(
            request, EdgeDefinitionReplaceError, lambda r: self.edge_collection(edge_collection))

    async def delete_edge_definition(self, name: str, purge: bool = False) -> bool:
        """Remove the edge definition of ``name`` (its vertex collections no other
        definition uses become orphans); with ``purge`` also drop the edge collection.
        ``DELETE /_api/gharial/{graph}/edge/{name}``.

        :raises EdgeDefinitionDeleteError: 1930 when the graph has no such definition.
        """
        request = Request("DELETE", f"{self._path}/edge/{segment(name, 'collection name')}",
                          params={"dropCollections": purge})
        return await self._call(request, EdgeDefinitionDeleteError, lambda r: True)

    # -- traversal (gone from the server) -----------------------------------------------

    async def traverse(self, start_vertex: str | Json, direction: str = "outbound",
                       item_order: str = "forward", strategy: str | None = None,
                       order: str | None = None, edge_uniqueness: str | None = None,
                       vertex_uniqueness: str | None = None, max_iter: int | None = None,
                       min_depth: int | None = None, max_depth: int | None = None,
                       init_func: str | None = None, sort_func: str | None = None,
                       filter_func: str | None = None, visitor_func: str | None = None,
                       expander_func: str | None = None) -> Json:
        """Deprecated: the JavaScript traversal API (``POST /_api/traversal``), removed in
        ArangoDB 3.12 (a 3.12 server answers 404). Use an AQL traversal instead::

            FOR v, e, p IN 1..3 OUTBOUND @start GRAPH @graph RETURN v

        Emits a :class:`DeprecationWarning`, as python-arango does.

        :raises GraphTraverseError: whenever the server refuses (always on 3.12).
        """
        warnings.warn("The HTTP traversal API is deprecated since version 3.4.0 and removed "
                      "in 3.12; traverse graphs with AQL (FOR v, e, p IN ... GRAPH ...).",
                      DeprecationWarning, stacklevel=2)
        if strategy is not None and strategy.lower() in ("dfs", "bfs"):
            strategy = "depthfirst" if strategy.lower() == "dfs" else "breadthfirst"
        uniqueness = {k: v for k, v in (("vertices", vertex_uniqueness),
                                        ("edges", edge_uniqueness)) if v is not None}
        data = {"startVertex": document_id(start_vertex, "vertex"), "graphName": self._name,
                "direction": direction, "strategy": strategy, "order": order,
                "itemOrder": item_order, "uniqueness": uniqueness or None,
                "maxIterations": max_iter, "minDepth": min_depth, "maxDepth": max_depth,
                "init": init_func, "filter": filter_func, "visitor": visitor_func,
                "sort": sort_func, "expander": expander_func}
        request = Request("POST", "/_api/traversal",
                          data={k: v for k, v in data.items() if v is not None})
        return await self._call(request, GraphTraverseError,
                                lambda r: r.body["result"]["visited"])

    # -- vertices -------------------------------------------------------------------------

    async def has_vertex(self, vertex: str | Json, *, rev: str | None = None,
                         check_rev: bool = True) -> bool:
        """True when the vertex (an ``_id`` or a dict with ``_id``) exists."""
        collection = self.vertex_collection(collection_of(vertex, "vertex"))
        return await collection.has(vertex, rev=rev, check_rev=check_rev)

    async def vertex(self, vertex: str | Json, *, rev: str | None = None,
                     check_rev: bool = True) -> Json | None:
        """The vertex (an ``_id`` or a dict with ``_id``), or None when it does not exist."""
        collection = self.vertex_collection(collection_of(vertex, "vertex"))
        return await collection.get(vertex, rev=rev, check_rev=check_rev)

    @overload
    async def insert_vertex(self, collection: str, vertex: Json, *, sync: bool | None = None,
                            silent: Literal[False] = False, return_new: bool = False) -> Json: ...
    @overload
    async def insert_vertex(self, collection: str, vertex: Json, *, sync: bool | None = None,
                            silent: Literal[True], return_new: bool = False) -> bool: ...
    @overload
    async def insert_vertex(self, collection: str, vertex: Json, *, sync: bool | None = None,
                            silent: bool = False, return_new: bool = False) -> Json | bool: ...
    async def insert_vertex(self, collection: str, vertex: Json, *, sync: bool | None = None,
                            silent: bool = False, return_new: bool = False) -> Json | bool:
        """Insert ``vertex`` into vertex collection ``collection`` of the graph."""
        return await self.vertex_collection(collection).insert(
            vertex, sync=sync, silent=silent, return_new=return_new)

    @overload
    async def update_vertex(self, vertex: Json, *, check_rev: bool = True, keep_none: bool = True,
                            sync: bool | None = None, silent: Literal[False] = False,
                            return_old: bool = False, return_new: bool = False) -> Json: ...
    @overload
    async def update_vertex(self, vertex: Json, *, check_rev: bool = True, keep_none: bool = True,
                            sync: bool | None = None, silent: Literal[True],
                            return_old: bool = False, return_new: bool = False) -> bool: ...
    @overload
    async def update_vertex(self, vertex: Json, *, check_rev: bool = True, keep_none: bool = True,
                            sync: bool | None = None, silent: bool = False,
                            return_old: bool = False, return_new: bool = False) -> Json | bool: ...
    async def update_vertex(self, vertex: Json, *, check_rev: bool = True, keep_none: bool = True,
                            sync: bool | None = None, silent: bool = False,
                            return_old: bool = False, return_new: bool = False
                            ) -> Json | bool:
        """Update a vertex (a dict with ``_id``)."""
        collection = self.vertex_collection(collection_of(vertex, "vertex"))
        return await collection.update(vertex, check_rev=check_rev, keep_none=keep_none,
                                       sync=sync, silent=silent, return_old=return_old,
                                       return_new=return_new)

    @overload
    async def replace_vertex(self, vertex: Json, *, check_rev: bool = True,
                             sync: bool | None = None, silent: Literal[False] = False,
                             return_old: bool = False, return_new: bool = False) -> Json: ...
    @overload
    async def replace_vertex(self, vertex: Json, *, check_rev: bool = True,
                             sync: bool | None = None, silent: Literal[True],
                             return_old: bool = False, return_new: bool = False) -> bool: ...
    @overload
    async def replace_vertex(self, vertex: Json, *, check_rev: bool = True,
                             sync: bool | None = None, silent: bool = False,
                             return_old: bool = False, return_new: bool = False) -> Json | bool: ...
    async def replace_vertex(self, vertex: Json, *, check_rev: bool = True,
                             sync: bool | None = None, silent: bool = False,
                             return_old: bool = False, return_new: bool = False
                             ) -> Json | bool:
        """Replace a vertex (a dict with ``_id``)."""
        collection = self.vertex_collection(collection_of(vertex, "vertex"))
        return await collection.replace(vertex, check_rev=check_rev, sync=sync,
                                        silent=silent, return_old=return_old,
                                        return_new=return_new)

    @overload
    async def delete_vertex(self, vertex: str | Json, *, rev: str | None = None,
                            check_rev: bool = True, ignore_missing: bool = False,
                            sync: bool | None = None,
                            return_old: Literal[False] = False) -> bool: ...
    @overload
    async def delete_vertex(self, vertex: str | Json, *, rev: str | None = None,
                            check_rev: bool = True, ignore_missing: Literal[False] = False,
                            sync: bool | None = None, return_old: Literal[True]) -> Json: ...
    @overload
    async def delete_vertex(self, vertex: str | Json, *, rev: str | None = None,
                            check_rev: bool = True, ignore_missing: bool = False,
                            sync: bool | None = None, return_old: bool = False) -> Json | bool: ...
    async def delete_vertex(self, vertex: str | Json, *, rev: str | None = None,
                            check_rev: bool = True, ignore_missing: bool = False,
                            sync: bool | None = None, return_old: bool = False
                            ) -> Json | bool:
        """Delete a vertex (an ``_id`` or a dict with ``_id``) and its edges."""
        collection = self.vertex_collection(collection_of(vertex, "vertex"))
        return await collection.delete(vertex, rev=rev, check_rev=check_rev,
                                       ignore_missing=ignore_missing, sync=sync,
                                       return_old=return_old)

    # -- edges ----------------------------------------------------------------------------

    async def has_edge(self, edge: str | Json, *, rev: str | None = None,
                       check_rev: bool = True) -> bool:
        """True when the edge (an ``_id`` or a dict with ``_id``) exists."""
        collection = self.edge_collection(collection_of(edge, "edge"))
        return await collection.has(edge, rev=rev, check_rev=check_rev)

    async def edge(self, edge: str | Json, *, rev: str | None = None,
                   check_rev: bool = True) -> Json | None:
        """The edge (an ``_id`` or a dict with ``_id``), or None when it does not exist."""
        collection = self.edge_collection(collection_of(edge, "edge"))
        return await collection.get(edge, rev=rev, check_rev=check_rev)

    @overload
    async def insert_edge(self, collection: str, edge: Json, *, sync: bool | None = None,
                          silent: Literal[False] = False, return_new: bool = False) -> Json: ...
    @overload
    async def insert_edge(self, collection: str, edge: Json, *, sync: bool | None = None,
                          silent: Literal[True], return_new: bool = False) -> bool: ...
    @overload
    async def insert_edge(self, collection: str, edge: Json, *, sync: bool | None = None,
                          silent: bool = False, return_new: bool = False) -> Json | bool: ...
    async def insert_edge(self, collection: str, edge: Json, *, sync: bool | None = None,
                          silent: bool = False, return_new: bool = False) -> Json | bool:
        """Insert ``edge`` (with ``_from`` and ``_to``) into edge collection
        ``collection`` of the graph."""
        return await self.edge_collection(collection).insert(
            edge, sync=sync, silent=silent, return_new=return_new)

    @overload
    async def update_edge(self, edge: Json, *, check_rev: bool = True, keep_none: bool = True,
                          sync: bool | None = None, silent: Literal[False] = False,
                          return_old: bool = False, return_new: bool = False) -> Json: ...
    @overload
    async def update_edge(self, edge: Json, *, check_rev: bool = True, keep_none: bool = True,
                          sync: bool | None = None, silent: Literal[True], return_old: bool = False,
                          return_new: bool = False) -> bool: ...
    @overload
    async def update_edge(self, edge: Json, *, check_rev: bool = True, keep_none: bool = True,
                          sync: bool | None = None, silent: bool = False, return_old: bool = False,
                          return_new: bool = False) -> Json | bool: ...
    async def update_edge(self, edge: Json, *, check_rev: bool = True, keep_none: bool = True,
                          sync: bool | None = None, silent: bool = False,
                          return_old: bool = False, return_new: bool = False) -> Json | bool:
        """Update an edge (a dict with ``_id``)."""
        collection = self.edge_collection(collection_of(edge, "edge"))
        return await collection.update(edge, check_rev=check_rev, keep_none=keep_none,
                                       sync=sync, silent=silent, return_old=return_old,
                                       return_new=return_new)

    @overload
    async def replace_edge(self, edge: Json, *, check_rev: bool = True, sync: bool | None = None,
                           silent: Literal[False] = False, return_old: bool = False,
                           return_new: bool = False) -> Json: ...
    @overload
    async def replace_edge(self, edge: Json, *, check_rev: bool = True, sync: bool | None = None,
                           silent: Literal[True], return_old: bool = False,
                           return_new: bool = False) -> bool: ...
    @overload
    async def replace_edge(self, edge: Json, *, check_rev: bool = True, sync: bool | None = None,
                           silent: bool = False, return_old: bool = False,
                           return_new: bool = False) -> Json | bool: ...
    async def replace_edge(self, edge: Json, *, check_rev: bool = True, sync: bool | None = None,
                           silent: bool = False, return_old: bool = False,
                           return_new: bool = False) -> Json | bool:
        """Replace an edge (a dict with ``_id``, ``_from`` and ``_to``)."""
        collection = self.edge_collection(collection_of(edge, "edge"))
        return await collection.replace(edge, check_rev=check_rev, sync=sync, silent=silent,
                                        return_old=return_old, return_new=return_new)

    @overload
    async def delete_edge(self, edge: str | Json, *, rev: str | None = None, check_rev: bool = True,
                          ignore_missing: bool = False, sync: bool | None = None,
                          return_old: Literal[False] = False) -> bool: ...
    @overload
    async def delete_edge(self, edge: str | Json, *, rev: str | None = None, check_rev: bool = True,
                          ignore_missing: Literal[False] = False, sync: bool | None = None,
                          return_old: Literal[True]) -> Json: ...
    @overload
    async def delete_edge(self, edge: str | Json, *, rev: str | None = None, check_rev: bool = True,
                          ignore_missing: bool = False, sync: bool | None = None,
                          return_old: bool = False) -> Json | bool: ...
    async def delete_edge(self, edge: str | Json, *, rev: str | None = None,
                          check_rev: bool = True, ignore_missing: bool = False,
                          sync: bool | None = None, return_old: bool = False) -> Json | bool:
        """Delete an edge (an ``_id`` or a dict with ``_id``)."""
        collection = self.edge_collection(collection_of(edge, "edge"))
        return await collection.delete(edge, rev=rev, check_rev=check_rev,
                                       ignore_missing=ignore_missing, sync=sync,
                                       return_old=return_old)

    @overload
    async def link(self, collection: str, from_vertex: str | Json, to_vertex: str | Json,
                   data: Json | None = None, *, sync: bool | None = None,
                   silent: Literal[False] = False, return_new: bool = False) -> Json: ...
    @overload
    async def link(self, collection: str, from_vertex: str | Json, to_vertex: str | Json,
                   data: Json | None = None, *, sync: bool | None = None, silent: Literal[True],
                   return_new: bool = False) -> bool: ...
    @overload
    async def link(self, collection: str, from_vertex: str | Json, to_vertex: str | Json,
                   data: Json | None = None, *, sync: bool | None = None, silent: bool = False,
                   return_new: bool = False) -> Json | bool: ...
    async def link(self, collection: str, from_vertex: str | Json, to_vertex: str | Json,
                   data: Json | None = None, *, sync: bool | None = None, silent: bool = False,
                   return_new: bool = False) -> Json | bool:
        """Insert an edge into ``collection`` from ``from_vertex`` to ``to_vertex``."""
        return await self.edge_collection(collection).link(
            from_vertex, to_vertex, data, sync=sync, silent=silent, return_new=return_new)

    async def edges(self, collection: str, vertex: str | Json,
                    direction: str | None = None) -> Json:
        """The edges of ``collection`` touching ``vertex`` (``direction`` ``"in"``,
        ``"out"`` or None for both): ``{"edges": [...], "stats": {...}}``."""
        return await self.edge_collection(collection).edges(vertex, direction)
