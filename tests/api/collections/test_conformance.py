"""Requests and answer parsing against answers recorded on a real ArangoDB 3.12.10.

Each test sends the call through a replay HTTP client that checks the request against the
recorded one (method, path, query, body) and answers with the recorded response.
"""

from __future__ import annotations

import json

import pytest

from arango_anyio.collection import BulkReport, DocumentStatus
from arango_anyio.exceptions import (
    DocumentDeleteError,
    DocumentInsertError,
    DocumentRevisionError,
)
from tests.api.admin.replay import ANY, recorded, replay_db
from tests.api.collections.conftest import written

pytestmark = pytest.mark.anyio

#: check_rev=True (the default) sends ignoreRevs=false explicitly: the server's default is
#: to ignore ``_rev`` in bodies.
CHECK_REVS = {"ignoreRevs": "false"}


async def test_collections_list() -> None:
    async with replay_db(recorded("RestCollectionGetAllCollections_single")) as (db, _):
        collections = await db.collections()
    by_name = {c["name"]: c for c in collections}
    assert by_name["_apps"] == {"id": "12", "name": "_apps", "system": True,
                                "type": "document", "status": 3}
    assert by_name["demo"]["system"] is False


async def test_create_collection_with_key_options() -> None:
    # python-arango sends every option explicitly; the recorded arangosh call sent fewer.
    exchange = recorded("RestCollectionCreateKeyopt_single", request_body=ANY)
    async with replay_db(exchange) as (db, replay):
        col = await db.create_collection("testCollectionUsers", key_generator="autoincrement",
                                         key_increment=5)
    assert col.name == "testCollectionUsers"
    sent = json.loads(replay.sent[-1][4] or "{}")
    assert sent["keyOptions"] == {"type": "autoincrement", "increment": 5,
                                  "allowUserKeys": True}


async def test_properties_count_figures_checksum() -> None:
    async with replay_db(recorded("RestCollectionGetCollectionName_single"),
                         recorded("RestCollectionGetCollectionCount_single"),
                         recorded("RestCollectionGetCollectionFigures_single"),
                         recorded("RestCollectionGetCollectionChecksumNoRev_single")
                         ) as (db, _):
        col = db.collection("products")
        props = await col.properties()
        count = await col.count()
        stats = await col.statistics()
        checksum = await col.checksum(with_data=True)
    assert props["name"] == "products" and props["system"] is False
    assert props["edge"] is False and isinstance(props["sync"], bool)
    assert props["key_options"]["key_generator"] == "traditional"
    assert "keyOptions" not in props and "waitForSync" not in props
    assert count == 100
    assert stats == {"indexes": {"count": 1, "size": 2746}, "documents_size": 3548,
                     "cache_in_use": False, "cache_size": 0, "cache_usage": 0}
    assert checksum == "17800770730844203714"


async def test_configure_rename_truncate_compact() -> None:
    async with replay_db(recorded("RestCollectionIdentifierPropertiesSync_single"),
                         recorded("RestCollectionIdentifierRename_single"),
                         recorded("RestCollectionIdentifierTruncate_single"),
                         recorded("RestApiCollectionCompact_single")) as (db, _):
        props = await db.collection("products").configure(sync=True)
        assert props["sync"] is True
        col = db.collection("products1")
        assert await col.rename("newname") is True
        assert col.name == "newname"
        assert await db.collection("products").truncate() is True
        compacted = await db.collection("testCollection").compact()
        assert compacted["name"] == "testCollection"


async def test_delete_collections() -> None:
    async with replay_db(recorded("RestCollectionDeleteCollectionName_single"),
                         recorded("RestCollectionDeleteCollectionSystem_single")) as (db, _):
        assert await db.delete_collection("products1") is True
        assert await db.delete_collection("_example", system=True) is True


async def test_insert_many_with_return_new() -> None:
    async with replay_db(recorded("RestDocumentHandlerPostMulti2_single")) as (db, _):
        results = await db.collection("products").insert_many(
            [{"Hello": "Earth"}, {"Hello": "Venus"}, {"Hello": "Mars"}], return_new=True)
    assert [r["new"]["Hello"] for r in written(results)] == ["Earth", "Venus", "Mars"]


async def test_insert_many_per_document_error() -> None:
    async with replay_db(recorded("RestDocumentHandlerPostBadJsonMulti_single")) as (db, _):
        report = BulkReport()
        results = await db.collection("products").insert_many(
            [{"_key": 111}, {"_key": "abc"}], report=report)
    assert isinstance(results, list)
    assert isinstance(results[0], DocumentInsertError)
    assert results[0].error_code == 1221 and results[0].http_code == 400
    assert results[0].error_message == "illegal document key"
    assert written(results[1:])[0]["_id"] == "products/abc"
    assert report.statuses == [DocumentStatus.FAILED, DocumentStatus.WRITTEN]


