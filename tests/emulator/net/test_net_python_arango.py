"""python-arango (the synchronous driver, written elsewhere) against the emulator command.

Each part skips, naming the missing route, while the emulator does not serve it yet.
"""

from __future__ import annotations

import itertools
import signal
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest

from arango_anyio.testing._emulator import Emulator
from arango_anyio.testing._protocol.errors import EmuError

from ._cli import running_cli

arango = pytest.importorskip("arango")

PASSWORD = "pw"
_names = itertools.count()


def require(*routes: str) -> None:
    """Skip unless the emulator routes every ``"METHOD /path"`` in ``routes``."""
    router = Emulator().router
    for route in routes:
        method, path = route.split(" ", 1)
        try:
            router.resolve(method, [p for p in path.split("/") if p])
        except EmuError as error:
            if error.http_code == 404 and error.error_num == 404:
                pytest.skip(f"the emulator does not serve {route} yet")
            raise


@pytest.fixture(scope="module")
def cli() -> Iterator[tuple[subprocess.Popen[bytes], list[str]]]:
    with running_cli("--root-password", PASSWORD, coordinators=2) as (proc, urls):
        yield proc, urls
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0


@pytest.fixture
def sys_db(cli: tuple[subprocess.Popen[bytes], list[str]]) -> Iterator[Any]:
    client = arango.ArangoClient(hosts=cli[1][0])
    try:
        yield client.db("_system", username="root", password=PASSWORD)
    finally:
        client.close()


@pytest.fixture
def db(sys_db: Any, cli: tuple[subprocess.Popen[bytes], list[str]]) -> Iterator[Any]:
    require("POST /_api/database", "DELETE /_api/database/x")
    name = f"pa_{next(_names)}"
    assert sys_db.create_database(name) is True
    client = arango.ArangoClient(hosts=cli[1][0])
    try:
        yield client.db(name, username="root", password=PASSWORD)
    finally:
        client.close()
        sys_db.delete_database(name)


def test_server_and_databases(sys_db: Any) -> None:
    require("GET /_api/version", "GET /_api/database", "POST /_api/database",
            "DELETE /_api/database/x")
    assert sys_db.version().startswith("3.12")
    assert sys_db.create_database("pa_databases") is True
    assert "pa_databases" in sys_db.databases()
    assert sys_db.has_database("pa_databases")
    with pytest.raises(arango.exceptions.DatabaseCreateError) as error:
        sys_db.create_database("pa_databases")
    assert error.value.error_code == 1207
    assert sys_db.delete_database("pa_databases") is True
    assert not sys_db.has_database("pa_databases")


def test_wrong_password_is_refused(cli: tuple[subprocess.Popen[bytes], list[str]]) -> None:
    require("GET /_api/version")
    client = arango.ArangoClient(hosts=cli[1][0])
    try:
        bad = client.db("_system", username="root", password="wrong")
        with pytest.raises(arango.exceptions.ServerVersionError) as error:
            bad.version()
        assert error.value.http_code == 401
    finally:
        client.close()


def test_collections(db: Any) -> None:
    require("POST /_api/collection", "GET /_api/collection", "GET /_api/collection/x/properties",
            "GET /_api/collection/x/count", "PUT /_api/collection/x/truncate")
    students = db.create_collection("students")
    assert db.has_collection("students")
    assert students.properties()["name"] == "students"
    edges = db.create_collection("knows", edge=True)
    assert edges.properties()["edge"] is True
    students.insert({"_key": "a"})
    assert students.count() == 1
    students.truncate()
    assert students.count() == 0
    assert {"students", "knows"} <= {c["name"] for c in db.collections()}
    assert db.delete_collection("knows") is True
    with pytest.raises(arango.exceptions.CollectionCreateError) as error:
        db.create_collection("students")
    assert error.value.error_code == 1207


