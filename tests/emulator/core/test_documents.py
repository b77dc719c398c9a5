"""Single and multi-document operations with their options, headers and errors."""

from __future__ import annotations

import json

import pytest

from arango_anyio.testing._state.clock import decode_rev
from tests.emulator.core.conftest import Api, error_of

pytestmark = pytest.mark.anyio


@pytest.fixture
async def products(api: Api) -> Api:
    await api.ok("POST", "/_api/collection", {"name": "products"})
    return api


async def test_insert_answer_and_headers(products: Api) -> None:
    response = await products.call("POST", "/_api/document/products", {"Hello": "World"})
    assert response.status_code == 202
    body = response.body
    assert set(body) == {"_id", "_key", "_rev"}
    assert response.header("etag") == f'"{body["_rev"]}"'
    assert response.header("location") == f"/_db/_system/_api/document/products/{body['_key']}"
    synced = await products.call("POST", "/_api/document/products?waitForSync=true", {})
    assert synced.status_code == 201


async def test_revisions_look_like_the_server_and_increase(products: Api) -> None:
    revs = [(await products.ok("POST", "/_api/document/products", {}))["_rev"]
            for _ in range(20)]
    assert all(len(r) == 11 and r.startswith("_") for r in revs)
    values = [decode_rev(r) or 0 for r in revs]
    assert values == sorted(values) and len(set(values)) == 20 and all(values)


async def test_read_head_and_conditional(products: Api) -> None:
    meta = await products.ok("POST", "/_api/document/products", {"_key": "k", "a": 1})
    response = await products.call("GET", "/_api/document/products/k")
    assert response.body == {"_key": "k", "_id": "products/k", "_rev": meta["_rev"], "a": 1}
    assert response.header("etag") == f'"{meta["_rev"]}"'
    head = await products.call("HEAD", "/_api/document/products/k")
    assert head.status_code == 200 and head.raw_body == b""
    same = await products.call("GET", "/_api/document/products/k",
                               headers={"If-None-Match": f'"{meta["_rev"]}"'})
    assert same.status_code == 304
    other = await products.call("GET", "/_api/document/products/k",
                                headers={"If-None-Match": '"other"'})
    assert other.status_code == 200
    mismatch = await products.call("GET", "/_api/document/products/k",
                                   headers={"If-Match": '"other"'})
    assert error_of(mismatch) == (412, 1200)
    missing = await products.call("GET", "/_api/document/products/nope")
    assert error_of(missing) == (404, 1202)
    assert missing.error_message == "document not found"


async def test_unknown_collection_and_bad_json(api: Api) -> None:
    response = await api.call("POST", "/_api/document/products", {"a": 1})
    assert error_of(response) == (404, 1203)
    assert response.error_message == "collection or view not found: products"
    await api.ok("POST", "/_api/collection", {"name": "products"})
    bad = await api.call("POST", "/_api/document/products", raw='{ 1: "World" }')
    assert error_of(bad) == (400, 600)


async def test_illegal_keys(products: Api) -> None:
    for key in ("", "a/b", "x" * 255, "ä", 12):
        response = await products.call("POST", "/_api/document/products", {"_key": key})
        assert error_of(response) == (400, 1221), key
        assert response.error_message == "illegal document key"
    legal = "a-b_c:d.e@(f)+g,h=i;j$k!l*m'n%o"
    await products.ok("POST", "/_api/document/products", {"_key": legal})


async def test_duplicate_key(products: Api) -> None:
    await products.ok("POST", "/_api/document/products", {"_key": "abc"})
    response = await products.call("POST", "/_api/document/products", {"_key": "abc"})
    assert error_of(response) == (409, 1210)
    assert response.error_message == ("unique constraint violated - in index primary of type "
                                      "primary over '_key'; conflicting key: abc")


async def test_return_new_old_silent(products: Api) -> None:
    body = await products.ok("POST", "/_api/document/products?returnNew=true",
                             {"_key": "k", "v": 1})
    assert body["new"] == {"_key": "k", "_id": "products/k", "_rev": body["_rev"], "v": 1}
    replaced = await products.ok("PUT", "/_api/document/products/k?returnOld=true&returnNew=true",
                                 {"w": 2})
    assert replaced["_oldRev"] == body["_rev"]
    assert replaced["old"]["v"] == 1 and replaced["new"] == {
        "_key": "k", "_id": "products/k", "_rev": replaced["_rev"], "w": 2}
    silent = await products.ok("PATCH", "/_api/document/products/k?silent=true", {"x": 3})
    assert silent == {}
    removed = await products.ok("DELETE", "/_api/document/products/k?returnOld=true")
    assert removed["old"]["x"] == 3 and removed["_key"] == "k"
    assert (await products.call("GET", "/_api/document/products/k")).status_code == 404


