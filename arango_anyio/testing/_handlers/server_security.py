"""Encryption in transit and JWT secrets: ``/_admin/server/tls`` and ``/_admin/server/jwt``.

The emulator serves plain HTTP, so the TLS summary is empty (the server lists only the key
file and client CA it was started with). JWT secrets are answered as SHA-256 hashes; a reload
reads the keyfile the emulator was started with again.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import EmuRequest, EmuResponse, result_response
from arango_anyio.testing._protocol.routing import Router
from arango_anyio.testing._server.jwt_secrets import JwtSecretError

if TYPE_CHECKING:
    from arango_anyio.testing._server.deployment import Deployment

router = Router()


def _superuser_only(emu: Deployment, req: EmuRequest, message: str) -> None:
    """403/11 unless the request carries a superuser JWT (``ExecContext::isSuperuser``)."""
    if not emu.permissions.is_superuser(req.user):
        raise EmuError(11, message, http_code=403)


@router.route("GET", "/_admin/server/tls")
def get_tls(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The TLS data summary: no key file and no client CA on a plain HTTP server."""
    return result_response(200, {"result": {}})


@router.route("POST", "/_admin/server/tls")
def reload_tls(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Reload the TLS data (superusers only): nothing to reload, the same summary."""
    _superuser_only(emu, req, "only superusers may reload TLS data")
    return result_response(200, {"result": {}})


def _secrets(emu: Deployment) -> EmuResponse:
    secret = emu.jwt_secret
    raw = secret.encode() if isinstance(secret, str) else secret
    return result_response(200, {"result": {
        "active": {"sha256": hashlib.sha256(raw).hexdigest()}, "passive": []}})


@router.route("GET", "/_admin/server/jwt")
def get_jwt_secrets(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The SHA-256 of the active JWT secret (superuser tokens only)."""
    _superuser_only(emu, req, "insufficient permissions")
    return _secrets(emu)


@router.route("POST", "/_admin/server/jwt")
def reload_jwt_secrets(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Read the JWT secret again from the keyfile (superuser tokens only); 400 without a
    keyfile or when it cannot be used."""
    _superuser_only(emu, req, "insufficient permissions")
    try:
        emu.reload_jwt_secret()
    except JwtSecretError as error:
        raise EmuError(10, str(error), http_code=400) from None
    return _secrets(emu)
