"""Server operations: shutdown, compaction, routing reload, echo, JavaScript execution."""

from __future__ import annotations

import warnings
from typing import Any

from arango_anyio._api.group import ApiGroup, without_envelope
from arango_anyio.exceptions import (
    DatabaseCompactError,
    ServerEchoError,
    ServerExecuteError,
    ServerReloadRoutingError,
    ServerRequiredDBVersionError,
    ServerShutdownError,
    ServerShutdownProgressError,
)
from arango_anyio.request import Request


class AdminOpsMixin(ApiGroup):
    """Server operations: shutdown, compaction, routing reload, echo, JavaScript execution."""

    async def shutdown(self, soft: bool = False) -> bool:
        """Start the server's shutdown sequence. ``DELETE /_admin/shutdown``.

        Needs administrate access to ``_system``. The server answers before it stops.

        :param soft: coordinators only: wait for ongoing cursors, transactions and jobs to
            finish first (see :meth:`shutdown_progress`).
        :return: True.
        :raise ServerShutdownError: the server refused.
        """
        request = Request("DELETE", "/_admin/shutdown", params={"soft": soft})
        return await self._call(request, ServerShutdownError, lambda r: True)

    async def shutdown_progress(self) -> dict[str, Any]:
        """The progress of a soft coordinator shutdown. ``GET /_admin/shutdown``.

        :return: ``softShutdownOngoing``, ``AQLcursors``, ``transactions``, ``pendingJobs``,
            ``doneJobs``, ``lowPrioOngoingRequests``, ``lowPrioQueuedRequests``,
            ``allClear``.
        :raise ServerShutdownProgressError: the server refused.
        """
        request = Request("GET", "/_admin/shutdown")
        return await self._call(request, ServerShutdownProgressError, lambda r: dict(r.body))

    async def compact(self, change_level: bool | None = None,
                      compact_bottom_most_level: bool | None = None) -> dict[str, Any]:
        """Compact the data of all databases. ``PUT /_admin/compact`` (superuser).

        This may rewrite all data and take very long on large deployments.

        :param change_level: move compacted data to the lowest possible level.
        :param compact_bottom_most_level: compact the bottommost level too.
        :return: the answer without ``error``/``code`` (usually ``{}``).
        :raise DatabaseCompactError: the server refused.
        """
        data: dict[str, Any] = {}
        if change_level is not None:
            data["changeLevel"] = change_level
        if compact_bottom_most_level is not None:
            data["compactBottomMostLevel"] = compact_bottom_most_level
        request = Request("PUT", "/_admin/compact", data=data)
        return await self._call(
            request, DatabaseCompactError, lambda r: without_envelope(r.body or {}))

    async def reload_routing(self) -> bool:
        """Reload the routing table (Foxx and ``_routing``). ``POST /_admin/routing/reload``.

        .. deprecated:: ArangoDB 3.12 deprecates this endpoint and v4.0 removes it (with
           Actions and Foxx).

        :return: True.
        :raise ServerReloadRoutingError: the server refused.
        """
        request = Request("POST", "/_admin/routing/reload")
        return await self._call(request, ServerReloadRoutingError, lambda r: True)

    async def echo(self, body: Any = None) -> dict[str, Any]:
        """What the server saw of this request (user, database, headers, body, ...).

        ``GET /_admin/echo`` without ``body``, else ``POST /_admin/echo`` with it (a ``str``
        is sent as is, anything else as JSON).

        .. deprecated:: ArangoDB 3.12 deprecates this endpoint and v4.0 removes it.

        :raise ServerEchoError: the server refused.
        """
        if body is None:
            request = Request("GET", "/_admin/echo")
        else:
            request = Request("POST", "/_admin/echo", data=body,
                              raw_body=isinstance(body, (str, bytes)))
        return await self._call(request, ServerEchoError, lambda r: dict(r.body))

    async def execute(self, command: str) -> Any:
        """Run JavaScript on the server as the body of a function; return its result.

        ``POST /_admin/execute``, only available when the server runs with
        ``--javascript.allow-admin-execute`` (off by default: 404 otherwise).

        .. deprecated:: ArangoDB 3.12 deprecates this endpoint and v4.0 removes it.

        :param command: JavaScript, e.g. ``"return 1 + 1"``.
        :return: the value the code returns (decoded JSON), or None.
        :raise ServerExecuteError: the server refused or the code threw.
        """
        request = Request("POST", "/_admin/execute", data=command, raw_body=True,
                          headers={"content-type": "text/javascript"})
        return await self._call(request, ServerExecuteError, lambda r: r.body)

    async def required_db_version(self) -> str:
        """The database version this server requires.

        ``GET /_admin/database/target-version``.

        .. deprecated:: ArangoDB 3.12 deprecates the endpoint and v4.0 removes it; use
           :meth:`version`. Emits :class:`DeprecationWarning` (as python-arango).

        :raise ServerRequiredDBVersionError: the server refused.
        """
        warnings.warn("required_db_version() is deprecated: GET /_admin/database/"
                      "target-version is removed in ArangoDB 4.0; use version() instead",
                      DeprecationWarning, stacklevel=2)
        request = Request("GET", "/_admin/database/target-version")
        return await self._call(
            request, ServerRequiredDBVersionError, lambda r: str(r.body["version"]))
