"""The language-aware analyzers: ``text`` (words, case, accents, stop words, Snowball
stemming, edge n-grams), ``norm`` (case and accents of the whole input) and ``stem``.

Stemming is Snowball's, from the ``snowballstemmer`` package (the algorithms ArangoDB links
as libstemmer). Case conversion and accent removal follow ICU's rules as far as Python's
Unicode database has them (NFC, lower/upper case, NFD without non-spacing marks).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import snowballstemmer  # type: ignore[import-untyped]

from arango_anyio.testing._search.analyzers.base import (
    Analyzer,
    Token,
    byte_offsets,
    utf8_len,
)
from arango_anyio.testing._search.analyzers.words import words

#: ISO 639-1 language -> Snowball algorithm (the languages libstemmer knows)
_SNOWBALL = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech",
    "da": "danish", "nl": "dutch_porter", "en": "english", "eo": "esperanto",
    "et": "estonian", "fi": "finnish", "fr": "french", "de": "german", "el": "greek",
    "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian",
    "lt": "lithuanian", "ne": "nepali", "no": "norwegian", "nb": "norwegian",
    "nn": "norwegian", "pt": "portuguese", "ro": "romanian", "ru": "russian",
    "sr": "serbian", "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish",
    "yi": "yiddish",
}


def language_of(locale: str) -> str:
    """The language part of a locale (``"de_CH.UTF-8"`` -> ``"de"``)."""
    return locale.replace("-", "_").split(".", 1)[0].split("@", 1)[0].split("_", 1)[0].lower()


@lru_cache(maxsize=64)
def stemmer_for(language: str) -> Callable[[str], str] | None:
    """A cached stemming function for ``language``, or None when Snowball has none."""
    name = _SNOWBALL.get(language)
    if name is None or name not in snowballstemmer.algorithms():
        name = {"dutch_porter": "dutch"}.get(name or "")
        if name is None or name not in snowballstemmer.algorithms():
            return None
    stemmer = snowballstemmer.stemmer(name)
    cache: dict[str, str] = {}

    def stem(word: str) -> str:
        found = cache.get(word)
        if found is None:
            found = str(stemmer.stemWord(word))
            if len(cache) < 200_000:
                cache[word] = found
        return found

    return stem


def convert_case(text: str, case: str) -> str:
    """``text`` in ``"lower"``/``"upper"`` case, or unchanged for ``"none"``."""
    if case == "lower":
        return text.lower()
    if case == "upper":
        return text.upper()
    return text


def strip_accents(text: str) -> str:
    """``text`` without diacritics (ICU's ``NFD; [:Nonspacing Mark:] Remove; NFC``)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", kept)


def normalize_text(text: str, case: str, accent: bool) -> str:
    """NFC, then case conversion, then (when ``accent`` is false) accent removal."""
    out = convert_case(unicodedata.normalize("NFC", text), case)
    return out if accent else strip_accents(out)


class NormAnalyzer(Analyzer):
    """``norm``: the whole input as one token, with case and accents normalized."""

    def __init__(self, name: str, features: frozenset[str], props: dict[str, Any]) -> None:
        super().__init__(name, features)
        self.case = str(props.get("case", "none"))
        self.accent = bool(props.get("accent", True))

    def tokens(self, value: str) -> list[Token]:
        """One token."""
        return [Token(normalize_text(value, self.case, self.accent), 1, 0, utf8_len(value))]


class StemAnalyzer(Analyzer):
    """``stem``: the whole input as one token, stemmed (no case change)."""

    def __init__(self, name: str, features: frozenset[str], props: dict[str, Any]) -> None:
        super().__init__(name, features)
        self.stem = stemmer_for(language_of(str(props.get("locale", ""))))

    def tokens(self, value: str) -> list[Token]:
        """One token."""
        term = self.stem(value) if self.stem is not None else value
        return [Token(term, 1, 0, utf8_len(value))]


class TextAnalyzer(Analyzer):
    """``text``: words (UAX #29), each normalized, stop words dropped, then stemmed; with
    ``edgeNgram``, the prefixes of each word between ``min`` and ``max`` characters."""

    def __init__(self, name: str, features: frozenset[str], props: dict[str, Any]) -> None:
        super().__init__(name, features)
        self.case = str(props.get("case", "lower"))
        self.accent = bool(props.get("accent", False))
        stopwords = props.get("stopwords") or []
        self.stopwords = frozenset(str(w) for w in stopwords)
        self.stem = (stemmer_for(language_of(str(props.get("locale", ""))))
                     if props.get("stemming", True) else None)
        edge = props.get("edgeNgram")
        self.edge: tuple[int, int | None, bool] | None = None
        if isinstance(edge, dict) and any(k in edge for k in ("min", "max",
                                                                "preserveOriginal")):
            low = int(edge.get("min", 0) or 0)
            high = edge.get("max")
            self.edge = (low, int(high) if high is not None else None,
                         bool(edge.get("preserveOriginal", False)))

    def _word_terms(self, value: str) -> list[tuple[str, int, int]]:
        out: list[tuple[str, int, int]] = []
        offset = byte_offsets(value)
        for start, end in words(value):
            word = normalize_text(value[start:end], self.case, self.accent)
            if word in self.stopwords:
                continue
            if self.stem is not None:
                word = self.stem(word)
            out.append((word, offset(start), offset(end)))
        return out

    def tokens(self, value: str) -> list[Token]:
        """The words of ``value`` (or their edge n-grams)."""
        terms = self._word_terms(value)
        if self.edge is None:
            return [Token(term, 1, start, end) for term, start, end in terms]
        return [token for term, start, _ in terms for token in self._edges(term, start)]

    def _edges(self, term: str, start: int) -> list[Token]:
        assert self.edge is not None
        low, high, preserve = self.edge
        out: list[Token] = []
        length = min(max(low, 1), len(term))
        first = True
        while True:
            if high is not None and length > high:
                if preserve:
                    out.append(Token(term, 1 if first else 0, start, start + utf8_len(term)))
                break
            if length >= low or preserve:
                out.append(Token(term[:length], 1 if first else 0, start,
                                 start + utf8_len(term[:length])))
                first = False
            if length >= len(term):
                break
            length += 1
        return out
