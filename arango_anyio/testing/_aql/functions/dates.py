"""Date functions over ISO 8601 strings and millisecond timestamps: parsing, the component
functions (DATE_YEAR, DATE_HOUR, ...), DATE_ISO8601/DATE_TIMESTAMP and DATE_FORMAT.

Time points are integer milliseconds since the epoch, as the server's ``date`` library keeps
them; a time zone argument turns them into that zone's wall clock first (:mod:`.timezones`
has the conversions, :mod:`.date_math` the arithmetic).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from arango_anyio.testing._aql import civil, tzinfo
from arango_anyio.testing._aql.runtime import Runtime, aql_function
from arango_anyio.testing._aql.values import is_number, to_number, to_string


def _number(text: str) -> tuple[int, int]:
    """The leading digits of ``text``: (value, how many characters)."""
    length = 0
    while length < len(text) and "0" <= text[length] <= "9":
        length += 1
    return (int(text[:length]) if length else 0), length


def _parse_clock(text: str) -> tuple[tuple[int, int, int, int], str] | None:
    """``hh:mm[:ss[.fff]]`` at the start of ``text``: the parts and the rest."""
    hour, length = _number(text)
    if not 0 < length <= 2 or hour > 23 or text[length:length + 1] != ":":
        return None
    text = text[length + 1:]
    minute, length = _number(text)
    if not 0 < length <= 2 or minute > 59:
        return None
    text = text[length:]
    second = millis = 0
    if text.startswith(":"):
        second, length = _number(text[1:])
        if not 0 < length <= 2 or second > 59:
            return None
        text = text[1 + length:]
        if text.startswith("."):
            _, length = _number(text[1:])
            if length == 0:
                return None
            millis = int(text[1:1 + min(length, 3)].ljust(3, "0"))
            text = text[1 + length:]
    return (hour, minute, second, millis), text


def parse_date(value: str) -> int | None:
    """A date time string as the server reads it, in UTC milliseconds (None if invalid)."""
    text = value.strip(" \t\r\n")
    if text.startswith("+"):
        text = text[1:]
    elif text.startswith("-"):
        return None
    parts = [0, 1, 1, 0, 0, 0, 0]
    year, length = _number(text)
    if length == 0 or year > 9999 or (length > 4 and len(text[:length].lstrip("0")) > 4):
        return None
    parts[0], text = year, text[length:]
    for index, largest in ((1, 12), (2, 31)):
        if not text.startswith("-"):
            break
        number, length = _number(text[1:])
        if not 0 < length <= 2 or not 1 <= number <= largest:
            return None
        parts[index], text = number, text[1 + length:]
    if text[:1] in (" ", "T"):
        clock = _parse_clock(text[1:])
        if clock is None:
            return None
        (parts[3], parts[4], parts[5], parts[6]), text = clock
    offset = 0
    if text[:1] in ("z", "Z"):
        text = text[1:]
    elif text[:1] in ("+", "-"):
        sign = 1 if text[0] == "+" else -1
        hours, length = _number(text[1:])
        if not 0 < length <= 2 or hours > 23:
            return None
        text = text[1 + length:]
        if not text.startswith(":"):
            return None
        minutes, length = _number(text[1:])
        if not 0 < length <= 2 or minutes > 59:
            return None
        text = text[1 + length:]
        offset = sign * (hours * 60 + minutes) * 60_000
    if text:
        return None
    ms = civil.join(*parts)
    if offset:
        ms -= offset
        if not 0 <= civil.split(ms)[0] <= 9999:
            return None
    return ms


def invalid_date(rt: Runtime, name: str) -> None:
    """Warning 1572 for ``name``."""
    rt.warn(1572, f"in function '{name}()': invalid date value")


def time_point(rt: Runtime, name: str, value: Any) -> int | None:
    """An argument as a time point (warning 1572 or 1542 and None when it is not one)."""
    if is_number(value):
        ms = int(value)
        if not civil.EARLIEST <= ms <= civil.LATEST:
            invalid_date(rt, name)
            return None
        return ms
    if isinstance(value, str):
        parsed = parse_date(value)
        if parsed is None:
            invalid_date(rt, name)
        return parsed
    rt.bad_argument(name)
    return None


def date_text(rt: Runtime, name: str, ms: int, utc: bool = True, warn: bool = True
              ) -> str | None:
    """A time point as the server writes it (``...T..:..:...mmmZ``; no ``Z`` unless
    ``utc``), or None (with warning 1572 when ``warn``) outside the years 0 to 9999."""
    if not 0 <= civil.split(ms)[0] <= 9999:
        if warn:
            invalid_date(rt, name)
        return None
    return civil.text(ms) + ("Z" if utc else "")


def zone_argument(rt: Runtime, name: str, value: Any) -> str | None:
    """A time zone argument's name (warning 1542 and None when it is not a string)."""
    if isinstance(value, str):
        return value
    rt.bad_argument(name)
    return None


