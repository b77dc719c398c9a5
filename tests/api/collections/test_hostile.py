"""Hostile keys and names reach the right document, or are refused before sending."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arango_anyio import StandardDatabase
from arango_anyio.collection import StandardCollection
from arango_anyio.exceptions import (
    ArangoClientError,
    DocumentGetError,
    DocumentInsertError,
    DocumentParseError,
    InvalidArgumentError,
)
from arango_anyio.testing import Emulator
from tests.api.collections.conftest import stored
from tests.recording import RecordingHTTPClient

pytestmark = pytest.mark.anyio

#: Characters ArangoDB allows in keys, including the URL-significant ones.
LEGAL_KEYS = ["a%2Fb", "%", "100%", "a:b", "a.b", "x@y", "(x)", "a+b=c;d$e!f*g'h", "-_-", ".x"]


@pytest.mark.emulator_only
@pytest.mark.parametrize("key", LEGAL_KEYS)
async def test_legal_keys_reach_the_right_document(
    emulator: Emulator, db: StandardDatabase, col: StandardCollection,
    http: RecordingHTTPClient, key: str,
) -> None:
    await col.insert({"_key": "decoy", "v": "decoy"})
    meta = await col.insert({"_key": key, "v": key})
    assert isinstance(meta, dict) and meta["_key"] == key
    doc = await col.get(key)
    assert doc is not None and doc["v"] == key and doc["_key"] == key
    # the key travelled as ONE percent-encoded path segment
    assert http.sent[-1].url.endswith("/_api/document/things/" + quote(key, safe=""))
    assert await col.has(key)
    updated = await col.update({"_key": key, "w": 1}, return_new=True)
    assert isinstance(updated, dict) and updated["new"]["w"] == 1
    assert isinstance(await col.delete(key), dict)
    assert set(stored(emulator, db, "things")) == {"decoy"}


@pytest.mark.emulator_only
@pytest.mark.parametrize("key", ["a b", "a?b", "a#b", "ключ", "a\\b", "a\nb", "é"])
async def test_illegal_keys_never_touch_another_document(
    emulator: Emulator, db: StandardDatabase, col: StandardCollection, key: str
) -> None:
    await col.insert({"_key": "a", "v": 1})
    await col.insert({"_key": "ab", "v": 2})
    assert await col.get(key) is None
    assert await col.has(key) is False
    assert await col.delete(key, ignore_missing=True) is False
    with pytest.raises(DocumentInsertError) as info:
        await col.insert({"_key": key})
    assert info.value.error_code == 1221  # illegal document key
    assert set(stored(emulator, db, "things")) == {"a", "ab"}


@pytest.mark.emulator_only
@pytest.mark.parametrize("doc_id", ["../_users/root", "things/../x", "../x", "things//x"])
async def test_path_tricks_are_refused_or_confined(
    col: StandardCollection, http: RecordingHTTPClient, doc_id: str
) -> None:
    await col.insert({"_key": "x"})
    before = len(http.sent)
    try:
        result = await col.get(doc_id)
    except DocumentParseError:
        assert len(http.sent) == before  # refused before sending
    else:
        assert result is None  # sent as one encoded segment: no such key
        assert "/things/" in http.sent[-1].url
        assert "/../" not in http.sent[-1].url


@pytest.mark.emulator_only
@pytest.mark.parametrize("key", [".", ".."])
async def test_dot_keys_reach_their_own_documents(col: StandardCollection,
                                                  http: RecordingHTTPClient, key: str) -> None:
    # "." and ".." are legal keys: sent as %2E so no URL normalization can drop them
    await col.insert({"_key": "anchor"})
    await col.insert({"_key": key, "v": key})
    document = await col.get(key)
    assert document is not None and document["v"] == key
    assert http.sent[-1].url.endswith("/things/" + key.replace(".", "%2E"))
    assert await col.delete({"_key": key})
    assert await col.get(key) is None
    assert await col.get("anchor") is not None


@pytest.mark.emulator_only
@pytest.mark.parametrize("name", ["../_users", "a/b", "a?b", "a#b", "a%2Fb", "a b", "ü"])
async def test_hostile_collection_names_stay_one_segment(
    db: StandardDatabase, http: RecordingHTTPClient, name: str
) -> None:
    await db.create_collection("a")
    handle = db.collection(name)
    with pytest.raises(DocumentGetError) as info:
        await handle.get("k")
    assert info.value.error_code == 1203  # not some other collection
    assert not await db.has_collection(name)
    assert "/_api/document/" in http.sent[-2].url


async def test_dot_collection_names_refused(db: StandardDatabase) -> None:
    with pytest.raises(ArangoClientError):
        await db.collection("..").count()
    with pytest.raises(ArangoClientError):
        await db.delete_collection(".")


@pytest.mark.emulator_only
async def test_bulk_keys_are_validated_before_sending(col: StandardCollection,
                                                      http: RecordingHTTPClient) -> None:
    before = len(http.sent)
    with pytest.raises(DocumentParseError):
        await col.delete_many(["a", "other/b"])
    with pytest.raises(DocumentParseError):
        await col.update_many([{"_key": "a"}, {"n": 1}])
    with pytest.raises(DocumentParseError):
        await col.insert_many([{"_key": "a"}, "nope"])  # type: ignore[list-item]
    with pytest.raises(InvalidArgumentError):
        await col.insert_many({"_key": "a"})  # type: ignore[dict-item]
    with pytest.raises(DocumentParseError):
        await col.get_many(["a", {"_id": "x/y"}])
    assert len(http.sent) == before


@pytest.mark.emulator_only
@settings(max_examples=40)
@given(key=st.text(min_size=1, max_size=12))
async def test_any_key_reaches_its_own_document_or_none(
    emulator: Emulator, db: StandardDatabase, col: StandardCollection, key: str
) -> None:
    await col.truncate()
    await col.insert({"_key": "anchor", "v": "anchor"})
    try:
        meta = await col.insert({"_key": key, "v": key})
    except DocumentInsertError as exc:
        assert exc.error_code == 1221  # illegal key: refused by the server
        inserted = False
    else:
        assert isinstance(meta, dict) and meta["_key"] == key
        inserted = True
    try:
        doc = await col.get(key)
    except InvalidArgumentError:
        assert not inserted  # "." / ".." / "coll/key" forms never reach the server
        doc = None
    if inserted:
        assert doc is not None and doc["v"] == key
    else:
        assert doc is None
    expected = {"anchor", key} if inserted else {"anchor"}
    assert set(stored(emulator, db, "things")) == expected
