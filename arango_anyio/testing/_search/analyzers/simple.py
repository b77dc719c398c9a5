"""The analyzers without language rules: ``identity``, ``delimiter``, ``multi_delimiter``,
``stopwords``, ``ngram`` and ``segmentation``."""

from __future__ import annotations

from typing import Any

from arango_anyio.testing._search.analyzers.base import (
    Analyzer,
    Token,
    byte_offsets,
    utf8_len,
)
from arango_anyio.testing._search.analyzers.text import convert_case
from arango_anyio.testing._search.analyzers.words import segments


class IdentityAnalyzer(Analyzer):
    """The input as it is, as one token."""

    def tokens(self, value: str) -> list[Token]:
        """One token."""
        return [Token(value, 1, 0, utf8_len(value))]


def _unquote(term: str) -> str:
    """A field in double quotes loses them (``""`` inside is a quote), as in RFC 4180;
    a term with mismatched quotes stays as it is."""
    if not term.startswith('"'):
        return term
    out: list[str] = []
    escaped = False
    start = 1
    i = 1
    while i < len(term):
        if term[i] == '"':
            if escaped and start == i:
                escaped = False
                i += 1
                continue
            if escaped:
                break
            out.append(term[start:i])
            escaped = True
            start = i + 1
        i += 1
    return "".join(out) if start != 1 and start == len(term) else term


class DelimiterAnalyzer(Analyzer):
    """Split at one delimiter; double-quoted fields may hold the delimiter (RFC 4180)."""

    def __init__(self, name: str, features: frozenset[str], props: dict[str, Any]) -> None:
        super().__init__(name, features)
        self.delimiter = str(props.get("delimiter", ""))

    def _find(self, data: str) -> int:
        delim = self.delimiter
        if not delim:
            return len(data)
        quoted = False
        for i, char in enumerate(data):
            if quoted:
                if char == '"':
                    quoted = False
                continue
            if len(data) - i < len(delim):
                break
            if data.startswith(delim, i):
                return i
            if char == '"':
                quoted = True
        return len(data)

    def tokens(self, value: str) -> list[Token]:
        """The fields of ``value``."""
        out: list[Token] = []
        data = value
        offset = 0
        while True:
            size = self._find(data)
            piece = data[:size]
            length = utf8_len(piece)
            out.append(Token(_unquote(piece), 1, offset, offset + length))
            if size >= len(data):
                break
            step = max(1, size + len(self.delimiter))
            offset += utf8_len(data[:step])
            data = data[step:]
        return out


class MultiDelimiterAnalyzer(Analyzer):
    """Split at any of several delimiters (the longest one matching at a place wins);
    quotes have no meaning; empty pieces are dropped."""

    def __init__(self, name: str, features: frozenset[str], props: dict[str, Any]) -> None:
        super().__init__(name, features)
        delimiters = [str(d) for d in props.get("delimiters", []) if str(d)]
        self.delimiters = sorted(set(delimiters), key=len, reverse=True)

    def tokens(self, value: str) -> list[Token]:
        """The non-empty pieces of ``value``."""
        out: list[Token] = []
        offset = byte_offsets(value)
        start = 0
        i = 0
        while i <= len(value):
            match = next((d for d in self.delimiters if value.startswith(d, i)), None) \
                if i < len(value) else ""
            if match is None:
                i += 1
                continue
            if i > start:
                out.append(Token(value[start:i], 1, offset(start), offset(i)))
            if not match:
                break
            i += len(match)
            start = i
        return out


class StopwordsAnalyzer(Analyzer):
    """The input as one token, or nothing when it is one of the stop words (given as text
    or, with ``hex``, as hex-encoded UTF-8 bytes)."""

    def __init__(self, name: str, features: frozenset[str], props: dict[str, Any]) -> None:
        super().__init__(name, features)
        words = [str(w) for w in props.get("stopwords", [])]
        if props.get("hex", False):
            words = [bytes.fromhex(w).decode("utf-8", "replace") for w in words]
        self.stopwords = frozenset(words)

    def tokens(self, value: str) -> list[Token]:
        """``[value]`` or ``[]``."""
        if value in self.stopwords:
            return []
        return [Token(value, 1, 0, utf8_len(value))]


class NgramAnalyzer(Analyzer):
    """All n-grams of ``min``..``max`` characters (``streamType: "utf8"``) or bytes
    (``"binary"``), in order of start position; optional start/end markers and the
    original input (``preserveOriginal``)."""

    def __init__(self, name: str, features: frozenset[str], props: dict[str, Any]) -> None:
        super().__init__(name, features)
        self.low = max(int(props.get("min", 1) or 1), 1)
        self.high = max(int(props.get("max", self.low) or self.low), self.low)
        self.preserve = bool(props.get("preserveOriginal", False))
        self.start_marker = str(props.get("startMarker", ""))
        self.end_marker = str(props.get("endMarker", ""))
        self.utf8 = props.get("streamType", "binary") == "utf8"

    def _units(self, value: str) -> list[str]:
        if self.utf8:
            return list(value)
        return [chr(b) for b in value.encode("utf-8")]

    def _text(self, units: list[str]) -> str:
        if self.utf8:
            return "".join(units)
        return bytes(ord(u) for u in units).decode("utf-8", "replace")

    def tokens(self, value: str) -> list[Token]:
        """The n-grams of ``value``."""
        units = self._units(value)
        total = len(units)
        out: list[Token] = []
        original_pending = self.preserve
        for start in range(total):
            first = True
            for length in range(1, min(self.high, total - start) + 1):
                if length < self.low:
                    continue
                whole = start == 0 and length == total
                gram = self._text(units[start:start + length])
                if whole and original_pending:
                    out.extend(self._original(value, first))
                    original_pending = False
                    first = False
                    continue
                if start == 0 and self.start_marker:
                    gram = self.start_marker + gram
                elif start + length == total and self.end_marker:
                    gram = gram + self.end_marker
                out.append(Token(gram, 1 if first else 0))
                first = False
                if start == 0 and whole and self.start_marker and self.end_marker:
                    out.append(Token(self._text(units) + self.end_marker, 0))
            if start == 0 and original_pending:
                out.extend(self._original(value, first))
                original_pending = False
        return out

    def _original(self, value: str, first: bool) -> list[Token]:
        inc = 1 if first else 0
        if self.start_marker:
            out = [Token(self.start_marker + value, inc)]
            if self.end_marker:
                out.append(Token(value + self.end_marker, 0))
            return out
        if self.end_marker:
            return [Token(value + self.end_marker, inc)]
        return [Token(value, inc)]


class SegmentationAnalyzer(Analyzer):
    """Words by UAX #29 with ``break`` ``"all"`` (every segment), ``"alpha"`` (words
    only) or ``"graphic"`` (everything but white space), case-converted."""

    def __init__(self, name: str, features: frozenset[str], props: dict[str, Any]) -> None:
        super().__init__(name, features)
        self.mode = str(props.get("break", "alpha"))
        self.case = str(props.get("case", "lower"))

    def tokens(self, value: str) -> list[Token]:
        """The segments of ``value`` the ``break`` mode keeps."""
        out: list[Token] = []
        offset = byte_offsets(value)
        for start, end, is_word in segments(value):
            piece = value[start:end]
            if self.mode == "alpha" and not is_word:
                continue
            if self.mode == "graphic" and not is_word and (piece.isspace() and piece != "\n"):
                continue
            out.append(Token(convert_case(piece, self.case), 1, offset(start), offset(end)))
        return out
