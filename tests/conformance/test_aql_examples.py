"""Replays the AQL examples of the ArangoDB 3.12 documentation on the emulator.

Every line of ``aql-examples-3.12.jsonl`` is one query with the result rows a real ArangoDB
3.12.10 returned. Its data set (``aql-datasets-3.12.json``: named graphs, collections,
documents and indexes, as ordered operations) is loaded into an emulator over the HTTP API
through the in-process client; each data set is loaded once per backend and module and shared
by the read-only examples, and an example that writes (``writes: true``) gets a fresh copy.

The query runs through ``POST /_api/cursor`` with its bind variables, and its rows are
compared with the recorded ones as JSON text (so ``5`` and ``5.0`` differ), object attribute
order and document revisions (they differ from run to run) aside. Rows are compared in
order, because the server defines the order of every example's result: SORT, a collection
scan's insertion order, traversals visiting the most recently inserted edge first, the set
functions' hash-table order and ``ATTRIBUTES``' sorted names. The examples in
:data:`UNORDERED` are compared as multisets.

Examples whose result is not deterministic (``skip`` set) or that show a query plan
(``explain: true``) are left out with their reason, as are those in :data:`WAITING`. The score
(reproduced / examples) is printed at the end of the run (``tests/conformance/conftest.py``,
from :mod:`tests.conformance._aql_score`).
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

from arango_anyio.testing import Emulator
from tests.conformance._aql_score import RESULTS, Outcome
from tests.conftest import CONFORMANCE_DATA
from tests.emulator.aql._util import Api, api

pytestmark = pytest.mark.anyio

EXAMPLES_FILE = CONFORMANCE_DATA / "aql-examples-3.12.jsonl"
DATASETS_FILE = CONFORMANCE_DATA / "aql-datasets-3.12.json"

EXAMPLES: dict[str, dict[str, Any]] = {
    example["name"]: example
    for example in map(json.loads, EXAMPLES_FILE.read_text().splitlines() if
                       EXAMPLES_FILE.exists() else [])
}
DATASETS: dict[str, list[list[Any]]] = {
    name: operations for name, operations in
    (json.loads(DATASETS_FILE.read_text()) if DATASETS_FILE.exists() else {}).items()
    if name != "_about"
}

#: Examples not replayed yet, and why (they are turned on when their feature lands; the
#: TOKENS() examples waited for issue 16's analyzers).
WAITING: dict[str, str] = {}
#: Examples whose result order the server does not define: rows compared as multisets.
UNORDERED: dict[str, str] = {}


def left_out_reason(example: dict[str, Any]) -> str | None:
    """Why an example is not replayed (None when it is)."""
    if example["name"] in WAITING:
        return WAITING[example["name"]]
    if example.get("explain"):
        return "explain: true (shows the optimizer's plan, not a result)"
    skip = example.get("skip")
    return f"nondeterministic: {skip}" if skip else None


# -- loading data sets ----------------------------------------------------------------------

async def _ok(api_: Api, method: str, path: str, body: Any) -> Any:
    status, answer = await api_.call(method, path, body)
    assert status < 300, f"{method} {path}: {status} {answer}"
    return answer


async def load_dataset(api_: Api, name: str) -> None:
    """Run the data set's operations in order (see ``_about`` in the data set file)."""
    for operation in DATASETS[name]:
        kind, target, *rest = operation
        if kind == "graph":
            await _ok(api_, "POST", "/_api/gharial",
                      {"name": target, "edgeDefinitions": rest[0]})
        elif kind == "collection":
            await _ok(api_, "POST", "/_api/collection", {"name": target, "type": rest[0]})
        elif kind in ("doc", "docs"):
            await _ok(api_, "POST", f"/_api/document/{target}", rest[0])
        elif kind == "index":
            await _ok(api_, "POST", f"/_api/index?collection={target}", rest[0])
        else:
            raise AssertionError(f"unknown data set operation {kind!r} in {name}")


