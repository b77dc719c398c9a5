"""Vertices and edges through a graph: collection handles and the graph-level calls."""

from __future__ import annotations

import pytest

from arango_anyio import StandardDatabase
from arango_anyio.exceptions import (
    DocumentDeleteError,
    DocumentGetError,
    DocumentInError,
    DocumentInsertError,
    DocumentParseError,
    DocumentReplaceError,
    DocumentRevisionError,
    DocumentUpdateError,
    EdgeListError,
    InvalidArgumentError,
)
from arango_anyio.graph import Graph
from tests.recording import RecordingHTTPClient

pytestmark = pytest.mark.anyio


async def test_vertex_get_has(social: Graph) -> None:
    people = social.vertex_collection("people")
    alice = await people.get("alice")
    assert alice is not None and alice["name"] == "Alice"
    assert await people.get("people/alice") == alice
    assert await people.get({"_key": "alice"}) == alice
    assert await people.get("nobody") is None
    assert await people.has("alice") is True
    assert await people.has("nobody") is False
    assert await people.get(alice, rev=alice["_rev"]) == alice
    with pytest.raises(DocumentRevisionError):
        await people.get("alice", rev="_nope___")
    with pytest.raises(DocumentRevisionError):
        await people.has({"_key": "alice", "_rev": "_nope___"})
    assert await people.has({"_key": "alice", "_rev": "_nope___"}, check_rev=False)
    with pytest.raises(DocumentParseError):
        await people.get("cities/paris")  # an _id of another collection, refused locally


async def test_vertex_insert(social: Graph) -> None:
    people = social.vertex_collection("people")
    meta = await people.insert({"_key": "dave", "age": 40})
    assert isinstance(meta, dict)
    assert set(meta) == {"_id", "_key", "_rev"} and meta["_id"] == "people/dave"
    with_new = await people.insert({"_id": "people/erin"}, return_new=True)
    assert isinstance(with_new, dict)
    assert with_new["vertex"]["_key"] == "erin" and with_new["new"]["_id"] == "people/erin"
    assert await people.insert({"name": "Silent"}, silent=True) is True
    with pytest.raises(DocumentInsertError) as dup:
        await people.insert({"_key": "dave"})
    assert (dup.value.http_code, dup.value.error_code) == (409, 1210)


async def test_vertex_update_replace(social: Graph) -> None:
    people = social.vertex_collection("people")
    alice = await people.get("alice")
    assert alice is not None
    updated = await people.update({"_key": "alice", "_rev": alice["_rev"], "age": 30,
                                   "name": None}, keep_none=False, return_old=True,
                                  return_new=True)
    assert isinstance(updated, dict)
    assert updated["vertex"]["_old_rev"] == alice["_rev"]
    assert updated["old"]["name"] == "Alice"
    assert updated["new"]["age"] == 30 and "name" not in updated["new"]
    with pytest.raises(DocumentRevisionError):  # the old revision no longer matches
        await people.update({"_key": "alice", "_rev": alice["_rev"], "age": 31})
    meta = await people.update({"_key": "alice", "_rev": alice["_rev"], "age": 31},
                               check_rev=False)
    assert isinstance(meta, dict) and set(meta) == {"_id", "_key", "_rev", "_old_rev"}
    replaced = await people.replace({"_id": "people/alice", "name": "Alicia"},
                                    return_new=True)
    assert isinstance(replaced, dict) and replaced["new"] == {
        "_key": "alice", "_id": "people/alice", "_rev": replaced["vertex"]["_rev"],
        "name": "Alicia"}
    assert await people.replace({"_key": "alice", "x": 1}, silent=True) is True
    with pytest.raises(DocumentUpdateError) as missing:
        await people.update({"_key": "nobody", "x": 1})
    assert missing.value.error_code == 1202
    with pytest.raises(DocumentReplaceError):
        await people.replace({"_key": "nobody"})
    with pytest.raises(DocumentParseError):
        await people.update({"x": 1})


async def test_vertex_delete_removes_edges(social: Graph, db: StandardDatabase) -> None:
    people = social.vertex_collection("people")
    assert await people.delete("nobody", ignore_missing=True) is False
    with pytest.raises(DocumentDeleteError) as missing:
        await people.delete("nobody")
    assert missing.value.error_code == 1202
    bob = await people.get("bob")
    assert bob is not None
    with pytest.raises(DocumentRevisionError):
        await people.delete("bob", rev="_nope___")
    old = await people.delete(bob, return_old=True, sync=True)
    assert old == {"old": bob}
    assert await db.collection("knows").count() == 0  # alice->bob and bob->carol
    assert await db.collection("lives_in").count() == 1
    assert await people.delete("carol") is True


