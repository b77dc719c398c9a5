"""The HTTP response record that every :class:`~arango_anyio.http.HTTPClient` returns."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from arango_anyio import _serde

_UNSET: Any = object()


class Response:
    """An HTTP response from ArangoDB.

    ``raw_body`` is the body as received (``str`` or ``bytes``); :attr:`body` is it
    deserialized (JSON by default), computed once on first access. A body that is not JSON
    (an HTML error page from a proxy, say) leaves :attr:`body` as the raw text.
    """

    __slots__ = (
        "_body",
        "_deserializer",
        "headers",
        "host",
        "method",
        "raw_body",
        "status_code",
        "status_text",
        "url",
    )

    def __init__(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        status_code: int,
        status_text: str,
        raw_body: str | bytes,
    ) -> None:
        #: The request's HTTP method, upper-case.
        self.method = method.upper()
        #: The URL requested.
        self.url = url
        #: The response headers.
        self.headers = headers
        #: The HTTP status, e.g. ``200``.
        self.status_code = status_code
        #: The HTTP reason phrase, e.g. ``"OK"``.
        self.status_text = status_text
        #: The body as received (``str`` or ``bytes``).
        self.raw_body = raw_body
        self._body: Any = _UNSET
        self._deserializer: _serde.Deserializer = _serde.loads
        #: The host (e.g. ``http://c1:8529``) that answered; set by the connection.
        self.host: str | None = None

    @property
    def is_success(self) -> bool:
        """True for a 2xx status."""
        return 200 <= self.status_code < 300

    @property
    def body(self) -> Any:
        """The deserialized body (``None`` when empty, the raw text when it is not JSON)."""
        if self._body is _UNSET:
            raw = self.raw_body
            if not raw:
                self._body = None
            else:
                try:
                    self._body = self._deserializer(raw)
                except ValueError:
                    self._body = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
        return self._body

    @body.setter
    def body(self, value: Any) -> None:
        self._body = value

    def header(self, name: str, default: str | None = None) -> str | None:
        """A header value by case-insensitive name."""
        headers = self.headers
        value = headers.get(name)
        if value is None:
            lowered = name.lower()
            value = headers.get(lowered)
            if value is None and type(headers) is dict:  # a plain dict may use any case
                value = next((v for k, v in headers.items() if k.lower() == lowered), None)
        return default if value is None else value

    @property
    def error_code(self) -> int | None:
        """ArangoDB's ``errorNum`` when the body carries one."""
        body = self.body
        if isinstance(body, dict):
            num = body.get("errorNum")
            if isinstance(num, int) and not isinstance(num, bool):
                return num
        return None

    @property
    def error_message(self) -> str | None:
        """ArangoDB's ``errorMessage`` when the body carries one."""
        body = self.body
        if isinstance(body, dict):
            msg = body.get("errorMessage")
            if isinstance(msg, str):
                return msg
        return None

    def __repr__(self) -> str:
        return f"<Response [{self.status_code} {self.status_text}] {self.method} {self.url}>"
