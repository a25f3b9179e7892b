"""Infer a publication date from what an article reports, when the page does not state one.

The rule: an article is published on or after the latest date it reports as past. Year-less
dates ("Oct. 7") get their year from, in order: a date the user gave that is coarser than a day,
a full date near them in the text, the page's year hints (copyright), the other articles ingested
together. The result is only as fine as its evidence: a day when the latest past date is a day,
a month or a year otherwise; nothing when there is no usable evidence.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from tracker.ingest.dateline import find_dateline
from tracker.ingest.rules import compile_pattern, rules, setting
from tracker.types import Article, Precision, Timex, TimeValue

CUES = "ingest_infer.yaml"
_YEARLESS = re.compile(r"^XXXX-(\d{2})(?:-(\d{2}))?(?:T[0-9:]+)?$")  # a time of day on it keeps its day
_BOUNDARY = re.compile(r"(?:[.!?][\"”’)]*\s+(?=[\"“‘(A-Z])|\n\s*\n)")
DATED_TYPES = ("DATE", "TIME")


@dataclass(frozen=True, slots=True)
class Reported:
    """A date the article reports, resolved, with where its year came from (None when explicit)."""

    value: TimeValue
    text: str
    year_from: str | None = None


@dataclass(frozen=True, slots=True)
class Dates:
    """The dates read for the other articles (of the batch and the store), sorted once per call:
    the year that puts a year-less "Oct. 7" nearest them is found by bisection, not by a scan of
    every date for every such expression (at 4,000 articles that scan was a quarter of the dating).
    Iterates as the dates themselves."""

    values: tuple[TimeValue, ...]
    middles: tuple[int, ...]  # each date's middle day (a proleptic ordinal), sorted
    years: tuple[int, ...]  # the years the dates fall in and one either side, sorted

    @classmethod
    def of(cls, values: Iterable[TimeValue | None]) -> Dates:
        """The dates indexed (the same object when they already are); None entries are dropped."""
        if isinstance(values, Dates):
            return values
        kept = tuple(v for v in values if v is not None)
        years = {v.start.year + k for v in kept for k in (-1, 0, 1)}
        return cls(kept, tuple(sorted(_middle(v) for v in kept)), tuple(sorted(years)))

    def __iter__(self) -> Iterator[TimeValue]:
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)

    def nearest(self, middle: int) -> int:
        """Days from `middle` (an ordinal) to the nearest date's middle; the dates are not empty."""
        k = bisect.bisect_left(self.middles, middle)
        return min(abs(self.middles[i] - middle) for i in (k - 1, k) if 0 <= i < len(self.middles))


def _middle(value: TimeValue) -> int:
    """The middle day of a date, as an ordinal (a 31-day month: its 16th)."""
    return value.start.toordinal() + (value.end - value.start).days // 2


@dataclass(frozen=True, slots=True)
class YearEvidence:
    """What can give a year-less date its year."""

    hints: tuple[int, ...]
    collection: Dates
    given: TimeValue | None  # a coarse date from a flag or front matter


def infer_published(article: Article, timexes: Sequence[Timex], collection: Sequence[TimeValue] = ()) -> Article:
    """The article with published set from its own content (published_inferred=True), or unchanged."""
    given = article.published
    if given is not None and (given.precision is Precision.DAY or article.published_inferred):
        return article
    evidence = YearEvidence(tuple(article.year_hints), Dates.of(collection), given)
    completed = complete_dateline(article, collection)
    if completed is not None:
        return completed
    reported, unplaced = past_reported(article.body, timexes, evidence)
    if unplaced:
        return article  # the latest past date may be one whose year nothing gives: no honest answer
    if given is not None:
        reported = [r for r in reported if given.contains(r.value) and r.value.precision > given.precision]
    if not reported:
        return article
    latest = max(reported, key=lambda r: (r.value.start, r.value.precision))
    if given is None and article.published_evidence:
        reading = _one_possible_reading(article.published_evidence, latest)
        if reading is not None:
            value, text = reading
            return replace(article, published=value, published_inferred=True, published_evidence=text)
    note = f" ({latest.year_from})" if latest.year_from else ""
    text = f"inferred: on or after the latest reported date '{latest.text}'{note}"
    value = _on_or_after(latest.value, article.year_hints)
    floor = article.published_not_before
    if floor is not None and value.precision is Precision.DAY and floor > value.start:
        # the page's own bound (the day of a photo it shows) is later than anything it reports
        value, text = TimeValue.day(floor), f"inferred: on or after {floor.isoformat()}, the day of a picture the page shows"
    return replace(article, published=value, published_inferred=True, published_lower_bound=True, published_evidence=text)


