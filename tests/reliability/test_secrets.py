"""Secrets never leak: with every logger at DEBUG, no password, JWT or Authorization header
value appears in a log record, a ``repr``/``str``, or an exception message (with its causes).
"""

from __future__ import annotations

import base64
import logging
import traceback
from typing import Any

import anyio
import pytest

from arango_anyio import ArangoClient
from arango_anyio._connection.auth import JwtAuth
from arango_anyio.exceptions import ArangoError, InvalidArgumentError, JWTAuthError
from arango_anyio.testing import Emulator, serve

from ._support_secrets import collect_texts

pytestmark = [pytest.mark.anyio, pytest.mark.emulator_only]

ROOT_SECRET = "R00t-s3cret-pässwörd-Ω"
USER_SECRET = "us3r-hunter2-XYZZY"


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.texts: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.texts.append(self.format(record))  # message, args and formatted traceback
        self.texts.append(repr(record.args))


@pytest.fixture
def captured() -> Any:
    handler = Capture()
    root = logging.getLogger()
    old = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    for name in ("arango_anyio", "arango_anyio.testing", "httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(old)


def _secrets(extra: list[str]) -> list[str]:
    values = [ROOT_SECRET, USER_SECRET, *extra]
    for user, secret in (("root", ROOT_SECRET), ("alice", USER_SECRET)):
        values.append(base64.b64encode(f"{user}:{secret}".encode()).decode())
    return [v for v in values if v]


async def _call(seen: list[BaseException], coro: Any) -> Any:
    try:
        return await coro
    except ArangoError as exc:
        seen.append(exc)
        return None


async def test_no_secret_in_logs_reprs_or_errors(captured: Capture) -> None:
    emu = Emulator(root_password=ROOT_SECRET)
    superuser = emu.superuser_token()
    errors: list[BaseException] = []
    objects: list[Any] = []
    tokens: list[str] = [superuser]
    async with (
        serve(emu, coordinators=2) as urls,
        ArangoClient(
            hosts=[*urls, "http://127.0.0.1:1"],
            host_resolver="roundrobin",
            retry_backoff=0.001,
        ) as client,
    ):
        objects.append(client)
        db = await client.db("_system", password=ROOT_SECRET, verify=True)
        jwt_db = await client.db("_system", password=ROOT_SECRET, auth_method="jwt")
        su_db = await client.db("_system", superuser_token=superuser)
        objects += [db, jwt_db, su_db, db._conn, jwt_db._conn, su_db._conn,
                    db._conn.auth, jwt_db._conn.auth, su_db._conn.auth,
                    client._state.http_client]
        await jwt_db.version()
        auth = jwt_db._conn.auth
        assert isinstance(auth, JwtAuth) and auth._token
        tokens.append(auth._token)
        auth._expires = 0.0  # force a refresh
        await jwt_db.version()
        tokens.append(auth._token)
        await su_db.version()

        await db.create_collection("c")
        await _call(errors, db.create_user("alice", password=USER_SECRET))
        await _call(errors, db.create_user("alice", password=USER_SECRET))  # duplicate
        await _call(errors, db.update_user("nobody", password=USER_SECRET))
        await _call(errors, db.create_database(
            "_system", users=[{"username": "bob", "password": USER_SECRET}]))
        await _call(errors, db.collection("c").get("missing"))
        await _call(errors, db.collection("nope").insert({"a": 1}))
        # wrong credentials, basic and JWT
        await _call(errors, client.db("_system", password=USER_SECRET, verify=True))
        bad_jwt = await client.db("_system", username="alice", password="wrong" + USER_SECRET,
                                  auth_method="jwt")
        await _call(errors, bad_jwt.version())
        alice = await client.db("_system", username="alice", password=USER_SECRET,
                                auth_method="jwt")
        await _call(errors, alice.version())
        if isinstance(alice._conn.auth, JwtAuth) and alice._conn.auth._token:
            tokens.append(alice._conn.auth._token)
        objects += [alice, alice._conn.auth, bad_jwt._conn.auth]
        # faults: resets and 503s make the connection layer log and raise
        emu.faults.random_faults(rate_503=0.2, rate_reset=0.3, seed=3)
        for i in range(30):
            await _call(errors, jwt_db.collection("c").insert({"_key": f"k{i}"}))
            await _call(errors, db.collection("c").get(f"k{i}"))
            await _call(errors, su_db.version())
        emu.faults.clear()
        emu.faults.add_latency(1.0)
        with anyio.move_on_after(0.05):
            await jwt_db.version()
        emu.faults.clear()
        objects.append(client.statistics())
    assert errors, "the scenario produced no errors to inspect"
    assert captured.texts, "nothing was logged at DEBUG"
    texts = list(captured.texts)
    texts += collect_texts(objects)
    for exc in errors:
        texts += collect_texts([exc])
        texts.append("".join(traceback.format_exception(exc)))
    secrets = _secrets(tokens)
    for text in texts:
        for secret in secrets:
            assert secret not in text, f"secret leaked: {text[:300]!r}"
    lowered = [t.lower() for t in texts]
    assert not any("authorization: " in t or "'authorization'" in t for t in lowered)


@pytest.mark.parametrize("host", [
    "http://root:S3cr3t-h0st@127.0.0.1:8529", "https://:S3cr3t-h0st@c1:8529/",
    "root:S3cr3t-h0st@127.0.0.1:8529", "http://c0:8529,http://u:S3cr3t-h0st@c1:8529",
])
def test_credentials_in_a_host_url_are_refused_without_showing_them(
    captured: Capture, host: str,
) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        ArangoClient(hosts=host)
    assert "username=" in str(info.value) and "***@" in str(info.value)
    texts = collect_texts([info.value]) + captured.texts
    texts.append("".join(traceback.format_exception(info.value)))
    assert not any("S3cr3t-h0st" in text for text in texts)


async def test_a_failed_jwt_login_keeps_no_password(captured: Capture) -> None:
    emu = Emulator(root_password=ROOT_SECRET)
    async with serve(emu, coordinators=1) as urls, ArangoClient(hosts=urls) as client:
        db = await client.db("_system", password="not-" + ROOT_SECRET, auth_method="jwt")
        with pytest.raises(JWTAuthError) as info:
            await db.version()
    request = info.value.request
    assert request.endpoint == "/_open/auth"
    assert request.data == {"username": "root", "password": "***"}
    assert request.prepared is None
    texts = collect_texts([info.value]) + captured.texts
    assert not any(ROOT_SECRET in text for text in texts)
