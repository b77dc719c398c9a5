"""The index-backed reads give the right documents: find_by_text (fulltext index),
find_near / find_in_radius / find_in_box (geo index) and find_in_range.

Expected values are worked out here independently (haversine on a 6371 km sphere, plain
word matching), not taken from the emulator."""

from __future__ import annotations

import math
from typing import Any

import pytest

from arango_anyio.collection import StandardCollection
from arango_anyio.cursor import Cursor
from arango_anyio.exceptions import DocumentGetError

pytestmark = pytest.mark.anyio

EARTH = 6371000.0

#: Cities as ``(key, latitude, longitude)``.
CITIES = [
    ("berlin", 52.5200, 13.4050),
    ("cologne", 50.9375, 6.9603),
    ("paris", 48.8566, 2.3522),
    ("rome", 41.9028, 12.4964),
    ("oslo", 59.9139, 10.7522),
    ("nyc", 40.7128, -74.0060),
]


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH * math.asin(math.sqrt(h))


def by_distance(lat: float, lon: float) -> list[str]:
    return [key for key, _, _ in sorted(CITIES, key=lambda c: haversine(lat, lon, c[1], c[2]))]


async def keys_of(cursor: Cursor) -> list[str]:
    async with cursor:
        return [doc["_key"] async for doc in cursor]


async def docs_of(cursor: Cursor) -> list[dict[str, Any]]:
    async with cursor:
        return [doc async for doc in cursor]


# -- find_by_text -------------------------------------------------------------------------

TEXTS = {
    "a": "The quick brown fox jumps over the lazy dog",
    "b": "Bananas and apples are fruit; a banana is yellow",
    "c": "An apple a day keeps the doctor away",
    "d": "Cherry, banana & cherry-banana smoothie",
    "e": "Ärger über Öl in Übersee",
}


@pytest.fixture
async def texts(col: StandardCollection) -> StandardCollection:
    await col.add_index({"type": "fulltext", "fields": ["text"], "minLength": 3})
    await col.insert_many([{"_key": k, "text": v} for k, v in TEXTS.items()]
                          + [{"_key": "list", "text": ["Kiwi salad", {"nested": "banana"}]},
                             {"_key": "none"}, {"_key": "num", "text": 42}])
    return col


async def _text(col: StandardCollection, query: str, limit: int | None = None) -> list[str]:
    async with col.find_by_text("text", query, limit=limit) as cursor:
        return sorted([doc["_key"] async for doc in cursor])


@pytest.mark.parametrize(("query", "expected"), [
    ("banana", ["b", "d"]),
    ("BANANA", ["b", "d"]),
    ("complete:banana", ["b", "d"]),
    ("prefix:banan", ["b", "d"]),
    ("prefix:app", ["b", "c"]),
    ("apple", ["c"]),  # "apples" is another word
    ("banana,yellow", ["b"]),
    ("+banana,+cherry", ["d"]),
    ("banana,-cherry", ["b"]),
    ("banana,|apple", ["b", "c", "d"]),
    ("prefix:cher,|fox", ["a", "d"]),
    ("fox,|apple,-doctor", ["a"]),
    ("kiwi", ["list"]),  # strings directly in an array are indexed
    ("über", ["e"]),
    ("ärger", ["e"]),
    ("dog,cat", []),
    ("an", []),  # shorter than minLength 3: not indexed
    ("nested", []),
])
async def test_find_by_text_matches_words(texts: StandardCollection, query: str,
                                          expected: list[str]) -> None:
    assert await _text(texts, query) == expected


async def test_find_by_text_limit(texts: StandardCollection) -> None:
    found = await _text(texts, "banana,|apple", limit=2)
    assert len(found) == 2 and set(found) <= {"b", "c", "d"}
    # FULLTEXT(..., 0) puts a LIMIT 0 after the index (replaceFullText): nothing
    assert await _text(texts, "banana,|apple", limit=0) == []


async def test_find_by_text_sees_writes(texts: StandardCollection) -> None:
    await texts.insert({"_key": "f", "text": "banana bread"})
    await texts.update({"_key": "b", "text": "no fruit here"})
    await texts.delete("d")
    assert await _text(texts, "banana") == ["f"]


async def test_find_by_text_without_fulltext_index(col: StandardCollection) -> None:
    await col.insert({"text": "banana"})
    with pytest.raises(DocumentGetError) as err:
        async with col.find_by_text("text", "banana"):
            pass
    assert err.value.error_code == 1571
    assert err.value.http_code == 404
    assert "no suitable fulltext index" in err.value.error_message
    await col.add_index({"type": "fulltext", "fields": ["other"]})
    with pytest.raises(DocumentGetError) as other:
        async with col.find_by_text("text", "banana"):
            pass
    assert other.value.error_code == 1571


async def test_find_by_text_empty_query_is_refused(texts: StandardCollection) -> None:
    with pytest.raises(DocumentGetError) as err:
        await _text(texts, "")
    assert err.value.error_code == 10


# -- geo: two attributes [lat, lon] --------------------------------------------------------


@pytest.fixture
async def places(col: StandardCollection) -> StandardCollection:
    await col.add_index({"type": "geo", "fields": ["lat", "lon"]})
    await col.insert_many([{"_key": k, "lat": lat, "lon": lon} for k, lat, lon in CITIES]
                          + [{"_key": "nowhere"}, {"_key": "bad", "lat": "x", "lon": 1}])
    return col


