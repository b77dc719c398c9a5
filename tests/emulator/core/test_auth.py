"""Authentication: basic credentials, JWT login, expiry, signatures, superuser tokens."""

from __future__ import annotations

import time

import pytest

from arango_anyio.testing import Emulator
from arango_anyio.testing._state.auth import sign_jwt
from tests.emulator.core.conftest import Api, error_of

pytestmark = pytest.mark.anyio


async def test_no_credentials_is_401(api: Api) -> None:
    response = await api.call("GET", "/_api/version", auth=False)
    assert error_of(response) == (401, 11)
    assert response.error_message == "not authorized to execute this request"


async def test_wrong_password_is_401(api: Api) -> None:
    response = await api.call("GET", "/_api/version", auth=("root", "nope"))
    assert error_of(response) == (401, 11)
    response = await api.call("GET", "/_api/version", auth=("ghost", ""))
    assert error_of(response) == (401, 11)


async def test_root_password() -> None:
    api = Api(Emulator(root_password="s3cret"), auth=("root", "s3cret"))
    assert (await api.ok("GET", "/_api/version"))["version"] == "3.12.10"
    response = await api.call("GET", "/_api/version", auth=("root", ""))
    assert response.status_code == 401


async def test_open_auth_gives_working_jwt(api: Api) -> None:
    body = await api.ok("POST", "/_open/auth", {"username": "root", "password": ""},
                        auth=False)
    token = body["jwt"]
    assert token.count(".") == 2
    response = await api.call("GET", "/_api/version", headers={"Authorization":
                                                                 f"bearer {token}"},
                              auth=False)
    assert response.status_code == 200


async def test_open_auth_wrong_credentials(api: Api) -> None:
    response = await api.call("POST", "/_open/auth", {"username": "root", "password": "x"},
                              auth=False)
    assert error_of(response) == (401, 401)
    assert response.error_message == "Wrong credentials"


async def test_jwt_bad_signature_and_expiry(api: Api, emu: Emulator) -> None:
    forged = sign_jwt({"preferred_username": "root", "iss": "arangodb",
                       "exp": time.time() + 60}, b"other secret")
    response = await api.call("GET", "/_api/version",
                              headers={"authorization": f"bearer {forged}"}, auth=False)
    assert error_of(response) == (401, 11)
    expired = emu.user_token("root", lifetime=-1)
    response = await api.call("GET", "/_api/version",
                              headers={"authorization": f"bearer {expired}"}, auth=False)
    assert error_of(response) == (401, 11)
    garbage = await api.call("GET", "/_api/version",
                             headers={"authorization": "bearer not.a.token"}, auth=False)
    assert garbage.status_code == 401


async def test_superuser_token(api: Api, emu: Emulator) -> None:
    headers = {"authorization": f"bearer {emu.superuser_token()}"}
    response = await api.call("POST", "/_api/database", {"name": "su"}, headers=headers,
                              auth=False)
    assert response.status_code == 201


async def test_availability_is_open(api: Api) -> None:
    response = await api.call("GET", "/_admin/server/availability", auth=False)
    assert response.status_code == 200


async def test_token_for_inactive_user_refused(api: Api, emu: Emulator) -> None:
    await api.ok("POST", "/_api/user", {"user": "bob", "passwd": "pw"})
    token = (await api.ok("POST", "/_open/auth", {"username": "bob", "password": "pw"},
                          auth=False))["jwt"]
    await api.ok("PATCH", "/_api/user/bob", {"active": False})
    response = await api.call("GET", "/_api/version",
                              headers={"authorization": f"bearer {token}"}, auth=False)
    assert response.status_code == 401


async def test_www_authenticate_and_options(api: Api) -> None:
    response = await api.call("GET", "/_api/version", auth=False)
    assert response.header("www-authenticate") == 'Basic, realm="ArangoDB"'
    omitted = await api.call("GET", "/_api/version", auth=False,
                             headers={"x-omit-www-authenticate": "1"})
    assert omitted.status_code == 401 and omitted.header("www-authenticate") is None
    preflight = await api.call("OPTIONS", "/_api/document/c", auth=False)
    assert preflight.status_code == 200 and "POST" in (preflight.header("allow") or "")
