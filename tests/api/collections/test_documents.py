"""Single-document operations on a collection and by ``_id`` on the database."""

from __future__ import annotations

from typing import Any

import pytest

from arango_anyio import StandardDatabase
from arango_anyio.collection import StandardCollection
from arango_anyio.exceptions import (
    DocumentDeleteError,
    DocumentGetError,
    DocumentInsertError,
    DocumentParseError,
    DocumentReplaceError,
    DocumentRevisionError,
    DocumentUpdateError,
    InvalidArgumentError,
)
from arango_anyio.testing import Emulator
from tests.api.collections.conftest import stored
from tests.recording import RecordingHTTPClient

pytestmark = pytest.mark.anyio


@pytest.mark.emulator_only
async def test_insert_get_has(emulator: Emulator, db: StandardDatabase,
                              col: StandardCollection) -> None:
    meta = await col.insert({"_key": "a", "n": 1})
    assert isinstance(meta, dict)
    assert meta["_id"] == "things/a" and meta["_key"] == "a" and meta["_rev"]
    assert stored(emulator, db, "things")["a"]["n"] == 1

    doc = await col.get("a")
    assert doc == {"_key": "a", "_id": "things/a", "_rev": meta["_rev"], "n": 1}
    assert await col.get("things/a") == doc
    assert await col.get({"_key": "a"}) == doc
    assert await col.get({"_id": "things/a"}) == doc
    assert await col.get("missing") is None
    assert await col.has("a") is True
    assert await col.has({"_id": "things/a"}) is True
    assert await col.has("missing") is False


async def test_insert_options(col: StandardCollection) -> None:
    new = await col.insert({"_key": "a", "n": 1, "sub": {"x": 1}}, return_new=True)
    assert isinstance(new, dict) and new["new"]["n"] == 1
    assert await col.insert({"_key": "s"}, silent=True) is True

    with pytest.raises(DocumentInsertError) as info:
        await col.insert({"_key": "a"})
    assert info.value.error_code == 1210
    assert info.value.http_code == 409

    replaced = await col.insert({"_key": "a", "m": 2}, overwrite_mode="replace",
                                return_old=True, return_new=True)
    assert isinstance(replaced, dict)
    assert replaced["old"]["n"] == 1
    assert replaced["new"] == {**replaced["new"], "m": 2}
    assert "n" not in replaced["new"]
    assert "_old_rev" in replaced and "_oldRev" not in replaced

    updated = await col.insert({"_key": "a", "k": None, "sub": {"y": 2}},
                               overwrite_mode="update", keep_none=False, merge=True,
                               return_new=True)
    assert isinstance(updated, dict)
    assert updated["new"]["m"] == 2 and "k" not in updated["new"]

    ignored = await col.insert({"_key": "a", "z": 9}, overwrite_mode="ignore")
    assert isinstance(ignored, dict)
    doc = await col.get("a")
    assert doc is not None and "z" not in doc

    with pytest.raises(InvalidArgumentError):
        await col.insert({"_key": "b"}, overwrite_mode="merge")


async def test_insert_with_id_fills_key(col: StandardCollection) -> None:
    meta = await col.insert({"_id": "things/fromid", "v": 1})
    assert isinstance(meta, dict) and meta["_key"] == "fromid"


@pytest.mark.emulator_only
async def test_documents_validated_before_sending(col: StandardCollection,
                                                  http: RecordingHTTPClient) -> None:
    before = len(http.sent)
    with pytest.raises(DocumentParseError, match="must be a dict"):
        await col.insert(["not", "a", "dict"])  # type: ignore[call-overload]
    with pytest.raises(InvalidArgumentError, match="must be a dict"):
        await col.insert("a string")  # type: ignore[call-overload]
    with pytest.raises(DocumentParseError, match="bad collection name"):
        await col.insert({"_id": "other/x"})
    with pytest.raises(DocumentParseError, match="disagree"):
        await col.insert({"_id": "things/x", "_key": "y"})
    with pytest.raises(DocumentParseError, match="bad collection name"):
        await col.get("other/x")
    with pytest.raises(DocumentParseError, match='"_key" or "_id"'):
        await col.update({"n": 1})
    with pytest.raises(DocumentParseError, match='"_key" or "_id"'):
        await col.replace({"n": 1})
    with pytest.raises(DocumentParseError):
        await col.delete({"_id": "other/x"})
    with pytest.raises(DocumentParseError):
        await col.get(42)  # type: ignore[arg-type]
    with pytest.raises(DocumentParseError):
        await col.has("")
    assert len(http.sent) == before