async def test_find_near_orders_by_distance(places: StandardCollection) -> None:
    with pytest.warns(DeprecationWarning):
        cursor = await places.find_near(50.1109, 8.6821)  # Frankfurt
    # documents without a valid point are not in the (sparse) geo index
    assert await keys_of(cursor) == by_distance(50.1109, 8.6821)
    with pytest.warns(DeprecationWarning):
        cursor = await places.find_near(40.0, -70.0, limit=2)
    assert await keys_of(cursor) == by_distance(40.0, -70.0)[:2]


async def test_find_in_radius_with_distances(places: StandardCollection) -> None:
    lat, lon, radius = 50.1109, 8.6821, 700_000.0
    with pytest.warns(DeprecationWarning):
        cursor = await places.find_in_radius(lat, lon, radius, distance_field="dist")
    found = await docs_of(cursor)
    expected = [k for k in by_distance(lat, lon)
                if haversine(lat, lon, *next(c[1:] for c in CITIES if c[0] == k)) <= radius]
    assert [d["_key"] for d in found] == expected
    assert sorted(expected) == ["berlin", "cologne", "paris"]
    for doc in found:
        assert doc["dist"] == pytest.approx(haversine(lat, lon, doc["lat"], doc["lon"]),
                                            rel=1e-9)
    with pytest.warns(DeprecationWarning):
        cursor = await places.find_in_radius(lat, lon, 1.0)
    assert await keys_of(cursor) == []


async def test_find_in_box(places: StandardCollection) -> None:
    # Western/central Europe: latitude 45..56, longitude 0..15
    cursor = await places.find_in_box(45.0, 0.0, 56.0, 15.0)
    assert sorted(await keys_of(cursor)) == ["berlin", "cologne", "paris"]
    cursor = await places.find_in_box(45.0, 0.0, 56.0, 15.0, skip=1, limit=1)
    assert len(await keys_of(cursor)) == 1
    cursor = await places.find_in_box(35.0, -80.0, 45.0, -70.0)
    assert await keys_of(cursor) == ["nyc"]


# -- geo: one attribute -----------------------------------------------------------------


async def test_find_near_with_one_lat_lon_attribute(col: StandardCollection) -> None:
    await col.add_index({"type": "geo", "fields": ["loc"]})
    await col.insert_many([{"_key": k, "loc": [lat, lon]} for k, lat, lon in CITIES]
                          + [{"_key": "short", "loc": [1.0]}])
    with pytest.warns(DeprecationWarning):
        cursor = await col.find_near(41.0, 12.0, limit=3)
    assert await keys_of(cursor) == by_distance(41.0, 12.0)[:3]
    with pytest.warns(DeprecationWarning):
        cursor = await col.find_in_radius(52.5, 13.4, 10_000.0, distance_field="d")
    found = await docs_of(cursor)
    assert [d["_key"] for d in found] == ["berlin"]
    assert found[0]["d"] == pytest.approx(haversine(52.5, 13.4, 52.52, 13.405), rel=1e-9)
    cursor = await col.find_in_box(58.0, 5.0, 61.0, 12.0)
    assert await keys_of(cursor) == ["oslo"]


async def test_find_near_with_geojson_points(col: StandardCollection) -> None:
    await col.add_index({"type": "geo", "fields": ["where"], "geoJson": True})
    await col.insert_many([{"_key": k, "where": {"type": "Point", "coordinates": [lon, lat]}}
                           for k, lat, lon in CITIES] + [{"_key": "none", "where": None}])
    with pytest.warns(DeprecationWarning):
        cursor = await col.find_near(48.0, 3.0)
    assert await keys_of(cursor) == by_distance(48.0, 3.0)
    with pytest.warns(DeprecationWarning):
        cursor = await col.find_in_radius(41.9, 12.5, 50_000.0)
    assert await keys_of(cursor) == ["rome"]
    cursor = await col.find_in_box(40.0, -75.0, 41.0, -73.0)
    assert await keys_of(cursor) == ["nyc"]


async def test_find_in_box_uses_the_named_geo_index(col: StandardCollection) -> None:
    await col.add_index({"type": "geo", "fields": ["home"], "name": "home"})
    work = await col.add_index({"type": "geo", "fields": ["work"], "name": "work"})
    await col.insert_many([{"_key": "a", "home": [10.0, 10.0], "work": [50.0, 50.0]},
                           {"_key": "b", "home": [50.5, 50.5], "work": [10.5, 10.5]}])
    cursor = await col.find_in_box(9.0, 9.0, 11.0, 11.0)  # first geo index: home
    assert await keys_of(cursor) == ["a"]
    cursor = await col.find_in_box(9.0, 9.0, 11.0, 11.0, index=work["id"])
    assert await keys_of(cursor) == ["b"]


# -- find_in_range ------------------------------------------------------------------------


async def test_find_in_range_bounds_and_nesting(col: StandardCollection) -> None:
    await col.insert_many([{"_key": f"k{i}", "n": i, "deep": {"v": i * 10}} for i in range(10)]
                          + [{"_key": "str", "n": "5"}, {"_key": "null", "n": None},
                             {"_key": "flat", "deep.v": 35}])
    async with col.find_in_range("n", 3, 6) as cursor:  # lower inclusive, upper exclusive
        assert sorted([d["_key"] async for d in cursor]) == ["k3", "k4", "k5"]
    async with col.find_in_range("deep.v", 30, 50) as cursor:
        assert sorted([d["_key"] async for d in cursor]) == ["flat", "k3", "k4"]
    async with col.find_in_range("n", 0, 100, skip=2, limit=3) as cursor:
        assert len([d async for d in cursor]) == 3
    async with col.find_in_range("n", "0", "9") as cursor:  # strings compare as strings
        assert [d["_key"] async for d in cursor] == ["str"]
    async with col.find_in_range("n", 7, 3) as cursor:
        assert [d async for d in cursor] == []