#: ``(backend, data set) -> emulator`` holding that data set, for read-only examples.
_LOADED: dict[tuple[str, str | None], Emulator] = {}


async def emulator_for(example: dict[str, Any], backend: str) -> Emulator:
    """An emulator with the example's data set: shared unless the example writes."""
    dataset = example["dataset"]
    key = (backend, dataset)
    if not example["writes"] and key in _LOADED:
        return _LOADED[key]
    emu = Emulator(root_password="")
    if dataset is not None:
        async with api(emu) as (client,):
            await load_dataset(client, dataset)
    if not example["writes"]:
        _LOADED[key] = emu
    return emu


# -- running and comparing ------------------------------------------------------------------

async def run_query(emu: Emulator, query: str, bind_vars: dict[str, Any]) -> list[Any]:
    """Every result row of ``query`` (all batches); AssertionError with the server's error."""
    async with api(emu) as (client,):
        status, answer = await client.query(query, bindVars=bind_vars, batchSize=1000)
        assert status == 201, f"query failed: {status} {answer}"
        rows = list(answer["result"])
        while answer.get("hasMore"):
            status, answer = await client.call("POST", f"/_api/cursor/{answer['id']}")
            assert status == 200, f"next batch failed: {status} {answer}"
            rows.extend(answer["result"])
    return rows


def _without_revisions(value: Any) -> Any:
    """``value`` with every document revision (``_rev``) replaced by a placeholder: they
    differ from run to run."""
    if isinstance(value, dict):
        return {key: "<rev>" if key == "_rev" and isinstance(item, str)
                else _without_revisions(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_revisions(item) for item in value]
    return value


def _canonical(value: Any) -> str:
    return json.dumps(_without_revisions(value), sort_keys=True)


def difference(example: dict[str, Any], rows: list[Any]) -> str:
    """What differs between our rows and the recorded ones ("" when nothing)."""
    want = example["output"]
    if example["name"] in UNORDERED:
        if Counter(map(_canonical, rows)) == Counter(map(_canonical, want)):
            return ""
    elif _canonical(rows) == _canonical(want):
        return ""
    if len(rows) != len(want):
        return f"{len(rows)} rows, recorded {len(want)}: {_canonical(rows)[:600]}"
    for index, (got, expected) in enumerate(zip(rows, want, strict=True)):
        if _canonical(got) != _canonical(expected):
            return f"row {index}: {_canonical(got)[:400]} != recorded {_canonical(expected)[:400]}"
    return f"order differs: {_canonical(rows)[:600]}"


async def replay(example: dict[str, Any], backend: str) -> Outcome:
    outcome = Outcome(example["name"])
    reason = left_out_reason(example)
    if reason is not None:
        outcome.left_out = reason
        return outcome
    emu = await emulator_for(example, backend)
    try:
        rows = await run_query(emu, example["query"], example["bindVars"] or {})
    except AssertionError as error:
        outcome.problem = str(error)[:600]
    else:
        outcome.problem = difference(example, rows)
    outcome.reproduced = not outcome.problem
    return outcome


@pytest.mark.parametrize("name", sorted(EXAMPLES))
async def test_aql_example(name: str, anyio_backend: str) -> None:
    outcome = await replay(EXAMPLES[name], anyio_backend)
    RESULTS.setdefault(anyio_backend, {})[name] = outcome
    if outcome.left_out is not None:
        pytest.skip(f"left out: {outcome.left_out}")
    assert outcome.reproduced, f"{name}: {outcome.problem}\nquery: {EXAMPLES[name]['query']}"


def test_tables_name_examples() -> None:
    """:data:`WAITING` and :data:`UNORDERED` name recorded examples, with reasons."""
    for table in (WAITING, UNORDERED):
        assert set(table) <= set(EXAMPLES), set(table) - set(EXAMPLES)
        assert all(reason.strip() for reason in table.values())
