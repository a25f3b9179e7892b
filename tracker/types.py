"""Central value types of tracker. This module imports nothing of ours.

Data flows one way: ingest -> temporal -> mentions -> merge -> store -> query/render.
Every stage takes and returns these frozen values; none is changed in place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import IntEnum

# The years tracker dates anything in: user dates outside them are refused, and the tagger gives an
# expression outside them no interval, so no date arithmetic ever runs near the calendar's ends.
EARLIEST_YEAR, LATEST_YEAR = 1000, 2999


# What exports and the page show for an article whose outlet no evidence names (never a file name).
UNKNOWN_OUTLET = "unknown outlet"


class Precision(IntEnum):
    """How fine a time value is, coarse -> fine."""

    YEAR = 1
    QUARTER = 2
    MONTH = 3
    WEEK = 4
    DAY = 5

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class TimeValue:
    """A resolved time: the first and last day it may cover, and how fine it is.

    "last month" in an article of 2025-09-05 -> TimeValue(2025-08-01, 2025-08-31, MONTH).
    "earlier this week" of 2025-09-05 -> TimeValue(2025-09-01, 2025-09-04, WEEK, mod="START").
    """

    start: date
    end: date
    precision: Precision
    mod: str | None = None  # TimeML mod: START, MID, END, APPROX, ...

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"TimeValue start {self.start} is after end {self.end}")

    @classmethod
    def day(cls, d: date) -> TimeValue:
        return cls(d, d, Precision.DAY)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def overlaps(self, other: TimeValue, slack_days: int = 0) -> bool:
        slack = timedelta(days=slack_days)
        return self.start <= other.end + slack and other.start <= self.end + slack

    def contains(self, other: TimeValue) -> bool:
        return self.start <= other.start and other.end <= self.end

    @property
    def kind(self) -> str:
        """The user-facing precision word: day, week, month, quarter, year or range."""
        if self.start == self.end:
            return "day"
        if self.mod is None and _is_whole_unit(self):
            return self.precision.label
        return "range"


def _is_whole_unit(value: TimeValue) -> bool:
    s, e, p = value.start, value.end, value.precision
    if p is Precision.WEEK:
        return s.weekday() == 0 and (e - s).days == 6
    if p is Precision.MONTH:
        return s.day == 1 and s.month == e.month and s.year == e.year and (e + timedelta(days=1)).day == 1
    if p is Precision.QUARTER:
        return s.day == 1 and s.month in (1, 4, 7, 10) and (e + timedelta(days=1)).day == 1 and (
            (e.year * 12 + e.month) - (s.year * 12 + s.month) == 2
        )
    if p is Precision.YEAR:
        return s == date(s.year, 1, 1) and e == date(s.year, 12, 31)
    return False


@dataclass(frozen=True, slots=True)
class Timex:
    """One temporal expression found in a text (TIMEX3 in TimeML terms).

    start/end are character offsets into the text that was tagged.
    value is the TIMEX3 value string ("2025-09-03", "2025-W36", "P1W", "PAST_REF", "XXXX-WXX-1").
    interval is the resolved span for DATE/TIME expressions, None when it cannot be resolved
    (no reference date, a duration, a set, or PAST_REF-like values).
    """

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str | None
    mod: str | None = None
    interval: TimeValue | None = None
    explicit: bool = False  # True when the text itself gives the year (no anchor needed)
    anaphoric: bool = False  # "the same day", "that week": resolved against the last date talked about
    rule: str = ""  # the rule that fired, for debugging and golden tests


@dataclass(frozen=True, slots=True)
class Copy:
    """Another place one article was found: a syndicated copy, or the same page scraped again."""

    where: str  # its URL, else the file it was read from
    outlet: str | None
    content_hash: str


@dataclass(frozen=True, slots=True)
class AsRead:
    """What a page said of its own date before a day was inferred for it (its date, none or wider
    than a day, and the text it came from, e.g. a year-less dateline "July 23 (UPI) --"): kept
    so a later add can date the article anew from the page, not from the earlier guess."""

    published: TimeValue | None = None
    evidence: str | None = None


@dataclass(frozen=True, slots=True)
class Correction:
    """What a user set on an article after the fact; kept by content hash, so a rebuild reapplies it."""

    content_hash: str
    published: str | None = None  # as decoded: 2025-09-05, 2025-09 or 2025
    source: str | None = None
    url: str | None = None
    was: str | None = None  # the article's date before the first correction, for the evidence


@dataclass(frozen=True, slots=True)
class Article:
    """One ingested article: its metadata and its body with page furniture removed."""

    id: str  # file name without extension
    path: str
    content_hash: str  # sha256 of the raw bytes: the same content twice changes nothing
    title: str
    body: str  # clean text; mention offsets point into this
    outlet: str | None = None
    url: str | None = None
    published: TimeValue | None = None
    published_inferred: bool = False
    # The inferred date is only a lower bound: the latest day the article reports, not a dateline's
    # day whose year was completed. Bare past weekdays then take the nearest such day.
    published_lower_bound: bool = False
    published_evidence: str | None = None  # the text (dateline, front matter, flag) the date came from
    year_hints: tuple[int, ...] = ()  # e.g. copyright years: evidence for inference, never a date by itself
    # Bounds the page itself puts on its publication without giving the day: a photo caption's
    # date (the picture came first), a month in the address. Inference stays inside them.
    published_not_before: date | None = None
    published_not_after: date | None = None
    bound_evidence: str | None = None
    # The day of the page's update stamp ("Last updated at 06:50 GMT, 5 January 2011"): put out on
    # or before it (a bound above), and most often that very day.
    published_updated: date | None = None
    also_at: tuple[Copy, ...] = ()  # copies of this article found elsewhere: one article, several places
    as_read: AsRead | None = None  # set when the day was inferred: what the page itself said

    @property
    def published_how(self) -> str:
        """read (the page or the user states it), inferred (from what it reports) or unknown."""
        if self.published is None:
            return "unknown"
        return "inferred" if self.published_inferred else "read"


@dataclass(frozen=True, slots=True)
class Actor:
    """A person or organisation as named in one mention, with its cross-article key."""

    name: str  # the fullest form known ("Ada Lovelace")
    key: str  # canonical key shared by all variants of the name across articles
    kind: str  # PERSON | ORG | NORP
    role: str | None = None  # "government spokesman", "French President"


@dataclass(frozen=True, slots=True)
class Mention:
    """One happening reported by one sentence of one article."""

    id: str  # content hash: article id + sentence offset + time text
    article_id: str
    outlet: str | None
    published: TimeValue | None
    sentence: str  # the sentence as written
    sentence_start: int  # offset of the sentence in Article.body
    time_text: str | None = None
    time_value: str | None = None  # TIMEX3 value of time_text
    time: TimeValue | None = None
    time_explicit: bool = False  # absolute date in the text, as opposed to relative to publication
    time_start: int | None = None  # offset of time_text inside the sentence
    actors: tuple[Actor, ...] = ()
    places: tuple[str, ...] = ()  # canonical place names
    trigger: str | None = None  # main verb or event noun lemma: "invite", "press conference"
    quote: str | None = None
    background: bool = False  # "since the start of ... in 2022": context, not a happening of the news
    subject: str | None = None  # actor key of the grammatical subject, the one who did it
    subject_passive: bool = False  # the subject is the one it was done to ("Doe was sentenced")
    published_inferred: bool = False  # the article's publication date was inferred, not read
    headline: str | None = None  # "Jane Doe rejected the offer": who did what, in the sentence's own words
    cues: tuple[tuple[str, float], ...] = ()  # named facts of the clause (tense, time, place in the article)
    happening: float | None = None  # how likely the clause tells a happening at its time (happening model)
    paragraph: int = 0  # index of the paragraph (line) of the body the sentence is in
    trigger_span: tuple[int, int] | None = None  # where the clause's head word stands in the sentence
    clause: str | None = None  # the words of the clause the time dates (the sentence's other dated clauses left out)
    # own: the sentence's time expression; published: none of its own, the article's day (soft);
    # none: no time at all
    time_from: str = "own"


@dataclass(frozen=True, slots=True)
class Conflict:
    """Outlets that give incompatible dates for one happening."""

    description: str
    sides: tuple[tuple[str, tuple[str, ...]], ...]  # (time value text, article ids)


@dataclass(frozen=True, slots=True)
class Event:
    """One happening, merged from all mentions of it across sentences and outlets."""

    id: str  # content hash of its founding mention ids: a rebuild gives the same id
    time: TimeValue | None
    title: str
    actors: tuple[str, ...]  # display names, most central first
    places: tuple[str, ...]
    mentions: tuple[Mention, ...]
    conflicts: tuple[Conflict, ...] = ()
    time_inferred: bool = False  # the date rests on an inferred publication date
    evidence: tuple[str, ...] = field(default=())  # why these mentions were merged (for `explain`)

    @property
    def sources(self) -> tuple[str, ...]:
        """Article ids, in first-seen order, without repeats."""
        return tuple(dict.fromkeys(m.article_id for m in self.mentions))

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.outlet or UNKNOWN_OUTLET for m in self.mentions))