def localize(zone: str, ms: int) -> int:
    """``ms`` (UTC) as the wall clock of ``zone``."""
    return tzinfo.to_local(zone, ms)[0]


@aql_function("DATE_NOW", 0)
def _date_now(rt: Runtime) -> int:
    return int(time.time() * 1000)


def _from_parts(rt: Runtime, name: str, parts: tuple[Any, ...]) -> int | None:
    if len(parts) == 1:
        return time_point(rt, name, parts[0])
    if len(parts) < 3 or not all(is_number(p) or isinstance(p, str) for p in parts):
        rt.bad_argument(name)
        return None
    numbers = [int(to_number(p)) for p in parts] + [0] * (7 - len(parts))
    year, month, day, hour, minute, second, millis = numbers
    if not 0 <= year <= 9999 or month < 0 or day < 0 or min(hour, minute, second, millis) < 0:
        invalid_date(rt, name)
        return None
    return civil.join(year, month, day, hour, minute, second, min(millis, 999))


@aql_function("DATE_ISO8601", 1, 7)
def _date_iso8601(rt: Runtime, *parts: Any) -> Any:
    ms = _from_parts(rt, "DATE_ISO8601", parts)
    return None if ms is None else date_text(rt, "DATE_ISO8601", ms)


@aql_function("DATE_TIMESTAMP", 1, 7)
def _date_timestamp(rt: Runtime, *parts: Any) -> Any:
    return _from_parts(rt, "DATE_TIMESTAMP", parts)


@aql_function("IS_DATESTRING", 1)
def _is_datestring(rt: Runtime, value: Any) -> bool:
    return isinstance(value, str) and parse_date(value) is not None


def _iso_week(ms: int) -> tuple[int, int]:
    """``(iso year, iso week)`` of a time point."""
    days = ms // civil.DAY_MS
    weekday = (days + 3) % 7  # Monday 0
    thursday = days - weekday + 3
    year = civil.civil_from_days(thursday)[0]
    return year, (thursday - civil.days_from_civil(year, 1, 1)) // 7 + 1


Getter = Callable[[int], Any]

