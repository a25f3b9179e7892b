"""Features of a pair of mentions: named, pure functions that the learned pair model weighs.

A `View` is a Mention with what the features read beside it: the meaning vectors of its
sentence and of its event word (tracker.meaning) and the TF-IDF vector of its whole article
(tracker.merge.article). `views()` builds them in one pass (one encoder call for all texts).
`pair_features(a, b)` gives one float per name in FEATURE_NAMES; each is a function of the two
views only, so a pair scores the same whatever else is in the store.

Time is a value the model knows even when it is missing: `time_unknown` is 1 when either side
is undated (ECB+ has no dates at all), so "no date" is learned, not guessed.
Hard constraints are not features: `veto(a, b)` names the rule that keeps a pair apart, and
`group_apart(a, b)` says when two mentions belong to two incidents (article groups,
tracker.merge.groups): such a pair is not a candidate (it counts 0 in the linkage).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tracker.merge.article import ArticleVector, article_cosine, article_vector
from tracker.nlp import fold
from tracker.types import Mention

DISPUTE_GAP_DAYS = 1  # dates a day apart may be one happening two outlets date differently
MAX_SHARED = 2  # shared actors or places beyond two add nothing
MIN_STEM = 4
STEM = 6
NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")
STOP = frozenset("that this with from have has had were will would could should their there they them than then which while also said says".split())


@dataclass(frozen=True, slots=True, eq=False)
class View:
    """A mention and the vectors its features read (unit vectors: cosine = dot product)."""

    mention: Mention
    sentence: Any  # numpy float32 vector of the sentence's meaning
    trigger: Any | None  # vector of the event word alone, None when the mention has none
    context: Any | None  # vector of the event word in its sentence (contextual token states)
    article: ArticleVector
    numbers: frozenset[str]
    group: str | None = None  # the article group (tracker.merge.groups) of its article, when known


Embedder = Callable[[Sequence[tuple[str, tuple[int, int] | None]]], Any]


def views(
    mentions: Sequence[Mention],
    articles: Mapping[str, str],
    spans: Mapping[str, tuple[int, int]] | None = None,
    embed: Embedder | None = None,
    groups: Mapping[str, str] | None = None,
) -> list[View]:
    """Views of mentions. articles: article id -> body text (a missing body: the sentence);
    spans: mention id -> the event word's (start, end) in its sentence, when the caller knows it
    (else it is looked for by its lemma, `trigger_span`); embed: tracker.meaning.embed_spans;
    groups: article id -> article group (`Groups.of`), when articles were grouped."""
    if embed is None:
        from tracker.meaning import embed_spans as embed
    spans = spans or {}
    where = {m.id: spans.get(m.id) or trigger_span(m.sentence, m.trigger) for m in mentions}
    requests = [(m.sentence, None) for m in mentions]
    requests += [(m.trigger, None) for m in mentions if m.trigger]
    requests += [(m.sentence, where[m.id]) for m in mentions if where[m.id]]
    vectors = dict(zip(requests, embed(requests)))
    bodies = {aid: article_vector(articles.get(aid) or "") for aid in sorted({m.article_id for m in mentions})}
    return [
        View(
            m,
            vectors[(m.sentence, None)],
            vectors[(m.trigger, None)] if m.trigger else None,
            vectors[(m.sentence, where[m.id])] if where[m.id] else None,
            bodies[m.article_id] or article_vector(m.sentence),
            numbers(m.sentence),
            (groups or {}).get(m.article_id),
        )
        for m in mentions
    ]


def with_groups(found: Sequence[View], groups: Mapping[str, str]) -> list[View]:
    """The same views, each with its article's group (article id -> group id)."""
    from dataclasses import replace

    return [replace(v, group=groups.get(v.mention.article_id)) for v in found]


def trigger_span(sentence: str, trigger: str | None) -> tuple[int, int] | None:
    """Where a lemma's words stand in the sentence ("halt" -> "halted", "press conference" ->
    "press conference"); None when a word is not found (an irregular form: "say" ~ "said")."""
    if not trigger:
        return None
    found: list[tuple[int, int]] = []
    text = sentence.lower()  # same length as the sentence, so offsets hold
    for word in trigger.lower().split():
        stem = word[: max(MIN_STEM, len(word) - 2)] if len(word) > MIN_STEM else word
        hit = re.search(rf"\b{re.escape(stem)}\w*", text[found[-1][1] if found else 0 :])
        if hit is None:
            return None
        offset = found[-1][1] if found else 0
        found.append((offset + hit.start(), offset + hit.end()))
    return (found[0][0], found[-1][1])


