"""Date arithmetic: DATE_ADD, DATE_SUBTRACT, DATE_DIFF, DATE_COMPARE, DATE_TRUNC, DATE_ROUND,
with the optional time zones (the arithmetic runs on that zone's wall clock), as the server
computes them: calendar years and months move the date (a day past the month's end runs on
into the next month), fractions of them become months and 30-day months, and a DATE_DIFF
year is 365.2425 days."""

from __future__ import annotations

import math
from typing import Any

from arango_anyio.testing._aql import civil, tzinfo
from arango_anyio.testing._aql.functions.dates import (
    date_text,
    invalid_date,
    localize,
    time_point,
    zone_argument,
)
from arango_anyio.testing._aql.runtime import Runtime, aql_function
from arango_anyio.testing._aql.values import is_number

MILLI, SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, YEAR = range(1, 9)
_FLAGS = {
    "y": YEAR, "year": YEAR, "years": YEAR, "w": WEEK, "week": WEEK, "weeks": WEEK,
    "m": MONTH, "month": MONTH, "months": MONTH, "minute": MINUTE, "minutes": MINUTE,
    "millisecond": MILLI, "milliseconds": MILLI, "d": DAY, "day": DAY, "days": DAY,
    "h": HOUR, "hour": HOUR, "hours": HOUR, "s": SECOND, "second": SECOND,
    "seconds": SECOND, "i": MINUTE, "f": MILLI,
}
#: Milliseconds per unit for DATE_DIFF (a year is 365.2425 days, a month a twelfth of it).
_UNIT_MS = {MILLI: 1, SECOND: 1000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000,
            WEEK: 604_800_000, MONTH: 2_629_746_000, YEAR: 31_556_952_000}
def unit_flag(value: Any) -> int:
    """A unit name's flag (0 when it is not one; names are case-insensitive)."""
    return _FLAGS.get(value.lower(), 0) if isinstance(value, str) else 0


def _add_units(ms: int, amount: int | float, flag: int, subtract: bool) -> int | None:
    whole_only = isinstance(amount, int)
    if amount < 0:
        subtract, amount = not subtract, -amount
    sign = -1 if subtract else 1
    if flag in (YEAR, MONTH):
        months = 0
        if flag == YEAR:
            fraction, whole = math.modf(amount)
            months = int(whole) * 12
            amount = 0 if whole_only or fraction == 0 else fraction * 12
        fraction, whole = math.modf(amount)
        months += int(whole)
        ms = civil.shift_months(ms, sign * months)
        if whole_only or fraction == 0:
            return ms
        flag, amount = DAY, fraction * 30  # a month of the fraction is 30 days
    unit = _UNIT_MS.get(flag)  # years and months are handled above
    if unit is None:
        return None
    return ms + sign * int(unit * amount)  # the server truncates toward zero


def _shift(rt: Runtime, name: str, args: tuple[Any, ...], subtract: bool) -> Any:
    ms = time_point(rt, name, args[0])
    if ms is None:
        return None
    zone = "UTC"
    zoned = len(args) == 4 or (len(args) == 3 and isinstance(args[1], str))
    if zoned:
        zone_name = zone_argument(rt, name, args[3 if len(args) == 4 else 2])
        if zone_name is None:
            return None
        zone = zone_name
        ms = localize(zone, ms)
    moved: int | None
    if len(args) == 4 or (len(args) == 3 and not zoned):
        amount, unit = args[1], args[2]
        if not is_number(amount) or not isinstance(unit, str):
            rt.bad_argument(name)
            return None
        moved = _add_units(ms, amount, unit_flag(unit), subtract)
    else:
        if not isinstance(args[1], str):
            rt.bad_argument(name)
            return None
        duration = civil.parse_duration(args[1])
        moved = None if duration is None else \
            civil.add_duration(ms, duration, -1 if subtract else 1)
    if moved is None:
        invalid_date(rt, name)
        return None
    if zone != "UTC":
        moved = tzinfo.to_utc(zone, moved)[0]
    return date_text(rt, name, moved)


@aql_function("DATE_ADD", 2, 4)
def _date_add(rt: Runtime, *args: Any) -> Any:
    return _shift(rt, "DATE_ADD", args, subtract=False)


@aql_function("DATE_SUBTRACT", 2, 4)
def _date_subtract(rt: Runtime, *args: Any) -> Any:
    return _shift(rt, "DATE_SUBTRACT", args, subtract=True)


def _time_points(rt: Runtime, name: str, args: tuple[Any, ...]) -> tuple[int, int] | None:
    """The first two arguments as time points (None, with the warning, when one is not)."""
    first = time_point(rt, name, args[0])
    if first is None:
        return None
    second = time_point(rt, name, args[1])
    return None if second is None else (first, second)


def _round_half_away(value: float) -> int:
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


