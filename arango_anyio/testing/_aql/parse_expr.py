"""AQL expression parsing (precedence climbing, loosest first): ``?:``, ``||``, ``&&``,
``== != LIKE =~ !~`` (and ``ANY/ALL/NONE`` forms), ``IN / NOT IN``, ``< <= > >=``, ``..``,
``+ -``, ``* / %``, unary ``! - +``, then access (``.``, ``[]``, ``[*]``) and calls."""

from __future__ import annotations

from arango_anyio.testing._aql import ast
from arango_anyio.testing._aql.parse_base import ParserBase
from arango_anyio.testing._protocol.errors import EmuError

STATEMENT_KEYWORDS = frozenset(
    ("FOR", "LET", "FILTER", "SORT", "LIMIT", "COLLECT", "RETURN", "INSERT", "UPDATE",
     "REPLACE", "REMOVE", "UPSERT", "WINDOW", "WITH")
)
AGGREGATE_FUNCTIONS = frozenset(
    ("LENGTH", "COUNT", "MIN", "MAX", "SUM", "AVERAGE", "AVG", "UNIQUE", "SORTED_UNIQUE",
     "COUNT_DISTINCT", "COUNT_UNIQUE", "PUSH", "STDDEV_POPULATION", "STDDEV_SAMPLE", "STDDEV",
     "VARIANCE_POPULATION", "VARIANCE_SAMPLE", "VARIANCE", "BIT_AND", "BIT_OR", "BIT_XOR")
)
_COMPARE_OPS = ("==", "!=", "<", "<=", ">", ">=")