def numbers(sentence: str) -> frozenset[str]:
    """Figures the sentence gives ("4.6", "12"), without thousands separators."""
    return frozenset(n.replace(",", "") for n in NUMBER.findall(sentence.replace(". ", ".")))


def _cos(x: Any, y: Any) -> float:
    return round(float(x.dot(y)), 4)  # the same BLAS dot as x @ y, a third of its call cost


def sentence_cos(a: View, b: View) -> float:
    return _cos(a.sentence, b.sentence)


def trigger_cos(a: View, b: View) -> float:
    """Meaning of the event words ("halted" ~ "paused"); 0 when one has none."""
    return 0.0 if a.trigger is None or b.trigger is None else _cos(a.trigger, b.trigger)


def trigger_context_cos(a: View, b: View) -> float:
    """Meaning of the event words in their sentences; falls back to the words alone."""
    if a.context is None or b.context is None:
        return trigger_cos(a, b)
    return _cos(a.context, b.context)


def numbers_shared(a: View, b: View) -> float:
    return float(bool(a.numbers & b.numbers))


def numbers_conflict(a: View, b: View) -> float:
    """Both give figures and none agrees: a 4.6 quake is not the 6.1 one."""
    return float(bool(a.numbers) and bool(b.numbers) and not a.numbers & b.numbers)


def same_trigger(a: View, b: View) -> float:
    ta, tb = a.mention.trigger, b.mention.trigger
    return float(bool(ta) and bool(tb) and fold(ta) == fold(tb))


@functools.lru_cache(maxsize=1 << 16)
def same_name(x: str, y: str) -> bool:
    """rule.same_name (spelling variants across outlets), remembered: names recur in many pairs."""
    from tracker.merge.rule import same_name as rule_same_name

    return rule_same_name(x, y)


def actors_shared(a: View, b: View) -> float:
    subjects = {a.mention.subject, b.mention.subject}
    other = [y for y in b.mention.actors if y.key not in subjects]
    shared = sum(1 for x in a.mention.actors if x.key not in subjects and any(same_name(x.key, y.key) for y in other))
    return float(min(shared, MAX_SHARED))


def doer_same(a: View, b: View) -> float:
    sa, sb = a.mention.subject, b.mention.subject
    return float(bool(sa) and bool(sb) and same_name(sa, sb))


def doer_different(a: View, b: View) -> float:
    sa, sb = a.mention.subject, b.mention.subject
    return float(bool(sa) and bool(sb) and not doer_same(a, b) and a.mention.subject_passive == b.mention.subject_passive)


def places_shared(a: View, b: View) -> float:
    shared = sum(1 for p in a.mention.places if any(same_name(fold(p), fold(q)) for q in b.mention.places))
    return float(min(shared, MAX_SHARED))


def place_conflict(a: View, b: View) -> float:
    """Both name a place and none in common."""
    return float(bool(a.mention.places) and bool(b.mention.places) and not places_shared(a, b))


def country_conflict(a: View, b: View) -> float:
    """Both name places and they lie in different countries (the gazetteer, tracker.places):
    "a summit in Ohio" and "a factory in Lyon" are two scenes, "Lyon" and "France" one."""
    from tracker.places import countries

    ca, cb = countries(a.mention.places), countries(b.mention.places)
    return float(bool(ca) and bool(cb) and not ca & cb)


def city_conflict(a: View, b: View) -> float:
    """Both name cities and none in common: two shootings in two towns."""
    from tracker.places import cities

    ca, cb = cities(a.mention.places), cities(b.mention.places)
    return float(bool(ca) and bool(cb) and not ca & cb)


def doer_different_same_day(a: View, b: View) -> float:
    """Two doers on one day: a spokesman's briefing and the president's speech."""
    return doer_different(a, b) * time_same_day(a, b)


def one_doer_two_cities(a: View, b: View) -> float:
    """One doer at two cities: a press conference in one town and a tour of another."""
    return doer_same(a, b) * city_conflict(a, b)


def time_unknown(a: View, b: View) -> float:
    return float(a.mention.time is None or b.mention.time is None)


def time_same_day(a: View, b: View) -> float:
    ta, tb = a.mention.time, b.mention.time
    return float(ta is not None and tb is not None and ta.start == ta.end == tb.start == tb.end)


