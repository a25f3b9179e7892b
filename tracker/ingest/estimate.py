"""The day an undated article was written, from what it reports and from the articles like it.

News names the days of the past week by weekday ("on Friday", "Monday's vote") and is put out the
day of the latest happening it reports, or the day after. So the day an article was written is the
day on which its past-tense expressions read freshest: each candidate day resolves them anew, and
costs the days between it and the latest of them. A weekday repeats every week; the articles that
read most alike (TF-IDF, similar.py) and whose days are known say which week. A written-out date
("June 24") is a hard lower bound, and a weak pull when nothing relative is reported. Every weight
is data (ingest_infer.yaml, `estimate`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from tracker.ingest.infer import DATED_TYPES, YearEvidence, past_reported, sentence_bounds, tense_of
from tracker.ingest.rules import setting
from tracker.ingest.similar import neighbours
from tracker.types import Article, Precision, Timex, TimeValue

CUES = "ingest_infer.yaml"
Resolver = Callable[[str, Sequence[dt.date]], Mapping[dt.date, Sequence[Timex]]]
_YEARLESS = re.compile(r"^XXXX-\d{2}-\d{2}$")
MAX_SPAN_DAYS = 7  # a week or finer: an expression this fine can tell the day an article was written


@dataclass(frozen=True, slots=True)
class Known:
    """An article whose day is known (read) or estimated in an earlier round (lower weight)."""

    body: str
    day: dt.date
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class Expression:
    """One time expression of the article, as found without a reference day."""

    index: int  # position in the article's timex list (the same for every candidate day)
    tense: str | None
    relative: bool  # resolved from the day of writing ("Friday", "yesterday"), not written out


@dataclass(frozen=True, slots=True)
class Guess:
    day: dt.date
    cost: float
    latest: Timex | None  # the latest past expression on that day: the evidence


def estimate_days(
    articles: Sequence[Article], plain: Sequence[Sequence[Timex]], resolver: Resolver,
    known: Sequence[Known], collection: Sequence[TimeValue] = (),
) -> list[Article]:
    """Each article without a day, given one when its text and its neighbours support one."""
    out = list(articles)
    pending = [i for i, a in enumerate(articles) if needs_day(a)]
    estimated: list[Known] = []
    for _ in range(int(_weight("rounds"))):
        pool = list(known) + estimated
        priors = _priors([articles[i].body for i in pending], pool)
        estimated = []
        for i, prior in zip(pending, priors, strict=True):
            guessed = estimate_one(articles[i], plain[i], resolver, prior, collection)
            if guessed is not None:
                out[i] = guessed
                estimated.append(Known(articles[i].body, guessed.published.start, float(_weight("estimated_neighbour_weight"))))
    return out


def needs_day(article: Article) -> bool:
    return article.published is None or article.published.precision is not Precision.DAY


def _priors(bodies: Sequence[str], pool: Sequence[Known]) -> list[tuple[dt.date, int] | None]:
    """For each body, the weighted median day of its most similar known articles, and how many."""
    if not pool or not bodies:
        return [None] * len(bodies)
    found = neighbours(bodies, [k.body for k in pool], int(_weight("neighbours")), float(_weight("min_similarity")))
    priors = []
    for body, near in zip(bodies, found, strict=True):
        near = [(i, s) for i, s in near if pool[i].body != body]
        priors.append(_weighted_median([(pool[i].day, s * pool[i].weight) for i, s in near]) if near else None)
    return priors


def _weighted_median(days: list[tuple[dt.date, float]]) -> tuple[dt.date, int]:
    ordered = sorted(days)
    half = sum(w for _, w in ordered) / 2
    running = 0.0
    for day, weight in ordered:
        running += weight
        if running >= half:
            return day, len(ordered)
    return ordered[-1][0], len(ordered)


def estimate_one(
    article: Article, timexes: Sequence[Timex], resolver: Resolver, prior: tuple[dt.date, int] | None,
    collection: Sequence[TimeValue] = (),
) -> Article | None:
    """The article dated by its best candidate day, or None when nothing supports a day."""
    bounds = sentence_bounds(article.body)
    expressions = [Expression(i, tense_of(article.body, t, bounds), _is_relative(t))
                   for i, t in enumerate(timexes) if t.type in DATED_TYPES]  # fmt: skip
    if not any(e.tense == "past" or (e.relative and e.tense is None) for e in expressions):
        return None
    lowest = _written_lower_bound(article, timexes, collection)
    days = _window(article, lowest, prior[0] if prior else None, collection)
    if not days:
        return None
    resolved = resolver(article.body, days)
    guesses = [_cost(day, resolved[day], expressions, prior) for day in days]
    best = min(guesses, key=lambda g: (g.cost, g.day))
    if best.cost >= float(_weight("impossible")):
        return None
    return _dated(article, best, prior)


def _is_relative(timex: Timex) -> bool:
    """Read from the day of writing: no interval without one, and not a written date without a year."""
    return timex.interval is None and not _YEARLESS.match(timex.value or "") and not timex.anaphoric


def _written_lower_bound(article: Article, timexes: Sequence[Timex], collection: Sequence[TimeValue]) -> dt.date | None:
    """The latest written-out day the article reports as past (its year completed as inference does)."""
    evidence = YearEvidence(tuple(article.year_hints), tuple(collection), article.published)
    reported, _ = past_reported(article.body, timexes, evidence)
    days = [r.value.start for r in reported if r.value.precision is Precision.DAY]
    floor = article.published_not_before
    latest = max(days, default=None)
    if floor is not None and (latest is None or floor > latest):
        return floor
    return latest


def _window(
    article: Article, lowest: dt.date | None, prior: dt.date | None, collection: Sequence[TimeValue] = ()
) -> list[dt.date]:
    """Candidate days: the days after the latest written-out past date and around the neighbours'
    day, inside the page's own bounds (and a coarse date the user gave). A written date with no
    neighbours counts only near the dates read in the batch: alone, it may be background."""
    reach = dt.timedelta(days=int(_weight("window_days")))
    spans = []
    if prior is not None:
        spans.append((prior - reach, prior + reach))
    if lowest is not None and (prior is not None or article.published_not_before is not None or _near(lowest, collection)):
        spans.append((lowest, lowest + reach))
    if not spans:
        return []
    days = sorted({s + dt.timedelta(days=k) for s, e in spans for k in range((e - s).days + 1)})
    low = max([d for d in (lowest, article.published_not_before) if d is not None], default=None)
    high = article.published_not_after
    given = article.published
    return [d for d in days if (low is None or d >= low) and (high is None or d <= high)
            and (given is None or given.start <= d <= given.end)]  # fmt: skip


def _near(day: dt.date, collection: Sequence[TimeValue]) -> bool:
    slack = dt.timedelta(days=int(_weight("near_collection_days")))
    return any(c.start - slack <= day <= c.end + slack for c in collection)


def _cost(day: dt.date, timexes: Sequence[Timex], expressions: Sequence[Expression], prior) -> Guess:
    impossible, future_weight = float(_weight("impossible")), float(_weight("future_before_weight"))
    cost = 0.0
    latest_rel: Timex | None = None
    latest_abs: Timex | None = None
    for e in expressions:
        t = timexes[e.index]
        if t.interval is None or t.interval.days > MAX_SPAN_DAYS:
            continue
        if e.tense == "past" or (e.relative and e.tense is None):
            if t.interval.start > day:
                cost += impossible if e.tense == "past" else future_weight
                continue
            if t.interval.days > 1:
                continue  # "this week", "last week": consistent, but no day to be fresh from
            if e.relative and (latest_rel is None or t.interval.end > latest_rel.interval.end):
                latest_rel = t
            if not e.relative and (latest_abs is None or t.interval.end > latest_abs.interval.end):
                latest_abs = t
        elif e.tense == "future" and t.interval.end < day:
            cost += future_weight
    cost += _gap_cost(day, latest_rel, latest_abs)
    if prior is not None:
        cost += float(_weight("prior_weight")) * abs((day - prior[0]).days)
    return Guess(day, cost, latest_rel or latest_abs)


def _gap_cost(day: dt.date, latest_rel: Timex | None, latest_abs: Timex | None) -> float:
    cost = 0.0
    if latest_rel is not None:
        cost += min((day - latest_rel.interval.end).days, int(_weight("max_gap")))
    if latest_abs is not None:
        cost += float(_weight("absolute_weight")) * min((day - latest_abs.interval.end).days, int(_weight("absolute_gap_cap")))
    return cost


def _dated(article: Article, best: Guess, prior: tuple[dt.date, int] | None) -> Article:
    from dataclasses import replace

    parts = [f"inferred: {best.day.isoformat()}"]
    if best.latest is not None:
        sentence = _sentence_of(article.body, best.latest)
        parts.append(f"the latest day it reports is '{best.latest.text}' ({best.latest.interval.start}) in \"{sentence}\"")
    if prior is not None:
        parts.append(f"{prior[1]} similar article(s) put it near {prior[0].isoformat()}")
    return replace(article, published=TimeValue.day(best.day), published_inferred=True,
                   published_lower_bound=True, published_evidence="; ".join(parts))


def _sentence_of(body: str, timex: Timex, words: int = 30) -> str:
    start = max(body.rfind(". ", 0, timex.start), body.rfind("\n", 0, timex.start)) + 1
    ends = [i for i in (body.find(". ", timex.end), body.find("\n", timex.end)) if i >= 0]
    text = body[start : (min(ends) + 1 if ends else len(body))].strip()
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _weight(name: str):
    return setting(CUES, "estimate")[name]
