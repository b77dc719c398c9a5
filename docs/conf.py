"""Sphinx configuration of the arango_anyio documentation site (``./docs.sh`` builds it)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import arango_anyio  # noqa: E402

project = "arango_anyio"
author = "the arango_anyio developers"
copyright = "2026, the arango_anyio developers"  # noqa: A001
release = arango_anyio.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.intersphinx",
    "sphinx.ext.viewcode",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "_inventories/*.txt", "README.md", "examples"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = f"arango_anyio {release}"

# Every cross-reference must resolve (./docs.sh builds with -W -n).
nitpicky = True
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_class_signature = "separated"
autodoc_default_options = {"members": True, "show-inheritance": True}

# The machines this builds on reach no documentation site, so the inventories are kept here:
# _inventories/build.py writes them from _inventories/*.txt (name, role, address).
intersphinx_mapping = {
    name: (url, str(ROOT / "docs" / "_inventories" / f"{name}.inv"))
    for name, url in {
        "python": "https://docs.python.org/3/",
        "anyio": "https://anyio.readthedocs.io/en/stable/",
        "trio": "https://trio.readthedocs.io/en/stable/",
        "httpx": "https://www.python-httpx.org/",
    }.items()
}
intersphinx_disabled_reftypes: list[str] = []
