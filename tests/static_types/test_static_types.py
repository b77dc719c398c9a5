"""The types the type checker sees, checked by running mypy (with the project's settings,
``python_version = "3.10"`` included) on ``asserted_types.py`` and on calls whose revealed
types are compared with what they should be."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mypy import api

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

#: Expression (with ``db: StandardDatabase``, ``adb = db.begin_async_execution()`` and
#: ``doc: dict[str, Any]`` in scope) -> the type mypy reveals, module paths left out.
REVEALED = {
    'await adb.collection("c").insert(doc)': "AsyncJob[dict[str, Any]]",
    'await adb.aql.execute("RETURN 1")': "AsyncJob[Cursor]",
    'await adb.collection("c").insert(doc, silent=True)': "AsyncJob[bool]",
    'adb.graph("g").vertex_collection("v")': "AsyncVertexCollection",
    "adb": "AsyncDatabase",
    'await db.begin_async_execution(return_result=False).collection("c").insert(doc)': "None",
    'await db.collection("c").insert(doc)': "dict[str, Any]",
    'await db.collection("c").insert_many([doc], raise_on_document_error=True)':
        "list[dict[str, Any]]",
    "await db.version()": "str",
}

SOURCE = '''\
from typing import Any

from arango_anyio import StandardDatabase


async def reveal(db: StandardDatabase, doc: dict[str, Any]) -> None:
    adb = db.begin_async_execution()
{calls}
'''


def _short(revealed: str) -> str:
    """``arango_anyio._executors.async_job.AsyncJob[builtins.str]`` -> ``AsyncJob[str]``."""
    return re.sub(r"\b(?:[A-Za-z_]\w*\.)+(?=[A-Za-z_])", "", revealed)


def test_mypy_sees_async_jobs_and_overloads(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # mypy finds arango_anyio (and the settings) from the root
    probe = tmp_path / "reveal_async_jobs.py"
    probe.write_text(SOURCE.format(
        calls="\n".join(f"    reveal_type({expression})" for expression in REVEALED)))
    stdout, stderr, status = api.run([
        "--config-file", str(ROOT / "pyproject.toml"), "--no-error-summary",
        str(probe), str(HERE / "asserted_types.py"),
    ])
    errors = [line for line in stdout.splitlines() if ": error:" in line]
    assert status == 0 and not errors, stdout + stderr
    revealed = [_short(m.group(1)) for m in
                re.finditer(r'note: Revealed type is "(.*)"', stdout)]
    assert revealed == list(REVEALED.values())
