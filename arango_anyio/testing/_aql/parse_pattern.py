"""Destructuring targets of LET and FOR (``[a, , [b]]``, ``{a, b: c}``) for the AQL
parser."""

from __future__ import annotations

from arango_anyio.testing._aql import ast
from arango_anyio.testing._aql.parse_expr import ExpressionParser


def pattern_names(pattern: ast.Pattern) -> list[str]:
    """The variables a destructuring pattern assigns, in order."""
    if isinstance(pattern, str):
        return [pattern]
    if isinstance(pattern, ast.ArrayPattern):
        return [name for item in pattern.items if item is not None
                for name in pattern_names(item)]
    return [name for _, target in pattern.items for name in pattern_names(target)]


class PatternParser(ExpressionParser):
    """Parses destructuring patterns; names the hidden variable a destructured value is
    held in."""

    hidden_count: int = 0

    def hidden_name(self) -> str:
        """A variable name no query can write (for a destructured value)."""
        self.hidden_count += 1
        return f"\x00destructured{self.hidden_count}"

    def parse_pattern(self) -> ast.ArrayPattern | ast.ObjectPattern:
        """A destructuring target: ``[a, , [b], {c}]`` or ``{a, b: c, d: [e]}``."""
        if self.is_op("["):
            self.advance()
            items: list[ast.Pattern | None] = []
            while not self.is_op("]"):
                if self.is_op(","):
                    self.advance()
                    items.append(None)
                    continue
                items.append(self.parse_pattern_target())
                if not self.is_op("]"):
                    self.expect_op(",")
            self.advance()
            return ast.ArrayPattern(items)
        self.expect_op("{")
        pairs: list[tuple[str, ast.Pattern]] = []
        while not self.is_op("}"):
            token = self.tok
            if token.kind not in ("ident", "qident", "string", "keyword"):
                raise self.error()
            self.advance()
            attribute = str(token.value)
            if self.is_op(":"):
                self.advance()
                pairs.append((attribute, self.parse_pattern_target()))
            else:
                if token.kind == "string":
                    raise self.error()
                pairs.append((attribute, attribute))
            if not self.is_op("}"):
                self.expect_op(",")
        self.advance()
        return ast.ObjectPattern(pairs)

    def parse_pattern_target(self) -> ast.Pattern:
        return self.parse_pattern() if self.is_op("[", "{") else self.variable_name()
