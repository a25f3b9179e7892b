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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tracker.ingest.calendar import WEEKDAY, Calendar, EventMatch, Prefetch, Resolver, is_relative, needs_day, weight
from tracker.ingest.infer import DATED_TYPES, Dates, YearEvidence, cue_pattern, past_reported, sentence_bounds, tense_of
from tracker.ingest.similar import neighbours
from tracker.types import Article, Precision, Timex, TimeValue

_OFFSET = re.compile(r"^XXXX-XX-XX")  # "today", "two days ago", "overnight", "at 0600 GMT": a day counted from the day of writing
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
    fixed: bool = False  # a fixed offset of the day of writing ("today", "yesterday", "at 0600 GMT"): fresh on any day


@dataclass(frozen=True, slots=True)
class Guess:
    day: dt.date
    cost: float
    latest: Timex | None  # the latest past expression on that day: the evidence


def estimate_days(
    articles: Sequence[Article], plain: Sequence[Sequence[Timex]], resolver: Resolver,
    known: Sequence[Known], collection: Sequence[TimeValue] = (), prefetch: Prefetch | None = None,
) -> list[Article]:
    """Each article without a day, given one when its text and its neighbours support one.
    `prefetch`, when given, is told each round every article's candidate days before any is asked
    for (the pipeline tags them on its pool, in parallel, instead of one by one here)."""
    resolver = _remembered(resolver)  # each round asks again about every article with a day
    collection = Dates.of(collection)  # sorted once: every article's year-less dates look it up
    out = list(articles)
    pending = [i for i, a in enumerate(articles) if needs_day(a)]
    if not pending:
        return out  # the rounds below only date pending articles
    estimated: list[Known] = []
    read: dict = {}  # each article's dated sentences for its day: read again only when its day changes
    for _ in range(int(weight("rounds"))):
        # Each round's calendar holds the sentences of the days estimated in the round before.
        calendar = Calendar.of(out, plain, resolver, collection, read)
        pool = list(known) + estimated
        priors = _priors([articles[i].body for i in pending], pool)
        weeks = calendar.weekdays([articles[i].body for i in pending], pending, [a.body for a in out])
        estimated = []
        events = [calendar.matches(articles[i].body, plain[i], i) for i in pending]
        found = [candidates(articles[i], plain[i], prior, collection, told)
                 for i, prior, told in zip(pending, priors, events, strict=True)]  # fmt: skip
        if prefetch is not None:
            prefetch([(articles[i].body, c.days) for i, c in zip(pending, found, strict=True) if c is not None])
        for i, week, told, chosen in zip(pending, weeks, events, found, strict=True):
            guessed = estimate_one(articles[i], plain[i], resolver, chosen, told, week)
            if guessed is not None:
                out[i] = guessed
                estimated.append(Known(articles[i].body, guessed.published.start, float(weight("estimated_neighbour_weight"))))
    return out


def _remembered(resolver: Resolver) -> Resolver:
    """The resolver, asked once per text and days during one estimate: the calendar of each round
    re-reads every article with a day, and tagging a text is most of the dating's time (three
    rounds tagged each dated article three times, in the command's own process)."""
    memory: dict[tuple[str, tuple[dt.date, ...]], Mapping[dt.date, Sequence[Timex]]] = {}

    def resolve(text: str, days: Sequence[dt.date]) -> Mapping[dt.date, Sequence[Timex]]:
        key = (text, tuple(days))
        if key not in memory:
            memory[key] = resolver(text, days)
        return memory[key]

    return resolve


def _priors(bodies: Sequence[str], pool: Sequence[Known]) -> list[tuple[dt.date, int] | None]:
    """For each body, the weighted median day of its most similar known articles, and how many."""
    if not pool or not bodies:
        return [None] * len(bodies)
    found = neighbours(bodies, [k.body for k in pool], int(weight("neighbours")), float(weight("min_similarity")))
    priors = []
    share = float(weight("neighbour_share"))
    for body, near in zip(bodies, found, strict=True):
        near = [(i, s) for i, s in near if pool[i].body != body]
        best = max((s * pool[i].weight for i, s in near), default=0.0)
        # Only neighbours nearly as close as the closest count: a copy of the same story outweighs
        # articles that merely share the story's names.
        near = [(i, s) for i, s in near if s * pool[i].weight >= share * best]
        priors.append(_weighted_median([(pool[i].day, (s * pool[i].weight) ** 2) for i, s in near]) if near else None)
    return priors


def _weighted_median(days: list[tuple[dt.date, float]]) -> tuple[dt.date, int]:
    ordered = sorted(days)
    half = sum(w for _, w in ordered) / 2
    running = 0.0
    for day, share in ordered:
        running += share
        if running >= half:
            return day, len(ordered)
    return ordered[-1][0], len(ordered)


