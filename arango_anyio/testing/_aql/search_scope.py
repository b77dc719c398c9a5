"""What compiling one ``SEARCH`` condition needs: the loop variable, the current row, the
analyzers, and the errors ArangoDB gives for conditions it cannot search with."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from arango_anyio.testing._aql import ast
from arango_anyio.testing._aql.evaluator import Env, evaluate
from arango_anyio.testing._aql.runtime import Runtime
from arango_anyio.testing._aql.search_context import search_context
from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._search.analyzers import Analyzer, build_analyzer
from arango_anyio.testing._search.query.filters import Filter

#: A comparison with its operands swapped: ``a < b`` is ``b > a``.
SWAPPED_OP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}

#: The built-in analyzer, for contexts that have no search (no analyzer catalog).
_BUILTIN_IDENTITY = build_analyzer({"name": "identity", "type": "identity"})


def unsupported(message: str) -> EmuError:
    """The error of a ``SEARCH`` condition ArangoSearch cannot turn into a filter."""
    return EmuError(10, f"AQL: unsupported SEARCH condition: {message} (while optimizing plan)")


def type_name(value: Any) -> str:
    """ArangoSearch's name of a value's type in its error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def references(node: Any, name: str) -> bool:
    """True when ``node`` uses variable ``name`` anywhere."""
    if isinstance(node, ast.Var):
        return node.name == name
    if isinstance(node, (ast.Expr, ast.Op)):
        slots = getattr(node, "__dataclass_fields__", {})
        return any(references(getattr(node, slot), name) for slot in slots)
    if isinstance(node, (list, tuple)):
        return any(references(item, name) for item in node)
    return False


@dataclass
class SearchScope:
    """One compilation: ``var`` is the view's loop variable, ``env`` the row the other
    variables come from. ``field_analyzers`` (inverted indexes) fixes the analyzer of each
    field; else the context analyzer (``identity`` or ``ANALYZER()``'s) applies."""

    var: str
    env: Env
    rt: Runtime
    field_analyzers: dict[str, str] | None = None
    compile: Callable[[ast.Expr, str, float], Filter] | None = None

    def value(self, expr: ast.Expr) -> Any:
        """The value of an argument that must not depend on the searched document."""
        return evaluate(expr, self.env, self.rt)

    def path(self, expr: ast.Expr) -> str | None:
        """The attribute path ``expr`` reads of the loop variable (``a.b``, ``a[1]``), or
        None when it is not such an access."""
        parts: list[str] = []
        node = expr
        while True:
            if isinstance(node, ast.Attr):
                parts.append("." + node.name)
                node = node.obj
            elif isinstance(node, ast.Index):
                index = node.index
                if references(index, self.var):
                    return None
                key = self.value(index)
                if isinstance(key, str):
                    parts.append("." + key)
                elif isinstance(key, (int, float)) and not isinstance(key, bool):
                    parts.append(f"[{int(key)}]")
                else:
                    return None
                node = node.obj
            elif isinstance(node, ast.Expand) and node.filter is None and node.ret is None \
                    and node.count is None:
                if node.tail is not None:
                    tail = self._tail(node.tail)
                    if tail is None:
                        return None
                    parts.append(tail)
                node = node.obj
            elif isinstance(node, ast.Var) and node.name == self.var:
                break
            else:
                return None
        path = "".join(reversed(parts))
        return path[1:] if path.startswith(".") else (path or None)

    def _tail(self, tail: ast.Expr) -> str | None:
        parts: list[str] = []
        node = tail
        while isinstance(node, ast.Attr):
            parts.append("." + node.name)
            node = node.obj
        if not (isinstance(node, ast.Var) and node.name == "\x00elem"):
            return None
        return "".join(reversed(parts))

    def canonical(self, name: Any, function: str) -> str:
        """The canonical name of analyzer ``name`` (``'F' AQL function: Unable to lookup
        analyzer`` when there is none)."""
        if not isinstance(name, str):
            raise unsupported(f"'{function}' AQL function: argument has invalid type "
                              f"'{type_name(name)}' ('string' expected)")
        ctx = search_context(self.rt.ctx)
        canonical = ctx.canonical_analyzer(name) if ctx is not None else name
        if canonical is None or self.analyzer(canonical) is None:
            raise unsupported(f"'{function}' AQL function: Unable to lookup analyzer '{name}'")
        return canonical

    def analyzer(self, name: str) -> Analyzer | None:
        """The analyzer called ``name`` (canonical), or None."""
        ctx = search_context(self.rt.ctx)
        if ctx is not None:
            return ctx.analyzer(name)
        return _BUILTIN_IDENTITY if name == "identity" else None

    def field_analyzer(self, path: str, context: str) -> str:
        """The analyzer a string condition on ``path`` uses."""
        if self.field_analyzers is None:
            return context
        probe = path
        while probe:
            found = self.field_analyzers.get(probe)
            if found is not None:
                return found
            cut = max(probe.rfind("."), probe.rfind("["))
            probe = probe[:cut] if cut > 0 else ""
        return self.field_analyzers.get("", context)

    def sub(self, expr: ast.Expr, analyzer: str, boost: float) -> Filter:
        """Compile a nested condition."""
        assert self.compile is not None
        return self.compile(expr, analyzer, boost)
