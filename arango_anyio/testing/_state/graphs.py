"""Named graphs (gharial): definitions kept as documents of the ``_graphs`` system collection,
as the server keeps them, so AQL's ``GRAPH "name"`` (see the AQL bridge) reads the same data.

:class:`GraphDef` is one graph's definition with the server's validation rules;
:class:`GraphStore` loads, stores and removes definitions and creates or drops the collections
they use. Error numbers and their order follow ArangoDB 3.12's ``GraphManager`` and ``Graph``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._state.collection import DOCUMENT, EDGE, Collection, Doc
from arango_anyio.testing._state.database import Database
from arango_anyio.testing._state.docs import Access
from arango_anyio.testing._state.keys import valid_key

GRAPHS = "_graphs"
#: An edge definition: (edge collection, sorted from collections, sorted to collections).
EdgeDef = tuple[str, list[str], list[str]]


def not_found(name: str) -> EmuError:
    """404/1924 for graph ``name``."""
    return EmuError(1924, f"graph '{name}' not found", http_code=404)


def _names(value: Any, error: int) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise EmuError(error, http_code=400)
    return sorted(set(value))


def parse_edge_definition(value: Any) -> EdgeDef:
    """An edge definition ``{collection, from, to}`` (400/1923 when malformed or when
    ``from``/``to`` is empty)."""
    if not isinstance(value, dict) or not isinstance(value.get("collection"), str) \
            or not value["collection"]:
        raise EmuError(1923, http_code=400)
    sources = _names(value.get("from"), 1923)
    targets = _names(value.get("to"), 1923)
    if not sources or not targets:
        raise EmuError(1923, http_code=400)
    return value["collection"], sources, targets


class GraphDef:
    """One named graph: its edge definitions, orphan collections and (enterprise) options."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.edge_defs: dict[str, EdgeDef] = {}
        self.orphans: set[str] = set()
        #: smart/satellite attributes reported with the graph (empty for a general graph)
        self.extra: dict[str, Any] = {}
        self.rev = ""

    # -- what the graph holds ------------------------------------------------------------

    def vertex_collections(self) -> set[str]:
        """Every vertex collection: those of the edge definitions and the orphans."""
        out = set(self.orphans)
        for _, sources, targets in self.edge_defs.values():
            out.update(sources)
            out.update(targets)
        return out

    def edge_vertex_collections(self) -> set[str]:
        """Vertex collections used by edge definitions (orphans excluded)."""
        return self.vertex_collections() - self.orphans

    def uses(self, name: str) -> bool:
        """True when collection ``name`` is an edge or vertex collection of the graph."""
        return name in self.edge_defs or name in self.vertex_collections()

    # -- changes (the server's Graph rules) ----------------------------------------------

    def add_edge_definition(self, edge_def: EdgeDef) -> None:
        """Add ``edge_def`` (400/1920 when its collection is already used here); its vertex
        collections stop being orphans."""
        name = edge_def[0]
        if name in self.edge_defs:
            raise EmuError(1920, f"{name} multi use of edge collection in edge def",
                           http_code=400)
        self.edge_defs[name] = edge_def
        self.orphans -= set(edge_def[1]) | set(edge_def[2])

    def remove_edge_definition(self, name: str) -> EdgeDef:
        """Remove the definition of ``name``; vertex collections no longer used by any
        edge definition become orphans."""
        old = self.edge_defs.pop(name)
        still_used = self.edge_vertex_collections()
        for vertex in set(old[1]) | set(old[2]):
            if vertex not in still_used:
                self.orphans.add(vertex)
        return old

    def add_orphan(self, name: str) -> None:
        """Add an orphan (400/1938 already an orphan, 400/1929 used in an edge definition)."""
        if name in self.orphans:
            raise EmuError(1938, http_code=400)
        if name in self.vertex_collections():
            raise EmuError(1929, f"{name} collection already used in edge def",
                           http_code=400)
        self.orphans.add(name)

    # -- documents -----------------------------------------------------------------------

    def to_doc(self) -> Doc:
        """The stored form (``_key``, cluster/enterprise attributes, definitions, orphans)."""
        doc: Doc = {"_key": self.name}
        extra = self.extra
        for attr in ("numberOfShards", "replicationFactor", "minReplicationFactor",
                     "writeConcern", "isSmart", "isSatellite"):
            if attr in extra:
                doc[attr] = extra[attr]
        doc["edgeDefinitions"] = [{"collection": name, "from": list(src), "to": list(dst)}
                                  for name, src, dst in sorted(self.edge_defs.values())]
        doc["orphanCollections"] = sorted(self.orphans)
        for attr in ("initial", "smartGraphAttribute", "isDisjoint"):
            if attr in extra:
                doc[attr] = extra[attr]
        return doc

    def for_client(self) -> Doc:
        """The graph as gharial answers it: the stored form plus ``_rev``, ``_id``, ``name``."""
        doc = self.to_doc()
        doc["_rev"] = self.rev
        doc["_id"] = f"{GRAPHS}/{self.name}"
        doc["name"] = self.name
        return doc

    @classmethod
    def from_doc(cls, doc: Doc) -> GraphDef:
        """A definition read back from ``_graphs``."""
        graph = cls(str(doc["_key"]))
        for item in doc.get("edgeDefinitions") or ():
            name = item["collection"]
            graph.edge_defs[name] = (name, sorted(item.get("from", ())),
                                     sorted(item.get("to", ())))
        graph.orphans = set(doc.get("orphanCollections") or ())
        graph.extra = {k: v for k, v in doc.items()
                       if k not in ("_key", "_id", "_rev", "edgeDefinitions",
                                    "orphanCollections", "name")}
        graph.rev = str(doc.get("_rev", ""))
        return graph

    @classmethod
    def from_input(cls, body: dict[str, Any]) -> GraphDef:
        """A new graph from a ``POST /_api/gharial`` body (name, edgeDefinitions,
        orphanCollections, isSmart, isDisjoint, options)."""
        name = body.get("name")
        if not isinstance(name, str) or not name:
            raise EmuError(1922, http_code=400)
        if not valid_key(name):
            raise EmuError(1221, http_code=400)
        graph = cls(name)
        definitions = body.get("edgeDefinitions", [])
        if definitions is None:
            definitions = []
        if not isinstance(definitions, list):
            raise EmuError(1923, http_code=400)
        for item in definitions:
            graph.add_edge_definition(parse_edge_definition(item))
        orphans = body.get("orphanCollections", [])
        for orphan in _names([] if orphans is None else orphans, 1943):
            if orphan not in graph.vertex_collections():  # the server ignores overlaps
                graph.orphans.add(orphan)
        options = body.get("options")
        graph.extra = _enterprise_attributes(body, options if isinstance(options, dict)
                                             else {}, graph)
        return graph


