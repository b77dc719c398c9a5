"""Generate ``arango_anyio/_api/async_types/``: what the type checker sees under
``db.begin_async_execution()``.

Usage: python scripts/gen_async_types.py [--check]

Under async execution every API call returns an :class:`~arango_anyio.AsyncJob` for its
result (or ``None`` with ``return_result=False``) while the runtime objects are the ordinary
handles. The generated modules declare, for each handle class, two Protocols whose members
mirror the real ones: ``AsyncX`` (each call returns ``AsyncJob[<the direct result>]``) and
``AsyncXNoResult`` (each call returns ``None``). Sub-handles (``collection()``, ``aql``,
``graph()``, ...) map to their protocols, so the whole tree below an async handle is typed.

Signatures (parameters, defaults, overloads) are copied from the source with ``ast``;
``inspect`` finds which class defines each member. ``--check`` exits 1 when the files on disk
are not what this script generates (``tests/architecture/test_async_types.py`` does the same).
"""

from __future__ import annotations

import ast
import builtins
import importlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from arango_anyio._public import defined_in

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "arango_anyio"
OUTPUT = ROOT / PACKAGE / "_api" / "async_types"
OUTPUT_MODULE = f"{PACKAGE}._api.async_types"
MAX_LINE = 100

#: (module, class, area) of every handle reachable from an async database handle, bases
#: before the classes built on them. ``area`` names the generated module.
HANDLES: list[tuple[str, str, str]] = [
    ("_api.group", "ApiGroup", "group"),
    ("_api.collection.collection", "Collection", "collection"),
    ("_api.collection.collection", "StandardCollection", "collection"),
    ("_api.graph.collections", "VertexCollection", "graph"),
    ("_api.graph.collections", "EdgeCollection", "graph"),
    ("_api.graph.graph", "Graph", "graph"),
    ("_api.aql.cache", "AQLQueryCache", "aql"),
    ("_api.aql.aql", "AQL", "aql"),
    ("_api.services.foxx", "Foxx", "services"),
    ("_api.services.backup", "Backup", "services"),
    ("_api.services.cluster", "Cluster", "services"),
    ("_api.services.replication", "Replication", "services"),
    ("_api.services.wal", "WAL", "services"),
    ("_api.services.pregel", "Pregel", "services"),
    ("_api.database.database", "Database", "database"),
]

#: Members that send directly whatever the handle's executor is: their real types stand.
DIRECT = {
    "JobsMixin.async_jobs": "lists the jobs of every coordinator",
    "JobsMixin.clear_async_jobs": "clears the jobs of every coordinator",
}

#: Members left out of the async protocols, and why.
EXCLUDED = {
    "Database.begin_async_execution": "python-arango's AsyncDatabase has no begin_* either",
    "Database.begin_controlled_execution": "python-arango's AsyncDatabase has none",
    "Database.begin_transaction": "python-arango's AsyncDatabase has none",
    "Database.fetch_transaction": "python-arango's AsyncDatabase has none",
    # Calls made of several requests, each needing the answer of the one before: under
    # async execution they raise InvalidArgumentError before sending anything.
    "AQL.execute_many": "reads every cursor",
    "ReadsMixin.random": "reads the query's cursor",
    "ReadsMixin.update_match": "reads the query's cursor",
    "ReadsMixin.replace_match": "reads the query's cursor",
    "ReadsMixin.delete_match": "reads the query's cursor",
    "ReadsMixin.find_near": "reads the geo index first",
    "ReadsMixin.find_in_radius": "reads the geo index first",
    "ReadsMixin.find_in_box": "reads the geo index first",
}

#: Protocols usable in ``isinstance`` for the type checker: ``arango_anyio.AsyncDatabase``
#: is this protocol to the type checker and the runtime class at run time.
RUNTIME_CHECKABLE = {("Database", "")}

#: The families: protocol name suffix, and what a call returns (an AsyncJob for its result,
#: or None).
FAMILIES = [("", "AsyncJob"), ("NoResult", "None")]

_BUILTINS = set(dir(builtins))


