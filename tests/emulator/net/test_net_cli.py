"""``python -m arango_anyio.testing``: prints its URLs, serves, exits 0 on SIGTERM/SIGINT."""

from __future__ import annotations

import signal
import socket
import subprocess

import httpx
import pytest

from arango_anyio.testing.__main__ import main

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