@dataclass(frozen=True, slots=True)
class Candidates:
    """What an undated article may be dated on: its dated expressions, the neighbours' day (unless
    the page's update stamp outranks it), and the candidate days."""

    expressions: tuple[Expression, ...]
    prior: tuple[dt.date, int] | None
    days: tuple[dt.date, ...]
    read_as: bool  # the days are the readings of an ambiguous numeric dateline


def candidates(
    article: Article, timexes: Sequence[Timex], prior: tuple[dt.date, int] | None,
    collection: Sequence[TimeValue] = (), events: Sequence[EventMatch] = (),
) -> Candidates | None:
    """The article's candidate days, or None when nothing it reports can tell its day."""
    bounds = sentence_bounds(article.body)
    expressions = tuple(Expression(i, _tense(article.body, t, bounds), is_relative(t), _OFFSET.match(t.value or "") is not None)
                        for i, t in enumerate(timexes) if t.type in DATED_TYPES)  # fmt: skip
    if not any(e.tense == "past" or (e.relative and e.tense is None) for e in expressions):
        return None
    prior = _below_update(prior, article)
    readings = _readings(article)
    if readings:
        return Candidates(expressions, prior, tuple(readings), True)
    lowest = _written_lower_bound(article, timexes, collection)
    days = _window(article, lowest, prior[0] if prior else None, collection, [e.day for e in events])
    return Candidates(expressions, prior, tuple(days), False) if days else None


def estimate_one(
    article: Article, timexes: Sequence[Timex], resolver: Resolver, found: Candidates | None,
    events: Sequence[EventMatch] = (), week: Mapping[int, Mapping[dt.date, float]] | None = None,
) -> Article | None:
    """The article dated by its best candidate day, or None when nothing supports a day."""
    if found is None:
        return None
    best = ranked(article, timexes, resolver, found, events, week)[0]
    if best.cost >= float(weight("refuse_cost")):
        return None
    note = f"'{article.published_evidence}' read as {best.day.isoformat()}" if found.read_as else None
    return _dated(article, best, found.prior, note)


def ranked(
    article: Article, timexes: Sequence[Timex], resolver: Resolver, found: Candidates,
    events: Sequence[EventMatch] = (), week: Mapping[int, Mapping[dt.date, float]] | None = None,
) -> list[Guess]:
    """Every candidate day with its cost, cheapest first (ties: the earlier day): what
    `estimate_one` chooses from, open to a trace of why a page got its day."""
    expressions, prior, days = found.expressions, found.prior, list(found.days)
    resolved = resolver(article.body, days)
    guesses = [_before_update(_cost(day, resolved[day], expressions, prior, events), article) for day in days]
    if week:
        guesses = [_weekday_cost(g, resolved[g.day], timexes, expressions, week) for g in guesses]
    return sorted(guesses, key=lambda g: (g.cost, g.day))


_DEADLINE = re.compile(r"\b(?:by|until|till|before|ahead of|no later than)\s+(?:the\s+)?(?:end\s+of\s+)?$", re.IGNORECASE)


def _tense(body: str, timex: Timex, bounds: Sequence[int]) -> str | None:
    """The expression's tense; a deadline ("by Wednesday", "until Friday"), a plan ("told to return
    Wednesday") and a day its own verb looks ahead from ("X on Wednesday will meet") are never days
    reported as past."""
    if _DEADLINE.search(body, max(0, timex.start - 24), timex.start):
        return "future"
    if _pattern("future_before").search(body[max(0, timex.start - 40) : timex.start]):
        return "future"
    if _pattern("future_after").match(body, timex.end):
        return "future"
    return tense_of(body, timex, bounds)


def _pattern(name: str) -> re.Pattern[str]:
    """The words next to a day that say it is still to come (ingest_infer.yaml tense_next_to_day)."""
    return cue_pattern("tense_next_to_day", name)


def _readings(article: Article) -> list[dt.date]:
    """The days an ambiguous numeric dateline can be ("07.09.23": 7 September or 9 July)."""
    from tracker.ingest.dateline import find_dateline

    if article.published is not None or not article.published_evidence:
        return []
    found = find_dateline([article.published_evidence])
    return list(found.readings) if found is not None else []


def _written_lower_bound(article: Article, timexes: Sequence[Timex], collection: Sequence[TimeValue]) -> dt.date | None:
    """The latest written-out day the article reports as past (its year completed as inference does)."""
    evidence = YearEvidence(tuple(article.year_hints), Dates.of(collection), article.published)
    reported, _ = past_reported(article.body, timexes, evidence)
    days = [r.value.start for r in reported if r.value.precision is Precision.DAY]
    floor = article.published_not_before
    latest = max(days, default=None)
    if floor is not None and (latest is None or floor > latest):
        return floor
    return latest