async def test_collection_outside_the_graph(social: Graph, db: StandardDatabase) -> None:
    await db.create_collection("robots")
    robots = social.vertex_collection("robots")
    with pytest.raises(DocumentInsertError) as refused:
        await robots.insert({"_key": "r2"})
    assert (refused.value.http_code, refused.value.error_code) == (404, 1949)
    with pytest.raises(DocumentGetError):
        await robots.get("r2")
    with pytest.raises(DocumentInError):
        await robots.has("r2")
    with pytest.raises(DocumentInsertError) as not_edge:
        await social.edge_collection("people").insert({"_from": "people/alice",
                                                       "_to": "people/bob"})
    assert not_edge.value.error_code == 1930


async def test_edge_crud(social: Graph) -> None:
    knows = social.edge_collection("knows")
    edge = await knows.get("ab")
    assert edge is not None and edge["_from"] == "people/alice" and edge["since"] == 2010
    assert await knows.has("knows/ab") is True and await knows.has("zz") is False
    created = await knows.insert({"_key": "ca", "_from": "people/carol",
                                  "_to": "people/alice"}, return_new=True)
    assert isinstance(created, dict) and created["edge"]["_id"] == "knows/ca"
    assert created["new"]["_to"] == "people/alice"
    updated = await knows.update({"_key": "ca", "since": 2024}, return_new=True)
    assert isinstance(updated, dict) and updated["new"]["_from"] == "people/carol"
    replaced = await knows.replace({"_key": "ca", "_from": "people/alice",
                                    "_to": "people/carol"}, return_old=True)
    assert isinstance(replaced, dict) and replaced["old"]["since"] == 2024
    assert "_old_rev" in replaced["edge"]
    deleted = await knows.delete("ca", return_old=True)
    assert isinstance(deleted, dict) and deleted["old"]["_to"] == "people/carol"
    assert await knows.get("ca") is None
    assert await knows.delete("ca", ignore_missing=True) is False


async def test_edge_constraints(social: Graph, db: StandardDatabase) -> None:
    knows = social.edge_collection("knows")
    robots = await db.create_collection("robots")
    await robots.insert({"_key": "r2"})
    with pytest.raises(DocumentInsertError) as outside:
        await knows.insert({"_from": "people/alice", "_to": "robots/r2"})
    assert (outside.value.http_code, outside.value.error_code) == (404, 1947)
    with pytest.raises(DocumentInsertError) as dangling:
        await knows.insert({"_from": "people/alice", "_to": "people/nobody"})
    assert (dangling.value.http_code, dangling.value.error_code) == (404, 1202)
    with pytest.raises(DocumentInsertError) as no_to:
        await knows.insert({"_from": "people/alice"})
    assert (no_to.value.http_code, no_to.value.error_code) == (400, 1233)
    with pytest.raises(DocumentUpdateError) as moved:
        await knows.update({"_key": "ab", "_to": "robots/r2"})
    assert moved.value.error_code == 1947
    with pytest.raises(DocumentReplaceError) as half:
        await knows.replace({"_key": "ab", "_from": "people/alice"})
    assert half.value.error_code == 1233


async def test_link_and_edges(social: Graph) -> None:
    knows = social.edge_collection("knows")
    linked = await knows.link({"_id": "people/carol"}, "people/alice",
                              {"_key": "ca", "since": 2020}, return_new=True)
    assert isinstance(linked, dict) and linked["new"]["since"] == 2020
    assert await knows.link("people/alice", "people/carol", silent=True) is True
    out = await knows.edges("people/alice", direction="out")
    assert sorted(e["_to"] for e in out["edges"]) == ["people/bob", "people/carol"]
    assert set(out["stats"]) == {"filtered", "scanned_index"}
    into = await knows.edges({"_id": "people/alice"}, direction="in")
    assert [e["_key"] for e in into["edges"]] == ["ca"]
    both = await social.edges("knows", "people/alice")
    assert len(both["edges"]) == 3
    with pytest.raises(InvalidArgumentError):
        await knows.edges("people/alice", direction="sideways")
    with pytest.raises(DocumentParseError):
        await knows.edges("alice")
    with pytest.raises(DocumentParseError):
        await knows.link("alice", "people/bob")
    with pytest.raises(EdgeListError) as wrong:
        await social.edge_collection("people").edges("people/alice")
    assert wrong.value.http_code == 400


