"""Security administration: TLS, encryption at rest, JWT secrets, startup options."""

from __future__ import annotations

from typing import Any

from arango_anyio._api.group import ApiGroup
from arango_anyio.exceptions import (
    JWTSecretListError,
    JWTSecretReloadError,
    ServerAvailableOptionsGetError,
    ServerCurrentOptionsGetError,
    ServerEncryptionError,
    ServerTLSError,
    ServerTLSReloadError,
)
from arango_anyio.request import Request


class AdminSecurityMixin(ApiGroup):
    """Security administration: TLS, encryption at rest, JWT secrets, startup options."""

    async def tls(self) -> dict[str, Any]:
        """A summary of the server's TLS data. ``GET /_admin/server/tls``.

        :return: ``keyfile`` and ``clientCA`` (each with ``sha256``, ``certificates``,
            and for the key file ``privateKeySha256``), and ``SNI`` when configured.
        :raise ServerTLSError: the server refused.
        """
        request = Request("GET", "/_admin/server/tls")
        return await self._call(request, ServerTLSError, lambda r: dict(r.body["result"]))

    async def reload_tls(self) -> dict[str, Any]:
        """Reload the TLS key, certificates and client CA from disk (superuser).

        ``POST /_admin/server/tls``.

        :return: the new summary, as :meth:`tls`.
        :raise ServerTLSReloadError: the server refused (403 without superuser rights).
        """
        request = Request("POST", "/_admin/server/tls", idempotent=True)
        return await self._call(request, ServerTLSReloadError, lambda r: dict(r.body["result"]))

    async def encryption(self) -> dict[str, Any]:
        """Rotate the encryption-at-rest key: reload the user keys from the key folder and
        re-encrypt the internal key with them. ``POST /_admin/server/encryption``.

        Enterprise Edition, superuser only, not on coordinators.

        :return: ``{"encryption-keys": [{"sha256": ...}, ...]}``.
        :raise ServerEncryptionError: the server refused (403, 404 when rotation is off).
        """
        request = Request("POST", "/_admin/server/encryption")
        return await self._call(request, ServerEncryptionError, lambda r: dict(r.body["result"]))

    async def jwt_secrets(self) -> dict[str, Any]:
        """The SHA-256 hashes of the loaded JWT secrets. ``GET /_admin/server/jwt``.

        Needs a superuser JWT (403 otherwise).

        :return: ``{"active": {"sha256": ...}, "passive": [{"sha256": ...}, ...]}``.
        :raise JWTSecretListError: the server refused.
        """
        request = Request("GET", "/_admin/server/jwt")
        return await self._call(request, JWTSecretListError, lambda r: dict(r.body["result"]))

    async def reload_jwt_secrets(self) -> dict[str, Any]:
        """Reload the JWT secrets from the files given at startup
        (``--server.jwt-secret-keyfile``/``-folder``). ``POST /_admin/server/jwt``.

        Needs a superuser JWT (403 otherwise).

        :return: the loaded secrets, as :meth:`jwt_secrets`.
        :raise JWTSecretReloadError: the server refused.
        """
        request = Request("POST", "/_admin/server/jwt", idempotent=True)
        return await self._call(request, JWTSecretReloadError, lambda r: dict(r.body["result"]))

    async def options(self) -> dict[str, Any]:
        """The server's effective startup options (ArangoDB 3.12+).

        ``GET /_admin/options``, from ``_system`` only; who may call it depends on
        ``--server.options-api`` (default: superuser JWT only). May reveal sensitive data.

        :return: ``{option name: value}``.
        :raise ServerCurrentOptionsGetError: the server refused (401/403).
        """
        request = Request("GET", "/_admin/options")
        return await self._call(request, ServerCurrentOptionsGetError, lambda r: dict(r.body))

    async def options_available(self) -> dict[str, Any]:
        """A description of every startup option the server knows (ArangoDB 3.12+).

        ``GET /_admin/options-description``, from ``_system`` only; access as
        :meth:`options`.

        :return: ``{option name: {"section", "description", "type", "default", ...}}``.
        :raise ServerAvailableOptionsGetError: the server refused (401/403).
        """
        request = Request("GET", "/_admin/options-description")
        return await self._call(request, ServerAvailableOptionsGetError, lambda r: dict(r.body))
