"""``python -m arango_anyio.testing``: prints its URLs, serves, exits 0 on SIGTERM/SIGINT;
its JWT secret options and ``--help``."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from arango_anyio.testing.__main__ import main
from arango_anyio.testing._state.auth import sign_jwt

from ._cli import running_cli


@pytest.mark.parametrize(("backend", "signum"), [("asyncio", signal.SIGTERM),
                                                 ("trio", signal.SIGINT)])
def test_cli_serves_and_exits_cleanly(backend: str, signum: int) -> None:
    with running_cli("--backend", backend, coordinators=2) as (proc, urls):
        assert len(urls) == 2 and all(u.startswith("http://127.0.0.1:") for u in urls)
        with httpx.Client(auth=("root", ""), timeout=10) as http:
            answer = http.get(urls[1] + "/_api/cluster/endpoints")
        assert answer.status_code == 200
        assert [e["endpoint"] for e in answer.json()["endpoints"]] == [
            u.replace("http://", "tcp://") for u in urls]
        proc.send_signal(signum)
        try:
            assert proc.wait(timeout=10) == 0
        except subprocess.TimeoutExpired:
            pytest.fail("the command did not exit within 10 s of the signal")
        assert proc.stderr is not None
        assert b"Traceback" not in proc.stderr.read()


def test_cli_refuses_a_port_in_use(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        assert main(["--host", "127.0.0.1", "--port", port], configure_logging=False) == 1
    assert "cannot serve" in capsys.readouterr().err
    assert main(["--coordinators", "0"], configure_logging=False) == 2


def test_cli_help_shows_every_default(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--help"], configure_logging=False)
    assert done.value.code == 0
    text = capsys.readouterr().out
    for option in ("--host", "--port", "--coordinators", "--root-password", "--jwt-secret",
                   "--jwt-secret-keyfile", "--options-api", "--compress-response-threshold",
                   "--backend", "--log-level"):
        assert option in text
    # one "(default: ...)" per option (argparse wraps lines: compare without line breaks)
    assert " ".join(text.split()).count("(default:") == 10


def _bearer(secret: bytes) -> dict[str, str]:
    return {"authorization": "bearer " + sign_jwt(
        {"iss": "arangodb", "server_id": "test", "exp": int(time.time()) + 60}, secret)}


def test_cli_jwt_secret_keyfile_is_read_as_arangodb_reads_it(tmp_path: Path) -> None:
    keyfile = tmp_path / "keyfile"
    keyfile.write_bytes(b" secret \n")  # the server trims spaces, tabs and line breaks
    with running_cli("--jwt-secret-keyfile", str(keyfile)) as (_, urls), \
            httpx.Client(timeout=10) as http:
        assert http.get(urls[0] + "/_api/version", headers=_bearer(b"secret")) \
            .status_code == 200
        assert http.get(urls[0] + "/_api/version", headers=_bearer(b" secret ")) \
            .status_code == 401
        keyfile.write_bytes(b"rotated")
        reloaded = http.post(urls[0] + "/_admin/server/jwt", headers=_bearer(b"secret"))
        assert reloaded.status_code == 200
        assert http.get(urls[0] + "/_api/version", headers=_bearer(b"rotated")) \
            .status_code == 200


def test_cli_jwt_secret(tmp_path: Path) -> None:
    with running_cli("--jwt-secret", "secret") as (_, urls), httpx.Client(timeout=10) as http:
        assert http.get(urls[0] + "/_api/version", headers=_bearer(b"secret")) \
            .status_code == 200
        assert http.get(urls[0] + "/_api/version", headers=_bearer(b"other")) \
            .status_code == 401


def test_cli_refuses_unusable_jwt_secrets(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--jwt-secret", "x" * 65], configure_logging=False) == 2
    assert "too long" in capsys.readouterr().err
    missing = str(tmp_path / "missing")
    assert main(["--jwt-secret-keyfile", missing], configure_logging=False) == 2
    assert "unable to read content of jwt-secret file" in capsys.readouterr().err
    with pytest.raises(SystemExit) as both:
        main(["--jwt-secret", "a", "--jwt-secret-keyfile", missing], configure_logging=False)
    assert both.value.code == 2


def test_cli_logs_one_line_per_request_at_info() -> None:
    with running_cli("--log-level", "INFO") as (proc, urls):
        with httpx.Client(auth=("root", ""), timeout=10) as http:
            assert http.get(urls[0] + "/_api/version").status_code == 200
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
        assert proc.stderr is not None
        log = proc.stderr.read().decode()
    lines = [line for line in log.splitlines() if "GET /_api/version" in line]
    assert len(lines) == 1 and " 200 " in lines[0] and lines[0].endswith(" ms"), log
    assert "Basic" not in log
