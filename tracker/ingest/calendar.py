"""The batch's calendar: the dated sentences of the articles dated together, and what they say of
an undated article's days (used by tracker/ingest/estimate.py).

A written-out past date of any article ("the final on August 20"), and a relative one of an
article whose day is known, put what its sentence tells on a day. An undated article's relative
expression whose sentence tells the same ("Sunday's final") is likely that day (`matches`); the
dates its most similar articles report say which week a weekday is (`weekdays`). Every weight is
data (ingest_infer.yaml, `estimate`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from tracker.ingest.infer import DATED_TYPES, Dates, YearEvidence, sentence_bounds, tense_of
from tracker.ingest.rules import setting
from tracker.ingest.similar import Pool, neighbours
from tracker.types import Article, Precision, Timex

CUES = "ingest_infer.yaml"
Resolver = Callable[[str, Sequence[dt.date]], Mapping[dt.date, Sequence[Timex]]]
Prefetch = Callable[[Sequence[tuple[str, Sequence[dt.date]]]], None]  # texts and days a resolver will be asked
_YEARLESS = re.compile(r"^XXXX-\d{2}-\d{2}$")
WEEKDAY = re.compile(r"^XXXX-WXX-([1-7])\b")  # "on Monday": only a Monday can be its day


def needs_day(article: Article) -> bool:
    return article.published is None or article.published.precision is not Precision.DAY


def is_relative(timex: Timex) -> bool:
    """Read from the day of writing: no interval without one, and not a written date without a year."""
    return timex.interval is None and not _YEARLESS.match(timex.value or "") and not timex.anaphoric


def weight(name: str):
    return setting(CUES, "estimate")[name]


@dataclass(frozen=True, slots=True)
class EventMatch:
    """A relative expression of the article whose sentence tells what a dated sentence of another
    article tells: the expression is likely that day ("took the stand on Tuesday" ~ "took the
    stand on October 10")."""

    index: int  # the expression, in the article's timex list
    day: dt.date
    similarity: float


@dataclass(frozen=True, slots=True)
class Calendar:
    """Dated sentences of the batch: written-out past dates of any article, and the relative ones
    of articles whose day is known."""

    texts: tuple[str, ...]
    days: tuple[dt.date, ...]
    owners: tuple[int, ...]  # the article each sentence is from
    weights: tuple[float, ...]  # 1 for a read day or a written date, less for an estimated day
    pool: Pool = field(compare=False, repr=False)  # the texts, read once for every question
    by_owner: Mapping[int, tuple[int, ...]] = field(compare=False, repr=False)  # article -> its sentences

    @classmethod
    def of(cls, articles, plain, resolver: Resolver, collection, memo: dict | None = None) -> Calendar:
        """The calendar of a batch; `memo` (kept by the caller across rounds) holds each article's
        dated sentences for its day, so a round reads again only the articles whose day changed."""
        texts, days, owners, weights = [], [], [], []
        estimated = float(weight("estimated_neighbour_weight"))
        memo = {} if memo is None else memo
        for i, (article, timexes) in enumerate(zip(articles, plain, strict=True)):
            key = (i, article.published, article.published_inferred)
            if key not in memo:
                memo[key] = _dated_sentences(article, timexes, resolver, collection)
            for text, day, written in memo[key]:
                texts.append(text)
                days.append(day)
                owners.append(i)
                weights.append(1.0 if written or not article.published_inferred else estimated)
        by_owner: dict[int, list[int]] = {}
        for k, owner in enumerate(owners):
            by_owner.setdefault(owner, []).append(k)
        return cls(tuple(texts), tuple(days), tuple(owners), tuple(weights), Pool(texts),
                   {owner: tuple(ks) for owner, ks in by_owner.items()})

    def _of(self, owner: int) -> tuple[int, ...]:
        """The calendar's sentences of one article."""
        return self.by_owner.get(owner, ())

    def weekdays(self, bodies: Sequence[str], owners: Sequence[int], batch: Sequence[str]) -> list[dict[int, dict[dt.date, float]]]:
        """For each body, the dates its most similar articles of the batch report, by weekday, each
        with the votes of those articles (similarity times weight): which Friday "on Friday" is."""
        found = neighbours(bodies, batch, int(weight("neighbours")), float(weight("min_similarity")))
        out = []
        for owner, near in zip(owners, found, strict=True):
            votes: dict[tuple[int, dt.date], float] = {}
            # The article's own written-out dates first: "July 19" and "on Friday" in one text are one Friday.
            for k in (k for k in self._of(owner) if self.weights[k] >= 1):
                votes[(owner, self.days[k])] = float(weight("weekday_own_vote"))
            for j, similarity in near:
                if j == owner:
                    continue
                for k in (k for k in self._of(j) if self.weights[k] >= float(weight("weekday_min_weight"))):
                    key = (j, self.days[k])
                    votes[key] = max(votes.get(key, 0.0), similarity * self.weights[k])
            week: dict[int, dict[dt.date, float]] = {}
            for (_, day), vote in votes.items():
                week.setdefault(day.isoweekday(), {})
                week[day.isoweekday()][day] = week[day.isoweekday()].get(day, 0.0) + vote
            out.append(week)
        return out

    def matches(self, body: str, timexes: Sequence[Timex], owner: int) -> list[EventMatch]:
        """The best dated sentence of another article for each relative past expression of a body."""
        bounds = sentence_bounds(body)
        asked = [(i, _sentence_text(body, t, bounds)) for i, t in enumerate(timexes)
                 if t.type in DATED_TYPES and is_relative(t) and tense_of(body, t, bounds) == "past"]  # fmt: skip
        if not asked or not self.texts:
            return []
        found = self.pool.neighbours([text for _, text in asked], 8, float(weight("event_similarity")))
        out = []
        for (index, _), near in zip(asked, found, strict=True):
            weekday = WEEKDAY.match(timexes[index].value or "")
            near = sorted(((k, s * self.weights[k]) for k, s in near if self.owners[k] != owner
                           and (weekday is None or self.days[k].isoweekday() == int(weekday.group(1)))),
                          key=lambda x: -x[1])  # fmt: skip
            if near:
                k, similarity = near[0]
                out.append(EventMatch(index, self.days[k], similarity))
        return out


def _dated_sentences(
    article: Article, timexes: Sequence[Timex], resolver: Resolver, collection
) -> list[tuple[str, dt.date, bool]]:
    """(sentence, day, written out) for each past expression of a day the article dates."""
    bounds = sentence_bounds(article.body)
    known_day = None if needs_day(article) else article.published.start
    resolved = resolver(article.body, [known_day])[known_day] if known_day is not None else timexes
    evidence = YearEvidence(tuple(article.year_hints), Dates.of(collection), None)
    out = []
    for plain, timex in zip(timexes, resolved, strict=True):
        if plain.type not in DATED_TYPES or tense_of(article.body, plain, bounds) != "past":
            continue
        day = _day_of(plain, timex, known_day is not None, article.body, timexes, bounds, evidence)
        if day is not None:
            written = plain.interval is not None or bool(_YEARLESS.match(plain.value or ""))
            out.append((_sentence_text(article.body, plain, bounds), day, written))
    return out


def _day_of(plain: Timex, timex: Timex, anchored: bool, body: str, timexes, bounds, evidence) -> dt.date | None:
    from tracker.ingest.infer import complete_year, nearby_year

    if timex.interval is not None and timex.interval.days == 1 and (anchored or plain.interval is not None):
        return timex.interval.start
    yearless = _YEARLESS.match(plain.value or "")
    if yearless and not anchored:
        month, day = int(plain.value[5:7]), int(plain.value[8:10])
        found = complete_year(month, day, nearby_year(plain, body, timexes, bounds), evidence)
        return found[0].start if found is not None else None
    return None


def _sentence_text(body: str, timex: Timex, bounds: Sequence[int]) -> str:
    """The words around an expression in its sentence: what happened then ("Sunday's World Cup
    final" ~ "the World Cup final on August 20"), without the rest of a long sentence."""
    import bisect

    first = bisect.bisect_right(bounds, timex.start)
    last = bisect.bisect_left(bounds, timex.end)
    start = bounds[first - 1] if first else 0
    end = bounds[last] if last < len(bounds) else len(body)
    reach = int(weight("event_words"))
    before = body[start : timex.start].split()[-reach:]
    after = body[timex.end : end].split()[:reach]
    return " ".join(before + after)
