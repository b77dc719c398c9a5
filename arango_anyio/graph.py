"""Named graphs (python-arango's ``arango.graph``): ``db.graph(name)`` and its vertex and edge
collections."""

from arango_anyio._api.graph.collections import EdgeCollection, VertexCollection
from arango_anyio._api.graph.graph import Graph

__all__ = ["EdgeCollection", "Graph", "VertexCollection"]
