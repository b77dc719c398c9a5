"""Users, their passwords and their database and collection access levels."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import os
import time
from typing import Any

from arango_anyio.testing._protocol.errors import EmuError

LEVELS = ("rw", "ro", "none")
_RANK = {"none": 0, "ro": 1, "rw": 2}


def at_least(level: str, need: str) -> bool:
    """True when access ``level`` allows what ``need`` requires."""
    return _RANK.get(level, 0) >= _RANK[need]


class User:
    """One user. The password is kept as a salted hash, never in clear."""

    __slots__ = ("_hash", "_salt", "active", "collections", "databases", "extra", "name")

    def __init__(self, name: str, password: str, active: bool = True,
                 extra: dict[str, Any] | None = None) -> None:
        self.name = name
        self.active = active
        self.extra: dict[str, Any] = dict(extra or {})
        #: database name (or ``*``) -> level
        self.databases: dict[str, str] = {}
        #: database name (or ``*``) -> collection name (or ``*``) -> level
        self.collections: dict[str, dict[str, str]] = {}
        self._salt = b""
        self._hash = b""
        self.set_password(password)

    def __repr__(self) -> str:
        return f"<User {self.name!r}>"

    def set_password(self, password: str) -> None:
        """Store a new password (salted SHA-256)."""
        self._salt = os.urandom(8)
        self._hash = hashlib.sha256(self._salt + password.encode()).digest()

    def check_password(self, password: str) -> bool:
        """True when ``password`` is this user's."""
        candidate = hashlib.sha256(self._salt + password.encode()).digest()
        return hmac.compare_digest(candidate, self._hash)

    def describe(self) -> dict[str, Any]:
        """The user as ``/_api/user`` shows it."""
        return {"user": self.name, "active": self.active, "extra": self.extra}

    def explicit_db_level(self, db: str) -> str | None:
        """The level granted on ``db`` itself (None when not set)."""
        return self.databases.get(db)

    def db_level(self, db: str) -> str:
        """The effective level on database ``db`` (falls back to the ``*`` grant)."""
        level = self.databases.get(db)
        if level is None:
            level = self.databases.get("*", "none")
        return level

    def explicit_collection_level(self, db: str, collection: str) -> str | None:
        """The level granted on ``db/collection`` itself (None when not set)."""
        return self.collections.get(db, {}).get(collection)

    def collection_level(self, db: str, collection: str) -> str:
        """The effective level on ``db/collection`` as the server resolves it."""
        if collection.startswith("_"):
            if db == "_system" and collection == "_users":
                return "none"
            return self.db_level(db)
        for dbname, cname in ((db, collection), (db, "*"), ("*", collection), ("*", "*")):
            level = self.collections.get(dbname, {}).get(cname)
            if level is not None:
                return level
        return self.db_level(db)


class Users:
    """Every user of the deployment; ``root`` always exists with full access."""

    def __init__(self, root_password: str) -> None:
        root = User("root", root_password)
        root.databases["*"] = "rw"
        root.collections["*"] = {"*": "rw"}
        self.by_name: dict[str, User] = {"root": root}
        #: access tokens per user (``/_api/token``); a token works as the user's password
        self.tokens: dict[str, list[dict[str, Any]]] = {}
        #: bumped on every change, so cached authentications can be dropped
        self.version = 0
        self._token_ids = itertools.count(1)

    def next_token_id(self) -> int:
        """A new access token id (unique in the deployment, never reused)."""
        return next(self._token_ids)

    def get(self, name: str) -> User:
        """A user by name (404/1703 "user not found")."""
        user = self.by_name.get(name)
        if user is None:
            raise EmuError(1703, http_code=404)
        return user

    def create(self, body: Any) -> User:
        """Create a user from a ``POST /_api/user`` body."""
        if not isinstance(body, dict):
            raise EmuError(400, "expecting JSON object body", http_code=400)
        name = body.get("user")
        if not isinstance(name, str) or not name or len(name) > 256:
            raise EmuError(1700, http_code=400)
        if name in self.by_name:
            raise EmuError(1702, http_code=409)
        password = body.get("passwd") or ""
        if not isinstance(password, str):
            raise EmuError(10, "invalid password", http_code=400)
        extra = body.get("extra")
        active = body.get("active")
        user = User(name, password, True if active is None else bool(active),
                    extra if isinstance(extra, dict) else None)
        self.by_name[name] = user
        self.version += 1
        return user

    def modify(self, name: str, body: Any, *, replace: bool) -> User:
        """Apply a PUT (replace) or PATCH body to user ``name``."""
        user = self.get(name)
        if not isinstance(body, dict):
            raise EmuError(400, "expecting JSON object body", http_code=400)
        if body.get("passwd") is not None or replace:
            password = body.get("passwd") or ""
            if not isinstance(password, str):
                raise EmuError(10, "invalid password", http_code=400)
            user.set_password(password)
        if body.get("active") is not None:
            user.active = bool(body["active"])
        elif replace:
            user.active = True
        if "extra" in body and isinstance(body["extra"], dict):
            user.extra = dict(body["extra"]) if replace else {**user.extra, **body["extra"]}
        elif replace:
            user.extra = {}
        self.version += 1
        return user

    def check_secret(self, user: User, secret: str) -> bool:
        """True when ``secret`` is ``user``'s password or one of its live access tokens."""
        if user.check_password(secret):
            return True
        if secret.startswith("v1."):
            now = time.time()
            return any(t["token"] == secret and t["active"] and t["valid_until"] > now
                       for t in self.tokens.get(user.name, ()))
        return False

    def token_owner(self, secret: str) -> User | None:
        """The user holding the live access token ``secret`` (None when there is none)."""
        if not secret.startswith("v1."):
            return None
        now = time.time()
        for name, tokens in self.tokens.items():
            if any(t["token"] == secret and t["active"] and t["valid_until"] > now
                   for t in tokens):
                return self.by_name.get(name)
        return None

    def remove(self, name: str) -> None:
        """Delete user ``name`` (its access tokens go with it)."""
        self.get(name)
        del self.by_name[name]
        self.tokens.pop(name, None)
        self.version += 1

    def drop_database(self, db: str) -> None:
        """Forget the grants on a dropped database."""
        for user in self.by_name.values():
            user.databases.pop(db, None)
            user.collections.pop(db, None)
        self.version += 1
