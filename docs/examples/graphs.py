"""Named graphs: edge definitions, vertices and edges through the graph (which keeps them
consistent), traversals and shortest paths in AQL (docs/guide/graphs.md).

    python docs/examples/graphs.py                   # asyncio, then trio
    python docs/examples/graphs.py --backend trio
"""

from __future__ import annotations

import argparse
from typing import Any

import anyio

from arango_anyio import ArangoClient, Graph, StandardDatabase
from arango_anyio.exceptions import DocumentInsertError
from arango_anyio.testing import Emulator


async def rows(db: StandardDatabase, query: str, **bind_vars: Any) -> list[Any]:
    async with db.aql.execute(query, bind_vars=bind_vars) as cursor:
        return [row async for row in cursor]


async def build(db: StandardDatabase) -> Graph:
    # [start create]
    graph = await db.create_graph("social", edge_definitions=[
        {"edge_collection": "knows",
         "from_vertex_collections": ["people"], "to_vertex_collections": ["people"]},
    ])                                   # creates "people" and "knows" as needed
    await graph.create_edge_definition("lives_in", ["people"], ["cities"])
    print("vertex collections:", await graph.vertex_collections())
    print("edge collections:", await graph.edge_collections())
    # [end create]

    # [start vertices]
    people = graph.vertex_collection("people")      # handles, no I/O
    knows = graph.edge_collection("knows")
    for name in ("ada", "bob", "cy", "dee"):
        await people.insert({"_key": name})
    await graph.insert_vertex("cities", {"_key": "paris"})
    await knows.link("people/ada", "people/bob", {"since": 2010})
    await knows.link("people/bob", "people/cy", {"since": 2015})
    await knows.link("people/ada", "people/dee", {"since": 2020})
    await knows.link("people/dee", "people/cy", {"since": 2021})
    await graph.link("lives_in", "people/ada", "cities/paris")
    # [end vertices]
    return graph


async def read(db: StandardDatabase, graph: Graph) -> None:
    # [start edges]
    found = await graph.edge_collection("knows").edges("people/cy", direction="in")
    print("cy is known by:", sorted(edge["_from"] for edge in found["edges"]))
    # [end edges]

    # [start traverse]
    reachable = await rows(db, """
        FOR v, e, p IN 1..2 OUTBOUND @start GRAPH @graph
          FILTER IS_SAME_COLLECTION("people", v)
          LET path = CONCAT_SEPARATOR(" -> ", p.vertices[*]._key)
          SORT LENGTH(p.edges), path
          RETURN path""",
        start="people/ada", graph="social")
    print("paths from ada:", reachable)
    shortest = await rows(db, """
        FOR v IN OUTBOUND SHORTEST_PATH @start TO @target GRAPH @graph
          RETURN v._key""", start="people/ada", target="people/cy", graph="social")
    print("shortest ada -> cy:", shortest)
    # [end traverse]
    assert shortest == ["ada", "bob", "cy"]


async def consistency(db: StandardDatabase, graph: Graph) -> None:
    # [start consistency]
    await db.create_collection("robots")
    try:     # "robots" is in no edge definition of the graph: the server refuses the edge
        await graph.link("knows", "people/ada", "robots/r2")
    except DocumentInsertError as error:
        print("refused:", error.http_code, error.error_code)
    await graph.delete_vertex("people/dee")          # and its edges with it
    found = await graph.edge_collection("knows").edges("people/cy", direction="in")
    print("after deleting dee:", sorted(edge["_from"] for edge in found["edges"]))
    # [end consistency]
    assert [edge["_from"] for edge in found["edges"]] == ["people/bob"]

    # [start drop]
    await db.delete_graph("social", drop_collections=True)
    print("collections left:", sorted(c["name"] for c in await db.collections()
                                      if not c["system"]))
    # [end drop]


async def main() -> None:
    emulator = Emulator(root_password="")
    async with ArangoClient(hosts="http://emulator:8529",
                            http_client=emulator.http_client()) as client:
        db = await client.db("_system", username="root", password="")
        graph = await build(db)
        await read(db, graph)
        await consistency(db, graph)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["asyncio", "trio", "both"], default="both")
    backend = parser.parse_args().backend
    for name in ("asyncio", "trio") if backend == "both" else (backend,):
        print(f"-- {name}")
        anyio.run(main, backend=name)