@aql_function("DATE_DIFF", 3, 6)
def _date_diff(rt: Runtime, *args: Any) -> Any:
    name = "DATE_DIFF"
    points = _time_points(rt, name, args)
    if points is None:
        return None
    first, second = points
    if not isinstance(args[2], str):
        rt.bad_argument(name)
        return None
    flag = unit_flag(args[2])
    as_float = False
    if len(args) > 3:
        fourth = args[3]
        if isinstance(fourth, bool):
            as_float = fourth
        elif isinstance(fourth, str):
            first = localize(fourth, first)
            if len(args) == 4:
                second = localize(fourth, second)
        else:
            rt.bad_argument(name)
            return None
        if len(args) > 4:
            fifth = zone_argument(rt, name, args[4])
            if fifth is None:
                return None
            if isinstance(fourth, bool):
                first = localize(fifth, first)
                if len(args) == 5:
                    second = localize(fifth, second)
            else:
                second = localize(fifth, second)
            if len(args) == 6:
                sixth = zone_argument(rt, name, args[5])
                if sixth is None:
                    return None
                second = localize(sixth, second)
    if not flag:
        invalid_date(rt, name)
        return None
    difference = (second - first) / _UNIT_MS[flag]
    return difference if as_float else _round_half_away(difference)


@aql_function("DATE_COMPARE", 3, 6)
def _date_compare(rt: Runtime, *args: Any) -> Any:
    name = "DATE_COMPARE"
    points = _time_points(rt, name, args)
    if points is None:
        return None
    first, second = points
    start = unit_flag(args[2])
    if not start:
        rt.bad_argument(name)
        return None
    end = start
    if len(args) > 3:
        end = unit_flag(args[3])
        zone_start = zone_end = 0
        if not end:
            end = start
            if len(args) in (4, 5):
                zone_start, zone_end = 3, len(args) - 1
            else:
                rt.bad_argument(name)
                return None
        elif len(args) > 4:
            zone_start, zone_end = 4, len(args) - 1
        if zone_start:
            zone = zone_argument(rt, name, args[zone_start])
            if zone is None:
                return None
            first = localize(zone, first)
            if zone_end != zone_start:
                other = zone_argument(rt, name, args[zone_end])
                if other is None:
                    return None
                zone = other
            second = localize(zone, second)
    one, two = civil.split(first), civil.split(second)
    if start == WEEK:
        return True  # the server compares nothing for weeks
    # YEAR is always compared from a year start; then each finer part down to ``end``
    for part, flag in enumerate((YEAR, MONTH, DAY, HOUR, MINUTE, SECOND, MILLI)):
        if flag > start:
            continue
        if flag != YEAR and end > flag:
            break
        if one[part] != two[part]:
            return False
    return True


_TRUNCATE = {YEAR: 0, MONTH: 1, DAY: 2, HOUR: 3, MINUTE: 4, SECOND: 5, MILLI: 6}


@aql_function("DATE_TRUNC", 2, 3)
def _date_trunc(rt: Runtime, value: Any, unit: Any, *zone: Any) -> Any:
    name = "DATE_TRUNC"
    ms = time_point(rt, name, value)
    if ms is None:
        return None
    if not isinstance(unit, str):
        rt.bad_argument(name)
        return None
    zone_name = None
    if zone:
        zone_name = zone_argument(rt, name, zone[0])
        if zone_name is None:
            return None
        ms = localize(zone_name, ms)
    keep = _TRUNCATE.get(unit_flag(unit)) if unit.lower() != "w" else None
    if keep is None:
        invalid_date(rt, name)
        return None
    parts = list(civil.split(ms))
    parts[keep + 1:] = (1, 1, 0, 0, 0, 0)[keep:]
    ms = civil.join(*parts)
    if zone_name is not None:
        ms = tzinfo.to_utc(zone_name, ms)[0]
    return date_text(rt, name, ms)


_ROUND_UNITS = {
    "milliseconds": 1, "millisecond": 1, "f": 1, "seconds": 1000, "second": 1000, "s": 1000,
    "minutes": 60_000, "minute": 60_000, "i": 60_000, "hours": 3_600_000,
    "hour": 3_600_000, "h": 3_600_000, "days": 86_400_000, "day": 86_400_000,
    "d": 86_400_000,
}


@aql_function("DATE_ROUND", 3, 4)
def _date_round(rt: Runtime, value: Any, amount: Any, unit: Any, *zone: Any) -> Any:
    name = "DATE_ROUND"
    ms = time_point(rt, name, value)
    if ms is None:
        return None
    if not is_number(amount) or not isinstance(unit, str):
        rt.bad_argument(name)
        return None
    zone_name = None
    if zone:
        zone_name = zone_argument(rt, name, zone[0])
        if zone_name is None:
            return None
        ms = localize(zone_name, ms)
    count = int(amount)
    factor = _ROUND_UNITS.get(unit)  # case-sensitive on the server
    if count <= 0 or factor is None:
        rt.bad_argument(name)
        return None
    step = factor * count
    ms = int(ms / step) * step if ms < 0 else ms // step * step  # C++ truncates to zero
    if zone_name is not None:
        ms = tzinfo.to_utc(zone_name, ms)[0]
    return date_text(rt, name, ms)
