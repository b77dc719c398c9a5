"""Authentication: HTTP basic, JWT logins that the client renews, user tokens and
superuser tokens sent as they are, access tokens, and checking credentials up front
(docs/topics/authentication.md).

    python docs/examples/authentication.py                   # asyncio, then trio
    python docs/examples/authentication.py --backend trio

The emulator is started with a JWT secret, as a server with ``--server.jwt-secret``; the
superuser token is signed with it by ``superuser_token()`` below, and the user token by
``emulator.user_token()``.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import time

import anyio

from arango_anyio import ArangoClient
from arango_anyio.exceptions import ServerConnectionError
from arango_anyio.testing import Emulator


# [start sign]
def superuser_token(secret: str, lifetime: float = 3600) -> str:
    """A superuser JWT (HS256) signed with the server's ``--server.jwt-secret``."""
    def encode(part: bytes) -> bytes:
        return base64.urlsafe_b64encode(part).rstrip(b"=")

    now = int(time.time())
    header = encode(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = {"iss": "arangodb", "server_id": "my-app", "iat": now, "exp": now + lifetime}
    payload = encode(json.dumps(claims).encode())
    signature = hmac.new(secret.encode(), header + b"." + payload, hashlib.sha256).digest()
    return (header + b"." + payload + b"." + encode(signature)).decode()
# [end sign]


async def main() -> None:
    emulator = Emulator(root_password="s3cret", jwt_secret="the-server-secret")
    async with ArangoClient(hosts="http://emulator:8529",
                            http_client=emulator.http_client()) as client:
        # [start basic]
        db = await client.db("_system", username="root", password="s3cret")
        print("basic:", await db.version())
        # [end basic]

        # [start verify]
        try:
            await client.db("_system", username="root", password="wrong", verify=True)
        except ServerConnectionError as error:
            print("verify:", error.http_code, error)
        # [end verify]

        # [start jwt]
        db = await client.db("_system", username="root", password="s3cret",
                             auth_method="jwt")     # POST /_open/auth, then bearer tokens
        print("jwt:", await db.version())
        # [end jwt]

        # [start user-token]
        token = emulator.user_token("root", lifetime=3600)   # a JWT naming a user
        db = await client.db("_system", user_token=token)
        print("user token:", await db.version())
        # [end user-token]

        # [start superuser-token]
        token = superuser_token("the-server-secret")      # a JWT naming no user
        db = await client.db("_system", superuser_token=token)
        print("superuser token:", await db.version())
        # [end superuser-token]

        # [start access-token]
        sys_db = await client.db("_system", username="root", password="s3cret")
        await sys_db.create_user("reporter", "pw")
        await sys_db.update_permission("reporter", "ro", "_system")
        created = await sys_db.create_access_token("reporter", "dashboard",
                                                   valid_until=int(time.time()) + 86_400)
        db = await client.db("_system", username="reporter", password=created["token"])
        print("access token:", await db.version())
        # [end access-token]

        # [start repr]
        print(repr(db), client)       # no password or token in repr, str or errors
        # [end repr]
        assert "s3cret" not in repr(db) + repr(client)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["asyncio", "trio", "both"], default="both")
    backend = parser.parse_args().backend
    for name in ("asyncio", "trio") if backend == "both" else (backend,):
        print(f"-- {name}")
        anyio.run(main, backend=name)
