"""The emulator's gharial: definitions, the server's checks, and graph-checked documents."""

from __future__ import annotations

import pytest

from arango_anyio.testing import Emulator
from tests.emulator.graphs.conftest import SOCIAL, Api, error_of, load_social

pytestmark = pytest.mark.anyio


# -- graph definitions -------------------------------------------------------------------


async def test_create_list_get_drop(api: Api) -> None:
    created = await api.call("POST", "/_api/gharial?waitForSync=true", SOCIAL)
    assert created.status_code == 201 and created.body["code"] == 201
    graph = created.body["graph"]
    assert set(graph) == {"_key", "_id", "_rev", "name", "edgeDefinitions",
                          "orphanCollections"}
    assert (graph["_id"], graph["name"]) == ("_graphs/social", "social")
    for name, ctype in (("relation", 3), ("female", 2), ("male", 2)):
        assert (await api.ok("GET", f"/_api/collection/{name}"))["type"] == ctype
    listed = (await api.ok("GET", "/_api/gharial"))["graphs"]
    assert [g["name"] for g in listed] == ["social"] and listed[0]["_key"] == "social"
    assert (await api.ok("GET", "/_api/gharial/social"))["graph"] == graph
    assert error_of(await api.call("POST", "/_api/gharial", SOCIAL)) == (409, 1925)
    dropped = await api.call("DELETE", "/_api/gharial/social?waitForSync=true")
    assert dropped.status_code == 202 and dropped.body == {"error": False, "code": 202,
                                                            "removed": True}
    assert (await api.call("GET", "/_api/collection/relation")).status_code == 200
    missing = await api.call("GET", "/_api/gharial/social")
    assert error_of(missing) == (404, 1924)
    assert missing.error_message == "graph 'social' not found"
    assert error_of(await api.call("DELETE", "/_api/gharial/social")) == (404, 1924)


async def test_graph_is_a_document_of_graphs_collection(api: Api) -> None:
    await api.ok("POST", "/_api/gharial", SOCIAL)
    stored = await api.ok("GET", "/_api/document/_graphs/social")
    assert stored["edgeDefinitions"] == SOCIAL["edgeDefinitions"]
    result = await api.ok("POST", "/_api/cursor",
                          {"query": "FOR g IN _graphs RETURN g._key"})
    assert result["result"] == ["social"]


@pytest.mark.parametrize(("body", "expected"), [
    ({}, (400, 1922)),
    ({"name": 12}, (400, 1922)),
    ({"name": "g", "edgeDefinitions": {}}, (400, 1923)),
    ({"name": "g", "edgeDefinitions": [{"collection": "e", "from": [], "to": ["v"]}]},
     (400, 1923)),
    ({"name": "g", "edgeDefinitions": [{"collection": "e", "from": "v", "to": ["v"]}]},
     (400, 1923)),
    ({"name": "g", "edgeDefinitions": ["e"]}, (400, 1923)),
    ({"name": "g", "edgeDefinitions": [{"collection": "e", "from": ["a"], "to": ["b"]},
                                       {"collection": "e", "from": ["a"], "to": ["c"]}]},
     (400, 1920)),
    ({"name": "g", "orphanCollections": "v"}, (400, 1943)),
    ({"name": "g", "orphanCollections": [1]}, (400, 1943)),
])
async def test_create_refuses_malformed_definitions(api: Api, body: dict[str, object],
                                                    expected: tuple[int, int]) -> None:
    assert error_of(await api.call("POST", "/_api/gharial", body)) == expected
    assert (await api.ok("GET", "/_api/gharial"))["graphs"] == []


async def test_edge_collection_must_be_an_edge_collection(api: Api) -> None:
    await api.ok("POST", "/_api/collection", {"name": "plain"})
    body = {"name": "g", "edgeDefinitions": [{"collection": "plain", "from": ["v"],
                                              "to": ["w"]}]}
    assert error_of(await api.call("POST", "/_api/gharial", body)) == (400, 1944)
    # nothing was created by the refused request
    assert (await api.call("GET", "/_api/collection/v")).status_code == 404


