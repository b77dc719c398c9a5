"""Date functions as the server computes them: its date parser, calendar arithmetic on the
wall clock of a time zone, DATE_DIFF's 365.2425-day years, DATE_ROUND, and the time zone
conversions with their period details."""

from __future__ import annotations

from typing import Any

import pytest

from arango_anyio.testing._aql import tzinfo
from arango_anyio.testing._aql.memory import MemoryContext
from arango_anyio.testing._protocol.errors import EmuError

from .conftest import run

CASES: list[tuple[str, Any]] = [
    # documented answers of a 3.12 server
    ("DATE_UTCTOLOCAL('2020-03-15T00:00:00.000', 'Europe/Berlin')", "2020-03-15T01:00:00.000"),
    ("DATE_UTCTOLOCAL('2020-03-15T00:00:00.000', 'America/New_York')",
     "2020-03-14T20:00:00.000"),
    ("DATE_UTCTOLOCAL('2020-03-15T00:00:00.000', 'UTC')", "2020-03-15T00:00:00.000Z"),
    ("DATE_UTCTOLOCAL('2020-03-15T00:00:00.000-02:00', 'Asia/Shanghai')",
     "2020-03-15T10:00:00.000"),
    ("DATE_LOCALTOUTC('2020-03-15T00:00:00.000', 'Europe/Berlin')", "2020-03-14T23:00:00.000Z"),
    ("DATE_LOCALTOUTC('2020-03-15T00:00:00.000', 'America/New_York')",
     "2020-03-15T04:00:00.000Z"),
    ("DATE_LOCALTOUTC('2020-03-15T00:00:00.000-02:00', 'Asia/Shanghai')",
     "2020-03-14T18:00:00.000Z"),
    ("DATE_ADD('2023-03-25T23:00:00.000Z', 1, 'day', 'Europe/Berlin')",
     "2023-03-26T22:00:00.000Z"),
    ("DATE_DIFF('2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', 'hours', true, "
     "'Asia/Kathmandu', 'America/Los_Angeles')", -13.75),
    ("DATE_DIFF('2023-03-25T23:00:00.000Z', '2023-03-26T23:00:00.000Z', 'hours', "
     "'Europe/Berlin')", 25),
    ("DATE_DIFF('2023-12-01', '2024-04-01', 'days')", 122),
    ("DATE_ROUND('2019-12-04T21:17:52.953Z', 5, 'minutes')", "2019-12-04T21:15:00.000Z"),
    ("DATE_COMPARE('2023-04-01T09:00:00.000Z', '2024-04-01T18:00:00.000Z', 'hour', "
     "'minute', 'Europe/Berlin', 'America/Los_Angeles')", True),
    # calendar arithmetic: a day past the month's end runs on; fractions of months are 30 days
    ("DATE_ADD('2023-01-31', 1, 'month')", "2023-03-03T00:00:00.000Z"),
    ("DATE_ADD('2024-02-29', 1, 'year')", "2025-03-01T00:00:00.000Z"),
    ("DATE_ADD('2023-01-01', 1.5, 'months')", "2023-02-16T00:00:00.000Z"),
    ("DATE_ADD('2023-01-01', 0.5, 'years')", "2023-07-01T00:00:00.000Z"),
    ("DATE_SUBTRACT('2023-03-31', 'P1M')", "2023-03-03T00:00:00.000Z"),
    ("DATE_ADD('2000-01-01', 'PT30M44.4S')", "2000-01-01T00:30:44.400Z"),
    # DATE_DIFF: months of 30.436875 days, rounded half away from zero unless asked for floats
    ("DATE_DIFF('2024-01-01', '2024-01-01T12:00:00Z', 'd')", 1),
    ("DATE_DIFF('2024-01-01T12:00:00Z', '2024-01-01', 'd')", -1),
    ("DATE_DIFF('2024-01-01', '2024-02-01', 'months', true)", 31 / 30.436875),
    ("DATE_DIFF('2024-01-01', '2025-01-01', 'years', true)", 366 / 365.2425),
    # the wall clock of a zone for DATE_TRUNC / DATE_ROUND, converted back
    ("DATE_TRUNC('2023-12-31T23:30:00Z', 'day', 'Europe/Berlin')", "2023-12-31T23:00:00.000Z"),
    ("DATE_ROUND('2019-12-04T21:17:52Z', 1, 'hour', 'Asia/Kathmandu')",
     "2019-12-04T21:15:00.000Z"),
    ("DATE_ROUND('2019-12-04T21:17:52Z', 1, 'hour')", "2019-12-04T21:00:00.000Z"),
    ("DATE_COMPARE('2023-01-05', '2023-02-07', 'weeks')", True),  # weeks compare nothing
    ("DATE_YEAR('2023-12-31T23:00:00.000Z', 'Europe/Berlin')", 2024),
    # the server's date parser
    ("DATE_ISO8601('2023-02-31')", "2023-03-03T00:00:00.000Z"),
    ("DATE_ISO8601('2023-1-5 7:08')", "2023-01-05T07:08:00.000Z"),
    ("DATE_ISO8601('2023-01-05T07:08:09.12345')", "2023-01-05T07:08:09.123Z"),
    ("DATE_ISO8601(2023, 13, 1)", "2024-01-01T00:00:00.000Z"),
    ("DATE_ISO8601(2023, 1, 1, 25, 0, 0, 5000)", "2023-01-02T01:00:00.999Z"),
    ("IS_DATESTRING('2023-01-05T07')", False),
    ("IS_DATESTRING('-2023-01-05')", False),
    ("IS_DATESTRING('2023-01-05T07:08:09+01')", False),
    ("IS_DATESTRING('12023-01-05')", False),
    ("IS_DATESTRING('02023-01-05')", True),
]


