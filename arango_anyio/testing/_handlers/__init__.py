"""HTTP handlers of the emulator, one module per API area.

Every module here exports ``router`` (a :class:`~arango_anyio.testing._protocol.routing.Router`);
:func:`all_routes` merges them, so adding an area means adding a module.
"""

from __future__ import annotations

import importlib
import pkgutil

from arango_anyio.testing._protocol.routing import Router, merge


def all_routes() -> Router:
    """One router holding the routes of every handler module in this package."""
    routers: list[Router] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        router = getattr(module, "router", None)
        if isinstance(router, Router):
            routers.append(router)
    return merge(*routers)