async def test_update_keep_null_and_merge_objects(products: Api) -> None:
    await products.ok("POST", "/_api/document/products",
                      {"_key": "k", "a": 1, "obj": {"x": 1, "y": 2}, "gone": 1})
    await products.ok("PATCH", "/_api/document/products/k", {"obj": {"y": None, "z": 3},
                                                             "gone": None})
    doc = await products.ok("GET", "/_api/document/products/k")
    assert doc["obj"] == {"x": 1, "y": None, "z": 3} and doc["gone"] is None
    await products.ok("PATCH", "/_api/document/products/k?keepNull=false",
                      {"obj": {"y": None}, "gone": None})
    doc = await products.ok("GET", "/_api/document/products/k")
    assert doc["obj"] == {"x": 1, "z": 3} and "gone" not in doc
    await products.ok("PATCH", "/_api/document/products/k?mergeObjects=false",
                      {"obj": {"only": True}})
    doc = await products.ok("GET", "/_api/document/products/k")
    assert doc["obj"] == {"only": True} and doc["a"] == 1


async def test_if_match_and_rev_checks(products: Api) -> None:
    first = await products.ok("POST", "/_api/document/products", {"_key": "k"})
    second = await products.ok("POST", "/_api/document/products", {"_key": "other"})
    response = await products.call("DELETE", "/_api/document/products/k",
                                   headers={"If-Match": f'"{second["_rev"]}"'})
    assert error_of(response) == (412, 1200)
    assert response.body["_rev"] == first["_rev"] and response.body["_key"] == "k"
    assert response.body["_id"] == "products/k"
    assert response.error_message == "conflict, _rev values do not match"
    assert response.header("etag") == f'"{first["_rev"]}"'
    # a _rev in the body only counts with ignoreRevs=false
    await products.ok("PATCH", "/_api/document/products/k", {"_rev": "bogus", "a": 1})
    response = await products.call("PATCH", "/_api/document/products/k?ignoreRevs=false",
                                   {"_rev": "bogus", "a": 2})
    assert error_of(response) == (412, 1200)
    current = await products.ok("GET", "/_api/document/products/k")
    await products.ok("PUT", "/_api/document/products/k?ignoreRevs=false",
                      {"_rev": current["_rev"], "b": 1})
    rev = (await products.ok("GET", "/_api/document/products/k"))["_rev"]
    await products.ok("DELETE", "/_api/document/products/k", headers={"If-Match": f'"{rev}"'})


async def test_overwrite_modes(products: Api) -> None:
    await products.ok("POST", "/_api/document/products", {"_key": "k", "a": 1, "b": 1})
    ignored = await products.ok("POST", "/_api/document/products?overwriteMode=ignore",
                                {"_key": "k", "a": 9})
    assert (await products.ok("GET", "/_api/document/products/k"))["a"] == 1
    assert ignored["_key"] == "k"
    updated = await products.ok("POST",
                                "/_api/document/products?overwriteMode=update&returnOld=true",
                                {"_key": "k", "a": 2})
    assert updated["old"]["a"] == 1 and "_oldRev" in updated
    assert (await products.ok("GET", "/_api/document/products/k"))["b"] == 1
    await products.ok("POST", "/_api/document/products?overwriteMode=replace", {"_key": "k"})
    assert "b" not in await products.ok("GET", "/_api/document/products/k")
    await products.ok("POST", "/_api/document/products?overwrite=true", {"_key": "k", "c": 1})
    assert (await products.ok("GET", "/_api/document/products/k"))["c"] == 1
    conflict = await products.call("POST", "/_api/document/products?overwriteMode=conflict",
                                   {"_key": "k"})
    assert error_of(conflict) == (409, 1210)


async def test_multi_insert_with_errors(products: Api) -> None:
    response = await products.call("POST", "/_api/document/products?returnNew=true",
                                   raw='[{ "_key": 111 }, {"_key":"abc"}, {"_key":"abc"}, 5]')
    assert response.status_code == 202
    body = response.body
    assert body[0] == {"error": True, "errorNum": 1221, "errorMessage": "illegal document key"}
    assert body[1]["_key"] == "abc" and body[1]["new"]["_key"] == "abc"
    assert body[2]["errorNum"] == 1210 and body[3]["errorNum"] == 1227
    assert json.loads(response.header("x-arango-error-codes") or "") == {
        "1221": 1, "1210": 1, "1227": 1}