@pytest.mark.parametrize(("expression", "expected"), CASES)
def test_date_values(ctx: MemoryContext, expression: str, expected: Any) -> None:
    assert run(ctx, f"RETURN {expression}").result == [expected]


def test_utc_to_local_details(ctx: MemoryContext) -> None:
    result = run(ctx, "RETURN DATE_LOCALTOUTC('2021-03-16T12:00:00.000', 'Africa/Lagos', true)")
    assert result.result == [{
        "utc": "2021-03-16T11:00:00.000Z", "tzdb": tzinfo.database_version(),
        "zoneInfo": {"name": "WAT", "begin": "1919-08-31T23:30:00.000Z", "end": None,
                     "dst": False, "offset": 3600}}]
    local = run(ctx, "RETURN DATE_UTCTOLOCAL('2023-07-01T00:00:00Z', 'Europe/Berlin', true)")
    assert local.result == [{
        "local": "2023-07-01T02:00:00.000", "tzdb": tzinfo.database_version(),
        "zoneInfo": {"name": "CEST", "begin": "2023-03-26T01:00:00.000Z",
                     "end": "2023-10-29T01:00:00.000Z", "dst": True, "offset": 7200}}]


@pytest.mark.parametrize("query", [
    "RETURN DATE_LOCALTOUTC('2023-03-26T02:30:00', 'Europe/Berlin')",  # a gap
    "RETURN DATE_LOCALTOUTC('2023-10-29T02:30:00', 'Europe/Berlin')",  # ambiguous
    "RETURN DATE_YEAR('2023-01-01', 'Europe/Nowhere')",
])
def test_time_zone_errors(ctx: MemoryContext, query: str) -> None:
    with pytest.raises(EmuError) as caught:
        run(ctx, query)
    assert caught.value.error_num == 4


def test_warnings(ctx: MemoryContext) -> None:
    result = run(ctx, "RETURN [DATE_YEAR('nope'), DATE_YEAR([]), DATE_ROUND(0, 1, 'Minutes'), "
                      "DATE_TRUNC(0, 'week'), DATE_HOUR(0, 1), DATE_ADD(0, 1, 'fortnight')]")
    assert result.result == [[None] * 6]
    assert [w["code"] for w in result.warnings] == [1572, 1542, 1542, 1572, 1542, 1572]
    assert result.warnings[0]["message"] == "in function 'DATE_YEAR()': invalid date value"


def test_zone_lists(ctx: MemoryContext) -> None:
    zones, current = run(ctx, "RETURN [DATE_TIMEZONES(), DATE_TIMEZONE()]").result[0]
    assert "Europe/Berlin" in zones and "UTC" in zones
    assert isinstance(current, str) and current


def test_seconds_and_milliseconds_take_no_zone(ctx: MemoryContext) -> None:
    for function in ("DATE_SECOND", "DATE_MILLISECOND"):
        with pytest.raises(EmuError) as caught:
            run(ctx, f"RETURN {function}(0, 'UTC')")
        assert caught.value.error_num == 1541