async def test_graph_level_vertex_calls(social: Graph) -> None:
    assert await social.has_vertex("people/alice") is True
    assert await social.has_vertex({"_id": "people/nobody"}) is False
    alice = await social.vertex("people/alice")
    assert alice is not None and alice["name"] == "Alice"
    assert await social.vertex("people/nobody") is None
    with pytest.raises(DocumentRevisionError):
        await social.vertex("people/alice", rev="_nope___")
    created = await social.insert_vertex("people", {"_key": "dave"}, return_new=True)
    assert isinstance(created, dict) and created["new"]["_id"] == "people/dave"
    updated = await social.update_vertex({"_id": "people/dave", "age": 3}, return_new=True)
    assert isinstance(updated, dict) and updated["new"]["age"] == 3
    replaced = await social.replace_vertex({"_id": "people/dave", "age": 4},
                                           return_old=True)
    assert isinstance(replaced, dict) and replaced["old"]["age"] == 3
    assert await social.delete_vertex("people/dave") is True
    assert await social.delete_vertex({"_id": "people/dave"}, ignore_missing=True) is False
    with pytest.raises(DocumentParseError):
        await social.vertex("alice")  # graph-level calls need an _id


async def test_graph_level_edge_calls(social: Graph) -> None:
    assert await social.has_edge("knows/ab") is True
    edge = await social.edge({"_id": "knows/ab"})
    assert edge is not None and edge["since"] == 2010
    created = await social.insert_edge("knows", {"_key": "ac", "_from": "people/alice",
                                                 "_to": "people/carol"})
    assert isinstance(created, dict) and created["_id"] == "knows/ac"
    updated = await social.update_edge({"_id": "knows/ac", "w": 1}, return_new=True)
    assert isinstance(updated, dict) and updated["new"]["w"] == 1
    replaced = await social.replace_edge({"_id": "knows/ac", "_from": "people/carol",
                                          "_to": "people/alice"})
    assert isinstance(replaced, dict) and "_old_rev" in replaced
    linked = await social.link("lives_in", "people/carol", "cities/paris", {"since": 1})
    assert isinstance(linked, dict) and linked["_id"].startswith("lives_in/")
    deleted = await social.delete_edge("knows/ac", return_old=True)
    assert isinstance(deleted, dict) and deleted["old"]["_from"] == "people/carol"
    assert await social.has_edge("knows/ac") is False
    assert await social.delete_edge("knows/ac", ignore_missing=True) is False


@pytest.mark.emulator_only
async def test_requests_sent(social: Graph, db: StandardDatabase,
                             http: RecordingHTTPClient) -> None:
    people = social.vertex_collection("people")
    alice = await people.get("alice")
    assert alice is not None
    get = http.last("GET")
    assert get.url.endswith("/_api/gharial/social/vertex/people/alice")
    await people.get(alice)
    assert http.last("GET").headers.get("If-Match") == alice["_rev"]
    await people.insert({"_key": "x@y"}, sync=True, return_new=True)
    post = http.last("POST")
    assert post.url.endswith("/_api/gharial/social/vertex/people")
    assert post.params == {"waitForSync": "true", "returnNew": "true"}
    await people.update({"_key": "x@y", "a": 1}, keep_none=False, sync=False)
    patch = http.last("PATCH")
    assert patch.url.endswith("/_api/gharial/social/vertex/people/x%40y")
    assert patch.params == {"keepNull": "false", "waitForSync": "false"}
    await people.delete("x@y", return_old=True)
    assert http.last("DELETE").params == {"returnOld": "true"}
    await social.edge_collection("knows").edges("people/alice", "out")
    assert http.last("GET").params == {"vertex": "people/alice", "direction": "out"}
    with pytest.raises(DocumentGetError) as unknown:  # "a/b" stays one URL segment
        await db.graph("a/b").vertex("people/x")
    assert unknown.value.error_code == 1924
    assert http.last("GET").url.endswith("/_api/gharial/a%2Fb/vertex/people/x")
