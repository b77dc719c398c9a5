"""``python -m arango_anyio.testing``: prints its URLs, serves, exits 0 on SIGTERM/SIGINT."""

from __future__ import annotations

import signal
import subprocess

import httpx
import pytest

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


def test_cli_root_password_is_enforced() -> None:
    with running_cli("--root-password", "s3cret") as (proc, urls):
        with httpx.Client(timeout=10) as http:
            refused = http.get(urls[0] + "/_api/cluster/endpoints", auth=("root", "wrong"))
            accepted = http.get(urls[0] + "/_api/cluster/endpoints", auth=("root", "s3cret"))
        assert refused.status_code == 401
        assert accepted.status_code == 501  # one coordinator: not a cluster
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0


def test_cli_refuses_a_port_in_use() -> None:
    with running_cli() as (_, urls):
        port = urls[0].rsplit(":", 1)[1]
        result = subprocess.run(
            [*running_cli_command(), "--port", port], capture_output=True, timeout=30,
            cwd=str(_root()), env=_env())
        assert result.returncode == 1 and b"cannot serve" in result.stderr


def running_cli_command() -> list[str]:
    import sys
    return [sys.executable, "-m", "arango_anyio.testing", "--host", "127.0.0.1"]


def _root() -> object:
    from ._cli import ROOT
    return ROOT


def _env() -> dict[str, str]:
    import os

    from ._cli import ROOT
    return dict(os.environ, PYTHONPATH=str(ROOT))
