"""Server logs: log levels, log entries, structured log settings, recent API calls."""

from __future__ import annotations

import warnings
from typing import Any

from arango_anyio._api.group import ApiGroup
from arango_anyio.exceptions import (
    ServerAPICallsError,
    ServerLogLevelError,
    ServerLogLevelResetError,
    ServerLogLevelSetError,
    ServerLogSettingError,
    ServerLogSettingSetError,
    ServerReadLogError,
)
from arango_anyio.request import Request
from arango_anyio.response import Response


def _log_params(
    upto: int | str | None,
    level: int | str | None,
    start: int | None,
    size: int | None,
    offset: int | None,
    search: str | None,
    sort: str | None,
) -> dict[str, Any]:
    return {"upto": upto, "level": level, "start": start, "size": size, "offset": offset,
            "search": search, "sort": sort}


class AdminLogsMixin(ApiGroup):
    """Server logs: log levels, log entries, structured log settings, recent API calls.

    These endpoints need administrate access to ``_system`` (or a superuser JWT, depending
    on the server's ``--log.api-enabled``); the server answers 403 when it is turned off.
    """

    async def log_levels(self, server_id: str | None = None,
                         with_appenders: bool | None = None) -> dict[str, Any]:
        """The log level of every log topic, e.g. ``{"general": "INFO", ...}``.

        ``GET /_admin/log/level``.

        :param server_id: ask this server of the cluster instead (via the coordinator).
        :param with_appenders: return ``{"global": {...}, "appenders": {output: {...}}}``.
        :raise ServerLogLevelError: the server refused.
        """
        request = Request("GET", "/_admin/log/level",
                          params={"serverId": server_id, "withAppenders": with_appenders})
        return await self._call(request, ServerLogLevelError, lambda r: dict(r.body))

    async def set_log_levels(self, server_id: str | None = None,
                             with_appenders: bool | None = None,
                             **kwargs: Any) -> dict[str, Any]:
        """Set log levels by topic, e.g. ``set_log_levels(general="DEBUG", queries="WARN")``.

        ``PUT /_admin/log/level``. The pseudo topic ``all`` sets every topic; unknown topics
        are ignored by the server.

        :param server_id: change this server of the cluster instead.
        :param with_appenders: set levels per log output; pass
            ``**{"global": {...}, "appenders": {output: {...}}}`` (see :meth:`log_levels`).
        :return: the log levels after the change.
        :raise ServerLogLevelSetError: the server refused.
        """
        request = Request("PUT", "/_admin/log/level",
                          params={"serverId": server_id, "withAppenders": with_appenders},
                          data=kwargs, idempotent=True)
        return await self._call(request, ServerLogLevelSetError, lambda r: dict(r.body))

    async def reset_log_levels(self, server_id: str | None = None) -> dict[str, Any]:
        """Put the log levels back to their startup values. ``DELETE /_admin/log/level``.

        :param server_id: reset this server of the cluster instead.
        :return: the log levels after the reset.
        :raise ServerLogLevelResetError: the server refused.
        """
        request = Request("DELETE", "/_admin/log/level", params={"serverId": server_id},
                          idempotent=True)
        return await self._call(request, ServerLogLevelResetError, lambda r: dict(r.body))

    async def read_log_entries(
        self,
        upto: int | str | None = None,
        level: int | str | None = None,
        start: int | None = None,
        size: int | None = None,
        offset: int | None = None,
        search: str | None = None,
        sort: str | None = None,
        server_id: str | None = None,
    ) -> dict[str, Any]:
        """Entries of the server's in-memory log. ``GET /_admin/log/entries``.

        :param upto: entries up to this level: ``"fatal"``/0, ``"error"``/1,
            ``"warning"``/2, ``"info"``/3 (default), ``"debug"``/4, ``"trace"``/5.
            Excludes ``level``.
        :param level: entries of exactly this level. Excludes ``upto``.
        :param start: entries whose ``id`` is at least this.
        :param size: at most this many entries.
        :param offset: skip this many entries first.
        :param search: only entries containing this text.
        :param sort: ``"asc"`` (default) or ``"desc"`` by ``id``.
        :param server_id: read the log of this server of the cluster instead.
        :return: ``{"total": n, "messages": [{"id", "topic", "level", "date", "message"}]}``.
        :raise ServerReadLogError: the server refused (bad level 400, no access 403).
        """
        params = _log_params(upto, level, start, size, offset, search, sort)
        params["serverId"] = server_id
        request = Request("GET", "/_admin/log/entries", params=params)
        return await self._call(request, ServerReadLogError, lambda r: dict(r.body))

    async def read_log(
        self,
        upto: int | str | None = None,
        level: int | str | None = None,
        start: int | None = None,
        size: int | None = None,
        offset: int | None = None,
        search: str | None = None,
        sort: str | None = None,
    ) -> dict[str, Any]:
        """The server log in the old column format. ``GET /_admin/log``.

        .. deprecated:: ArangoDB 3.8 deprecated ``/_admin/log`` and v4.0 removes it; use
           :meth:`read_log_entries`. Emits :class:`DeprecationWarning` (as python-arango).

        :return: ``lid``, ``level``, ``timestamp``, ``text``, ``topic`` arrays and
            ``total_amount`` (the server's ``totalAmount``).
        :raise ServerReadLogError: the server refused.
        """
        warnings.warn("read_log() is deprecated (GET /_admin/log is removed in ArangoDB "
                      "4.0); use read_log_entries() instead", DeprecationWarning, stacklevel=2)
        request = Request("GET", "/_admin/log",
                          params=_log_params(upto, level, start, size, offset, search, sort))

        def result(response: Response) -> dict[str, Any]:
            log = dict(response.body)
            if "totalAmount" in log:
                log["total_amount"] = log.pop("totalAmount")
            return log

        return await self._call(request, ServerReadLogError, result)

    async def log_settings(self) -> dict[str, Any]:
        """The structured log settings, e.g. ``{"database": True, "username": True}``.

        ``GET /_admin/log/structured``. Parameters that are off are not listed.

        :raise ServerLogSettingError: the server refused.
        """
        request = Request("GET", "/_admin/log/structured")
        return await self._call(request, ServerLogSettingError, lambda r: dict(r.body))

    async def set_log_settings(self, **kwargs: bool) -> dict[str, Any]:
        """Turn structured log parameters on or off, e.g.
        ``set_log_settings(database=True, username=False)``. ``PUT /_admin/log/structured``.

        :return: the settings after the change (parameters that are off are not listed).
        :raise ServerLogSettingSetError: the server refused.
        """
        request = Request("PUT", "/_admin/log/structured", data=kwargs, idempotent=True)
        return await self._call(request, ServerLogSettingSetError, lambda r: dict(r.body))

    async def api_calls(self) -> dict[str, Any]:
        """The most recent API calls the server logged (admin only).

        ``GET /_admin/server/api-calls``.

        :return: ``{"calls": [{"timeStamp", "requestType", "path", "database"}, ...]}``.
        :raise ServerAPICallsError: the server refused.
        """
        request = Request("GET", "/_admin/server/api-calls")
        return await self._call(request, ServerAPICallsError, lambda r: dict(r.body["result"]))
