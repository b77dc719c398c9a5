"""Authentication strategies: basic, JWT (fetched and refreshed), static bearer tokens.

No strategy ever shows a password or token in ``repr``/``str``.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Awaitable, Callable

import anyio

from arango_anyio._connection import events
from arango_anyio._connection.background import RENEWAL, Background
from arango_anyio._connection.url import check_header
from arango_anyio._transport.deadline import deadline_scope, raise_if_expired
from arango_anyio.exceptions import ArangoError

#: Logs in and returns a fresh JWT: ``await fetch_token(username, password)``
#: (``POST /_open/auth``; the connection provides it).
TokenSource = Callable[[str, str], Awaitable[str]]

#: Refresh a JWT this many seconds before it expires (a call that finds it closer to its
#: expiry fetches a new one first).
JWT_REFRESH_MARGIN = 30.0
#: The background renewal happens this many seconds before the expiry, ahead of any call.
JWT_RENEWAL_AHEAD = 2 * JWT_REFRESH_MARGIN
#: Seconds a background renewal may take.
JWT_RENEWAL_TIMEOUT = 30.0


class Auth:
    """Base class: how a request proves who sent it."""

    #: Credentials passed as ``auth=`` to :meth:`HTTPClient.send_request` (basic auth).
    basic: tuple[str, str] | None = None
    username: str | None = None
    #: The ``Authorization`` value when it never changes (basic auth, a static token), so a
    #: request needs no call to :meth:`header`; None when it does (JWT) or there is none.
    fixed_header: str | None = None
    #: Whether :meth:`header` must be asked before each request.
    dynamic = False

    async def header(self, fetch_token: TokenSource) -> str | None:
        """The ``Authorization`` header value for the next request, if any."""
        return self.fixed_header

    async def refresh(self, fetch_token: TokenSource, stale: str | None) -> bool:
        """Called on 401/errorNum 11: try to renew credentials. True when retrying may help."""
        return False


class BasicAuth(Auth):
    """HTTP basic authentication (sent through the HTTPClient's ``auth`` argument)."""

    def __init__(self, username: str, password: str) -> None:
        self.username = username
        self.basic = (username, password)
        token = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
        self.fixed_header = f"Basic {token}"

    def __repr__(self) -> str:
        return f"<BasicAuth username={self.username!r} password=***>"


class StaticTokenAuth(Auth):
    """A bearer JWT that is never refreshed (superuser token, user token)."""

    def __init__(self, token: str, *, kind: str = "token") -> None:
        check_header("authorization", token)  # (the message names the header, not the token)
        self.fixed_header = f"bearer {token}"
        self._kind = kind

    def __repr__(self) -> str:
        return f"<StaticTokenAuth {self._kind}=***>"


def token_expiry(token: str) -> float | None:
    """The ``exp`` claim of a JWT (seconds since the epoch), or None when absent/unreadable."""
    try:
        payload = token.split(".")[1]
        payload += "=" * (-len(payload) % 4)
        exp = json.loads(base64.urlsafe_b64decode(payload)).get("exp")
    except (IndexError, ValueError, AttributeError):
        return None
    return float(exp) if isinstance(exp, (int, float)) and not isinstance(exp, bool) else None


class JwtAuth(Auth):
    """JWT from ``POST /_open/auth``, cached, refreshed before ``exp`` and once after a 401.

    One refresh at a time however many requests wait for it (single flight under an AnyIO
    lock); a request that finds a fresher token than the one it failed with just retries.
    With a ``background`` (the client's task group), a token with an expiry is renewed there
    :data:`JWT_RENEWAL_AHEAD` seconds before it expires, so calls don't wait for a login.
    """

    def __init__(self, username: str, password: str, *,
                 background: Background | None = None) -> None:
        self.username = username
        self._username = username
        self._password = password
        self._token: str | None = None
        self._expires: float | None = None
        self._lock: anyio.Lock | None = None
        #: How many tokens were fetched (for statistics and tests).
        self.fetches = 0
        # Finished login attempts, and how the last one failed (None: it succeeded).
        self._attempts = 0
        self._failure: ArangoError | None = None
        self._background = background
        self._renewal_scheduled = False

    dynamic = True

    def __repr__(self) -> str:
        return f"<JwtAuth username={self.username!r} token=***>"

    @property
    def locked(self) -> bool:
        """True while a refresh is in progress."""
        return self._lock is not None and self._lock.locked()

    def _fresh(self) -> bool:
        if self._token is None:
            return False
        return self._expires is None or time.time() < self._expires - JWT_REFRESH_MARGIN

    async def header(self, fetch_token: TokenSource) -> str | None:
        if not self._fresh():
            await self._renew(fetch_token, self._token)
        return f"bearer {self._token}"

    async def refresh(self, fetch_token: TokenSource, stale: str | None) -> bool:
        stale_token = stale[7:] if stale and stale.lower().startswith("bearer ") else stale
        await self._renew(fetch_token, stale_token)
        return True

    async def _renew(self, fetch_token: TokenSource, stale: str | None, *,
                     in_background: bool = False) -> None:
        if self._lock is None:
            self._lock = anyio.Lock()
        attempts = self._attempts
        # Another task may be fetching: wait for it within this call's deadline.
        with deadline_scope() as scope:
            await self._lock.acquire()
        raise_if_expired(scope)
        try:
            if self._token is not None and self._token != stale and self._fresh():
                return  # another task refreshed while we waited
            failure = self._failure
            if failure is not None and self._attempts != attempts:
                # A login that ended while we waited failed (wrong password, no server):
                # share its outcome instead of trying again, one caller after the other.
                raise failure
            try:
                token = await fetch_token(self._username, self._password)
            except ArangoError as exc:  # not cancellation: then a waiter tries itself
                self._attempts += 1
                self._failure = exc
                raise
            self._attempts += 1
            self._failure = None
            self.fetches += 1
            self._token = token
            self._expires = token_expiry(token)
            expires_in = None if self._expires is None else self._expires - time.time()
            events.jwt_renewed(self._username, expires_in, in_background)
            self._schedule_renewal(fetch_token)
        finally:
            self._lock.release()

    def _schedule_renewal(self, fetch_token: TokenSource) -> None:
        background = self._background
        if background is None or self._renewal_scheduled or self._renewal_delay() is None:
            return
        if background.start_service(RENEWAL, lambda: self._renew_ahead(fetch_token)):
            self._renewal_scheduled = True

    def _renewal_delay(self) -> float | None:
        """Seconds until the background renewal, or None when there is none to plan (no
        expiry, or a token too short-lived to renew ahead of the calls)."""
        if self._expires is None:
            return None
        remaining = self._expires - time.time()
        if remaining > 2 * JWT_RENEWAL_AHEAD:
            return remaining - JWT_RENEWAL_AHEAD
        delay = (remaining - JWT_REFRESH_MARGIN) / 2
        return delay if delay >= 1.0 else None

    async def _renew_ahead(self, fetch_token: TokenSource) -> bool:
        try:
            delay = self._renewal_delay()
            if delay is not None:
                await anyio.sleep(delay)
        finally:
            self._renewal_scheduled = False
        if delay is None:
            return True
        with anyio.move_on_after(JWT_RENEWAL_TIMEOUT):
            try:
                await self._renew(fetch_token, self._token, in_background=True)
            except ArangoError:  # the next call logs in itself, and raises if it fails too
                return False
            return True
        return False
