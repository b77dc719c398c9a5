"""Named graphs on a database handle: ``db.graph``, ``db.graphs``, ``db.has_graph``,
``db.create_graph``, ``db.delete_graph`` (``/_api/gharial``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from arango_anyio._api.graph.format import edge_definitions_body, format_graph_properties
from arango_anyio._api.graph.graph import Graph
from arango_anyio._api.group import ApiGroup, Json
from arango_anyio._connection.url import segment
from arango_anyio._executors.handling import raise_unless_success
from arango_anyio.errno import GRAPH_NOT_FOUND
from arango_anyio.exceptions import (
    GraphCreateError,
    GraphDeleteError,
    GraphListError,
    InvalidArgumentError,
)
from arango_anyio.request import Request
from arango_anyio.response import Response


class GraphsMixin(ApiGroup):
    """Named graphs."""

    def graph(self, name: str) -> Graph:
        """A handle to graph ``name`` (no I/O)."""
        return Graph(self._conn, self._executor, name)

    async def has_graph(self, name: str) -> bool:
        """True when graph ``name`` exists. ``GET /_api/gharial/{name}``."""
        request = Request("GET", f"/_api/gharial/{segment(name, 'graph name')}")

        def handler(response: Response) -> bool:
            if response.error_code == GRAPH_NOT_FOUND:
                return False
            raise_unless_success(response, request, GraphListError)
            return True

        return await self._execute(request, handler)

    async def graphs(self) -> list[Json]:
        """Every graph of the database, described like :meth:`Graph.properties
        <arango_anyio.Graph.properties>` (``id``, ``name``, ``revision``,
        ``edge_definitions``, ``orphan_collections``, ...). ``GET /_api/gharial``."""
        request = Request("GET", "/_api/gharial")

        def result(response: Response) -> list[Json]:
            return [format_graph_properties(g) for g in response.body["graphs"]]

        return await self._call(request, GraphListError, result)

    async def create_graph(
        self,
        name: str,
        edge_definitions: Sequence[Mapping[str, Any]] | None = None,
        orphan_collections: Sequence[str] | None = None,
        smart: bool | None = None,
        disjoint: bool | None = None,
        smart_field: str | None = None,
        shard_count: int | None = None,
        replication_factor: int | str | None = None,
        write_concern: int | None = None,
        satellites: Sequence[str] | None = None,
        sync: bool | None = None,
        *,
        satellite_collections: Sequence[str] | None = None,
    ) -> Graph:
        """Create a graph (and the collections it names that do not exist) and return its
        handle. ``POST /_api/gharial``.

        :param edge_definitions: dicts with ``edge_collection``, ``from_vertex_collections``
            and ``to_vertex_collections`` (python-arango's shape; the server's
            ``collection``/``from``/``to`` is accepted too).
        :param orphan_collections: vertex collections outside any edge definition.
        :param smart: create a SmartGraph (with ``smart_field``) or EnterpriseGraph
            (enterprise edition); ``disjoint`` makes it a Disjoint SmartGraph.
        :param smart_field: the SmartGraph sharding attribute (``smartGraphAttribute``).
        :param shard_count: ``numberOfShards`` for the graph's new collections.
        :param replication_factor: an int, or ``"satellite"`` for a SatelliteGraph.
        :param write_concern: ``writeConcern`` for the graph's new collections.
        :param satellites: collections to create as SatelliteCollections in a SmartGraph
            (``satellite_collections`` is accepted as an alias).
        :param sync: wait until the graph definition is synced to disk.
        :raises GraphCreateError: e.g. 1925 when the name is taken, 1921 when another
            graph defines an edge collection differently.
        """
        if not isinstance(name, str) or not name:
            raise InvalidArgumentError(f"graph name must be a non-empty string: {name!r}")
        if satellites is not None and satellite_collections is not None:
            raise InvalidArgumentError("give satellites or satellite_collections, not both")
        satellites = satellites if satellites is not None else satellite_collections
        options: Json = {}
        data: Json = {"name": name}
        if edge_definitions is not None:
            data["edgeDefinitions"] = edge_definitions_body(edge_definitions)
        if orphan_collections is not None:
            data["orphanCollections"] = list(orphan_collections)
        if smart is not None:
            data["isSmart"] = smart
        if disjoint is not None:
            data["isDisjoint"] = disjoint
        for key, value in (("smartGraphAttribute", smart_field),
                           ("numberOfShards", shard_count),
                           ("replicationFactor", replication_factor),
                           ("writeConcern", write_concern)):
            if value is not None:
                options[key] = value
        if satellites is not None:
            options["satellites"] = list(satellites)
        if options:
            data["options"] = options
        request = Request("POST", "/_api/gharial", data=data, params={"waitForSync": sync})
        return await self._call(request, GraphCreateError, lambda r: self.graph(name))

    async def delete_graph(self, name: str, ignore_missing: bool = False,
                           drop_collections: bool | None = None) -> bool:
        """Drop graph ``name``; with ``drop_collections`` also its collections that no other
        graph uses. Returns True, or False when the graph does not exist and
        ``ignore_missing`` is set. ``DELETE /_api/gharial/{name}``.

        :raises GraphDeleteError: 1924 when the graph does not exist (without
            ``ignore_missing``).
        """
        request = Request("DELETE", f"/_api/gharial/{segment(name, 'graph name')}",
                          params={"dropCollections": drop_collections})
        return await self._call_delete(request, GraphDeleteError, ignore_missing, GRAPH_NOT_FOUND)
