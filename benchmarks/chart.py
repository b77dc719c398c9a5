"""Draw the benchmark chart: throughput per workload and client, from ``run.py``'s JSON.

``python benchmarks/chart.py results/latest.json results/latest.png`` (``run.py`` runs it in
``benchmarks/.venv-chart``, which has matplotlib, after every saved run, and alone with
``--chart-only``). One panel per workload, each with its own scale (requests per second or
documents per second); the bars are the clients, arango_anyio's first, the raw-socket floors
last and pale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only: no display
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

OURS = "#2a7ab0"
OTHERS = "#8c8c8c"
FLOOR = "#d9d9d9"


def _colour(client: str) -> str:
    if client.startswith("arango_anyio/"):
        return OURS
    if client.startswith("raw"):
        return FLOOR
    return OTHERS


def _short(value: float, _position: object = None) -> str:
    """1,234,567 -> 1.23M, 6,264 -> 6.26k, 833 -> 833 (three significant digits)."""
    for size, suffix in ((1_000_000, "M"), (1_000, "k")):
        if value >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}"


def draw(results: dict[str, Any], out: Path) -> None:
    rows = results["rows"]
    workloads: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        workloads.setdefault(row["workload"], []).append(row)
    columns = 2
    panels = len(workloads)
    lines = (panels + columns - 1) // columns
    figure, axes = plt.subplots(lines, columns, figsize=(11, 2.9 * lines), squeeze=False)
    for axis, cells in zip(axes.flat, workloads.values(), strict=False):
        clients = [c["client"] for c in cells][::-1]
        rates = [c["rate"] or 0.0 for c in cells][::-1]
        bars = axis.barh(clients, rates, color=[_colour(c) for c in clients])
        for bar, cell in zip(bars, cells[::-1], strict=True):
            label = _short(cell["rate"]) if cell["rate"] else "not run: " + (cell["skip"] or "-")
            axis.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {label}",
                      va="center", fontsize=8)
        axis.set_title(f"{cells[0]['title']} ({cells[0]['unit']})", fontsize=10, loc="left")
        axis.xaxis.set_major_formatter(FuncFormatter(_short))
        axis.set_xlim(0, max(rates) * 1.18 if max(rates) else 1)
        axis.tick_params(labelsize=8)
        axis.spines[["top", "right"]].set_visible(False)
    for axis in list(axes.flat)[panels:]:
        axis.set_visible(False)
    env = results["environment"]
    figure.suptitle(
        f"Throughput, higher is better ({env['date'][:10]}, {env['rounds']} round(s), median; "
        f"{env['cpus']} CPUs, Python {env['python']}; canned ArangoDB answers on nginx)",
        fontsize=10)
    figure.tight_layout()
    figure.savefig(out, dpi=110)
    plt.close(figure)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    source, out = Path(argv[0]), Path(argv[1])
    draw(json.loads(source.read_text()), out)
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
