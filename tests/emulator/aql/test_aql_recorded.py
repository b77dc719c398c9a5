"""Replays the recorded ArangoDB 3.12.10 answers of the AQL endpoints (cursor, query, explain,
user functions, caches): each example's state is set up by hand (mirroring its arangosh
source), the recorded requests are sent in order (cursor ids mapped to ours), and the status,
the errorNum, the body's keys and the ``extra.stats`` keys are compared."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import pytest

from arango_anyio.testing import Emulator
from tests.conftest import RECORDED_ANSWERS

from ._util import Api, api

pytestmark = pytest.mark.anyio

RECORDED = RECORDED_ANSWERS
Setup = Callable[[Api], Awaitable[None]]


async def _nothing(a: Api) -> None:
    return None


def _collection(name: str, *docs: dict[str, Any]) -> Setup:
    async def setup(a: Api) -> None:
        status, _ = await a.call("POST", "/_api/collection", {"name": name})
        assert status == 200
        for doc in docs:
            status, _ = await a.call("POST", f"/_api/document/{name}", doc)
            assert status in (201, 202)
    return setup


def _hello(n: int) -> Setup:
    return _collection("products", *({f"hello{i}": "world1"} for i in range(1, n + 1)))


async def _indexed_products(a: Api) -> None:
    await _collection("products")(a)
    status, _ = await a.call("POST", "/_api/index?collection=products",
                             {"type": "persistent", "fields": ["id"]})
    assert status in (200, 201)


async def _plan_cache(a: Api) -> None:
    await _collection("coll")(a)
    for _ in range(3):
        await a.query("FOR doc IN @@coll FILTER doc.attr == @val RETURN doc",
                      bindVars={"@coll": "coll", "val": "foo"}, options={"usePlanCache": True})
    await a.query("RETURN 42", options={"usePlanCache": True})


async def _cache_demand(a: Api) -> None:
    status, _ = await a.call("PUT", "/_api/query-cache/properties", {"mode": "demand"})
    assert status == 200


async def _square(a: Api) -> None:
    status, _ = await a.call("POST", "/_api/aqlfunction", {
        "name": "square::x::y", "code": "function (x) { return x*x; }"})
    assert status == 201


SETUPS: dict[str, Setup] = {
    "HttpClearQueryPlanCache_single": _nothing,
    "HttpGetQueryResultsCacheProperties_single": _cache_demand,
    "HttpListQueryPlanCache_single": _plan_cache,
    "RestAqlfunctionDeleteFails_single": _nothing,
    "RestAqlfunctionDelete_single": _square,
    "RestAqlfunctionsGetAll_single": _nothing,
    "RestCursorCreateCursorForLimitReturn_single": _hello(5),
    "RestCursorCreateCursorMissingBody_single": _nothing,
    "RestCursorCreateCursorOption_single": _nothing,
    "RestCursorCreateCursorUnknownCollection_single": _nothing,
    "RestCursorDeleteIgnore_single": _collection("products", {"_key": "foo"}),
    "RestCursorDeleteQueryFail_single": _collection("products", {"_key": "bar"}),
    "RestCursorDeleteQuery_single": _hello(2),
    "RestCursorDelete_single": _hello(5),
    "RestCursorMemoryLimit_single": _nothing,
    "RestCursorModifyArray_single": _collection("documents", {"_key": "test", "arr": [1, 2, 3]}),
    "RestCursorPostBatch_single": _nothing,
    "RestExplainAllPlans_single": _indexed_products,
    "RestExplainValid_single": _collection("products", *({"id": i} for i in range(10))),
    "RestExplainWarning_single": _nothing,
    "RestQueryValid_single": _nothing,
}


def _examples() -> dict[str, list[dict[str, Any]]]:
    if not RECORDED.exists():
        return {}
    out: dict[str, list[dict[str, Any]]] = {}
    for line in RECORDED.read_text().splitlines():
        pair = json.loads(line)
        if pair["example"] in SETUPS:
            out.setdefault(pair["example"], []).append(pair)
    return out


EXAMPLES = _examples()


def test_every_aql_example_is_replayed() -> None:
    if not EXAMPLES:
        pytest.skip("recordings not available")
    assert set(EXAMPLES) == set(SETUPS)


def _message(text: str) -> str:
    head, _, _ = text.partition(" [node #")
    return head if head != text else text.replace(" (while executing)", "")


def _keys(body: Any) -> Any:
    if isinstance(body, dict):
        return sorted(body)
    return type(body).__name__


@pytest.mark.parametrize("example", sorted(EXAMPLES))
async def test_recorded_answer(example: str) -> None:
    emu = Emulator()
    async with api(emu) as (a,):
        await SETUPS[example](a)
        ids: dict[str, str] = {}
        for pair in sorted(EXAMPLES[example], key=lambda p: p["seq"]):
            request, recorded = pair["request"], pair["response"]
            path = urlsplit(request["url"]).path
            for old, new in ids.items():
                path = path.replace(f"/{old}", f"/{new}")
            body = json.loads(request["body"]) if request["body"] else None
            status, got = await a.call(request["method"], path, body)
            want = recorded["json"]
            assert status == recorded["status"], (path, got)
            if isinstance(want, dict) and want.get("error"):
                assert got["errorNum"] == want["errorNum"]
                # the plan nodes named in runtime errors ("[node #3: ...]") are not emulated
                assert _message(got["errorMessage"]) == _message(want["errorMessage"])
            assert _keys(got) == _keys(want)
            if isinstance(want, dict) and isinstance(want.get("extra"), dict):
                assert sorted(got["extra"]) == sorted(want["extra"])
                assert sorted(got["extra"]["stats"]) == sorted(want["extra"]["stats"])
            if example == "RestQueryValid_single":
                assert got["ast"] == want["ast"]
            if example == "RestExplainValid_single":
                assert [n["type"] for n in got["plan"]["nodes"]] == \
                    [n["type"] for n in want["plan"]["nodes"]]
                assert got["plan"]["collections"] == want["plan"]["collections"]
                assert got["plan"]["variables"] == want["plan"]["variables"]
            if isinstance(want, dict) and "id" in want and isinstance(got, dict):
                ids[str(want["id"])] = str(got["id"])
