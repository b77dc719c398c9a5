"""The naming rules of databases and collections (and of views, which share the
collections' namespace)."""

from __future__ import annotations

import re
from typing import Any

from arango_anyio.testing._protocol.errors import EmuError

_DB_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]{0,63}$")
_COLLECTION_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]{0,255}$")


def check_database_name(name: Any) -> str:
    """A legal new database name (400/1229 otherwise)."""
    if not isinstance(name, str) or not _DB_NAME.match(name):
        raise EmuError(1229, http_code=400)
    return name


def check_collection_name(name: Any, *, is_system: bool) -> str:
    """A legal collection name (400/1208 "illegal name" otherwise)."""
    if (not isinstance(name, str) or not _COLLECTION_NAME.match(name)
            or (name.startswith("_") and not is_system)):
        raise EmuError(1208, http_code=400)
    return name
