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
_NUMERIC = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})$")
_MOMENT = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")
_UNIT_HOURS = {"min": 1 / 60, "h": 1, "day": 24, "week": 168}
_INLINE_KINDS = frozenset({"stamp", "updated_stamp"})  # searched inside a line, not matched as a whole line
_UPDATE_KINDS = frozenset({"updated", "updated_stamp"})  # the page was put out on or before that day
_PREPOSITION = re.compile(r"\b(?:on|at|since|from|until|till|by|before|after|of|between|and|to|for|in|as)\s+(?:the\s+)?$", re.IGNORECASE)
_PARAGRAPH = re.compile(r"^(?=(?:\S+\s+){11}).*[.!?][\"'”’)]*$")  # twelve words or more, ending a sentence


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline found in the text. `value` is None when it has no year (month/day only)."""

    text: str  # the matched text, as written (evidence)
    value: TimeValue | None
    month_day: tuple[int, int] | None
    kind: str  # line | prefix
    agency: str | None = None
    readings: tuple[dt.date, ...] = ()  # both readings of an ambiguous numeric date ("05/09/2025")


def find_dateline(lines: list[str]) -> Dateline | None:
    """The page's dateline near the top: the first with a full date, else the first with a month and
    day, else the first ambiguous numeric date, else an undated agency dateline (it names the outlet)."""
    found = [d for d in _datelines(_top_lines(lines)) if d.kind not in _UPDATE_KINDS]
    for wanted in (_has_value, _has_month_day, _has_readings, lambda d: True):
        chosen = next((d for d in found if wanted(d)), None)
        if chosen is not None:
            return chosen
    return None


def find_update(lines: list[str]) -> Dateline | None:
    """The page's update stamp near the top ("Updated: Dec. 4, 2024"), with a full date."""
    return next((d for d in _datelines(_top_lines(lines), _UPDATE_KINDS) if d.value is not None), None)


def find_prefix(lines: list[str]) -> Dateline | None:
    """The agency dateline that opens the first paragraph ("CITY, March 14 (Agency) -"), to cut it."""
    return next((d for d in _datelines(_top_lines(lines)) if d.kind == "prefix"), None)


def _has_value(d: Dateline) -> bool:
    return d.value is not None


def _has_month_day(d: Dateline) -> bool:
    return d.month_day is not None


def _has_readings(d: Dateline) -> bool:
    return bool(d.readings)


def _top_lines(lines: list[str]) -> list[str]:
    """The non-empty lines from the top down to the article's second paragraph (within limits)."""
    candidates = [line.strip() for line in lines if line.strip()]
    limit = int(setting(DATELINES, "search_lines"))
    # The body starts at the first two paragraphs in a row (a standfirst or a caption stands alone).
    body = next((i for i in range(len(candidates) - 1) if _PARAGRAPH.match(candidates[i])
                 and _PARAGRAPH.match(candidates[i + 1])), None)
    if body is not None:
        limit = max(limit, body + 2)
    return candidates[: min(limit, int(setting(DATELINES, "max_search_lines")))]


def _datelines(candidates: list[str], only: frozenset[str] | None = None):
    glued = int(setting(DATELINES, "stamp_lines"))
    for number, line in enumerate(candidates):
        for rule in rules(DATELINES, "rules"):
            if only is not None and rule.kind not in only or rule.kind in _INLINE_KINDS and number >= glued:
                continue
            match = _inline(rule.regex, line) if rule.kind in _INLINE_KINDS else rule.regex.match(line)
            if match is None:
                continue
            found = _dateline(match, rule.kind)
            if found is not None:
                yield found
                break


def _inline(regex: re.Pattern[str], line: str) -> re.Match[str] | None:
    """A stamp glued inside a line near its start, not after a preposition (a sentence's date)."""
    reach = int(setting(DATELINES, "stamp_reach"))
    for match in regex.finditer(line):
        if match.start() > reach:
            return None
        if not _PREPOSITION.search(line, 0, match.start()):
            return match
    return None


def is_date_line(line: str) -> bool:
    """True for a line that is nothing but a date stamp (it is never article text)."""
    text = line.strip()
    return any(r.kind in ("line", "updated") and r.regex.match(text) for r in rules(DATELINES, "rules"))


