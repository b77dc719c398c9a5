"""The benchmark suite: ``python benchmarks/run.py [--rounds N] [--quick]``.

Starts nginx with canned ArangoDB answers on 127.0.0.1 (``server.py``), makes sure the other
drivers are installed in their own virtualenvs, then runs every workload for every client --
each client in its own worker process (``worker.py``), all clients interleaved slice by slice,
for several rounds -- and prints one table: items per second, the ratio to
python-arango-async, the ratio to the raw-socket floor of the same backend (both on wall-clock
and on CPU time), and memory, with the targets of issue 5 judged. The table is also written to
``benchmarks/results/latest.json`` and ``latest.md``, and into ``benchmarks/README.md``
between its result markers; ``chart.py`` draws ``latest.png`` from the JSON (``--chart-only``
draws it again without running anything).

See ``benchmarks/README.md`` for the workloads and the targets.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import queue
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from server import CannedArango, ensure_nginx  # noqa: E402

WORKER = HERE / "worker.py"
RESULTS = HERE / "results"
README = HERE / "README.md"
REFERENCE = "python-arango-async"

# The other drivers, pinned, each set in its own virtualenv so their imports never collide.
# aioarango 1.0.0 needs the httpx of its day (0.18) and, through requests-toolbelt 0.9,
# urllib3 1.x.
VENVS: dict[str, tuple[str, ...]] = {
    ".venv-others": ("python-arango-async==1.2.7", "python-arango==8.3.7"),
    ".venv-aioarango": (
        "aioarango==1.0.0",
        "httpx==0.18.2",
        "httpcore==0.13.7",
        "urllib3<2",
    ),
}


@dataclass(frozen=True)
class Client:
    name: str
    venv: str | None  # None: the project's own venv (arango_anyio, httpx, trio are there)
    backend: str  # "asyncio", "trio" or "sync": which raw floor it is compared with
    note: str


CLIENTS: tuple[Client, ...] = (
    Client("arango_anyio/asyncio", None, "asyncio", "this project, asyncio backend"),
    Client("arango_anyio/trio", None, "trio", "this project, trio backend"),
    Client("python-arango-async", ".venv-others", "asyncio", "official async driver, aiohttp"),
    Client("python-arango", ".venv-others", "sync", "official sync driver, requests"),
    Client("aioarango", ".venv-aioarango", "asyncio", "async port of python-arango, httpx 0.18"),
    Client("httpx", None, "asyncio", "plain httpx.AsyncClient, no driver"),
    Client("raw/asyncio", None, "asyncio", "floor: HTTP/1.1 by hand on asyncio streams"),
    Client("raw/trio", None, "trio", "floor: HTTP/1.1 by hand on trio streams"),
)
# The chart (chart.py) is drawn in its own virtualenv: matplotlib is for the benchmarks only.
CHART_VENV = (".venv-chart", ("matplotlib==3.11.2",))
# Not run unless named with --clients: the same floor on AnyIO streams (what AnyIO costs).
EXTRA_CLIENTS: tuple[Client, ...] = (
    Client("raw-anyio/asyncio", None, "asyncio", "HTTP/1.1 by hand on AnyIO streams, asyncio"),
    Client("raw-anyio/trio", None, "trio", "HTTP/1.1 by hand on AnyIO streams, trio"),
)
FLOOR = {"asyncio": "raw/asyncio", "trio": "raw/trio"}


@dataclass(frozen=True)
class Workload:
    name: str
    title: str
    concurrency: int
    unit: str
    # Timed workloads run `slices` slices of `window` seconds (bounded by `n` ops each too);
    # fixed ones do exactly `n` ops in one slice, `window` being only a cap.
    n: int
    fixed: bool
    window: float
    window_quick: float
    slices: int
    slices_quick: int

    def request(self, quick: bool) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        if self.name == "stream1m":  # --quick streams 250,000 documents, the full run 1,000,000
            docs = 250_000 if quick else 1_000_000
            extra = {"stream_db": "bench250k" if quick else "bench1m", "stream_docs": docs}
        return {
            **extra,
            "workload": self.name,
            "concurrency": self.concurrency,
            "n": self.n,
            "fixed": self.fixed,
            "window": self.window_quick if quick else self.window,
            "slices": self.slices_quick if quick else self.slices,
        }

    def worst_case(self, quick: bool) -> float:
        """Seconds a worker may take before the runner gives up on it."""
        req = self.request(quick)
        return 60 + float(req["window"]) * int(req["slices"])


def _timed(name: str, title: str, concurrency: int, unit: str, n: int) -> Workload:
    return Workload(name, title, concurrency, unit, n, False, 0.6, 0.3, 5, 3)


def _fixed(name: str, title: str, n: int, cap: float, slices: int = 1) -> Workload:
    return Workload(name, title, 1, "docs/s", n, True, cap, cap, slices, 1)


WORKLOADS: tuple[Workload, ...] = (
    _timed("get1", "get document, 1 in flight", 1, "req/s", 200_000),
    _timed("get64", "get document, 64 in flight", 64, "req/s", 200_000),
    _timed("insert64", "insert document, 64 in flight", 64, "req/s", 200_000),
    _timed("cursor1k", "read a 1,000-doc cursor batch", 1, "docs/s", 2_000),
    _fixed("insert_many", "insert_many 100,000 docs, 1,000 per request", 100, 30, slices=3),
    _fixed("stream1m", "stream a 1,000,000-doc cursor (--quick: 250,000)", 1, 90),
)


@dataclass
class Cell:
    """Every slice of every round of one (workload, client)."""

    # (round, slice index) -> (wall-clock rate, CPU-time rate): the runner runs slice i of
    # every client back to back, so equal keys were measured moments apart.
    slices: dict[tuple[int, int], tuple[float, float]] = field(default_factory=dict)
    growth: list[float] = field(default_factory=list)
    peak: list[float] = field(default_factory=list)
    capped: int = 0
    version: str = ""
    skip: str = ""
    skipped: int = 0  # rounds that answered "skip"
    errors: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        return statistics.median(r for r, _ in self.slices.values()) if self.slices else None

    @property
    def cpu_rate(self) -> float | None:
        return statistics.median(c for _, c in self.slices.values()) if self.slices else None

    def round_rates(self) -> list[float]:
        """The median slice of each round."""
        rounds = sorted({r for r, _ in self.slices})
        return [
            statistics.median(v[0] for k, v in self.slices.items() if k[0] == r) for r in rounds
        ]


def paired_ratio(cell: Cell, other: Cell | None, which: int) -> float | None:
    """Median over the slices both cells ran at the same moment of cell's rate ÷ other's."""
    if other is None or other is cell:
        return None
    ratios = [
        value[which] / other.slices[key][which]
        for key, value in cell.slices.items()
        if key in other.slices and other.slices[key][which] > 0
    ]
    return statistics.median(ratios) if ratios else None


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# Interpreters.


def main_python() -> str:
    """The project's interpreter: the checkout's .venv if present, else the one running us."""
    candidate = REPO / ".venv" / "bin" / "python"
    return str(candidate) if candidate.exists() else sys.executable


def ensure_venv(name: str, specs: Sequence[str], *, install: bool) -> str | None:
    """The python of ``benchmarks/<name>``, created and filled with ``specs`` when needed."""
    venv = HERE / name
    python = venv / "bin" / "python"
    marker = venv / ".bench-specs"
    wanted = "\n".join(specs)
    if python.exists() and marker.exists() and marker.read_text() == wanted:
        return str(python)
    if not install:
        return str(python) if python.exists() else None
    log(f"installing {', '.join(specs)} into benchmarks/{name} ...")
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *specs],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        log(f"pip install failed in {name}:\n{done.stderr[-2000:]}")
        return str(python) if python.exists() else None
    marker.write_text(wanted)
    return str(python)


def interpreters(install: bool) -> dict[str, str | None]:
    pythons: dict[str, str | None] = {
        name: ensure_venv(name, specs, install=install) for name, specs in VENVS.items()
    }
    out: dict[str, str | None] = {}
    for client in CLIENTS + EXTRA_CLIENTS:
        out[client.name] = main_python() if client.venv is None else pythons[client.venv]
    return out


# --------------------------------------------------------------------------------------------
# Running one measurement.


def run_worker(
    python: str,
    client: Client,
    workload: Workload,
    quick: bool,
    url: str,
    profile: Path | None = None,
) -> dict[str, Any]:
    request = {"client": client.name, "url": url, **workload.request(quick)}
    if profile is not None:
        request["profile"] = str(profile)
    limit = workload.worst_case(quick)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    if client.venv is None:
        env["PYTHONPATH"] = str(REPO)  # arango_anyio from this work tree
    try:
        done = subprocess.run(
            [python, str(WORKER), json.dumps(request)],
            capture_output=True,
            text=True,
            timeout=limit,
            env=env,
            cwd=str(HERE),
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"ok": False, "error": f"worker timed out after {limit:.0f} s"}
    lines = done.stdout.strip().splitlines()
    try:
        result: dict[str, Any] = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        tail = (done.stderr or done.stdout)[-800:]
        return {"ok": False, "error": f"worker exited {done.returncode}: {tail}"}
    return result


class Session:
    """One interactive worker: set up and warmed up, then one timed slice per ``slice()``."""

    def __init__(
        self, python: str, client: Client, workload: Workload, quick: bool, url: str
    ) -> None:
        self.client = client
        self.workload = workload
        self.quick = quick
        request = {
            "client": client.name,
            "url": url,
            "interactive": True,
            **workload.request(quick),
        }
        self.stderr = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (closed in close())
        self.proc = subprocess.Popen(
            [python, str(WORKER), json.dumps(request)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            text=True,
            bufsize=1,
            env=_worker_env(client),
            cwd=str(HERE),
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def receive(self, timeout: float) -> dict[str, Any]:
        """The worker's next JSON line, or an error result (it died, or took too long)."""
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            self.kill()
            return {"ok": False, "error": f"worker gave no answer within {timeout:.0f} s"}
        if line is None:
            self.proc.wait(timeout=10)
            self.stderr.seek(0)
            tail = self.stderr.read()[-800:]
            return {"ok": False, "error": f"worker exited {self.proc.returncode}: {tail}"}
        try:
            answer: dict[str, Any] = json.loads(line)
        except json.JSONDecodeError:
            return self.receive(timeout)  # not ours (a driver printing): skip it
        return answer

    def send(self, command: str) -> None:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(command + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass  # it died: receive() reports how

    def start(self) -> dict[str, Any]:
        return self.receive(timeout=60 + self.workload.worst_case(self.quick))

    def slice(self) -> dict[str, Any]:
        self.send("slice")
        return self.receive(timeout=60 + self.workload.request(self.quick)["window"])

    def finish(self) -> dict[str, Any]:
        self.send("end")
        result = self.receive(timeout=60)
        self.close()
        return result

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()

    def close(self) -> None:
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()
            self.proc.wait(timeout=10)
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        self.stderr.close()


def _worker_env(client: Client) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    if client.venv is None:
        env["PYTHONPATH"] = str(REPO)  # arango_anyio from this work tree
    return env


def measure(
    pythons: dict[str, str | None],
    clients: Sequence[Client],
    workloads: Sequence[Workload],
    rounds: int,
    quick: bool,
    url: str,
) -> dict[tuple[str, str], Cell]:
    """Every round: for each workload, start every client's worker (each sets up and warms
    up while the others wait), then run slice 1 of every client, slice 2 of every client, ...
    so that the figures compared were measured moments apart; then collect each worker's
    summary (memory, version)."""
    cells: dict[tuple[str, str], Cell] = {
        (w.name, c.name): Cell() for w in workloads for c in clients
    }
    started = time.monotonic()

    def note(r: int, workload: Workload, client: Client, status: str) -> None:
        elapsed = time.monotonic() - started
        log(
            f"[{elapsed:6.0f}s] round {r + 1}/{rounds} {workload.name:11} {client.name:21} {status}"
        )

    def failed(cell: Cell, res: dict[str, Any]) -> str:
        if "skip" in res:
            cell.skip = str(res["skip"])
            cell.skipped += 1
            return f"skip: {cell.skip}"
        cell.errors.append(str(res.get("error")))
        return f"ERROR: {res.get('error')}"

    for r in range(rounds):
        for workload in workloads:
            shift = r % len(clients)
            order = [*clients[shift:], *clients[:shift]]  # rotates from round to round
            sessions: dict[str, Session] = {}
            for client in order:
                cell = cells[(workload.name, client.name)]
                python = pythons[client.name]
                if python is None:
                    cell.skip = "interpreter not installed"
                    continue
                if cell.skip and client.venv is not None:
                    continue  # an installed driver's skip is for good; the work tree may change
                session = Session(python, client, workload, quick, url)
                res = session.start()
                if res.get("ready"):
                    sessions[client.name] = session
                else:
                    session.close()
                    note(r, workload, client, failed(cell, res))
            slices = workload.request(quick)["slices"]
            for i in range(slices):
                for j in range(len(order)):
                    client = order[(i + j) % len(order)]  # and from slice to slice
                    session_or_none = sessions.get(client.name)
                    if session_or_none is None:
                        continue
                    cell = cells[(workload.name, client.name)]
                    res = session_or_none.slice()
                    if "slice" in res:
                        got = res["slice"]
                        cell.slices[(r, i)] = (float(got["rate"]), float(got["cpu_rate"]))
                    else:
                        note(r, workload, client, failed(cell, res))
                        sessions.pop(client.name).close()
            for client in order:
                session_or_none = sessions.pop(client.name, None)
                if session_or_none is None:
                    continue
                cell = cells[(workload.name, client.name)]
                res = session_or_none.finish()
                if not res.get("ok"):
                    note(r, workload, client, failed(cell, res))
                    continue
                cell.growth.append(float(res["growth_mb"]))
                cell.peak.append(float(res["peak_rss_mb"]))
                cell.capped += bool(res.get("capped"))
                cell.version = str(res.get("version", ""))
                round_slices = [v for k, v in cell.slices.items() if k[0] == r]
                rate = statistics.median(x for x, _ in round_slices) if round_slices else 0.0
                status = f"{rate:>12,.0f} {workload.unit}" + (" (capped)" if res["capped"] else "")
                note(r, workload, client, status)
    return cells


# --------------------------------------------------------------------------------------------
# Table, targets, output.


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def build_rows(
    cells: dict[tuple[str, str], Cell], clients: Sequence[Client], workloads: Sequence[Workload]
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for w in workloads:
        ref = cells.get((w.name, REFERENCE))
        for c in clients:
            cell = cells[(w.name, c.name)]
            floor_name = FLOOR.get(c.backend)
            floor = cells.get((w.name, floor_name)) if floor_name else None
            is_ref = c.name == REFERENCE and cell.rate is not None
            rows.append(
                {
                    "workload": w.name,
                    "title": w.title,
                    "client": c.name,
                    "backend": c.backend,
                    "version": cell.version,
                    "unit": w.unit,
                    "rate": cell.rate,
                    "rates": [round(x, 1) for x in cell.round_rates()],
                    "cpu_rate": cell.cpu_rate,
                    "cpu_us_per_item": 1e6 / cell.cpu_rate if cell.cpu_rate else None,
                    "vs_reference": 1.0 if is_ref else paired_ratio(cell, ref, 0),
                    "vs_reference_cpu": 1.0 if is_ref else paired_ratio(cell, ref, 1),
                    "vs_floor": paired_ratio(cell, floor, 0),
                    "vs_floor_cpu": paired_ratio(cell, floor, 1),
                    "floor": floor_name if floor_name != c.name else None,
                    "peak_rss_mb": max(cell.peak) if cell.peak else None,
                    "growth_mb": statistics.median(cell.growth) if cell.growth else None,
                    "capped_rounds": cell.capped,
                    "skip": cell.skip or None,
                    "skipped_rounds": cell.skipped,
                    "errors": cell.errors,
                }
            )
    return rows


def evaluate_targets(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each target of issue 5, judged on wall-clock rates and, beside, on CPU-time rates."""
    by = {(r["workload"], r["client"]): r for r in rows}

    def get(workload: str, client: str, key: str) -> float | None:
        row = by.get((workload, client))
        value = row.get(key) if row else None
        return float(value) if value is not None else None

    targets: list[dict[str, Any]] = []

    def verdict(value: float | None, goal: float, below: bool) -> str:
        if value is None:
            return "n/a"
        return "PASS" if (value < goal if below else value >= goal) else "FAIL"

    def add(label: str, workload: str, client: str, key: str, goal: float) -> None:
        below = key == "growth_mb"
        value = get(workload, client, key)
        cpu = None if below else get(workload, client, f"{key}_cpu")
        targets.append(
            {
                "target": label,
                "kind": "MB" if below else ("floor" if key == "vs_floor" else "ratio"),
                "goal": goal,
                "value": value,
                "verdict": verdict(value, goal, below),
                "value_cpu": cpu,
                "verdict_cpu": None if below else verdict(cpu, goal, below),
            }
        )

    for w in ("get1", "get64", "cursor1k"):
        add(f"asyncio {w}: ≥ 1.5x {REFERENCE}", w, "arango_anyio/asyncio", "vs_reference", 1.5)
    for w in ("get1", "get64"):
        add(f"trio {w}: ≥ 2x {REFERENCE} (asyncio)", w, "arango_anyio/trio", "vs_reference", 2)
    for backend in ("asyncio", "trio"):
        for w in ("get1", "get64", "insert64", "cursor1k", "insert_many", "stream1m"):
            add(
                f"{backend} {w}: ≥ 60% of raw/{backend}",
                w,
                f"arango_anyio/{backend}",
                "vs_floor",
                0.6,
            )
    for backend in ("asyncio", "trio"):
        add(
            f"{backend} stream1m: memory growth < 50 MB",
            "stream1m",
            f"arango_anyio/{backend}",
            "growth_mb",
            50,
        )
    return targets


def _fmt_rate(v: float | None) -> str:
    return f"{v:,.0f}" if v is not None else "—"


def _fmt_ratio(v: float | None) -> str:
    return f"{v:.2f}x" if v is not None else "—"


def _fmt_mb(v: float | None) -> str:
    return f"{v:.1f}" if v is not None else "—"


def _fmt_us(v: float | None) -> str:
    if v is None:
        return "—"
    return f"{v:,.0f}" if v >= 100 else f"{v:.2f}" if v < 10 else f"{v:.1f}"


def table_lines(rows: list[dict[str, Any]], *, markdown: bool) -> list[str]:
    head = [
        "workload",
        "client",
        "rate",
        "unit",
        "x ref",
        "x floor",
        "CPU µs/item",
        "x ref CPU",
        "x floor CPU",
        "peak RSS MB",
        "growth MB",
    ]
    body: list[list[str]] = []
    for r in rows:
        rate = _fmt_rate(r["rate"])
        if r["rate"] is None:
            rate = "skip" if r["skip"] else ("error" if r["errors"] else "—")
        elif r["capped_rounds"]:
            rate += "*"
        body.append(
            [
                r["workload"],
                r["client"],
                rate,
                r["unit"],
                _fmt_ratio(r["vs_reference"]),
                _fmt_ratio(r["vs_floor"]),
                _fmt_us(r["cpu_us_per_item"]),
                _fmt_ratio(r["vs_reference_cpu"]),
                _fmt_ratio(r["vs_floor_cpu"]),
                _fmt_mb(r["peak_rss_mb"]),
                _fmt_mb(r["growth_mb"]),
            ]
        )
    right = [False, False, True, False, True, True, True, True, True, True, True]
    if markdown:
        align = "|".join("---:" if rt else "---" for rt in right)
        out = ["| " + " | ".join(head) + " |", f"|{align}|"]
        out += ["| " + " | ".join(cols) + " |" for cols in body]
        return out
    widths = [max(len(x) for x in col) for col in zip(head, *body, strict=True)]

    def fmt(cols: list[str]) -> str:
        return "  ".join(
            c.rjust(wd) if rt else c.ljust(wd)
            for c, wd, rt in zip(cols, widths, right, strict=True)
        )

    out = [fmt(head), "  ".join("-" * wd for wd in widths)]
    prev = None
    for cols in body:
        if prev is not None and cols[0] != prev:
            out.append("")
        prev = cols[0]
        out.append(fmt(cols))
    return out


def _fmt_target(value: float | None, kind: str) -> str:
    if value is None:
        return "—"
    if kind == "MB":
        return f"{value:.1f} MB"
    if kind == "floor":
        return f"{value * 100:.0f}%"
    return f"{value:.2f}x"


def target_lines(targets: list[dict[str, Any]], *, markdown: bool) -> list[str]:
    out = (
        ["| target | wall clock | verdict | CPU time | verdict |", "|---|---:|---|---:|---|"]
        if markdown
        else [f"  {'target':46} {'wall clock':>10} {'':4}  {'CPU time':>9}"]
    )
    for t in targets:
        wall = _fmt_target(t["value"], t["kind"])
        cpu = _fmt_target(t["value_cpu"], t["kind"]) if t["verdict_cpu"] else ""
        cpu_verdict = t["verdict_cpu"] or ""
        if markdown:
            out.append(f"| {t['target']} | {wall} | {t['verdict']} | {cpu} | {cpu_verdict} |")
        else:
            out.append(f"  {t['target']:46} {wall:>10} {t['verdict']:4}  {cpu:>9} {cpu_verdict}")
    return out


def notes(rows: list[dict[str, Any]], env: dict[str, Any]) -> list[str]:
    out: list[str] = []
    cpus = env.get("cpus") or 1
    busiest = max(env.get("loadavg_at_start", [0])[0], env.get("loadavg_at_end", [0])[0])
    if busiest > cpus:
        out.append(
            f"- the machine was busy (1-minute load average up to {busiest:.1f} on {cpus} CPUs): "
            "absolute figures are low and noisy; compare the ratios."
        )
    skips = sorted({(r["client"], r["skip"]) for r in rows if r["skip"] and r["rate"] is None})
    for client, why in skips:
        out.append(f"- {client}: skipped: {why}")
    for r in rows:
        if r["skip"] and r["rate"] is not None:
            out.append(
                f"- {r['client']} {r['workload']}: skipped in {r['skipped_rounds']} round(s) "
                f"(the median is over the others): {r['skip']}"
            )
    for r in rows:
        for err in dict.fromkeys(r["errors"]):
            out.append(f"- {r['client']} {r['workload']}: error: {err.strip()[:300]}")
    if any(r["capped_rounds"] for r in rows):
        out.append(
            "- `*` the time cap ended at least one round before all its work was done: "
            "the rate is over the work done."
        )
    return out


def environment(args: argparse.Namespace, nginx: str) -> dict[str, Any]:
    nginx_version = subprocess.run(
        [nginx, "-v"], capture_output=True, text=True, check=False
    ).stderr.strip()
    return {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "command": " ".join(["python", "benchmarks/run.py", *sys.argv[1:]]),
        "rounds": args.rounds,
        "quick": args.quick,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "loadavg_at_start": os.getloadavg(),
        "nginx": nginx_version,
        "work_tree": _work_tree(),
    }


def _work_tree() -> str:
    """The commit the measured arango_anyio is at (read-only git), "+ changes" if dirty."""
    try:
        head = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        dirty = subprocess.run(
            [
                "git",
                "--no-optional-locks",
                "-C",
                str(REPO),
                "status",
                "--porcelain",
                "--",
                "arango_anyio",
            ],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    commit = head.stdout.strip() if head.returncode == 0 else "no commit"
    return commit + (" + uncommitted changes" if dirty.stdout.strip() else "")


def render_markdown(
    env: dict[str, Any],
    rows: list[dict[str, Any]],
    targets: list[dict[str, Any]],
    clients: Sequence[Client],
) -> str:
    versions = {r["client"]: r["version"] for r in rows if r["version"]}
    lines = [
        f"Measured {env['date']} with `{env['command']}` "
        f"({env['rounds']} round(s), median; {env['cpus']} CPUs, 1-minute load average "
        f"{env['loadavg_at_start'][0]:.1f} at start and {env['loadavg_at_end'][0]:.1f} at the "
        f"end; {env['nginx']}; Python {env['python']}; arango_anyio at {env['work_tree']}).",
        "",
        *table_lines(rows, markdown=True),
        "",
        "Targets:",
        "",
        *target_lines(targets, markdown=True),
        "",
        "Clients:",
        "",
        *[f"- `{c.name}`: {c.note} ({versions.get(c.name, 'not measured')})" for c in clients],
    ]
    extra = notes(rows, env)
    if extra:
        lines += ["", "Notes:", "", *extra]
    return "\n".join(lines) + "\n"


START, END = "<!-- results:start -->", "<!-- results:end -->"


def update_readme(markdown: str) -> None:
    """Put the table between the markers of benchmarks/README.md and the project README."""
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.DOTALL)
    for readme in (README, HERE.parent / "README.md"):
        if not readme.exists():
            continue
        text = readme.read_text()
        if START in text and END in text:
            readme.write_text(pattern.sub(lambda _: f"{START}\n{markdown}{END}", text))


# --------------------------------------------------------------------------------------------


def draw_chart(*, install: bool) -> bool:
    """``results/latest.png`` from ``results/latest.json``, drawn by chart.py in the chart's
    virtualenv. False (and a message) when it cannot be drawn."""
    source, out = RESULTS / "latest.json", RESULTS / "latest.png"
    if not source.exists():
        log(f"no {source}: run the benchmark first")
        return False
    python = ensure_venv(*CHART_VENV, install=install)
    if python is None:
        log("matplotlib is not installed in benchmarks/.venv-chart (drop --no-install)")
        return False
    done = subprocess.run([python, str(HERE / "chart.py"), str(source), str(out)],
                          capture_output=True, text=True, check=False, timeout=300)
    if done.returncode != 0:
        log(f"drawing the chart failed:\n{done.stderr[-2000:]}")
        return False
    log(f"wrote {out}")
    return True


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--rounds", type=int, default=None, help="rounds (default 3; quick 1)")
    parser.add_argument("--quick", action="store_true", help="fewer ops per round, 1 round")
    parser.add_argument(
        "--clients",
        default="",
        help="comma-separated clients (default: all but the raw-anyio ones): "
        + ", ".join(c.name for c in CLIENTS + EXTRA_CLIENTS),
    )
    parser.add_argument(
        "--workloads",
        default="",
        help="comma-separated subset of: " + ", ".join(w.name for w in WORKLOADS),
    )
    parser.add_argument(
        "--no-install", action="store_true", help="do not create or update the driver venvs"
    )
    parser.add_argument(
        "--no-save", action="store_true", help="print only: leave results/ and README.md alone"
    )
    parser.add_argument(
        "--chart-only", action="store_true",
        help="run nothing: draw results/latest.png from results/latest.json (matplotlib, in "
        "benchmarks/.venv-chart) and exit",
    )
    parser.add_argument(
        "--profile",
        metavar="CLIENT",
        default="",
        help="instead of the table: run CLIENT once per workload under cProfile and print "
        "where the time goes (pstats files in benchmarks/.profiles/)",
    )
    args = parser.parse_args(argv)
    if args.rounds is None:
        args.rounds = 1 if args.quick else 3
    args.rounds = max(1, min(args.rounds, 20))
    return args


def _select(items: Sequence[Any], wanted: str, what: str) -> list[Any]:
    if not wanted:
        return list(items)
    names = [x.strip() for x in wanted.split(",") if x.strip()]
    known = {i.name: i for i in items}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise SystemExit(f"unknown {what}: {', '.join(unknown)}")
    return [known[n] for n in names]


def profile_clients(
    pythons: dict[str, str | None], client: Client, workloads: Sequence[Workload], quick: bool
) -> None:
    """Run ``client`` once per workload under cProfile; print the top functions."""
    import pstats

    python = pythons[client.name]
    if python is None:
        raise SystemExit(f"{client.name}: interpreter not installed")
    out_dir = HERE / ".profiles"
    out_dir.mkdir(exist_ok=True)
    with CannedArango() as server:
        for workload in workloads:
            path = out_dir / f"{client.name.replace('/', '-')}-{workload.name}.pstats"
            res = run_worker(python, client, workload, quick, server.url, profile=path)
            rate = f"{res['rate']:,.0f} {workload.unit}" if res.get("ok") else str(res)
            print(f"\n=== {client.name} {workload.name}: {rate} (under cProfile) -> {path}")
            if path.exists():
                stats = pstats.Stats(str(path), stream=sys.stdout)
                stats.strip_dirs().sort_stats("tottime").print_stats(25)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.chart_only:
        return 0 if draw_chart(install=not args.no_install) else 1
    if args.profile:
        [client] = _select(CLIENTS + EXTRA_CLIENTS, args.profile, "client")
        ensure_nginx(log)
        pythons = interpreters(install=not args.no_install)
        profile_clients(pythons, client, _select(WORKLOADS, args.workloads, "workload"), True)
        return 0
    clients = (
        _select(CLIENTS + EXTRA_CLIENTS, args.clients, "client") if args.clients else [*CLIENTS]
    )
    workloads = _select(WORKLOADS, args.workloads, "workload")
    nginx = ensure_nginx(log)
    pythons = interpreters(install=not args.no_install)
    env = environment(args, nginx)
    log("starting nginx with canned ArangoDB answers (writing the 1M-document cursor) ...")
    with CannedArango() as server:
        log(f"nginx on {server.url}")
        cells = measure(pythons, clients, workloads, args.rounds, args.quick, server.url)
        unknown = server.unknown_requests()
    env["loadavg_at_end"] = os.getloadavg()
    rows = build_rows(cells, clients, workloads)
    backends = {c.backend for c in clients if c.name.startswith("arango_anyio/")}
    ran = {w.name for w in workloads}
    targets = [
        t
        for t in evaluate_targets(rows)
        if t["target"].split()[1].rstrip(":") in ran and t["target"].split()[0] in backends
    ]
    print()
    print("\n".join(table_lines(rows, markdown=False)))
    if targets:
        print("\nTargets:")
        print("\n".join(target_lines(targets, markdown=False)))
    extra = notes(rows, env)
    if unknown:
        extra.append(f"- requests nginx had no canned answer for: {sorted(set(unknown))[:10]}")
    if extra:
        print("\nNotes:")
        print("\n".join(extra))
    if not args.no_save:
        RESULTS.mkdir(exist_ok=True)
        payload = {
            "environment": env,
            "rows": rows,
            "targets": targets,
            "unknown_requests": unknown,
        }
        (RESULTS / "latest.json").write_text(json.dumps(payload, indent=2) + "\n")
        markdown = render_markdown(env, rows, targets, clients)
        (RESULTS / "latest.md").write_text(markdown)
        update_readme(markdown)
        log(f"wrote {RESULTS / 'latest.json'}, {RESULTS / 'latest.md'} and the README table")
        draw_chart(install=not args.no_install)
    return 0


if __name__ == "__main__":
    sys.exit(main())
