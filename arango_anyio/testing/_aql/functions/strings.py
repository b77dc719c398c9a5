"""String functions: CONCAT, SUBSTRING, SPLIT, LIKE, REGEX_*, hashes, ..."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import string
import uuid
from typing import Any
from urllib.parse import quote

from arango_anyio.testing._aql.evaluator import aql_regex, like_regex
from arango_anyio.testing._aql.runtime import Runtime, aql_function
from arango_anyio.testing._aql.values import is_number, to_json, to_number, to_string, truthy
from arango_anyio.testing._protocol.errors import EmuError


def _int(value: Any) -> int:
    return int(to_number(value))


@aql_function("CONCAT", 1, None)
def _concat(rt: Runtime, *values: Any) -> str:
    if len(values) == 1 and isinstance(values[0], list):
        values = tuple(values[0])
    return "".join(to_string(v) for v in values if v is not None)


@aql_function("CONCAT_SEPARATOR", 2, None)
def _concat_separator(rt: Runtime, separator: Any, *values: Any) -> str:
    if len(values) == 1 and isinstance(values[0], list):
        values = tuple(values[0])
    return to_string(separator).join(to_string(v) for v in values if v is not None)


@aql_function("CHAR_LENGTH", 1)
def _char_length(rt: Runtime, value: Any) -> int:
    return len(to_string(value))


@aql_function("LOWER", 1)
def _lower(rt: Runtime, value: Any) -> str:
    return to_string(value).lower()


@aql_function("UPPER", 1)
def _upper(rt: Runtime, value: Any) -> str:
    return to_string(value).upper()


@aql_function("SUBSTRING", 2, 3)
def _substring(rt: Runtime, value: Any, offset: Any, length: Any = None) -> str:
    text = to_string(value)
    start = _int(offset)
    if start < 0:
        start = max(0, len(text) + start)
    if length is None:
        return text[start:]
    count = _int(length)
    if count < 0:
        return ""
    return text[start:start + count]


def _int32(value: Any) -> int:
    """``value`` as the server's 32-bit length argument (wrapping like a C++ cast)."""
    number = _int(value) & 0xFFFFFFFF
    return number - (1 << 32) if number >= 1 << 31 else number


def _is_continuation(byte: int) -> bool:
    return byte & 0xC0 == 0x80


def _widen(data: bytes, position: int, characters: int, stop: int, step: int) -> int:
    """Move ``position`` by ``characters`` characters towards ``stop`` as the server does:
    each byte that starts a character counts (the one at ``position`` too), then it goes on
    to the next character boundary (unless it reached the end of the string)."""
    size = len(data)
    while characters > 0 and position != stop:
        characters -= not _is_continuation(data[position] if position < size else 0)
        position += step
    if position == size:
        return position
    while position != stop and _is_continuation(data[position]):
        position += step
    return position


@aql_function("SUBSTRING_BYTES", 2, 5)
def _substring_bytes(rt: Runtime, value: Any, offset: Any, length: Any = None,
                     left: Any = None, right: Any = None) -> str | None:
    """``length`` bytes from byte ``offset``, widened by ``left``/``right`` characters; null
    (warning 10) when an end falls inside a character or ``value`` is not a string."""
    if not isinstance(value, str):
        rt.warn(10, "in function 'SUBSTRING_BYTES()': bad parameter")
        return None
    data = value.encode("utf-8", "surrogatepass")
    if not data:
        return ""
    size = len(data)
    start = _int(offset)
    start = max(0, size + start) if start < 0 else min(start, size)
    count = size if length is None else max(_int(length), 0)
    end = start + min(count, size - start)
    if (start < size and _is_continuation(data[start])) or \
            (end < size and _is_continuation(data[end])):
        rt.warn(10, "in function 'SUBSTRING_BYTES()': bad parameter")
        return None
    widen_left = 0 if left is None else _int(left)
    widen_right = widen_left if right is None else _int(right)
    start = _widen(data, start, widen_left, 0, -1)
    end = _widen(data, end, widen_right, size, 1)
    return data[start:end].decode("utf-8", "surrogatepass")