def test_documents(db: Any) -> None:
    require("POST /_api/document/x", "GET /_api/document/x/y", "PATCH /_api/document/x/y",
            "PUT /_api/document/x/y", "DELETE /_api/document/x/y")
    people = db.create_collection("people")
    meta = people.insert({"_key": "ann", "age": 30})
    assert meta["_id"] == "people/ann"
    assert people.get("ann")["age"] == 30
    people.update({"_key": "ann", "city": "Köln"})
    assert people.get("ann")["city"] == "Köln"
    people.replace({"_key": "ann", "age": 31})
    assert "city" not in people.get("ann")
    results = people.insert_many([{"_key": "bob"}, {"_key": "ann"}])
    assert isinstance(results[1], arango.exceptions.DocumentInsertError)
    assert results[1].error_code == 1210
    assert people.has("bob")
    with pytest.raises(arango.exceptions.DocumentInsertError) as error:
        people.insert({"_key": "bob"})
    assert error.value.error_code == 1210
    with pytest.raises(arango.exceptions.DocumentRevisionError):
        people.update({"_key": "bob", "_rev": "1"}, check_rev=True)
    assert people.delete("bob") is not False
    assert people.get("bob") is None
    assert people.count() == 1


def test_indexes(db: Any) -> None:
    require("POST /_api/index", "GET /_api/index", "DELETE /_api/index/x/y")
    users = db.create_collection("users")
    index = users.add_index({"type": "persistent", "fields": ["email"], "unique": True})
    assert index["type"] == "persistent" and index["unique"] is True
    assert any(i["id"] == index["id"] for i in users.indexes())
    users.insert({"email": "a@example.com"})
    with pytest.raises(arango.exceptions.DocumentInsertError) as error:
        users.insert({"email": "a@example.com"})
    assert error.value.error_code == 1210
    assert users.delete_index(index["id"]) is True
    assert all(i["id"] != index["id"] for i in users.indexes())


def test_aql_cursor_in_batches(db: Any) -> None:
    require("POST /_api/cursor", "POST /_api/cursor/x", "DELETE /_api/cursor/x")
    numbers = db.create_collection("numbers")
    numbers.insert_many([{"n": i} for i in range(10)])
    cursor = db.aql.execute("FOR d IN @@c FILTER d.n >= @min SORT d.n RETURN d.n",
                            bind_vars={"@c": "numbers", "min": 3}, batch_size=2, count=True)
    assert cursor.count() == 7
    assert list(cursor) == [3, 4, 5, 6, 7, 8, 9]
    inserted = db.aql.execute("FOR i IN 1..3 INSERT {n: 100 + i} INTO numbers RETURN NEW.n")
    assert list(inserted) == [101, 102, 103]
    with pytest.raises(arango.exceptions.AQLQueryExecuteError) as error:
        db.aql.execute("FOR d IN")
    assert error.value.error_code == 1501


def test_stream_transactions(db: Any) -> None:
    require("POST /_api/transaction/begin", "PUT /_api/transaction/x",
            "DELETE /_api/transaction/x")
    accounts = db.create_collection("accounts")
    txn = db.begin_transaction(write="accounts")
    txn.collection("accounts").insert({"_key": "t1"})
    assert not accounts.has("t1")  # invisible outside until commit
    txn.commit_transaction()
    assert accounts.has("t1")
    txn = db.begin_transaction(write="accounts")
    txn.collection("accounts").insert({"_key": "t2"})
    txn.abort_transaction()
    assert not accounts.has("t2")


def test_async_jobs(db: Any) -> None:
    require("POST /_api/document/x")
    jobs = db.create_collection("jobs")
    async_db = db.begin_async_execution(return_result=True)
    job = async_db.collection("jobs").insert({"_key": "j1"})
    for _ in range(500):
        if job.status() == "done":
            break
        time.sleep(0.01)
    assert job.status() == "done"
    assert job.result()["_key"] == "j1"
    assert jobs.has("j1")


def test_round_robin_over_two_coordinators(cli: tuple[subprocess.Popen[bytes], list[str]],
                                           sys_db: Any) -> None:
    require("GET /_api/version")
    client = arango.ArangoClient(hosts=cli[1], host_resolver="roundrobin")
    try:
        balanced = client.db("_system", username="root", password=PASSWORD)
        versions = {balanced.version() for _ in range(4)}
        assert len(versions) == 1
    finally:
        client.close()