@pytest.mark.emulator_only
async def test_revision_checks(col: StandardCollection, http: RecordingHTTPClient) -> None:
    meta = await col.insert({"_key": "a", "n": 1})
    assert isinstance(meta, dict)
    rev = meta["_rev"]
    assert (await col.get("a", rev=rev)) is not None
    assert http.sent[-1].headers.get("If-Match") == rev
    with pytest.raises(DocumentRevisionError) as info:
        await col.get("a", rev="_wrong____")
    assert info.value.http_code == 412 and info.value.error_code == 1200
    with pytest.raises(DocumentRevisionError):
        await col.get({"_key": "a", "_rev": "_wrong____"})
    assert await col.get({"_key": "a", "_rev": "_wrong____"}, check_rev=False) is not None
    with pytest.raises(DocumentRevisionError):
        await col.has("a", rev="_wrong____")
    assert await col.has("a", rev="_wrong____", check_rev=False)

    with pytest.raises(DocumentRevisionError):
        await col.update({"_key": "a", "_rev": "_wrong____", "n": 2})
    with pytest.raises(DocumentRevisionError):
        await col.replace({"_key": "a", "_rev": "_wrong____", "n": 2})
    with pytest.raises(DocumentRevisionError):
        await col.delete("a", rev="_wrong____")
    doc = await col.get("a")
    assert doc is not None and doc["n"] == 1 and doc["_rev"] == rev

    updated = await col.update({"_key": "a", "_rev": "_wrong____", "n": 2}, check_rev=False)
    assert isinstance(updated, dict) and updated["_old_rev"] == rev
    assert "If-Match" not in http.sent[-1].headers
    current = updated["_rev"]
    replaced = await col.replace({"_key": "a", "_rev": current, "n": 3})
    assert isinstance(replaced, dict) and replaced["_old_rev"] == current
    deleted = await col.delete({"_key": "a", "_rev": replaced["_rev"]})
    assert isinstance(deleted, dict) and deleted["_key"] == "a"
    assert await col.get("a") is None


async def test_update(col: StandardCollection) -> None:
    await col.insert({"_key": "a", "keep": 1, "sub": {"x": 1}, "gone": 1})
    result = await col.update({"_key": "a", "sub": {"y": 2}, "gone": None}, return_new=True,
                              return_old=True, keep_none=False)
    assert isinstance(result, dict)
    assert result["old"]["sub"] == {"x": 1}
    assert result["new"]["sub"] == {"x": 1, "y": 2}
    assert "gone" not in result["new"] and result["new"]["keep"] == 1
    result = await col.update({"_key": "a", "sub": {"z": 3}, "nul": None}, merge=False,
                              return_new=True)
    assert isinstance(result, dict)
    assert result["new"]["sub"] == {"z": 3} and result["new"]["nul"] is None
    assert await col.update({"_key": "a", "q": 1}, silent=True) is True
    with pytest.raises(DocumentUpdateError) as info:
        await col.update({"_key": "missing", "n": 1})
    assert info.value.error_code == 1202 and info.value.http_code == 404


async def test_replace(col: StandardCollection) -> None:
    await col.insert({"_key": "a", "old": 1})
    result = await col.replace({"_id": "things/a", "new": 2}, return_old=True,
                               return_new=True)
    assert isinstance(result, dict)
    assert result["old"]["old"] == 1
    assert "old" not in result["new"] and result["new"]["new"] == 2
    assert await col.replace({"_key": "a"}, silent=True) is True
    with pytest.raises(DocumentReplaceError) as info:
        await col.replace({"_key": "missing"})
    assert info.value.error_code == 1202