_COMPONENTS: dict[str, tuple[Getter, bool]] = {
    "DATE_YEAR": (lambda ms: civil.split(ms)[0], True),
    "DATE_MONTH": (lambda ms: civil.split(ms)[1], True),
    "DATE_DAY": (lambda ms: civil.split(ms)[2], True),
    "DATE_HOUR": (lambda ms: civil.split(ms)[3], True),
    "DATE_MINUTE": (lambda ms: civil.split(ms)[4], True),
    "DATE_SECOND": (lambda ms: civil.split(ms)[5], False),
    "DATE_MILLISECOND": (lambda ms: civil.split(ms)[6], False),
    "DATE_DAYOFWEEK": (lambda ms: (ms // civil.DAY_MS + 4) % 7, True),
    "DATE_DAYOFYEAR": (lambda ms: ms // civil.DAY_MS - civil.days_from_civil(
        civil.split(ms)[0], 1, 1) + 1, True),
    "DATE_ISOWEEK": (lambda ms: _iso_week(ms)[1], True),
    "DATE_ISOWEEKYEAR": (lambda ms: {"week": _iso_week(ms)[1], "year": _iso_week(ms)[0]},
                         True),
    "DATE_LEAPYEAR": (lambda ms: civil.is_leap(civil.split(ms)[0]), True),
    "DATE_QUARTER": (lambda ms: (civil.split(ms)[1] + 2) // 3, True),
    "DATE_DAYS_IN_MONTH": (lambda ms: civil.days_in_month(*civil.split(ms)[:2]), True),
}


def _component(name: str, getter: Getter, zoned: bool) -> None:
    def impl(rt: Runtime, value: Any, *zone: Any) -> Any:
        ms = time_point(rt, name, value)
        if ms is None:
            return None
        if zone:
            zone_name = zone_argument(rt, name, zone[0])
            if zone_name is None:
                return None
            ms = localize(zone_name, ms)
        return getter(ms)

    aql_function(name, 1, 2 if zoned else 1)(impl)


for _name, (_getter, _zoned) in _COMPONENTS.items():
    _component(_name, _getter, _zoned)


_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
#: DATE_FORMAT's placeholders, longest first (the server tries them in this order)
_TOKENS = ("%yyyyyy", "%yyyy", "%yy", "%y", "%mmmm", "%mmm", "%mm", "%m", "%dd", "%d",
           "%hh", "%h", "%ii", "%i", "%ss", "%s", "%fff", "%f", "%xxx", "%x", "%kk", "%k",
           "%wwww", "%www", "%w", "%l", "%q", "%a", "%t", "%z", "%&", "%%", "%")


def _format_token(token: str, ms: int) -> str:
    year, month, day, hour, minute, second, millis = civil.split(ms)
    weekday = (ms // civil.DAY_MS + 4) % 7
    day_of_year = ms // civil.DAY_MS - civil.days_from_civil(year, 1, 1) + 1
    week = _iso_week(ms)[1]
    table = {
        "%yyyyyy": f"{year:+07d}", "%yyyy": f"{year:04d}" if 0 <= year <= 9999
        else f"{year:+07d}", "%yy": f"{year % 100:02d}", "%y": str(year),
        "%mmmm": _MONTHS[month - 1], "%mmm": _MONTHS[month - 1][:3], "%mm": f"{month:02d}",
        "%m": str(month), "%dd": f"{day:02d}", "%d": str(day), "%hh": f"{hour:02d}",
        "%h": str(hour), "%ii": f"{minute:02d}", "%i": str(minute), "%ss": f"{second:02d}",
        "%s": str(second), "%fff": f"{millis:03d}", "%f": str(millis),
        "%xxx": f"{day_of_year:03d}", "%x": str(day_of_year), "%kk": f"{week:02d}",
        "%k": str(week), "%wwww": _DAYS[weekday], "%www": _DAYS[weekday][:3],
        "%w": str(weekday), "%l": "1" if civil.is_leap(year) else "0",
        "%q": str((month + 2) // 3), "%a": str(civil.days_in_month(year, month)),
        "%t": str(ms), "%z": civil.text(ms) + "Z", "%&": "", "%%": "%", "%": "",
    }
    return table[token]


def format_date(fmt: str, ms: int) -> str:
    """DATE_FORMAT's text for ``ms``."""
    out: list[str] = []
    position = 0
    while position < len(fmt):
        if fmt[position] == "%":
            token = next(t for t in _TOKENS if fmt.startswith(t, position))
            out.append(_format_token(token, ms))
            position += len(token)
        else:
            out.append(fmt[position])
            position += 1
    return "".join(out)


@aql_function("DATE_FORMAT", 2, 3)
def _date_format(rt: Runtime, value: Any, fmt: Any, *zone: Any) -> Any:
    ms = time_point(rt, "DATE_FORMAT", value)
    if ms is None:
        return None
    if not isinstance(fmt, str):
        rt.bad_argument("DATE_FORMAT")
        return None
    if zone:
        zone_name = zone_argument(rt, "DATE_FORMAT", zone[0])
        if zone_name is None:
            return None
        ms = localize(zone_name, ms)
    return format_date(to_string(fmt), ms)