def complete_dateline(article: Article, collection: Sequence[TimeValue] = ()) -> Article | None:
    """The article dated by its year-less dateline ("CITY, March 14. /AGENCY/."), the year completed
    from the evidence; None when it has no such dateline or nothing gives the year."""
    if article.published is not None or not article.published_evidence:
        return None
    evidence = YearEvidence(tuple(article.year_hints), Dates.of(collection), None)
    from_dateline = _complete_dateline(article.published_evidence, evidence)
    if from_dateline is None:
        return None
    value, text = from_dateline
    return replace(article, published=value, published_inferred=True, published_evidence=text)


def _on_or_after(latest: TimeValue, year_hints: Sequence[int]) -> TimeValue:
    """A coarse latest date bounds publication from below only: up to the end of the latest year hint.

    A day stays that day (the issue's rule: published >= the latest past day, taken as that day).
    """
    if latest.precision is Precision.DAY:
        return latest
    last_year = max([latest.end.year, *year_hints])
    return TimeValue(latest.start, max(latest.end, dt.date(last_year, 12, 31)), latest.precision, "ON_OR_AFTER")


def _complete_dateline(text: str, evidence: YearEvidence) -> tuple[TimeValue, str] | None:
    """A year-less dateline ("CITY, March 14. /AGENCY/.") completed with a year from the evidence."""
    dateline = find_dateline([text])
    if dateline is None or dateline.month_day is None:
        return None
    month, day = dateline.month_day
    found = complete_year(month, day, None, evidence)
    if found is None:
        return None
    value, how = found
    return value, f"inferred: dateline '{dateline.text}' ({how})"


def _one_possible_reading(text: str, latest: Reported) -> tuple[TimeValue, str] | None:
    """An ambiguous numeric date ("05/09/2025": 5 September or May 9) decided by what the article
    reports as past: a page is not published before the latest date it reports. None unless exactly
    one reading survives."""
    dateline = find_dateline([text])
    if dateline is None or len(dateline.readings) < 2:
        return None
    possible = [d for d in dateline.readings if d >= latest.value.start]
    if len(possible) != 1:
        return None
    ruled_out = ", ".join(d.isoformat() for d in dateline.readings if d != possible[0])
    note = f"inferred: '{dateline.text}' read as {possible[0].isoformat()}; {ruled_out} is before '{latest.text}'"
    return TimeValue.day(possible[0]), note


def past_reported(body: str, timexes: Sequence[Timex], evidence: YearEvidence) -> tuple[list[Reported], list[str]]:
    """(the dates the body reports as past, resolved; the texts of year-less ones no evidence places)."""
    bounds = sentence_bounds(body)
    found, unplaced = [], []
    for timex in timexes:
        if timex.type not in DATED_TYPES or tense_of(body, timex, bounds) != "past":
            continue
        reported = _resolve(timex, body, timexes, bounds, evidence)
        if reported is not None:
            found.append(reported)
        elif _YEARLESS.match(timex.value or ""):
            unplaced.append(timex.text)
    return found, unplaced


def _resolve(
    timex: Timex, body: str, timexes: Sequence[Timex], bounds: Sequence[int], evidence: YearEvidence
) -> Reported | None:
    if timex.interval is not None:
        return Reported(whole_unit(timex.interval), timex.text)
    yearless = _YEARLESS.match(timex.value or "")
    if yearless is None:
        return None
    month, day = int(yearless.group(1)), int(yearless.group(2)) if yearless.group(2) else None
    near = nearby_year(timex, body, timexes, bounds)
    found = complete_year(month, day, near, evidence)
    return Reported(found[0], timex.text, found[1]) if found is not None else None


