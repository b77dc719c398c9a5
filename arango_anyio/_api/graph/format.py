"""Graph descriptions and gharial answers in python-arango's shapes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from arango_anyio._api.group import Json
from arango_anyio.exceptions import InvalidArgumentError

_OPTIONAL_PROPERTIES = (
    ("isSmart", "smart"),
    ("isSatellite", "is_satellite"),
    ("isDisjoint", "disjoint"),
    ("smartGraphAttribute", "smart_field"),
    ("numberOfShards", "shard_count"),
    ("replicationFactor", "replication_factor"),
    ("minReplicationFactor", "min_replication_factor"),
    ("writeConcern", "write_concern"),
    ("initial", "initial"),
)


def format_edge_definition(body: Mapping[str, Any]) -> Json:
    """``{"collection", "from", "to"}`` -> ``{"edge_collection", "from_vertex_collections",
    "to_vertex_collections"}``."""
    return {
        "edge_collection": body["collection"],
        "from_vertex_collections": list(body["from"]),
        "to_vertex_collections": list(body["to"]),
    }


def format_graph_properties(body: Mapping[str, Any]) -> Json:
    """A graph as python-arango describes it: ``id``, ``key``, ``name``, ``revision``,
    ``orphan_collections``, ``edge_definitions`` and, where the server reports them,
    ``smart``, ``is_satellite``, ``disjoint``, ``smart_field``, ``shard_count``,
    ``replication_factor``, ``min_replication_factor``, ``write_concern``."""
    result: Json = {
        "id": body["_id"],
        "key": body["_key"],
        "name": body.get("name", body["_key"]),
        "revision": body["_rev"],
        "orphan_collections": list(body["orphanCollections"]),
        "edge_definitions": [format_edge_definition(d) for d in body["edgeDefinitions"]],
    }
    for server_name, name in _OPTIONAL_PROPERTIES:
        if server_name in body:
            result[name] = body[server_name]
    return result


def edge_definition_body(
    edge_collection: Any, from_vertex_collections: Any, to_vertex_collections: Any
) -> Json:
    """The server's ``{"collection", "from", "to"}``; refuses bad arguments before sending."""
    if not isinstance(edge_collection, str) or not edge_collection:
        raise InvalidArgumentError(
            f"edge collection name must be a non-empty string: {edge_collection!r}")
    return {
        "collection": edge_collection,
        "from": _names("from_vertex_collections", from_vertex_collections),
        "to": _names("to_vertex_collections", to_vertex_collections),
    }


def _names(what: str, value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, Sequence) or not all(isinstance(v, str) and v for v in value):
        raise InvalidArgumentError(f"{what} must be a list of collection names: {value!r}")
    return list(value)


def edge_definitions_body(definitions: Sequence[Mapping[str, Any]]) -> list[Json]:
    """Edge definitions in python-arango's shape (``edge_collection``, ...) or the server's
    (``collection``, ``from``, ``to``) -> the server's."""
    out: list[Json] = []
    for item in definitions:
        if not isinstance(item, Mapping):
            raise InvalidArgumentError(f"an edge definition must be a dict: {item!r}")
        if "edge_collection" in item:
            out.append(edge_definition_body(item["edge_collection"],
                                            item.get("from_vertex_collections"),
                                            item.get("to_vertex_collections")))
        else:
            out.append(edge_definition_body(item.get("collection"), item.get("from"),
                                            item.get("to")))
    return out


def format_document_answer(body: Mapping[str, Any], kind: str) -> Json:
    """A gharial write answer: the ``vertex``/``edge`` metadata (``_oldRev`` renamed
    ``_old_rev``), or ``{kind: ..., "new": ..., "old": ...}`` when a body was returned."""
    meta: Json = dict(body[kind])
    if "_oldRev" in meta:
        meta["_old_rev"] = meta.pop("_oldRev")
    if "new" in body or "old" in body:
        result: Json = {kind: meta}
        if "new" in body:
            result["new"] = body["new"]
        if "old" in body:
            result["old"] = body["old"]
        return result
    return meta
