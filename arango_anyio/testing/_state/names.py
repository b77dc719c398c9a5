"""Naming rules of databases, collections, views and indexes.

ArangoDB 3.12 uses its extended naming rules by default (``--database.extended-names``):
names may hold any Unicode character except ``/`` (and ``:`` in database names) and control
characters, must be valid UTF-8 in Unicode normal form C, must not begin with a digit, a dot,
a space or (unless the object is a system one) an underscore, must not end with a space, and
are limited in length (in UTF-8 bytes): 128 for databases, 256 for the others.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from arango_anyio.testing._protocol.errors import EmuError

_DATABASE_MAX_BYTES = 128
_OTHER_MAX_BYTES = 256


def _legal(name: str, *, allow_system: bool, forbidden: str, max_bytes: int,
           leading: str = "._ ") -> bool:
    """True when ``name`` follows the extended rules (see the module's docstring)."""
    try:
        size = len(name.encode("utf-8"))
    except UnicodeEncodeError:  # lone surrogates: not valid UTF-8
        return False
    if not 0 < size <= max_bytes:
        return False
    if any(ord(c) < 32 or c in forbidden for c in name):
        return False
    first = name[0]
    if first.isascii() and first.isdigit():
        return False
    if first in leading and not (first == "_" and allow_system):
        return False
    return not name.endswith(" ")


def _normalized(name: str) -> bool:
    return unicodedata.normalize("NFC", name) == name


def check_database_name(name: Any) -> str:
    """A legal new database name (400/1229 otherwise)."""
    if not isinstance(name, str) or not _legal(name, allow_system=False, forbidden="/:",
                                               max_bytes=_DATABASE_MAX_BYTES):
        raise EmuError(1229, http_code=400)
    if not _normalized(name):
        raise EmuError(1229, "database name is not properly UTF-8 NFC-normalized",
                       http_code=400)
    return name


def check_collection_name(name: Any, *, is_system: bool) -> str:
    """A legal collection (or view) name (400/1208 "illegal name" otherwise)."""
    if not isinstance(name, str) or not _legal(name, allow_system=is_system, forbidden="/",
                                               max_bytes=_OTHER_MAX_BYTES):
        raise EmuError(1208, http_code=400)
    if not _normalized(name):
        raise EmuError(1208, "collection name is not properly UTF-8 NFC-normalized",
                       http_code=400)
    return name


def check_index_name(name: Any) -> str:
    """A legal index name (400/1208 otherwise). Unlike the others, an index name may begin
    with a dot or an underscore."""
    if not isinstance(name, str) or not _legal(name, allow_system=True, forbidden="/",
                                               max_bytes=_OTHER_MAX_BYTES, leading=" "):
        raise EmuError(1208, "illegal index name", http_code=400)
    if not _normalized(name):
        raise EmuError(1208, "index name is not properly UTF-8 NFC-normalized",
                       http_code=400)
    return name
