"""AQL parser: query text -> :class:`~arango_anyio.testing._aql.ast.Query` (recursive
descent over the operations; expressions in :mod:`.parse_expr`)."""

from __future__ import annotations

from typing import Any

from arango_anyio.testing._aql import ast
from arango_anyio.testing._aql.parse_base import FunctionCheck
from arango_anyio.testing._aql.parse_expr import AGGREGATE_FUNCTIONS, STATEMENT_KEYWORDS
from arango_anyio.testing._aql.parse_pattern import PatternParser, pattern_names
from arango_anyio.testing._protocol.errors import EmuError

_MODIFY_KEYWORDS = frozenset(("INSERT", "UPDATE", "REPLACE", "REMOVE", "UPSERT"))
_DIRECTIONS = frozenset(("OUTBOUND", "INBOUND", "ANY"))
_PATH_KINDS = frozenset(("SHORTEST_PATH", "K_SHORTEST_PATHS", "K_PATHS", "ALL_SHORTEST_PATHS"))


_NODE_KINDS = {"INSERT": "InsertNode", "UPDATE": "UpdateNode", "REPLACE": "ReplaceNode",
               "REMOVE": "RemoveNode", "UPSERT": "UpsertNode"}


class _Parser(PatternParser):
    """The operations of a query (FOR, LET, FILTER, ..., modifications, traversals)."""

    modified: dict[str, str]
    loop_seen: bool = False
    pre_loop: set[str]

    def check_not_modified(self, name: str) -> None:
        """1579 when collection ``name`` is read after the query modified it."""
        kind = self.modified.get(name)
        if kind is not None:
            raise EmuError(1579, f"AQL: access after data-modification by {kind} "
                                 "(while parsing)")

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
        saved = self.loop_seen, self.pre_loop
        self.loop_seen, self.pre_loop = False, set()
        try:
            return self._parse_body()
        finally:
            self.loop_seen, self.pre_loop = saved

    def _parse_body(self) -> list[ast.Op]:
        body: list[ast.Op] = []
        modified = False
        while True:
            token = self.tok
            if token.kind != "keyword" or token.value not in STATEMENT_KEYWORDS:
                if modified and (token.kind == "eof" or self.is_op(")")):
                    return body
                raise self.error()
            word = str(token.value)
            if word == "RETURN":
                body.append(self.parse_return())
                return body
            if word in _MODIFY_KEYWORDS:
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
            self.loop_seen = True
            return self.parse_for()
        if word == "LET":
            pattern = self.parse_pattern() if self.is_op("[", "{") else None
            name = self.variable_name() if pattern is None else self.hidden_name()
            self.expect_op("=")
            expr = self.expression()
            for declared in [name] if pattern is None else pattern_names(pattern):
                self.declare(declared)
                if not self.loop_seen:
                    self.pre_loop.add(declared)
            self.next_node()
            return ast.Let(name, expr, pattern=pattern)
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
        if self.is_op("[", "{"):
            return self.parse_destructuring_for()
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
        search = None
        if self.is_word("SEARCH"):
            search = self.parse_search(names[0], source)
        options = self.parse_loop_options(source)
        if search is None:
            self.declare(names[0])
        return ast.For(names[0], source, options, search)

    def parse_loop_options(self, source: ast.Expr) -> ast.Expr | None:
        """The ``OPTIONS`` of a ``FOR`` loop over ``source``, and the plan nodes the loop
        adds (a calculation for a computed source, then the enumeration)."""
        options = self.parse_options()
        if isinstance(source, ast.CollectionRef):
            self.check_not_modified(source.name)
        if not isinstance(source, (ast.Var, ast.CollectionRef)):
            self.next_node()
        self.next_node()
        return options

    def parse_search(self, var: str, source: ast.Expr) -> ast.Expr:
        """``SEARCH expr`` after ``FOR var IN view`` (the loop variable is visible in it)."""
        if not isinstance(source, ast.CollectionRef):
            raise EmuError(1501, "AQL: SEARCH condition used on non-view (while parsing)")
        self.advance()
        self.declare(var)
        return self.expression()

    def parse_destructuring_for(self) -> ast.Op:
        """``FOR [a, b] IN expr`` / ``FOR {a, b} IN expr`` (not for graph traversals)."""
        pattern = self.parse_pattern()
        self.expect_kw("IN")
        source = self.expression()
        if self.is_kw(*_DIRECTIONS):
            raise self.error()
        options = self.parse_loop_options(source)
        for name in pattern_names(pattern):
            self.declare(name)
        return ast.For(self.hidden_name(), source, options, pattern=pattern)

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
            name = self.collection_name(write=False)
            self.check_not_modified(name)
            edges.append((name, direction))
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
        visible = sorted(name for name in self.scopes[-1]
                         if not (self.loop_seen and name in self.pre_loop))
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
        self.hidden |= self.scopes[-1]
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
        self.in_aggregate = True
        try:
            assignments = self.parse_assignments()
        finally:
            self.in_aggregate = False
        for name, expr in assignments:
            if not isinstance(expr, ast.Call) or expr.name not in AGGREGATE_FUNCTIONS:
                raise EmuError(1574, "AQL: invalid aggregate expression (while parsing)")
            out.append((name, expr.name, expr.args))
        return out

    def parse_window(self) -> ast.Window:
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
        for part in (op.key, op.doc, op.search, op.update):
            if part is not None and not isinstance(part, ast.Var):
                self.next_node()
        op.options = self.parse_options()
        op.node_id = self.next_node()
        self.check_not_modified(op.collection)
        self.modified[op.collection] = _NODE_KINDS[op.kind]
        for name in ("OLD", "NEW"):
            if not self.is_variable(name):
                self.scopes[-1].add(name)
        return op

    def expect_into(self, word: str = "") -> None:
        if self.is_kw("INTO", "IN"):
            self.advance()
            return
        raise self.error("INTO" if word == "INSERT" else "IN")

def parse(query: str, bind_vars: dict[str, Any] | None, check_function: FunctionCheck
          ) -> ast.Query:
    """Parse ``query``. With ``bind_vars``, bind parameters are checked (1551/1552/1553)."""
    parser = _Parser(query, bind_vars, check_function)
    parser.modified = {}
    parser.pre_loop = set()
    result = parser.parse_query()
    if bind_vars is not None:
        for name in bind_vars:
            if name not in parser.bind_names:
                raise EmuError(1552, f"AQL: bind parameter '{name}' was not declared in the "
                                     "query (while parsing)")
    return result
