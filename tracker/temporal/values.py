"""Calendar units: the interval of a unit around a day, moving by units, TIMEX3 value strings.

A "unit" is one of day, week, weekend, month, quarter, half, season, year, decade, century.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from tracker.types import Precision, TimeValue

PRECISION = {
    "day": Precision.DAY,
    "week": Precision.WEEK,
    "weekend": Precision.WEEK,
    "month": Precision.MONTH,
    "quarter": Precision.QUARTER,
    "half": Precision.QUARTER,
    "season": Precision.QUARTER,
    "year": Precision.YEAR,
    "decade": Precision.YEAR,
    "century": Precision.YEAR,
}
UNIT_OF_PRECISION = {
    Precision.DAY: "day",
    Precision.WEEK: "week",
    Precision.MONTH: "month",
    Precision.QUARTER: "quarter",
    Precision.YEAR: "year",
}
# Seasons as months of the northern year; winter runs from December into the next year.
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

_VALUE = re.compile(
    r"^(?:(?P<c>\d{2})|(?P<dec>\d{3})|(?P<y>\d{4})(?:-(?:(?P<m>\d\d)(?:-(?P<d>\d\d)(?:T.*)?)?"
    r"|W(?P<w>\d\d)(?P<we>-WE)?|Q(?P<q>[1-4])|H(?P<h>[12])|(?P<s>SP|SU|FA|WI)))?)$"
)


def month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def add_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(d.day, month_end(year, month + 1).day))


def shift(d: date, unit: str, n: int) -> date:
    """Move a day by n units, keeping its place in the unit where the calendar allows."""
    if unit in ("hour", "minute", "second"):
        return d  # a few hours either way: the day of the reference stays the best guess
    if unit == "day":
        return d + timedelta(days=n)
    if unit in ("week", "weekend"):
        return d + timedelta(weeks=n)
    months = {"month": 1, "quarter": 3, "half": 6, "season": 12, "year": 12, "decade": 120, "century": 1200}
    return add_months(d, n * months[unit])


def week_interval(d: date) -> TimeValue:
    monday = d - timedelta(days=d.weekday())
    return TimeValue(monday, monday + timedelta(days=6), Precision.WEEK)


def unit_interval(unit: str, d: date) -> TimeValue:
    """The whole unit (week, month, ...) that contains a day."""
    if unit in ("day", "hour", "minute", "second"):
        return TimeValue.day(d)
    if unit == "week":
        return week_interval(d)
    if unit == "weekend":
        saturday = d - timedelta(days=d.weekday()) + timedelta(days=5)
        return TimeValue(saturday, saturday + timedelta(days=1), Precision.WEEK)
    if unit == "month":
        return TimeValue(d.replace(day=1), month_end(d.year, d.month), Precision.MONTH)
    if unit in ("quarter", "half"):
        size = 3 if unit == "quarter" else 6
        first = (d.month - 1) // size * size + 1
        return TimeValue(date(d.year, first, 1), month_end(d.year, first + size - 1), Precision.QUARTER)
    span = {"year": 1, "decade": 10, "century": 100}[unit]
    first = d.year // span * span
    return TimeValue(date(first, 1, 1), date(first + span - 1, 12, 31), Precision.YEAR)


def format_value(unit: str, d: date) -> str:
    """The TIMEX3 value of the unit containing a day: 2024-03-13, 2024-W11, 2024-Q1, 202."""
    if unit in ("day", "hour", "minute", "second"):
        return d.isoformat()
    if unit in ("week", "weekend"):
        year, week, _ = d.isocalendar()
        return f"{year}-W{week:02d}" + ("-WE" if unit == "weekend" else "")
    if unit == "month":
        return f"{d.year}-{d.month:02d}"
    if unit == "quarter":
        return f"{d.year}-Q{(d.month - 1) // 3 + 1}"
    if unit == "half":
        return f"{d.year}-H{(d.month - 1) // 6 + 1}"
    return {"year": f"{d.year:04d}", "decade": f"{d.year // 10:03d}", "century": f"{d.year // 100:02d}"}[unit]


def unknown_value(unit: str) -> str:
    """The value of a unit that cannot be placed without a reference date."""
    return {
        "week": "XXXX-WXX",
        "weekend": "XXXX-WXX-WE",
        "month": "XXXX-XX",
        "quarter": "XXXX-QX",
        "half": "XXXX-HX",
        "year": "XXXX",
        "decade": "XXX",
        "century": "XX",
    }.get(unit, "XXXX-XX-XX")


def season_interval(year: int, season: str) -> TimeValue:
    first = SEASON_START[season]
    start = date(year, first, 1)
    return TimeValue(start, month_end(*divmod_month(year, first + 2)), Precision.QUARTER)


def divmod_month(year: int, month: int) -> tuple[int, int]:
    """(year, month) for a month number that may run past December."""
    extra, index = divmod(month - 1, 12)
    return year + extra, index + 1


def parse_value(value: str) -> TimeValue | None:
    """The interval a TIMEX3 value covers; None for durations, sets, X'd values and *_REF."""
    m = _VALUE.match(value or "")
    if m is None:
        return None
    try:
        return _interval_of(m)
    except ValueError:  # a month 13 or a 31 February: not a date, so no interval
        return None


