"""Civil (proleptic Gregorian) calendar arithmetic on milliseconds since the epoch, as the
``date`` library the server uses does it (Howard Hinnant's algorithms): no time zones, no
leap seconds, and a day past the end of a month runs on into the next month."""

from __future__ import annotations

DAY_MS = 86_400_000


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
