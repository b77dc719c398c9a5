"""``/_api/import`` in its three formats and ``/_api/edges``."""

from __future__ import annotations

import json

import pytest

from tests.emulator.core.conftest import Api, error_of

pytestmark = pytest.mark.anyio


@pytest.fixture
async def products(api: Api) -> Api:
    await api.ok("POST", "/_api/collection", {"name": "products"})
    return api


async def test_import_list(products: Api) -> None:
    docs = [{"_key": "abc", "v": 1}, {"_key": "foo"}, {"name": {"short": "x"}}]
    response = await products.call("POST", "/_api/import?collection=products&type=list", docs)
    assert response.status_code == 201
    assert response.body == {"error": False, "created": 3, "errors": 0, "empty": 0,
                             "updated": 0, "ignored": 0}


async def test_import_documents_with_duplicates(products: Api) -> None:
    raw = '{ "_key": "abc", "v": 25 }\n\n{ "_key": "abc", "v": "bar" }\n'
    response = await products.call(
        "POST", "/_api/import?collection=products&type=documents&details=true", raw=raw)
    body = response.body
    assert (body["created"], body["errors"], body["empty"]) == (1, 1, 1)
    assert body["details"] == ["at position 2: creating document failed with error 'unique "
                               "constraint violated', offending document: "
                               '{"_key":"abc","v":"bar"}']


async def test_import_on_duplicate_modes(products: Api) -> None:
    await products.ok("POST", "/_api/document/products", {"_key": "k", "a": 1, "b": 1})
    url = "/_api/import?collection=products&type=list&onDuplicate="
    body = await products.ok("POST", url + "update", [{"_key": "k", "a": 2}])
    assert body["updated"] == 1
    assert (await products.ok("GET", "/_api/document/products/k"))["b"] == 1
    body = await products.ok("POST", url + "replace", [{"_key": "k", "a": 3}])
    assert body["updated"] == 1
    assert "b" not in await products.ok("GET", "/_api/document/products/k")
    body = await products.ok("POST", url + "ignore", [{"_key": "k", "a": 4}])
    assert body["ignored"] == 1
    body = await products.ok("POST", url + "error", [{"_key": "k"}])
    assert body["errors"] == 1


async def test_import_complete_rolls_back(products: Api) -> None:
    docs = [{"_key": "x"}, {"_key": "x"}]
    response = await products.call(
        "POST", "/_api/import?collection=products&type=list&complete=true", docs)
    assert error_of(response) == (409, 1210)
    assert (await products.ok("GET", "/_api/collection/products/count"))["count"] == 0


async def test_import_overwrite_truncates(products: Api) -> None:
    await products.ok("POST", "/_api/document/products", {"_key": "old"})
    await products.ok("POST", "/_api/import?collection=products&type=list&overwrite=true",
                      [{"_key": "new"}])
    assert (await products.ok("GET", "/_api/collection/products/count"))["count"] == 1


async def test_import_array_lines_and_errors(api: Api) -> None:
    await api.ok("POST", "/_api/collection", {"name": "links", "type": 3})
    raw = '[ "_from", "_to", "name" ]\n[ "products/123","products/234", "a" ]\n' \
          '[ "332", "abc", "b" ]\n'
    body = await api.ok("POST", "/_api/import?collection=links&fromPrefix=products"
                        "&toPrefix=products", raw=raw)
    assert body["created"] == 2
    edges = await api.ok("GET", "/_api/edges/links?vertex=products/332&direction=out")
    assert edges["edges"][0]["_to"] == "products/abc"
    invalid = await api.ok("POST", "/_api/import?collection=links&details=true",
                           raw='[ "name" ]\n[ "some name" ]\n[ "other name" ]')
    assert invalid["errors"] == 2 and invalid["details"][0] == (
        "at position 1: missing '_from' or '_to' attribute, offending document: "
        '{"name":"some name"}')
    listed = await api.ok("POST", "/_api/import?collection=links&type=list&details=true",
                          [{"name": "x"}])
    assert listed["details"][0].startswith("at position 1: missing '_from' or '_to'")


async def test_import_bad_requests(api: Api) -> None:
    response = await api.call("POST", "/_api/import?collection=products&type=documents",
                              raw='{"a": 1}')
    assert error_of(response) == (404, 1203)
    assert response.error_message == "collection or view not found: products"
    await api.ok("POST", "/_api/collection", {"name": "products"})
    response = await api.call("POST", "/_api/import?collection=products",
                              raw='{ "_key": "foo", "value1": "bar" }')
    assert error_of(response) == (400, 400)
    assert response.error_message == "no JSON array found in second line"


async def test_import_in_transaction(products: Api) -> None:
    begin = await products.ok("POST", "/_api/transaction/begin",
                              {"collections": {"write": "products"}})
    tid = begin["result"]["id"]
    await products.ok("POST", "/_api/import?collection=products&type=list", [{"_key": "t"}],
                      headers={"x-arango-trx-id": tid})
    assert (await products.call("GET", "/_api/document/products/t")).status_code == 404
    await products.ok("PUT", f"/_api/transaction/{tid}")
    await products.ok("GET", "/_api/document/products/t")


async def test_edges_endpoint(api: Api) -> None:
    await api.ok("POST", "/_api/collection", {"name": "edges", "type": 3})
    await api.ok("POST", "/_api/document/edges", [
        {"_key": "5", "_from": "nodes/1", "_to": "nodes/3"},
        {"_key": "6", "_from": "nodes/2", "_to": "nodes/1"},
        {"_key": "7", "_from": "nodes/4", "_to": "nodes/1"},
    ])
    inbound = await api.ok("GET", "/_api/edges/edges?vertex=nodes/1&direction=in")
    assert sorted(e["_key"] for e in inbound["edges"]) == ["6", "7"]
    assert inbound["stats"]["scannedIndex"] == 2
    outbound = await api.ok("GET", "/_api/edges/edges?vertex=nodes/1&direction=out")
    assert [e["_key"] for e in outbound["edges"]] == ["5"]
    both = await api.ok("GET", "/_api/edges/edges?vertex=nodes/1")
    assert len(both["edges"]) == 3
    await api.ok("DELETE", "/_api/document/edges/6")
    inbound = await api.ok("GET", "/_api/edges/edges?vertex=nodes/1&direction=in")
    assert [e["_key"] for e in inbound["edges"]] == ["7"]
    assert json.dumps(inbound)  # plain JSON