async def test_conflicting_definition_in_other_graph(api: Api) -> None:
    await api.ok("POST", "/_api/gharial", SOCIAL)
    other = {"name": "other", "edgeDefinitions": [{"collection": "relation",
                                                   "from": ["male"], "to": ["female"]}]}
    assert error_of(await api.call("POST", "/_api/gharial", other)) == (400, 1921)
    same = {"name": "same", "edgeDefinitions": SOCIAL["edgeDefinitions"]}
    assert (await api.call("POST", "/_api/gharial", same)).status_code == 202
    await api.ok("POST", "/_api/gharial", {"name": "third"})
    added = await api.call("POST", "/_api/gharial/third/edge",
                           {"collection": "relation", "from": ["x"], "to": ["y"]})
    assert error_of(added) == (400, 1921)


async def test_orphans_and_vertex_collections(api: Api) -> None:
    await load_social(api)
    added = await api.call("POST", "/_api/gharial/social/vertex?waitForSync=true",
                           {"collection": "otherNodes"})
    assert added.status_code == 202  # definition changes are always 202
    assert added.body["graph"]["orphanCollections"] == ["otherNodes"]
    assert (await api.ok("GET", "/_api/collection/otherNodes"))["type"] == 2
    assert (await api.ok("GET", "/_api/gharial/social/vertex"))["collections"] == [
        "female", "male", "otherNodes"]
    again = await api.call("POST", "/_api/gharial/social/vertex", {"collection": "otherNodes"})
    assert error_of(again) == (400, 1938)
    used = await api.call("POST", "/_api/gharial/social/vertex", {"collection": "male"})
    assert error_of(used) == (400, 1929)
    await api.ok("POST", "/_api/collection", {"name": "links", "type": 3})
    edge_type = await api.call("POST", "/_api/gharial/social/vertex", {"collection": "links"})
    assert error_of(edge_type) == (400, 1927)
    refused = await api.call("DELETE", "/_api/gharial/social/vertex/male")
    assert error_of(refused) == (400, 1928)
    removed = await api.ok("DELETE", "/_api/gharial/social/vertex/otherNodes"
                                     "?dropCollection=true")
    assert removed["graph"]["orphanCollections"] == []
    assert (await api.call("GET", "/_api/collection/otherNodes")).status_code == 404


async def test_edge_definitions_add_replace_remove(api: Api) -> None:
    await load_social(api)
    await api.ok("POST", "/_api/gharial/social/vertex", {"collection": "city"})
    added = await api.ok("POST", "/_api/gharial/social/edge",
                         {"collection": "works_in", "from": ["male", "female"], "to": ["city"]})
    graph = added["graph"]
    assert [d["collection"] for d in graph["edgeDefinitions"]] == ["relation", "works_in"]
    assert graph["edgeDefinitions"][1]["from"] == ["female", "male"]  # sorted
    assert graph["orphanCollections"] == []  # city is used by an edge definition now
    assert (await api.ok("GET", "/_api/gharial/social/edge"))["collections"] == [
        "relation", "works_in"]
    twice = await api.call("POST", "/_api/gharial/social/edge",
                           {"collection": "works_in", "from": ["male"], "to": ["city"]})
    assert error_of(twice) == (400, 1920)
    replaced = await api.ok("PUT", "/_api/gharial/social/edge/works_in",
                            {"collection": "works_in", "from": ["male"], "to": ["town"]})
    works_in = replaced["graph"]["edgeDefinitions"][1]
    assert (works_in["from"], works_in["to"]) == (["male"], ["town"])
    assert replaced["graph"]["orphanCollections"] == ["city"]
    assert (await api.ok("GET", "/_api/collection/town"))["type"] == 2
    unknown = await api.call("PUT", "/_api/gharial/social/edge/nope",
                             {"collection": "nope", "from": ["a"], "to": ["b"]})
    assert error_of(unknown) == (404, 1930)
    mismatch = await api.call("PUT", "/_api/gharial/social/edge/works_in",
                              {"collection": "relation", "from": ["a"], "to": ["b"]})
    assert error_of(mismatch) == (404, 1930)
    removed = await api.ok("DELETE", "/_api/gharial/social/edge/works_in?dropCollections=true")
    assert removed["graph"]["orphanCollections"] == ["city", "town"]
    assert (await api.call("GET", "/_api/collection/works_in")).status_code == 404
    assert error_of(await api.call("DELETE", "/_api/gharial/social/edge/works_in")) == (
        404, 1930)


