"""Every text an object shows: ``repr``, ``str``, and the same for its attributes, the
exception chain and the request/response it carries (their bodies included)."""

from __future__ import annotations

from typing import Any


def collect_texts(objects: list[Any], depth: int = 3) -> list[str]:
    texts: list[str] = []
    seen: set[int] = set()

    def visit(obj: Any, level: int) -> None:
        if obj is None or id(obj) in seen or level > depth:
            return
        seen.add(id(obj))
        texts.append(repr(obj))
        texts.append(str(obj))
        if isinstance(obj, BaseException):
            visit(obj.__cause__, level)
            visit(obj.__context__, level)
            texts.append(repr(obj.args))
        if isinstance(obj, dict):
            for value in obj.values():
                visit(value, level + 1)
            return
        if isinstance(obj, (list, tuple)):
            for value in obj:
                visit(value, level + 1)
            return
        if isinstance(obj, bytes):
            texts.append(obj.decode("latin-1"))
            return
        if isinstance(obj, (str, int, float, bool)):
            return
        for name in ("response", "request", "message", "error_message", "url", "hosts",
                     "http_headers", "details", "data", "prepared", "raw_body", "body"):
            try:
                value = getattr(obj, name, None)
            except Exception:  # e.g. httpx errors without a request
                continue
            if value is not None and not callable(value):
                visit(value, level + 1)

    for obj in objects:
        visit(obj, 0)
    return texts