def time_overlap(a: View, b: View) -> float:
    """Spans overlap without being one day ("earlier this week" ~ "Sept. 3")."""
    ta, tb = a.mention.time, b.mention.time
    return float(ta is not None and tb is not None and ta.overlaps(tb) and not time_same_day(a, b))


def time_gap(a: View, b: View) -> float:
    """log(1 + days between two disjoint spans); 0 when they overlap or one is undated."""
    gap = days_apart(a.mention, b.mention)
    return round(math.log1p(gap), 4) if gap else 0.0


def time_soft(a: View, b: View) -> float:
    """One side has no time of its own: it is dated by its article's day (a soft date)."""
    return float(a.mention.time_from == "published" or b.mention.time_from == "published")


def same_article(a: View, b: View) -> float:
    return float(a.mention.article_id == b.mention.article_id)


def same_sentence(a: View, b: View) -> float:
    """Two event words of one sentence: mostly two happenings ("said" ~ "arrested")."""
    return float(same_article(a, b) and a.mention.sentence_start == b.mention.sentence_start)


def quote_overlap(a: View, b: View) -> float:
    if not a.mention.quote or not b.mention.quote:
        return 0.0
    return round(dice(stems(a.mention.quote), stems(b.mention.quote)), 4)


def wording(a: View, b: View) -> float:
    """Dice overlap of content-word stems of the two sentences."""
    return round(dice(stems(a.mention.sentence), stems(b.mention.sentence)), 4)


def article_cos(a: View, b: View) -> float:
    """How alike the two whole articles are (0 within one article: it says nothing there)."""
    if a.mention.article_id == b.mention.article_id:
        return 0.0
    return article_cosine(a.article, b.article)


FEATURES: tuple[Callable[[View, View], float], ...] = (
    sentence_cos,
    trigger_cos,
    trigger_context_cos,
    same_trigger,
    actors_shared,
    doer_same,
    doer_different,
    places_shared,
    place_conflict,
    country_conflict,
    city_conflict,
    doer_different_same_day,
    one_doer_two_cities,
    time_unknown,
    time_same_day,
    time_overlap,
    time_gap,
    time_soft,
    same_article,
    same_sentence,
    quote_overlap,
    wording,
    numbers_shared,
    numbers_conflict,
    article_cos,
)
FEATURE_NAMES: tuple[str, ...] = tuple(f.__name__ for f in FEATURES)
# where the model and the merge read two features by position (the article floor)
SAME_ARTICLE, ARTICLE_COS = FEATURE_NAMES.index("same_article"), FEATURE_NAMES.index("article_cos")


def feature_names() -> tuple[str, ...]:
    return FEATURE_NAMES


def pair_features(a: View, b: View, article_cos: float | None = None) -> tuple[float, ...]:
    """tuple(f(a, b) for f in FEATURES), in one pass: each shared part (the doer test, the day
    test, the places) is worked out once, and the place and country lookups are skipped when a
    side names no place. The named functions above are what each value means; tests check that
    both give the same row (tests/test_features.py). The merge scores millions of pairs with it.
    `article_cos`: article_cosine of the two articles when the caller has it (the merge sums each
    pair of articles once: merging._article_cosines)."""
    ma, mb = a.mention, b.mention
    sentence = _cos(a.sentence, b.sentence)
    trigger = 0.0 if a.trigger is None or b.trigger is None else _cos(a.trigger, b.trigger)
    context = trigger if a.context is None or b.context is None else _cos(a.context, b.context)
    ta, tb = ma.trigger, mb.trigger
    sa, sb = ma.subject, mb.subject
    doer = float(bool(sa) and bool(sb) and same_name(sa, sb))
    other_doer = float(bool(sa) and bool(sb) and not doer and ma.subject_passive == mb.subject_passive)
    both_placed = bool(ma.places) and bool(mb.places)
    places = places_shared(a, b) if both_placed else 0.0
    city = city_conflict(a, b) if both_placed else 0.0
    xa, xb = ma.time, mb.time
    unknown = xa is None or xb is None
    same_day = float(not unknown and xa.start == xa.end == xb.start == xb.end)
    overlapping = not unknown and xa.start <= xb.end and xb.start <= xa.end
    gap = 0 if unknown or overlapping else (max(xa.start, xb.start) - min(xa.end, xb.end)).days
    same_art = ma.article_id == mb.article_id
    shared_numbers = bool(a.numbers & b.numbers)
    return (
        sentence,
        trigger,
        context,
        float(bool(ta) and bool(tb) and fold(ta) == fold(tb)),
        actors_shared(a, b),
        doer,
        other_doer,
        places,
        float(both_placed and not places),
        country_conflict(a, b) if both_placed else 0.0,
        city,
        other_doer * same_day,
        doer * city,
        float(unknown),
        same_day,
        float(overlapping and not same_day),
        round(math.log1p(gap), 4) if gap else 0.0,
        float(ma.time_from == "published" or mb.time_from == "published"),
        float(same_art),
        float(same_art and ma.sentence_start == mb.sentence_start),
        quote_overlap(a, b),
        round(dice(stems(ma.sentence), stems(mb.sentence)), 4),
        float(shared_numbers),
        float(bool(a.numbers) and bool(b.numbers) and not shared_numbers),
        0.0 if same_art else article_cosine(a.article, b.article) if article_cos is None else article_cos,
    )


