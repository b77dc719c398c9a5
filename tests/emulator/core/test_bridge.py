"""The AQL bridge: ``emu.query_context(request)`` as the AQL engine uses it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from arango_anyio.testing import Emulator
from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import EmuRequest
from tests.emulator.core.conftest import Api

pytestmark = pytest.mark.anyio


def _request(emu: Emulator, user: str = "root", trx: str | None = None,
             coordinator: str = "c0", db: str = "_system") -> EmuRequest:
    headers = {"x-arango-trx-id": trx} if trx else {}
    request = EmuRequest("POST", f"/_db/{db}/_api/cursor", headers=headers,
                         coordinator=coordinator)
    request.db_name = db
    request.user = user
    return request


@pytest.fixture
async def setup(api: Api) -> Api:
    await api.ok("POST", "/_api/collection", {"name": "v"})
    await api.ok("POST", "/_api/collection", {"name": "e", "type": 3})
    await api.ok("POST", "/_api/document/v", [{"_key": "1"}, {"_key": "2"}])
    await api.ok("POST", "/_api/document/e", [{"_from": "v/1", "_to": "v/2"}])
    return api


async def test_reads(setup: Api, emu: Emulator) -> None:
    ctx = emu.query_context(_request(emu))
    assert ctx.database == "_system"
    assert ctx.collection_type("v") == "document" and ctx.collection_type("e") == "edge"
    assert ctx.count("v") == 2
    assert [d["_key"] for d in ctx.scan("v")] == ["1", "2"]
    assert ctx.lookup("v", "1") is not None and ctx.lookup("v", "x") is None
    assert len(ctx.edges("e", "v/1", "outbound")) == 1
    assert ctx.edges("e", "v/1", "inbound") == []
    assert len(ctx.edges("e", "v/2", "any")) == 1
    with pytest.raises(EmuError) as info:
        ctx.collection_type("nope")
    assert info.value.error_num == 1203
    with pytest.raises(EmuError) as info:
        ctx.graph("g")
    assert info.value.error_num == 1924
    ctx.finish(success=True)


async def test_failed_query_is_rolled_back(setup: Api, emu: Emulator) -> None:
    ctx = emu.query_context(_request(emu))
    ctx.insert("v", {"_key": "3"}, {})
    ctx.update("v", "1", {"x": 1}, {})
    ctx.remove("v", "2", {})
    assert ctx.count("v") == 2 and ctx.lookup("v", "3") is not None
    ctx.finish(success=False)
    assert (await setup.ok("GET", "/_api/collection/v/count"))["count"] == 2
    assert "x" not in await setup.ok("GET", "/_api/document/v/1")
    ctx = emu.query_context(_request(emu))
    old, new = ctx.replace("v", "1", {"y": 1}, {})
    assert old["_key"] == "1" and new["y"] == 1
    ctx.finish(success=True)
    assert (await setup.ok("GET", "/_api/document/v/1"))["y"] == 1


async def test_errors_like_the_document_api(setup: Api, emu: Emulator) -> None:
    ctx = emu.query_context(_request(emu))
    calls: list[tuple[Callable[[], object], int]] = [
        (lambda: ctx.insert("v", {"_key": "1"}, {}), 1210),
        (lambda: ctx.update("v", "zz", {}, {}), 1202),
        (lambda: ctx.insert("e", {}, {}), 1233),
        (lambda: ctx.insert("v", {"_key": "a/b"}, {}), 1221),
    ]
    for call, num in calls:
        with pytest.raises(EmuError) as info:
            call()
        assert info.value.error_num == num
    old, new = ctx.insert("v", {"_key": "1", "z": 1}, {"overwriteMode": "update"})
    assert old is not None and new["z"] == 1
    ctx.finish(success=True)


async def test_inside_stream_transaction(setup: Api, emu: Emulator) -> None:
    begin = await setup.ok("POST", "/_api/transaction/begin", {"collections": {"write": "v"}})
    tid = begin["result"]["id"]
    ctx = emu.query_context(_request(emu, trx=tid))
    ctx.insert("v", {"_key": "t1"}, {})
    ctx.finish(success=True)
    failed = emu.query_context(_request(emu, trx=tid))
    failed.insert("v", {"_key": "t2"}, {})
    failed.finish(success=False)
    assert (await setup.call("GET", "/_api/document/v/t1")).status_code == 404
    headers = {"x-arango-trx-id": tid}
    await setup.ok("GET", "/_api/document/v/t1", headers=headers)
    assert (await setup.call("GET", "/_api/document/v/t2", headers=headers)).status_code == 404
    with pytest.raises(EmuError) as info:
        emu.query_context(_request(emu, trx=tid, coordinator="c1"))
    assert info.value.error_num == 1655
    await setup.ok("PUT", f"/_api/transaction/{tid}")
    await setup.ok("GET", "/_api/document/v/t1")


async def test_permissions_apply(setup: Api, emu: Emulator) -> None:
    await setup.ok("POST", "/_api/user", {"user": "u", "passwd": ""})
    await setup.ok("PUT", "/_api/user/u/database/_system", {"grant": "ro"})
    ctx = emu.query_context(_request(emu, user="u"))
    assert ctx.count("v") == 2
    with pytest.raises(EmuError) as info:
        ctx.insert("v", {}, {})
    assert (info.value.http_code, info.value.error_num) == (403, 11)
    ctx.finish(success=False)


async def test_graph_definitions_from_graphs_collection(setup: Api, emu: Emulator) -> None:
    await setup.ok("POST", "/_api/document/_graphs",
                   {"_key": "g", "edgeDefinitions": [{"collection": "e", "from": ["v"],
                                                      "to": ["v"]}]})
    ctx = emu.query_context(_request(emu))
    assert ctx.graph("g") == [{"collection": "e", "from": ["v"], "to": ["v"]}]
    ctx.finish(success=True)
