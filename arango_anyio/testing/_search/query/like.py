"""AQL ``LIKE`` patterns (``%`` any run, ``_`` one character, backslash escapes): their
regular expression and literal prefix, for the AQL evaluator and the search index's wildcard
filters alike."""

from __future__ import annotations

import re


def like_source(pattern: str) -> tuple[str, str]:
    """The literal prefix of ``pattern`` (up to its first wildcard) and the source of the
    regular expression that matches what it matches (use with ``re.DOTALL``)."""
    out: list[str] = []
    prefix: list[str] = []
    literal = True
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            if literal:
                prefix.append(pattern[i + 1])
            i += 2
            continue
        if char in "%_":
            literal = False
            out.append(".*" if char == "%" else ".")
        else:
            out.append(re.escape(char))
            if literal:
                prefix.append(char)
        i += 1
    return "".join(prefix), "".join(out)
