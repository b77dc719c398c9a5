"""The tree is the architecture map: layers import only downwards, nothing imports in a
circle (lazy and type-only imports included), and modules stay small."""

from __future__ import annotations

import importlib

import pytest

from tests.architecture.imports import PACKAGE, ROOT, cycles, import_graph, module_files

#: Bottom to top. A module may import modules of its own layer and of the layers below.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("foundation", ("_version", "_public", "errno", "exceptions", "_serde", "request", "response")),
    ("transport", ("_transport",)),
    ("HTTP client contract", ("http",)),
    ("connection", ("_connection",)),
    ("executors", ("_executors",)),
    ("API groups", ("_api",)),
    ("entry points", ("client", "database", "collection", "aql", "cursor", "graph", "job",
                      "__init__")),
    ("emulator: protocol", ("testing._protocol",)),
    ("emulator: data and engines", ("testing._state", "testing._aql", "testing._search")),
    ("emulator: server core", ("testing._server",)),
    ("emulator: handlers", ("testing._handlers",)),
    ("emulator: front ends", ("testing._frontends",)),
    ("emulator: entry points", ("testing._emulator", "testing.__init__", "testing.__main__",
                                "testing.pytest_plugin")),
]

#: Import cycles still to be broken, each with the issue that removes it. Empty is the goal.
KNOWN_CYCLES: list[list[str]] = []

MAX_TOP_LEVEL_MODULES = 15
MAX_LINES = 600
#: Data, not code: the error classes and the generated error numbers and texts.
DATA_MODULES = {"exceptions.py", "errno.py", "error_texts.py"}


def layer_of(module: str) -> int:
    relative = module[len(PACKAGE) + 1:] if module != PACKAGE else "__init__"
    if module.endswith(".testing"):
        relative = "testing.__init__"
    best = -1
    best_length = -1
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (relative == prefix or relative.startswith(prefix + ".")) and \
                    len(prefix) > best_length:
                best, best_length = index, len(prefix)
    if best < 0:
        raise AssertionError(f"{module} belongs to no layer: add it to LAYERS")
    return best


def test_every_module_has_a_layer() -> None:
    for module in import_graph():
        layer_of(module)


def test_imports_point_down() -> None:
    wrong = []
    for module, targets in sorted(import_graph().items()):
        for target in sorted(targets):
            if layer_of(target) > layer_of(module):
                wrong.append(f"{module} ({LAYERS[layer_of(module)][0]}) imports {target} "
                             f"({LAYERS[layer_of(target)][0]})")
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles() -> None:
    found = cycles(import_graph())
    assert sorted(found) == sorted(KNOWN_CYCLES), found


def test_top_level_is_small() -> None:
    top = sorted(p.name for p in ROOT.glob("*.py"))
    assert len(top) <= MAX_TOP_LEVEL_MODULES, top


def test_modules_are_small() -> None:
    big = []
    for path in module_files().values():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES and path.name not in DATA_MODULES:
            big.append(f"{path.relative_to(ROOT.parent)}: {lines} lines")
    assert not big, big


@pytest.mark.parametrize("path, names", [
    ("arango_anyio", ["ArangoClient", "StandardDatabase", "AsyncJob", "Cursor", "Response"]),
    ("arango_anyio.exceptions", ["ArangoServerError", "DocumentInsertError"]),
    ("arango_anyio.http", ["HTTPClient", "DefaultHTTPClient"]),
    ("arango_anyio.response", ["Response"]),
    ("arango_anyio.request", ["Request"]),
    ("arango_anyio.errno", ["DOCUMENT_NOT_FOUND"]),
    ("arango_anyio.client", ["ArangoClient"]),
    ("arango_anyio.database", ["StandardDatabase", "TransactionDatabase", "AsyncDatabase"]),
    ("arango_anyio.collection", ["StandardCollection", "BulkReport"]),
    ("arango_anyio.aql", ["AQL", "AQLQueryCache"]),
    ("arango_anyio.cursor", ["Cursor"]),
    ("arango_anyio.graph", ["Graph", "VertexCollection", "EdgeCollection"]),
    ("arango_anyio.job", ["AsyncJob"]),
    ("arango_anyio.testing", ["Emulator", "serve", "Faults", "EmulatorHTTPClient"]),
])
def test_public_import_paths(path: str, names: list[str]) -> None:
    module = importlib.import_module(path)
    for name in names:
        assert hasattr(module, name), f"{path}.{name}"