async def test_insert_into_unknown_collection() -> None:
    async with replay_db(recorded("RestDocumentHandlerPostUnknownCollection1_single",
                                  request_body=ANY)) as (db, _):
        with pytest.raises(DocumentInsertError) as info:
            await db.collection("products").insert({"Hello": "Universe"})
    assert info.value.error_code == 1203 and info.value.http_code == 404


async def test_read_head_and_many() -> None:
    async with replay_db(recorded("RestDocumentHandlerReadDocument_single"),
                         recorded("RestDocumentHandlerReadDocumentHead_single"),
                         recorded("RestDocumentHandlerReadMultiDocument_single",
                                  request_body=["doc1", "doc2"])) as (db, _):
        col = db.collection("products")
        doc = await col.get("70477")
        assert doc is not None and doc["_key"] == "70477"
        assert await col.has("70529") is True
        docs = await col.get_many(["doc1", {"_key": "doc2"}])
    assert [d["_key"] for d in docs] == ["doc1", "doc2"]


async def test_replace_document() -> None:
    # the body names the document by "_key" (the URL carries it too)
    exchange = recorded("RestDocumentHandlerUpdateDocument_single",
                        request_body={"_key": "70648", "Hello": "you"},
                        optional_query=CHECK_REVS)
    async with replay_db(exchange) as (db, _):
        result = await db.collection("products").replace({"_key": "70648", "Hello": "you"})
    assert isinstance(result, dict)
    assert result["_old_rev"] == "_l6zhVKC---" and "_oldRev" not in result


async def test_delete_with_other_revision() -> None:
    exchange = recorded("RestDocumentHandlerDeleteDocumentIfMatchOther_single",
                        optional_query=CHECK_REVS)
    async with replay_db(exchange) as (db, replay):
        with pytest.raises(DocumentRevisionError) as info:
            await db.collection("products").delete("70787", rev="_l6zhVRe--_")
    assert info.value.http_code == 412 and info.value.error_code == 1200
    assert replay.sent[-1][2]["If-Match"] == "_l6zhVRe--_"


async def test_delete_many_revision_conflicts() -> None:
    exchange = recorded("RestDocumentHandlerDeleteDocumentRevConflictMulti_single")
    async with replay_db(exchange) as (db, _):
        results = await db.collection("products").delete_many(
            [{"_key": "1", "_rev": "non-matching revision"},
             {"_key": "2", "_rev": "non-matching revision"}])
    assert isinstance(results, list)
    assert all(isinstance(r, DocumentRevisionError) and r.error_code == 1200 for r in results)


async def test_delete_many_unknown() -> None:
    # the recorded call names "other/2", an id of another collection: this client refuses
    # that before sending, so the replayed call names the key instead.
    exchange = recorded("RestDocumentHandlerDeleteDocumentUnknownMulti_single",
                        request_body=["1", "2"], optional_query=CHECK_REVS)
    async with replay_db(exchange) as (db, _):
        results = await db.collection("products").delete_many(["1", "products/2"])
    assert all(isinstance(r, DocumentDeleteError) and r.error_code == 1202
               and r.http_code == 404 for r in results)


async def test_import_list() -> None:
    # python-arango names the type "array" (an alias of "list") and sends its flags.
    exchange = recorded("RestImportJsonList_single", request_body=ANY,
                        query={"collection": "products", "type": "array",
                               "complete": "true", "details": "true"})
    async with replay_db(exchange) as (db, _):
        report = BulkReport()
        result = await db.collection("products").import_bulk(
            [{"_key": "abc"}, {"_key": "foo"}, {"name": "x"}], report=report)
    assert isinstance(result, dict) and result["created"] == 3 and result["errors"] == 0
    assert report.written == [0, 1, 2]


async def test_indexes() -> None:
    async with replay_db(recorded("RestIndexCreateNewTtlIndex_single"),
                         recorded("RestIndexDeleteUniquePersistent_single")) as (db, _):
        created = await db.collection("sessions").add_index(
            {"type": "ttl", "expireAfter": 3600, "fields": ["createdAt"]})
        assert created["id"] == "74081" and created["expireAfter"] == 3600
        assert "code" not in created and "error" not in created
        assert await db.collection("products").delete_index("73910") is True
