"""Sphinx configuration of the arango_anyio documentation site (``./docs.sh`` builds it)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import arango_anyio  # noqa: E402
import arango_anyio.testing  # noqa: E402
from arango_anyio import _public  # noqa: E402

# The public classes say they live in ``arango_anyio`` (``__module__``); Sphinx reads a class's
# source, attribute comments and source link from the module its ``__module__`` names, so the
# build gives them back the module that defines them. The directives still document each at
# its public path, and references to a private path resolve there (``resolve_short_names``).
for _cls in list(_public._DEFINED_IN):
    _cls.__module__ = _public.defined_in(_cls)

project = "arango_anyio"
author = "the arango_anyio developers"
copyright = "2026, the arango_anyio developers"
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
# A literal block that names no language is text (Python listings come from programs, which
# literalinclude highlights as Python by their file name).
highlight_language = "text"
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
        "pytest": "https://docs.pytest.org/en/stable/",
    }.items()
}
intersphinx_disabled_reftypes: list[str] = []

# -- the API reference ------------------------------------------------------------------------
# Types that exist only for type checkers (imported under TYPE_CHECKING under another name).
#: Names that exist only for type checkers (imported under TYPE_CHECKING under another name),
#: and the emulator's server core, which ``Emulator`` is: where the reference documents them.
ALIASES = {
    "AsyncJobsView": "arango_anyio.AsyncDatabase",
    "NoResultView": "arango_anyio.job.AsyncDatabaseNoResult",
    "Deployment": "arango_anyio.testing.Emulator",
}
autodoc_typehints_description_target = "all"

#: Where a short or private name in a docstring or an annotation is looked for, in order.
PUBLIC_HOMES = ("arango_anyio.", "arango_anyio.exceptions.", "arango_anyio.testing.",
                "arango_anyio.job.", "arango_anyio.http.", "arango_anyio.errno.", "")


def _is_private(module: str) -> bool:
    return any(part.startswith("_") for part in module.split("."))


def _public_bases(cls: type) -> list[type]:
    """``cls`` if it is public, else its nearest public ancestors (mixins are private)."""
    if not _is_private(cls.__module__) or cls.__module__ == "builtins":
        return [cls]
    found: list[type] = []
    for base in cls.__bases__:
        found += [b for b in _public_bases(base) if b not in found and b is not object]
    return found


def process_bases(app, name, obj, options, bases: list) -> None:
    """Bases: lines name public classes only (the private mixins' public ancestors)."""
    public: list = []
    for base in bases:
        candidates = _public_bases(base) if isinstance(base, type) else [base]
        public += [b for b in candidates if b not in public]
    bases[:] = public or [object]  # "Bases: object", as for any plain class


def _takes_internals(init: object) -> bool:
    """A constructor that takes the package's internals (a connection, an executor): its
    class is handed out by the API, never made by users."""
    import typing

    if not callable(init) or not hasattr(init, "__globals__"):
        return False
    # Names imported only for type checkers are found in the package's other modules.
    names: dict[str, object] = {}
    for module_name, module in sorted(sys.modules.items()):
        if module_name.startswith("arango_anyio.") and ".testing" not in module_name:
            names.update((k, v) for k, v in vars(module).items() if isinstance(v, type))
    names.update(init.__globals__)
    try:
        hints = typing.get_type_hints(init, globalns=names)
    except Exception:
        return False

    def private(t: object) -> bool:
        if isinstance(t, type):
            return t.__module__.startswith("arango_anyio") and _is_private(t.__module__)
        return any(private(arg) for arg in typing.get_args(t))

    return any(private(t) for name, t in hints.items() if name != "return")


def skip_member(app, what, name, obj, skip, options):
    """Handed-out classes show no constructor (it takes the package's internals)."""
    if name == "__init__" and _takes_internals(obj):
        return True
    return None


def process_signature(app, what, name, obj, options, signature, return_annotation):
    """A pytest fixture is asked for by name: its parameters are other fixtures, not
    arguments, so it is shown without them."""
    if hasattr(obj, "_fixture_function_marker"):
        recorded = app.env.current_document.autodoc_annotations.get(name, {})
        for parameter in [key for key in recorded if key != "return"]:
            del recorded[parameter]
        return "", return_annotation
    return None


def resolve_short_names(app, env, node, contnode):
    """Resolve a Python reference that Sphinx could not: a short name in a docstring
    (``:raises ViewGetError:``), a class at its private path (``arango_anyio._api...Graph``)
    or an alias module (``arango_anyio.collection.StandardCollection``): each is looked up at
    its public home; a type variable is plain text."""
    import typing

    if node.get("refdomain") != "py":
        return None
    target = node["reftarget"]
    domain = env.get_domain("py")
    original = target
    target = ALIASES.get(target.rpartition(".")[2], target)
    parts = target.split(".")
    for start in range(len(parts)):
        suffix = ".".join(parts[start:])
        for home in PUBLIC_HOMES:
            candidate = home + suffix
            if candidate != original and candidate in domain.objects:
                return domain.resolve_xref(env, node["refdoc"], app.builder, node["reftype"],
                                           candidate, node, contnode)
    # ``StandardDatabase.version``: documented on the public class it comes from (Database)
    owner_path, _, member = target.rpartition(".")
    owner = _find(owner_path)
    if isinstance(owner, type):
        for cls in owner.__mro__:
            for home in PUBLIC_HOMES:
                candidate = f"{home}{cls.__name__}.{member}"
                if candidate != original and candidate in domain.objects:
                    return domain.resolve_xref(env, node["refdoc"], app.builder,
                                               node["reftype"], candidate, node, contnode)
    if isinstance(_find(target), typing.TypeVar):
        return contnode
    return None


def _find(path: str) -> object:
    """The object at a dotted path (``arango_anyio.StandardDatabase``), or None."""
    import importlib

    module, _, attribute = path.rpartition(".")
    try:
        return getattr(importlib.import_module(module), attribute)
    except (ImportError, AttributeError, ValueError):
        return None


def setup(app):
    app.connect("autodoc-process-bases", process_bases)
    app.connect("autodoc-skip-member", skip_member)
    app.connect("autodoc-process-signature", process_signature)
    app.connect("missing-reference", resolve_short_names)