def _enterprise_attributes(body: dict[str, Any], options: dict[str, Any],
                           graph: GraphDef) -> dict[str, Any]:
    """What a single server reports for SmartGraphs, EnterpriseGraphs and SatelliteGraphs
    (nothing for a General Graph), as recorded from ArangoDB 3.12."""
    smart_attribute = options.get("smartGraphAttribute")
    smart = bool(body.get("isSmart")) or isinstance(smart_attribute, str)
    satellite = options.get("replicationFactor") == "satellite"
    if not smart and not satellite:
        return {}
    satellites = set(options.get("satellites") or ()) if smart else set()
    ordered = [v for _, sources, targets in sorted(graph.edge_defs.values())
               for v in (*sources, *targets)] + sorted(graph.orphans)
    candidates = [v for v in ordered if v not in satellites]
    extra: dict[str, Any]
    if satellite and not smart:
        extra = {"numberOfShards": 1, "replicationFactor": "satellite", "isSmart": False,
                 "isSatellite": True}
    else:
        shards = options.get("numberOfShards", 1)
        extra = {"numberOfShards": shards, "replicationFactor": options.get(
                     "replicationFactor", 1), "minReplicationFactor": 1,
                 "writeConcern": options.get("writeConcern", 1), "isSmart": True,
                 "isSatellite": False}
    if candidates:
        extra["initial"] = candidates[0]
    if smart:
        if isinstance(smart_attribute, str):
            extra["smartGraphAttribute"] = smart_attribute
        extra["isDisjoint"] = bool(body.get("isDisjoint", options.get("isDisjoint", False)))
    return extra


