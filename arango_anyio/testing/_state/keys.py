"""Document key validation and the key generators (traditional, autoincrement, uuid, padded)."""

from __future__ import annotations

import re
import uuid
from typing import Any

from arango_anyio.testing._protocol.errors import EmuError

_KEY_RE = re.compile(r"^[A-Za-z0-9_\-:.@()+,=;$!*'%]{1,254}$")
GENERATORS = ("traditional", "autoincrement", "uuid", "padded")


def valid_key(key: Any) -> bool:
    """True when ``key`` is a legal ``_key`` (1..254 characters of the allowed set)."""
    return isinstance(key, str) and _KEY_RE.match(key) is not None


class KeyGenerator:
    """Makes and checks keys for one collection, following its ``keyOptions``."""

    def __init__(self, options: dict[str, Any] | None, next_tick: Any) -> None:
        options = dict(options or {})
        kind = options.get("type", "traditional")
        if kind not in GENERATORS:
            raise EmuError(1232, http_code=400)
        self.type: str = kind
        self.allow_user_keys = bool(options.get("allowUserKeys", True))
        self.increment = 1
        self.offset = 0
        if kind == "autoincrement":
            increment = options.get("increment", 1)
            offset = options.get("offset", 0)
            if (not isinstance(increment, int) or increment < 1 or increment >= 2 ** 16
                    or not isinstance(offset, int) or offset < 0):
                raise EmuError(1232, "invalid key generator: increment/offset out of range",
                               http_code=400)
            self.increment = increment
            self.offset = offset
        self.last_value = 0
        self._next_tick = next_tick

    def options(self) -> dict[str, Any]:
        """The ``keyOptions`` as the properties answer shows them."""
        out: dict[str, Any] = {"allowUserKeys": self.allow_user_keys, "type": self.type}
        if self.type == "autoincrement":
            out["offset"] = self.offset
            out["increment"] = self.increment
        if self.type != "uuid":
            out["lastValue"] = self.last_value
        return out

    def generate(self) -> str:
        """A fresh key."""
        if self.type == "uuid":
            return str(uuid.uuid4())
        if self.type == "autoincrement":
            if self.last_value < self.offset:
                value = self.offset if self.offset else self.increment
            else:
                value = self.last_value + self.increment
                if self.offset:
                    value -= (value - self.offset) % self.increment
            self.last_value = value
            return str(value)
        if self.type == "padded":
            self.last_value += 1
            return f"{self.last_value:016x}"
        tick = int(self._next_tick())
        self.last_value = tick
        return str(tick)

    def accept(self, key: Any) -> str:
        """Check a user-given key (1221 illegal key, 1222 when user keys are not allowed)."""
        if not self.allow_user_keys:
            raise EmuError(1222, http_code=400)
        if not valid_key(key):
            raise EmuError(1221, http_code=400)
        assert isinstance(key, str)
        if self.type in ("traditional", "autoincrement") and key.isdigit():
            value = int(key)
            if self.type == "autoincrement" or value < 2 ** 63:
                self.last_value = max(self.last_value, value)
        elif self.type == "padded":
            try:
                self.last_value = max(self.last_value, int(key, 16))
            except ValueError:
                pass
        return key
