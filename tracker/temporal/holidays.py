"""Days of the calendar that move from year to year: the Nth weekday of a month, the last one,
Western Easter and the feasts counted from them (`HOLIDAYS`, read by resolve.py's
`UNDEF-holiday-NAME` and `UNDEF-nthwd-...`).

Example: nth_weekday(2025, 11, 4, 4) is 27 November 2025 (Thanksgiving: the fourth Thursday).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Callable

from tracker.temporal import values as cal


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - 1 - first.weekday()) % 7 + 7 * (nth - 1))


def last_weekday(year: int, month: int, weekday: int) -> date:
    last = cal.month_end(year, month)
    return last - timedelta(days=(last.weekday() - (weekday - 1)) % 7)


def easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    wd = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * wd) // 433
    month = (h + wd - 7 * m + 90) // 25
    return date(year, month, (h + wd - 7 * m + 33 * month + 19) % 32)


def thanksgiving(year: int) -> date:
    return nth_weekday(year, 11, 4, 4)


HOLIDAYS: dict[str, Callable[[int], date]] = {
    "thanksgiving": thanksgiving,
    "blackfriday": lambda y: thanksgiving(y) + timedelta(days=1),
    "cybermonday": lambda y: thanksgiving(y) + timedelta(days=4),
    "election": lambda y: nth_weekday(y, 11, 1, 1) + timedelta(days=1),
    "easter": easter,
    "goodfriday": lambda y: easter(y) - timedelta(days=2),
    "eastermonday": lambda y: easter(y) + timedelta(days=1),
    "mlk": lambda y: nth_weekday(y, 1, 1, 3),
    "presidents": lambda y: nth_weekday(y, 2, 1, 3),
    "memorial": lambda y: last_weekday(y, 5, 1),
    "labor": lambda y: nth_weekday(y, 9, 1, 1),
}
