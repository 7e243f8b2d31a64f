"""Chinese working days (工作日) from the maintained `chinesecalendar` package.

The State Council announces each year's public holidays and the weekend days worked in
exchange (调休) only in the November before; a weekday rule would count 国庆 as working
days and an adjusted Saturday as rest. `chinesecalendar` carries those announcements
(module `chinese_calendar`); for a date outside the years it knows, the count is unknown
and callers say "cannot tell" — never a guess from weekdays.

Counts come from one cumulative table built once over the package's whole range, so a
run with many articles costs two dictionary look-ups per article.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from importlib.metadata import PackageNotFoundError, version

import chinese_calendar
from chinese_calendar.constants import holidays

PACKAGE = "chinesecalendar"


class OutsideCalendar(ValueError):
    """A date in a year the calendar package does not know."""


@cache
def package_version() -> str:
    try:
        return f"{PACKAGE} {version(PACKAGE)}"
    except PackageNotFoundError:  # imported from a checkout without metadata
        return PACKAGE


@cache
def known_years() -> tuple[int, int]:
    """First and last year whose holidays the package knows (its own range check)."""
    years = [d.year for d in holidays]
    return min(years), max(years)


@cache
def _cumulative() -> dict[date, int]:
    """Working days from the first known day up to and including each day."""
    first, last = known_years()
    day, end, total = date(first, 1, 1), date(last, 12, 31), 0
    out: dict[date, int] = {}
    while day <= end:
        total += chinese_calendar.is_workday(day)
        out[day] = total
        day += timedelta(days=1)
    return out


def workdays_between(start: date, end: date) -> int:
    """Working days strictly after `start` up to and including `end` (0 when end ≤ start):
    a document written on a Friday and published the next working day took 1 day.
    Raises `OutsideCalendar` when either date lies outside the package's years."""
    table = _cumulative()
    first, last = known_years()
    for d in (start, end):
        if d not in table:
            raise OutsideCalendar(
                f"{d.isoformat()} 不在工作日历 {package_version()} 覆盖的年份（{first}–{last}）内"
            )
    return max(0, table[end] - table[start])