@aql_function("LEFT", 2)
def _left(rt: Runtime, value: Any, n: Any) -> str:
    return to_string(value)[:max(_int32(n), 0)]


@aql_function("RIGHT", 2)
def _right(rt: Runtime, value: Any, n: Any) -> str:
    count = _int32(n)
    text = to_string(value)
    return text[max(len(text) - count, 0):] if count > 0 else ""


_WS = "\r\n \t"


def _trim(value: Any, chars: Any, default_type: int) -> str:
    text = to_string(value)
    kind = default_type
    strip = _WS
    if isinstance(chars, str):
        strip = chars
    elif chars is not None:
        kind = _int(chars)
    if kind == 1:
        return text.lstrip(strip)
    if kind == 2:
        return text.rstrip(strip)
    return text.strip(strip)


@aql_function("TRIM", 1, 2)
def _trim_fn(rt: Runtime, value: Any, chars: Any = None) -> str:
    return _trim(value, chars, 0)


@aql_function("LTRIM", 1, 2)
def _ltrim(rt: Runtime, value: Any, chars: Any = None) -> str:
    return to_string(value).lstrip(chars if isinstance(chars, str) else _WS)


@aql_function("RTRIM", 1, 2)
def _rtrim(rt: Runtime, value: Any, chars: Any = None) -> str:
    return to_string(value).rstrip(chars if isinstance(chars, str) else _WS)


@aql_function("CONTAINS", 2, 3)
def _contains(rt: Runtime, text: Any, search: Any, return_index: Any = False) -> Any:
    position = to_string(text).find(to_string(search))
    if truthy(return_index):
        return position
    return position != -1


@aql_function("FIND_FIRST", 2, 4)
def _find_first(rt: Runtime, text: Any, search: Any, start: Any = None, end: Any = None) -> int:
    haystack = to_string(text)
    begin = _int(start) if start is not None else 0
    stop = _int(end) + 1 if end is not None else len(haystack)
    if begin < 0:
        begin = 0
    return haystack.find(to_string(search), begin, stop)


@aql_function("FIND_LAST", 2, 4)
def _find_last(rt: Runtime, text: Any, search: Any, start: Any = None, end: Any = None) -> int:
    haystack = to_string(text)
    begin = max(_int(start), 0) if start is not None else 0
    stop = _int(end) + 1 if end is not None else len(haystack)
    return haystack.rfind(to_string(search), begin, stop)


@aql_function("SPLIT", 1, 3)
def _split(rt: Runtime, value: Any, separator: Any = None, limit: Any = None) -> Any:
    if value is None:
        return None
    text = to_string(value)
    if separator is None:
        return [text]
    if isinstance(separator, list):
        pattern = "|".join(re.escape(to_string(s)) for s in separator if to_string(s))
        parts = re.split(pattern, text) if pattern else list(text)
    else:
        sep = to_string(separator)
        parts = text.split(sep) if sep else list(text)
    if limit is not None:
        count = _int(limit)
        if count >= 0:
            parts = parts[:count]
    return parts


@aql_function("REVERSE", 1)
def _reverse(rt: Runtime, value: Any) -> Any:
    if isinstance(value, list):
        return value[::-1]
    if value is None:
        return None
    return to_string(value)[::-1]


@aql_function("LIKE", 2, 3)
def _like(rt: Runtime, text: Any, pattern: Any, case_insensitive: Any = False) -> bool:
    regex = like_regex(to_string(pattern), truthy(case_insensitive))
    return regex.fullmatch(to_string(text)) is not None


@aql_function("REGEX_TEST", 2, 3)
def _regex_test(rt: Runtime, text: Any, pattern: Any, case_insensitive: Any = False) -> Any:
    try:
        regex = aql_regex(to_string(pattern), truthy(case_insensitive))
    except EmuError:
        rt.warn(1543, "invalid regex value")
        return None
    return regex.search(to_string(text)) is not None