class ExpressionParser(ParserBase):
    """Parses expressions; subqueries are handed to :meth:`parse_body` (the statement
    parser)."""

    def parse_body(self, top: bool) -> list[ast.Op]:
        """Operations of a (sub)query body; implemented by the statement parser."""
        raise NotImplementedError

    def expression(self) -> ast.Expr:
        """A full expression (the ternary level)."""
        cond = self.logical_or()
        if self.is_op("?"):
            self.advance()
            if self.is_op(":"):
                self.advance()
                return ast.Ternary(cond, None, self.expression())
            then = self.expression()
            self.expect_op(":")
            return ast.Ternary(cond, then, self.expression())
        return cond

    def logical_or(self) -> ast.Expr:
        """``||`` / ``OR``."""
        left = self.logical_and()
        while self.is_op("||") or self.is_kw("OR"):
            self.advance()
            left = ast.Logical("||", left, self.logical_and())
        return left

    def logical_and(self) -> ast.Expr:
        """``&&`` / ``AND``."""
        left = self.equality()
        while self.is_op("&&") or self.is_kw("AND"):
            self.advance()
            left = ast.Logical("&&", left, self.equality())
        return left

    def quantifier(self) -> str | None:
        """ANY/ALL/NONE followed by a comparison operator (an array comparison)."""
        if self.is_kw("ANY", "ALL", "NONE"):
            nxt = self.peek()
            if (nxt.kind == "op" and nxt.value in _COMPARE_OPS) or (
                nxt.kind == "keyword" and nxt.value in ("IN", "NOT")
            ):
                return str(self.advance().value)
        return None

    def array_compare(self, quantifier: str, left: ast.Expr) -> ast.Expr:
        """The rest of ``left ANY|ALL|NONE op right``."""
        if self.is_kw("NOT"):
            self.advance()
            self.expect_kw("IN")
            op = "NOT IN"
        elif self.is_kw("IN"):
            self.advance()
            op = "IN"
        else:
            op = str(self.advance().value)
        return ast.ArrayCompare(quantifier, op, left, self.membership())

    def equality(self) -> ast.Expr:
        """``==``, ``!=``, ``LIKE``, regex matches and array comparisons."""
        left = self.membership()
        while True:
            quantifier = self.quantifier()
            if quantifier is not None:
                left = self.array_compare(quantifier, left)
                continue
            if self.is_op("==", "!=", "=~", "!~"):
                op = str(self.advance().value)
                left = ast.Binary(op, left, self.membership())
            elif self.is_kw("LIKE"):
                self.advance()
                left = ast.Binary("LIKE", left, self.membership())
            elif self.is_kw("NOT") and self.peek().kind == "keyword" and \
                    self.peek().value == "LIKE":
                self.advance()
                self.advance()
                left = ast.Binary("NOT LIKE", left, self.membership())
            else:
                return left

    def membership(self) -> ast.Expr:
        """``IN`` / ``NOT IN``."""
        left = self.relational()
        while True:
            if self.is_kw("IN") and not self.no_in:
                self.advance()
                left = ast.Binary("IN", left, self.relational())
            elif (self.is_kw("NOT") and self.peek().kind == "keyword"
                  and self.peek().value == "IN"):
                self.advance()
                self.advance()
                left = ast.Binary("NOT IN", left, self.relational())
            else:
                return left

    def relational(self) -> ast.Expr:
        """``<``, ``<=``, ``>``, ``>=``."""
        left = self.range_expr()
        while self.is_op("<", "<=", ">", ">="):
            op = str(self.advance().value)
            left = ast.Binary(op, left, self.range_expr())
        return left

    def range_expr(self) -> ast.Expr:
        """``a..b``."""
        left = self.additive()
        if self.is_op(".."):
            self.advance()
            return ast.Binary("..", left, self.additive())
        return left

    def additive(self) -> ast.Expr:
        """``+`` / ``-``."""
        left = self.multiplicative()
        while self.is_op("+", "-"):
            op = str(self.advance().value)
            left = ast.Binary(op, left, self.multiplicative())
        return left

    def multiplicative(self) -> ast.Expr:
        """``*``, ``/``, ``%``."""
        left = self.unary()
        while self.is_op("*", "/", "%"):
            op = str(self.advance().value)
            left = ast.Binary(op, left, self.unary())
        return left

    def unary(self) -> ast.Expr:
        """``-x``, ``+x``, ``!x`` / ``NOT x``."""
        if self.is_op("-", "+"):
            op = str(self.advance().value)
            operand = self.unary()
            if isinstance(operand, ast.Literal) and isinstance(operand.value, (int, float)) \
                    and not isinstance(operand.value, bool):
                return ast.Literal(-operand.value if op == "-" else operand.value)
            return ast.Unary(op, operand)
        if self.is_op("!") or (self.is_kw("NOT") and not (
                self.peek().kind == "keyword" and self.peek().value in ("IN", "LIKE"))):
            self.advance()
            return ast.Unary("!", self.unary())
        return self.postfix(self.primary())

    def postfix(self, expr: ast.Expr) -> ast.Expr:
        """Attribute access, indexing and expansion after ``expr``."""
        while True:
            if self.is_op("."):
                self.advance()
                for name in self.attribute_path():
                    expr = ast.Attr(expr, name)
            elif self.is_op("["):
                if self.peek().kind == "op" and self.peek().value == "*":
                    return self.expansion(expr)
                self.advance()
                index = self.expression()
                self.expect_op("]")
                expr = ast.Index(expr, index)
            else:
                return expr

    def attribute_path(self) -> list[str]:
        """The name after ``.`` (a bind parameter may give a whole path as an array)."""
        token = self.tok
        if token.kind in ("ident", "qident", "keyword", "string"):
            self.advance()
            return [str(token.value) if token.kind != "keyword" else
                    self.query[token.offset:token.offset + len(str(token.value))]]
        if token.kind == "bind":
            self.advance()
            value = self.bind_value(str(token.value))
            if isinstance(value, str):
                return [value]
            if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                return [str(v) for v in value]
            if self.bind_vars is None:
                return [""]
            raise EmuError(1553, f"AQL: bind parameter '{token.value}' has an invalid value "
                                 "or type (while parsing)")
        raise self.error("attribute name")

    def expansion(self, obj: ast.Expr) -> ast.Expr:
        """``[* FILTER ... LIMIT ... RETURN ...]`` and what follows it."""
        self.advance()  # [
        depth = 0
        while self.is_op("*"):
            self.advance()
            depth += 1
        var = "CURRENT"
        self.scopes.append({var})
        try:
            filter_expr = offset = count = ret = None
            if self.is_kw("FILTER"):
                self.advance()
                filter_expr = self.expression()
            if self.is_kw("LIMIT"):
                self.advance()
                first = self.expression()
                if self.is_op(","):
                    self.advance()
                    offset, count = first, self.expression()
                else:
                    offset, count = ast.Literal(0), first
            if self.is_kw("RETURN"):
                self.advance()
                ret = self.expression()
            self.expect_op("]")
            placeholder = ast.Var("\x00elem")
            tail = self.postfix(placeholder)
        finally:
            self.scopes.pop()
        return ast.Expand(obj, depth, var, filter_expr, offset, count, ret,
                          None if tail is placeholder else tail)

    def primary(self) -> ast.Expr:
        """Literals, variables, collections, calls, subqueries and parenthesized expressions."""
        token = self.tok
        kind = token.kind
        if kind == "number":
            self.advance()
            return ast.Literal(token.value)
        if kind == "string":
            self.advance()
            return ast.Literal(token.value)
        if kind == "keyword":
            word = token.value
            if word == "NULL":
                self.advance()
                return ast.Literal(None)
            if word == "TRUE":
                self.advance()
                return ast.Literal(True)
            if word == "FALSE":
                self.advance()
                return ast.Literal(False)
            if word == "LIKE" and self.peek().kind == "op" and self.peek().value == "(":
                self.advance()
                return self.call("LIKE")
            raise self.error()
        if kind == "bind":
            self.advance()
            self.bind_value(str(token.value))
            return ast.Bind(str(token.value))
        if kind == "collbind":
            self.advance()
            name = self.resolve_collection_bind(str(token.value))
            self.note_collection(name, write=False)
            return ast.CollectionRef(name)
        if kind in ("ident", "qident"):
            self.advance()
            name = str(token.value)
            if kind == "ident" and self.is_op("::"):
                parts = [name]
                while self.is_op("::"):
                    self.advance()
                    parts.append(self.variable_name())
                if not self.is_op("("):
                    raise self.error("(")
                return self.call("::".join(parts))
            if kind == "ident" and self.is_op("("):
                return self.call(name)
            if self.is_variable(name):
                return ast.Var(name)
            if kind == "ident" and name in self.hidden:
                raise EmuError(1512, f"AQL: unknown variable '{name}' (while parsing)")
            self.note_collection(name, write=False)
            return ast.CollectionRef(name)
        if kind == "op":
            if token.value == "(":
                self.advance()
                if self.tok.kind == "keyword" and self.tok.value in STATEMENT_KEYWORDS:
                    saved = self.no_in
                    self.no_in = 0
                    self.scopes.append(set())
                    body = self.parse_body(top=False)
                    self.scopes.pop()
                    self.no_in = saved
                    self.expect_op(")")
                    self.next_node()
                    return ast.Subquery(body)
                saved = self.no_in
                self.no_in = 0
                expr = self.expression()
                self.no_in = saved
                self.expect_op(")")
                return expr
            if token.value == "[":
                return self.array_literal()
            if token.value == "{":
                return self.object_literal()
        raise self.error()

    def call(self, name: str) -> ast.Expr:
        """A function call's arguments (a bare subquery is allowed as an argument)."""
        self.expect_op("(")
        saved = self.no_in
        self.no_in = 0
        aggregate = self.in_aggregate and name.upper() in AGGREGATE_FUNCTIONS
        self.in_aggregate = False
        args: list[ast.Expr] = []
        if not self.is_op(")"):
            while True:
                if self.tok.kind == "keyword" and self.tok.value in STATEMENT_KEYWORDS:
                    self.scopes.append(set())
                    body = self.parse_body(top=False)
                    self.scopes.pop()
                    self.next_node()
                    args.append(ast.Subquery(body))
                else:
                    args.append(self.expression())
                if not self.is_op(","):
                    break
                self.advance()
        self.expect_op(")")
        self.no_in = saved
        if aggregate:
            self.in_aggregate = True
            canonical = name.upper()
        else:
            canonical = self.check_function(name, len(args))
        if canonical not in self.functions:
            self.functions.append(canonical)
        return ast.Call(canonical, args)

    def array_literal(self) -> ast.Expr:
        """``[...]``."""
        self.advance()
        saved = self.no_in
        self.no_in = 0
        items: list[ast.Expr] = []
        while not self.is_op("]"):
            items.append(self.expression())
            if self.is_op(","):
                self.advance()
            elif not self.is_op("]"):
                raise self.error("]")
        self.advance()
        self.no_in = saved
        if all(isinstance(item, ast.Literal) for item in items):
            return ast.Literal([item.value for item in items if isinstance(item, ast.Literal)])
        return ast.ArrayLit(items)

    def object_literal(self) -> ast.Expr:
        """``{...}`` with shorthand and computed keys."""
        self.advance()
        saved = self.no_in
        self.no_in = 0
        items: list[tuple[str | ast.Expr, ast.Expr]] = []
        while not self.is_op("}"):
            token = self.tok
            key: str | ast.Expr
            if token.kind == "op" and token.value == "[":
                self.advance()
                key = self.expression()
                self.expect_op("]")
            elif token.kind in ("ident", "qident", "string", "keyword", "number"):
                self.advance()
                key = str(token.value) if token.kind != "keyword" else \
                    self.query[token.offset:token.offset + len(str(token.value))]
                if token.kind == "ident" and (self.is_op(",") or self.is_op("}")):
                    value: ast.Expr = (ast.Var(key) if self.is_variable(key)
                                       else ast.CollectionRef(key))
                    items.append((key, value))
                    if self.is_op(","):
                        self.advance()
                    continue
            elif token.kind == "bind":
                self.advance()
                self.bind_value(str(token.value))
                key = ast.Bind(str(token.value))
            else:
                raise self.error()
            self.expect_op(":")
            items.append((key, self.expression()))
            if self.is_op(","):
                self.advance()
            elif not self.is_op("}"):
                raise self.error("}")
        self.advance()
        self.no_in = saved
        if all(isinstance(k, str) and isinstance(v, ast.Literal) for k, v in items):
            return ast.Literal({k: v.value for k, v in items
                                if isinstance(k, str) and isinstance(v, ast.Literal)})
        return ast.ObjectLit(items)