async def test_multi_read_replace_update_remove(products: Api) -> None:
    await products.ok("POST", "/_api/document/products",
                      [{"_key": "1", "a": 1}, {"_key": "2", "a": 2}])
    got = await products.call("PUT", "/_api/document/products?onlyget=true",
                              ["1", {"_key": "2"}, "nope"])
    assert got.status_code == 200
    assert [d.get("_key") for d in got.body[:2]] == ["1", "2"]
    assert got.body[2]["errorNum"] == 1202
    replaced = await products.ok("PUT", "/_api/document/products",
                                 [{"_key": "1", "b": 1}, {"_key": "zz"}])
    assert replaced[0]["_oldRev"] and replaced[1]["errorNum"] == 1202
    updated = await products.ok("PATCH", "/_api/document/products?returnNew=true",
                                [{"_key": "2", "c": 3}])
    assert updated[0]["new"]["a"] == 2 and updated[0]["new"]["c"] == 3
    removed = await products.call("DELETE", "/_api/document/products",
                                  ["products/1", "other/2", {"_key": "2"}])
    assert removed.body[0]["_key"] == "1" and removed.body[1]["errorNum"] == 1202
    assert removed.body[2]["_key"] == "2"
    assert removed.header("x-arango-error-codes") == '{"1202":1}'


async def test_multi_remove_rev_conflicts(products: Api) -> None:
    await products.ok("POST", "/_api/document/products", [{"_key": "1"}, {"_key": "2"}])
    response = await products.call("DELETE", "/_api/document/products?ignoreRevs=false",
                                   [{"_key": "1", "_rev": "x"}, {"_key": "2", "_rev": "x"}])
    assert response.status_code == 202
    assert response.body == [{"error": True, "errorNum": 1200,
                              "errorMessage": "conflict, _rev values do not match"}] * 2
    assert response.header("x-arango-error-codes") == '{"1200":2}'


async def test_edges_need_from_and_to(api: Api) -> None:
    await api.ok("POST", "/_api/collection", {"name": "e", "type": 3})
    for bad in ({}, {"_from": "v/1"}, {"_from": "v1", "_to": "v/2"}, {"_from": 1, "_to": "v/2"}):
        response = await api.call("POST", "/_api/document/e", bad)
        assert error_of(response) == (400, 1233), bad
    edge = await api.ok("POST", "/_api/document/e?returnNew=true",
                        {"_from": "v/1", "_to": "v/2", "w": 1})
    assert edge["new"]["_from"] == "v/1"
    await api.ok("PATCH", f"/_api/document/e/{edge['_key']}", {"_to": "v/3"})
    response = await api.call("PUT", f"/_api/document/e/{edge['_key']}", {"w": 2})
    assert error_of(response) == (400, 1233)


async def test_encoded_keys_in_path(products: Api) -> None:
    await products.ok("POST", "/_api/document/products", {"_key": "a:b%c"})
    doc = await products.ok("GET", "/_api/document/products/a%3Ab%25c")
    assert doc["_key"] == "a:b%c"


async def test_head_of_missing_document_has_no_body(products: Api) -> None:
    response = await products.call("HEAD", "/_api/document/products/none")
    assert response.status_code == 404 and response.raw_body == b""


async def test_document_requests_need_rw(api: Api) -> None:
    await api.ok("POST", "/_api/collection", {"name": "c"})
    await api.ok("POST", "/_api/user", {"user": "reader", "passwd": "pw", "active": None})
    await api.ok("PUT", "/_api/user/reader/database/_system", {"grant": "ro"})
    reader = api.as_user("reader", "pw")
    assert error_of(await reader.call("POST", "/_api/document/c", {})) == (403, 11)
    assert error_of(await reader.call("PUT", "/_api/document/c/x", {})) == (403, 11)
    assert error_of(await reader.call("GET", "/_api/document/c/x")) == (404, 1202)


@pytest.mark.parametrize(("method", "body"), [
    ("POST", [{"_key": "n1"}, {"_key": "n2"}]),
    ("PUT", [{"_key": "s1", "v": 2}, {"_key": "s2", "v": 2}]),
    ("PATCH", [{"_key": "s1", "w": 3}, {"_key": "s2", "w": 3}]),
    ("DELETE", ["s1", "s2"]),
])
async def test_silent_multi_document_success_answers_empty_object(
        products: Api, method: str, body: list[object]) -> None:
    await products.ok("POST", "/_api/document/products", [{"_key": "s1"}, {"_key": "s2"}])
    response = await products.call(method, "/_api/document/products?silent=true", body)
    assert response.status_code in (200, 201, 202)
    assert response.body == {}
    assert response.header("x-arango-error-codes") is None


async def test_silent_multi_document_lists_only_the_errors(products: Api) -> None:
    await products.ok("POST", "/_api/document/products", {"_key": "dup"})
    response = await products.call("POST", "/_api/document/products?silent=true",
                                   [{"_key": "dup"}, {"_key": "fresh"}])
    assert isinstance(response.body, list) and len(response.body) == 1
    assert response.body[0]["errorNum"] == 1210
    assert response.header("x-arango-error-codes") == '{"1210":1}'
