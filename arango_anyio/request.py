"""The request record that API groups build and the connection sends."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS"})


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

    :ivar prepared: the serialized body once the connection prepared the request (then sent
        as is).
    """

    __slots__ = (
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
        #: The serialized body once the connection prepared the request.
        self.prepared: str | bytes | None = None

    def __repr__(self) -> str:
        return f"<Request {self.method} {self.endpoint}>"
