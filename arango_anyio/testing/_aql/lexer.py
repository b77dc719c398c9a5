"""AQL tokenizer: query text -> list of :class:`Token` with line:column positions."""

from __future__ import annotations

from dataclasses import dataclass

from arango_anyio.testing._protocol.errors import EmuError

#: Reserved words (case-insensitive); everything else made of letters is an identifier.
KEYWORDS = frozenset((
    "AGGREGATE", "ALL", "ALL_SHORTEST_PATHS", "AND", "ANY", "ASC", "COLLECT", "DESC", "DISTINCT",
    "FALSE", "FILTER", "FOR", "GRAPH", "IN", "INBOUND", "INSERT", "INTO", "K_PATHS",
    "K_SHORTEST_PATHS", "LET", "LIKE", "LIMIT", "NONE", "NOT", "NULL", "OR", "OUTBOUND", "REMOVE",
    "REPLACE", "RETURN", "SHORTEST_PATH", "SORT", "TRUE", "UPDATE", "UPSERT", "WINDOW", "WITH",
))

_PUNCT = (
    "..", "==", "!=", "<=", ">=", "=~", "!~", "&&", "||", "::",
    "<", ">", "=", "!", "+", "-", "*", "/", "%", "?", ":", ".", ",", "(", ")", "[", "]",
    "{", "}",
)

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "\\": "\\", "'": "'",
            '"': '"', "/": "/", "`": "`", "\u00b4": "\u00b4"}


@dataclass(frozen=True)
class Token:
    """One token. ``kind`` is ``keyword`` (value upper-cased), ``ident``, ``qident`` (a quoted
    name), ``string``, ``number``, ``bind``, ``collbind``, ``op`` or ``eof``."""

    kind: str
    value: object
    line: int
    column: int
    offset: int

    def describe(self) -> str:
        """The token's name as ArangoDB's parser writes it in syntax errors."""
        if self.kind == "eof":
            return "end of query"
        if self.kind in ("ident", "qident"):
            return "identifier"
        if self.kind == "string":
            return "quoted string"
        if self.kind == "number":
            return "integer number" if isinstance(self.value, int) else "decimal number"
        if self.kind == "bind":
            return "bind parameter"
        if self.kind == "collbind":
            return "bind data source parameter"
        if self.kind == "keyword":
            return _KEYWORD_NAMES.get(str(self.value), f"{self.value} keyword")
        return _OP_NAMES.get(str(self.value), str(self.value))


_KEYWORD_NAMES = {
    "FOR": "FOR declaration", "LET": "LET declaration", "FILTER": "FILTER declaration",
    "RETURN": "RETURN declaration", "COLLECT": "COLLECT declaration",
    "SORT": "SORT declaration", "LIMIT": "LIMIT declaration", "INSERT": "INSERT command",
    "UPDATE": "UPDATE command", "REPLACE": "REPLACE command", "REMOVE": "REMOVE command",
    "UPSERT": "UPSERT command", "NULL": "null", "TRUE": "true", "FALSE": "false",
    "IN": "IN keyword", "WITH": "WITH keyword", "INTO": "INTO keyword", "AND": "and operator",
    "OR": "or operator", "NOT": "not operator", "LIKE": "like operator",
    "WINDOW": "WINDOW declaration", "DISTINCT": "DISTINCT modifier",
}

_OP_NAMES = {
    "=": "assignment", "==": "== operator", "!=": "!= operator", "<": "< operator",
    ">": "> operator", "<=": "<= operator", ">=": ">= operator", "=~": "~= operator",
    "!~": "~! operator", "&&": "and operator", "||": "or operator", "!": "not operator",
    "+": "+ operator", "-": "- operator", "*": "* operator", "/": "/ operator",
    "%": "% operator",
}


def snippet(query: str, offset: int) -> str:
    """The query text from ``offset`` as the server quotes it in errors (at most 32
    characters, cut at a blank, then ``...``)."""
    rest = query[offset:]
    if len(rest) <= 32:
        return rest
    cut = rest[:32]
    blank = cut.rfind(" ")
    if blank > 0:
        cut = cut[:blank + 1]
    return cut + "..."


def syntax_error(query: str, token: Token, expecting: str | None = None) -> EmuError:
    """The 1501 error the server gives for an unexpected ``token``."""
    near = snippet(query, token.offset)
    text = f"syntax error, unexpected {token.describe()}"
    if expecting:
        text += f", expecting {expecting}"
    return EmuError(
        1501, f"AQL: {text} near '{near}' at position {token.line}:{token.column} "
        "(while parsing)")


