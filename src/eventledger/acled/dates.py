"""Dates as ACLED writes them: always a full day, with time_precision 1-3.

ACLED dates an event known to the day on that day (precision 1), an event
known to a week on the middle of the week (2), and one known to a month on the
middle of the month (3); it does not record events known only to the year.
Our records keep the date as the reports give it ("2021-07", or the first day
of a week's window); this turns it into ACLED's form.
"""
from __future__ import annotations

from datetime import date, timedelta

MID_MONTH = 15
MID_YEAR = (7, 1)


def acled_date(event_date: str | None, precision: int | None, weekend: bool = False) -> tuple[str, int] | None:
    """``(YYYY-MM-DD, time_precision)`` by ACLED's convention, or None when the
    record is dated only to the year (or not at all).

    A week-precision date is the first day of its window: the middle is three
    days on, except for a weekend (a Saturday start), dated on its Saturday.
    """
    parts = (event_date or "").split("-")
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        return None
    try:
        if len(numbers) == 3:
            if precision == 4:
                return None
            day = date(*numbers)
            precision = min(max(precision or 1, 1), 3)
            if precision == 2 and not weekend:
                day += timedelta(days=3)
            return day.isoformat(), precision
        if len(numbers) == 2:
            return date(numbers[0], numbers[1], MID_MONTH).isoformat(), 3
    except ValueError:
        return None
    return None


def year_only_date(event_date: str | None) -> str | None:
    """The middle of the year, for events known only to the year when they are
    kept in an ACLED file on request (their time_precision stays 4)."""
    head = (event_date or "").split("-")[0]
    if len(head) != 4 or not head.isdigit():
        return None
    return date(int(head), *MID_YEAR).isoformat()
