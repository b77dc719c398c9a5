"""Time zone functions: DATE_UTCTOLOCAL, DATE_LOCALTOUTC, DATE_TIMEZONE, DATE_TIMEZONES
(zones and their periods from :mod:`arango_anyio.testing._aql.tzinfo`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from arango_anyio.testing._aql import tzinfo
from arango_anyio.testing._aql.functions.dates import date_text, time_point, zone_argument
from arango_anyio.testing._aql.runtime import Runtime, aql_function


def _details(rt: Runtime, name: str, key: str, text: str | None, period: tzinfo.Period
             ) -> dict[str, Any]:
    return {key: text, "tzdb": tzinfo.database_version(), "zoneInfo": {
        "name": period.abbrev,
        "begin": date_text(rt, name, period.begin, warn=False),
        "end": date_text(rt, name, period.end, warn=False),
        "dst": period.dst,
        "offset": period.offset,
    }}


def _arguments(rt: Runtime, name: str, value: Any, zone: Any, detail: tuple[Any, ...]
               ) -> tuple[int, str, bool] | None:
    ms = time_point(rt, name, value)
    if ms is None:
        return None
    zone_name = zone_argument(rt, name, zone)
    if zone_name is None:
        return None
    if detail and not isinstance(detail[0], bool):
        rt.bad_argument(name)
        return None
    return ms, zone_name, bool(detail and detail[0])


@aql_function("DATE_UTCTOLOCAL", 2, 3)
def _date_utc_to_local(rt: Runtime, value: Any, zone: Any, *detail: Any) -> Any:
    """The wall clock of ``zone`` at the UTC time ``value`` (no ``Z`` unless it is UTC)."""
    name = "DATE_UTCTOLOCAL"
    parsed = _arguments(rt, name, value, zone, detail)
    if parsed is None:
        return None
    ms, zone_name, show_detail = parsed
    local, period = tzinfo.to_local(zone_name, ms)
    text = date_text(rt, name, local, utc=period.offset == 0 and not period.dst)
    return _details(rt, name, "local", text, period) if show_detail else text


@aql_function("DATE_LOCALTOUTC", 2, 3)
def _date_local_to_utc(rt: Runtime, value: Any, zone: Any, *detail: Any) -> Any:
    """The UTC time of the wall clock ``value`` in ``zone``."""
    name = "DATE_LOCALTOUTC"
    parsed = _arguments(rt, name, value, zone, detail)
    if parsed is None:
        return None
    ms, zone_name, show_detail = parsed
    utc, period = tzinfo.to_utc(zone_name, ms)
    text = date_text(rt, name, utc)
    return _details(rt, name, "utc", text, period) if show_detail else text


def _current_zone() -> str:
    """The machine's time zone, found as the ``date`` library finds it (the target of
    ``/etc/localtime``, else ``/etc/timezone``); ``Etc/UTC`` when neither names one."""
    try:
        target = os.readlink("/etc/localtime")
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        return target.split("zoneinfo/", 1)[1]
    try:
        name = Path("/etc/timezone").read_text().strip()
    except OSError:
        name = ""
    return name or "Etc/UTC"


@aql_function("DATE_TIMEZONE", 0)
def _date_timezone(rt: Runtime) -> str:
    return _current_zone()


@aql_function("DATE_TIMEZONES", 0)
def _date_timezones(rt: Runtime) -> list[str]:
    return tzinfo.zone_names()
