"""``options.profile``: 1 adds the time of each query phase (all positive) to ``extra``, 2
also ``stats.nodes`` (per plan node: calls, items, filtered rows, runtime) and the plan."""

from __future__ import annotations

import pytest

from arango_anyio.testing import Emulator

from ._util import api

pytestmark = pytest.mark.anyio

PHASES = ["initializing", "parsing", "optimizing ast", "loading collections",
          "instantiating plan", "optimizing plan", "instantiating executors", "executing",
          "finalizing"]


async def test_profile_levels() -> None:
    emu = Emulator(root_password="")
    async with api(emu) as (client,):
        await client.call("POST", "/_api/collection", {"name": "c"})
        await client.call("POST", "/_api/document/c", [{"v": i} for i in range(5)])
        query = "FOR d IN c FILTER d.v >= 2 SORT d.v RETURN d.v"

        status, plain = await client.query(query)
        assert status == 201 and "profile" not in plain["extra"]

        status, one = await client.query(query, options={"profile": 1})
        assert status == 201 and one["result"] == [2, 3, 4]
        assert list(one["extra"]["profile"]) == PHASES
        assert all(seconds > 0 for seconds in one["extra"]["profile"].values())
        assert "nodes" not in one["extra"]["stats"] and "plan" not in one["extra"]

        status, two = await client.query(query, options={"profile": 2})
        assert status == 201 and list(two["extra"]["profile"]) == PHASES
        nodes = two["extra"]["stats"]["nodes"]
        plan = two["extra"]["plan"]
        assert [n["id"] for n in nodes] == [n["id"] for n in plan["nodes"]]
        by_type = {p["type"]: n for p, n in zip(plan["nodes"], nodes, strict=True)}
        assert by_type["SingletonNode"]["items"] == 1
        assert by_type["EnumerateCollectionNode"]["items"] == 5
        assert by_type["FilterNode"]["items"] == 3 and by_type["FilterNode"]["filtered"] == 2
        assert by_type["ReturnNode"]["items"] == 3
        assert all(set(n) == {"id", "calls", "parallel", "items", "filtered", "runtime",
                              "fetching"} and n["runtime"] > 0 for n in nodes)

        status, truthy = await client.query(query, options={"profile": True})
        assert status == 201 and list(truthy["extra"]["profile"]) == PHASES

        status, bad = await client.query(query, options={"profile": "x"})
        assert status == 400 and bad["errorNum"] == 10


async def test_profile_nodes_of_a_search_loop() -> None:
    emu = Emulator(root_password="")
    async with api(emu) as (client,):
        await client.call("POST", "/_api/collection", {"name": "c"})
        await client.call("POST", "/_api/document/c", [{"v": i} for i in range(5)])
        await client.call("POST", "/_api/view", {"name": "v", "type": "arangosearch",
                                                 "links": {"c": {"includeAllFields": True}}})
        status, two = await client.query(
            "FOR d IN v SEARCH d.v >= 2 OPTIONS {waitForSync: true} SORT d.v RETURN d.v",
            options={"profile": 2})
        assert status == 201 and two["result"] == [2, 3, 4]
        plan, nodes = two["extra"]["plan"]["nodes"], two["extra"]["stats"]["nodes"]
        by_type = {p["type"]: n for p, n in zip(plan, nodes, strict=True)}
        assert by_type["EnumerateViewNode"]["items"] == 3
        assert by_type["ReturnNode"]["items"] == 3
