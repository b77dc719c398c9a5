"""Single documents: get, has, insert, update, replace, delete."""

from __future__ import annotations

from typing import Any, Literal, overload

from arango_anyio._api.collection.base import CollectionBase, ensure_document, ensure_option
from arango_anyio._api.group import DIRTY_READ_HEADER, Json
from arango_anyio._executors.handling import ErrorClass, raise_unless_success
from arango_anyio.errno import DOCUMENT_NOT_FOUND
from arango_anyio.exceptions import (
    DocumentDeleteError,
    DocumentGetError,
    DocumentInError,
    DocumentInsertError,
    DocumentReplaceError,
    DocumentRevisionError,
    DocumentUpdateError,
)
from arango_anyio.request import Request
from arango_anyio.response import Response

OVERWRITE_MODES = ("ignore", "replace", "update", "conflict")


def write_params(
    *,
    sync: bool | None,
    silent: bool,
    return_new: bool | None = None,
    return_old: bool | None = None,
    refill_index_caches: bool | None = None,
    version_attribute: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """Query arguments shared by the document write calls (``None`` values are dropped)."""
    params: dict[str, Any] = {  # false flags are the server's defaults: not sent
        "waitForSync": sync,
        "silent": silent or None,
        "returnNew": return_new or None,
        "returnOld": return_old or None,
        "refillIndexCaches": refill_index_caches,
        "versionAttribute": version_attribute,
    }
    params.update(extra)
    # Dropped here, not only when sending: a plain insert then carries no parameters at all.
    return {key: value for key, value in params.items() if value is not None}


def _is_revision_conflict(response: Response) -> bool:
    """412 (``If-Match`` or ``_rev`` mismatch, errorNum 1200)."""
    return response.status_code == 412


class DocumentsMixin(CollectionBase):
    """Single-document operations (``/_api/document/{collection}/{key}``)."""

    async def get(
        self,
        document: str | Json,
        *,
        rev: str | None = None,
        check_rev: bool = True,
        allow_dirty_read: bool = False,
    ) -> Json | None:
        """The document, or ``None`` when it does not exist.

        :param document: a key, an ``_id``, or a dict with ``_key``/``_id``.
        :param rev: the expected revision (overrides ``document["_rev"]``); with
            ``check_rev`` a different revision raises :class:`DocumentRevisionError`.
        """
        key, headers = self._prepare(document, rev, check_rev)
        if allow_dirty_read:
            headers[DIRTY_READ_HEADER] = "true"
        request = Request("GET", self._key_path(key), headers=headers, read=self._name)

        def handler(response: Response) -> Json | None:
            if response.status_code == 200:
                found: Json = response.body
                return found
            if response.error_code == DOCUMENT_NOT_FOUND:
                return None
            if response.status_code == 412:
                raise DocumentRevisionError(response, request)
            raise_unless_success(response, request, DocumentGetError)
            body: Json = response.body
            return body

        return await self._execute(request, handler)

    async def has(
        self,
        document: str | Json,
        *,
        rev: str | None = None,
        check_rev: bool = True,
        allow_dirty_read: bool = False,
    ) -> bool:
        """True when the document exists (``HEAD``); a revision mismatch raises
        :class:`DocumentRevisionError`."""
        key, headers = self._prepare(document, rev, check_rev)
        if allow_dirty_read:
            headers[DIRTY_READ_HEADER] = "true"
        request = Request("HEAD", self._key_path(key), headers=headers, read=self._name)

        def handler(response: Response) -> bool:
            if response.status_code == 412:
                raise DocumentRevisionError(response, request)
            if response.status_code == 404:
                return False
            raise_unless_success(response, request, DocumentInError)
            return True

        return await self._execute(request, handler)

    @overload
    async def insert(self, document: Json, *, return_new: bool = False, sync: bool | None = None,
                     silent: Literal[False] = False, overwrite: bool = False,
                     return_old: bool = False, overwrite_mode: str | None = None,
                     keep_none: bool | None = None, merge: bool | None = None,
                     refill_index_caches: bool | None = None,
                     version_attribute: str | None = None) -> Json: ...
    @overload
    async def insert(self, document: Json, *, return_new: bool = False, sync: bool | None = None,
                     silent: Literal[True], overwrite: bool = False, return_old: bool = False,
                     overwrite_mode: str | None = None, keep_none: bool | None = None,
                     merge: bool | None = None, refill_index_caches: bool | None = None,
                     version_attribute: str | None = None) -> bool: ...
    @overload
    async def insert(self, document: Json, *, return_new: bool = False, sync: bool | None = None,
                     silent: bool = False, overwrite: bool = False, return_old: bool = False,
                     overwrite_mode: str | None = None, keep_none: bool | None = None,
                     merge: bool | None = None, refill_index_caches: bool | None = None,
                     version_attribute: str | None = None) -> Json | bool: ...
    async def insert(
        self,
        document: Json,
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
    ) -> Json | bool:
        """Insert a document; returns its metadata (``_id``, ``_key``, ``_rev``, and
        ``new``/``old`` when asked), or True with ``silent=True``.

        ``overwrite_mode`` is ``"ignore"``, ``"replace"``, ``"update"`` or ``"conflict"``.
        An ``_id`` of another collection is refused before sending.
        """
        body = self._key_from_id_if_any(document)
        ensure_option("overwrite_mode", overwrite_mode, OVERWRITE_MODES)
        params = write_params(
            sync=sync, silent=silent, return_new=return_new, return_old=return_old,
            refill_index_caches=refill_index_caches, version_attribute=version_attribute,
            overwrite=overwrite or None, overwriteMode=overwrite_mode, keepNull=keep_none,
            mergeObjects=merge,
        )
        request = Request("POST", self._document_path, params=params, data=body,
                          write=self._name)

        def handler(response: Response) -> Json | bool:
            raise_unless_success(response, request, DocumentInsertError)
            if silent:
                return True
            result: Json = self._rename_old_rev(response.body)
            return result

        return await self._execute(request, handler)

    @overload
    async def update(self, document: Json, *, check_rev: bool = True, merge: bool = True,
                     keep_none: bool = True, return_new: bool = False, return_old: bool = False,
                     sync: bool | None = None, silent: Literal[False] = False,
                     refill_index_caches: bool | None = None,
                     version_attribute: str | None = None) -> Json: ...
    @overload
    async def update(self, document: Json, *, check_rev: bool = True, merge: bool = True,
                     keep_none: bool = True, return_new: bool = False, return_old: bool = False,
                     sync: bool | None = None, silent: Literal[True],
                     refill_index_caches: bool | None = None,
                     version_attribute: str | None = None) -> bool: ...
    @overload
    async def update(self, document: Json, *, check_rev: bool = True, merge: bool = True,
                     keep_none: bool = True, return_new: bool = False, return_old: bool = False,
                     sync: bool | None = None, silent: bool = False,
                     refill_index_caches: bool | None = None,
                     version_attribute: str | None = None) -> Json | bool: ...
    async def update(
        self,
        document: Json,
        *,
        check_rev: bool = True,
        merge: bool = True,
        keep_none: bool = True,
        return_new: bool = False,
        return_old: bool = False,
        sync: bool | None = None,
        silent: bool = False,
        refill_index_caches: bool | None = None,
        version_attribute: str | None = None,
    ) -> Json | bool:
        """Merge ``document`` (with ``_key`` or ``_id``) into the stored one.

        With ``check_rev`` and a ``_rev`` in ``document`` the revision must match
        (``If-Match``), else :class:`DocumentRevisionError`.
        """
        return await self._modify(
            "PATCH", document, check_rev, DocumentUpdateError,
            write_params(
                sync=sync, silent=silent, return_new=return_new, return_old=return_old,
                refill_index_caches=refill_index_caches, version_attribute=version_attribute,
                keepNull=keep_none, mergeObjects=merge, ignoreRevs=not check_rev,
            ),
            silent,
        )

    @overload
    async def replace(self, document: Json, *, check_rev: bool = True, return_new: bool = False,
                      return_old: bool = False, sync: bool | None = None,
                      silent: Literal[False] = False, refill_index_caches: bool | None = None,
                      version_attribute: str | None = None) -> Json: ...
    @overload
    async def replace(self, document: Json, *, check_rev: bool = True, return_new: bool = False,
                      return_old: bool = False, sync: bool | None = None, silent: Literal[True],
                      refill_index_caches: bool | None = None,
                      version_attribute: str | None = None) -> bool: ...
    @overload
    async def replace(self, document: Json, *, check_rev: bool = True, return_new: bool = False,
                      return_old: bool = False, sync: bool | None = None, silent: bool = False,
                      refill_index_caches: bool | None = None,
                      version_attribute: str | None = None) -> Json | bool: ...
    async def replace(
        self,
        document: Json,
        *,
        check_rev: bool = True,
        return_new: bool = False,
        return_old: bool = False,
        sync: bool | None = None,
        silent: bool = False,
        refill_index_caches: bool | None = None,
        version_attribute: str | None = None,
    ) -> Json | bool:
        """Replace the stored document with ``document`` (with ``_key`` or ``_id``).

        With ``check_rev`` and a ``_rev`` in ``document`` the revision must match.
        """
        return await self._modify(
            "PUT", document, check_rev, DocumentReplaceError,
            write_params(
                sync=sync, silent=silent, return_new=return_new, return_old=return_old,
                refill_index_caches=refill_index_caches, version_attribute=version_attribute,
                ignoreRevs=not check_rev,
            ),
            silent,
        )

    async def _modify(self, method: str, document: Any, check_rev: bool, error: ErrorClass,
                      params: dict[str, Any], silent: bool) -> Json | bool:
        body = dict(ensure_document(document))
        key, headers = self._prepare(body, None, check_rev)
        request = Request(method, self._key_path(key), params=params, data=body,
                          headers=headers, write=self._name)

        def handler(response: Response) -> Json | bool:
            if _is_revision_conflict(response):
                raise DocumentRevisionError(response, request)
            raise_unless_success(response, request, error)
            if silent:
                return True
            result: Json = self._rename_old_rev(response.body)
            return result

        return await self._execute(request, handler)

    @overload
    async def delete(self, document: str | Json, *, rev: str | None = None, check_rev: bool = True,
                     ignore_missing: bool = False, return_old: bool = False,
                     sync: bool | None = None, silent: Literal[True],
                     refill_index_caches: bool | None = None) -> bool: ...
    @overload
    async def delete(self, document: str | Json, *, rev: str | None = None, check_rev: bool = True,
                     ignore_missing: Literal[False] = False, return_old: bool = False,
                     sync: bool | None = None, silent: Literal[False] = False,
                     refill_index_caches: bool | None = None) -> Json: ...
    @overload
    async def delete(self, document: str | Json, *, rev: str | None = None, check_rev: bool = True,
                     ignore_missing: Literal[True], return_old: bool = False,
                     sync: bool | None = None, silent: Literal[False] = False,
                     refill_index_caches: bool | None = None) -> Json | Literal[False]: ...
    @overload
    async def delete(self, document: str | Json, *, rev: str | None = None, check_rev: bool = True,
                     ignore_missing: bool = False, return_old: bool = False,
                     sync: bool | None = None, silent: bool = False,
                     refill_index_caches: bool | None = None) -> Json | bool: ...
    async def delete(
        self,
        document: str | Json,
        *,
        rev: str | None = None,
        check_rev: bool = True,
        ignore_missing: bool = False,
        return_old: bool = False,
        sync: bool | None = None,
        silent: bool = False,
        refill_index_caches: bool | None = None,
    ) -> Json | bool:
        """Remove a document; returns its metadata (True with ``silent``), or False when it
        does not exist and ``ignore_missing`` is set."""
        key, headers = self._prepare(document, rev, check_rev)
        params = write_params(sync=sync, silent=silent, return_old=return_old,
                              refill_index_caches=refill_index_caches,
                              ignoreRevs=not check_rev)
        request = Request("DELETE", self._key_path(key), params=params, headers=headers,
                          write=self._name)

        def handler(response: Response) -> Json | bool:
            if response.error_code == DOCUMENT_NOT_FOUND and ignore_missing:
                return False
            if _is_revision_conflict(response):
                raise DocumentRevisionError(response, request)
            raise_unless_success(response, request, DocumentDeleteError)
            if silent:
                return True
            result: Json = response.body
            return result

        return await self._execute(request, handler)
