"""python-arango (a driver written elsewhere) through the AQL endpoints of the emulator command:
cursors in batches, explain, validate, user functions, query tracking, kill, errors."""

from __future__ import annotations

import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.emulator.net._cli import running_cli

arango = pytest.importorskip("arango")


@pytest.fixture(scope="module")
def db() -> Iterator[Any]:
    proc: subprocess.Popen[bytes]
    with running_cli("--root-password", "pw") as (proc, urls):
        client = arango.ArangoClient(hosts=urls[0])
        try:
            database = client.db("_system", username="root", password="pw")
            database.create_collection("numbers")
            database.collection("numbers").insert_many([{"_key": str(n), "n": n}
                                                        for n in range(10)])
            yield database
        finally:
            client.close()
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=10) == 0


def test_cursor_batches_count_and_statistics(db: Any) -> None:
    cursor = db.aql.execute("FOR d IN @@c FILTER d.n >= @min SORT d.n RETURN d.n",
                            bind_vars={"@c": "numbers", "min": 3}, count=True, batch_size=2,
                            full_count=True)
    assert cursor.count() == 7
    assert list(cursor) == [3, 4, 5, 6, 7, 8, 9]
    assert cursor.statistics()["scanned_full"] == 10
    assert cursor.warnings() == []


def test_cursor_close_deletes_it(db: Any) -> None:
    cursor = db.aql.execute("FOR i IN 1..10 RETURN i", batch_size=3)
    assert cursor.id is not None
    assert cursor.close() is True


def test_explain_and_validate(db: Any) -> None:
    plan = db.aql.explain("FOR d IN numbers FILTER d.n > 5 RETURN d")
    assert plan["nodes"][0]["type"] == "SingletonNode"
    parsed = db.aql.validate("FOR d IN numbers FILTER d.n > @x RETURN d")
    assert parsed["parsed"] is True and parsed["bind_vars"] == ["x"]


def test_errors_become_driver_exceptions(db: Any) -> None:
    with pytest.raises(arango.exceptions.AQLQueryExecuteError) as error:
        db.aql.execute("FOR d IN")
    assert error.value.error_code == 1501
    with pytest.raises(arango.exceptions.AQLQueryExecuteError) as error:
        db.aql.execute("FOR d IN nope RETURN d")
    assert error.value.error_code == 1203
    with pytest.raises(arango.exceptions.AQLQueryValidateError):
        db.aql.validate("RETURN FOO()")


def test_user_functions(db: Any) -> None:
    assert db.aql.create_function("pa::double", "function (x) { return 2 * x; }") == {
        "is_new": True}
    assert [f["name"] for f in db.aql.functions()] == ["pa::double"]
    assert db.aql.delete_function("pa::double") == {"deleted": 1}


def test_tracking_current_queries_and_kill(db: Any) -> None:
    tracking = db.aql.tracking()
    assert tracking["enabled"] is True
    errors: list[BaseException] = []

    def slow() -> None:
        try:
            db.aql.execute("RETURN SLEEP(10)")
        except BaseException as exc:  # the kill ends the query with an error
            errors.append(exc)

    thread = threading.Thread(target=slow)
    thread.start()
    deadline = time.monotonic() + 5
    queries: list[dict[str, Any]] = []
    while not queries and time.monotonic() < deadline:
        queries = db.aql.queries()
        time.sleep(0.02)
    assert queries and queries[0]["query"] == "RETURN SLEEP(10)"
    assert db.aql.kill(queries[0]["id"]) is True
    thread.join(5)
    assert not thread.is_alive()
    assert isinstance(errors[0], arango.exceptions.AQLQueryExecuteError)
    assert errors[0].error_code == 1500
