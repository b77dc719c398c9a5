"""Listing stream transactions, and JavaScript transactions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from arango_anyio._api.group import ApiGroup, dirty_read
from arango_anyio.exceptions import (
    TransactionExecuteError,
    TransactionListError,
)
from arango_anyio.request import Request
from arango_anyio.response import Response

#: Collection names: one, several, or none.
Names = str | Sequence[str] | None


def collection_names(value: Names) -> str | list[str] | None:
    """``value`` as the server takes it (a name or a list of names)."""
    if value is None or isinstance(value, str):
        return value
    return list(value)


class TransactionsMixin(ApiGroup):
    """Listing stream transactions; JavaScript transactions."""

    async def list_transactions(self) -> list[dict[str, Any]]:
        """The running stream transactions: ``[{"id": ..., "state": ...}]``.
        ``GET /_api/transaction``."""
        request = Request("GET", "/_api/transaction")

        def result(response: Response) -> list[dict[str, Any]]:
            transactions: list[dict[str, Any]] = response.body["transactions"]
            return transactions

        return await self._call(request, TransactionListError, result)

    async def execute_transaction(
        self,
        command: str,
        params: Mapping[str, Any] | None = None,
        read: Sequence[str] | None = None,
        write: Sequence[str] | None = None,
        sync: bool | None = None,
        timeout: float | None = None,
        max_size: int | None = None,
        allow_implicit: bool | None = None,
        intermediate_commit_count: int | None = None,
        intermediate_commit_size: int | None = None,
        allow_dirty_read: bool = False,
    ) -> Any:
        """Run a JavaScript transaction on the server and return what ``command`` returns.
        ``POST /_api/transaction``.

        :param command: JavaScript source of a function, e.g.
            ``"function (params) { return params.x; }"``.
        :param params: passed to the function.
        :param read: collections read.
        :param write: collections written.
        :param sync: ``waitForSync``.
        :param timeout: seconds to wait for locks (``lockTimeout``).
        :param max_size: ``maxTransactionSize`` in bytes.
        :param allow_implicit: allow reading undeclared collections.
        :param intermediate_commit_count: ``intermediateCommitCount``.
        :param intermediate_commit_size: ``intermediateCommitSize``.
        :param allow_dirty_read: allow reads from followers.
        :raises TransactionExecuteError: the server refused or the function threw.
        """
        collections: dict[str, Any] = {}
        if allow_implicit is not None:
            collections["allowImplicit"] = allow_implicit
        if read is not None:
            collections["read"] = collection_names(read)
        if write is not None:
            collections["write"] = collection_names(write)
        data: dict[str, Any] = {"action": command, "collections": collections}
        candidates = {
            "params": dict(params) if params is not None else None,
            "lockTimeout": timeout,
            "waitForSync": sync,
            "maxTransactionSize": max_size,
            "intermediateCommitCount": intermediate_commit_count,
            "intermediateCommitSize": intermediate_commit_size,
        }
        data.update({k: v for k, v in candidates.items() if v is not None})
        headers = dirty_read(allow_dirty_read)
        request = Request("POST", "/_api/transaction", data=data, headers=headers)
        return await self._call(request, TransactionExecuteError, lambda r: r.body.get("result"))
