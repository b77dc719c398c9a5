"""Named graphs and AQL traversals.

After ``./quickstart.sh`` (it sets up ``.venv``), from the repository root:

    .venv/bin/python examples/graph_traversal.py                    # embedded emulator, asyncio
    .venv/bin/python examples/graph_traversal.py --backend trio

Set ``ARANGO_HOSTS`` (comma-separated URLs, e.g. ``http://localhost:8529``) and
``ARANGO_PASSWORD`` to run it on a real server instead.

The example builds a small named graph ``social`` (people who know each other, people who
live in cities) through the graph API, then walks it with AQL:

- ``FOR v, e, p IN 1..3 OUTBOUND @start GRAPH @graph`` -- a traversal over the named graph,
  with ``p.vertices`` / ``p.edges`` holding the path;
- the same walk over an edge collection directly (an "anonymous graph");
- ``OUTBOUND SHORTEST_PATH ... TO ...``.

Traversals are AQL: ``Graph.traverse()`` (the JavaScript ``/_api/traversal`` API) was
deprecated in 3.4 and removed in ArangoDB 3.12. The server also enforces the graph's edge
definitions: an edge whose ``_to`` names a collection outside the graph is refused, and
deleting a vertex through the graph deletes its edges.
"""

from __future__ import annotations

import argparse
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.exceptions import DocumentInsertError
from arango_anyio.testing import Emulator

PEOPLE = ("alice", "bob", "carol", "dave", "eve")
KNOWS = (("alice", "bob", 2010), ("bob", "carol", 2012), ("carol", "dave", 2015),
         ("alice", "eve", 2020), ("eve", "dave", 2021))
LIVES_IN = (("alice", "paris"), ("bob", "berlin"), ("dave", "paris"))

TRAVERSAL = """
FOR v, e, p IN 1..3 OUTBOUND @start GRAPH @graph
  FILTER IS_SAME_COLLECTION("people", v)
  SORT LENGTH(p.edges), v._key
  RETURN {person: v._key, hops: LENGTH(p.edges), path: p.vertices[*]._key}
"""

ANONYMOUS = """
FOR v IN 1..2 OUTBOUND @start @@knows
  SORT v._key
  RETURN DISTINCT v._key
"""

SHORTEST = """
FOR v IN OUTBOUND SHORTEST_PATH @start TO @target GRAPH @graph
  RETURN v._key
"""


@asynccontextmanager
async def open_database() -> AsyncIterator[StandardDatabase]:
    """A fresh database on ARANGO_HOSTS when set (dropped afterwards), else on an embedded
    emulator."""
    hosts = os.environ.get("ARANGO_HOSTS")
    password = os.environ.get("ARANGO_PASSWORD", "") if hosts else ""
    emulator = None if hosts else Emulator(root_password="")
    async with ArangoClient(
        hosts=hosts.split(",") if hosts else "http://emulator:8529",
        http_client=emulator.http_client() if emulator is not None else None,
    ) as client:
        sys_db = await client.db("_system", username="root", password=password)
        name = f"graph_example_{uuid.uuid4().hex[:8]}"
        await sys_db.create_database(name)
        try:
            yield await client.db(name, username="root", password=password)
        finally:
            await sys_db.delete_database(name)


async def query(db: StandardDatabase, aql: str, **bind_vars: Any) -> list[Any]:
    """All results of ``aql`` (the cursor is closed when the block ends)."""
    async with db.aql.execute(aql, bind_vars=bind_vars) as cursor:
        return [item async for item in cursor]


async def run(db: StandardDatabase | None = None) -> dict[str, Any]:
    """Build the graph, traverse it, and return what was found (printed as well)."""
    if db is None:
        async with open_database() as fresh:
            return await run(fresh)

    graph = await db.create_graph(
        "social",
        edge_definitions=[
            {"edge_collection": "knows", "from_vertex_collections": ["people"],
             "to_vertex_collections": ["people"]},
            {"edge_collection": "lives_in", "from_vertex_collections": ["people"],
             "to_vertex_collections": ["cities"]},
        ],
    )
    for key in PEOPLE:
        await graph.insert_vertex("people", {"_key": key, "name": key.title()})
    for key in ("paris", "berlin"):
        await graph.insert_vertex("cities", {"_key": key})
    for src, dst, since in KNOWS:
        await graph.link("knows", f"people/{src}", f"people/{dst}", {"since": since})
    for person, city in LIVES_IN:
        await graph.link("lives_in", f"people/{person}", f"cities/{city}")
    print(f"graph {graph.name}: {await graph.vertex_collections()} "
          f"linked by {[d['edge_collection'] for d in await graph.edge_definitions()]}")

    reachable = await query(db, TRAVERSAL, start="people/alice", graph="social")
    for row in reachable:
        print(f"  alice reaches {row['person']} in {row['hops']}: {' -> '.join(row['path'])}")

    friends = await query(db, ANONYMOUS, start="people/alice", **{"@knows": "knows"})
    print(f"within 2 hops over 'knows' alone: {friends}")

    shortest = await query(db, SHORTEST, start="people/alice", target="people/dave",
                           graph="social")
    print(f"shortest path alice -> dave: {' -> '.join(shortest)}")

    # The server enforces the edge definitions: 'robots' is no vertex collection of 'social'.
    await db.create_collection("robots")
    refused_with = None
    try:
        await graph.link("knows", "people/alice", "robots/r2d2")
    except DocumentInsertError as error:
        refused_with = error.error_code
        print(f"edge to robots/r2d2 refused: [{error.http_code}/{error.error_code}] "
              f"{error.error_message}")

    # Deleting a vertex through the graph deletes its edges too.
    await graph.delete_vertex("people/eve")
    left = await graph.edges("knows", "people/dave", direction="in")
    print(f"after deleting eve, dave is known by "
          f"{sorted(e['_from'] for e in left['edges'])}")

    await db.delete_graph("social", drop_collections=True)
    return {"reachable": reachable, "friends": friends, "shortest": shortest,
            "refused_with": refused_with,
            "dave_known_by": sorted(e["_from"] for e in left["edges"])}


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("asyncio", "trio"), default="asyncio")
    args = parser.parse_args()
    anyio.run(run, backend=args.backend)


if __name__ == "__main__":
    main()
