"""AQL parser: tokens -> :class:`~arango_anyio.testing._aql.ast.Query` (recursive descent).

Operator precedence, loosest first: ``?:``, ``||``, ``&&``, ``== != LIKE =~ !~`` (and their
``ANY/ALL/NONE`` forms), ``IN / NOT IN``, ``< <= > >=``, ``..``, ``+ -``, ``* / %``, unary
``! - +``, then access (``.``, ``[]``, ``[*]``) and calls.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from arango_anyio.testing._aql import ast
from arango_anyio.testing._aql.lexer import Token, syntax_error, tokenize
from arango_anyio.testing._errors import EmuError

#: Checks a function name and argument count; raises 1540/1541. Returns the canonical name.
FunctionCheck = Callable[[str, int], str]

_STATEMENT_KEYWORDS = frozenset(
    ("FOR", "LET", "FILTER", "SORT", "LIMIT", "COLLECT", "RETURN", "INSERT", "UPDATE",
     "REPLACE", "REMOVE", "UPSERT", "WINDOW", "WITH")
)
_MODIFY_KEYWORDS = frozenset(("INSERT", "UPDATE", "REPLACE", "REMOVE", "UPSERT"))
_DIRECTIONS = frozenset(("OUTBOUND", "INBOUND", "ANY"))
_PATH_KINDS = frozenset(("SHORTEST_PATH", "K_SHORTEST_PATHS", "K_PATHS", "ALL_SHORTEST_PATHS"))
_COMPARE_OPS = ("==", "!=", "<", "<=", ">", ">=")
_AGGREGATE_FUNCTIONS = frozenset(
    ("LENGTH", "COUNT", "MIN", "MAX", "SUM", "AVERAGE", "AVG", "UNIQUE", "SORTED_UNIQUE",
     "COUNT_DISTINCT", "COUNT_UNIQUE", "PUSH", "STDDEV_POPULATION", "STDDEV_SAMPLE", "STDDEV",
     "VARIANCE_POPULATION", "VARIANCE_SAMPLE", "VARIANCE", "BIT_AND", "BIT_OR", "BIT_XOR")
)


class Parser:
    """Parses one query string. ``bind_vars`` (when given) resolves ``@@name`` collections and
    is checked: declared-but-missing parameters raise 1551 at their use."""

    def __init__(
        self,
        query: str,
        bind_vars: dict[str, Any] | None,
        check_function: FunctionCheck,
    ) -> None:
        self.query = query
        self.tokens = tokenize(query)
        self.pos = 0
        self.bind_vars = bind_vars
        self.check_function = check_function
        self.scopes: list[set[str]] = [set()]
        self.bind_names: list[str] = []
        self.collections: list[str] = []
        self.write_collections: list[str] = []
        self.functions: list[str] = []
        self.modifies = False
        self.no_in = 0
        self.node_id = 1  # the singleton node

    # ------------------------------------------------------------------ token helpers

    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def peek(self, ahead: int = 1) -> Token:
        return self.tokens[min(self.pos + ahead, len(self.tokens) - 1)]

    def advance(self) -> Token:
        token = self.tokens[self.pos]
        if token.kind != "eof":
            self.pos += 1
        return token

    def is_kw(self, *words: str) -> bool:
        return self.tok.kind == "keyword" and self.tok.value in words

    def is_op(self, *ops: str) -> bool:
        return self.tok.kind == "op" and self.tok.value in ops

    def is_word(self, word: str) -> bool:
        """A contextual keyword (OPTIONS, KEEP, COUNT, PRUNE, TO, SEARCH) given as identifier."""
        return self.tok.kind == "ident" and str(self.tok.value).upper() == word

    def expect_kw(self, word: str) -> Token:
        if not self.is_kw(word):
            raise self.error(word)
        return self.advance()

    def expect_op(self, op: str) -> Token:
        if not self.is_op(op):
            raise self.error(op)
        return self.advance()

    def error(self, expecting: str | None = None) -> EmuError:
        return syntax_error(self.query, self.tok, expecting)

    def next_node(self) -> int:
        self.node_id += 1
        return self.node_id

    # ------------------------------------------------------------------ variables

    def declare(self, name: str) -> None:
        if any(name in scope for scope in self.scopes):
            raise EmuError(1511, f"AQL: variable '{name}' is assigned multiple times "
                                 "(while parsing)")
        self.scopes[-1].add(name)

    def is_variable(self, name: str) -> bool:
        return any(name in scope for scope in self.scopes)

    def variable_name(self) -> str:
        token = self.tok
        if token.kind not in ("ident", "qident"):
            raise self.error("identifier" if token.kind != "eof" else None)
        self.advance()
        return str(token.value)

    # ------------------------------------------------------------------ query structure

    def parse_query(self) -> ast.Query:
        if self.tok.kind == "eof":
            raise EmuError(1502, "query is empty")
        if self.is_kw("WITH"):
            self.advance()
            while True:
                self.collection_name(write=False)
                if not self.is_op(","):
                    break
                self.advance()
        body = self.parse_body(top=True)
        if self.tok.kind != "eof":
            raise self.error("end of query" if body and isinstance(body[-1], ast.Return)
                             else None)
        self.mark_last_limit(body)
        return ast.Query(body, self.bind_names, self.collections, self.write_collections,
                         self.functions, self.modifies)

    @staticmethod
    def mark_last_limit(body: list[ast.Op]) -> None:
        for op in reversed(body):
            if isinstance(op, ast.Limit):
                op.top_level_last = True
                return

    def parse_body(self, top: bool) -> list[ast.Op]:
        """Operations up to and including RETURN (or the end of a modification query)."""
        body: list[ast.Op] = []
        modified = False
        while True:
            token = self.tok
            if token.kind != "keyword" or token.value not in _STATEMENT_KEYWORDS:
                if modified and (token.kind == "eof" or self.is_op(")")):
                    return body
                raise self.error()
            word = str(token.value)
            if word == "RETURN":
                body.append(self.parse_return())
                return body
            if word in _MODIFY_KEYWORDS:
                if self.modifies and top:
                    raise EmuError(1573, "AQL: multi-modify query (while parsing)")
                if modified:
                    raise EmuError(1573, "AQL: multi-modify query (while parsing)")
                modified = True
                self.modifies = True
                body.append(self.parse_modify(word))
                continue
            if word == "WITH":
                raise self.error()
            body.append(self.parse_statement(word))

    def parse_statement(self, word: str) -> ast.Op:
        self.advance()
        if word == "FOR":
            return self.parse_for()
        if word == "LET":
            name = self.variable_name()
            self.expect_op("=")
            expr = self.expression()
            self.declare(name)
            self.next_node()
            return ast.Let(name, expr)
        if word == "FILTER":
            expr = self.expression()
            self.next_node()
            self.next_node()
            return ast.Filter(expr)
        if word == "SORT":
            keys: list[tuple[ast.Expr, bool]] = []
            while True:
                expr = self.expression()
                asc = True
                if self.is_kw("ASC", "DESC"):
                    asc = self.advance().value == "ASC"
                keys.append((expr, asc))
                if not self.is_op(","):
                    break
                self.advance()
            self.next_node()
            return ast.Sort(keys)
        if word == "LIMIT":
            first = self.expression()
            if self.is_op(","):
                self.advance()
                second = self.expression()
                self.next_node()
                return ast.Limit(first, second)
            self.next_node()
            return ast.Limit(ast.Literal(0), first)
        if word == "COLLECT":
            return self.parse_collect()
        if word == "WINDOW":
            return self.parse_window()
        raise self.error()

    def parse_return(self) -> ast.Return:
        self.advance()
        distinct = False
        if self.is_kw("DISTINCT"):
            self.advance()
            distinct = True
        expr = self.expression()
        self.next_node()
        self.next_node()
        return ast.Return(expr, distinct)

    # ------------------------------------------------------------------ FOR

    def parse_for(self) -> ast.Op:
        names = [self.variable_name()]
        while self.is_op(","):
            self.advance()
            names.append(self.variable_name())
        self.expect_kw("IN")
        if self.is_kw(*_DIRECTIONS) and self.peek().kind != "op":
            return self.parse_graph_for(names, None)
        source = self.expression()
        if self.is_kw(*_DIRECTIONS):
            return self.parse_graph_for(names, source)
        if len(names) > 1:
            raise self.error()
        options = self.parse_options()
        self.next_node()
        if self.is_word("SEARCH"):
            raise EmuError(9, "AQL: SEARCH on views is not supported by the emulator",
                           http_code=501)
        self.declare(names[0])
        return ast.For(names[0], source, options)

    def parse_graph_for(self, names: list[str], depth: ast.Expr | None) -> ast.Op:
        direction = str(self.advance().value).lower()
        if self.is_kw(*_PATH_KINDS):
            kind = str(self.advance().value)
            if len(names) > (2 if kind != "K_PATHS" and kind != "K_SHORTEST_PATHS"
                             and kind != "ALL_SHORTEST_PATHS" else 1):
                raise self.error()
            start = self.expression()
            if not self.is_word("TO"):
                raise self.error("TO")
            self.advance()
            target = self.expression()
            edges, graph = self.parse_edge_source()
            options = self.parse_options()
            for name in names:
                self.declare(name)
            self.next_node()
            min_depth = max_depth = None
            if depth is not None:
                min_depth, max_depth = self.split_depth(depth)
            return ast.ShortestPath(kind, names[0], names[1] if len(names) > 1 else None,
                                    direction, start, target, edges, graph, options,
                                    min_depth, max_depth)
        if len(names) > 3:
            raise self.error()
        start = self.expression()
        edges, graph = self.parse_edge_source()
        min_depth, max_depth = (
            self.split_depth(depth) if depth is not None else (ast.Literal(1), ast.Literal(1))
        )
        for name in names:
            self.declare(name)
        prune = None
        prune_var = None
        if self.is_word("PRUNE"):
            self.advance()
            if self.tok.kind == "ident" and self.peek().kind == "op" and self.peek().value == "=":
                prune_var = self.variable_name()
                self.advance()
            prune = self.expression()
            if prune_var is not None:
                self.declare(prune_var)
        options = self.parse_options()
        self.next_node()
        return ast.Traversal(
            names[0], names[1] if len(names) > 1 else None, names[2] if len(names) > 2 else None,
            min_depth, max_depth, direction, start, edges, graph, prune, prune_var, options)

    @staticmethod
    def split_depth(depth: ast.Expr) -> tuple[ast.Expr, ast.Expr]:
        if isinstance(depth, ast.Binary) and depth.op == "..":
            return depth.left, depth.right
        return depth, depth

    def parse_edge_source(self) -> tuple[list[tuple[str, str | None]], ast.Expr | None]:
        if self.is_kw("GRAPH"):
            self.advance()
            return [], self.primary()
        edges: list[tuple[str, str | None]] = []
        while True:
            direction = None
            if self.is_kw(*_DIRECTIONS):
                direction = str(self.advance().value).lower()
            edges.append((self.collection_name(write=False), direction))
            if not self.is_op(","):
                break
            self.advance()
        return edges, None

    def parse_options(self) -> ast.Expr | None:
        if self.is_word("OPTIONS"):
            self.advance()
            if not self.is_op("{") and self.tok.kind != "bind":
                raise self.error("{")
            return self.primary()
        return None

    # ------------------------------------------------------------------ COLLECT / WINDOW

    def parse_collect(self) -> ast.Collect:
        visible = sorted(self.scopes[-1])
        groups: list[tuple[str, ast.Expr]] = []
        aggregates: list[tuple[str, str, list[ast.Expr]]] = []
        count_into = None
        into = None
        into_expr = None
        keep = None
        if self.is_kw("WITH"):
            count_into = self.parse_count_into()
        else:
            if self.tok.kind in ("ident", "qident") and self.peek().value == "=":
                groups = self.parse_assignments()
            if self.is_kw("AGGREGATE"):
                self.advance()
                aggregates = self.parse_aggregates()
            if self.is_kw("INTO"):
                self.advance()
                into = self.variable_name()
                if self.is_op("="):
                    self.advance()
                    into_expr = self.expression()
                elif self.is_word("KEEP"):
                    self.advance()
                    keep = [self.variable_name()]
                    while self.is_op(","):
                        self.advance()
                        keep.append(self.variable_name())
                    for name in keep:
                        if not self.is_variable(name):
                            raise EmuError(1512, f"AQL: unknown variable '{name}' "
                                                 "(while parsing)")
            if self.is_kw("WITH"):
                count_into = self.parse_count_into()
        options = self.parse_options()
        self.next_node()
        self.scopes[-1] = set()
        for name, _ in groups:
            self.declare(name)
        for name, _, _ in aggregates:
            self.declare(name)
        if into is not None:
            self.declare(into)
        if count_into is not None:
            self.declare(count_into)
        return ast.Collect(groups, aggregates, into, into_expr, keep, count_into, visible,
                           options)

    def parse_count_into(self) -> str:
        self.expect_kw("WITH")
        if not self.is_word("COUNT"):
            raise self.error("COUNT")
        self.advance()
        self.expect_kw("INTO")
        return self.variable_name()

    def parse_assignments(self) -> list[tuple[str, ast.Expr]]:
        out: list[tuple[str, ast.Expr]] = []
        while True:
            name = self.variable_name()
            self.expect_op("=")
            out.append((name, self.expression()))
            if not self.is_op(","):
                return out
            self.advance()

    def parse_aggregates(self) -> list[tuple[str, str, list[ast.Expr]]]:
        out: list[tuple[str, str, list[ast.Expr]]] = []
        for name, expr in self.parse_assignments():
            if not isinstance(expr, ast.Call) or expr.name not in _AGGREGATE_FUNCTIONS:
                raise EmuError(1574, "AQL: invalid aggregate expression (while parsing)")
            out.append((name, expr.name, expr.args))
        return out

    def parse_window(self) -> ast.Window:
        self.advance()
        range_expr = None
        if not self.is_op("{"):
            range_expr = self.expression()
        self.expect_kw("WITH")
        bounds = self.primary()
        if not self.is_kw("AGGREGATE"):
            raise self.error("AGGREGATE")
        self.advance()
        aggregates = self.parse_aggregates()
        for name, _, _ in aggregates:
            self.declare(name)
        self.next_node()
        return ast.Window(range_expr, bounds, aggregates)

    # ------------------------------------------------------------------ modifications

    def collection_name(self, write: bool) -> str:
        token = self.tok
        if token.kind in ("ident", "qident", "string"):
            self.advance()
            name = str(token.value)
        elif token.kind == "collbind":
            self.advance()
            name = self.resolve_collection_bind(str(token.value))
        elif token.kind == "bind":
            self.advance()
            value = self.bind_value(str(token.value))
            if isinstance(value, str):
                name = value
            elif value is None and self.bind_vars is None:
                name = "@" + str(token.value)
            else:
                raise EmuError(1553, f"AQL: bind parameter '{token.value}' has an invalid "
                                     "value or type (while parsing)")
        else:
            raise self.error()
        self.note_collection(name, write)
        return name

    def note_collection(self, name: str, write: bool) -> None:
        if name not in self.collections:
            self.collections.append(name)
        if write and name not in self.write_collections:
            self.write_collections.append(name)

    def resolve_collection_bind(self, name: str) -> str:
        key = "@" + name
        if key not in self.bind_names:
            self.bind_names.append(key)
        if self.bind_vars is None:
            return key
        if key not in self.bind_vars:
            raise EmuError(1551, f"AQL: no value specified for declared bind parameter "
                                 f"'{key}' (while parsing)")
        value = self.bind_vars[key]
        if not isinstance(value, str) or not value:
            if isinstance(value, dict) and isinstance(value.get("name"), str):
                return str(value["name"])
            raise EmuError(1553, f"AQL: bind parameter '{key}' has an invalid value or type "
                                 "(while parsing)")
        return value

    def bind_value(self, name: str) -> Any:
        if name not in self.bind_names:
            self.bind_names.append(name)
        if self.bind_vars is None:
            return None
        if name not in self.bind_vars:
            raise EmuError(1551, f"AQL: no value specified for declared bind parameter "
                                 f"'{name}' (while parsing)")
        return self.bind_vars[name]

    def parse_modify(self, word: str) -> ast.Modify:
        self.advance()
        self.no_in += 1
        try:
            if word == "UPSERT":
                search = self.expression()
                self.expect_kw("INSERT")
                insert = self.expression()
                if not self.is_kw("UPDATE", "REPLACE"):
                    raise self.error("UPDATE or REPLACE")
                replace = self.advance().value == "REPLACE"
                self.scopes.append({"OLD"})
                update = self.expression()
                self.scopes.pop()
                self.expect_into()
                collection = self.collection_name(write=True)
                op = ast.Modify("UPSERT", collection, search=search, doc=insert, update=update,
                                upsert_replace=replace)
            else:
                first = self.expression()
                doc = None
                if word in ("UPDATE", "REPLACE") and self.is_kw("WITH"):
                    self.advance()
                    doc = self.expression()
                self.expect_into(word)
                collection = self.collection_name(write=True)
                if word == "INSERT":
                    op = ast.Modify(word, collection, doc=first)
                else:
                    op = ast.Modify(word, collection, key=first, doc=doc)
        finally:
            self.no_in -= 1
        op.options = self.parse_options()
        op.node_id = self.next_node()
        for name in ("OLD", "NEW"):
            if not self.is_variable(name):
                self.scopes[-1].add(name)
        return op

    def expect_into(self, word: str = "") -> None:
        if self.is_kw("INTO", "IN"):
            self.advance()
            return
        raise self.error("INTO" if word == "INSERT" else "IN")

    # ------------------------------------------------------------------ expressions

    def expression(self) -> ast.Expr:
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
        left = self.logical_and()
        while self.is_op("||") or self.is_kw("OR"):
            self.advance()
            left = ast.Logical("||", left, self.logical_and())
        return left

    def logical_and(self) -> ast.Expr:
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
        left = self.range_expr()
        while self.is_op("<", "<=", ">", ">="):
            op = str(self.advance().value)
            left = ast.Binary(op, left, self.range_expr())
        return left

    def range_expr(self) -> ast.Expr:
        left = self.additive()
        if self.is_op(".."):
            self.advance()
            return ast.Binary("..", left, self.additive())
        return left

    def additive(self) -> ast.Expr:
        left = self.multiplicative()
        while self.is_op("+", "-"):
            op = str(self.advance().value)
            left = ast.Binary(op, left, self.multiplicative())
        return left

    def multiplicative(self) -> ast.Expr:
        left = self.unary()
        while self.is_op("*", "/", "%"):
            op = str(self.advance().value)
            left = ast.Binary(op, left, self.unary())
        return left

    def unary(self) -> ast.Expr:
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
        while True:
            if self.is_op("."):
                self.advance()
                expr = ast.Attr(expr, self.attribute_name())
            elif self.is_op("["):
                if self.peek().kind == "op" and self.peek().value in ("*", "**") or (
                        self.peek().kind == "op" and self.peek().value == "*"):
                    return self.expansion(expr)
                self.advance()
                index = self.expression()
                self.expect_op("]")
                expr = ast.Index(expr, index)
            else:
                return expr

    def attribute_name(self) -> str:
        token = self.tok
        if token.kind in ("ident", "qident", "keyword", "string"):
            self.advance()
            return str(token.value) if token.kind != "keyword" else \
                self.query[token.offset:token.offset + len(str(token.value))]
        if token.kind == "bind":
            self.advance()
            value = self.bind_value(str(token.value))
            return value if isinstance(value, str) else ""
        raise self.error("attribute name")

    def expansion(self, obj: ast.Expr) -> ast.Expr:
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
            self.note_collection(name, write=False)
            return ast.CollectionRef(name)
        if kind == "op":
            if token.value == "(":
                self.advance()
                if self.tok.kind == "keyword" and self.tok.value in _STATEMENT_KEYWORDS:
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
        self.expect_op("(")
        saved = self.no_in
        self.no_in = 0
        args: list[ast.Expr] = []
        if not self.is_op(")"):
            while True:
                args.append(self.expression())
                if not self.is_op(","):
                    break
                self.advance()
        self.expect_op(")")
        self.no_in = saved
        canonical = self.check_function(name, len(args))
        if canonical not in self.functions:
            self.functions.append(canonical)
        return ast.Call(canonical, args)

    def array_literal(self) -> ast.Expr:
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


def parse(query: str, bind_vars: dict[str, Any] | None, check_function: FunctionCheck
          ) -> ast.Query:
    """Parse ``query``. With ``bind_vars``, bind parameters are checked (1551/1552/1553)."""
    parser = Parser(query, bind_vars, check_function)
    result = parser.parse_query()
    if bind_vars is not None:
        for name in bind_vars:
            if name not in parser.bind_names:
                raise EmuError(1552, f"AQL: bind parameter '{name}' was not declared in the "
                                     "query (while parsing)")
    return result
