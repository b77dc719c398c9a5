"""Authentication: HTTP basic credentials and HS256 JWTs (made with hmac, no dependency)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from typing import Any

from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._state.users import User, Users

#: The user name a superuser JWT (one without ``preferred_username``) acts as.
SUPERUSER = ""
TOKEN_LIFETIME = 3600.0


def not_authorized() -> EmuError:
    """The server's answer to missing or wrong credentials."""
    return EmuError(11, "not authorized to execute this request", http_code=401)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_jwt(payload: dict[str, Any], secret: bytes) -> str:
    """An HS256 JSON Web Token for ``payload``."""
    header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    body = _b64url(json.dumps(payload, separators=(",", ":")).encode())
    signing_input = f"{header}.{body}".encode("ascii")
    signature = hmac.new(secret, signing_input, hashlib.sha256).digest()
    return f"{header}.{body}.{_b64url(signature)}"


def verify_jwt(token: str, secret: bytes, now: float | None = None) -> dict[str, Any] | None:
    """The payload of a valid, unexpired HS256 token signed with ``secret``; else None."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        header = json.loads(_unb64url(parts[0]))
        payload = json.loads(_unb64url(parts[1]))
        signature = _unb64url(parts[2])
    except (ValueError, binascii.Error):
        return None
    if not isinstance(header, dict) or header.get("alg") != "HS256" \
            or not isinstance(payload, dict):
        return None
    expected = hmac.new(secret, f"{parts[0]}.{parts[1]}".encode("ascii"),
                        hashlib.sha256).digest()
    if not hmac.compare_digest(expected, signature):
        return None
    exp = payload.get("exp")
    if isinstance(exp, (int, float)) and (now if now is not None else time.time()) >= exp:
        return None
    if payload.get("iss") != "arangodb":
        return None
    return payload


class Authenticator:
    """Turns an ``Authorization`` header into a user name (401/11 when it cannot)."""

    def __init__(self, users: Users, secret: bytes) -> None:
        self.users = users
        self.secret = secret
        self._basic_cache: dict[str, str] = {}
        #: verified bearer headers -> (user, expiry)
        self._bearer_cache: dict[str, tuple[str, float]] = {}
        self._cache_version = -1

    def set_secret(self, secret: bytes) -> None:
        """Sign and verify with ``secret`` from now on (earlier tokens stop working)."""
        self.secret = secret
        self._bearer_cache.clear()

    def user_token(self, username: str, lifetime: float = TOKEN_LIFETIME) -> str:
        """A JWT for ``username`` as ``POST /_open/auth`` gives it."""
        now = time.time()
        return sign_jwt({"preferred_username": username, "iss": "arangodb",
                         "iat": int(now), "exp": int(now + lifetime)}, self.secret)

    def superuser_token(self, lifetime: float = TOKEN_LIFETIME) -> str:
        """A superuser JWT (``server_id``, no user), as a cluster-internal token."""
        now = time.time()
        return sign_jwt({"iss": "arangodb", "server_id": "emulator", "iat": int(now),
                         "exp": int(now + lifetime)}, self.secret)

    def _account(self, name: str, secret: str) -> User | None:
        """The active user that ``name`` and ``secret`` identify: a user and its password or
        one of its access tokens, or an empty name and an access token (its owner)."""
        user = self.users.by_name.get(name) if name else self.users.token_owner(secret)
        if user is None or not user.active or not self.users.check_secret(user, secret):
            return None
        return user

    def login(self, username: Any, password: Any) -> str:
        """Check credentials for ``/_open/auth`` (401 "Wrong credentials"); the user name may
        be left out when the password is an access token."""
        if username is None:
            username = ""
        user = self._account(username, password) \
            if isinstance(username, str) and isinstance(password, str) else None
        if user is None:
            raise EmuError(401, "Wrong credentials", http_code=401)
        return self.user_token(user.name)

    def authenticate(self, header: str | None) -> str:
        """The user an ``Authorization`` header names (``SUPERUSER`` for a superuser JWT)."""
        if not header:
            raise not_authorized()
        if self._cache_version != self.users.version:
            self._basic_cache.clear()
            self._bearer_cache.clear()
            self._cache_version = self.users.version
        cached = self._basic_cache.get(header)
        if cached is not None:
            return cached
        bearer = self._bearer_cache.get(header)
        if bearer is not None:
            if time.time() < bearer[1]:
                return bearer[0]
            del self._bearer_cache[header]
        scheme, _, value = header.partition(" ")
        scheme = scheme.lower()
        value = value.strip()
        if scheme == "basic":
            try:
                decoded = base64.b64decode(value, validate=True).decode("utf-8")
            except (ValueError, binascii.Error):
                raise not_authorized() from None
            name, sep, password = decoded.partition(":")
            account = self._account(name, password) if sep else None
            if account is None:
                raise not_authorized()
            self._basic_cache[header] = account.name
            return account.name
        if scheme == "bearer":
            payload = verify_jwt(value, self.secret)
            if payload is None:
                raise not_authorized()
            claimed = payload.get("preferred_username")
            name = SUPERUSER
            if claimed is not None:
                user = self.users.by_name.get(claimed) if isinstance(claimed, str) else None
                if user is None or not user.active:
                    raise not_authorized()
                name = user.name
            exp = payload.get("exp")
            expiry = float(exp) if isinstance(exp, (int, float)) else float("inf")
            if len(self._bearer_cache) > 10_000:
                self._bearer_cache.clear()
            self._bearer_cache[header] = (name, expiry)
            return name
        raise not_authorized()
