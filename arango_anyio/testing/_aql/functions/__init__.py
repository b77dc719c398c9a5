"""AQL's built-in functions, one module per group; importing a module registers its functions
in :data:`arango_anyio.testing._aql.runtime.FUNCTIONS`."""

from __future__ import annotations

import importlib

_MODULES = ("strings", "hashing", "similarity", "arrays", "sets", "numeric", "dates",
            "date_math", "timezones", "documents", "types", "misc", "geo", "indexed", "search")


def load() -> None:
    """Import (and so register) every function module."""
    for name in _MODULES:
        importlib.import_module(f"{__name__}.{name}")
