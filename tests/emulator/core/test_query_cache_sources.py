"""The query results cache forgets a result when any collection the query read changes,
also a collection named only at run time (a bind parameter given to ``NEAR``, ``FULLTEXT``,
``WITHIN``)."""

from __future__ import annotations

import pytest

from tests.emulator.core.conftest import Api

pytestmark = pytest.mark.anyio

NEAR = {"query": "FOR d IN NEAR(@c, 1, 1, 1) RETURN d._key", "bindVars": {"c": "places"}}


async def test_a_collection_named_at_run_time_invalidates_the_cached_result(api: Api) -> None:
    await api.ok("PUT", "/_api/query-cache/properties", {"mode": "on"})
    await api.ok("POST", "/_api/collection", {"name": "places"})
    await api.ok("POST", "/_api/index?collection=places", {"type": "geo", "fields": ["loc"]})
    await api.ok("POST", "/_api/document/places", [{"_key": "a", "loc": [1, 1]},
                                                   {"_key": "b", "loc": [2, 2]}])
    first = await api.ok("POST", "/_api/cursor", NEAR)
    assert first["result"] == ["a"] and first["cached"] is False
    again = await api.ok("POST", "/_api/cursor", NEAR)
    assert again["result"] == ["a"] and again["cached"] is True
    await api.ok("DELETE", "/_api/document/places/a")
    after = await api.ok("POST", "/_api/cursor", NEAR)
    assert after["result"] == ["b"] and after["cached"] is False
    entries = await api.ok("GET", "/_api/query-cache/entries")
    assert [e["dataSources"] for e in entries] == [["places"]]
