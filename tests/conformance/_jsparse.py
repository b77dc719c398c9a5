"""A parser for the small JavaScript subset the recorded examples' arangosh sources use.

Statements (``var``/``let``/``const``, ``if``/``else``, ``for``, ``while``, ``try``/``catch``,
blocks, expressions) and expressions (literals, object/array literals, member access including
``?.``, calls, ``new``, assignment, ``+ - * / %``, comparisons, ``&& || !``, ``++``/``--``,
``?:``) become tuples whose first item names the node. Statements are parsed one at a time, so
the interpreter can stop before the parts of a source it never needs (cleanup after the last
recorded request).
"""

from __future__ import annotations

import re
from typing import Any

Node = tuple[Any, ...]


class JsSyntaxError(Exception):
    """The source uses JavaScript outside the supported subset."""


_TOKEN = re.compile(r"""
    (?P<ws>\s+|//[^\n]*|/\*.*?\*/)
  | (?P<num>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<str>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<name>[A-Za-z_$][\w$]*)
  | (?P<op>===|!==|\?\.|\+\+|--|\+=|-=|==|!=|<=|>=|&&|\|\||=>|[-+*/%<>=!?:.,;(){}\[\]])
""", re.VERBOSE | re.DOTALL)

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "0": "\0"}
_KEYWORDS = {"var", "let", "const", "if", "else", "for", "while", "try", "catch", "finally",
             "new", "function", "return", "typeof", "break", "continue"}


def _unquote(text: str) -> str:
    out: list[str] = []
    i, body = 0, text[1:-1]
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt == "u":
                out.append(chr(int(body[i + 2:i + 6], 16)))
                i += 6
                continue
            out.append(_ESCAPES.get(nxt, nxt))
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def tokenize(source: str, offsets: list[int] | None = None) -> list[tuple[str, Any]]:
    """The tokens of ``source``: ``("num"|"str"|"name"|"op", value)``, ending with ``eof``;
    each token's start offset is appended to ``offsets`` when given."""
    tokens: list[tuple[str, Any]] = []
    pos = 0
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if match is None:
            raise JsSyntaxError(f"unexpected character {source[pos]!r} at {pos}")
        pos = match.end()
        kind = match.lastgroup
        text = match.group()
        if kind == "ws":
            continue
        if offsets is not None:
            offsets.append(match.start())
        if kind == "num":
            tokens.append(("num", float(text) if "." in text or "e" in text.lower()
                           else int(text)))
        elif kind == "str":
            tokens.append(("str", _unquote(text)))
        else:
            tokens.append((str(kind), text))
    tokens.append(("eof", None))
    if offsets is not None:
        offsets.append(len(source))
    return tokens


_BINARY = [
    ("||",), ("&&",), ("===", "!==", "==", "!="), ("<", ">", "<=", ">="), ("+", "-"),
    ("*", "/", "%"),
]


