"""A canned ArangoDB 3.12 on nginx, for the benchmark suite.

nginx answers every request the benchmark workloads send with a fixed body taken from the
shapes the real server sends (see ``shared/conformance/recorded-3.12.jsonl``): compact JSON,
``content-type: application/json``, the ArangoDB headers (``x-arango-queue-time-seconds``...),
keep-alive with a very large ``keepalive_requests``. Routes:

=====================================================  ==========================================
``GET /_api/version`` (also under ``/_db/<db>/``)      version document
``GET /_db/_system/_api/document/bench/<key>``         a small document whose ``_key`` is <key>
``POST /_db/_system/_api/document/bench``              202 ``{_id, _key, _rev}``
``POST /_db/_system/_api/document/benchmany``          202 array of 1,000 ``{_id, _key, _rev}``
``POST /_db/_system/_api/cursor``                      201 one batch of 1,000 docs, hasMore false
``POST /_db/bench1m/_api/cursor``                      201 first of 1,000 batches (id ``c999``)
``POST /_db/bench250k/_api/cursor``                    201 first of 250 batches (id ``c249``)
``POST|PUT /_db/bench<x>/_api/cursor/c<k>``            200 next batch (id ``c<k-1>``); ``c1`` ends
``DELETE /_db/<db>/_api/cursor/<id>``                  202
anything else                                          404 in ArangoDB's error shape (logged)
=====================================================  ==========================================

nginx cannot count, so the 1,000,000-document cursor is a chain of canned files: each batch
carries the id of the next one, and every driver takes the cursor id from each batch. nginx's
static module serves only GET, so POST/PUT answers come from files through
``return 405`` + ``error_page 405 =<status> /_files/...`` (an internal redirect, which turns
the method into GET). The streaming workload uses its own database name (``bench1m``, or
``bench250k`` for ``--quick``) because nginx cannot tell two ``POST /_api/cursor`` bodies
apart.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

BATCH = 1000  # documents per cursor batch, and per insert_many request
STREAM_BATCHES = 1000  # 1,000 batches of 1,000 = 1,000,000 documents
REV = "_l6zh4RW---"

VERSION = {"server": "arango", "license": "community", "version": "3.12.10"}

# ArangoDB's own response headers (as recorded from 3.12.10), added to every answer.
ARANGO_HEADERS = {
    "x-arango-queue-time-seconds": "0.000000",
    "x-content-type-options": "nosniff",
    "cache-control": "no-cache, no-store, must-revalidate, pre-check=0, post-check=0, "
    "max-age=0, s-maxage=0",
    "content-security-policy": "frame-ancestors 'self'; form-action 'self';",
    "expires": "0",
    "pragma": "no-cache",
    "strict-transport-security": "max-age=31536000 ; includeSubDomains",
}

CURSOR_EXTRA: dict[str, Any] = {
    "warnings": [],
    "stats": {
        "writesExecuted": 0,
        "writesIgnored": 0,
        "documentLookups": 0,
        "seeks": 0,
        "scannedFull": BATCH,
        "scannedIndex": 0,
        "cursorsCreated": 0,
        "cursorsRearmed": 0,
        "cacheHits": 0,
        "cacheMisses": 0,
        "filtered": 0,
        "httpRequests": 0,
        "executionTime": 0.0021,
        "peakMemoryUsage": 0,
        "intermediateCommits": 0,
    },
}


def stream_databases(batches: int = STREAM_BATCHES) -> dict[str, int]:
    """Database name -> number of 1,000-doc batches its ``POST /_api/cursor`` streams."""
    out = {"bench1m": batches}
    if batches >= 250:
        out["bench250k"] = 250  # the --quick stream
    return out


def _dumps(obj: Any) -> str:
    return json.dumps(obj, separators=(",", ":"))


def bench_doc(key: str) -> dict[str, Any]:
    """The document stored under ``bench/<key>`` (also the shape of cursor results)."""
    return {
        "_key": key,
        "_id": f"bench/{key}",
        "_rev": REV,
        "name": f"user-{key}",
        "age": 42,
        "active": True,
        "tags": ["a", "b", "c"],
    }


def _cursor_body(docs: list[dict[str, Any]], *, cursor_id: str | None, has_more: bool) -> str:
    body: dict[str, Any] = {"result": docs, "hasMore": has_more}
    if cursor_id is not None:
        body["id"] = cursor_id
    body["cached"] = False
    body["extra"] = CURSOR_EXTRA
    return _dumps(body)


def _stream_bodies(batches: int) -> Iterator[tuple[int, str]]:
    """(k, body) for the stream's batches: the same 1,000 documents in every batch (only the
    cursor id and hasMore change), so the whole stream is written in a moment."""
    marker = '"@RESULTS@"'
    results = _dumps([bench_doc(str(i)) for i in range(BATCH)])
    for k in range(batches):
        shell = _cursor_body([], cursor_id=f"c{k}" if k else None, has_more=k > 0)
        yield k, shell.replace("[]", marker, 1).replace(marker, results, 1)


def _nginx_string(text: str) -> str:
    """Quote ``text`` for an nginx config string."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def find_nginx() -> str | None:
    for candidate in (shutil.which("nginx"), "/usr/sbin/nginx"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def ensure_nginx(log: Any = print) -> str:
    """Return the nginx binary, installing Debian's package when it is missing."""
    found = find_nginx()
    if found:
        return found
    if os.geteuid() != 0:
        raise RuntimeError("nginx is not installed and we are not root: apt-get install nginx")
    log("nginx not found: apt-get update && apt-get install -y nginx")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    for package in ("nginx", "nginx-light"):
        done = subprocess.run(["apt-get", "install", "-y", "-qq", package], env=env, check=False)
        if done.returncode == 0 and find_nginx():
            break
    found = find_nginx()
    if not found:
        raise RuntimeError("could not install nginx")
    return found


PREFIX = "arango-bench-nginx-"


def _sweep_stale() -> None:
    """Remove the temp dirs of runs that were killed outright (their nginx is gone too)."""
    for root in Path(tempfile.gettempdir()).glob(PREFIX + "*"):
        try:
            pid = int((root / "nginx.pid").read_text().strip())
            os.kill(pid, 0)
            continue  # its nginx still runs: someone's live server
        except ProcessLookupError:
            pass  # the nginx is gone
        except PermissionError:
            continue  # alive, someone else's
        except (OSError, ValueError):
            if time.time() - root.stat().st_mtime < 3600:
                continue  # no pid yet: maybe starting right now
        shutil.rmtree(root, ignore_errors=True)


def _die_with_parent() -> None:
    """In the child before exec: get SIGTERM if the runner dies without cleaning up (Linux),
    so no nginx outlives a killed benchmark."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class CannedArango:
    """nginx serving canned ArangoDB answers on 127.0.0.1, as a context manager."""

    def __init__(self, *, stream_batches: int = STREAM_BATCHES) -> None:
        self.stream_batches = stream_batches
        self.port = 0
        self.root: Path | None = None
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> CannedArango:
        nginx = ensure_nginx()
        _sweep_stale()
        self.root = Path(tempfile.mkdtemp(prefix=PREFIX))
        self._write_files(self.root)
        self.port = _free_port()
        conf = self.root / "nginx.conf"
        conf.write_text(self._config(self.root))
        # nginx's worker runs as "nobody": everything it serves must be world-readable.
        for path in [self.root, *self.root.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        self._proc = subprocess.Popen(
            [nginx, "-p", str(self.root), "-c", str(conf), "-e", str(self.root / "error.log")],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            preexec_fn=_die_with_parent,
        )
        try:
            self._wait_ready()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGQUIT)  # graceful stop of master + worker
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        if proc is not None and proc.stderr is not None:
            proc.stderr.close()
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def unknown_requests(self) -> list[str]:
        """Requests that hit the 404 fallback (a driver asked for something not canned)."""
        if self.root is None:
            return []
        log = self.root / "unknown.log"
        return log.read_text().splitlines() if log.exists() else []

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 15
        while True:
            assert self._proc is not None
            if self._proc.poll() is not None:
                err = self._proc.stderr.read().decode() if self._proc.stderr else ""
                raise RuntimeError(f"nginx exited with {self._proc.returncode}: {err}")
            try:
                with urllib.request.urlopen(f"{self.url}/_api/version", timeout=1) as resp:
                    json.loads(resp.read())
                    return
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("nginx did not come up within 15 s") from None
                time.sleep(0.05)

    def _write_files(self, root: Path) -> None:
        files = root / "files"
        (files / "stream").mkdir(parents=True)
        for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (root / "tmp" / sub).mkdir(parents=True)
        docs = [bench_doc(str(i)) for i in range(BATCH)]
        (files / "cursor1k.json").write_text(_cursor_body(docs, cursor_id=None, has_more=False))
        many = [{"_id": f"benchmany/{i}", "_key": str(i), "_rev": REV} for i in range(BATCH)]
        (files / "many.json").write_text(_dumps(many))
        # The stream: a chain of canned batches. File c<k+1>.json holds the batch that carries
        # cursor id c<k>, so asking for cursor c<k> is answered by c<k>.json; c1.json is the last
        # batch (hasMore false, no id). A stream of B batches starts with c<B>.json.
        for k, body in _stream_bodies(self.stream_batches):
            (files / "stream" / f"c{k + 1}.json").write_text(body)

    def _config(self, root: Path) -> str:
        headers = "".join(
            f"    add_header {name} {_nginx_string(value)} always;\n"
            for name, value in ARANGO_HEADERS.items()
        )
        (root / "arango_headers.conf").write_text(headers)
        inc = f"include {root}/arango_headers.conf;"
        version = _nginx_string(_dumps(VERSION))
        doc = _dumps(bench_doc("KEY")).replace("KEY", "$1")
        inserted = _dumps({"_id": "bench/1", "_key": "1", "_rev": REV})
        not_found = _dumps(
            {"code": 404, "error": True, "errorMessage": "unknown path", "errorNum": 404}
        )
        method_not_allowed = _dumps(
            {"code": 405, "error": True, "errorMessage": "method not supported", "errorNum": 405}
        )
        tmp = root / "tmp"
        stream_firsts = "".join(
            f"""
    location = /_db/{db}/_api/cursor {{
      error_page 405 =201 /_files/stream/c{batches}.json;
      return 405;
    }}"""
            for db, batches in stream_databases(self.stream_batches).items()
        )
        return f"""
worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/client_body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  types {{ }}
  default_type application/json;
  sendfile on;
  tcp_nopush off;
  tcp_nodelay on;
  etag off;
  server_tokens off;
  keepalive_timeout 600s;
  keepalive_requests 100000000;
  client_max_body_size 256m;
  client_body_buffer_size 4m;
  log_format unknown '$request_method $request_uri -> $status';

  server {{
    listen 127.0.0.1:{self.port} backlog=1024;
    root {root}/files;

    location = /_api/version {{ {inc} return 200 {version}; }}
    location ~ ^/_db/[^/]+/_api/version$ {{ {inc} return 200 {version}; }}

    location ~ ^/_db/_system/_api/document/bench/([^/?]+)$ {{
      {inc}
      add_header etag '"{REV}"' always;
      return 200 {_nginx_string(doc)};
    }}
    location = /_db/_system/_api/document/bench {{
      {inc}
      if ($request_method != POST) {{ return 405 {_nginx_string(method_not_allowed)}; }}
      add_header etag '"_l6zhVEC---"' always;
      add_header location /_db/_system/_api/document/bench/1 always;
      return 202 {_nginx_string(inserted)};
    }}
    location = /_db/_system/_api/document/benchmany {{
      error_page 405 =202 /_files/many.json;
      return 405;
    }}
    location = /_db/_system/_api/cursor {{
      error_page 405 =201 /_files/cursor1k.json;
      return 405;
    }}
{stream_firsts}
    location ~ ^/_db/bench[0-9a-z]+/_api/cursor/(c[0-9]+)$ {{
      {inc}
      if ($request_method = DELETE) {{
        return 202 '{{"id":"$1","error":false,"code":202}}';
      }}
      error_page 405 =200 /_files/stream/$1.json;
      return 405;
    }}
    location ~ ^/_db/[^/]+/_api/cursor/([^/]+)$ {{
      {inc}
      if ($request_method = DELETE) {{
        return 202 '{{"id":"$1","error":false,"code":202}}';
      }}
      return 404 {_nginx_string(not_found)};
    }}
    location /_files/ {{
      internal;
      {inc}
      alias {root}/files/;
    }}
    location / {{
      {inc}
      access_log {root}/unknown.log unknown;
      return 404 {_nginx_string(not_found)};
    }}
  }}
}}
"""


def _smoke() -> None:
    """``python benchmarks/server.py``: start nginx, show a few answers, stop."""
    with CannedArango(stream_batches=3) as server:
        print("nginx on", server.url)
        checks: list[tuple[str, str, bytes | None]] = [
            ("GET", "/_api/version", None),
            ("GET", "/_db/_system/_api/document/bench/k1", None),
            ("POST", "/_db/_system/_api/document/bench", b'{"a":1}'),
            ("POST", "/_db/_system/_api/document/benchmany", b'[{"a":1}]'),
            ("POST", "/_db/_system/_api/cursor", b'{"query":"FOR d IN bench RETURN d"}'),
            ("POST", "/_db/bench1m/_api/cursor", b'{"query":"FOR d IN bench RETURN d"}'),
            ("POST", "/_db/bench1m/_api/cursor/c2", None),
            ("PUT", "/_db/bench1m/_api/cursor/c1", None),
            ("DELETE", "/_db/bench1m/_api/cursor/c1", None),
            ("DELETE", "/_db/_system/_api/cursor/123", None),
            ("GET", "/nope", None),
        ]
        for method, path, body in checks:
            req = urllib.request.Request(server.url + path, data=body, method=method)
            try:
                with urllib.request.urlopen(req, timeout=5) as resp:
                    status, hdrs, data = resp.status, resp.headers, resp.read()
            except urllib.error.HTTPError as err:
                status, hdrs, data = err.code, err.headers, err.read()
            parsed = json.loads(data)
            summary = (
                f"{len(parsed)} items"
                if isinstance(parsed, list)
                else {k: v for k, v in parsed.items() if k != "result"}
                | ({"result": f"{len(parsed['result'])} docs"} if "result" in parsed else {})
            )
            print(
                f"{method:6} {path:45} {status} {hdrs['content-type']} "
                f"q={hdrs['x-arango-queue-time-seconds']} len={len(data)} {summary}"
            )
        print("unknown:", server.unknown_requests())


if __name__ == "__main__":
    _smoke()
