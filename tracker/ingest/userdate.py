"""One decoder for the dates people give tracker: `--published`, front matter `published:`, feed
entries and `tracker correct`.

Every such date passes three checks: it is a day of the calendar ("2025-02-30" is not), its year
lies within 1000-2999 (so "0001-01-01" or "9999-12-31" never reach date arithmetic), and, when
today's date is known, it is at most a day ahead of today (a time zone ahead, no more) unless the
user allows the future. Relative words ("yesterday", "3 days ago", "last Friday") are read against
today, which the caller passes in: the library never reads the clock. A refused date is a
DateError whose message says what is wrong, never a guess.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from tracker.errors import DateError
from tracker.types import EARLIEST_YEAR, LATEST_YEAR, Precision, TimeValue

FUTURE_SLACK_DAYS = 1  # a page dated tomorrow may come from a time zone ahead of ours
FORMS = "YYYY-MM-DD, YYYY-MM, YYYY, a written date such as '5 September 2025', or 'yesterday', '3 days ago'"

_ISO = re.compile(r"^(\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_STAMP = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[T ]\d{2}:\d{2}")
_YEAR = re.compile(r"(?<![+\-:])\b(\d{4,})\b")  # not a zone offset ("+0000")
_AGO = re.compile(r"^(\d{1,3}|an?|one|two|three|four|five|six|seven) (day|week)s? ago$")
_WEEKDAY = re.compile(r"^(?:(last|this|on) )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$")
_SMALL_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_DAY_WORDS = {"today": 0, "now": 0, "yesterday": -1, "tomorrow": 1}


@dataclass(frozen=True, slots=True)
class UserDate:
    """A date a user gave, decoded. `relative` dates were computed from today and are echoed back."""

    text: str  # as written
    value: TimeValue
    relative: bool = False

    @property
    def canonical(self) -> str:
        """The value as ISO text of its own precision: 2025-09-05, 2025-09 or 2025."""
        start = self.value.start
        if self.value.precision is Precision.YEAR:
            return f"{start.year:04d}"
        if self.value.precision is Precision.MONTH:
            return f"{start.year:04d}-{start.month:02d}"
        return start.isoformat()

    def echo(self, where: str) -> str:
        """"--published yesterday = 2026-12-05": what a relative date was taken to mean."""
        return f"{where} {self.text} = {self.canonical}"


def decode_user_date(
    given: object, *, today: dt.date | None = None, allow_future: bool = False, relative: bool = True
) -> UserDate:
    """Decode a date given by a user, or raise DateError saying why it is not one.

    `given` is text, or a date that a YAML loader already built. `relative=False` refuses
    "yesterday" and its kind (front matter is written once and read on many days).
    """
    text = _as_text(given)
    value, is_relative = _decode(text, today, relative)
    _check_bounds(value, text)
    if today is not None and not allow_future and value.start > today + dt.timedelta(days=FUTURE_SLACK_DAYS):
        raise DateError(
            f"{text!r} is in the future (today is {today.isoformat()}); give --allow-future if it is meant"
        )
    return UserDate(text, value, is_relative)


def _as_text(given: object) -> str:
    if isinstance(given, dt.datetime):
        return given.date().isoformat()
    if isinstance(given, dt.date):
        return given.isoformat()
    raw = "" if given is None else str(given)
    text = " ".join(raw.split())
    if not text:
        raise DateError(f"{raw!r} is not a date: it is empty")
    return text


def _decode(text: str, today: dt.date | None, relative: bool) -> tuple[TimeValue, bool]:
    words = text.casefold().rstrip(".")
    shift = _relative_day(words, today, relative, text)
    if shift is not None:
        return TimeValue.day(shift), True
    iso = _ISO.match(text)
    if iso:
        return _iso_value(*iso.groups(), text=text), False
    stamp = _STAMP.match(text)
    if stamp:
        return _iso_value(*stamp.groups(), text=text), False
    return _written(text), False


def _relative_day(words: str, today: dt.date | None, allowed: bool, text: str) -> dt.date | None:
    """The day a relative expression names, or None when the text is not relative."""
    offset = _offset(words, today)
    if offset is None:
        return None
    if not allowed:
        raise DateError(f"{text!r} is relative to the day it is read; write the date itself (YYYY-MM-DD)")
    if today is None:
        raise DateError(f"{text!r} is relative and no today's date was given to read it against")
    return today + dt.timedelta(days=offset)


def _offset(words: str, today: dt.date | None) -> int | None:
    if words in _DAY_WORDS:
        return _DAY_WORDS[words]
    ago = _AGO.match(words)
    if ago:
        count = _SMALL_NUMBERS.get(ago.group(1)) or int(ago.group(1))
        return -count * (7 if ago.group(2) == "week" else 1)
    weekday = _WEEKDAY.match(words)
    if weekday:
        if today is None:
            return 0  # relative all the same; the caller says today is missing
        wanted = list(calendar.day_name).index(weekday.group(2).capitalize())
        back = (today.weekday() - wanted) % 7
        return -(back or 7)  # the latest such day before today ("Friday" said on a Friday: a week ago)
    return None


def _iso_value(year: str, month: str | None, day: str | None, *, text: str) -> TimeValue:
    y = int(year)
    _check_year(y, text)
    if month is None:
        return TimeValue(dt.date(y, 1, 1), dt.date(y, 12, 31), Precision.YEAR)
    m = int(month)
    if not 1 <= m <= 12:
        raise DateError(f"{text!r} is not a date: there is no month {m}")
    last = calendar.monthrange(y, m)[1]
    if day is None:
        return TimeValue(dt.date(y, m, 1), dt.date(y, m, last), Precision.MONTH)
    d = int(day)
    if not 1 <= d <= last:
        raise DateError(f"{text!r} is not a date: {calendar.month_name[m]} {y} has {last} days")
    return TimeValue.day(dt.date(y, m, d))


def _written(text: str) -> TimeValue:
    """A written date with day, month and year ("5 September 2025", "Sept. 5, 2025")."""
    from tracker.ingest.dateline import numeric_readings, parse_full_date

    years = [int(y) for y in _YEAR.findall(text)]
    if len(years) != 1:
        raise DateError(f"{text!r} is not a date (use {FORMS})")
    _check_year(years[0], text)
    numeric = numeric_readings(text)
    if numeric is not None:
        if len(numeric) == 1:
            return TimeValue.day(numeric[0])
        if not numeric:
            raise DateError(f"{text!r} is not a date: no reading of it is a day of the calendar")
        days = " or ".join(f"{d:%-d %B %Y}" for d in numeric)
        raise DateError(f"{text!r} is not a date: it reads as {days}; write YYYY-MM-DD")
    day = parse_full_date(text)
    if day is None or day.year != years[0]:
        raise DateError(f"{text!r} is not a date (use {FORMS})")
    return TimeValue.day(day)


def _check_year(year: int, text: str) -> None:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise DateError(f"{text!r} is not a date tracker takes: the year must be within {EARLIEST_YEAR}-{LATEST_YEAR}")


def _check_bounds(value: TimeValue, text: str) -> None:
    for day in (value.start, value.end):
        _check_year(day.year, text)