async def test_replace_edge_definition_changes_every_graph(api: Api) -> None:
    await api.ok("POST", "/_api/gharial", SOCIAL)
    await api.ok("POST", "/_api/gharial", {"name": "copy",
                                            "edgeDefinitions": SOCIAL["edgeDefinitions"]})
    await api.ok("PUT", "/_api/gharial/social/edge/relation",
                 {"collection": "relation", "from": ["female"], "to": ["male"]})
    copy = (await api.ok("GET", "/_api/gharial/copy"))["graph"]
    assert copy["edgeDefinitions"] == [{"collection": "relation", "from": ["female"],
                                        "to": ["male"]}]


async def test_drop_collections_keeps_those_of_other_graphs(api: Api) -> None:
    await api.ok("POST", "/_api/gharial", SOCIAL)
    await api.ok("POST", "/_api/gharial", {
        "name": "family", "edgeDefinitions": [{"collection": "parent", "from": ["male"],
                                               "to": ["female"]}]})
    await api.ok("DELETE", "/_api/gharial/social?dropCollections=true")
    assert (await api.call("GET", "/_api/collection/relation")).status_code == 404
    assert (await api.call("GET", "/_api/collection/female")).status_code == 200
    assert (await api.call("GET", "/_api/collection/male")).status_code == 200


async def test_smart_and_satellite_graphs_report_their_options(api: Api) -> None:
    smart = await api.ok("POST", "/_api/gharial", {
        "name": "smart", "isSmart": True, "isDisjoint": True,
        "edgeDefinitions": [{"collection": "e", "from": ["a"], "to": ["b"]}],
        "options": {"smartGraphAttribute": "region", "numberOfShards": 3,
                    "replicationFactor": 2, "satellites": ["a"]}})
    graph = smart["graph"]
    assert (graph["isSmart"], graph["isDisjoint"], graph["smartGraphAttribute"]) == (
        True, True, "region")
    assert (graph["numberOfShards"], graph["replicationFactor"], graph["initial"]) == (
        3, 2, "b")
    enterprise = (await api.ok("POST", "/_api/gharial", {
        "name": "ent", "isSmart": True,
        "edgeDefinitions": [{"collection": "e2", "from": ["c"], "to": ["c"]}]}))["graph"]
    assert enterprise["isSmart"] is True and "smartGraphAttribute" not in enterprise


# -- vertices and edges ------------------------------------------------------------------


