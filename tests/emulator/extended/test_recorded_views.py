"""The recorded ArangoDB 3.12.10 view and analyzer answers, replayed against the emulator.

Each example's state is set up by hand (mirroring its arangosh source); ids in the recorded
URL are replaced by the emulator's. Status, body keys and the deterministic values must match.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from arango_anyio.testing import Emulator
from tests.conftest import RECORDED_ANSWERS
from tests.emulator.core.conftest import Api

pytestmark = pytest.mark.anyio

RECORDED = RECORDED_ANSWERS
Setup = Callable[[Api], Awaitable[dict[str, str]]]
_VOLATILE = {"id", "globallyUniqueId"}


async def _view(api: Api, name: str, kind: str, **props: Any) -> str:
    created = await api.ok("POST", "/_api/view", {"name": name, "type": kind, **props})
    return str(created["id"])


async def _books(api: Api, *indexes: tuple[str, list[Any]]) -> None:
    await api.ok("POST", "/_api/collection", {"name": "books"})
    for name, fields in indexes:
        await api.ok("POST", "/_api/index?collection=books",
                     {"type": "inverted", "name": name, "fields": fields})


async def _all_views(api: Api) -> dict[str, str]:
    # The recording also lists a "demoView" left over from an earlier example.
    await _view(api, "demoView", "arangosearch")
    await _view(api, "productsView", "search-alias")
    await _view(api, "reviewsView", "arangosearch")
    return {}


async def _by_id(api: Api) -> dict[str, str]:
    return {"75180": await _view(api, "productsView", "arangosearch")}


async def _properties_search(api: Api) -> dict[str, str]:
    await _books(api)
    vid = await _view(api, "productsView", "arangosearch", links={"books": {"fields": {
        "title": {"analyzers": ["text_en"]}}}})
    return {"75007": vid}


async def _properties_alias(api: Api) -> dict[str, str]:
    await _books(api, ("inv-idx", [{"name": "title", "analyzer": "text_en"}]))
    vid = await _view(api, "productsView", "search-alias",
                      indexes=[{"collection": "books", "index": "inv-idx"}])
    return {"75199": vid}


async def _patch(api: Api) -> dict[str, str]:
    await api.ok("POST", "/_api/collection", {"name": "users"})
    await api.ok("POST", "/_api/collection", {"name": "products"})
    await _view(api, "productsView", "arangosearch", cleanupIntervalStep=666,
                commitIntervalMsec=666, consolidationIntervalMsec=666,
                links={"users": {"includeAllFields": True}, "products": {"fields": {
                    "description": {"analyzers": ["text_en"]}}}})
    return {}


async def _post_alias(api: Api) -> dict[str, str]:
    await _books(api, ("inv-idx", [{"name": "title", "analyzer": "text_en"}]))
    return {}


async def _put_alias(api: Api) -> dict[str, str]:
    await _books(api, ("inv_title", ["title"]), ("inv_descr", ["description"]))
    await _view(api, "productsView", "search-alias",
                indexes=[{"collection": "books", "index": "inv_title"}])
    return {}


async def _analyzer(api: Api) -> dict[str, str]:
    await api.ok("POST", "/_api/analyzer", {"name": "testAnalyzer", "type": "identity"})
    return {}


async def _nothing(api: Api) -> dict[str, str]:
    return {}


SETUPS: dict[str, Setup] = {
    "RestViewGetAllViews_single": _all_views,
    "RestViewGetViewIdentifierArangoSearch_single": _by_id,
    "RestViewGetViewPropertiesIdentifierArangoSearch_single": _properties_search,
    "RestViewGetViewPropertiesIdentifierSearchAlias_single": _properties_alias,
    "RestViewPatchPropertiesArangoSearch_single": _patch,
    "RestViewPostViewSearchAlias_single": _post_alias,
    "RestViewPutPropertiesSearchAlias_single": _put_alias,
    "RestAnalyzerGet_single": _analyzer,
    "RestAnalyzerPost_single": _nothing,
}


def _examples() -> list[dict[str, Any]]:
    if not RECORDED.exists():
        return []
    rows = [json.loads(line) for line in RECORDED.read_text().splitlines() if line.strip()]
    return [r for r in rows if r["example"] in SETUPS and r["seq"] == 0]


def _stable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items() if k not in _VOLATILE}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return value


def test_every_view_and_analyzer_recording_is_replayed() -> None:
    if not RECORDED.exists():
        pytest.skip("no recordings")
    rows = [json.loads(line) for line in RECORDED.read_text().splitlines() if line.strip()]
    names = {r["example"] for r in rows if r["example"].startswith(("RestView",
                                                                     "RestAnalyzer"))}
    assert names == set(SETUPS)


@pytest.mark.parametrize("example", _examples(), ids=lambda r: r["example"])
async def test_recorded_answer(example: dict[str, Any], emu: Emulator, api: Api) -> None:
    substitutions = await SETUPS[example["example"]](api)
    request = example["request"]
    url = re.sub(r"^https?://[^/]+", "", request["url"])
    for old, new in substitutions.items():
        url = url.replace(old, new)
    response = await api.call(request["method"], url, raw=request["body"])
    recorded = example["response"]
    assert response.status_code == recorded["status"], response.body
    expected = json.loads(recorded["body"])
    got = response.body
    assert set(got) == set(expected), set(got) ^ set(expected)
    assert _stable(got) == _stable(expected)
