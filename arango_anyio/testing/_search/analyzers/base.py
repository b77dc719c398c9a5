"""What every analyzer is: a name, a type, its features, and ``tokens(value)``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from typing import Any


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its term, its position increment (0 keeps the previous position) and its
    byte offsets in the input."""

    term: str
    increment: int = 1
    start: int = 0
    end: int = 0


class Analyzer:
    """Turns one input value into tokens. Subclasses implement :meth:`tokens`; :meth:`accepts`
    tells which values the analyzer takes (strings, unless a subclass says otherwise: the
    others are indexed by type, not analyzed)."""

    def __init__(self, name: str, features: frozenset[str]) -> None:
        self.name = name
        self.features = features

    def tokens(self, value: str) -> list[Token]:
        """The tokens of ``value``."""
        raise NotImplementedError

    def terms(self, value: str) -> list[str]:
        """Just the terms of ``value``, in order."""
        return [token.term for token in self.tokens(value)]

    def accepts(self, value: Any) -> bool:
        """True when ``value`` is analyzed by this analyzer (else it is indexed by type)."""
        return isinstance(value, str)


def utf8_len(text: str) -> int:
    """The UTF-8 byte length of ``text`` (offsets are in bytes, as in ArangoDB)."""
    return len(text.encode("utf-8"))


def byte_offsets(text: str) -> Callable[[int], int]:
    """Character index in ``text`` -> its UTF-8 byte offset (``len(text)`` included), in
    constant time per lookup."""
    if text.isascii():
        return lambda index: index
    return list(accumulate((utf8_len(char) for char in text), initial=0)).__getitem__
