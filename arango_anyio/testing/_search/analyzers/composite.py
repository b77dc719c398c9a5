"""Analyzers made of others or of a query: ``pipeline`` and ``aql``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from arango_anyio.testing._search.analyzers.base import Analyzer, Token, utf8_len

#: Runs an analyzer's AQL query with ``@param`` bound; returns the query's result values.
AqlRunner = Callable[[str, dict[str, Any]], list[Any]]
_installed_runner: list[AqlRunner] = []


def install_aql_runner(runner: AqlRunner) -> None:
    """Set the runner ``aql`` analyzers use (the AQL engine installs it; this package does
    not import the engine)."""
    _installed_runner[:] = [runner]


class PipelineAnalyzer(Analyzer):
    """Each token of one stage is analyzed by the next; the last stage's tokens remain."""

    def __init__(self, name: str, features: frozenset[str], stages: list[Analyzer]) -> None:
        super().__init__(name, features)
        self.stages = stages

    def tokens(self, value: str) -> list[Token]:
        """The tokens after the last stage."""
        current = [Token(value, 1, 0, utf8_len(value))]
        for stage in self.stages:
            out: list[Token] = []
            for parent in current:
                for i, token in enumerate(stage.tokens(parent.term)):
                    increment = parent.increment if i == 0 else token.increment
                    out.append(Token(token.term, increment, parent.start + token.start,
                                     parent.start + token.end))
            current = out
        return current


def _as_return_type(value: Any, return_type: str) -> Any:
    if return_type == "number":
        if isinstance(value, bool):
            return 1.0 if value else 0.0
        if isinstance(value, (int, float)):
            return float(value)
        try:
            return float(str(value))
        except ValueError:
            return 0.0
    if return_type == "bool":
        return bool(value) if not isinstance(value, str) else value != ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return repr(value)
    from json import dumps

    return dumps(value, separators=(",", ":"))


class AqlAnalyzer(Analyzer):
    """``aql``: the values an AQL query returns for ``@param``, each a token (``null``
    becomes ``""`` with ``keepNull``, else is dropped); positions are collapsed to one
    with ``collapsePositions``. ``returnType`` ``number``/``bool`` gives typed values."""

    def __init__(self, name: str, features: frozenset[str], props: dict[str, Any]) -> None:
        super().__init__(name, features)
        self.query = str(props.get("queryString", ""))
        self.collapse = bool(props.get("collapsePositions", False))
        self.keep_null = bool(props.get("keepNull", True))
        self.return_type = str(props.get("returnType", "string"))

    def values(self, value: Any) -> list[Any]:
        """The query's results for ``value``, converted to the return type."""
        if not _installed_runner:
            return []
        out: list[Any] = []
        for item in _installed_runner[0](self.query, {"param": value}):
            if item is None:
                if not self.keep_null:
                    continue
                item = ""
            out.append(_as_return_type(item, self.return_type))
        return out

    def tokens(self, value: str) -> list[Token]:
        """The query's string results as tokens."""
        out: list[Token] = []
        for i, item in enumerate(self.values(value)):
            text = item if isinstance(item, str) else _as_return_type(item, "string")
            out.append(Token(text, 1 if i == 0 or not self.collapse else 0))
        return out
