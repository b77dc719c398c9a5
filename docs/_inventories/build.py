"""Write the intersphinx inventories the documentation links to (``python.inv``, ...).

The documentation is built on machines that reach no documentation site, so the inventories
of Python, AnyIO, trio, httpx and pytest (which publishes none: its site is not built with Sphinx)
are written here from ``<name>.txt``: one object per line, ``domain:role name address``,
with the address relative to the site's root. Run it after editing a list:
``python docs/_inventories/build.py``.
"""

from __future__ import annotations

from pathlib import Path

import sphobjinv

HERE = Path(__file__).resolve().parent
PROJECTS = {"python": ("Python", "3"), "anyio": ("AnyIO", "4"), "trio": ("Trio", "0"),
            "httpx": ("HTTPX", "0"), "pytest": ("pytest", "8")}


def build(name: str) -> None:
    project, version = PROJECTS[name]
    inventory = sphobjinv.Inventory()
    inventory.project = project
    inventory.version = version
    for line in (HERE / f"{name}.txt").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        kind, target, address = line.split()
        domain, role = kind.split(":")
        inventory.objects.append(sphobjinv.DataObjStr(
            name=target, domain=domain, role=role, priority="1", uri=address, dispname="-"))
    text = inventory.data_file(contract=True)
    (HERE / f"{name}.inv").write_bytes(sphobjinv.compress(text))


if __name__ == "__main__":
    for project_name in PROJECTS:
        build(project_name)