@pytest.mark.emulator_only
async def test_delete(emulator: Emulator, db: StandardDatabase,
                      col: StandardCollection) -> None:
    await col.insert_many([{"_key": k, "v": k} for k in "abc"])
    result = await col.delete("a", return_old=True)
    assert isinstance(result, dict) and result["old"]["v"] == "a"
    assert await col.delete({"_id": "things/b"}, silent=True) is True
    assert set(stored(emulator, db, "things")) == {"c"}
    assert await col.delete("a", ignore_missing=True) is False
    with pytest.raises(DocumentDeleteError) as info:
        await col.delete("a")
    assert info.value.error_code == 1202 and info.value.http_code == 404


async def test_get_on_missing_collection(db: StandardDatabase) -> None:
    with pytest.raises(DocumentGetError) as info:
        await db.collection("ghost").get("a")
    assert info.value.error_code == 1203


@pytest.mark.emulator_only
async def test_sync_and_dirty_read_params(col: StandardCollection,
                                          http: RecordingHTTPClient) -> None:
    await col.insert({"_key": "a"}, sync=True)
    assert http.sent[-1].params["waitForSync"] == "true"
    await col.get("a", allow_dirty_read=True)
    assert http.sent[-1].headers["x-arango-allow-dirty-read"] == "true"


async def test_options_are_keyword_only(col: StandardCollection) -> None:
    with pytest.raises(TypeError):
        await col.insert({"_key": "a"}, True)  # type: ignore[call-overload]


# -- documents by _id through the database --------------------------------------------------


async def test_database_document_calls(db: StandardDatabase, col: StandardCollection) -> None:
    meta = await db.insert_document("things", {"_key": "a", "n": 1}, return_new=True)
    assert isinstance(meta, dict) and meta["new"]["n"] == 1
    assert await db.has_document("things/a") is True
    assert await db.has_document({"_id": "things/zz"}) is False
    doc = await db.document("things/a")
    assert doc is not None and doc["n"] == 1
    assert await db.document({"_id": "things/zz"}) is None

    updated = await db.update_document({"_id": "things/a", "m": 2}, return_new=True)
    assert isinstance(updated, dict) and updated["new"]["n"] == 1 and updated["new"]["m"] == 2
    replaced = await db.replace_document({"_id": "things/a", "r": 3}, return_new=True)
    assert isinstance(replaced, dict) and replaced["new"] == {**replaced["new"], "r": 3}
    assert "n" not in replaced["new"]
    with pytest.raises(DocumentRevisionError):
        await db.document("things/a", rev="_wrong____")
    assert isinstance(await db.delete_document("things/a"), dict)
    assert await db.delete_document("things/a", ignore_missing=True) is False


@pytest.mark.parametrize("bad", ["no-slash", "/key", "coll/", {"_key": "a"}, 7])
async def test_database_document_needs_an_id(db: StandardDatabase, bad: Any) -> None:
    with pytest.raises(DocumentParseError):
        await db.document(bad)
    with pytest.raises(DocumentParseError):
        await db.delete_document(bad)


async def test_edge_documents(db: StandardDatabase) -> None:
    await db.create_collection("people")
    knows = await db.create_collection("knows", edge=True)
    edge = await knows.insert({"_from": "people/a", "_to": "people/b", "since": 2020},
                              return_new=True)
    assert isinstance(edge, dict) and edge["new"]["_from"] == "people/a"
    with pytest.raises(DocumentInsertError) as info:
        await knows.insert({"_from": "people/a"})
    assert info.value.error_code == 1233  # edge attribute missing
    imported = await knows.import_bulk([{"_from": "a", "_to": "b"}], from_prefix="people",
                                       to_prefix="people")
    assert isinstance(imported, dict) and imported["created"] == 1
    async with knows.find({"_to": "people/b"}) as cursor:
        assert len([e async for e in cursor]) == 2
