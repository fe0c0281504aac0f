"""Reporting periods: a year (`2024`), a quarter (`2024-Q2`) or a month (`2024-05`)."""

import calendar
import re
from datetime import date

REASON = "a period is a year (2024), a quarter (2024-Q2) or a month (2024-05)"
PERIOD = re.compile(r"^(?P<year>[0-9]{4})(?:-Q(?P<quarter>[1-4])|-(?P<month>0[1-9]|1[0-2]))?$")


def bounds(period: str) -> tuple[date, date]:
    """First and last day of the period; ValueError if it is not one of the three forms."""
    match = PERIOD.fullmatch(period)
    if not match or not 1900 <= int(match["year"]) <= 2100:
        raise ValueError(REASON)
    year = int(match["year"])
    if match["quarter"]:
        first = (int(match["quarter"]) - 1) * 3 + 1
        return date(year, first, 1), date(year, first + 2, calendar.monthrange(year, first + 2)[1])
    if match["month"]:
        month = int(match["month"])
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return date(year, 1, 1), date(year, 12, 31)


def granularity(period: str) -> str:
    """'year', 'quarter' or 'month'."""
    bounds(period)
    return "quarter" if "-Q" in period else "month" if "-" in period else "year"