def complete_year(
    month: int, day: int | None, near: tuple[int, str] | None, evidence: YearEvidence
) -> tuple[TimeValue, str] | None:
    """(the completed value, where the year came from), or None when nothing gives a year."""
    for source in (_year_from_given, _year_from_nearby, _year_from_hints, _year_from_collection):
        found = source(month, day, near, evidence)
        if found is not None:
            year, how = found
            value = _value(year, month, day)
            if value is not None:
                return value, how
    return None


def _year_from_given(
    month: int, day: int | None, near: tuple[int, str] | None, evidence: YearEvidence
) -> tuple[int, str] | None:
    """A coarse date the user gave: its year, or the year before when month/day would fall after it."""
    if evidence.given is None:
        return None
    year = evidence.given.start.year
    for candidate in (year, year - 1):
        value = _value(candidate, month, day)
        if value is not None and value.start <= evidence.given.end:
            return candidate, f"year from the given date {year}"
    return None


def _year_from_nearby(
    month: int, day: int | None, near: tuple[int, str] | None, evidence: YearEvidence
) -> tuple[int, str] | None:
    return (near[0], f"year from '{near[1]}' nearby") if near is not None else None


def _year_from_hints(
    month: int, day: int | None, near: tuple[int, str] | None, evidence: YearEvidence
) -> tuple[int, str] | None:
    """The page's latest year hint; the year before it when that is nearer the other articles."""
    if not evidence.hints:
        return None
    year = max(evidence.hints)
    chosen = _nearest_year((year, year - 1), month, day, evidence.collection) if evidence.collection else year
    if chosen is None:
        return None
    if chosen == year:
        return year, f"year {year} from the page's copyright or address"
    return chosen, f"year {chosen}: the page says {year}, other articles are nearer {chosen}"


def _year_from_collection(
    month: int, day: int | None, near: tuple[int, str] | None, evidence: YearEvidence
) -> tuple[int, str] | None:
    if not evidence.collection:
        return None
    chosen = _nearest_year(evidence.collection.years, month, day, evidence.collection)
    return (chosen, "year from other articles") if chosen is not None else None


def _nearest_year(years: tuple[int, ...], month: int, day: int | None, collection: Dates) -> int | None:
    """The year that puts month/day nearest to the other articles' dates (earlier year on a tie)."""
    best: tuple[int, int] | None = None
    for year in sorted(years):
        value = _value(year, month, day)
        if value is None:
            continue
        distance = collection.nearest(_middle(value))
        if best is None or distance < best[0]:
            best = (distance, year)
    return best[1] if best else None


def _value(year: int, month: int, day: int | None) -> TimeValue | None:
    try:
        if day is not None:
            return TimeValue.day(dt.date(year, month, day))
        return whole_unit(TimeValue(dt.date(year, month, 1), dt.date(year, month, 1), Precision.MONTH))
    except ValueError:
        return None  # Feb 29 in a common year, month 13


