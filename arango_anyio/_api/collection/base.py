"""What every collection API group shares: its name and turning documents into URLs safely."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from arango_anyio._api.group import ApiGroup, Json
from arango_anyio._connection.connection import Connection
from arango_anyio._connection.url import key_segment, segment
from arango_anyio._executors.base import Executor
from arango_anyio.exceptions import DocumentParseError, InvalidArgumentError


def ensure_document(document: Any, what: str = "document") -> Mapping[str, Any]:
    """``document`` when it is a dict (or any mapping), else :class:`DocumentParseError`."""
    if not isinstance(document, Mapping):
        raise DocumentParseError(
            f"{what} must be a dict, got {type(document).__name__}: {_short(document)}"
        )
    return document


def ensure_option(name: str, value: Any, allowed: tuple[Any, ...]) -> None:
    """Refuse an option value outside ``allowed`` (``None`` is always allowed)."""
    if value is not None and value not in allowed:
        raise InvalidArgumentError(f"{name} must be one of {allowed}, got {value!r}")


def ensure_count(name: str, value: Any, *, minimum: int = 0) -> None:
    """Refuse a value that is not ``None`` or an int >= ``minimum``."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidArgumentError(f"{name} must be an int >= {minimum}, got {value!r}")


def document_id(document: Any, what: str) -> str:
    """The ``_id`` named by ``document`` (a ``"collection/key"`` string or a dict with
    ``_id``); ``what`` names it in the error."""
    doc_id = document.get("_id") if isinstance(document, Mapping) else document
    if not isinstance(doc_id, str):
        raise DocumentParseError(f'{what} must be an "_id" string or a dict with "_id"')
    name, sep, key = doc_id.partition("/")
    if not sep or not name or not key:
        raise DocumentParseError(f"bad {what} ID {doc_id!r} (expected 'collection/key')")
    return doc_id


def collection_of(document: Any, what: str) -> str:
    """The collection named by the ``_id`` of ``document`` (see :func:`document_id`)."""
    return document_id(document, what).partition("/")[0]


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class CollectionBase(ApiGroup):
    """A collection handle: its name and how documents map to ``_id``/key and URLs.

    Creating one does no I/O.
    """

    def __init__(self, connection: Connection, executor: Executor, name: str) -> None:
        super().__init__(connection, executor)
        if not isinstance(name, str) or not name:
            raise InvalidArgumentError(f"collection name must be a non-empty string: {name!r}")
        self._name = name
        self._document_path_cache: str | None = None

    @property
    def name(self) -> str:
        """The collection name."""
        return self._name

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._name}>"

    # -- URL building ---------------------------------------------------------------------

    @property
    def _name_segment(self) -> str:
        return segment(self._name, "collection name")

    @property
    def _collection_path(self) -> str:
        return f"/_api/collection/{self._name_segment}"

    @property
    def _document_path(self) -> str:
        path = self._document_path_cache
        if path is None:  # built on first use: a bad name raises when a call is made
            path = self._document_path_cache = f"/_api/document/{self._name_segment}"
        return path

    def _key_path(self, key: str) -> str:
        return f"{self._document_path}/{key_segment(key)}"

    # -- documents to keys ----------------------------------------------------------------

    def _key_from_id(self, doc_id: Any) -> str:
        """The key of ``doc_id`` (``"collection/key"``); refuses ids of other collections."""
        if not isinstance(doc_id, str):
            raise DocumentParseError(f"document _id must be a string, got {_short(doc_id)}")
        name, sep, key = doc_id.partition("/")
        if not sep or name != self._name:
            raise DocumentParseError(
                f"bad collection name in document ID {doc_id!r} (expected {self._name!r})"
            )
        return self._check_key(key)

    @staticmethod
    def _check_key(key: Any) -> str:
        if not isinstance(key, str):
            raise DocumentParseError(f"document key must be a string, got {_short(key)}")
        if not key:
            raise DocumentParseError("document key must not be empty")
        return key

    def _key_of(self, document: Any) -> str:
        """The key named by ``document``: a key, an ``_id`` string, or a dict with
        ``_key``/``_id`` (both must agree when both are given)."""
        if isinstance(document, str):
            if "/" in document:
                return self._key_from_id(document)
            return self._check_key(document)
        body = ensure_document(document, "document")
        if "_key" in body and body["_key"] is not None:
            key = self._check_key(body["_key"])
            if "_id" in body and body["_id"] is not None and self._key_from_id(body["_id"]) != key:
                raise DocumentParseError(
                    f"document _key {key!r} and _id {body['_id']!r} disagree"
                )
            return key
        if "_id" in body and body["_id"] is not None:
            return self._key_from_id(body["_id"])
        raise DocumentParseError('document must have a "_key" or "_id" field')

    def _prepare(self, document: Any, rev: str | None, check_rev: bool
                 ) -> tuple[str, dict[str, str]]:
        """The key and the ``If-Match`` header for a read/delete of ``document``."""
        key = self._key_of(document)
        if rev is None and isinstance(document, Mapping):
            rev = document.get("_rev")
        headers: dict[str, str] = {}
        if check_rev and rev is not None:
            if not isinstance(rev, str) or not rev:
                raise DocumentParseError(f"revision must be a non-empty string: {_short(rev)}")
            headers["If-Match"] = rev
        return key, headers

    def _with_key(self, document: Any) -> Json:
        """A copy of ``document`` that has ``_key`` (taken from ``_id`` when missing)."""
        body = dict(ensure_document(document))
        body["_key"] = self._key_of(body)
        return body

    def _key_from_id_if_any(self, document: Any) -> Json:
        """``document`` for an insert: ``_key`` filled from ``_id`` when only ``_id`` is set
        (an ``_id`` of another collection is refused)."""
        body = ensure_document(document)
        if body.get("_id") is not None:
            key = self._key_from_id(body["_id"])
            if body.get("_key") is not None and body["_key"] != key:
                raise DocumentParseError(
                    f"document _key {body['_key']!r} and _id {body['_id']!r} disagree"
                )
            copy = dict(body)
            copy["_key"] = key
            return copy
        return body if isinstance(body, dict) else dict(body)

    @staticmethod
    def _rename_old_rev(body: Any) -> Any:
        """python-arango returns ``_old_rev`` for the server's ``_oldRev``."""
        if isinstance(body, dict) and "_oldRev" in body:
            body["_old_rev"] = body.pop("_oldRev")
        return body

