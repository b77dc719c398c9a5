"""The request record that API groups build and the connection sends."""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

from arango_anyio.response import Response

_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS"})
#: Body fields whose values are secrets: masked in the copy errors keep (:meth:`redacted`).
SECRET_FIELDS = frozenset({"password", "passwd", "jwt", "token", "secret"})
_MASK = "***"

#: What undoes a request's effect once its answer is known: the request that removes what it
#: created (a cursor, a stream transaction), or None when there is nothing to remove.
Cleanup = Callable[[Response], "Request | None"]


class Request:
    """One API call as the driver describes it, before a host and auth are chosen.

    :param method: HTTP method.
    :param endpoint: path below the database, e.g. ``/_api/document/users/1`` (already
        percent-encoded, one path segment at a time).
    :param params: query arguments; ``bool`` values are written ``true``/``false``.
    :param data: a JSON-serializable body, or ready ``str``/``bytes``.
    :param headers: extra headers.
    :param read: collections read (kept for transactions and documentation).
    :param write: collections written.
    :param host: pin the request to this host (cursors, transactions, jobs).
    :param idempotent: may be re-sent after its bytes reached the server; defaults to True
        for GET/HEAD/OPTIONS only.
    :param raw_body: send ``data`` as is (``str``/``bytes``) without JSON serialization.
    :param cleanup: for a request that creates server-side state: given the answer, the
        request that removes it. When the caller is cancelled after the request was sent,
        the client reads the answer in its task group and sends that request (see
        ``docs/reliability.md``).

    :ivar prepared: the serialized body once the connection prepared the request (then sent
        as is).
    """

    __slots__ = (
        "_redacted",
        "cleanup",
        "data",
        "endpoint",
        "headers",
        "host",
        "idempotent",
        "method",
        "params",
        "prepared",
        "raw_body",
        "read",
        "write",
    )

    def __init__(
        self,
        method: str,
        endpoint: str,
        *,
        params: MutableMapping[str, Any] | None = None,
        data: Any = None,
        headers: MutableMapping[str, str] | None = None,
        read: str | list[str] | None = None,
        write: str | list[str] | None = None,
        host: str | None = None,
        idempotent: bool | None = None,
        raw_body: bool = False,
        cleanup: Cleanup | None = None,
    ) -> None:
        #: HTTP method.
        self.method = method
        #: Path below the database, percent-encoded.
        self.endpoint = endpoint
        #: Query arguments.
        self.params = params
        #: The body before serialization.
        self.data = data
        #: Extra headers.
        self.headers = headers
        #: Collections read.
        self.read = read
        #: Collections written.
        self.write = write
        #: The host the request is pinned to, if any.
        self.host = host
        #: Whether it may be re-sent after its bytes reached the server.
        self.idempotent = method in _IDEMPOTENT if idempotent is None else idempotent
        #: Send ``data`` as is, without JSON serialization.
        self.raw_body = raw_body
        #: Undoes what the request created when its caller is cancelled while the answer is
        #: awaited (see the ``cleanup`` parameter).
        self.cleanup = cleanup
        #: The serialized body once the connection prepared the request.
        self.prepared: str | bytes | None = None

    def __repr__(self) -> str:
        return f"<Request {self.method} {self.endpoint}>"

    def redacted(self) -> Request:
        """This request, or a copy of it whose secret body fields (``password``, ``passwd``,
        ``jwt``, ``token``, ``secret``, at any depth) read ``"***"`` and whose serialized body
        is dropped. What an exception keeps, so a caught error never shows a password.

        Lists longer than 64 entries (document batches) are not searched."""
        redacted: Request | None = getattr(self, "_redacted", None)  # (set on first use)
        if redacted is None:
            redacted = self
            if _has_secret(self.data, 0):
                redacted = Request(self.method, self.endpoint, params=self.params,
                                   data=_mask(self.data), headers=self.headers, read=self.read,
                                   write=self.write, host=self.host,
                                   idempotent=self.idempotent, raw_body=self.raw_body)
            self._redacted = redacted
        return redacted


_SCAN_ITEMS = 64
_SCAN_DEPTH = 4


def _has_secret(data: Any, depth: int) -> bool:
    if depth > _SCAN_DEPTH:
        return False
    if isinstance(data, Mapping):
        return any(key in SECRET_FIELDS or _has_secret(value, depth + 1)
                   for key, value in data.items())
    if isinstance(data, list | tuple) and len(data) <= _SCAN_ITEMS:
        return any(_has_secret(item, depth + 1) for item in data)
    return False


def _mask(data: Any) -> Any:
    if isinstance(data, Mapping):
        return {key: _MASK if key in SECRET_FIELDS else _mask(value)
                for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_mask(item) for item in data]
    return data
