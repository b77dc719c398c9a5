"""Print the README's feature table (area -> methods -> status) from docs/project/features.md.

Usage: python scripts/feature_table.py > /tmp/table.md   (then paste it into README.md)
"""

from __future__ import annotations

import pathlib
import re

FEATURES = pathlib.Path(__file__).resolve().parent.parent / "docs" / "project" / "features.md"
ROW = re.compile(r"^\| `([^`]+)` \| ([^|]+) \|")


def main() -> None:
    areas: list[tuple[str, list[tuple[str, str]]]] = []
    for line in FEATURES.read_text().splitlines():
        if line.startswith("### "):
            areas.append((line[4:].strip(), []))
        elif areas and (match := ROW.match(line)):
            areas[-1][1].append((match.group(1), match.group(2).strip()))
    print("| area | methods | status |")
    print("| --- | --- | --- |")
    for area, rows in areas:
        if not rows:
            continue
        tested = sum("tested" in status for _, status in rows)
        deprecated = sum("deprecated" in status for _, status in rows)
        status = f"{len(rows)} methods, {tested} tested"
        if deprecated:
            status += f", {deprecated} deprecated"
        names = ", ".join(f"`{name}`" for name, _ in rows)
        print(f"| {area} | {names} | {status} |")


if __name__ == "__main__":
    main()