class Parser:
    """Parses statements one by one (:meth:`next_statement`) from a token list."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.offsets: list[int] = []
        self.tokens = tokenize(source, self.offsets)
        self.pos = 0

    def text_since(self, token_index: int) -> str:
        """The source text from token ``token_index`` up to the current token."""
        return self.source[self.offsets[token_index]:self.offsets[self.pos]].strip()

    # -- token helpers ----------------------------------------------------------------------
    def peek(self, offset: int = 0) -> tuple[str, Any]:
        return self.tokens[min(self.pos + offset, len(self.tokens) - 1)]

    def at(self, value: str) -> bool:
        kind, text = self.peek()
        return kind in ("op", "name") and text == value

    def take(self, value: str | None = None) -> tuple[str, Any]:
        token = self.peek()
        if value is not None and not self.at(value):
            raise JsSyntaxError(f"expected {value!r}, got {token[1]!r}")
        self.pos += 1
        return token

    def accept(self, value: str) -> bool:
        if self.at(value):
            self.pos += 1
            return True
        return False

    def name(self) -> str:
        kind, text = self.take()
        if kind != "name":
            raise JsSyntaxError(f"expected a name, got {text!r}")
        return str(text)

    # -- statements -------------------------------------------------------------------------
    def done(self) -> bool:
        return self.peek()[0] == "eof"

    def next_statement(self) -> Node:
        """The next statement (``("empty",)`` for a lone ``;``)."""
        if self.accept(";"):
            return ("empty",)
        if self.accept("{"):
            return self._block_rest()
        if self.at("var") or self.at("let") or self.at("const"):
            node = self._declaration()
            self.accept(";")
            return node
        if self.accept("if"):
            self.take("(")
            cond = self.expression()
            self.take(")")
            then = self.next_statement()
            other = self.next_statement() if self.accept("else") else ("empty",)
            return ("if", cond, then, other)
        if self.accept("for"):
            self.take("(")
            init: Node = ("empty",)
            if self.at("var") or self.at("let") or self.at("const"):
                init = self._declaration()
            elif not self.at(";"):
                init = ("expr", self.expression())
            self.take(";")
            cond = ("bool", True) if self.at(";") else self.expression()
            self.take(";")
            update = ("bool", True) if self.at(")") else self.expression()
            self.take(")")
            return ("for", init, cond, update, self.next_statement())
        if self.accept("while"):
            self.take("(")
            cond = self.expression()
            self.take(")")
            return ("while", cond, self.next_statement())
        if self.accept("return"):
            value = ("undefined",) if self.at(";") or self.at("}") else self.expression()
            self.accept(";")
            return ("return", value)
        if self.accept("break") or self.accept("continue"):
            node = ("break" if self.tokens[self.pos - 1][1] == "break" else "continue",)
            self.accept(";")
            return node
        if self.accept("try"):
            self.take("{")
            body = self._block_rest()
            handler: Node = ("block", [])
            if self.accept("catch"):
                if self.accept("("):
                    self.name()
                    self.take(")")
                self.take("{")
                handler = self._block_rest()
            if self.accept("finally"):
                self.take("{")
                handler = ("block", [handler, self._block_rest()])
            return ("try", body, handler)
        node = ("expr", self.expression())
        self.accept(";")
        return node

    def _block_rest(self) -> Node:
        body: list[Node] = []
        while not self.accept("}"):
            if self.done():
                raise JsSyntaxError("unterminated block")
            body.append(self.next_statement())
        return ("block", body)

    def _declaration(self) -> Node:
        self.take()
        decls: list[Node] = []
        while True:
            target = self.name()
            value = self.expression() if self.accept("=") else ("undefined",)
            decls.append(("assign", ("var", target), value))
            if not self.accept(","):
                break
        return ("block", [("expr", d) for d in decls])

    # -- expressions ------------------------------------------------------------------------
    def expression(self) -> Node:
        target = self._conditional()
        for op in ("=", "+=", "-="):
            if self.accept(op):
                value = self.expression()
                if op != "=":
                    value = ("binary", op[0], target, value)
                return ("assign", target, value)
        return target

    def _conditional(self) -> Node:
        cond = self._binary(0)
        if self.accept("?"):
            then = self.expression()
            self.take(":")
            return ("cond", cond, then, self.expression())
        return cond

    def _binary(self, level: int) -> Node:
        if level == len(_BINARY):
            return self._unary()
        left = self._binary(level + 1)
        while self.peek()[0] == "op" and self.peek()[1] in _BINARY[level]:
            op = self.take()[1]
            left = ("binary", op, left, self._binary(level + 1))
        return left

    def _unary(self) -> Node:
        if self.peek()[0] == "op" and self.peek()[1] in ("!", "-", "+"):
            op = self.take()[1]
            return ("unary", op, self._unary())
        if self.accept("typeof"):
            return ("unary", "typeof", self._unary())
        if self.at("++") or self.at("--"):
            op = self.take()[1]
            target = self._postfix()
            return ("assign", target, ("binary", op[0], target, ("num", 1)))
        node = self._postfix()
        if self.peek() in (("op", "++"), ("op", "--")):
            op = self.take()[1]
            return ("assign", node, ("binary", op[0], node, ("num", 1)))
        return node

    def _postfix(self) -> Node:
        if self.accept("new"):
            callee = self._primary()
            while self.accept("."):
                callee = ("member", callee, ("str", self.name()))
            args = self._arguments() if self.accept("(") else []
            node: Node = ("new", callee, args)
        else:
            node = self._primary()
        while True:
            if self.accept(".") or self.accept("?."):
                node = ("member", node, ("str", self.name()))
            elif self.accept("["):
                node = ("member", node, self.expression())
                self.take("]")
            elif self.accept("("):
                node = ("call", node, self._arguments())
            else:
                return node

    def _arguments(self) -> list[Node]:
        args: list[Node] = []
        while not self.accept(")"):
            args.append(self.expression())
            if not self.accept(","):
                self.take(")")
                break
        return args

    def _primary(self) -> Node:
        kind, value = self.take()
        if kind == "num":
            return ("num", value)
        if kind == "str":
            return ("str", value)
        if kind == "name" and value == "function":
            if self.peek()[0] == "name":
                self.take()
            self.take("(")
            params: list[str] = []
            while not self.accept(")"):
                params.append(self.name())
                if not self.accept(","):
                    self.take(")")
                    break
            self.take("{")
            return ("function", params, self._block_rest())
        if kind == "name":
            if value in ("true", "false"):
                return ("bool", value == "true")
            if value == "null":
                return ("null",)
            if value == "undefined":
                return ("undefined",)
            if value in _KEYWORDS:
                raise JsSyntaxError(f"{value!r} is not supported here")
            return ("var", value)
        if value == "(":
            node = self.expression()
            self.take(")")
            return node
        if value == "[":
            items: list[Node] = []
            while not self.accept("]"):
                items.append(self.expression())
                if not self.accept(","):
                    self.take("]")
                    break
            return ("array", items)
        if value == "{":
            props: list[tuple[str, Node]] = []
            while not self.accept("}"):
                key_kind, key = self.take()
                if key_kind not in ("name", "str", "num"):
                    raise JsSyntaxError(f"bad object key {key!r}")
                self.take(":")
                props.append((str(key), self.expression()))
                if not self.accept(","):
                    self.take("}")
                    break
            return ("object", props)
        raise JsSyntaxError(f"unexpected {value!r}")