def _window(
    article: Article, lowest: dt.date | None, prior: dt.date | None, collection: Sequence[TimeValue] = (),
    event_days: Sequence[dt.date] = (),
) -> list[dt.date]:
    """Candidate days: the days after the latest written-out past date and around the neighbours'
    day, inside the page's own bounds (and a coarse date the user gave). A written date with no
    neighbours counts only near the dates read in the batch: alone, it may be background."""
    reach = dt.timedelta(days=int(weight("window_days")))
    spans = []
    if prior is not None:
        spans.append((prior - reach, prior + reach))
    if lowest is not None and (prior is not None or article.published_not_before is not None or _near(lowest, collection)):
        spans.append((lowest, lowest + reach))
    spans += [(day, day + reach) for day in event_days]  # the week after a happening it tells
    if article.published_updated is not None:  # the days up to its update stamp
        spans.append((article.published_updated - reach, article.published_updated))
    if not spans:
        return []
    days = sorted({s + dt.timedelta(days=k) for s, e in spans for k in range((e - s).days + 1)})
    low = max([d for d in (lowest, article.published_not_before) if d is not None], default=None)
    high = article.published_not_after
    given = article.published
    return [d for d in days if (low is None or d >= low) and (high is None or d <= high)
            and (given is None or given.start <= d <= given.end)]  # fmt: skip


def _near(day: dt.date, collection: Sequence[TimeValue]) -> bool:
    slack = dt.timedelta(days=int(weight("near_collection_days")))
    return any(c.start - slack <= day <= c.end + slack for c in collection)


def _cost(
    day: dt.date, timexes: Sequence[Timex], expressions: Sequence[Expression], prior, events: Sequence[EventMatch] = ()
) -> Guess:
    impossible, future_weight = float(weight("impossible")), float(weight("future_before_weight"))
    # A happening told in another article on a day the expression does not hold ("last week" holds seven).
    cost = sum(float(weight("event_weight")) * e.similarity for e in events
               if timexes[e.index].interval is None or not timexes[e.index].interval.start <= e.day <= timexes[e.index].interval.end)  # fmt: skip
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
            if t.interval.days > 1 or e.fixed:
                continue  # "last week", "yesterday", "at 0600 GMT": as fresh on any day, no day to be fresh from
            if e.relative and (latest_rel is None or t.interval.end > latest_rel.interval.end):
                latest_rel = t
            if not e.relative and (latest_abs is None or t.interval.end > latest_abs.interval.end):
                latest_abs = t
        elif e.tense == "future" and t.interval.end < day:
            cost += future_weight
    cost += _gap_cost(day, latest_rel, latest_abs)
    if prior is not None:
        cost += float(weight("prior_weight")) * abs((day - prior[0]).days)
    return Guess(day, cost, latest_rel or latest_abs)


def _weekday_cost(guess: Guess, resolved: Sequence[Timex], plain: Sequence[Timex], expressions: Sequence[Expression],
                  week: Mapping[int, Mapping[dt.date, float]]) -> Guess:
    """A weekday the article reports ("on Friday") costs, on a candidate day that makes it another
    date than the one its most similar articles give that weekday, the share of their votes it misses."""
    cost, seen = 0.0, set()
    for e in expressions:
        weekday = WEEKDAY.match(plain[e.index].value or "")
        t = resolved[e.index]
        if weekday is None or e.tense == "future" or t.interval is None or t.interval.days != 1:
            continue
        votes = week.get(int(weekday.group(1)), {})
        total = sum(votes.values())
        if total <= 0 or weekday.group(1) in seen:
            continue
        seen.add(weekday.group(1))
        missed = total - votes.get(t.interval.start, 0.0)
        cost += float(weight("weekday_weight")) * missed / max(total, float(weight("weekday_votes_full")))
    return Guess(guess.day, guess.cost + cost, guess.latest)


def _below_update(prior: tuple[dt.date, int] | None, article: Article) -> tuple[dt.date, int] | None:
    """The neighbours' day, unless the page's own update stamp lies further from it than
    `window_days`: the page's stamp outranks the articles like it."""
    updated = article.published_updated
    if prior is None or updated is None or abs((updated - prior[0]).days) <= int(weight("window_days")):
        return prior
    return None


def _before_update(guess: Guess, article: Article) -> Guess:
    """Each day between a candidate and the page's update stamp costs `updated_weight`: a page is
    most often updated the day it is put out."""
    if article.published_updated is None or guess.day >= article.published_updated:
        return guess
    days = (article.published_updated - guess.day).days
    return Guess(guess.day, guess.cost + float(weight("updated_weight")) * days, guess.latest)


def _gap_cost(day: dt.date, latest_rel: Timex | None, latest_abs: Timex | None) -> float:
    cost = 0.0
    if latest_rel is not None:
        cost += min((day - latest_rel.interval.end).days, int(weight("max_gap")))
    if latest_abs is not None:
        cost += float(weight("absolute_weight")) * min((day - latest_abs.interval.end).days, int(weight("absolute_gap_cap")))
    return cost


def _dated(article: Article, best: Guess, prior: tuple[dt.date, int] | None, note: str | None = None) -> Article:
    from dataclasses import replace

    parts = [f"inferred: {best.day.isoformat()}"] + ([note] if note else [])
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
