"""``/_open/auth``: log in with user name and password (or an access token), get a JWT."""

from __future__ import annotations

from typing import TYPE_CHECKING

from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import EmuRequest, EmuResponse, json_response
from arango_anyio.testing._protocol.routing import Router

if TYPE_CHECKING:
    from arango_anyio.testing._server.deployment import Deployment

router = Router()


@router.route("POST", "/_open/auth")
def login(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Exchange credentials for an HS256 token (401 "Wrong credentials" when bad). The user
    name may be left out when the password is one of the user's access tokens."""
    body = req.json()
    if not isinstance(body, dict) or ("username" not in body and "password" not in body):
        raise EmuError(400, "invalid JSON", http_code=400)
    token = emu.auth.login(body.get("username"), body.get("password", ""))
    return json_response(200, {"jwt": token})


@router.route("POST", "/_open/auth/renew")
def renew(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Renew a token: needs a valid bearer token, gives a fresh one for the same user."""
    user = emu.auth.authenticate(req.headers.get("authorization"))
    if not user:
        return json_response(200, {"jwt": emu.superuser_token()})
    return json_response(200, {"jwt": emu.user_token(user)})