class GraphStore:
    """The graphs of one database, kept in its ``_graphs`` collection.

    ``access`` writes to ``_graphs`` directly (graph management is never part of a stream
    transaction) and without permission checks (the handlers check database access first).
    """

    def __init__(self, database: Database, access: Access) -> None:
        self.database = database
        self.access = access

    @property
    def _graphs(self) -> Collection:
        return self.database.get(GRAPHS)

    def find(self, name: str) -> GraphDef | None:
        """Graph ``name`` or None."""
        doc = self.access.get(self._graphs, name) if valid_key(name) else None
        return GraphDef.from_doc(doc) if doc is not None else None

    def load(self, name: str) -> GraphDef:
        """Graph ``name`` (404/1924 when unknown)."""
        graph = self.find(name)
        if graph is None:
            raise not_found(name)
        return graph

    def all(self) -> list[GraphDef]:
        """Every graph of the database."""
        return [GraphDef.from_doc(doc) for doc in self.access.scan(self._graphs)]

    def sync_default(self) -> bool:
        """``waitForSync`` of ``_graphs`` (decides 201 vs 202 when the request has none)."""
        return self._graphs.wait_for_sync

    def save(self, graph: GraphDef, *, insert: bool) -> GraphDef:
        """Store ``graph`` (insert or replace); sets its new ``_rev``."""
        doc = graph.to_doc()
        if insert:
            _, new, _ = self.access.insert(self._graphs, doc, {})
        else:
            _, new = self.access.replace(self._graphs, graph.name, doc, {})
        assert new is not None
        graph.rev = str(new["_rev"])
        return graph

    def remove(self, graph: GraphDef) -> None:
        """Remove the stored definition of ``graph``."""
        self.access.remove(self._graphs, graph.name, {})

    # -- checks across graphs ------------------------------------------------------------

    def check_conflicts(self, edge_defs: Iterable[EdgeDef], graph_name: str) -> None:
        """400/1921 when another graph defines one of these edge collections differently."""
        wanted = {d[0]: d for d in edge_defs}
        for other in self.all():
            if other.name == graph_name:
                continue
            for name, definition in other.edge_defs.items():
                mine = wanted.get(name)
                if mine is not None and mine != definition:
                    raise EmuError(1921, f"{name} edge collection already used in edge def",
                                   http_code=400)

    def used_elsewhere(self, collection: str, graph_name: str) -> bool:
        """True when a graph other than ``graph_name`` uses ``collection``."""
        return any(g.uses(collection) or collection in g.orphans
                   for g in self.all() if g.name != graph_name)

    # -- collections ---------------------------------------------------------------------

    def ensure_collections(self, graph: GraphDef, options: dict[str, Any]) -> None:
        """Create the graph's missing collections (edge collections as edge collections);
        400/1944 when an existing edge collection of it is a document collection. Nothing
        is created when a check fails."""
        database = self.database
        create_edges: list[str] = []
        for name in sorted(graph.edge_defs):
            found = database.find(name)
            if found is None:
                create_edges.append(name)
            elif found.type != EDGE:
                raise EmuError(1944, f"Collection: '{name}' is not an EdgeCollection",
                               http_code=400)
        create_docs = [name for name in sorted(graph.vertex_collections())
                       if database.find(name) is None and name not in create_edges]
        for name in create_docs:
            database.create_collection(name, DOCUMENT, dict(options))
        for name in create_edges:
            database.create_collection(name, EDGE, dict(options))

    def drop_collection(self, name: str) -> None:
        """Drop collection ``name`` if it exists (and forget it in running transactions)."""
        collection = self.database.find(name)
        if collection is None:
            return
        for trx in self.access.transactions.running():
            trx.writes.pop(collection, None)
        self.database.drop_collection(collection)


def vertex_collections(graph: Doc) -> list[str]:
    """The sorted vertex collections (edge definitions and orphans) of a graph answer."""
    return sorted(GraphDef.from_doc(graph).vertex_collections())


def edge_collections(graph: Doc) -> list[str]:
    """The sorted edge collections of a graph answer."""
    return sorted(item["collection"] for item in graph.get("edgeDefinitions") or ())