@dataclass
class Imports:
    """``from module import name`` lines needed by one generated module."""

    names: dict[str, set[str]] = field(default_factory=dict)

    def add(self, module: str, name: str) -> None:
        self.names.setdefault(module, set()).add(name)

    def render(self) -> list[str]:
        def group(module: str) -> int:
            return 1 if module.split(".")[0] == PACKAGE else 0

        lines: list[str] = []
        previous: int | None = None
        for module in sorted(self.names, key=lambda m: (group(m), m)):
            if previous is not None and group(module) != previous:
                lines.append("")
            previous = group(module)
            names = sorted(self.names[module], key=_isort_key)
            line = f"from {module} import {', '.join(names)}"
            if len(line) <= MAX_LINE:
                lines.append(line)
            else:
                lines.append(f"from {module} import (")
                lines.extend(f"    {name}," for name in names)
                lines.append(")")
        return lines


class Source:
    """The parsed modules of the package, and where each name they use is defined."""

    def __init__(self) -> None:
        self._trees: dict[str, ast.Module] = {}

    def tree(self, module: str) -> ast.Module:
        if module not in self._trees:
            path = ROOT / Path(*module.split("."))
            file = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
            self._trees[module] = ast.parse(file.read_text(encoding="utf-8"), str(file))
        return self._trees[module]

    def origin(self, module: str, name: str) -> tuple[str, str]:
        """The module that defines ``name`` as seen from ``module``, and its name there."""
        for node in self.tree(module).body:
            if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and \
                    node.name == name:
                return module, name
            if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == name for t in node.targets):
                return module, name
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and \
                    node.target.id == name:
                return module, name
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    if (alias.asname or alias.name) == name:
                        if node.module.split(".")[0] == PACKAGE:
                            return self.origin(node.module, alias.name)
                        return node.module, alias.name
        raise LookupError(f"{name} is not defined in {module}")

    def class_node(self, cls: type) -> ast.ClassDef:
        for node in self.tree(defined_in(cls)).body:
            if isinstance(node, ast.ClassDef) and node.name == cls.__name__:
                return node
        raise LookupError(f"class {cls.__qualname__} not found in {defined_in(cls)}")


