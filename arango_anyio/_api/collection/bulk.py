"""Many documents at once: insert/update/replace/delete/get many, import_bulk.

Every bulk write takes ``batch_size=`` (split the input) and ``concurrency=`` (send that many
batches at once, inside an AnyIO task group; the client's host resolver spreads them over the
coordinators). Results come back in input order. When a batch fails as a whole, no further
batch is sent, the batches already in flight are allowed to finish (so their outcome is known),
and :class:`~arango_anyio.exceptions.BulkOperationError` reports for every input document
whether it was written, failed, not sent, or is unknown. Cancellation propagates unchanged;
a :class:`~arango_anyio.BulkReport` passed as ``report=`` tells what was written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import repeat
from typing import Any, Literal, overload

from arango_anyio._api.collection.base import ensure_option
from arango_anyio._api.collection.bulk_engine import (
    BatchOutcome,
    BulkEngineMixin,
    Progress,
    document_error,
    document_list,
    is_single_request,
)
from arango_anyio._api.collection.documents import OVERWRITE_MODES, write_params
from arango_anyio._api.collection.report import BulkReport, DocumentStatus, Statuses
from arango_anyio._api.group import Json, dirty_read
from arango_anyio._executors.handling import raise_unless_success
from arango_anyio.exceptions import (
    ArangoServerError,
    DocumentDeleteError,
    DocumentGetError,
    DocumentInsertError,
    DocumentReplaceError,
    DocumentUpdateError,
    InvalidArgumentError,
)
from arango_anyio.request import Request
from arango_anyio.response import Response

ON_DUPLICATE = ("error", "update", "replace", "ignore")


class BulkMixin(BulkEngineMixin):
    """Bulk document operations."""

    # -- the public calls ------------------------------------------------------------------

    @overload
    async def insert_many(self, documents: Iterable[Json], *, return_new: bool = False,
                          sync: bool | None = None, silent: Literal[True], overwrite: bool = False,
                          return_old: bool = False, overwrite_mode: str | None = None,
                          keep_none: bool | None = None, merge: bool | None = None,
                          refill_index_caches: bool | None = None,
                          version_attribute: str | None = None,
                          raise_on_document_error: bool = False, batch_size: int | None = None,
                          concurrency: int | None = None, report: BulkReport | None = None,
                          progress: Progress | None = None) -> bool: ...
    @overload
    async def insert_many(self, documents: Iterable[Json], *, return_new: bool = False,
                          sync: bool | None = None, silent: Literal[False] = False,
                          overwrite: bool = False, return_old: bool = False,
                          overwrite_mode: str | None = None, keep_none: bool | None = None,
                          merge: bool | None = None, refill_index_caches: bool | None = None,
                          version_attribute: str | None = None,
                          raise_on_document_error: Literal[True], batch_size: int | None = None,
                          concurrency: int | None = None, report: BulkReport | None = None,
                          progress: Progress | None = None) -> list[Json]: ...
    @overload
    async def insert_many(self, documents: Iterable[Json], *, return_new: bool = False,
                          sync: bool | None = None, silent: Literal[False] = False,
                          overwrite: bool = False, return_old: bool = False,
                          overwrite_mode: str | None = None, keep_none: bool | None = None,
                          merge: bool | None = None, refill_index_caches: bool | None = None,
                          version_attribute: str | None = None,
                          raise_on_document_error: Literal[False] = False,
                          batch_size: int | None = None, concurrency: int | None = None,
                          report: BulkReport | None = None,
                          progress: Progress | None = None) -> list[Json | ArangoServerError]: ...
    @overload
    async def insert_many(self, documents: Iterable[Json], *, return_new: bool = False,
                          sync: bool | None = None, silent: bool = False, overwrite: bool = False,
                          return_old: bool = False, overwrite_mode: str | None = None,
                          keep_none: bool | None = None, merge: bool | None = None,
                          refill_index_caches: bool | None = None,
                          version_attribute: str | None = None,
                          raise_on_document_error: bool = False, batch_size: int | None = None,
                          concurrency: int | None = None, report: BulkReport | None = None,
                          progress: Progress | None = None
                         ) -> list[Json | ArangoServerError] | bool: ...
    async def insert_many(
        self,
        documents: Iterable[Json],
        *,
        return_new: bool = False,
        sync: bool | None = None,
        silent: bool = False,
        overwrite: bool = False,
        return_old: bool = False,
        overwrite_mode: str | None = None,
        keep_none: bool | None = None,
        merge: bool | None = None,
        refill_index_caches: bool | None = None,
        version_attribute: str | None = None,
        raise_on_document_error: bool = False,
        batch_size: int | None = None,
        concurrency: int | None = None,
        report: BulkReport | None = None,
        progress: Progress | None = None,
    ) -> list[Json] | list[Json | ArangoServerError] | bool:
        """Insert many documents; returns, in input order, each document's metadata or its
        :class:`DocumentInsertError` (True with ``silent``).

        :param raise_on_document_error: raise the first per-document error instead.
        :param batch_size: send at most this many documents per request.
        :param concurrency: send up to this many batches at once (without ``batch_size``
            the input is split into ``concurrency`` batches).
        :param report: a :class:`BulkReport` to fill (readable during and after the call,
            also after cancellation).
        :param progress: called with the report after each batch is answered.
        :raises BulkOperationError: (with ``batch_size``/``concurrency``) a batch failed;
            the error's report says which documents were written.
        """
        ensure_option("overwrite_mode", overwrite_mode, OVERWRITE_MODES)
        params = write_params(
            sync=sync, silent=silent, return_new=return_new, return_old=return_old,
            refill_index_caches=refill_index_caches, version_attribute=version_attribute,
            overwrite=overwrite or None, overwriteMode=overwrite_mode, keepNull=keep_none,
            mergeObjects=merge,
        )
        return await self._many(
            "insert_many", "POST", documents, self._insert_bodies, params,
            DocumentInsertError, revision_errors=False, silent=silent, batch_size=batch_size,
            concurrency=concurrency, report=report, progress=progress,
            raise_on_document_error=raise_on_document_error,
        )

    @overload
    async def update_many(self, documents: Iterable[Json], *, check_rev: bool = True,
                          merge: bool = True, keep_none: bool = True, return_new: bool = False,
                          return_old: bool = False, sync: bool | None = None, silent: Literal[True],
                          refill_index_caches: bool | None = None,
                          raise_on_document_error: bool = False,
                          version_attribute: str | None = None, batch_size: int | None = None,
                          concurrency: int | None = None, report: BulkReport | None = None,
                          progress: Progress | None = None) -> bool: ...
    @overload
    async def update_many(self, documents: Iterable[Json], *, check_rev: bool = True,
                          merge: bool = True, keep_none: bool = True, return_new: bool = False,
                          return_old: bool = False, sync: bool | None = None,
                          silent: Literal[False] = False, refill_index_caches: bool | None = None,
                          raise_on_document_error: Literal[True],
                          version_attribute: str | None = None, batch_size: int | None = None,
                          concurrency: int | None = None, report: BulkReport | None = None,
                          progress: Progress | None = None) -> list[Json]: ...
    @overload
    async def update_many(self, documents: Iterable[Json], *, check_rev: bool = True,
                          merge: bool = True, keep_none: bool = True, return_new: bool = False,
                          return_old: bool = False, sync: bool | None = None,
                          silent: Literal[False] = False, refill_index_caches: bool | None = None,
                          raise_on_document_error: Literal[False] = False,
                          version_attribute: str | None = None, batch_size: int | None = None,
                          concurrency: int | None = None, report: BulkReport | None = None,
                          progress: Progress | None = None) -> list[Json | ArangoServerError]: ...
    @overload
    async def update_many(self, documents: Iterable[Json], *, check_rev: bool = True,
                          merge: bool = True, keep_none: bool = True, return_new: bool = False,
                          return_old: bool = False, sync: bool | None = None, silent: bool = False,
                          refill_index_caches: bool | None = None,
                          raise_on_document_error: bool = False,
                          version_attribute: str | None = None, batch_size: int | None = None,
                          concurrency: int | None = None, report: BulkReport | None = None,
                          progress: Progress | None = None
                         ) -> list[Json | ArangoServerError] | bool: ...
    async def update_many(
        self,
        documents: Iterable[Json],
        *,
        check_rev: bool = True,
        merge: bool = True,
        keep_none: bool = True,
        return_new: bool = False,
        return_old: bool = False,
        sync: bool | None = None,
        silent: bool = False,
        refill_index_caches: bool | None = None,
        raise_on_document_error: bool = False,
        version_attribute: str | None = None,
        batch_size: int | None = None,
        concurrency: int | None = None,
        report: BulkReport | None = None,
        progress: Progress | None = None,
    ) -> list[Json] | list[Json | ArangoServerError] | bool:
        """Update many documents (each with ``_key`` or ``_id``); results in input order,
        per-document errors as :class:`DocumentUpdateError`/:class:`DocumentRevisionError`.
        Batching as in :meth:`insert_many`."""
        params = write_params(
            sync=sync, silent=silent, return_new=return_new, return_old=return_old,
            refill_index_caches=refill_index_caches, version_attribute=version_attribute,
            keepNull=keep_none, mergeObjects=merge, ignoreRevs=not check_rev,
        )
        return await self._many(
            "update_many", "PATCH", documents, self._with_keys, params, DocumentUpdateError,
            revision_errors=True, silent=silent, batch_size=batch_size,
            concurrency=concurrency, report=report, progress=progress,
            raise_on_document_error=raise_on_document_error,
        )

    @overload
    async def replace_many(self, documents: Iterable[Json], *, check_rev: bool = True,
                           return_new: bool = False, return_old: bool = False,
                           sync: bool | None = None, silent: Literal[True],
                           refill_index_caches: bool | None = None,
                           version_attribute: str | None = None,
                           raise_on_document_error: bool = False, batch_size: int | None = None,
                           concurrency: int | None = None, report: BulkReport | None = None,
                           progress: Progress | None = None) -> bool: ...
    @overload
    async def replace_many(self, documents: Iterable[Json], *, check_rev: bool = True,
                           return_new: bool = False, return_old: bool = False,
                           sync: bool | None = None, silent: Literal[False] = False,
                           refill_index_caches: bool | None = None,
                           version_attribute: str | None = None,
                           raise_on_document_error: Literal[True], batch_size: int | None = None,
                           concurrency: int | None = None, report: BulkReport | None = None,
                           progress: Progress | None = None) -> list[Json]: ...
    @overload
    async def replace_many(self, documents: Iterable[Json], *, check_rev: bool = True,
                           return_new: bool = False, return_old: bool = False,
                           sync: bool | None = None, silent: Literal[False] = False,
                           refill_index_caches: bool | None = None,
                           version_attribute: str | None = None,
                           raise_on_document_error: Literal[False] = False,
                           batch_size: int | None = None, concurrency: int | None = None,
                           report: BulkReport | None = None,
                           progress: Progress | None = None) -> list[Json | ArangoServerError]: ...
    @overload
    async def replace_many(self, documents: Iterable[Json], *, check_rev: bool = True,
                           return_new: bool = False, return_old: bool = False,
                           sync: bool | None = None, silent: bool = False,
                           refill_index_caches: bool | None = None,
                           version_attribute: str | None = None,
                           raise_on_document_error: bool = False, batch_size: int | None = None,
                           concurrency: int | None = None, report: BulkReport | None = None,
                           progress: Progress | None = None
                          ) -> list[Json | ArangoServerError] | bool: ...
    async def replace_many(
        self,
        documents: Iterable[Json],
        *,
        check_rev: bool = True,
        return_new: bool = False,
        return_old: bool = False,
        sync: bool | None = None,
        silent: bool = False,
        refill_index_caches: bool | None = None,
        version_attribute: str | None = None,
        raise_on_document_error: bool = False,
        batch_size: int | None = None,
        concurrency: int | None = None,
        report: BulkReport | None = None,
        progress: Progress | None = None,
    ) -> list[Json] | list[Json | ArangoServerError] | bool:
        """Replace many documents (each with ``_key`` or ``_id``); results in input order,
        per-document errors as :class:`DocumentReplaceError`/:class:`DocumentRevisionError`.
        Batching as in :meth:`insert_many`."""
        params = write_params(
            sync=sync, silent=silent, return_new=return_new, return_old=return_old,
            refill_index_caches=refill_index_caches, version_attribute=version_attribute,
            ignoreRevs=not check_rev,
        )
        return await self._many(
            "replace_many", "PUT", documents, self._with_keys, params, DocumentReplaceError,
            revision_errors=True, silent=silent, batch_size=batch_size,
            concurrency=concurrency, report=report, progress=progress,
            raise_on_document_error=raise_on_document_error,
        )

    @overload
    async def delete_many(self, documents: Iterable[str | Json], *, return_old: bool = False,
                          check_rev: bool = True, sync: bool | None = None, silent: Literal[True],
                          refill_index_caches: bool | None = None,
                          raise_on_document_error: bool = False, batch_size: int | None = None,
                          concurrency: int | None = None, report: BulkReport | None = None,
                          progress: Progress | None = None) -> bool: ...
    @overload
    async def delete_many(self, documents: Iterable[str | Json], *, return_old: bool = False,
                          check_rev: bool = True, sync: bool | None = None,
                          silent: Literal[False] = False, refill_index_caches: bool | None = None,
                          raise_on_document_error: Literal[True], batch_size: int | None = None,
                          concurrency: int | None = None, report: BulkReport | None = None,
                          progress: Progress | None = None) -> list[Json]: ...
    @overload
    async def delete_many(self, documents: Iterable[str | Json], *, return_old: bool = False,
                          check_rev: bool = True, sync: bool | None = None,
                          silent: Literal[False] = False, refill_index_caches: bool | None = None,
                          raise_on_document_error: Literal[False] = False,
                          batch_size: int | None = None, concurrency: int | None = None,
                          report: BulkReport | None = None,
                          progress: Progress | None = None) -> list[Json | ArangoServerError]: ...
    @overload
    async def delete_many(self, documents: Iterable[str | Json], *, return_old: bool = False,
                          check_rev: bool = True, sync: bool | None = None, silent: bool = False,
                          refill_index_caches: bool | None = None,
                          raise_on_document_error: bool = False, batch_size: int | None = None,
                          concurrency: int | None = None, report: BulkReport | None = None,
                          progress: Progress | None = None
                         ) -> list[Json | ArangoServerError] | bool: ...
    async def delete_many(
        self,
        documents: Iterable[str | Json],
        *,
        return_old: bool = False,
        check_rev: bool = True,
        sync: bool | None = None,
        silent: bool = False,
        refill_index_caches: bool | None = None,
        raise_on_document_error: bool = False,
        batch_size: int | None = None,
        concurrency: int | None = None,
        report: BulkReport | None = None,
        progress: Progress | None = None,
    ) -> list[Json] | list[Json | ArangoServerError] | bool:
        """Delete many documents (keys, ``_id`` strings or dicts); results in input order,
        per-document errors as :class:`DocumentDeleteError`/:class:`DocumentRevisionError`.
        Batching as in :meth:`insert_many`."""
        params = write_params(
            sync=sync, silent=silent, return_old=return_old,
            refill_index_caches=refill_index_caches, ignoreRevs=not check_rev,
        )

        def prepare_one(document: Any) -> Any:
            if isinstance(document, str):
                return self._key_of(document)
            body = self._with_key(document)
            if not check_rev:
                body.pop("_rev", None)
            return body

        def prepare(documents: list[Any]) -> list[Any]:
            return [prepare_one(document) for document in documents]

        return await self._many(
            "delete_many", "DELETE", documents, prepare, params, DocumentDeleteError,
            revision_errors=True, silent=silent, batch_size=batch_size,
            concurrency=concurrency, report=report, progress=progress,
            raise_on_document_error=raise_on_document_error,
        )

    def _insert_bodies(self, documents: list[Any]) -> list[Any]:
        """The bodies of an insert: ``documents`` itself when every one is a dict without
        ``_id`` (one pass in C), else each through :meth:`_key_from_id_if_any` (which
        refuses what is not a document)."""
        try:
            simple = not any(map(dict.__contains__, documents, repeat("_id")))
        except TypeError:  # not a dict
            simple = False
        if simple:
            return documents
        return [self._key_from_id_if_any(document) for document in documents]

    def _with_keys(self, documents: list[Any]) -> list[Any]:
        """The bodies of an update/replace: each document with its ``_key``."""
        return [self._with_key(document) for document in documents]

    async def get_many(
        self,
        documents: Iterable[str | Json],
        *,
        allow_dirty_read: bool = False,
        batch_size: int | None = None,
        concurrency: int | None = None,
    ) -> list[Json]:
        """The documents that exist among ``documents`` (keys, ``_id`` strings or dicts), in
        input order; missing ones are left out (as in python-arango).
        ``PUT /_api/document/{collection}?onlyget=true``."""
        keys = [self._key_of(document) for document in document_list("get_many", documents)]
        headers = dirty_read(allow_dirty_read)

        def make_request(batch: list[Any]) -> Request:
            return Request("PUT", self._document_path, params={"onlyget": True}, data=batch,
                           headers=dict(headers) if headers else None, read=self._name)

        def parse(response: Response, request: Request, start: int) -> BatchOutcome:
            raise_unless_success(response, request, DocumentGetError)
            found = [doc for doc in response.body if isinstance(doc, dict) and "_id" in doc]
            # A read records no per-document outcome: its documents stay UNKNOWN.
            return DocumentStatus.UNKNOWN, None, found

        if is_single_request(batch_size, concurrency, None, None):
            request = make_request(keys)
            return await self._execute(request, lambda response: parse(response, request, 0)[2])
        state = await self._run_bulk(
            "get_many", keys, make_request, parse, batch_size=batch_size,
            concurrency=concurrency, report=None, progress=None,
            raise_on_document_error=False,
        )
        return [doc for value in state.values if value for doc in value]

    @overload
    async def import_bulk(self, documents: Iterable[Json], *, halt_on_error: bool = True,
                          details: bool = True, from_prefix: str | None = None,
                          to_prefix: str | None = None, overwrite: bool | None = None,
                          on_duplicate: str | None = None, sync: bool | None = None,
                          batch_size: None = None, concurrency: None = None,
                          report: BulkReport | None = None,
                          progress: Progress | None = None) -> Json: ...
    @overload
    async def import_bulk(self, documents: Iterable[Json], *, halt_on_error: bool = True,
                          details: bool = True, from_prefix: str | None = None,
                          to_prefix: str | None = None, overwrite: bool | None = None,
                          on_duplicate: str | None = None, sync: bool | None = None,
                          batch_size: int, concurrency: int | None = None,
                          report: BulkReport | None = None,
                          progress: Progress | None = None) -> list[Json]: ...
    @overload
    async def import_bulk(self, documents: Iterable[Json], *, halt_on_error: bool = True,
                          details: bool = True, from_prefix: str | None = None,
                          to_prefix: str | None = None, overwrite: bool | None = None,
                          on_duplicate: str | None = None, sync: bool | None = None,
                          batch_size: int | None = None, concurrency: int,
                          report: BulkReport | None = None,
                          progress: Progress | None = None) -> list[Json]: ...
    @overload
    async def import_bulk(self, documents: Iterable[Json], *, halt_on_error: bool = True,
                          details: bool = True, from_prefix: str | None = None,
                          to_prefix: str | None = None, overwrite: bool | None = None,
                          on_duplicate: str | None = None, sync: bool | None = None,
                          batch_size: int | None = None, concurrency: int | None = None,
                          report: BulkReport | None = None,
                          progress: Progress | None = None) -> Json | list[Json]: ...
    async def import_bulk(
        self,
        documents: Iterable[Json],
        *,
        halt_on_error: bool = True,
        details: bool = True,
        from_prefix: str | None = None,
        to_prefix: str | None = None,
        overwrite: bool | None = None,
        on_duplicate: str | None = None,
        sync: bool | None = None,
        batch_size: int | None = None,
        concurrency: int | None = None,
        report: BulkReport | None = None,
        progress: Progress | None = None,
    ) -> Json | list[Json]:
        """Import documents with ``POST /_api/import`` (fast, few details).

        Returns the server's answer (``created``, ``errors``, ``empty``, ``updated``,
        ``ignored``, ``details``), or one answer per batch with ``batch_size``/``concurrency``
        (as python-arango does). ``report=`` records per document whether it was accepted:
        documents named in ``details`` ("at position N") failed; when an answer counts errors
        without naming them (``details=False``) its batch's documents are UNKNOWN.

        :param on_duplicate: ``"error"``, ``"update"``, ``"replace"`` or ``"ignore"``.
        :param overwrite: remove all documents first (not with batches).
        """
        ensure_option("on_duplicate", on_duplicate, ON_DUPLICATE)
        if overwrite and (batch_size is not None or concurrency is not None):
            raise InvalidArgumentError(
                "import_bulk: overwrite=True cannot be combined with batch_size/concurrency "
                "(each batch would truncate the collection)"
            )
        items = [self._key_from_id_if_any(document)
                 for document in document_list("import_bulk", documents)]
        params: dict[str, Any] = {
            "type": "array", "collection": self._name, "complete": halt_on_error,
            "details": details, "fromPrefix": from_prefix, "toPrefix": to_prefix,
            "overwrite": overwrite, "onDuplicate": on_duplicate, "waitForSync": sync,
        }
        def make_request(batch: list[Any]) -> Request:
            return Request("POST", "/_api/import", params=dict(params), data=batch,
                           write=self._name)

        def parse(response: Response, request: Request, start: int) -> BatchOutcome:
            raise_unless_success(response, request, DocumentInsertError)
            body: Json = response.body
            statuses, results = _import_outcome(body, len(request.data), response, request)
            return statuses, results, body

        if is_single_request(batch_size, concurrency, report, progress):
            request = make_request(items)
            return await self._execute(request, lambda response: parse(response, request, 0)[2])
        state = await self._run_bulk(
            "import_bulk", items, make_request, parse, batch_size=batch_size,
            concurrency=concurrency, report=report, progress=progress,
            raise_on_document_error=False,
        )
        values = state.values
        if batch_size is None and concurrency is None:
            if values:
                single: Json = values[0]
                return single
            return {"error": False, "created": 0, "errors": 0, "empty": 0, "updated": 0,
                    "ignored": 0, **({"details": []} if details else {})}
        return list(values)


_POSITION = re.compile(r"^at position (\d+): ")


def _import_outcome(body: Json, count: int, response: Response, request: Request
                    ) -> tuple[Statuses, list[Any] | None]:
    """Per-document statuses and results of one import answer (positions in ``details`` are
    1-based)."""
    errors = int(body.get("errors", 0) or 0)
    if errors == 0:
        return DocumentStatus.WRITTEN, None
    failed: dict[int, ArangoServerError] = {}
    for line in body.get("details") or []:
        match = _POSITION.match(line) if isinstance(line, str) else None
        if match is None:
            continue
        index = int(match.group(1)) - 1
        if 0 <= index < count:
            entry = {"error": True, "errorNum": None, "errorMessage": line}
            failed[index] = document_error(response, request, entry, DocumentInsertError)
    if len(failed) != errors:
        return DocumentStatus.UNKNOWN, None
    statuses = [DocumentStatus.WRITTEN] * count
    results: list[Any] = [None] * count
    for index, error in failed.items():
        statuses[index] = DocumentStatus.FAILED
        results[index] = error
    return statuses, results

