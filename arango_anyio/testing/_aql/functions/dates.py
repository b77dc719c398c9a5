"""Date functions over ISO 8601 strings and millisecond timestamps (UTC)."""

from __future__ import annotations

import calendar
import re
import time
from datetime import datetime, timedelta, timezone
from typing import Any

from arango_anyio.testing._aql.runtime import Runtime, aql_function
from arango_anyio.testing._aql.values import is_number, to_number, to_string
from arango_anyio.testing._protocol.errors import EmuError

_ISO = re.compile(
    r"^\s*([+-]?\d{4,6})(?:-(\d{1,2})(?:-(\d{1,2}))?)?"
    r"(?:[T ](\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?\s*$",
    re.IGNORECASE,
)
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def parse_date(value: Any) -> datetime | None:
    """A date value (ms timestamp or ISO 8601 string) as an aware UTC datetime."""
    if is_number(value):
        try:
            return _EPOCH + timedelta(milliseconds=float(value))
        except OverflowError:
            return None
    if not isinstance(value, str):
        return None
    match = _ISO.match(value)
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        result = datetime(
            int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0),
            int(second or 0), int((fraction or "0")[:6].ljust(6, "0")), tzinfo=timezone.utc,
        )
    except ValueError:
        return None
    if zone and zone.upper() != "Z":
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        result -= sign * offset
    return result


def _date(rt: Runtime, name: str, value: Any) -> datetime | None:
    result = parse_date(value)
    if result is None:
        rt.warn(1572, "invalid date value")
    return result


def iso(dt: datetime) -> str:
    """The date as AQL writes it: ``YYYY-MM-DDTHH:MM:SS.mmmZ``."""
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def timestamp(dt: datetime) -> int:
    """Milliseconds since the epoch."""
    delta = dt - _EPOCH
    return (delta.days * 86400 + delta.seconds) * 1000 + delta.microseconds // 1000


@aql_function("DATE_NOW", 0)
def _date_now(rt: Runtime) -> int:
    return int(time.time() * 1000)


def _from_parts(parts: tuple[Any, ...]) -> datetime | None:
    numbers = [int(to_number(p)) for p in parts]
    while len(numbers) < 7:
        numbers.append(1 if len(numbers) < 3 else 0)
    try:
        return datetime(numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5],
                        numbers[6] * 1000, tzinfo=timezone.utc)
    except ValueError:
        return None


@aql_function("DATE_ISO8601", 1, 7)
def _date_iso8601(rt: Runtime, *parts: Any) -> Any:
    dt = _from_parts(parts) if len(parts) > 1 else parse_date(parts[0])
    if dt is None:
        rt.warn(1572, "invalid date value")
        return None
    return iso(dt)


@aql_function("DATE_TIMESTAMP", 1, 7)
def _date_timestamp(rt: Runtime, *parts: Any) -> Any:
    dt = _from_parts(parts) if len(parts) > 1 else parse_date(parts[0])
    if dt is None:
        rt.warn(1572, "invalid date value")
        return None
    return timestamp(dt)


@aql_function("IS_DATESTRING", 1)
def _is_datestring(rt: Runtime, value: Any) -> bool:
    return isinstance(value, str) and parse_date(value) is not None


def _localize(dt: datetime, zone: Any) -> datetime:
    """``dt`` in time zone ``zone`` (an IANA name; UTC when None); 10 for an unknown zone."""
    if zone is None:
        return dt
    try:
        from zoneinfo import ZoneInfo

        return dt.astimezone(ZoneInfo(to_string(zone)))
    except (KeyError, ValueError, OSError):
        raise EmuError(10, f"AQL: unknown time zone '{to_string(zone)}' "
                           "(while executing)") from None


def _part(name: str, getter: Any) -> None:
    def impl(rt: Runtime, value: Any, zone: Any = None) -> Any:
        dt = _date(rt, name, value)
        return None if dt is None else getter(_localize(dt, zone))

    aql_function(name, 1, 2)(impl)