async def test_vertex_crud(api: Api) -> None:
    await load_social(api)
    created = await api.call("POST", "/_api/gharial/social/vertex/male?returnNew=true",
                             {"_key": "francis", "name": "Francis"})
    assert created.status_code == 202
    assert set(created.body) == {"error", "code", "vertex", "new"}
    assert created.body["new"]["name"] == "Francis"
    assert created.header("etag") == created.body["vertex"]["_rev"]
    synced = await api.call("POST", "/_api/gharial/social/vertex/male?waitForSync=true", {})
    assert synced.status_code == 201
    read = await api.call("GET", "/_api/gharial/social/vertex/male/francis")
    assert read.status_code == 200 and read.body["vertex"]["name"] == "Francis"
    rev = read.body["vertex"]["_rev"]
    same = await api.call("GET", "/_api/gharial/social/vertex/male/francis",
                          headers={"If-None-Match": f'"{rev}"'})
    assert same.status_code == 304
    stale = await api.call("GET", "/_api/gharial/social/vertex/male/francis",
                           headers={"If-Match": '"nope"'})
    assert error_of(stale) == (412, 1200) and stale.body["_rev"] == rev
    patched = await api.call(
        "PATCH", "/_api/gharial/social/vertex/male/francis?returnOld=true&returnNew=true"
        "&keepNull=false", {"name": None, "age": 40}, headers={"If-Match": rev})
    assert patched.status_code == 202
    assert set(patched.body["vertex"]) == {"_id", "_key", "_rev", "_oldRev"}
    assert patched.body["old"]["name"] == "Francis" and "name" not in patched.body["new"]
    conflict = await api.call("PUT", "/_api/gharial/social/vertex/male/francis",
                              {"age": 1}, headers={"If-Match": rev})
    assert error_of(conflict) == (412, 1200)
    replaced = await api.call("PUT", "/_api/gharial/social/vertex/male/francis"
                              "?waitForSync=true", {"age": 41})
    assert replaced.status_code == 200
    removed = await api.call("DELETE",
                             "/_api/gharial/social/vertex/male/francis?returnOld=true")
    assert removed.status_code == 202
    assert removed.body["removed"] is True and removed.body["old"]["age"] == 41
    gone = await api.call("GET", "/_api/gharial/social/vertex/male/francis")
    assert error_of(gone) == (404, 1202)
    assert error_of(await api.call("DELETE", "/_api/gharial/social/vertex/male/francis")) == (
        404, 1202)


async def test_documents_outside_the_graph_are_refused(api: Api) -> None:
    await load_social(api)
    await api.ok("POST", "/_api/collection", {"name": "city"})
    outsider = await api.call("POST", "/_api/gharial/social/vertex/city", {})
    assert error_of(outsider) == (404, 1949)
    read = await api.call("GET", "/_api/gharial/social/vertex/city/x")
    assert error_of(read) == (404, 1949)
    not_edge = await api.call("POST", "/_api/gharial/social/edge/female",
                              {"_from": "female/alice", "_to": "male/bob"})
    assert error_of(not_edge) == (404, 1930)
    no_graph = await api.call("POST", "/_api/gharial/nope/vertex/female", {})
    assert error_of(no_graph) == (404, 1924)


async def test_missing_collections(api: Api, emu: Emulator) -> None:
    await load_social(api)
    database = emu.store.database("_system")
    for name in ("male", "relation"):  # gone behind the graph's back
        database.drop_collection(database.get(name))
    missing = await api.call("POST", "/_api/gharial/social/vertex/male", {})
    assert error_of(missing) == (404, 1926)
    no_edges = await api.call("GET", "/_api/gharial/social/edge/relation/x")
    assert error_of(no_edges) == (404, 1203)


async def test_edge_checks(api: Api) -> None:
    await load_social(api)
    await api.ok("POST", "/_api/collection", {"name": "city"})
    await api.ok("POST", "/_api/document/city", {"_key": "paris"})
    outside = await api.call("POST", "/_api/gharial/social/edge/relation",
                             {"_from": "female/alice", "_to": "city/paris"})
    assert error_of(outside) == (404, 1947)
    assert outside.error_message == "referenced _to collection 'city' is not part of the graph"
    dangling = await api.call("POST", "/_api/gharial/social/edge/relation",
                              {"_from": "female/nobody", "_to": "male/bob"})
    assert error_of(dangling) == (404, 1202)
    for body in ({"_from": "female/alice"}, {"_from": "female/alice", "_to": "bob"},
                 {"_from": 1, "_to": "male/bob"}):
        refused = await api.call("POST", "/_api/gharial/social/edge/relation", body)
        assert error_of(refused) == (400, 1233), body
    created = await api.ok("POST", "/_api/gharial/social/edge/relation",
                           {"_key": "new", "_from": "female/alice", "_to": "male/bob"})
    assert set(created["edge"]) == {"_id", "_key", "_rev"}
    # an update may change one end; that end is checked
    moved = await api.call("PATCH", "/_api/gharial/social/edge/relation/new",
                           {"_to": "city/paris"})
    assert error_of(moved) == (404, 1947)
    ok = await api.ok("PATCH", "/_api/gharial/social/edge/relation/new?returnNew=true",
                      {"_to": "male/charly"})
    assert ok["new"]["_to"] == "male/charly" and ok["new"]["_from"] == "female/alice"
    replace_half = await api.call("PUT", "/_api/gharial/social/edge/relation/new",
                                  {"_from": "female/alice"})
    assert error_of(replace_half) == (400, 1233)
    read = await api.ok("GET", "/_api/gharial/social/edge/relation/new")
    assert read["edge"]["_to"] == "male/charly"
    removed = await api.call("DELETE", "/_api/gharial/social/edge/relation/new")
    assert removed.status_code == 202 and removed.body["removed"] is True