class Graphs:
    """Gharial's operations on the graphs of ``access``'s database; every method answers
    the graph as the server reports it (:meth:`GraphDef.for_client`)."""

    def __init__(self, access: Access) -> None:
        self.store = GraphStore(access.database, access.unchecked())

    def get(self, name: str) -> Doc:
        """Graph ``name`` (404/1924)."""
        return self.store.load(name).for_client()

    def definition(self, name: str) -> GraphDef:
        """The definition of graph ``name`` (404/1924)."""
        return self.store.load(name)

    def all(self) -> list[Doc]:
        """Every graph, as ``GET /_api/gharial`` lists them."""
        return [g.for_client() for g in self.store.all()]

    def create(self, body: dict[str, Any], wait_for_sync: bool = False) -> Doc:
        """Create a graph and the collections it names that do not exist (1922 no name,
        1925 duplicate, 1923/1920/1943 malformed, 1921 conflicting definition elsewhere,
        1944 a document collection used for edges)."""
        store = self.store
        name = body.get("name")
        if isinstance(name, str) and name and store.find(name) is not None:
            raise EmuError(1925, http_code=409)
        graph = GraphDef.from_input(body)
        store.check_conflicts(graph.edge_defs.values(), graph.name)
        store.ensure_collections(graph, collection_options(graph, body.get("options"),
                                                           wait_for_sync))
        return store.save(graph, insert=True).for_client()

    def drop(self, name: str, drop_collections: bool = False) -> None:
        """Drop graph ``name``; with ``drop_collections`` also the collections that no other
        graph uses."""
        store = self.store
        graph = store.load(name)
        store.remove(graph)
        if drop_collections:
            names = sorted(graph.vertex_collections()) + sorted(graph.edge_defs)
            for cname in names:
                if not store.used_elsewhere(cname, name):
                    store.drop_collection(cname)

    def add_vertex_collection(self, name: str, collection: Any,
                              wait_for_sync: bool = False) -> Doc:
        """Add ``collection`` as an orphan, creating it when missing (1938/1929 already in
        the graph, 1927 an existing edge collection)."""
        store = self.store
        graph = store.load(name)
        if not isinstance(collection, str) or not collection:
            raise EmuError(1943, http_code=400)
        graph.add_orphan(collection)
        existing = store.database.find(collection)
        if existing is None:
            store.ensure_collections(graph, collection_options(graph, None, wait_for_sync))
        elif existing.type != DOCUMENT:
            raise EmuError(1927, http_code=400)
        return store.save(graph, insert=False).for_client()

    def remove_vertex_collection(self, name: str, collection: str,
                                 drop_collection: bool = False) -> Doc:
        """Remove orphan ``collection`` (400/1928 when it is not an orphan)."""
        store = self.store
        graph = store.load(name)
        if collection not in graph.orphans:
            raise EmuError(1928, http_code=400)
        graph.orphans.discard(collection)
        saved = store.save(graph, insert=False).for_client()
        if drop_collection and not store.used_elsewhere(collection, name):
            store.drop_collection(collection)
        return saved

    def add_edge_definition(self, name: str, body: Any, wait_for_sync: bool = False) -> Doc:
        """Add an edge definition (1923 malformed, 1920 already in this graph, 1921 defined
        differently in another graph, 1944 a document collection)."""
        store = self.store
        graph = store.load(name)
        edge_def = parse_edge_definition(body)
        graph.add_edge_definition(edge_def)
        store.check_conflicts([edge_def], graph.name)
        store.ensure_collections(graph, collection_options(graph, None, wait_for_sync))
        return store.save(graph, insert=False).for_client()

    def replace_edge_definition(self, name: str, collection: str, body: Any,
                                wait_for_sync: bool = False) -> Doc:
        """Replace the definition of ``collection`` in EVERY graph that has it (1923
        malformed, 404/1930 not in this graph)."""
        store = self.store
        graph = store.load(name)
        edge_def = parse_edge_definition(body)
        if collection not in graph.edge_defs or edge_def[0] != collection:
            raise EmuError(1930, http_code=404)
        graph.remove_edge_definition(collection)
        graph.add_edge_definition(edge_def)
        store.ensure_collections(graph, collection_options(graph, None, wait_for_sync))
        saved = store.save(graph, insert=False).for_client()
        for other in store.all():
            if other.name != name and collection in other.edge_defs:
                other.remove_edge_definition(collection)
                other.add_edge_definition(edge_def)
                store.save(other, insert=False)
        return saved

    def remove_edge_definition(self, name: str, collection: str,
                               drop_collections: bool = False) -> Doc:
        """Remove the definition of ``collection`` (404/1930 not in the graph); its vertex
        collections that no other definition uses become orphans."""
        store = self.store
        graph = store.load(name)
        if collection not in graph.edge_defs:
            raise EmuError(1930, http_code=404)
        graph.remove_edge_definition(collection)
        saved = store.save(graph, insert=False).for_client()
        if drop_collections and not store.used_elsewhere(collection, name):
            store.drop_collection(collection)
        return saved


def collection_options(graph: GraphDef, body_options: Any, wait_for_sync: bool
                       ) -> dict[str, Any]:
    """Properties for collections a graph creates (``waitForSync``, shards, replication)."""
    options: dict[str, Any] = {"waitForSync": wait_for_sync}
    source = body_options if isinstance(body_options, dict) else graph.extra
    for attr in ("numberOfShards", "replicationFactor", "writeConcern"):
        value = source.get(attr)
        if isinstance(value, int) and not isinstance(value, bool):
            options[attr] = value
    return options