def days_apart(a: Mention, b: Mention) -> int:
    """Days between two disjoint dated spans; 0 when they overlap or either is undated."""
    if a.time is None or b.time is None or a.time.overlaps(b.time):
        return 0
    return (max(a.time.start, b.time.start) - min(a.time.end, b.time.end)).days


def veto(a: Mention, b: Mention) -> str | None:
    """The hard rule that keeps two mentions apart whatever they share, or None.

    - dates more than DISPUTE_GAP_DAYS apart: two happenings (a day apart may be a dispute);
    - one article telling two happenings in a row ("That evening she ..."): rule.sequenced;
    - the same place-bound happening at two places (two towns evacuated): rule.place_part;
    - one article dating two of its clauses to two different days by their own words ("voted on
      Monday ... signed on Tuesday"): it tells two happenings, never one with a dispute.
    """
    if days_apart(a, b) > DISPUTE_GAP_DAYS:
        return "dates"
    if _one_article_two_days(a, b):
        return "one article, two days"
    if _one_doer_two_countries(a, b):
        return "one doer in two countries on one day"
    if a.article_id == b.article_id and a.sentence_start != b.sentence_start:
        rule = _rule()
        lexicon = rule.event_lexicon()
        if rule.sequenced(a, lexicon) or rule.sequenced(b, lexicon):
            return "told in a row"
    if a.places and b.places:  # place_part needs a place on both sides
        rule = _rule()
        if rule.place_part(a, b, rule.event_lexicon()) == rule.PLACE_BOUND_CONFLICT:
            return "place-bound at two places"
    return None


@functools.cache
def _rule():
    """tracker.merge.rule, imported at the first veto (the merge asks millions of them)."""
    from tracker.merge import rule

    return rule


def _one_article_two_days(a: Mention, b: Mention) -> bool:
    if a.article_id != b.article_id or a.time_from != "own" or b.time_from != "own" or a.time is None or b.time is None:
        return False
    return a.time.start == a.time.end and b.time.start == b.time.end and a.time.start != b.time.start


def _one_doer_two_countries(a: Mention, b: Mention) -> bool:
    from tracker.places import countries

    if not (a.subject and b.subject and same_name(a.subject, b.subject)):
        return False
    if a.time is None or b.time is None or not (a.time.start == a.time.end == b.time.start == b.time.end):
        return False
    ca, cb = countries(a.places), countries(b.places)
    return bool(ca) and bool(cb) and not ca & cb


def own_day(m: Mention) -> bool:
    """Dated to one day by its own words (not by its article's day, not a wider span)."""
    return m.time is not None and m.time_text is not None and m.time.start == m.time.end


def group_apart(a: View, b: View) -> str | None:
    """Why two mentions belong to two incidents, or None: their articles are in two article
    groups (whole texts unlike: two shootings in two towns), and they are not both dated to one
    day by their own words (a long story's later article recalling "the June 12 crash" is still
    compared with the first reports). Such a pair is not a candidate: it counts 0."""
    if a.group is None or b.group is None or a.group == b.group:
        return None
    ma, mb = a.mention, b.mention
    if own_day(ma) and own_day(mb) and days_apart(ma, mb) <= DISPUTE_GAP_DAYS:
        return None
    return f"two incidents (article groups {a.group} and {b.group})"


@functools.lru_cache(maxsize=65536)  # a sentence meets many others: cut it into stems once
def stems(text: str) -> frozenset[str]:
    return frozenset(w[:STEM] for w in re.findall(r"[a-z]+", fold(text)) if len(w) >= MIN_STEM and w not in STOP)


def dice(x: frozenset[str], y: frozenset[str]) -> float:
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0
