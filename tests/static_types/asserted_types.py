"""What the type checker sees: checked by mypy (``./test.sh`` and ``test_static_types.py``),
never run. ``assert_type`` fails the check when a type is not exactly the one written."""

from __future__ import annotations

from typing import Any, Literal

from typing_extensions import assert_type

from arango_anyio import AsyncDatabase, AsyncJob, Cursor, StandardDatabase
from arango_anyio.exceptions import ArangoServerError
from arango_anyio.job import (
    AsyncAQL,
    AsyncDatabaseNoResult,
    AsyncEdgeCollection,
    AsyncGraph,
    AsyncStandardCollection,
    AsyncVertexCollection,
)

Json = dict[str, Any]


async def direct_calls(db: StandardDatabase, doc: Json, flag: bool) -> None:
    col = db.collection("c")
    assert_type(await col.insert(doc), Json)
    assert_type(await col.insert(doc, silent=True), bool)
    assert_type(await col.insert(doc, silent=flag), Json | bool)
    assert_type(await col.update(doc), Json)
    assert_type(await col.replace(doc, silent=True), bool)
    assert_type(await col.delete(doc), Json)
    assert_type(await col.delete(doc, ignore_missing=True), Json | Literal[False])
    assert_type(await col.delete(doc, silent=True), bool)
    assert_type(await col.get("k"), Json | None)
    assert_type(await col.insert_many([doc]), list[Json | ArangoServerError])
    assert_type(await col.insert_many([doc], raise_on_document_error=True), list[Json])
    assert_type(await col.delete_many(["k"], silent=True), bool)
    assert_type(await col.import_bulk([doc]), Json)
    assert_type(await col.import_bulk([doc], batch_size=100), list[Json])
    assert_type(await col.import_bulk([doc], concurrency=4), list[Json])
    assert_type(await db.version(), str)
    assert_type(await db.version(details=True), dict[str, Any])
    assert_type(await db.insert_document("c", doc), Json)
    assert_type(await db.aql.explain("RETURN 1"), dict[str, Any])
    assert_type(await db.aql.explain("RETURN 1", all_plans=True), list[dict[str, Any]])
    assert_type(await db.aql.delete_function("f::g", ignore_missing=True),
                dict[str, Any] | Literal[False])
    vertices = db.graph("g").vertex_collection("v")
    assert_type(await vertices.insert(doc), Json)
    assert_type(await vertices.delete("k"), bool)
    assert_type(await vertices.delete("k", return_old=True), Json)
    assert_type(await db.graph("g").link("e", "v/a", "v/b", silent=True), bool)


async def async_jobs(db: StandardDatabase, doc: Json) -> None:
    adb = db.begin_async_execution()
    assert_type(adb, AsyncDatabase)
    assert_type(await adb.collection("c").insert(doc), AsyncJob[Json])
    assert_type(await adb.collection("c").insert(doc, silent=True), AsyncJob[bool])
    assert_type(await adb.collection("c").insert_many([doc]),
                AsyncJob[list[Json | ArangoServerError]])
    assert_type(await adb.aql.execute("RETURN 1"), AsyncJob[Cursor])
    assert_type(await adb.collection("c").all(), AsyncJob[Cursor])
    assert_type(await adb.version(), AsyncJob[str])
    # Sub-handles share the async executor, also those a job gives back.
    assert_type(adb.collection("c"), AsyncStandardCollection)
    assert_type(adb.aql, AsyncAQL)
    assert_type(adb.graph("g"), AsyncGraph)
    assert_type(adb.graph("g").vertex_collection("v"), AsyncVertexCollection)
    assert_type(adb.graph("g").edge_collection("e"), AsyncEdgeCollection)
    assert_type(await adb.create_collection("c"), AsyncJob[AsyncStandardCollection])
    assert_type(await adb.graph("g").vertex_collection("v").insert(doc), AsyncJob[Json])
    assert_type(await adb.cluster.server_role(), AsyncJob[str])
    assert_type(await adb.foxx.services(), AsyncJob[list[Json]])
    assert_type(await adb.aql.cache.clear(), AsyncJob[bool])
    # Listing and clearing jobs is never itself a job.
    assert_type(await adb.async_jobs("done"), list[str])
    job = await adb.collection("c").get("k")
    assert_type(await job.result(), Json | None)
    assert_type(await job.wait(), Json | None)


async def no_results(db: StandardDatabase, doc: Json) -> None:
    adb = db.begin_async_execution(return_result=False)
    assert_type(adb, AsyncDatabaseNoResult)
    assert_type(await adb.collection("c").insert(doc), None)
    assert_type(await adb.aql.execute("RETURN 1"), None)
    assert_type(adb.graph("g").vertex_collection("v").name, str)
