"""The API reference lists every public class, method, property and function.

``./docs.sh`` builds the site and then runs this module with ``ARANGO_ANYIO_DOCS_BUILT`` set to
the built site: the names in its ``objects.inv`` (what the reference documents) are compared
with an ``inspect`` walk of the public API. Without that variable (``./test.sh``) it is skipped:
there is no site to read.
"""

from __future__ import annotations

import inspect
import os
import zlib
from pathlib import Path

import pytest

import arango_anyio
import arango_anyio.errno
import arango_anyio.exceptions
import arango_anyio.job
import arango_anyio.testing
import arango_anyio.testing.pytest_plugin

BUILT = os.environ.get("ARANGO_ANYIO_DOCS_BUILT")
pytestmark = pytest.mark.skipif(not BUILT, reason="./docs.sh runs this after building the site")

#: Public names of the emulator that its own server core calls (handlers and front ends, with
#: its internal request type): the reference leaves them out on purpose.
SERVER_CORE = {
    "arango_anyio.testing.Emulator": {"handle", "require_db", "require_admin", "access",
                                      "query_context", "record_aql_query"},
    "arango_anyio.testing.Faults": {"on_request", "on_response"},
}
#: Members that come with the language, not with this package.
FOREIGN_MODULES = {"builtins", "abc", "typing", "enum", "collections.abc"}


def inventory(site: Path) -> set[str]:
    """The Python objects documented by a built Sphinx site."""
    raw = (site / "objects.inv").read_bytes()
    header_end = 0
    for _ in range(4):
        header_end = raw.index(b"\n", header_end) + 1
    names = set()
    for line in zlib.decompress(raw[header_end:]).decode("utf-8").splitlines():
        name, kind = line.split(" ", 2)[:2]
        if kind.startswith("py:"):
            names.add(name)
    return names


def public_classes() -> dict[type, str]:
    """Every public class, by the name the reference documents it under."""
    found: dict[type, str] = {}
    for module in (arango_anyio, arango_anyio.testing, arango_anyio.job):
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isclass(value):
                found.setdefault(value, f"{module.__name__}.{name}")
    for name, value in vars(arango_anyio.exceptions).items():
        if inspect.isclass(value) and value.__module__ == arango_anyio.exceptions.__name__:
            found.setdefault(value, f"arango_anyio.exceptions.{name}")
    return found


def public_members(cls: type) -> dict[str, type]:
    """Public member name -> the class that defines it (this package's classes only)."""
    members = {}
    for name in dir(cls):
        if name.startswith("_"):
            continue
        owner = next((c for c in cls.__mro__ if name in vars(c)), None)
        if owner is None or owner is object or owner.__module__ in FOREIGN_MODULES:
            continue
        members[name] = owner
    return members


def missing_from(documented: set[str]) -> list[str]:
    classes = public_classes()
    missing = [f"class {path}" for path in classes.values() if path not in documented]
    for cls, path in classes.items():
        if path.startswith("arango_anyio.job.Async"):
            continue  # the protocols mirror the classes; their methods are documented there
        homes = [classes[c] for c in cls.__mro__ if c in classes]
        for name in sorted(public_members(cls)):
            if name in SERVER_CORE.get(path, ()):
                continue
            if not any(f"{home}.{name}" in documented for home in homes):
                missing.append(f"{path}.{name}")
    functions = [("arango_anyio.testing", "serve")] + [
        ("arango_anyio.testing.pytest_plugin", name)
        for name, value in vars(arango_anyio.testing.pytest_plugin).items()
        if hasattr(value, "_fixture_function_marker") and not name.startswith("_")]
    missing += [f"{module}.{name}" for module, name in functions
                if f"{module}.{name}" not in documented]
    missing += [f"arango_anyio.errno.{name}" for name in vars(arango_anyio.errno)
                if name.isupper() and f"arango_anyio.errno.{name}" not in documented]
    return missing


def coverage(documented: set[str]) -> tuple[int, int]:
    """(documented, total) public classes, members, functions and error numbers."""
    classes = public_classes()
    total = len(classes) + sum(
        len(set(public_members(cls)) - SERVER_CORE.get(path, set()))
        for cls, path in classes.items() if not path.startswith("arango_anyio.job.Async"))
    total += 1 + sum(1 for value in vars(arango_anyio.testing.pytest_plugin).values()
                     if hasattr(value, "_fixture_function_marker"))
    total += sum(1 for name in vars(arango_anyio.errno) if name.isupper())
    return total - len(missing_from(documented)), total


def test_the_reference_lists_every_public_name() -> None:
    assert BUILT is not None
    documented = inventory(Path(BUILT))
    missing = missing_from(documented)
    found, total = coverage(documented)
    print(f"\nAPI reference: {found} of {total} public names documented")
    assert not missing, f"{len(missing)} public names missing from the reference:\n" + \
        "\n".join(missing)


def test_server_core_names_are_what_the_list_says() -> None:
    """The names left out are called by the emulator's handlers, server core or front ends."""
    testing = Path(arango_anyio.testing.__file__).parent
    core = "\n".join(path.read_text(encoding="utf-8") for folder in
                     ("_handlers", "_server", "_frontends", "_aql")
                     for path in (testing / folder).rglob("*.py"))
    classes = {path: cls for cls, path in public_classes().items()}
    for path, names in SERVER_CORE.items():
        for name in names:
            assert callable(getattr(classes[path], name)), f"{path}.{name}"
            assert f".{name}(" in core, f"{path}.{name} is not the server core's"
