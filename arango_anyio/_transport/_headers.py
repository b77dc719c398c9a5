"""Response headers read on demand from the raw response head.

httptools calls back into Python once per header; a response of ArangoDB (or of a proxy in
front of it) carries a dozen headers of which a client reads two or three. :class:`Headers`
keeps the head as received (httptools has already validated it: CRLF line ends, no folded
lines, no space before a colon) and answers ``get`` by searching it; the full mapping is built
only when something iterates over it or a header is repeated.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TypeVar, overload

_T = TypeVar("_T")

# Header names seen so far -> lower-cased str; bounded so a hostile server can't grow it.
_NAMES: dict[bytes, str] = {}
_NAMES_MAX = 512
_MISSING = object()
# Names looked up so far -> what to search for (bounded like _NAMES).
_NEEDLES: dict[str, bytes] = {}


class Headers(Mapping[str, str]):
    """A response's headers: names lower-cased, values of a repeated header joined with
    ``", "``. Looking up a name that is not lower-case finds nothing, as in a dict."""

    __slots__ = ("_dict", "_head", "_lower")

    def __init__(self, head: bytes) -> None:
        #: The head without its final blank line: the status line, then one line per header.
        self._head = head
        self._lower: bytes | None = None
        self._dict: dict[str, str] | None = None

    @overload
    def get(self, key: str, /) -> str | None: ...
    @overload
    def get(self, key: str, /, default: str | _T) -> str | _T: ...

    def get(self, key: str, /, default: object = None) -> object:
        found = self._dict
        if found is not None:
            return found.get(key, default)
        lower = self._lower
        if lower is None:
            lower = self._lower = self._head.lower()
        needle = _NEEDLES.get(key)
        if needle is None:
            try:
                needle = b"\n" + key.encode("latin-1") + b":"
            except (UnicodeEncodeError, AttributeError):
                return self._build().get(key, default)
            if len(_NEEDLES) < _NAMES_MAX:
                _NEEDLES[key] = needle
        start = lower.find(needle)
        if start < 0:
            return default
        start += len(needle)
        end = lower.find(b"\r", start)
        if end < 0:
            end = len(lower)
        elif lower.find(needle, end) >= 0:  # repeated: join the values
            return self._build().get(key, default)
        return self._head[start:end].strip(b" \t").decode("latin-1")

    def __getitem__(self, key: str) -> str:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value  # type: ignore[return-value]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key, _MISSING) is not _MISSING

    def __iter__(self) -> Iterator[str]:
        return iter(self._build())

    def __len__(self) -> int:
        return len(self._build())

    def __repr__(self) -> str:
        return f"Headers({self._build()!r})"

    def _build(self) -> dict[str, str]:
        found = self._dict
        if found is None:
            found = self._dict = {}
            for name, value in raw_pairs(self._head):
                key = _NAMES.get(name)
                if key is None:
                    key = name.decode("latin-1").lower()
                    if len(_NAMES) < _NAMES_MAX:
                        _NAMES[name] = key
                text = value.decode("latin-1")
                found[key] = f"{found[key]}, {text}" if key in found else text
        return found


def raw_pairs(head: bytes) -> list[tuple[bytes, bytes]]:
    """The (name, value) pairs of a validated response head, as sent (values trimmed)."""
    pairs = []
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        pairs.append((name, value.strip(b" \t")))
    return pairs
