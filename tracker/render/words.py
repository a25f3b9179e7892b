"""Dates in words, keeping their precision: what a reader sees in hovers, tables and exports.

A value is never described more finely than it is known: "August 2025", not "Aug 1, 2025".
Month names come from a fixed table, not the locale, so the page is the same on every machine.
"""

from __future__ import annotations

from datetime import date

from tracker.types import Precision, TimeValue

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
SHORT_MONTHS = tuple(name[:3] for name in MONTHS)

# How a TimeML mod reads in front of a month, quarter or year ("early 2022", "mid-August 2025").
UNIT_MODS = {"START": "early ", "MID": "mid-", "END": "late ", "APPROX": "around "}
# How it reads after a part of a week ("Sep 1-4, 2025 (early in the week)").
WEEK_MODS = {"START": "early in the week", "MID": "mid-week", "END": "late in the week", "APPROX": "about that week"}


def describe_time(value: TimeValue | None) -> str:
    """The value in words, at its own precision: "Sep 3, 2025", "August 2025", "early 2022", "undated"."""
    if value is None:
        return "undated"
    if value.precision is Precision.YEAR:
        return _describe_years(value)
    if value.precision is Precision.QUARTER:
        return _describe_quarter(value)
    if value.precision is Precision.MONTH:
        return _describe_months(value)
    if value.precision is Precision.WEEK:
        return _describe_week(value)
    return _with_approx(day_range(value.start, value.end), value.mod)


def day_words(d: date) -> str:
    return f"{SHORT_MONTHS[d.month - 1]} {d.day}, {d.year}"


def day_range(start: date, end: date) -> str:
    """ "Sep 3, 2025", "Sep 1-4, 2025", "Aug 30-Sep 2, 2025", "Dec 30, 2024-Jan 2, 2025"."""
    if start == end:
        return day_words(start)
    if start.year != end.year:
        return f"{day_words(start)}-{day_words(end)}"
    if start.month != end.month:
        return f"{SHORT_MONTHS[start.month - 1]} {start.day}-{SHORT_MONTHS[end.month - 1]} {end.day}, {end.year}"
    return f"{SHORT_MONTHS[start.month - 1]} {start.day}-{end.day}, {end.year}"


def _with_approx(text: str, mod: str | None) -> str:
    return f"around {text}" if mod == "APPROX" else text


def _describe_years(value: TimeValue) -> str:
    if value.start.year != value.end.year:
        return _with_approx(f"{value.start.year}-{value.end.year}", value.mod)
    return UNIT_MODS.get(value.mod or "", "") + str(value.start.year)


def _describe_quarter(value: TimeValue) -> str:
    first = (value.start.month - 1) // 3 + 1
    last = (value.end.month - 1) // 3 + 1
    if value.start.year != value.end.year:
        return _with_approx(f"Q{first} {value.start.year}-Q{last} {value.end.year}", value.mod)
    quarters = f"Q{first}" if first == last else f"Q{first}-Q{last}"
    return UNIT_MODS.get(value.mod or "", "") + f"{quarters} {value.start.year}"


def _describe_months(value: TimeValue) -> str:
    s, e = value.start, value.end
    if (s.year, s.month) == (e.year, e.month):
        return UNIT_MODS.get(value.mod or "", "") + f"{MONTHS[s.month - 1]} {s.year}"
    if s.year == e.year:
        text = f"{SHORT_MONTHS[s.month - 1]}-{SHORT_MONTHS[e.month - 1]} {s.year}"
    else:
        text = f"{SHORT_MONTHS[s.month - 1]} {s.year}-{SHORT_MONTHS[e.month - 1]} {e.year}"
    return _with_approx(text, value.mod)


def _describe_week(value: TimeValue) -> str:
    span = day_range(value.start, value.end)
    if value.kind == "week":
        return f"week of {span}"
    return f"{span} ({WEEK_MODS.get(value.mod or '', 'week')})"


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]