def _position(query: str, offset: int) -> tuple[int, int]:
    line = query.count("\n", 0, offset) + 1
    column = offset - (query.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _parse_error(query: str, offset: int, text: str) -> EmuError:
    line, col = _position(query, offset)
    near = snippet(query, offset)
    return EmuError(1501, f"AQL: {text} near '{near}' at position {line}:{col} (while parsing)")


def tokenize(query: str) -> list[Token]:
    """Split ``query`` into tokens; raises EmuError 1501 on a lexical error."""
    tokens: list[Token] = []
    i = 0
    n = len(query)

    def add(kind: str, value: object, start: int) -> None:
        line, col = _position(query, start)
        tokens.append(Token(kind, value, line, col, start))

    while i < n:
        c = query[i]
        if c in " \t\r\n\f\v":
            i += 1
            continue
        if query.startswith("//", i):
            end = query.find("\n", i)
            i = n if end == -1 else end + 1
            continue
        if query.startswith("/*", i):
            end = query.find("*/", i + 2)
            if end == -1:
                raise _parse_error(query, i, "syntax error, unexpected end of query")
            i = end + 2
            continue
        start = i
        if c.isalpha() or c == "_" or c == "$":
            while i < n and (query[i].isalnum() or query[i] in "_$"):
                i += 1
            word = query[start:i]
            upper = word.upper()
            if upper in KEYWORDS:
                add("keyword", upper, start)
            else:
                add("ident", word, start)
            continue
        if c.isdigit() or (c == "." and i + 1 < n and query[i + 1].isdigit()
                           and not _value_before(tokens)):
            i = _number(query, i, add)
            continue
        if c in "'\"":
            i = _string(query, i, add)
            continue
        if c in "`\u00b4":
            end = query.find(c, i + 1)
            if end == -1:
                raise _parse_error(query, i, "syntax error, unexpected end of query")
            add("qident", query[i + 1:end], start)
            i = end + 1
            continue
        if c == "@":
            kind = "bind"
            j = i + 1
            if j < n and query[j] == "@":
                kind = "collbind"
                j += 1
            k = j
            while k < n and (query[k].isalnum() or query[k] == "_"):
                k += 1
            if k == j:
                raise _parse_error(query, i, "syntax error, unexpected '@'")
            add(kind, query[j:k], start)
            i = k
            continue
        for p in _PUNCT:
            if query.startswith(p, i):
                add("op", p, start)
                i += len(p)
                break
        else:
            raise _parse_error(query, i, f"syntax error, unexpected '{c}'")
    add("eof", None, n)
    return tokens


def _value_before(tokens: list[Token]) -> bool:
    if not tokens:
        return False
    last = tokens[-1]
    if last.kind in ("ident", "qident", "string", "number", "bind"):
        return True
    return last.kind == "op" and last.value in (")", "]", "}")


def _number(query: str, i: int, add: object) -> int:
    n = len(query)
    start = i
    assert callable(add)
    if query.startswith(("0x", "0X"), i):
        j = i + 2
        while j < n and query[j] in "0123456789abcdefABCDEF":
            j += 1
        add("number", int(query[i + 2:j], 16), start)
        return j
    if query.startswith(("0b", "0B"), i):
        j = i + 2
        while j < n and query[j] in "01":
            j += 1
        add("number", int(query[i + 2:j], 2), start)
        return j
    while i < n and query[i].isdigit():
        i += 1
    is_float = False
    if i + 1 < n and query[i] == "." and query[i + 1].isdigit():
        is_float = True
        i += 1
        while i < n and query[i].isdigit():
            i += 1
    if i < n and query[i] in "eE":
        j = i + 1
        if j < n and query[j] in "+-":
            j += 1
        if j < n and query[j].isdigit():
            is_float = True
            i = j
            while i < n and query[i].isdigit():
                i += 1
    text = query[start:i]
    value: int | float = float(text) if is_float else int(text)
    if isinstance(value, float) and value.is_integer() and abs(value) < 2 ** 53:
        add("number", value, start)
    else:
        add("number", value, start)
    return i


def _string(query: str, i: int, add: object) -> int:
    assert callable(add)
    quote = query[i]
    start = i
    i += 1
    n = len(query)
    out: list[str] = []
    while i < n:
        c = query[i]
        if c == quote:
            text = "".join(out)
            if any("\ud800" <= ch <= "\udfff" for ch in text):  # \uXXXX surrogate pairs
                text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
            add("string", text, start)
            return i + 1
        if c == "\\" and i + 1 < n:
            e = query[i + 1]
            if e == "u" and i + 5 < n:
                try:
                    code = int(query[i + 2:i + 6], 16)
                except ValueError:
                    code = -1
                if code >= 0:
                    out.append(chr(code))
                    i += 6
                    continue
            out.append(_ESCAPES.get(e, e))
            i += 2
            continue
        out.append(c)
        i += 1
    raise _parse_error(query, start, "syntax error, unexpected unterminated string literal")
