"""AQL value semantics: type order, comparison, casts and number normalisation."""

from __future__ import annotations

import math
import unicodedata
from functools import cmp_to_key, lru_cache
from typing import Any

from arango_anyio import _serde


def type_rank(value: Any) -> int:
    """Position of ``value``'s type in AQL's order: null < bool < number < string < array <
    object."""
    if value is None:
        return 0
    if value is True or value is False:
        return 1
    if isinstance(value, (int, float)):
        return 2
    if isinstance(value, str):
        return 3
    if isinstance(value, list):
        return 4
    return 5


def compare(a: Any, b: Any) -> int:
    """AQL comparison: -1, 0 or 1 (types first, then values; arrays and objects deeply)."""
    ra, rb = type_rank(a), type_rank(b)
    if ra != rb:
        return -1 if ra < rb else 1
    if ra == 0:
        return 0
    if ra == 3:
        return compare_strings(a, b)
    if ra in (1, 2):
        return -1 if a < b else (1 if a > b else 0)
    if ra == 4:
        for i in range(max(len(a), len(b))):
            c = compare(a[i] if i < len(a) else None, b[i] if i < len(b) else None)
            if c:
                return c
        return 0
    for key in sorted(set(a) | set(b)):
        c = compare(a.get(key), b.get(key))
        if c:
            return c
    return 0


#: Punctuation and symbols in the order of ICU's root collation (before digits and letters).
_SYMBOLS = "_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$"


@lru_cache(maxsize=4096)
def _weight(ch: str) -> str:
    """One character's primary weight, as a character (so weights compare as strings):
    blanks < listed symbols < other symbols < digits < letters (case and accents folded)."""
    code = ord(ch)
    if ch.isspace():
        return chr(1 + code) if code < 0x20 else ("\x21" if code == 0x20 else "\x22")
    index = _SYMBOLS.find(ch)
    if index >= 0:
        return chr(0x30 + index)
    if ch.isdigit():
        return chr(0x20000 + unicodedata.digit(ch, 0))
    base = unicodedata.normalize("NFKD", ch)[0].casefold()[:1] or ch
    if base.isalpha():
        return chr(0x30000 + min(ord(base), 0xCFFFF))
    return chr(0x1000 + code) if code < 0x10000 else chr(0x11000)


_ASCII_PRIMARY = {i: _weight(chr(i)) for i in range(128)}
_ASCII_CASE = {i: ("1" if chr(i).isupper() else "0") for i in range(128)}


@lru_cache(maxsize=65536)
def collation_key(text: str) -> tuple[str, str, str, str]:
    """An approximation of ICU's collation for the default language: letters ignore case
    and accents first (``a < B < c``), then accents, then lower case before upper case."""
    if text.isascii():
        return (text.translate(_ASCII_PRIMARY), "0" * len(text), text.translate(_ASCII_CASE),
                text)
    return (
        "".join(_weight(ch) for ch in text),
        "".join("1" if unicodedata.normalize("NFKD", ch) != ch else "0" for ch in text),
        "".join("1" if ch.isupper() else "0" for ch in text),
        text,
    )


def compare_strings(a: str, b: str) -> int:
    """Strings in AQL order (ICU-like collation)."""
    if a == b:
        return 0
    ka, kb = collation_key(a), collation_key(b)
    return -1 if ka < kb else 1


#: A sort key for ``sorted()`` using AQL order.
sort_key = cmp_to_key(compare)


def equal(a: Any, b: Any) -> bool:
    """AQL ``==`` (no collation needed: only identical strings are equal)."""
    ra = type_rank(a)
    if ra != type_rank(b):
        return False
    if ra < 4:
        return bool(a == b)
    if ra == 4:
        return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b, strict=True))
    return all(equal(a.get(k), b.get(k)) for k in set(a) | set(b))


def truthy(value: Any) -> bool:
    """AQL's boolean cast (TO_BOOL)."""
    if value is None or value is False:
        return False
    if value is True:
        return True
    if isinstance(value, (int, float)):
        return value != 0
    if isinstance(value, str):
        return value != ""
    return True


def to_number(value: Any) -> int | float:
    """AQL's numeric cast (TO_NUMBER): invalid strings and objects become 0."""
    if value is None or value is False:
        return 0
    if value is True:
        return 1
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return 0
        try:
            if text.lower().startswith(("0x", "0b", "0o")):
                return int(text, 0)
            number = float(text)
        except ValueError:
            return 0
        if math.isnan(number) or math.isinf(number):
            return 0
        return int(number) if number.is_integer() and abs(number) < 2 ** 53 else number
    if isinstance(value, list):
        if not value:
            return 0
        if len(value) == 1:
            return to_number(value[0])
        return 0
    return 0


def format_number(value: int | float) -> str:
    """A number as AQL prints it in strings (integers without a fraction)."""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e21:
            return str(int(value))
        text = repr(value)
        if "e" in text:
            mantissa, exponent = text.split("e")
            sign = exponent[0] if exponent[0] in "+-" else "+"
            exponent = exponent.lstrip("+-").lstrip("0") or "0"
            return f"{mantissa}e{sign}{exponent}"
        return text
    return str(value)


def to_string(value: Any) -> str:
    """AQL's string cast (TO_STRING): arrays and objects become JSON."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return format_number(value)
    if isinstance(value, str):
        return value
    return to_json(value)


def to_json(value: Any) -> str:
    """Compact JSON as AQL writes it (JSON_STRINGIFY)."""
    return _serde.dumps(normalize_deep(value)).decode()


def to_array(value: Any) -> list[Any]:
    """AQL's array cast (TO_ARRAY)."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return list(value.values())
    return [value]


def normalize(number: float | int) -> int | float | None:
    """An arithmetic result as AQL gives it: NaN/Infinity become null (None), integral floats
    within the exact range become ints."""
    if isinstance(number, bool):
        return int(number)
    if isinstance(number, int):
        if abs(number) >= 2 ** 63:
            return float(number)
        return number
    if math.isnan(number) or math.isinf(number):
        return None
    if number.is_integer() and abs(number) < 2 ** 53:
        return int(number)
    return number


def normalize_deep(value: Any) -> Any:
    """:func:`normalize` applied to every number inside ``value``."""
    if isinstance(value, float):
        return normalize(value)
    if isinstance(value, list):
        return [normalize_deep(v) for v in value]
    if isinstance(value, dict):
        return {k: normalize_deep(v) for k, v in value.items()}
    return value


def typename(value: Any) -> str:
    """TYPENAME()."""
    return ("null", "bool", "number", "string", "array", "object")[type_rank(value)]


def is_number(value: Any) -> bool:
    """True for int/float but not bool."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def hash_key(value: Any) -> Any:
    """A hashable key equal for AQL-equal values (for DISTINCT, COLLECT and UNIQUE)."""
    if isinstance(value, bool) or value is None:
        return (type_rank(value), value)
    if isinstance(value, (int, float)):
        return (2, float(value))
    if isinstance(value, str):
        return (3, value)
    if isinstance(value, list):
        return (4, tuple(hash_key(v) for v in value))
    return (5, tuple(sorted((k, hash_key(v)) for k, v in value.items() if v is not None)))


def scalar_sort_key(value: Any) -> tuple[Any, ...] | None:
    """A plain Python sort key in AQL order for null/bool/number/string (None for arrays and
    objects, which need :func:`compare`)."""
    if value is None:
        return (0,)
    if value is True or value is False:
        return (1, value)
    if isinstance(value, (int, float)):
        return (2, value)
    if isinstance(value, str):
        return (3, collation_key(value))
    return None