@aql_function("REGEX_MATCHES", 2, 3)
def _regex_matches(rt: Runtime, text: Any, pattern: Any, case_insensitive: Any = False) -> Any:
    try:
        regex = aql_regex(to_string(pattern), truthy(case_insensitive))
    except EmuError:
        rt.warn(1543, "invalid regex value")
        return None
    match = regex.search(to_string(text))
    if match is None:
        return None
    return [match.group(0), *[g if g is not None else "" for g in match.groups()]]


@aql_function("REGEX_SPLIT", 2, 4)
def _regex_split(rt: Runtime, text: Any, pattern: Any, case_insensitive: Any = False,
                limit: Any = None) -> Any:
    try:
        regex = aql_regex(to_string(pattern), truthy(case_insensitive))
    except EmuError:
        rt.warn(1543, "invalid regex value")
        return None
    parts = regex.split(to_string(text))
    if limit is not None:
        parts = parts[:max(_int(limit), 0)]
    return parts


def _js_replacement(replacement: str) -> str:
    out = replacement.replace("\\", "\\\\")
    return re.sub(r"\$(\d)", r"\\\1", out).replace("$&", r"\g<0>")


@aql_function("REGEX_REPLACE", 3, 4)
def _regex_replace(rt: Runtime, text: Any, pattern: Any, replacement: Any,
                  case_insensitive: Any = False) -> Any:
    try:
        regex = aql_regex(to_string(pattern), truthy(case_insensitive))
    except EmuError:
        rt.warn(1543, "invalid regex value")
        return None
    return regex.sub(_js_replacement(to_string(replacement)), to_string(text))


@aql_function("SUBSTITUTE", 2, 4)
def _substitute(rt: Runtime, value: Any, search: Any, replace: Any = None,
               limit: Any = None) -> str:
    text = to_string(value)
    pairs: list[tuple[str, str]]
    if isinstance(search, dict):
        pairs = [(k, to_string(v)) for k, v in search.items()]
        limit = replace
    elif isinstance(search, list):
        if isinstance(replace, list):
            pairs = [(to_string(s), to_string(replace[i]) if i < len(replace) else "")
                     for i, s in enumerate(search)]
        else:
            pairs = [(to_string(s), to_string(replace) if replace is not None else "")
                     for s in search]
    else:
        pairs = [(to_string(search), to_string(replace) if replace is not None else "")]
    pairs = [(s, r) for s, r in pairs if s]
    if not pairs:
        return text
    mapping = dict(pairs)
    pattern = re.compile("|".join(re.escape(s) for s, _ in
                                  sorted(pairs, key=lambda p: -len(p[0]))))
    count = _int(limit) if limit is not None else 0
    return pattern.sub(lambda m: mapping[m.group(0)], text, count=max(count, 0))


@aql_function("STARTS_WITH", 2, 3)
def _starts_with(rt: Runtime, text: Any, prefix: Any, min_match: Any = None) -> bool:
    value = to_string(text)
    if isinstance(prefix, list):
        needed = _int(min_match) if min_match is not None else 1
        hits = sum(1 for p in prefix if value.startswith(to_string(p)))
        return hits >= needed if prefix else needed == 0
    return value.startswith(to_string(prefix))


@aql_function("REPEAT", 2, 3)
def _repeat(rt: Runtime, value: Any, count: Any, separator: Any = "") -> Any:
    n = _int(count)
    text = to_string(value)
    if n < 0 or n * (len(text) + len(to_string(separator))) > 16 * 1024 * 1024:
        rt.bad_argument("REPEAT")
        return None
    return to_string(separator).join([text] * n)


@aql_function("MD5", 1)
def _md5(rt: Runtime, value: Any) -> str:
    return hashlib.md5(to_string(value).encode()).hexdigest()


@aql_function("SHA1", 1)
def _sha1(rt: Runtime, value: Any) -> str:
    return hashlib.sha1(to_string(value).encode()).hexdigest()


