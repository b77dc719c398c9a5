"""Ticks (numeric ids, traditional keys) and ``_rev`` values like the server's."""

from __future__ import annotations

import time

_ALPHABET = "-_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_DECODE = {c: i for i, c in enumerate(_ALPHABET)}
#: every 12-bit value as its two characters, so encoding takes 6 steps instead of 11
_PAIRS = [a + b for a in _ALPHABET for b in _ALPHABET]


def encode_rev(value: int) -> str:
    """Encode a hybrid logical clock value as ArangoDB does (``_l6zhVse--_``)."""
    if value <= 0:
        return "-"
    parts: list[str] = []
    while value > 0:
        parts.append(_PAIRS[value & 0xFFF])
        value >>= 12
    text = "".join(reversed(parts))
    return text[1:] if text[0] == "-" else text


def decode_rev(rev: str) -> int | None:
    """The clock value of a ``_rev`` string, or None when it is not one."""
    value = 0
    for char in rev:
        digit = _DECODE.get(char)
        if digit is None:
            return None
        value = (value << 6) | digit
    return value


class Clock:
    """Strictly increasing ticks and revisions shared by one deployment."""

    def __init__(self) -> None:
        self._tick = 10_000 + int(time.time()) % 50_000
        self._hlc = 0

    def tick(self) -> int:
        """The next tick (collection ids, index ids, traditional keys, transaction ids)."""
        self._tick += 1
        return self._tick

    def tick_str(self) -> str:
        """The next tick as a string."""
        self._tick += 1
        return str(self._tick)

    def rev(self) -> str:
        """The next revision: milliseconds shifted left 20 bits plus a counter, encoded."""
        now = int(time.time() * 1000) << 20
        self._hlc = now if now > self._hlc else self._hlc + 1
        return encode_rev(self._hlc)