def _dateline(match: re.Match[str], kind: str) -> Dateline | None:
    date_text = match.groupdict().get("date")
    agency = match.groupdict().get("agency")
    text = match.group(0).strip()
    if date_text is None:
        return Dateline(text, None, None, kind, agency)
    numeric = numeric_readings(date_text)
    if numeric is not None:
        if len(numeric) == 1:
            return Dateline(text, TimeValue.day(numeric[0]), (numeric[0].month, numeric[0].day), kind, agency)
        return Dateline(text, None, None, kind, agency, numeric) if numeric else None
    full = parse_full_date(date_text)
    if full is not None:
        return Dateline(text, TimeValue.day(full), (full.month, full.day), kind, agency)
    month_day = parse_month_day(date_text)
    if month_day is None:
        return None  # "Feb 30, 2024": looks like a date, is not one
    return Dateline(text, None, month_day, kind, agency)


def numeric_readings(text: str) -> tuple[dt.date, ...] | None:
    """The real dates a numeric date can be: one when a part above 12 says day-first or month-first,
    two when both parts could be the month ("05/09/2025"), none when neither is a date.
    None when the text is not numeric at all."""
    match = _NUMERIC.match(text.strip())
    if match is None:
        return None
    first, second, year = (int(g) for g in match.groups())
    year += 2000 if year < 100 else 0  # "07.09.23": a two-digit year is of this century
    readings = []
    for day, month in ((first, second), (second, first)):
        try:
            readings.append(dt.date(year, month, day))
        except ValueError:
            continue
    return tuple(sorted(set(readings)))


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


# Written dates that need no parser: "29 June 2005", "June 29, 2005", "Jun 29 2005" (commas
# and extra spaces aside). They are read with the standard library, the same day dateparser
# gives; dateparser's first call in a process costs 0.3-0.4 s (its time-zone patterns are
# compiled then), most of what reading one page into the store took.
_PLAIN_FORMATS = ("%d %B %Y", "%B %d %Y", "%d %b %Y", "%b %d %Y")


def _plain_date(text: str) -> dt.datetime | None:
    words = " ".join(text.replace(",", " ").split())
    for form in _PLAIN_FORMATS:
        try:
            return dt.datetime.strptime(words, form)
        except ValueError:
            continue
    return None


def _dateparse(text: str, parts: list[str]) -> dt.datetime | None:
    if "year" in parts and (plain := _plain_date(text)) is not None:
        return plain
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
    numeric = numeric_readings(value)
    if numeric is not None:  # "05/09/2025" could be either day first: only an unambiguous one is a date
        return TimeValue.day(numeric[0]) if len(numeric) == 1 else None
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


@dataclass(frozen=True, slots=True)
class Ago:
    """A relative stamp ("3 hours ago") and what it gives with the retrieval time."""

    evidence: str
    value: TimeValue | None  # the day, when the retrieval clock time makes it certain
    around: TimeValue | None = None  # the days it may be, when only the retrieval day is known


def find_ago(lines: list[str], retrieved: dt.datetime | dt.date | None) -> Ago | None:
    """The first "N units ago" stamp near the top, resolved against the retrieval time.
    Without a retrieval time the stamp says nothing (None)."""
    if retrieved is None:
        return None
    for line in _top_lines(lines):
        for rule in rules(DATELINES, "ago"):
            match = rule.regex.match(line)
            if match is not None:
                return _ago(match, retrieved)
    return None


def _ago(match: re.Match[str], retrieved: dt.datetime | dt.date) -> Ago:
    n_text, unit = match.group("n").lower(), match.group("unit").lower()
    n = int(n_text) if n_text.isdigit() else 1
    hours = n * next(v for k, v in _UNIT_HOURS.items() if unit.startswith(k))
    text = match.group(0).strip()
    if isinstance(retrieved, dt.datetime):
        day = (retrieved - dt.timedelta(hours=hours)).date()
        return Ago(f"'{text}' on a page retrieved {retrieved.isoformat()}", TimeValue.day(day))
    # A retrieval day without a clock: N hours back is that day or, past midnight, the days before.
    earliest = retrieved - dt.timedelta(days=int(hours // 24) + (1 if hours % 24 else 0))
    latest = retrieved - dt.timedelta(days=int(hours // 24))
    evidence = f"'{text}' on a page retrieved on {retrieved.isoformat()}"
    if earliest == latest:
        return Ago(evidence, TimeValue.day(latest))
    return Ago(evidence, None, TimeValue(earliest, latest, Precision.DAY))


def parse_moment(text: str) -> dt.datetime | dt.date | None:
    """A retrieval time: an ISO day ("2024-12-04") or timestamp ("2024-12-04T10:41:00Z")."""
    match = _MOMENT.match(text.strip())
    if match is None:
        return None
    day = _iso_date(match.group(1))
    if day is None or match.group(2) is None:
        return day
    moment = dt.datetime(day.year, day.month, day.day, int(match.group(2)), int(match.group(3)))
    zone = match.group(4)
    if zone and zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        moment -= sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return moment  # in UTC: the day of a stamp is read on the same clock
