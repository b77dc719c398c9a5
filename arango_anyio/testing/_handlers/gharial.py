"""``/_api/gharial``: named graphs, their vertex collections and edge definitions, and vertex
and edge documents checked against the graph (ArangoDB 3.12's ``RestGraphHandler``).

Status codes follow the server: graph creation 201/202 (``waitForSync``), every other
definition change and graph removal 202, document creation 201/202, modification and
removal 200/202 (``waitForSync`` or the collection's own setting).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from arango_anyio.testing._protocol.errors import EmuError, RevisionConflict
from arango_anyio.testing._protocol.messages import (
    EmuRequest,
    EmuResponse,
    json_response,
    result_response,
)
from arango_anyio.testing._protocol.routing import Router
from arango_anyio.testing._state.collection import Collection, Doc
from arango_anyio.testing._state.docs import Access, meta
from arango_anyio.testing._state.graphs import GraphDef, Graphs

if TYPE_CHECKING:
    from arango_anyio.testing._server.deployment import Deployment

router = Router()
_KINDS = ("vertex", "edge")


def _graphs(emu: Deployment, req: EmuRequest, need: str = "ro") -> Graphs:
    emu.require_db(req, need)
    return Graphs(emu.access(req, transactional=False))


def _graph_answer(status: int, graph: Doc) -> EmuResponse:
    """``{"error": false, "code": ..., "graph": {...}}`` with the graph revision as etag."""
    return result_response(status, {"graph": graph}, {"etag": str(graph["_rev"])})


def _body(req: EmuRequest) -> dict[str, Any]:
    body = req.json()
    if not isinstance(body, dict):
        raise EmuError(10, "unable to parse body", http_code=400)
    return body


# -- graphs ------------------------------------------------------------------------------


@router.route("GET", "/_api/gharial")
def list_graphs(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Every graph of the database (``{"graphs": [...]}``)."""
    return result_response(200, {"graphs": _graphs(emu, req).all()})


