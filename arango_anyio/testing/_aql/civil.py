"""Civil (proleptic Gregorian) calendar arithmetic on milliseconds since the epoch, as the
``date`` library the server uses does it (Howard Hinnant's algorithms): no time zones, no
leap seconds, and a day past the end of a month runs on into the next month."""

from __future__ import annotations

import re

DAY_MS = 86_400_000
#: The time points the server accepts: 0000-01-01T00:00:00.000Z .. 9999-12-31T23:59:59.999Z.
EARLIEST, LATEST = -62167219200000, 253402300799999


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of ``year-month-day`` (out-of-range days carry over)."""
    year -= month <= 2
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * (month - 3 if month > 2 else month + 9) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


def civil_from_days(days: int) -> tuple[int, int, int]:
    """``(year, month, day)`` of a day number (days since 1970-01-01)."""
    days += 719468
    era = days // 146097
    day_of_era = days - era * 146097
    year_of_era = (day_of_era - day_of_era // 1460 + day_of_era // 36524
                   - day_of_era // 146096) // 365
    year = year_of_era + era * 400
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    mp = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return year + (month <= 2), month, day


def split(ms: int) -> tuple[int, int, int, int, int, int, int]:
    """``(year, month, day, hour, minute, second, millisecond)`` of a time point."""
    days, rest = divmod(ms, DAY_MS)
    year, month, day = civil_from_days(days)
    hour, rest = divmod(rest, 3_600_000)
    minute, rest = divmod(rest, 60_000)
    second, millisecond = divmod(rest, 1000)
    return year, month, day, hour, minute, second, millisecond


def join(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0,
         millisecond: int = 0) -> int:
    """The time point of these calendar parts (the inverse of :func:`split`)."""
    return days_from_civil(year, month, day) * DAY_MS + \
        ((hour * 60 + minute) * 60 + second) * 1000 + millisecond


def is_leap(year: int) -> bool:
    """Is ``year`` a leap year?"""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    """The number of days of ``month`` in ``year``."""
    return days_from_civil(year + (month == 12), month % 12 + 1, 1) - \
        days_from_civil(year, month, 1)


def text(ms: int) -> str:
    """``YYYY-MM-DDTHH:MM:SS.mmm`` (no zone designator; any year)."""
    year, month, day, hour, minute, second, millisecond = split(ms)
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}." \
           f"{millisecond:03d}"


def shift_months(ms: int, months: int) -> int:
    """``ms`` with the calendar month moved by ``months``, keeping the day (running on past
    the new month's end) and the time of day."""
    days, within = divmod(ms, DAY_MS)
    year, month, day = civil_from_days(days)
    index = year * 12 + month - 1 + months
    return days_from_civil(index // 12, index % 12 + 1, day) * DAY_MS + within


_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?"
                       r"(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:\.(\d{1,3}))?S)?)?$")


def parse_duration(text: str) -> tuple[int, int, int] | None:
    """An ISO 8601 duration (``P1Y2M3W4DT5H6M7.89S``) as (years, months, milliseconds), or
    None. Only seconds may have a fraction, of up to three digits."""
    match = _DURATION.match(text) if len(text) > 1 else None
    if match is None:
        return None
    years, months, weeks, days, hours, minutes, seconds = (
        int(group or 0) for group in match.groups()[:7])
    fraction = match.group(8)
    millis = int(fraction.ljust(3, "0")) if fraction else 0
    total = ((((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000
    return years, months, total + millis


def add_duration(ms: int, duration: tuple[int, int, int], sign: int) -> int:
    """``ms`` plus (``sign`` 1) or minus (-1) a parsed duration: calendar years and months
    first, then the rest."""
    years, months, millis = duration
    return shift_months(ms, sign * (years * 12 + months)) + sign * millis
