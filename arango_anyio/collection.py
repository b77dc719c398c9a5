"""Collection handles (python-arango's ``arango.collection``): ``db.collection(name)``."""

from arango_anyio._api.collection.collection import Collection, StandardCollection
from arango_anyio._api.collection.reads import CollectionQuery
from arango_anyio._api.collection.report import BulkReport, DocumentStatus
from arango_anyio._api.graph.collections import EdgeCollection, VertexCollection

__all__ = [
    "BulkReport",
    "Collection",
    "CollectionQuery",
    "DocumentStatus",
    "EdgeCollection",
    "StandardCollection",
    "VertexCollection",
]
