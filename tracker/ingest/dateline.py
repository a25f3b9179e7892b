"""Publication dates a page states itself (datelines) or a user gives (flag, front matter).

A found date string is parsed with dateparser under fixed settings: no clock as relative base,
and a year is required, so dateparser never fills in a year of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tracker.ingest.rules import rules, setting
from tracker.types import Precision, TimeValue

DATELINES = "datelines.yaml"
_FIXED_BASE = dt.datetime(2000, 12, 31)  # a leap year, so a year-less "Feb 29" still parses
_ISO_PARTS = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline found in the text. `value` is None when it has no year (month/day only)."""

    text: str  # the matched text, as written (evidence)
    value: TimeValue | None
    month_day: tuple[int, int] | None
    kind: str  # line | prefix
    agency: str | None = None


def find_dateline(lines: list[str]) -> Dateline | None:
    """The first dateline among the first non-empty lines of a page."""
    limit = int(setting(DATELINES, "search_lines"))
    candidates = [line.strip() for line in lines if line.strip()][:limit]
    for line in candidates:
        for rule in rules(DATELINES, "rules"):
            match = rule.regex.match(line)
            if match is None:
                continue
            found = _dateline(match, rule.kind)
            if found is not None:
                return found
    return None


def is_date_line(line: str) -> bool:
    """True for a line that is nothing but a date stamp (it is never article text)."""
    text = line.strip()
    return any(r.kind == "line" and r.regex.match(text) for r in rules(DATELINES, "rules"))


def _dateline(match: re.Match[str], kind: str) -> Dateline | None:
    date_text = match.group("date")
    agency = match.groupdict().get("agency")
    text = match.group(0).strip()
    full = parse_full_date(date_text)
    if full is not None:
        return Dateline(text, TimeValue.day(full), (full.month, full.day), kind, agency)
    month_day = parse_month_day(date_text)
    if month_day is None:
        return None  # "Feb 30, 2024": looks like a date, is not one
    return Dateline(text, None, month_day, kind, agency)


def parse_full_date(text: str) -> dt.date | None:
    """A date with day, month and year, or None. Never fills in a missing part."""
    iso = _ISO_PARTS.match(text.strip())
    if iso:
        if iso.group(3) is None:
            return None
        return _iso_date(text.strip())
    parsed = _dateparse(text, ["day", "month", "year"])
    return parsed.date() if parsed is not None else None


def parse_month_day(text: str) -> tuple[int, int] | None:
    """(month, day) of a year-less date such as "March 14"."""
    parsed = _dateparse(text, ["day", "month"])
    return (parsed.month, parsed.day) if parsed is not None else None


def _iso_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _dateparse(text: str, parts: list[str]) -> dt.datetime | None:
    import dateparser

    settings = {
        "REQUIRE_PARTS": parts,
        "RELATIVE_BASE": _FIXED_BASE,
        "STRICT_PARSING": "year" in parts,  # strict parsing also demands a year
        "PREFER_DATES_FROM": "past",
        "RETURN_TIME_AS_PERIOD": False,
    }
    cleaned = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", text)
    return dateparser.parse(cleaned, languages=["en"], settings=settings)


def parse_published(text: str) -> TimeValue | None:
    """A user-given publication date: YYYY-MM-DD, YYYY-MM, YYYY, a timestamp, or a written date."""
    value = text.strip()
    iso = _ISO_PARTS.match(value)
    if iso:
        return _iso_value(iso)
    stamp = re.match(r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}", value)
    if stamp:
        day = _iso_date(stamp.group(1))
        return TimeValue.day(day) if day else None
    full = parse_full_date(value)
    return TimeValue.day(full) if full else None


def _iso_value(match: re.Match[str]) -> TimeValue | None:
    year, month, day = match.groups()
    try:
        if day is not None:
            return TimeValue.day(dt.date(int(year), int(month), int(day)))
        if month is not None:
            start = dt.date(int(year), int(month), 1)
            end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
            return TimeValue(start, end, Precision.MONTH)
        return TimeValue(dt.date(int(year), 1, 1), dt.date(int(year), 12, 31), Precision.YEAR)
    except ValueError:
        return None
