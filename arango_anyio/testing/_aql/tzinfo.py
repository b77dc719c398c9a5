"""IANA time zones for the AQL date functions, from the TZif files the standard library's
``zoneinfo`` reads (``zoneinfo.TZPATH``, else the ``tzdata`` package).

The server (Howard Hinnant's ``date`` library) answers with *periods*: the span of UTC time
in which a zone keeps one offset, DST flag and abbreviation. :func:`period_at` gives that
span for an instant, from the file's transitions and, past the last one, from its POSIX TZ
rule; :func:`to_utc` turns a local wall-clock time into UTC and refuses (as the server does)
one that falls into a gap or is ambiguous. Times are milliseconds since the epoch.
"""

from __future__ import annotations

import bisect
import importlib
import re
import struct
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from arango_anyio.testing._aql.civil import days_from_civil, is_leap, text
from arango_anyio.testing._protocol.errors import EmuError

#: The earliest and latest instants the ``date`` library's periods extend to (printed as null).
BEFORE_ALL = -(1 << 62)
AFTER_ALL = 1 << 62
_NAME = re.compile(r"^[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*$")


@dataclass(frozen=True)
class Period:
    """One span of a zone's history: ``[begin, end)`` in UTC milliseconds."""

    begin: int
    end: int
    offset: int  # seconds east of UTC, DST included
    dst: bool
    abbrev: str


@dataclass(frozen=True)
class _Rule:
    """A POSIX TZ string: standard (and DST) offsets and the yearly switch rules."""

    std_abbrev: str
    std_offset: int
    dst_abbrev: str | None = None
    dst_offset: int = 0
    start: tuple[str, int, int, int, int] | None = None  # kind, a, b, c, seconds
    end: tuple[str, int, int, int, int] | None = None


def unknown_zone(name: str) -> EmuError:
    """The error of the server's time zone database for a name it does not know."""
    return EmuError(4, f"{name} not found in timezone database (while executing)",
                    http_code=500)


def _read_tzif(name: str) -> bytes:
    if not _NAME.match(name) or ".." in name:
        raise unknown_zone(name)
    for directory in zoneinfo.TZPATH:
        path = Path(directory) / name
        if path.is_file():
            return path.read_bytes()
    try:
        package = "tzdata.zoneinfo." + ".".join(name.split("/")[:-1])
        return resources.files(package.rstrip(".")).joinpath(
            name.split("/")[-1]).read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, OSError, ValueError):
        raise unknown_zone(name) from None


@dataclass(frozen=True)
class _Zone:
    transitions: list[int]  # UTC seconds
    kinds: list[tuple[int, bool, str]]  # the period that starts at each transition
    initial: tuple[int, bool, str]
    rule: _Rule | None


@lru_cache(maxsize=64)
def _zone(name: str) -> _Zone:
    data = _read_tzif(name)
    if data[:4] != b"TZif":
        raise unknown_zone(name)
    counts = struct.unpack(">6l", data[20:44])
    version = data[4]
    position = 44
    size = 4
    if version >= 0x32:  # skip the 32-bit block, read the 64-bit one
        isut, isstd, leap, time, kind, chars = counts
        position += time * 5 + kind * 6 + chars + leap * 8 + isstd + isut
        counts = struct.unpack(">6l", data[position + 20:position + 44])
        position += 44
        size = 8
    isut, isstd, leap, time, kind, chars = counts
    times = struct.unpack(f">{time}{'q' if size == 8 else 'l'}",
                          data[position:position + time * size])
    position += time * size
    indices = data[position:position + time]
    position += time
    types = []
    for i in range(kind):
        offset, is_dst, index = struct.unpack(">lBB", data[position + 6 * i:position + 6 * i + 6])
        types.append((offset, index, bool(is_dst)))
    position += kind * 6
    names = data[position:position + chars]
    position += chars + leap * (size + 4) + isstd + isut

    def describe(i: int) -> tuple[int, bool, str]:
        offset, index, is_dst = types[i]
        return offset, is_dst, names[index:names.index(b"\0", index)].decode()

    transitions: list[int] = []
    kinds: list[tuple[int, bool, str]] = []
    initial = describe(0) if types else (0, False, "UTC")
    for moment, index in zip(times, indices, strict=True):
        current = describe(index)
        if current != (kinds[-1] if kinds else initial):  # the date library merges no-ops
            transitions.append(moment)
            kinds.append(current)
    rule = None
    if version >= 0x32:
        footer = data[position:].strip(b"\n").decode()
        rule = _parse_rule(footer) if footer else None
    return _Zone(transitions, kinds, initial, rule)