@router.route("POST", "/_api/gharial")
def create_graph(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Create a graph and the collections it names that do not exist yet."""
    body = _body(req)
    sync = req.flag("waitForSync")
    graph = _graphs(emu, req, "rw").create(body, sync)
    return _graph_answer(201 if sync else 202, graph)


@router.route("GET", "/_api/gharial/{graph}")
def get_graph(emu: Deployment, req: EmuRequest, graph: str) -> EmuResponse:
    """One graph."""
    return result_response(200, {"graph": _graphs(emu, req).get(graph)})


@router.route("DELETE", "/_api/gharial/{graph}")
def drop_graph(emu: Deployment, req: EmuRequest, graph: str) -> EmuResponse:
    """Drop a graph (``dropCollections=true``: also its collections no other graph uses).
    Always 202, as the server answers."""
    _graphs(emu, req, "rw").drop(graph, req.flag("dropCollections"))
    return result_response(202, {"removed": True})


@router.route("GET", "/_api/gharial/{graph}/vertex")
def list_vertex_collections(emu: Deployment, req: EmuRequest, graph: str) -> EmuResponse:
    """The graph's vertex collections (edge definitions and orphans), sorted."""
    definition = _graphs(emu, req).definition(graph)
    return result_response(200, {"collections": sorted(definition.vertex_collections())})


@router.route("POST", "/_api/gharial/{graph}/vertex")
def add_vertex_collection(emu: Deployment, req: EmuRequest, graph: str) -> EmuResponse:
    """Add an orphan vertex collection (created when missing)."""
    body = _body(req)
    stored = _graphs(emu, req, "rw").add_vertex_collection(graph, body.get("collection"),
                                                           req.flag("waitForSync"))
    return _graph_answer(202, stored)


@router.route("DELETE", "/_api/gharial/{graph}/vertex/{collection}")
def remove_vertex_collection(emu: Deployment, req: EmuRequest, graph: str,
                             collection: str) -> EmuResponse:
    """Remove an orphan vertex collection (400/1928 when an edge definition uses it);
    ``dropCollection=true`` drops it unless another graph uses it."""
    stored = _graphs(emu, req, "rw").remove_vertex_collection(graph, collection,
                                                              req.flag("dropCollection"))
    return _graph_answer(202, stored)


@router.route("GET", "/_api/gharial/{graph}/edge")
def list_edge_collections(emu: Deployment, req: EmuRequest, graph: str) -> EmuResponse:
    """The graph's edge collections, sorted."""
    definition = _graphs(emu, req).definition(graph)
    return result_response(200, {"collections": sorted(definition.edge_defs)})


@router.route("POST", "/_api/gharial/{graph}/edge")
def add_edge_definition(emu: Deployment, req: EmuRequest, graph: str) -> EmuResponse:
    """Add an edge definition (collections created when missing)."""
    body = _body(req)
    stored = _graphs(emu, req, "rw").add_edge_definition(graph, body,
                                                         req.flag("waitForSync"))
    return _graph_answer(202, stored)


@router.route("PUT", "/_api/gharial/{graph}/edge/{collection}")
def replace_edge_definition(emu: Deployment, req: EmuRequest, graph: str,
                            collection: str) -> EmuResponse:
    """Replace an edge definition (in every graph that uses the edge collection)."""
    body = _body(req)
    stored = _graphs(emu, req, "rw").replace_edge_definition(graph, collection, body,
                                                             req.flag("waitForSync"))
    return _graph_answer(202, stored)


@router.route("DELETE", "/_api/gharial/{graph}/edge/{collection}")
def remove_edge_definition(emu: Deployment, req: EmuRequest, graph: str,
                           collection: str) -> EmuResponse:
    """Remove an edge definition (``dropCollections=true``: drop the edge collection unless
    another graph uses it)."""
    stored = _graphs(emu, req, "rw").remove_edge_definition(graph, collection,
                                                            req.flag("dropCollections"))
    return _graph_answer(202, stored)


# -- vertices and edges ------------------------------------------------------------------


def _check_member(definition: GraphDef, collection: str, kind: str) -> None:
    """404/1949 for a vertex collection outside the graph, 404/1930 for an edge collection
    outside its edge definitions (3.12's rules)."""
    if kind == "vertex":
        if collection not in definition.vertex_collections():
            raise EmuError(1949, http_code=404)
    elif collection not in definition.edge_defs:
        raise EmuError(1930, http_code=404)


def _target(emu: Deployment, req: EmuRequest, graph: str, collection: str, kind: str,
            need: str) -> tuple[Access, GraphDef, Collection]:
    emu.require_db(req, "ro")
    definition = Graphs(emu.access(req, transactional=False)).definition(graph)
    _check_member(definition, collection, kind)
    access = emu.access(req)
    found = access.database.find(collection)
    if found is None:
        if kind == "vertex":
            raise EmuError(1926, f"{collection} vertex collection does not exist or is not "
                           "part of the graph", http_code=404)
        raise EmuError(1203, f"collection or view not found: {collection}", http_code=404)
    return access, definition, access.collection(collection, need)


def _vertex_ref(definition: GraphDef, access: Access, attr: str, handle: Any
                ) -> tuple[Collection, str]:
    """The collection and key an edge's ``_from``/``_to`` names (400/1233 malformed,
    404/1947 a collection outside the graph, 404/1926 a missing collection)."""
    if not isinstance(handle, str) or "/" not in handle:
        raise EmuError(1233, http_code=400)
    name, _, key = handle.partition("/")
    if name not in definition.vertex_collections():
        raise EmuError(1947, f"referenced {attr} collection '{name}' is not part of the graph",
                       http_code=404)
    found = access.database.find(name)
    if found is None:
        raise EmuError(1926, f"{name} vertex collection does not exist or is not part of "
                       "the graph", http_code=404)
    return found, key


def _check_edge(definition: GraphDef, access: Access, body: Doc, *, partial: bool) -> None:
    """The server's edge validation: both ends must be vertex collections of the graph and
    exist (404/1202 otherwise); an update may name only one end (then only its collection is
    checked)."""
    ends = {attr: body.get(attr) for attr in ("_from", "_to")}
    if not all(isinstance(v, str) for v in ends.values()):
        if not partial:
            raise EmuError(1233, http_code=400)
        for attr, handle in ends.items():
            if isinstance(handle, str):
                _vertex_ref(definition, access, attr, handle)
        return
    for attr, handle in ends.items():
        found, key = _vertex_ref(definition, access, attr, handle)
        if access.get(found, key) is None:
            raise EmuError(1202, http_code=404)


def _synced(req: EmuRequest, collection: Collection) -> bool:
    return req.flag("waitForSync") or collection.wait_for_sync


def _if_match(req: EmuRequest) -> str | None:
    """The expected revision: ``If-Match`` or the ``rev`` query argument."""
    value = req.headers.get("if-match", "").strip().strip('"')
    return value or req.params.get("rev") or None


def _conflict(error: RevisionConflict) -> EmuResponse:
    body: dict[str, Any] = {"error": True, "code": 412, "errorNum": 1200,
                            "errorMessage": error.message}
    body.update(error.current)
    return json_response(412, body, {"etag": f'"{error.current["_rev"]}"'})


def _answer(req: EmuRequest, kind: str, status: int, answer: Doc, old: Doc | None,
            new: Doc | None) -> EmuResponse:
    payload: dict[str, Any] = {kind: answer}
    if old is not None and req.flag("returnOld"):
        payload["old"] = old
    if new is not None and req.flag("returnNew"):
        payload["new"] = new
    return result_response(status, payload, {"etag": str(answer["_rev"])})


def _insert(emu: Deployment, req: EmuRequest, graph: str, collection: str,
            kind: str) -> EmuResponse:
    access, definition, found = _target(emu, req, graph, collection, kind, "rw")
    body = req.json()
    if not isinstance(body, dict):
        raise EmuError(1227, http_code=400)
    if kind == "edge":
        _check_edge(definition, access, body, partial=False)
    _, new, answer = access.insert(found, body, {})
    return _answer(req, kind, 201 if _synced(req, found) else 202, answer, None, new)


def _read(emu: Deployment, req: EmuRequest, graph: str, collection: str, key: str,
          kind: str) -> EmuResponse:
    access, _, found = _target(emu, req, graph, collection, kind, "ro")
    doc = access.get(found, key)
    if doc is None:
        raise EmuError(1202, http_code=404)
    etag = {"etag": str(doc["_rev"])}
    if_none = req.headers.get("if-none-match", "").strip().strip('"')
    if if_none and if_none == doc["_rev"]:
        return EmuResponse(304, b"", etag)
    expected = _if_match(req)
    if expected is not None and expected != doc["_rev"]:
        return _conflict(RevisionConflict(meta(doc)))
    return result_response(200, {kind: doc}, etag)


def _remove_touching_edges(access: Access, graphs: Graphs, definition: GraphDef,
                           collection: str, doc_id: str) -> None:
    """Remove the edges pointing at ``doc_id`` from the graph's edge collections and from
    the edge collections of every graph whose definitions use ``collection``."""
    names = set(definition.edge_defs)
    for other in graphs.store.all():
        for name, sources, targets in other.edge_defs.values():
            if collection in sources or collection in targets:
                names.add(name)
    for name in sorted(names):
        edges = access.database.find(name)
        if edges is None:
            continue
        for edge in access.edges(edges, doc_id, "any"):
            access.remove(edges, edge["_key"], {})


def _modify(emu: Deployment, req: EmuRequest, graph: str, collection: str, key: str,
            kind: str, how: str) -> EmuResponse:
    access, definition, found = _target(emu, req, graph, collection, kind, "rw")
    expected = _if_match(req)
    synced = _synced(req, found)
    try:
        if how == "remove":
            old = access.remove(found, key, {}, expected)
            _remove_touching_edges(access, Graphs(access), definition, collection,
                                   str(old["_id"]))
            payload: dict[str, Any] = {"removed": True}
            if req.flag("returnOld"):
                payload["old"] = old
            return result_response(200 if synced else 202, payload)
        body = req.json()
        if not isinstance(body, dict):
            raise EmuError(1227, http_code=400)
        if kind == "edge":
            _check_edge(definition, access, body, partial=how == "update")
        if how == "replace":
            old, new = access.replace(found, key, body, {}, expected)
        else:
            old, new = access.update(found, key, body,
                                     {"keepNull": req.flag("keepNull", True)}, expected)
    except RevisionConflict as conflict:
        return _conflict(conflict)
    answer = meta(new)
    answer["_oldRev"] = old["_rev"]
    return _answer(req, kind, 200 if synced else 202, answer, old, new)


def _register(kind: str) -> None:
    def insert(emu: Deployment, req: EmuRequest, graph: str, collection: str) -> EmuResponse:
        return _insert(emu, req, graph, collection, kind)

    def read(emu: Deployment, req: EmuRequest, graph: str, collection: str,
             key: str) -> EmuResponse:
        return _read(emu, req, graph, collection, key, kind)

    article = "an" if kind == "edge" else "a"
    insert.__doc__ = f"Insert {article} {kind} (checked against the graph)."
    read.__doc__ = f"Read {article} {kind} (``If-Match``/``If-None-Match`` honoured)."
    router.add("POST", f"/_api/gharial/{{graph}}/{kind}/{{collection}}", insert)
    router.add("GET", f"/_api/gharial/{{graph}}/{kind}/{{collection}}/{{key}}", read)
    for method, how in (("PUT", "replace"), ("PATCH", "update"), ("DELETE", "remove")):
        def modify(emu: Deployment, req: EmuRequest, graph: str, collection: str, key: str,
                   _how: str = how) -> EmuResponse:
            return _modify(emu, req, graph, collection, key, kind, _how)

        modify.__doc__ = f"{how.capitalize()} {article} {kind}."
        router.add(method, f"/_api/gharial/{{graph}}/{kind}/{{collection}}/{{key}}", modify)


for _kind in _KINDS:
    _register(_kind)