@aql_function("SHA256", 1)
def _sha256(rt: Runtime, value: Any) -> str:
    return hashlib.sha256(to_string(value).encode()).hexdigest()


@aql_function("SHA512", 1)
def _sha512(rt: Runtime, value: Any) -> str:
    return hashlib.sha512(to_string(value).encode()).hexdigest()


@aql_function("TO_BASE64", 1)
def _to_base64(rt: Runtime, value: Any) -> str:
    return base64.b64encode(to_string(value).encode()).decode()


@aql_function("TO_HEX", 1)
def _to_hex(rt: Runtime, value: Any) -> str:
    return to_string(value).encode().hex()


@aql_function("ENCODE_URI_COMPONENT", 1)
def _encode_uri_component(rt: Runtime, value: Any) -> str:
    return quote(to_string(value), safe="-_.!~*'()")


@aql_function("UUID", 0)
def _make_uuid(rt: Runtime) -> str:
    return str(uuid.uuid4())


_TOKEN_ALPHABET = string.ascii_letters + string.digits


@aql_function("RANDOM_TOKEN", 1)
def _random_token(rt: Runtime, length: Any) -> Any:
    n = _int(length)
    if n < 0 or n > 65536:
        raise EmuError(10, "AQL: invalid parameter value for RANDOM_TOKEN (while executing)")
    return "".join(secrets.choice(_TOKEN_ALPHABET) for _ in range(n))


@aql_function("JSON_STRINGIFY", 1)
def _json_stringify(rt: Runtime, value: Any) -> str:
    return to_json(value)


@aql_function("JSON_PARSE", 1)
def _json_parse(rt: Runtime, value: Any) -> Any:
    from arango_anyio import _serde

    if not isinstance(value, str):
        rt.bad_argument("JSON_PARSE")
        return None
    try:
        return _serde.loads(value)
    except ValueError:
        return None


@aql_function("LEVENSHTEIN_DISTANCE", 2)
def _levenshtein(rt: Runtime, a: Any, b: Any) -> int:
    s, t = to_string(a), to_string(b)
    previous = list(range(len(t) + 1))
    for i, cs in enumerate(s, 1):
        current = [i]
        for j, ct in enumerate(t, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (cs != ct)))
        previous = current
    return previous[-1]


@aql_function("SOUNDEX", 1)
def _soundex(rt: Runtime, value: Any) -> str:
    codes = {**dict.fromkeys("BFPV", "1"), **dict.fromkeys("CGJKQSXZ", "2"),
             **dict.fromkeys("DT", "3"), "L": "4", **dict.fromkeys("MN", "5"), "R": "6"}
    letters = [c for c in to_string(value).upper() if c.isalpha()]
    if not letters:
        return ""
    out = letters[0]
    last = codes.get(letters[0], "")
    for c in letters[1:]:
        code = codes.get(c, "")
        if code and code != last:
            out += code
        if c not in "HW":
            last = code
    return (out + "000")[:4]


@aql_function("IPV4_TO_NUMBER", 1)
def _ipv4_to_number(rt: Runtime, value: Any) -> Any:
    parts = to_string(value).split(".")
    if len(parts) != 4 or not all(p.isdigit() and int(p) < 256 for p in parts):
        rt.bad_argument("IPV4_TO_NUMBER")
        return None
    return (int(parts[0]) << 24) + (int(parts[1]) << 16) + (int(parts[2]) << 8) + int(parts[3])


@aql_function("IPV4_FROM_NUMBER", 1)
def _ipv4_from_number(rt: Runtime, value: Any) -> Any:
    if not is_number(value) or not 0 <= value < 2 ** 32:
        rt.bad_argument("IPV4_FROM_NUMBER")
        return None
    n = int(value)
    return ".".join(str((n >> shift) & 255) for shift in (24, 16, 8, 0))


@aql_function("IS_IPV4", 1)
def _is_ipv4(rt: Runtime, value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parts = value.split(".")
    return len(parts) == 4 and all(
        p.isdigit() and int(p) < 256 and (p == "0" or not p.startswith("0")) for p in parts)
