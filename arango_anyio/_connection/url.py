"""Building URL paths safely from user-supplied names."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from arango_anyio.exceptions import InvalidArgumentError

# Characters ``quote(..., safe="")`` leaves alone: such a value needs no encoding.
_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]+").fullmatch
# Control characters (CR, LF, NUL, ESC, DEL, ...): never in a header name or value.
_CONTROL = re.compile("[\x00-\x1f\x7f]").search


def check_header(name: str, value: str) -> None:
    """Refuse a header whose name or value holds a control character (CR and LF would split
    the head; NUL and the others are refused by servers and proxies alike), before anything
    is sent."""
    if not isinstance(name, str) or not isinstance(value, str):
        raise InvalidArgumentError(f"header {name!r} must be a string with a string value")
    if _CONTROL(name) or _CONTROL(value):
        raise InvalidArgumentError(
            f"header {name!r}: a control character (CR, LF, NUL, ...) in its name or value")


def segment(value: str, what: str = "name") -> str:
    """Percent-encode ``value`` as ONE path segment (``/``, ``?``, ``#``, ``%`` and ``..``
    can never change the route). Empty values, ``.``, ``..`` and non-strings are refused
    with :class:`InvalidArgumentError` before anything is sent."""
    if type(value) is str and _UNRESERVED(value) and value not in (".", ".."):
        return value
    if not isinstance(value, str):
        raise InvalidArgumentError(f"{what} must be a string, got {type(value).__name__}")
    if not value:
        raise InvalidArgumentError(f"{what} must not be empty")
    if value in (".", ".."):
        raise InvalidArgumentError(f"{what} {value!r} is not allowed")
    return quote(value, safe="")


def key_segment(key: str) -> str:
    """A document key as one path segment. Keys may be ``.`` or ``..`` (legal in ArangoDB):
    those are sent as ``%2E``/``%2E%2E`` so no URL normalization drops them."""
    if key in (".", ".."):
        return key.replace(".", "%2E")
    return segment(key, "document key")


def format_params(params: dict[str, object]) -> dict[str, str]:
    """Query arguments as strings (``True`` -> ``true``); ``None`` values are dropped."""
    out: dict[str, str] = {}
    for key, value in params.items():
        if value is None:
            continue
        if value is True:
            out[key] = "true"
        elif value is False:
            out[key] = "false"
        else:
            out[key] = str(value)
    return out


def redact_url(url: str) -> str:
    """``url`` with any credentials before the host replaced by ``***``."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    authority, slash, path = rest.partition("/")
    if "@" not in authority:
        return url
    return f"{scheme}{sep}***@{authority.rpartition('@')[2]}{slash}{path}"


def host_credentials_error(host: str) -> str | None:
    """Why ``host`` can't be a host URL because it carries credentials
    (``http://user:pw@c1:8529``), or None. The message never shows them."""
    try:
        parts = urlsplit(host if "://" in host else "//" + host)
        has_credentials = parts.username is not None or parts.password is not None
    except ValueError:
        has_credentials = "@" in host.partition("://")[2].partition("/")[0]
    if not has_credentials:
        return None
    return (f"host {redact_url(host)!r} carries credentials in its URL: give the host without "
            "them and pass username= and password= to client.db() (a URL is shown in logs, "
            "errors and statistics; a password must not be)")