def whole_unit(value: TimeValue) -> TimeValue:
    """The whole day, week, month, quarter or year a value starts in, without a mod ("early 2022" -> 2022)."""
    start, precision = value.start, value.precision
    if precision is Precision.DAY:
        return TimeValue.day(start)
    if precision is Precision.WEEK:
        monday = start - dt.timedelta(days=start.weekday())
        return TimeValue(monday, monday + dt.timedelta(days=6), precision)
    if precision is Precision.YEAR:
        return TimeValue(dt.date(start.year, 1, 1), dt.date(start.year, 12, 31), precision)
    first_month = start.month if precision is Precision.MONTH else 3 * ((start.month - 1) // 3) + 1
    months = 1 if precision is Precision.MONTH else 3
    first = dt.date(start.year, first_month, 1)
    after = dt.date(first.year + (first.month + months - 1) // 12, (first.month + months - 1) % 12 + 1, 1)
    return TimeValue(first, after - dt.timedelta(days=1), precision)


def nearby_year(timex: Timex, body: str, timexes: Sequence[Timex], bounds: Sequence[int]) -> tuple[int, str] | None:
    """The year of the nearest full date in the same paragraph (a bare year only in the same sentence)."""
    paragraph = _paragraph(body, timex.start)
    sentence = _sentence(bounds, timex.start, timex.end, len(body))
    best = None
    for other in timexes:
        if other is timex or other.interval is None or not other.explicit:
            continue
        inside = sentence if other.interval.precision is Precision.YEAR else paragraph
        if not (inside[0] <= other.start and other.end <= inside[1]):
            continue
        distance = abs(other.start - timex.start)
        if best is None or distance < best[0]:
            best = (distance, other.interval.start.year, other.text)
    return (best[1], best[2]) if best else None


def _paragraph(body: str, position: int) -> tuple[int, int]:
    start = body.rfind("\n\n", 0, position)
    end = body.find("\n\n", position)
    return (0 if start < 0 else start + 2, len(body) if end < 0 else end)


@functools.lru_cache(maxsize=16)  # dating reads an article's sentences several times in a row
def sentence_bounds(body: str) -> tuple[int, ...]:
    """Offsets where sentences end, skipping abbreviations ("Oct. 7", "U.S. President")."""
    short = _words("abbreviations")
    ends = []
    for match in _BOUNDARY.finditer(body):
        word = re.search(r"(\w+)[.!?][\"”’)]*\s*$", body[max(0, match.start() - 20) : match.end()])
        if word and body[match.start()] == "." and (len(word.group(1)) == 1 or word.group(1).lower() in short):
            continue
        ends.append(match.start() + 1)
    return tuple(ends)


@functools.cache
def cue_pattern(*keys: str) -> re.Pattern[str]:
    """A pattern of the cue file, compiled once, by its keys.
    Example: cue_pattern("not_past_after").search(" to be ") matches (" has " does not);
    cue_pattern("tense_next_to_day", "future_before") is the plan before a day."""
    entry = setting(CUES, keys[0])
    for key in keys[1:]:
        entry = entry[key]
    return compile_pattern(CUES, str(entry["pattern"]))


@functools.cache
def _words(key: str) -> frozenset[str]:
    """A word list of the cue file, lower-cased (read once)."""
    return frozenset(str(w).lower() for w in setting(CUES, key))


def _sentence(bounds: Sequence[int], start: int, end: int, length: int) -> tuple[int, int]:
    first = bisect.bisect_right(bounds, start)
    last = bisect.bisect_left(bounds, end)
    return (bounds[first - 1] if first else 0, bounds[last] if last < len(bounds) else length)


def tense_of(body: str, timex: Timex, bounds: Sequence[int]) -> str | None:
    """'past' or 'future' from the nearest cue before the date in its sentence, else the nearest after."""
    first, last = _sentence(bounds, timex.start, timex.end, len(body))
    before = _cues(body[first : timex.start])
    if before:
        return max(before, key=lambda cue: (cue[0], -cue[2]))[1]
    after = _cues(body[timex.end : last])
    return min(after, key=lambda cue: (cue[0], cue[2]))[1] if after else None


def _cues(text: str) -> list[tuple[int, str, int]]:
    """(offset, tense, rule rank) of every tense cue in a stretch of text; future rules rank first.
    A past cue is none when it is a word that only looks past (not_past_words) or follows a word
    that makes it look ahead (not_past_after: "to be sentenced", "will have to")."""
    not_past = _words("not_past_words")
    after = cue_pattern("not_past_after")  # read on the last 12 characters before a cue
    found = []
    for rank, rule in enumerate(rules(CUES, "cues")):
        for match in rule.regex.finditer(text):
            if rule.kind == "past" and (match.group(0).lower() in not_past
                                        or after.search((" " + text[: match.start()])[-12:])):
                continue
            found.append((match.start(), rule.kind, rank))
    return found
