"""The emulator's request and response records, shared by every front end.

Front ends (the in-process HTTP client, the loopback server) turn bytes into an
:class:`EmuRequest`, call :meth:`Emulator.handle`, and turn the :class:`EmuResponse` back into
bytes. Handlers never see sockets.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from arango_anyio import _serde
from arango_anyio.testing._protocol.errors import EmuError


class EmuRequest:
    """One HTTP request as the emulator sees it.

    ``path`` is the raw (still percent-encoded) path without the query string; routing splits it
    on ``/`` first and decodes each segment afterwards, as ArangoDB does, so an encoded ``/`` in a
    key never changes the route. ``params`` holds the decoded query arguments (last one wins),
    ``headers`` lower-cased names. ``coordinator`` names the coordinator that received it.
    """

    __slots__ = (
        "_json",
        "body",
        "client_gone",
        "coordinator",
        "db_name",
        "headers",
        "method",
        "params",
        "path",
        "route_path",
        "user",
    )

    def __init__(
        self,
        method: str,
        path: str,
        params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        body: bytes = b"",
        coordinator: str = "c0",
    ) -> None:
        self.method = method.upper()
        self.path = path
        self.params = params if params is not None else {}
        self.headers = headers if headers is not None else {}
        self.body = body
        self.coordinator = coordinator
        self.db_name = "_system"
        self.route_path = path
        self.user: str | None = None
        #: set by a front end that can tell: True once the client has hung up (long work
        #: checks it and stops, as the server kills the query of a closed connection)
        self.client_gone: Callable[[], bool] = never_gone
        self._json: Any = _MISSING

    def json(self) -> Any:
        """The body parsed as JSON (``None`` when empty); a bad body raises EmuError 600."""
        if self._json is _MISSING:
            body = self.body
            if not body.strip():
                self._json = None
            else:
                try:
                    value = _serde.loads(body)
                except (ValueError, RecursionError):
                    if _brackets(body) >= MAX_NESTING:
                        raise EmuError(600, TOO_DEEP, http_code=400) from None
                    raise EmuError(600, _vpack_error(body), http_code=400) from None
                if _brackets(body) >= MAX_NESTING and nesting_exceeds(value, MAX_NESTING):
                    raise EmuError(600, TOO_DEEP, http_code=400)
                self._json = value
        return self._json

    def flag(self, name: str, default: bool = False) -> bool:
        """A boolean query argument (``default`` when absent); see :func:`parse_flag`."""
        value = self.params.get(name)
        return default if value is None else parse_flag(value)

    def optional_flag(self, name: str) -> bool | None:
        """A boolean query argument, or None when it is absent."""
        value = self.params.get(name)
        return None if value is None else parse_flag(value)

    def segments(self) -> list[str]:
        """The route path split on ``/`` and then percent-decoded, segment by segment."""
        return [unquote(part) for part in self.route_path.split("/") if part != ""]


_MISSING: Any = object()


def never_gone() -> bool:
    """The ``client_gone`` of a request nobody waits on the connection for (in-process, or a
    stored async job): always False."""
    return False

#: The deepest nesting of arrays and objects the server reads ("slightly below 200").
MAX_NESTING = 200
TOO_DEEP = "VPackError error: Too deep nesting in Array/Object"


def _brackets(body: bytes) -> int:
    """How many arrays and objects ``body`` may open at most (a cheap upper bound)."""
    return body.count(b"[") + body.count(b"{")


def nesting_exceeds(value: Any, limit: int) -> bool:
    """True when ``value`` nests arrays and objects ``limit`` levels deep or more (checked
    without recursion, stopping at the first such path)."""
    pending: list[tuple[Any, int]] = [(value, 1)] if isinstance(value, (dict, list)) else []
    while pending:
        item, depth = pending.pop()
        if depth >= limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        pending.extend((child, depth + 1) for child in children
                       if isinstance(child, (dict, list)))
    return False


#: What the server reads as a true boolean query argument (``StringUtils::boolean``).
_TRUE_WORDS = frozenset(("true", "yes", "on", "y", "1"))


def parse_flag(value: str) -> bool:
    """A boolean query argument's value as the server reads it: ``true``, ``yes``, ``on``,
    ``y`` and ``1`` (any case) are true, everything else false."""
    return value.strip().lower() in _TRUE_WORDS


class EmuResponse:
    """One HTTP response from the emulator. ``body`` is the encoded bytes."""

    __slots__ = ("body", "headers", "status")

    def __init__(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None):
        self.status = status
        self.body = body
        self.headers = headers if headers is not None else {}

    def __repr__(self) -> str:
        return f"<EmuResponse {self.status} {self.body[:80]!r}>"


def _vpack_error(body: bytes) -> str | None:
    """The server's parser message for a bad JSON body where it is known ("VPackError error:
    Expecting '"' or '}'"); ``None`` (the generic "invalid JSON object") otherwise."""
    try:
        json.loads(body)
    except json.JSONDecodeError as exc:
        before = exc.doc[:exc.pos].rstrip()[-1:]
        if exc.msg.startswith("Expecting property name"):
            message = {"{": "Expecting '\"' or '}'", ",": "Expecting '\"'"}.get(before)
            return f"VPackError error: {message}" if message else None
        if exc.msg == "Expecting ':' delimiter":
            return "VPackError error: Expecting ':'"
    except ValueError:
        return None
    return None


def json_response(status: int, payload: Any, headers: dict[str, str] | None = None) -> EmuResponse:
    """A JSON answer with ArangoDB's content type."""
    hdrs = {"content-type": "application/json; charset=utf-8"}
    if headers:
        hdrs.update(headers)
    return EmuResponse(status, _serde.dumps(payload), hdrs)


def result_response(status: int, payload: dict[str, Any], headers: dict[str, str] | None = None
                    ) -> EmuResponse:
    """A JSON answer with ``error: false`` and ``code`` added, as most endpoints give."""
    body = {"error": False, "code": status}
    body.update(payload)
    return json_response(status, body, headers)


def error_response(error: EmuError) -> EmuResponse:
    """The server's error body: ``{"code", "error": true, "errorMessage", "errorNum"}``."""
    return json_response(
        error.http_code,
        {
            "code": error.http_code,
            "error": True,
            "errorMessage": error.message,
            "errorNum": error.error_num,
        },
    )