for _name, _getter in (
    ("DATE_YEAR", lambda d: d.year), ("DATE_MONTH", lambda d: d.month),
    ("DATE_DAY", lambda d: d.day), ("DATE_HOUR", lambda d: d.hour),
    ("DATE_MINUTE", lambda d: d.minute), ("DATE_SECOND", lambda d: d.second),
    ("DATE_MILLISECOND", lambda d: d.microsecond // 1000),
    ("DATE_DAYOFWEEK", lambda d: (d.weekday() + 1) % 7),
    ("DATE_DAYOFYEAR", lambda d: d.timetuple().tm_yday),
    ("DATE_ISOWEEK", lambda d: d.isocalendar()[1]),
    ("DATE_ISOWEEKYEAR", lambda d: {"week": d.isocalendar()[1], "year": d.isocalendar()[0]}),
    ("DATE_LEAPYEAR", lambda d: calendar.isleap(d.year)),
    ("DATE_QUARTER", lambda d: (d.month - 1) // 3 + 1),
    ("DATE_DAYS_IN_MONTH", lambda d: calendar.monthrange(d.year, d.month)[1]),
):
    _part(_name, _getter)

_UNITS = {
    "y": "years", "year": "years", "years": "years", "m": "months", "month": "months",
    "months": "months", "w": "weeks", "week": "weeks", "weeks": "weeks", "d": "days",
    "day": "days", "days": "days", "h": "hours", "hour": "hours", "hours": "hours",
    "i": "minutes", "minute": "minutes", "minutes": "minutes", "s": "seconds",
    "second": "seconds", "seconds": "seconds", "f": "milliseconds", "millisecond":
    "milliseconds", "milliseconds": "milliseconds",
}
_DURATION = re.compile(
    r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?"
    r"(?:(\d+)(?:\.(\d{1,3}))?S)?)?$"
)


def _add_months(dt: datetime, months: int) -> datetime:
    month_index = dt.month - 1 + months
    year = dt.year + month_index // 12
    month = month_index % 12 + 1
    day = min(dt.day, calendar.monthrange(year, month)[1])
    return dt.replace(year=year, month=month, day=day)


def _shift(dt: datetime, unit: str, amount: float) -> datetime:
    if unit == "years":
        return _add_months(dt, int(amount * 12))
    if unit == "months":
        return _add_months(dt, int(amount))
    return dt + timedelta(**{unit: amount})


def _apply(rt: Runtime, value: Any, amount: Any, unit: Any, sign: int) -> Any:
    dt = _date(rt, "DATE_ADD", value)
    if dt is None:
        return None
    if unit is None and isinstance(amount, str):
        match = _DURATION.match(amount)
        if not match:
            rt.warn(1572, "invalid date value")
            return None
        y, mo, w, d, h, mi, s, ms = (int(g) if g else 0 for g in match.groups())
        dt = _add_months(dt, sign * (y * 12 + mo))
        return iso(dt + sign * timedelta(weeks=w, days=d, hours=h, minutes=mi, seconds=s,
                                          milliseconds=ms))
    key = _UNITS.get(to_string(unit).lower())
    if key is None:
        rt.warn(1572, "invalid date value")
        return None
    return iso(_shift(dt, key, sign * float(to_number(amount))))


@aql_function("DATE_ADD", 2, 4)
def _date_add(rt: Runtime, value: Any, amount: Any, unit: Any = None, zone: Any = None) -> Any:
    return _apply(rt, value, amount, unit, 1)


@aql_function("DATE_SUBTRACT", 2, 4)
def _date_subtract(rt: Runtime, value: Any, amount: Any, unit: Any = None,
                   zone: Any = None) -> Any:
    return _apply(rt, value, amount, unit, -1)


@aql_function("DATE_DIFF", 3, 6)
def _date_diff(rt: Runtime, a: Any, b: Any, unit: Any, as_float: Any = False,
               zone1: Any = None, zone2: Any = None) -> Any:
    start = _date(rt, "DATE_DIFF", a)
    end = _date(rt, "DATE_DIFF", b)
    key = _UNITS.get(to_string(unit).lower())
    if start is None or end is None or key is None:
        return None
    ms = timestamp(end) - timestamp(start)
    per = {"milliseconds": 1, "seconds": 1000, "minutes": 60_000, "hours": 3_600_000,
           "days": 86_400_000, "weeks": 604_800_000}
    if key in per:
        result: float = ms / per[key]
    else:
        months = (end.year - start.year) * 12 + end.month - start.month
        result = months / 12 if key == "years" else months
    if as_float:
        return result
    return int(result)


@aql_function("DATE_COMPARE", 3, 6)
def _date_compare(rt: Runtime, a: Any, b: Any, unit_start: Any, unit_end: Any = None,
                  zone1: Any = None, zone2: Any = None) -> Any:
    first = _date(rt, "DATE_COMPARE", a)
    second = _date(rt, "DATE_COMPARE", b)
    if first is None or second is None:
        return None
    order = ["years", "months", "days", "hours", "minutes", "seconds", "milliseconds"]
    start_key = _UNITS.get(to_string(unit_start).lower())
    end_key = _UNITS.get(to_string(unit_end).lower()) if unit_end is not None else start_key
    if start_key not in order or end_key not in order:
        return None
    getters = {"years": lambda d: d.year, "months": lambda d: d.month,
               "days": lambda d: d.day, "hours": lambda d: d.hour,
               "minutes": lambda d: d.minute, "seconds": lambda d: d.second,
               "milliseconds": lambda d: d.microsecond // 1000}
    for key in order[order.index(start_key):order.index(end_key) + 1]:
        if getters[key](first) != getters[key](second):
            return False
    return True


@aql_function("DATE_TRUNC", 2, 3)
def _date_trunc(rt: Runtime, value: Any, unit: Any, zone: Any = None) -> Any:
    dt = _date(rt, "DATE_TRUNC", value)
    key = _UNITS.get(to_string(unit).lower())
    if dt is None or key is None:
        return None
    fields = ["years", "months", "days", "hours", "minutes", "seconds", "milliseconds"]
    if key not in fields:
        return None
    keep = fields.index(key)
    parts = [dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, dt.microsecond // 1000]
    defaults = [0, 1, 1, 0, 0, 0, 0]
    parts = parts[:keep + 1] + defaults[keep + 1:]
    return iso(datetime(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5],
                        parts[6] * 1000, tzinfo=timezone.utc))


_FORMAT = re.compile(r"%(?:yyyyyy|yyyy|yy|y|mmmm|mmm|mm|m|dd|d|hh|h|ii|i|ss|s|fff|f|"
                     r"xxx|x|kk|k|wwww|www|w|l|q|a|t|z|&|%|.|$)", re.DOTALL)
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


def _format_token(token: str, dt: datetime) -> str:
    ms = dt.microsecond // 1000
    dow = (dt.weekday() + 1) % 7
    year = f"{dt.year:04d}" if 0 <= dt.year <= 9999 else f"{dt.year:+07d}"
    table = {
        "%yyyyyy": f"{dt.year:+07d}", "%yyyy": year, "%yy": f"{dt.year % 100:02d}",
        "%y": str(dt.year), "%mmmm": _MONTHS[dt.month - 1], "%mmm": _MONTHS[dt.month - 1][:3],
        "%mm": f"{dt.month:02d}", "%m": str(dt.month), "%dd": f"{dt.day:02d}",
        "%d": str(dt.day), "%hh": f"{dt.hour:02d}", "%h": str(dt.hour),
        "%ii": f"{dt.minute:02d}", "%i": str(dt.minute), "%ss": f"{dt.second:02d}",
        "%s": str(dt.second), "%fff": f"{ms:03d}", "%f": str(ms),
        "%xxx": f"{dt.timetuple().tm_yday:03d}", "%x": str(dt.timetuple().tm_yday),
        "%kk": f"{dt.isocalendar()[1]:02d}", "%k": str(dt.isocalendar()[1]),
        "%wwww": _DAYS[dow], "%www": _DAYS[dow][:3], "%w": str(dow),
        "%l": "1" if calendar.isleap(dt.year) else "0", "%q": str((dt.month - 1) // 3 + 1),
        "%a": str(calendar.monthrange(dt.year, dt.month)[1]), "%t": str(timestamp(dt)),
        "%z": iso(dt), "%&": "", "%%": "%", "%": "",
    }
    return table.get(token, token[1:])


@aql_function("DATE_FORMAT", 2, 3)
def _date_format(rt: Runtime, value: Any, fmt: Any, zone: Any = None) -> Any:
    dt = _date(rt, "DATE_FORMAT", value)
    if dt is None:
        return None
    dt = _localize(dt, zone)
    return _FORMAT.sub(lambda m: _format_token(m.group(0), dt), to_string(fmt))
