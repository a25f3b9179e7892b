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
from datetime import date, timedelta

from tracker.temporal.extract import Candidate, extract, flatten_spaces
from tracker.temporal.resolve import Context, Resolved, resolve
from tracker.temporal.rules import RuleError, load_rules
from tracker.temporal.tense import direction, split_sentences
from tracker.temporal.values import narrow, parse_value
from tracker.types import EARLIEST_YEAR, LATEST_YEAR, Precision, TimeValue, Timex

__all__ = ["tag", "parse_value", "RuleError"]


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
    rules = load_rules(language)
    if dct is not None and not EARLIEST_YEAR <= dct.year <= LATEST_YEAR:
        dct = None  # no reference date can be this far from ours: read the text as undated
    flat = flatten_spaces(text)
    sentences = split_sentences(text)  # before flattening: blank lines end sentences
    last: TimeValue | None = None
    quarter: TimeValue | None = None
    out: list[Timex] = []
    found = extract(flat, rules)
    spans = [(c.start, c.end) for c in found]
    compared: Resolved | None = None  # the period the comparisons of the text are against
    for cand in found:
        heading = direction(flat, cand.start, cand.end, sentences, rules, spans)
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
        out.append(
            Timex(
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
        )
    return out
