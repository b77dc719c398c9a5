"""``primarySort`` and ``storedValues`` of views and inverted indexes, in the full form the
server reports (shorthands expanded, defaults added)."""

from __future__ import annotations

from typing import Any

from arango_anyio.testing._protocol.errors import EmuError


def primary_sort_fields(value: Any) -> list[dict[str, Any]]:
    """``[{"field", "asc"}]`` from ``[{"field", "direction"|"asc"}]``."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise EmuError(10, "'primarySort' must be an array", http_code=400)
    out = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("field"), str):
            raise EmuError(10, "invalid 'primarySort' entry: expecting 'field'",
                           http_code=400)
        if "asc" in item:
            asc = bool(item["asc"])
        else:
            direction = str(item.get("direction", "asc")).lower()
            if direction not in ("asc", "desc"):
                raise EmuError(10, "invalid 'primarySort' direction", http_code=400)
            asc = direction == "asc"
        out.append({"field": item["field"], "asc": asc})
    return out


def stored_values(value: Any) -> list[dict[str, Any]]:
    """``storedValues`` as ``[{"fields", "compression"[, "cache"]}]``."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise EmuError(10, "'storedValues' must be an array", http_code=400)
    out: list[dict[str, Any]] = []
    for item in value:
        if isinstance(item, str):
            item = {"fields": [item]}
        elif isinstance(item, list):
            item = {"fields": item}
        if not isinstance(item, dict) or not isinstance(item.get("fields"), list) \
                or not all(isinstance(f, str) for f in item["fields"]):
            raise EmuError(10, "invalid 'storedValues' entry: expecting 'fields'",
                           http_code=400)
        entry: dict[str, Any] = {"fields": list(item["fields"]),
                                 "compression": item.get("compression", "lz4")}
        if item.get("cache"):
            entry["cache"] = True
        out.append(entry)
    return out
