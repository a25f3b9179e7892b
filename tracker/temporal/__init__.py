"""The temporal tagger: TIMEX3 expressions of a text, resolved against a reference date.

    >>> from datetime import date, timedelta
    >>> [t.value for t in tag("He left on Wednesday and will return next month.", date(2024, 3, 15))]
    ['2024-03-13', '2024-04']

HeidelTime-like: rules are data (tracker/rules/en/); pass one finds expressions and gives them
underspecified values (extract.py), pass two resolves those against the dct, the sentence's
tense and the date last talked about (resolve.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from tracker.temporal.extract import Candidate, extract, flatten_spaces
from tracker.temporal.resolve import Context, Resolved, resolve
from tracker.temporal.rules import RuleError, RuleSet, load_rules
from tracker.temporal.tense import Heading, direction, split_sentences
from tracker.temporal.values import narrow, parse_value
from tracker.types import EARLIEST_YEAR, LATEST_YEAR, Precision, TimeValue, Timex

__all__ = ["tag", "tag_each", "parse_value", "RuleError"]


_QUARTER = re.compile(r"\d{4}-Q[1-4]$")


def _is_report_quarter(done: Resolved, dct: date | None) -> bool:
    """A quarter a results story could be about: named outright, within a year of the dct."""
    if done.anaphoric or done.interval is None or not _QUARTER.match(done.value):
        return False
    return dct is None or done.interval.end >= dct - timedelta(days=366) and done.interval.start <= dct


_COMPARISON = re.compile(r"UNDEF-(?:ago|shift)-year--1\b")


def _is_comparison(cand: Candidate) -> bool:
    return bool(_COMPARISON.match(cand.value))


def _is_explicit(cand: Candidate) -> bool:
    value = cand.rule.value
    return cand.rule.type in ("DATE", "TIME") and not value.startswith(("UNDEF", "DUR", "PRESENT", "PAST", "FUTURE"))


def _in_calendar(value: TimeValue | None) -> TimeValue | None:
    """An interval tracker can do date arithmetic on (years EARLIEST_YEAR-LATEST_YEAR), else None:
    "31 December 9999" keeps its TIMEX3 value but dates nothing, so no window or shift overflows."""
    if value is None or value.start.year < EARLIEST_YEAR or value.end.year > LATEST_YEAR:
        return None
    return value


def _resolve(cand: Candidate, ctx: Context) -> Resolved:
    """Resolve one expression; arithmetic past the calendar's end ("in 10,000 years") gives no date."""
    try:
        done = resolve(cand.value, ctx)
    except (OverflowError, ValueError) as err:
        if isinstance(err, RuleError):
            raise
        return Resolved("XXXX", None)
    interval = _in_calendar(done.interval)
    return done if interval is done.interval else Resolved(done.value, interval, done.anaphoric)


def tag(text: str, dct: date | None, language: str = "en", *, dct_inferred: bool = False) -> list[Timex]:
    """Every temporal expression of a whole text, in text order.

    dct is the document creation time (the publication date); without it, expressions that
    need it get values with X's ("XXXX-09-05") and no interval. dct_inferred says the dct is
    only the latest day the text reports (no dateline): bare past weekdays then take the
    nearest such day.
    """
    return _resolve_all(text, _found(text, language), dct, dct_inferred)


def tag_each(text: str, days: Sequence[date], language: str = "en") -> dict[date, list[Timex]]:
    """The text's expressions resolved against each of several candidate publication days.

    Pass one runs once; only the resolution is repeated. Used to infer when an undated article
    was written: the day on which what it reports reads most like fresh news.
    """
    found = _found(text, language)
    return {day: _resolve_all(text, found, day, True) for day in days}


def tag_for_dating(
    text: str, days: Sequence[date], dct_inferred: bool, language: str = "en"
) -> tuple[list[Timex], dict[date, list[Timex]], dict[date, list[Timex]]]:
    """What dating asks of one text, from one pass: tag(text, None); tag_each(text, days) (each
    day read as a candidate); and tag(text, day, dct_inferred=dct_inferred) for each day, the
    parse's tags when the day stays the article's (the same dict when dct_inferred is True)."""
    found = _found(text, language)
    each = {day: _resolve_all(text, found, day, True) for day in days}
    own = each if dct_inferred else {day: _resolve_all(text, found, day, False) for day in days}
    return _resolve_all(text, found, None, False), each, own


@dataclass(frozen=True, slots=True)
class _Found:
    """Pass one over a text: the candidates and the way each one points."""

    flat: str
    rules: RuleSet
    candidates: tuple[tuple[Candidate, Heading], ...]


def _found(text: str, language: str) -> _Found:
    rules = load_rules(language)
    flat = flatten_spaces(text)
    sentences = split_sentences(text)  # before flattening: blank lines end sentences
    found = extract(flat, rules)
    spans = [(c.start, c.end) for c in found]
    headed = tuple((c, direction(flat, c.start, c.end, sentences, rules, spans)) for c in found)
    return _Found(flat, rules, headed)


def _resolve_all(text: str, found: _Found, dct: date | None, dct_inferred: bool) -> list[Timex]:
    """Pass two: every candidate resolved in text order, anaphora following the text."""
    if dct is not None and not EARLIEST_YEAR <= dct.year <= LATEST_YEAR:
        dct = None  # no reference date can be this far from ours: read the text as undated
    last: TimeValue | None = None
    quarter: TimeValue | None = None
    out: list[Timex] = []
    compared: Resolved | None = None  # the period the comparisons of the text are against
    for cand, heading in found.candidates:
        comparison = _is_comparison(cand)
        if comparison and compared is not None:
            done = compared  # "$2 million a year ago ... $3 million a year earlier": one period
        else:
            done = _resolve(cand, Context(dct, heading.way, last, quarter, dct_inferred, heading.firm))
        compared = done if comparison else None
        interval = done.interval
        if quarter is None and _is_report_quarter(done, dct):
            quarter = interval
        if interval is not None:
            # "from $2 million a year ago" is a comparison, not where the story moved to
            moved = not done.anaphoric or interval.precision is Precision.DAY or interval == quarter
            if moved and not comparison:
                last = interval
            interval = _in_calendar(narrow(interval, cand.mod, dct, cand.mod_word))
        out.append(_timex(text, cand, done, interval))
    return out


def _timex(text: str, cand: Candidate, done: Resolved, interval: TimeValue | None) -> Timex:
    return Timex(
        start=cand.start,
        end=cand.end,
        text=text[cand.start : cand.end],
        type=cand.rule.type,
        value=done.value,
        mod=cand.mod,
        interval=interval,
        explicit=_is_explicit(cand),
        anaphoric=done.anaphoric,
        rule=cand.rule.name,
    )