async def test_deleting_a_vertex_deletes_its_edges_in_every_graph(api: Api) -> None:
    await load_social(api)
    await api.ok("POST", "/_api/gharial", {
        "name": "likes", "edgeDefinitions": [{"collection": "likes", "from": ["female"],
                                              "to": ["food"]}]})
    await api.ok("POST", "/_api/gharial/likes/vertex/food", {"_key": "pizza"})
    await api.ok("POST", "/_api/gharial/likes/edge/likes",
                 {"_from": "female/alice", "_to": "food/pizza"})
    await api.ok("DELETE", "/_api/gharial/social/vertex/female/alice")
    for edges in ("relation", "likes"):
        found = await api.ok("GET", f"/_api/edges/{edges}?vertex=female/alice")
        assert found["edges"] == []
    assert (await api.ok("GET", "/_api/collection/relation/count"))["count"] == 2


async def test_vertex_writes_inside_a_stream_transaction(api: Api) -> None:
    await load_social(api)
    trx = await api.ok("POST", "/_api/transaction/begin",
                       {"collections": {"write": ["female", "relation"]}})
    header = {"x-arango-trx-id": trx["result"]["id"]}
    await api.ok("POST", "/_api/gharial/social/vertex/female", {"_key": "eve"},
                 headers=header)
    outside = await api.call("GET", "/_api/gharial/social/vertex/female/eve")
    assert error_of(outside) == (404, 1202)
    inside = await api.ok("GET", "/_api/gharial/social/vertex/female/eve", headers=header)
    assert inside["vertex"]["_key"] == "eve"
    await api.ok("PUT", f"/_api/transaction/{trx['result']['id']}")
    assert (await api.ok("GET", "/_api/gharial/social/vertex/female/eve"))["vertex"]


async def test_read_only_user_cannot_change_graphs(api: Api) -> None:
    await load_social(api)
    await api.ok("POST", "/_api/user", {"user": "reader", "passwd": "pw"})
    await api.ok("PUT", "/_api/user/reader/database/_system", {"grant": "ro"})
    reader = api.as_user("reader", "pw")
    assert (await reader.call("GET", "/_api/gharial/social")).status_code == 200
    refused = await reader.call("POST", "/_api/gharial", {"name": "mine"})
    assert refused.status_code in (401, 403)
    write = await reader.call("POST", "/_api/gharial/social/vertex/female", {})
    assert write.status_code in (401, 403)


async def test_traversal_over_the_named_graph(api: Api) -> None:
    await load_social(api)
    body = await api.ok("POST", "/_api/cursor", {
        "query": "FOR v IN 1..1 OUTBOUND 'female/alice' GRAPH 'social' SORT v._key "
                 "RETURN v._key"})
    assert body["result"] == ["bob", "charly"]
    paths = await api.ok("POST", "/_api/cursor", {
        "query": "FOR v, e, p IN 2..2 OUTBOUND 'female/alice' GRAPH 'social' "
                 "SORT p.vertices[1]._key RETURN p.vertices[*]._key"})
    assert paths["result"] == [["alice", "bob", "diana"], ["alice", "charly", "diana"]]
    unknown = await api.call("POST", "/_api/cursor", {
        "query": "FOR v IN 1..1 OUTBOUND 'female/alice' GRAPH 'nope' RETURN v"})
    assert error_of(unknown) == (404, 1924)
