"""Shared parser state: the token stream, variable scopes, bind parameters and the plan-node
counter (the statement and expression parsers build on it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from arango_anyio.testing._aql.lexer import Token, syntax_error, tokenize
from arango_anyio.testing._protocol.errors import EmuError

#: Checks a function name and argument count; raises 1540/1541. Returns the canonical name.
FunctionCheck = Callable[[str, int], str]


class ParserBase:
    """Token cursor and bookkeeping for one query string. ``bind_vars`` (when given) resolves
    ``@@name`` collections and is checked: declared-but-missing parameters raise 1551."""

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
        self.hidden: set[str] = set()
        self.bind_names: list[str] = []
        self.collections: list[str] = []
        self.write_collections: list[str] = []
        self.functions: list[str] = []
        self.modifies = False
        self.no_in = 0
        self.in_aggregate = False
        self.node_id = 1  # the singleton node

    # ------------------------------------------------------------------ token helpers

    @property
    def tok(self) -> Token:
        """The current token."""
        return self.tokens[self.pos]

    def peek(self, ahead: int = 1) -> Token:
        """The token ``ahead`` positions on."""
        return self.tokens[min(self.pos + ahead, len(self.tokens) - 1)]

    def advance(self) -> Token:
        """Consume and return the current token."""
        token = self.tokens[self.pos]
        if token.kind != "eof":
            self.pos += 1
        return token

    def is_kw(self, *words: str) -> bool:
        """Is the current token one of the keywords ``words``?"""
        return self.tok.kind == "keyword" and self.tok.value in words

    def is_op(self, *ops: str) -> bool:
        """Is the current token one of the operators ``ops``?"""
        return self.tok.kind == "op" and self.tok.value in ops

    def is_word(self, word: str) -> bool:
        """A contextual keyword (OPTIONS, KEEP, COUNT, PRUNE, TO, SEARCH) given as identifier."""
        return self.tok.kind == "ident" and str(self.tok.value).upper() == word

    def expect_kw(self, word: str) -> Token:
        """Consume keyword ``word`` or fail with 1501."""
        if not self.is_kw(word):
            raise self.error(word)
        return self.advance()

    def expect_op(self, op: str) -> Token:
        """Consume operator ``op`` or fail with 1501."""
        if not self.is_op(op):
            raise self.error(op)
        return self.advance()

    def error(self, expecting: str | None = None) -> EmuError:
        """The 1501 syntax error for the current token."""
        # bison names the expected tokens only when there are few; only "assignment" is
        # certain to be the single one, so the others are left out.
        return syntax_error(self.query, self.tok, "assignment" if expecting == "=" else None)

    def next_node(self) -> int:
        """Count one more execution plan node (for ``[node #N: ...]`` in messages)."""
        self.node_id += 1
        return self.node_id

    # ------------------------------------------------------------------ variables

    def declare(self, name: str) -> None:
        """Declare variable ``name`` in the current scope (1511 if it exists)."""
        if any(name in scope for scope in self.scopes):
            raise EmuError(1511, f"AQL: variable '{name}' is assigned multiple times "
                                 "(while parsing)")
        self.scopes[-1].add(name)
        self.hidden.discard(name)

    def is_variable(self, name: str) -> bool:
        """Is ``name`` a variable visible here?"""
        return any(name in scope for scope in self.scopes)

    def variable_name(self) -> str:
        """Consume a variable name."""
        token = self.tok
        if token.kind not in ("ident", "qident"):
            raise self.error("identifier" if token.kind != "eof" else None)
        self.advance()
        return str(token.value)

    # ------------------------------------------------------------------ bind parameters

    def collection_name(self, write: bool) -> str:
        """Consume a collection name (a name, a quoted name or a bind parameter)."""
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
        """Remember that the query uses collection ``name``."""
        if name not in self.collections:
            self.collections.append(name)
        if write and name not in self.write_collections:
            self.write_collections.append(name)

    def resolve_collection_bind(self, name: str) -> str:
        """The collection named by bind parameter ``@@name`` (1551/1553)."""
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
        """Record the use of value bind parameter ``@name``; its value (1551 if missing)."""
        if name not in self.bind_names:
            self.bind_names.append(name)
        if self.bind_vars is None:
            return None
        if name not in self.bind_vars:
            raise EmuError(1551, f"AQL: no value specified for declared bind parameter "
                                 f"'{name}' (while parsing)")
        return self.bind_vars[name]

