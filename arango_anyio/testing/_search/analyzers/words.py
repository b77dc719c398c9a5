"""Word boundaries after Unicode's default rules (UAX #29), as ICU's word break iterator
finds them for the ``text`` and ``segmentation`` analyzers.

Covered: letters, digits and their joins (``abc123``), mid-word punctuation between letters
(``don't``, ``example.org``) and between digits (``3.14``, ``1,000``), connector
punctuation (``an_email``), Katakana runs, combining marks. Ideographs, Hiragana and other
scripts without spaces are split into single characters (ICU uses dictionaries there).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

LETTER, NUMBER, KATAKANA, IDEO, EXTEND, EXTEND_NUM, MID_LETTER, MID_NUM, MID_BOTH, \
    QUOTE, SPACE, OTHER = range(12)

_MID_LETTER = frozenset(":\u00b7\u0387\u055f\u05f4\u2027\ufe13\ufe55\uff1a")
_MID_NUM = frozenset(",;\u037e\u0589\u060c\u060d\u066c\u07f8\u2044\ufe10\ufe14\ufe50\ufe54"
                     "\uff0c\uff1b")
_MID_BOTH = frozenset(".\u2018\u2019\u2024\ufe52\uff07\uff0e")


@lru_cache(maxsize=4096)
def char_class(char: str) -> int:
    """The word-break class of one character (a simplification of UAX #29's)."""
    if char == "'":
        return QUOTE
    if char in _MID_BOTH:
        return MID_BOTH
    if char in _MID_LETTER:
        return MID_LETTER
    if char in _MID_NUM:
        return MID_NUM
    category = unicodedata.category(char)
    if category in ("Mn", "Mc", "Me", "Cf") and char != "\u00ad":
        return EXTEND
    if category == "Nd":
        return NUMBER
    if category == "Pc":
        return EXTEND_NUM
    if category.startswith("L") or category == "Nl":
        name = unicodedata.name(char, "")
        if "KATAKANA" in name:
            return KATAKANA
        if "CJK" in name or "HIRAGANA" in name or "IDEOGRAPH" in name:
            return IDEO
        return LETTER
    if category.startswith("Z") or char in "\t\n\r\x0b\x0c\x85\u2028\u2029":
        return SPACE
    return OTHER


_WORDY = frozenset((LETTER, NUMBER, KATAKANA, IDEO, EXTEND_NUM))


def _joins(classes: list[int], i: int) -> bool:
    """True when there is no word boundary between positions ``i - 1`` and ``i``."""
    left, right = classes[i - 1], classes[i]
    if right == EXTEND:
        return left != SPACE
    if left in (LETTER, NUMBER) and right in (LETTER, NUMBER):
        return True
    if left == KATAKANA and right == KATAKANA:
        return True
    if left == EXTEND_NUM and right in _WORDY - {IDEO}:
        return True
    if right == EXTEND_NUM and left in _WORDY - {IDEO}:
        return True
    mid_letter = (MID_LETTER, MID_BOTH, QUOTE)
    mid_number = (MID_NUM, MID_BOTH, QUOTE)
    nxt = _next_base(classes, i + 1)
    prev = _prev_base(classes, i - 2)
    if left == LETTER and right in mid_letter and nxt == LETTER:
        return True
    if left in mid_letter and right == LETTER and prev == LETTER:
        return True
    if left == NUMBER and right in mid_number and nxt == NUMBER:
        return True
    return left in mid_number and right == NUMBER and prev == NUMBER


def _next_base(classes: list[int], i: int) -> int:
    while i < len(classes) and classes[i] == EXTEND:
        i += 1
    return classes[i] if i < len(classes) else OTHER


def _prev_base(classes: list[int], i: int) -> int:
    while i >= 0 and classes[i] == EXTEND:
        i -= 1
    return classes[i] if i >= 0 else OTHER


def segments(text: str) -> list[tuple[int, int, bool]]:
    """``(start, end, is_word)`` for every segment of ``text`` (character indexes); a
    segment is a word when it holds a letter, digit, Kana or ideograph."""
    if not text:
        return []
    classes = [char_class(c) for c in text]
    out: list[tuple[int, int, bool]] = []
    start = 0
    effective = list(classes)  # a combining mark takes the class of what it follows (WB4)
    for i in range(1, len(effective)):
        if effective[i] == EXTEND and effective[i - 1] != SPACE:
            effective[i] = effective[i - 1] if effective[i - 1] != IDEO else EXTEND
    for i in range(1, len(text) + 1):
        if i < len(text) and _joins(classes, i) and not (
                effective[i - 1] == IDEO and classes[i] != EXTEND):
            continue
        is_word = any(c in _WORDY for c in classes[start:i])
        out.append((start, i, is_word))
        start = i
    return out


def words(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` character spans of the words of ``text``."""
    return [(s, e) for s, e, is_word in segments(text) if is_word]
