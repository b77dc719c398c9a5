"""Public classes show their public path.

A class defined in a private module and exported by a public one says so in its
``__module__``: ``arango_anyio.StandardCollection``, not
``arango_anyio._api.collection.collection.StandardCollection`` (trio does the same for its
names). ``repr``, ``help()``, tracebacks and the API reference then name it the way users import
it, and pickle finds it there. Tools that read the source (the async protocol generator, the
reference's source links) ask :func:`defined_in` where the code lives.
"""

from __future__ import annotations

import typing
from collections.abc import Iterable, Mapping

_DEFINED_IN: dict[type, str] = {}


def _is_private(module: str) -> bool:
    return any(part.startswith("_") for part in module.split("."))


def publish(module: str, namespace: Mapping[str, object], names: Iterable[str]) -> None:
    """Give the classes ``names`` of ``namespace`` (a public module's globals) the
    ``__module__`` ``module``, when they are defined in a private module of this package."""
    for name in names:
        obj = namespace[name]
        if (
            isinstance(obj, type)
            and obj.__qualname__ == name
            and obj.__module__.startswith("arango_anyio.")
            and _is_private(obj.__module__)
        ):
            _resolve_own_annotations(obj)
            _DEFINED_IN.setdefault(obj, obj.__module__)
            obj.__module__ = module


def _resolve_own_annotations(cls: type) -> None:
    """Evaluate the class's own string annotations where they were written: after the move,
    ``typing.get_type_hints`` would look their names up in the public module."""
    own = vars(cls).get("__annotations__")
    if not own or not any(isinstance(value, str) for value in own.values()):
        return
    try:
        hints = typing.get_type_hints(cls)
    except NameError:  # a name only type checkers see: leave the strings as they are
        return
    for name in own:
        own[name] = hints[name]


def defined_in(cls: type) -> str:
    """The module whose source defines ``cls`` (its ``__module__`` before :func:`publish`)."""
    return _DEFINED_IN.get(cls, cls.__module__)
