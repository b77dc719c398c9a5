"""Start ``python -m arango_anyio.testing`` as a subprocess and read the URLs it prints."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _read_lines(proc: subprocess.Popen[bytes], count: int, timeout: float) -> list[str]:
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    data = b""
    deadline = time.monotonic() + timeout
    while data.count(b"\n") < count:
        left = deadline - time.monotonic()
        if left <= 0 or proc.poll() is not None:
            break
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            data += chunk
    lines = data.decode().splitlines()
    if len(lines) < count:
        raise AssertionError(f"the command printed {lines!r}, expected {count} URLs")
    return lines[:count]


def cli_command(*args: str) -> list[str]:
    """The command line of the emulator command with ``args``."""
    return [sys.executable, "-m", "arango_anyio.testing", *args]


def cli_env() -> dict[str, str]:
    """The environment the command needs to import this checkout."""
    return dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))


@contextmanager
def running_cli(*args: str, coordinators: int = 1,
                timeout: float = 15.0) -> Iterator[tuple[subprocess.Popen[bytes], list[str]]]:
    """Run the command with ``--port 0``; yields the process and the URLs it printed."""
    proc = subprocess.Popen(
        cli_command("--host", "127.0.0.1", "--port", "0", "--coordinators", str(coordinators),
                    *args),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=cli_env(),
    )
    try:
        yield proc, _read_lines(proc, coordinators, timeout)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        for pipe in (proc.stdout, proc.stderr):
            if pipe is not None:
                pipe.close()
