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
        "_not_json",
        "body_is_json",
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
        self._not_json: str | None = None
        #: True once :attr:`body` was read and a non-empty body parsed as JSON.
        self.body_is_json = False
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
        body = self._body
        if body is _UNSET:
            raw = self.raw_body
            if not raw:
                body = None
            else:
                try:
                    body = self._deserializer(raw)
                except ValueError as exc:
                    self._not_json = f"not JSON ({str(exc)[:200]})"
                    body = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
                else:
                    self.body_is_json = True
            self._body = body
        return body

    @body.setter
    def body(self, value: Any) -> None:
        self._body = value

    def unusable_body(self) -> str | None:
        """For a 2xx answer its API method has handled: why its body can't be the JSON the
        method expects, or None.

        If the method read :attr:`body`: a body that was not JSON, or an empty one (unless
        204 or an answer to HEAD). If it did not (some answers are empty by design): a body
        that says it is JSON or HTML, or says nothing, and does not parse -- an HTML page from
        a proxy, cut-off JSON; other content types (metrics text, a zip, a dump) are for the
        method to read raw.
        """
        if self.body_is_json:
            return None
        body = self._body
        if body is _UNSET:  # the method did not read it
            if not self.raw_body:
                return None
            kind = self.header("content-type")
            if kind is None or "json" in kind or "html" in kind:
                _ = self.body  # parses it (and sets _not_json when it is not JSON)
            return self._not_json
        if self._not_json is not None:
            return self._not_json
        if not self.raw_body and self.status_code != 204 and self.method != "HEAD":
            return "an empty body"
        return None

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
