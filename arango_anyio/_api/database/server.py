"""Server information and administration.

:class:`ServerMixin` holds the server information calls (version, status, engine, role,
time, availability, metrics, license, mode, ...) and brings in the other admin areas:
logs (:mod:`.admin_logs`), operations (:mod:`.admin_ops`) and security
(:mod:`.admin_security`).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Literal, overload

from arango_anyio._api.database.admin_logs import AdminLogsMixin
from arango_anyio._api.database.admin_ops import AdminOpsMixin
from arango_anyio._api.database.admin_security import AdminSecurityMixin
from arango_anyio._api.group import without_envelope
from arango_anyio.exceptions import (
    DatabaseSupportInfoError,
    InvalidArgumentError,
    ServerCheckAvailabilityError,
    ServerDetailsError,
    ServerEngineError,
    ServerIDError,
    ServerLicenseGetError,
    ServerLicenseSetError,
    ServerMetricsError,
    ServerModeError,
    ServerModeSetError,
    ServerRoleError,
    ServerStatisticsError,
    ServerStatusError,
    ServerTimeError,
    ServerVersionError,
)
from arango_anyio.request import Request
from arango_anyio.response import Response

#: The modes :meth:`ServerMixin.set_mode` accepts.
SERVER_MODES = ("default", "readonly")


def format_server_status(body: Any) -> dict[str, Any]:
    """``/_admin/status`` as python-arango returns it (snake_case keys)."""
    result: dict[str, Any] = {}
    for key, name in (("agency", "agency"), ("coordinator", "coordinator"),
                      ("foxxApi", "foxx_api"), ("host", "host"), ("hostname", "hostname"),
                      ("license", "license"), ("mode", "mode"),
                      ("operationMode", "operation_mode"), ("pid", "pid"),
                      ("server", "server"), ("version", "version")):
        if key in body:
            result[name] = body[key]
    if "serverInfo" in body:
        info = dict(body["serverInfo"])
        if "writeOpsEnabled" in info:
            info["write_ops_enabled"] = info.pop("writeOpsEnabled")
        if "readOnly" in info:
            info["read_only"] = info.pop("readOnly")
        result["server_info"] = info
    return result


class ServerMixin(AdminLogsMixin, AdminOpsMixin, AdminSecurityMixin):
    """Server information and administration."""

    @overload
    async def version(self, details: Literal[False] = False) -> str: ...
    @overload
    async def version(self, details: Literal[True]) -> dict[str, Any]: ...
    @overload
    async def version(self, details: bool = False) -> str | dict[str, Any]: ...
    async def version(self, details: bool = False) -> str | dict[str, Any]:
        """The server version string, or the full answer with ``details=True``.

        ``GET /_api/version``.
        """
        request = Request("GET", "/_api/version", params={"details": details})
        return await self._call(
            request, ServerVersionError, lambda r: r.body if details else r.body["version"])

    async def details(self) -> dict[str, Any]:
        """The server's build details (``architecture``, ``rocksdb-version``, ...).

        ``GET /_api/version?details=true``: the ``details`` object of the answer.

        :raise ServerDetailsError: the server refused.
        """
        request = Request("GET", "/_api/version", params={"details": True})
        return await self._call(request, ServerDetailsError, lambda r: dict(r.body["details"]))

    async def status(self) -> dict[str, Any]:
        """Process and server information. ``GET /_admin/status``.

        :return: ``server``, ``version``, ``license``, ``pid``, ``host``, ``mode``,
            ``operation_mode``, ``foxx_api``, ``server_info`` (with ``role``, ``read_only``,
            ``write_ops_enabled``, ``maintenance``, ...), and in a cluster ``agency`` and
            ``coordinator`` (python-arango's snake_case keys). The server marks ``mode``,
            ``operation_mode``, ``foxx_api`` and ``write_ops_enabled`` deprecated.
        :raise ServerStatusError: the server refused.
        """
        request = Request("GET", "/_admin/status")
        return await self._call(request, ServerStatusError, lambda r: format_server_status(r.body))

    async def engine(self) -> dict[str, Any]:
        """The storage engine: ``{"name": "rocksdb", "supports": {...}}``.

        ``GET /_api/engine``.

        :raise ServerEngineError: the server refused.
        """
        request = Request("GET", "/_api/engine")
        return await self._call(request, ServerEngineError, lambda r: without_envelope(r.body))

    async def role(self) -> str:
        """The server role: ``SINGLE``, ``COORDINATOR``, ``PRIMARY``, ``SECONDARY``,
        ``AGENT`` or ``UNDEFINED``. ``GET /_admin/server/role``.

        :raise ServerRoleError: the server refused.
        """
        request = Request("GET", "/_admin/server/role")
        return await self._call(request, ServerRoleError, lambda r: str(r.body["role"]))

    async def server_id(self) -> str:
        """This server's id in a cluster (e.g. ``CRDN-...``). ``GET /_admin/server/id``.

        :raise ServerIDError: the server refused (a single server answers 500/501).
        """
        request = Request("GET", "/_admin/server/id")
        return await self._call(request, ServerIDError, lambda r: str(r.body["id"]))

    async def time(self) -> datetime:
        """The server's clock. ``GET /_admin/time``.

        :return: a naive ``datetime`` in the local time zone, as python-arango returns it
            (``datetime.fromtimestamp``).
        :raise ServerTimeError: the server refused.
        """
        request = Request("GET", "/_admin/time")
        return await self._call(
            request, ServerTimeError, lambda r: datetime.fromtimestamp(float(r.body["time"])))

    async def check_availability(self) -> str:
        """Whether the server takes requests: ``"default"`` or ``"readonly"``.

        ``GET /_admin/server/availability`` (needs no authentication).

        :raise ServerCheckAvailabilityError: the server is starting, stopping, overloaded
            or read-only (503), or refused.
        """
        request = Request("GET", "/_admin/server/availability")
        return await self._call(
            request, ServerCheckAvailabilityError, lambda r: str(r.body["mode"]))

    async def metrics(self) -> str:
        """The server metrics in the Prometheus text format (not parsed).

        ``GET /_admin/metrics``.

        :raise ServerMetricsError: the server refused.
        """
        request = Request("GET", "/_admin/metrics")

        def result(response: Response) -> str:
            raw = response.raw_body
            return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw

        return await self._call(request, ServerMetricsError, result)

    async def statistics(self, description: bool = False) -> dict[str, Any]:
        """Server statistics, or with ``description=True`` the description of the figures.

        ``GET /_admin/statistics`` or ``GET /_admin/statistics-description``.

        .. deprecated:: ArangoDB 3.8 deprecates these endpoints and v4.0 removes them; use
           :meth:`metrics`.

        :raise ServerStatisticsError: the server refused.
        """
        endpoint = "/_admin/statistics-description" if description else "/_admin/statistics"
        request = Request("GET", endpoint)
        return await self._call(request, ServerStatisticsError, lambda r: without_envelope(r.body))

    async def license(self) -> dict[str, Any]:
        """The license information and status. ``GET /_admin/license``.

        :return: Enterprise Edition: ``features`` (``expires``), ``license``, ``hash``,
            ``version``, ``status`` (``good``, ``expiring``, ``read-only``). Community
            Edition (3.12.5+): ``diskUsage`` (``bytesUsed``, ``bytesLimit``, ``status``...).
        :raise ServerLicenseGetError: the server refused.
        """
        request = Request("GET", "/_admin/license")
        return await self._call(request, ServerLicenseGetError, lambda r: dict(r.body))

    async def set_license(self, license: str, force: bool = False) -> dict[str, Any]:
        """Install an Enterprise Edition license. ``PUT /_admin/license``.

        :param license: the Base64-encoded license string; wrapped in double quotes (as
            python-arango wants it) or not — it is sent as a JSON string either way.
        :param force: install it even when it expires sooner than the current one.
        :return: ``{"result": {"error": False, "code": 201}}``.
        :raise ServerLicenseSetError: the server refused (invalid or older license 400,
            community build 501).
        """
        if not isinstance(license, str) or not license:
            raise InvalidArgumentError("license must be a non-empty string")
        quoted = license.strip()
        if not (len(quoted) >= 2 and quoted.startswith('"') and quoted.endswith('"')):
            quoted = json.dumps(quoted)
        request = Request("PUT", "/_admin/license", params={"force": force}, data=quoted,
                          raw_body=True)
        return await self._call(request, ServerLicenseSetError, lambda r: dict(r.body))

    async def support_info(self) -> dict[str, Any]:
        """Deployment information for support: versions, host, servers, ...

        ``GET /_admin/support-info``, from ``_system`` only; who may call it depends on
        ``--server.support-info-api``.

        :return: ``date``, ``deployment`` (``type``, and ``servers`` in a cluster) and
            ``host`` (single server).
        :raise DatabaseSupportInfoError: the server refused (404 when turned off).
        """
        request = Request("GET", "/_admin/support-info")
        return await self._call(request, DatabaseSupportInfoError, lambda r: dict(r.body))

    async def mode(self) -> str:
        """The server mode: ``"default"`` or ``"readonly"``. ``GET /_admin/server/mode``.

        In read-only mode writes fail with 1004 (read only) and database or collection
        changes with 11 (forbidden).

        :raise ServerModeError: the server refused.
        """
        request = Request("GET", "/_admin/server/mode")
        return await self._call(request, ServerModeError, lambda r: str(r.body["mode"]))

    async def set_mode(self, mode: str) -> dict[str, Any]:
        """Switch the server to ``"readonly"`` or back to ``"default"`` (admin only).

        ``PUT /_admin/server/mode``.

        :return: the answer without ``error``/``code``: ``{"mode": ...}``.
        :raise ServerModeSetError: the server refused.
        """
        if mode not in SERVER_MODES:
            raise InvalidArgumentError(f"mode must be 'default' or 'readonly', not {mode!r}")
        request = Request("PUT", "/_admin/server/mode", data={"mode": mode}, idempotent=True)
        return await self._call(request, ServerModeSetError, lambda r: without_envelope(r.body))