def _is_overload(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(isinstance(d, ast.Name) and d.id == "overload" for d in node.decorator_list)


def _is_property(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(isinstance(d, ast.Name) and d.id == "property" for d in node.decorator_list)


class Generator:
    def __init__(self) -> None:
        self.source = Source()
        self.classes: dict[str, type] = {}  # protocol base name -> runtime class
        self.areas: dict[type, str] = {}
        for module_name, class_name, area in HANDLES:
            module = importlib.import_module(f"{PACKAGE}.{module_name}")
            cls = getattr(module, class_name)
            self.classes[class_name] = cls
            self.areas[cls] = area
        self.modules: dict[str, list[str]] = {}
        self.imports: dict[str, Imports] = {}

    # -- names --------------------------------------------------------------------------

    @staticmethod
    def protocol_name(cls: type, suffix: str) -> str:
        return f"Async{cls.__name__}{suffix}"

    def handle_for(self, module: str, name: str) -> type | None:
        """The handle class ``name`` refers to in ``module``, if it is one."""
        if name in _BUILTINS:
            return None
        try:
            origin, real = self.source.origin(module, name)
        except LookupError:
            return None
        for cls in self.areas:
            if defined_in(cls) == origin and cls.__name__ == real:
                return cls
        return None

    def awaited_type(self, module: str, name: str) -> tuple[ast.expr, str] | None:
        """For an awaitable class (``__await__ -> Generator[Any, None, R]``): ``R``, and the
        module it is written in."""
        if name in _BUILTINS:
            return None
        try:
            origin, real = self.source.origin(module, name)
        except LookupError:
            return None
        cls = getattr(importlib.import_module(origin), real, None)
        if not isinstance(cls, type) or "__await__" not in cls.__dict__:
            return None
        for node in self.source.class_node(cls).body:
            if isinstance(node, ast.FunctionDef) and node.name == "__await__":
                returns = node.returns
                assert isinstance(returns, ast.Subscript) and isinstance(returns.slice,
                                                                         ast.Tuple)
                return returns.slice.elts[2], origin
        return None

    def use(self, area: str, expr: ast.expr, module: str, suffix: str) -> ast.expr:
        """``expr`` (from ``module``) with handle classes replaced by their protocols;
        records the imports it needs in ``area``."""
        expr = _MapHandles(self, module, suffix).visit(expr)
        for node in ast.walk(expr):
            if isinstance(node, ast.Name):
                self._import(area, module, node.id)
            elif isinstance(node, ast.Attribute):
                raise ValueError(f"dotted annotation in {module}: {ast.unparse(node)}")
        return expr

    def _import(self, area: str, module: str, name: str) -> None:
        imports = self.imports.setdefault(area, Imports())
        if name in _BUILTINS or name in {"AsyncJob", "Awaitable"}:
            if name == "AsyncJob":
                imports.add(f"{PACKAGE}._executors.async_job", "AsyncJob")
            elif name == "Awaitable":
                imports.add("collections.abc", "Awaitable")
            return
        protocol = self.protocol_area(name)
        if protocol is not None:
            if protocol != area:
                imports.add(f"{OUTPUT_MODULE}.{protocol}", name)
            return
        origin, real = self.source.origin(module, name)
        assert real == name, f"renamed import {real} as {name} in {module}"
        imports.add(origin, name)

    def protocol_area(self, name: str) -> str | None:
        for cls, area in self.areas.items():
            for suffix, _ in FAMILIES:
                if name == self.protocol_name(cls, suffix):
                    return _module_name(area, suffix)
        return None

    # -- members ------------------------------------------------------------------------

    def base_of(self, cls: type) -> type | None:
        """The nearest other handle class ``cls`` is built on (its protocol's base)."""
        for parent in cls.__mro__[1:]:
            if parent in self.areas:
                return parent
        return None

    def members(self, cls: type) -> list[tuple[str, type]]:
        """Public members ``cls`` adds to its base handle: (name, defining class), bases'
        members first, each class's in source order."""
        base = self.base_of(cls)
        owners: dict[str, type] = {}
        for klass in cls.__mro__:
            if klass is object or (base is not None and issubclass(base, klass)):
                continue
            for name in klass.__dict__:
                if not name.startswith("_"):
                    owners.setdefault(name, klass)
        ordered: list[tuple[str, type]] = []
        for klass in reversed(cls.__mro__):
            for name in klass.__dict__:
                if owners.get(name) is klass:
                    ordered.append((name, klass))
        return ordered

    def member_nodes(self, klass: type, name: str) -> list[ast.stmt]:
        nodes = [node for node in self.source.class_node(klass).body
                 if (isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                     and node.name == name)
                 or (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
                     and node.target.id == name)]
        if not nodes:
            raise LookupError(f"{klass.__name__}.{name}: no annotated definition found")
        overloads: list[ast.stmt] = [
            n for n in nodes
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and _is_overload(n)]
        return overloads if overloads else nodes[-1:]

    def render_member(self, cls: type, area: str, klass: type, name: str, suffix: str,
                      returns: str) -> list[str]:
        key = f"{klass.__name__}.{name}"
        if key in EXCLUDED:
            return []
        module = defined_in(klass)
        lines: list[str] = []
        nodes = self.member_nodes(klass, name)
        for node in nodes:
            if isinstance(node, ast.AnnAssign):
                annotation = self.use(area, node.annotation, module, suffix)
                lines.append(f"    {name}: {ast.unparse(annotation)}")
                continue
            assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            if node.returns is None:
                raise ValueError(f"{key} has no return annotation")
            self._check_direct(node, key)
            is_async = isinstance(node, ast.AsyncFunctionDef)
            awaitable = None if is_async or _is_property(node) else \
                self._awaitable_result(area, module, node.returns, suffix, returns)
            if awaitable is not None:
                result = awaitable
            elif is_async and key not in DIRECT:
                result = self._wrap(area, returns, node.returns, module, suffix)
            else:
                result = self.use(area, node.returns, module, suffix)
            if len(nodes) > 1:
                lines.append("    @overload")
            if _is_property(node):
                lines.append("    @property")
            lines.extend(self._signature(area, module, node, suffix, ast.unparse(result)))
        return lines

    def _awaitable_result(self, area: str, module: str, original: ast.expr, suffix: str,
                          returns: str) -> ast.expr | None:
        """For a sync method returning something to ``await`` (a query about to run):
        ``Awaitable[...]`` of what awaiting it gives under async execution."""
        if not isinstance(original, ast.Name):
            return None
        awaited = self.awaited_type(module, original.id)
        if awaited is None:
            return None
        inner = self._wrap(area, returns, awaited[0], awaited[1], suffix)
        self._import(area, module, "Awaitable")
        return ast.Subscript(value=ast.Name("Awaitable"), slice=inner)

    def _wrap(self, area: str, returns: str, result: ast.expr, module: str,
              suffix: str) -> ast.expr:
        """What a call returns in a family: ``AsyncJob[result]`` or None."""
        if returns == "None":
            return ast.Constant(None)
        self._import(area, "", "AsyncJob")
        return ast.Subscript(value=ast.Name("AsyncJob"),
                             slice=self.use(area, result, module, suffix))

    @staticmethod
    def _check_direct(node: ast.FunctionDef | ast.AsyncFunctionDef, key: str) -> None:
        sends_directly = any(isinstance(n, ast.Attribute) and n.attr == "_direct"
                             for n in ast.walk(node))
        if sends_directly and key not in DIRECT and key not in EXCLUDED:
            raise ValueError(f"{key} sends through self._direct: add it to DIRECT")

    def _signature(self, area: str, module: str, node: ast.FunctionDef | ast.AsyncFunctionDef,
                   suffix: str, result: str) -> list[str]:
        args = node.args
        parts: list[str] = []

        def param(arg: ast.arg, default: ast.expr | None, prefix: str = "") -> str:
            text = prefix + arg.arg
            if arg.annotation is not None:
                text += ": " + ast.unparse(self.use(area, arg.annotation, module, suffix))
            if default is not None:
                text += " = " + ast.unparse(self.use(area, default, module, suffix))
            return text

        positional = args.posonlyargs + args.args
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
        defaults.extend(args.defaults)
        for index, (arg, default) in enumerate(zip(positional, defaults, strict=True)):
            parts.append(param(arg, default))
            if args.posonlyargs and index == len(args.posonlyargs) - 1:
                parts.append("/")
        if args.vararg is not None:
            parts.append(param(args.vararg, None, "*"))
        elif args.kwonlyargs:
            parts.append("*")
        for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
            parts.append(param(arg, kw_default))
        if args.kwarg is not None:
            parts.append(param(args.kwarg, None, "**"))
        keyword = "async def" if isinstance(node, ast.AsyncFunctionDef) else "def"
        return _pack(f"    {keyword} {node.name}(", parts, f") -> {result}: ...")

    # -- modules ------------------------------------------------------------------------

    def generate(self) -> dict[str, str]:
        for cls, handle_area in self.areas.items():
            for suffix, returns in FAMILIES:
                area = _module_name(handle_area, suffix)
                body = self.modules.setdefault(area, [])
                base = self.base_of(cls)
                bases = [self.protocol_name(base, suffix)] if base is not None else []
                for name in bases:
                    self._import(area, defined_in(cls), name)
                bases.append("Protocol")
                self.imports.setdefault(area, Imports()).add("typing", "Protocol")
                what = ("returns an :class:`~arango_anyio.AsyncJob` for its result"
                        if suffix == "" else "returns None (``return_result=False``)")
                body.extend(["", ""])
                if (cls.__name__, suffix) in RUNTIME_CHECKABLE:
                    body.append("@runtime_checkable")
                    self.imports[area].add("typing", "runtime_checkable")
                body.extend([f"class {self.protocol_name(cls, suffix)}"
                             f"({', '.join(bases)}):",
                             f'    """:class:`~{_public_path(cls)}` under async execution: '
                             f"each call\n    {what}."
                             '"""'])
                members: list[str] = []
                for name, klass in self.members(cls):
                    members.extend(self.render_member(cls, area, klass, name, suffix, returns))
                if members:
                    body.append("")
                    body.extend(members)
                if any(line.strip() == "@overload" for line in members):
                    self.imports[area].add("typing", "overload")
        files: dict[str, str] = {}
        for area, body in self.modules.items():
            handles, _, family = area.partition("_")
            how = "``begin_async_execution(return_result=False)``" if family else \
                "``begin_async_execution()``"
            header = ['"""Generated by scripts/gen_async_types.py from the API classes: do not '
                      f'edit.\n\nThe {handles} handles as the type checker sees them under\n'
                      f'{how}.\n"""', "", "from __future__ import annotations", ""]
            text = "\n".join([*header, *self.imports[area].render(), *body]) + "\n"
            files[f"{area}.py"] = text
        files["__init__.py"] = (
            '"""What the type checker sees under ``db.begin_async_execution()``: every handle '
            "as a\nProtocol whose calls return :class:`~arango_anyio.AsyncJob` objects (or "
            "None),\ngenerated by scripts/gen_async_types.py. The runtime objects are the "
            'ordinary handles."""\n')
        return files


class _MapHandles(ast.NodeTransformer):
    """Replaces names of handle classes with their protocols' names."""

    def __init__(self, generator: Generator, module: str, suffix: str) -> None:
        self.generator, self.module, self.suffix = generator, module, suffix

    def visit_Name(self, node: ast.Name) -> ast.expr:
        cls = self.generator.handle_for(self.module, node.id)
        if cls is None:
            return node
        return ast.Name(self.generator.protocol_name(cls, self.suffix))


def _isort_key(name: str) -> tuple[int, str]:
    """isort's order within one import: constants, classes, then the rest."""
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    return kind, name


def _module_name(area: str, suffix: str) -> str:
    """The generated module of an area's protocols of one family."""
    return area if not suffix else f"{area}_no_result"


def _pack(head: str, parts: list[str], tail: str) -> list[str]:
    """``head`` + ``parts`` joined by commas + ``tail``, wrapped at MAX_LINE with the
    continuation lines aligned after the opening parenthesis."""
    indent = " " * len(head)
    lines: list[str] = []
    current = head
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        piece = part + (tail if last else ", ")
        if current != head and current != indent and \
                len(current) + len(piece.rstrip()) > MAX_LINE:
            lines.append(current.rstrip())
            current = indent
        if last and len(current) + len(piece) > MAX_LINE:
            lines.append(current + part)
            current = indent[:-1] + tail
            break
        current += piece
    if not parts:
        current += tail
    lines.append(current)
    return lines


def _public_path(cls: type) -> str:
    public: ModuleType = importlib.import_module(PACKAGE)
    if getattr(public, cls.__name__, None) is cls:
        return f"{PACKAGE}.{cls.__name__}"
    return f"{cls.__module__}.{cls.__name__}"


def generate() -> dict[str, str]:
    """The generated files by name (relative to the output folder)."""
    return Generator().generate()


def main(argv: list[str]) -> int:
    files = generate()
    if "--check" in argv:
        stale = [name for name, text in files.items()
                 if not (OUTPUT / name).exists() or (OUTPUT / name).read_text() != text]
        extra = [p.name for p in OUTPUT.glob("*.py") if p.name not in files]
        if stale or extra:
            print(f"out of date: {stale + extra}; run python scripts/gen_async_types.py")
            return 1
        return 0
    OUTPUT.mkdir(exist_ok=True)
    for name, text in files.items():
        (OUTPUT / name).write_text(text)
    for path in OUTPUT.glob("*.py"):
        if path.name not in files:
            path.unlink()
    print(f"wrote {len(files)} files to {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