# -- POSIX TZ strings --------------------------------------------------------------------

_TZ = re.compile(
    r"^(?P<std><[^>]+>|[A-Za-z]+)(?P<stdoff>[+-]?\d+(?::\d+){0,2})"
    r"(?:(?P<dst><[^>]+>|[A-Za-z]+)(?P<dstoff>[+-]?\d+(?::\d+){0,2})?"
    r"(?:,(?P<start>[^,]+),(?P<end>[^,]+))?)?$")


def _seconds(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")] + [0, 0]
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


def _parse_date_rule(text: str) -> tuple[str, int, int, int, int]:
    day, _, at = text.partition("/")
    seconds = _seconds(at) if at else 7200
    if day.startswith("M"):
        month, week, weekday = (int(p) for p in day[1:].split("."))
        return "M", month, week, weekday, seconds
    if day.startswith("J"):
        return "J", int(day[1:]), 0, 0, seconds
    return "N", int(day), 0, 0, seconds


def _parse_rule(text: str) -> _Rule | None:
    match = _TZ.match(text)
    if match is None:
        return None
    std_offset = -_seconds(match["stdoff"])
    if match["dst"] is None:
        return _Rule(match["std"].strip("<>"), std_offset)
    dst_offset = -_seconds(match["dstoff"]) if match["dstoff"] else std_offset + 3600
    start = _parse_date_rule(match["start"] or "M3.2.0")
    end = _parse_date_rule(match["end"] or "M11.1.0")
    return _Rule(match["std"].strip("<>"), std_offset, match["dst"].strip("<>"), dst_offset,
                 start, end)


def _rule_day(year: int, rule: tuple[str, int, int, int, int]) -> int:
    kind, a, b, c, _ = rule
    if kind == "J":  # 1..365, February 29th never counted
        return days_from_civil(year, 1, 1) + a - 1 + (a > 59 and is_leap(year))
    if kind == "N":
        return days_from_civil(year, 1, 1) + a
    first = days_from_civil(year, a, 1)
    weekday_of_first = (first + 4) % 7  # 1970-01-01 was a Thursday
    day = first + (c - weekday_of_first) % 7 + (b - 1) * 7
    last = days_from_civil(year, a + 1, 1) - 1 if a < 12 else days_from_civil(year, 12, 31)
    while day > last:
        day -= 7
    return day


def _rule_transitions(rule: _Rule, year: int) -> list[tuple[int, tuple[int, bool, str]]]:
    """The rule's switches in ``year``: (UTC seconds, the period they start)."""
    assert rule.start is not None and rule.end is not None and rule.dst_abbrev is not None
    start = _rule_day(year, rule.start) * 86400 + rule.start[4] - rule.std_offset
    end = _rule_day(year, rule.end) * 86400 + rule.end[4] - rule.dst_offset
    return sorted([(start, (rule.dst_offset, True, rule.dst_abbrev)),
                   (end, (rule.std_offset, False, rule.std_abbrev))])


def period_at(name: str, utc_ms: int) -> Period:
    """The period of zone ``name`` that ``utc_ms`` falls into (EmuError for unknown zones)."""
    zone = _zone(name)
    moment = utc_ms // 1000
    points = list(zip(zone.transitions, zone.kinds, strict=True))
    last = zone.transitions[-1] if zone.transitions else BEFORE_ALL
    if zone.rule is not None and moment >= last:
        if zone.rule.dst_abbrev is None:
            points.append((last if zone.transitions else BEFORE_ALL,
                           (zone.rule.std_offset, False, zone.rule.std_abbrev)))
        else:
            year = 1970 + moment // 31556952
            for y in range(year - 2, year + 3):
                points.extend(p for p in _rule_transitions(zone.rule, y) if p[0] > last)
            points.sort(key=lambda p: p[0])
    starts = [p[0] for p in points]
    index = bisect.bisect_right(starts, moment) - 1
    current = zone.initial if index < 0 else points[index][1]
    begin = BEFORE_ALL if index < 0 else starts[index] * 1000
    following = index + 1
    while following < len(points) and points[following][1] == current:
        following += 1  # the same period goes on
    end = starts[following] * 1000 if following < len(points) else AFTER_ALL
    offset, dst, abbrev = current
    return Period(begin, end, offset, dst, abbrev)


def to_local(name: str, utc_ms: int) -> tuple[int, Period]:
    """UTC milliseconds as the zone's wall clock (also in milliseconds since the epoch)."""
    period = period_at(name, utc_ms)
    return utc_ms + period.offset * 1000, period


def _wall(ms: int) -> str:
    return text(ms).replace("T", " ")


def to_utc(name: str, local_ms: int) -> tuple[int, Period]:
    """The UTC instant of a wall-clock time in zone ``name``; like the server, an error when
    the wall clock skips that time or shows it twice."""
    candidates: dict[int, Period] = {}
    for probe in (local_ms - 86_400_000, local_ms, local_ms + 86_400_000):
        offset = period_at(name, probe).offset
        utc = local_ms - offset * 1000
        period = period_at(name, utc)
        if period.offset == offset:
            candidates[utc] = period
    if len(candidates) == 1:
        return next(iter(candidates.items()))
    if not candidates:
        before = period_at(name, local_ms - 86_400_000 - 1)
        after = period_at(name, before.end)
        message = (f"{_wall(local_ms)} is in a gap between\n"
                   f"{_wall(before.end + before.offset * 1000)[:19]} {before.abbrev} and\n"
                   f"{_wall(after.begin + after.offset * 1000)[:19]} {after.abbrev} which "
                   f"are both equivalent to\n{_wall(before.end)[:19]} UTC")
    else:
        (first, one), (second, two) = sorted(candidates.items())
        message = (f"{_wall(local_ms)} is ambiguous.  It could be\n"
                   f"{_wall(local_ms)} {one.abbrev} == {_wall(first)} UTC or\n"
                   f"{_wall(local_ms)} {two.abbrev} == {_wall(second)} UTC")
    raise EmuError(4, f"{message} (while executing)", http_code=500)


@lru_cache(maxsize=1)
def _database() -> tuple[str, list[str], list[str]]:
    """The tz database's version, zone names and link names (``tzdata.zi``)."""
    for directory in zoneinfo.TZPATH:
        path = Path(directory) / "tzdata.zi"
        if path.is_file():
            zones, links, version = [], [], ""
            for line in path.read_text(errors="replace").splitlines():
                if line.startswith("# version "):
                    version = line.split()[-1]
                elif line.startswith("Z "):
                    zones.append(line.split()[1])
                elif line.startswith("L "):
                    links.append(line.split()[2])
            return version, sorted(zones), sorted(links)
    try:
        version = str(getattr(importlib.import_module("tzdata"), "IANA_VERSION", ""))
    except ImportError:
        version = ""
    return version, sorted(zoneinfo.available_timezones()), []


def database_version() -> str:
    """The version of the IANA tz database in use (e.g. ``2025b``)."""
    return _database()[0]


def zone_names() -> list[str]:
    """Every zone name, then every link name, each sorted (as the server lists them)."""
    _, zones, links = _database()
    return [*zones, *links]