def _interval_of(m: re.Match[str]) -> TimeValue:
    if m["c"] is not None:
        return unit_interval("century", date(int(m["c"]) * 100, 1, 1))
    if m["dec"] is not None:
        return unit_interval("decade", date(int(m["dec"]) * 10, 1, 1))
    year = int(m["y"])
    if m["d"] is not None:
        return TimeValue.day(date(year, int(m["m"]), int(m["d"])))
    if m["m"] is not None:
        return unit_interval("month", date(year, int(m["m"]), 1))
    if m["w"] is not None:
        monday = date.fromisocalendar(year, int(m["w"]), 1)
        return unit_interval("weekend" if m["we"] else "week", monday)
    if m["q"] is not None:
        return unit_interval("quarter", date(year, int(m["q"]) * 3, 1))
    if m["h"] is not None:
        return unit_interval("half", date(year, int(m["h"]) * 6, 1))
    if m["s"] is not None:
        return season_interval(year, m["s"])
    return unit_interval("year", date(year, 1, 1))


def narrow(value: TimeValue, mod: str | None, dct: date | None, word: str = "") -> TimeValue:
    """The part of an interval that a TimeML mod points at.

    Spans chosen: a year's START/MID/END are Jan-Apr, May-Aug, Sep-Dec; a month's are days
    1-10, 11-20, 21-end; other units are cut in thirds. "earlier"/"later" inside the unit that
    holds the dct mean the part before/after the dct ("earlier this week" on a Friday: Mon-Thu).
    """
    if mod not in ("START", "MID", "END") or value.start == value.end:
        return TimeValue(value.start, value.end, value.precision, mod)
    if dct is not None and value.start <= dct <= value.end and word.lower().startswith(("earlier", "later")):
        if mod == "START" and dct > value.start:
            return TimeValue(value.start, dct - timedelta(days=1), value.precision, mod)
        if mod == "END" and dct < value.end:
            return TimeValue(dct + timedelta(days=1), value.end, value.precision, mod)
    start, end = _third(value, mod)
    return TimeValue(start, end, value.precision, mod)


def _third(value: TimeValue, mod: str) -> tuple[date, date]:
    s = value.start
    if value.precision is Precision.YEAR and value.days in (365, 366):
        first = {"START": 1, "MID": 5, "END": 9}[mod]
        return date(s.year, first, 1), month_end(s.year, first + 3)
    if value.precision is Precision.MONTH:
        bounds = {"START": (1, 10), "MID": (11, 20), "END": (21, value.end.day)}[mod]
        return s.replace(day=bounds[0]), s.replace(day=bounds[1])
    third = max(1, round(value.days / 3))
    if mod == "START":
        return s, s + timedelta(days=third - 1)
    if mod == "END":
        return value.end - timedelta(days=third - 1), value.end
    return s + timedelta(days=third), value.end - timedelta(days=third)


_DUR_LETTER = {"second": "TS", "minute": "TM", "hour": "TH", "day": "D", "week": "W", "weekend": "WE",
               "month": "M", "quarter": "Q", "year": "Y", "decade": "Y", "century": "Y"}
# TimeBank writes quarters as Q ("every quarter" P1Q, "the past two quarters" P2Q).
_DUR_FACTOR = {"decade": 10, "century": 100}
_FRACTION = {"year": (12, "month"), "day": (24, "hour"), "hour": (60, "minute"), "minute": (60, "second"),
             "month": (30, "day"), "week": (7, "day")}


def duration(amount: str, unit: str) -> str:
    """DUR-N-UNIT -> P2W, PT3H, P10Y (a decade), PXY (several years), PT1H30M (1.5 hours)."""
    letter = _DUR_LETTER[unit]
    if amount == "X":
        return "PX" + ("C" if unit == "century" else letter) if not letter.startswith("T") else "PTX" + letter[1:]
    n = float(amount) * _DUR_FACTOR.get(unit, 1)
    whole = int(n)
    parts = [(whole, unit)] if whole else []
    if n != whole and unit in _FRACTION:
        per, small = _FRACTION[unit]
        parts.append((round((n - whole) * per), small))
    date_part = "".join(f"{k}{_DUR_LETTER[u]}" for k, u in parts if not _DUR_LETTER[u].startswith("T"))
    time_part = "".join(f"{k}{_DUR_LETTER[u][1:]}" for k, u in parts if _DUR_LETTER[u].startswith("T"))
    return "P" + date_part + ("T" + time_part if time_part else "")
