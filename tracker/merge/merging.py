"""mentions -> events: which mentions tell a happening, which tell the same one, and when.

1. A mention is a candidate when it has a time (its own, or its article's day for a news
   sentence with none: a soft date) and the happening model (tracker/mentions/happening.py) says
   it tells a happening at that time, not background, a forecast or a caption. A mention marked
   background (a clause dated days before another of its sentence: tracker/mentions/background.py;
   history long before its article) is never a candidate.
2. Candidate pairs come from an index (a sweep over time spans, within a day of each other, and in
   a crowded stretch only each mention's nearest neighbours in meaning), never all pairs.
3. The learned pair model (tracker/merge/model.py, weights.json) scores each pair; a hard rule
   (features.veto: dates apart, one article telling two happenings in a row, a place-bound
   happening at two places) or a very low score keeps two clusters apart for good.
4. Average linkage (linkage.py) joins clusters while their mean pair probability reaches the
   threshold: a report that matches two others cannot glue them when they do not match each other.
5. A cluster is an event when it is told by two articles or one of its mentions is clearly a
   happening; what is left is context of its article, never a plotted event of its own. Mentions
   without any time are context too.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from tracker.merge.article import ArticleVector
from tracker.merge.event import build_event
from tracker.merge.identity import canonicalise
from tracker.merge.features import ARTICLE_COS, View, group_apart, pair_features, veto, with_groups
from tracker.merge.linkage import Pair, average_linkage
from tracker.merge.model import PairModel, load_model
from tracker.merge.windows import each_pair, each_value, pair_list, window_pairs, windows
from tracker.types import Event, Mention

Mapper = Callable[[Callable, Sequence], list]  # map(function, tasks) -> results, in order
SLACK_DAYS = 1  # spans this close are compared (outlets a day apart on one happening)
MAX_ACTIVE = 200  # in a stretch where more spans overlap than this, keep each mention's nearest
NEAREST = 40  # ... neighbours in meaning (the event word in context)


@dataclass(frozen=True, slots=True)
class Cuts:
    """The thresholds of the event layer, fitted with the pair weights (weights.json `events`)."""

    happening_at: float  # an own-dated mention below this tells no happening
    soft_at: float  # a mention dated only by its article's day needs this much
    event_at: float  # a one-article cluster is an event when one mention reaches this
    threshold: float  # average-linkage cut
    cannot_link_below: float
    article_floor: float  # mentions of two articles this unlike are never compared


def cuts(model: PairModel) -> Cuts:
    events = model.provenance.get("events_cuts") or {}
    return Cuts(
        happening_at=float(events.get("happening_at", 0.4)),
        soft_at=float(events.get("soft_at", 0.5)),
        event_at=float(events.get("event_at", 0.5)),
        threshold=float(events.get("threshold", model.threshold)),
        cannot_link_below=float(events.get("cannot_link_below", model.cannot_link_below)),
        article_floor=float(events.get("article_floor", model.provenance.get("article_floor", 0.0))),
    )


def candidate(m: Mention, c: Cuts) -> bool:
    if m.background:
        return False  # e.g. the background of a newer happening its sentence tells (mentions.background)
    if m.time is None or m.happening is None:
        return m.time is not None and m.time_from == "own"  # hand-made mentions carry no cues
    return m.happening >= (c.soft_at if m.time_from == "published" else c.happening_at)


def merge(
    mentions: Sequence[Mention],
    views: Sequence[View] | Mapping[str, View] | None = None,
    groups: Mapping[str, str] | None = None,
    mapper: Mapper | None = None,
) -> list[Event]:
    """Events from mentions. Deterministic: the same mentions give the same events and ids in any
    input order. `views` (tracker.merge.vectors.restore) carry the stored meaning vectors; without
    them the mentions are encoded now. `groups` (article id -> article group, tracker.merge.groups)
    keeps mentions of two incidents apart unless both are dated to one day by their own words.
    `mapper(function, windows)` runs the merge of each time window (windows.py) where the caller
    wants: in this process by default, on a Dask cluster with `--engine dask` (tracker.engine)."""
    c = cuts(load_model())
    found = _pool(mentions, views, groups, c)
    return _events(found, cluster(found, mapper), c)


def attach(
    mentions: Sequence[Mention],
    fresh: Collection[str],
    existing: Sequence[Event],
    views: Sequence[View] | Mapping[str, View],
    groups: Mapping[str, str] | None = None,
) -> list[Event]:
    """Events after an append into a crowded stretch of the timeline: the stored events
    (`existing`) are kept whole, and each `fresh` mention joins the cluster its pairs reach on
    average (average_linkage seeded with them) or starts its own; a stored event no fresh mention
    joined comes back as it was stored (not built again: an append touches only the events it
    changes). Only pairs of a fresh mention and a mention with a view are scored (spans within
    SLACK_DAYS, as candidate_pairs has them), so the cost follows the new article, however many
    reports the events it lands among hold: a member without a view counts 0 in the mean, as a
    pair that was never a candidate does in a build.
    Example: stored {a1, b1} and {c1}, fresh a2 alike to a1 and b1: {a1, b1, a2} and {c1}."""
    model = load_model()
    c = cuts(model)
    pool = canonicalise(sorted({m.id: m for m in mentions if candidate(m, c)}.values(), key=lambda m: m.id))
    by_id = views if isinstance(views, Mapping) else {v.mention.id: v for v in views}
    seen = [k for k, m in enumerate(pool) if m.id in by_id or m.id in fresh]
    found = dict(zip(seen, _views([pool[k] for k in seen], by_id), strict=True))
    if groups:
        found = dict(zip(found, with_groups(list(found.values()), groups), strict=True))
    new = [k for k in seen if pool[k].id in fresh]
    near = {(min(i, j), max(i, j)) for i in new for j in seen if j != i and within_slack(pool[i], pool[j])}
    where = {m.id: k for k, m in enumerate(pool)}
    stored = {tuple(kept): event for event in existing if (kept := sorted(where[m.id] for m in event.mentions if m.id in where))}
    keys = [m.id for m in pool]
    held_new = set(new)  # a re-dated article's mentions are fresh too: their events are built again
    held = held_new | {k for kept in stored for k in kept}
    # a cluster of stored mentions that were in no event and met no new one stays as it was: none
    clusters = [members for members in _link(found, sorted(near), model, c, [list(k) for k in stored], keys) if held & set(members)]
    same: list[Event] = []  # stored events no fresh mention joined or changed: as they were
    changed: list[list[int]] = []
    for members in clusters:
        event = stored.get(tuple(sorted(members)))
        if event is not None and not held_new.intersection(members):
            same.append(event)
        else:
            changed.append(members)
    return sorted([*same, *_events(pool, changed, c)], key=_timeline_order)


def within_slack(a: Mention, b: Mention) -> bool:
    """The two dated mentions' spans come within SLACK_DAYS of each other (candidates by time)."""
    slack = timedelta(days=SLACK_DAYS)
    return a.time.end + slack >= b.time.start and b.time.end + slack >= a.time.start


def _pool(mentions: Sequence[Mention], views, groups: Mapping[str, str] | None, c: Cuts) -> list[View]:
    """The views of the mentions the merge compares, sorted by id, names made one per person."""
    pool = sorted({m.id: m for m in mentions if candidate(m, c)}.values(), key=lambda m: m.id)
    pool = canonicalise(pool)  # one person, one place: one key and one name across spellings
    found = _views(pool, views)
    return with_groups(found, groups) if groups else found


def _events(found: Sequence[View] | Sequence[Mention], clusters: Sequence[Sequence[int]], c: Cuts) -> list[Event]:
    mentions = [v.mention if isinstance(v, View) else v for v in found]
    events = [build_event([mentions[i] for i in members]) for members in clusters if _plotted(mentions, members, c)]
    return sorted(events, key=_timeline_order)


def _timeline_order(e: Event) -> tuple:
    return (e.time is None, e.time.start if e.time else None, e.id)


def _views(pool: Sequence[Mention], views) -> list[View]:
    if views is None:
        from tracker.merge.vectors import restore

        return restore(pool, {}, {})
    by_id = views if isinstance(views, Mapping) else {v.mention.id: v for v in views}
    missing = [m for m in pool if m.id not in by_id]
    if missing:
        from tracker.merge.vectors import restore

        by_id = {**by_id, **{v.mention.id: v for v in restore(missing, {}, {})}}
    # the stored view may hold an older copy of the mention (same id): the pool's copy wins
    return [View(m, *_parts(by_id[m.id])) for m in pool]


def _parts(v: View) -> tuple:
    return (v.sentence, v.trigger, v.context, v.article, v.numbers)


def cluster(found: Sequence[View], mapper: Mapper | None = None) -> list[list[int]]:
    """Clusters of the views, window by window: the same clusters as one run over all of them."""
    pairs = candidate_array(found)
    parts = windows(len(found), pairs)
    inside = window_pairs(parts, pairs)
    del pairs  # each window holds its own (millions of pairs at 10,000 articles)
    wide = [part for part in parts if len(part) > 1]
    tasks = [([found[i] for i in part], local) for part, local in zip(parts, inside, strict=True) if len(part) > 1]
    del inside
    with _heap_frozen():
        results = (mapper or _here)(cluster_window, tasks) if tasks else []
    clusters = [[part[k] for k in members] for part, result in zip(wide, results) for members in result]
    clusters += [part for part in parts if len(part) == 1]
    return sorted(clusters, key=lambda members: found[members[0]].mention.id)


@contextmanager
def _heap_frozen() -> Iterator[None]:
    """The objects alive before the linkage are left out of the cycle collector's full passes
    while it runs (gc.freeze): the linkage makes millions of short-lived tuples, and each full
    pass would walk every view and vector of the store again (the clustering of 10,000 synthetic
    articles: 190 -> 164 s). Nothing changes if the caller froze objects itself."""
    import gc

    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _here(function: Callable, tasks: Sequence) -> list:
    return [function(task) for task in tasks]


def cluster_window(task: tuple[Sequence[View], Sequence[Pair]]) -> list[list[int]]:
    """One window's clusters (positions in the window): its pairs (tuples, or a (k, 2) array as
    window_pairs gives them) scored, vetoed, linked. A pure function of its views, so it runs the
    same in any process that has tracker installed."""
    found, pairs = task
    model = load_model()
    return _link(found, pairs, model, cuts(model))


def _link(
    found: Sequence[View] | Mapping[int, View], pairs: Sequence[Pair], model: PairModel, c: Cuts,
    start: Sequence[Sequence[int]] = (), keys: Sequence[str] | None = None,
) -> list[list[int]]:
    """Clusters of the pairs' items: scored, vetoed, linked (`found[i]` the view of item i; `keys`
    the ids of all items, when not every item has a view); `pairs` tuples or a (k, 2) array."""
    cannot = [(i, j) for i, j in each_pair(pairs) if veto(found[i].mention, found[j].mention)]
    vetoed = set(cannot)

    def scored() -> Iterator[tuple[Pair, float]]:
        # pairs are scored as the linkage sums them, never all held at once (millions at 10,000
        # articles); `pairs` come sorted (candidate_pairs), the order the linkage adds them in
        for (i, j), article_cos in zip(each_pair(pairs), each_value(_article_cosines(found, pairs)), strict=True):
            a, b = found[i], found[j]
            if (i, j) in vetoed or group_apart(a, b):
                continue  # vetoed: a cannot-link; two incidents: not a candidate, it counts 0
            features = pair_features(a, b, article_cos)
            if a.mention.article_id != b.mention.article_id and features[ARTICLE_COS] < c.article_floor:
                continue
            yield (i, j), model.probability(features)

    keys = keys if keys is not None else [v.mention.id for v in found]
    return average_linkage(len(keys), scored(), c.threshold, cannot, c.cannot_link_below, keys, start)


def _article_cosines(found: Sequence[View] | Mapping[int, View], pairs: Sequence[Pair]):
    """The whole-article cosine of each pair's two mentions, in pair order (article.pair_cosines:
    each pair of article vectors summed once, however many of their mentions' pairs meet it).
    Keyed by the vector (its text's digest), not the article id: a mention stored without its
    article's body has its sentence's vector, as pair_features reads it."""
    import numpy as np

    from tracker.merge.article import pair_cosines

    items = dict(found.items() if isinstance(found, Mapping) else enumerate(found))
    where: dict[ArticleVector, int] = {}
    owner = np.zeros(max(items, default=-1) + 1, dtype=np.int64)  # item -> its vector's position
    for k, view in items.items():
        owner[k] = where.setdefault(view.article, len(where))
    return pair_cosines(list(where), owner[np.asarray(pairs, dtype=np.int64).reshape(-1, 2)])


def candidate_pairs(found: Sequence[View]) -> list[Pair]:
    """candidate_array's pairs as a sorted list of tuples (i < j).
    Example: two views dated a day apart, one a month later: [(0, 1)]."""
    return pair_list(candidate_array(found))


def candidate_array(found: Sequence[View]):
    """Pairs (i < j) whose time spans come within SLACK_DAYS of each other (a sweep by start), in
    a crowded stretch only each mention's NEAREST neighbours by the event word in context: a
    (k, 2) int32 array sorted by i, then j (millions of pairs at 10,000 articles: 8 bytes each,
    where a set of tuples costs some 150)."""
    import numpy as np

    n = len(found)
    order = sorted(range(n), key=lambda i: (found[i].mention.time.start, found[i].mention.id))
    slack = timedelta(days=SLACK_DAYS)
    active: list[int] = []
    codes = []  # pair (i, j), i < j, as i * n + j: sorted codes are pairs in lexicographic order
    for i in order:
        start = found[i].mention.time.start
        active = [j for j in active if found[j].mention.time.end + slack >= start]
        if len(active) > MAX_ACTIVE:
            here = _vector(found[i])
            sims = np.array([float(_vector(found[j]) @ here) for j in active])
            keep = [active[k] for k in np.argsort(-sims, kind="stable")[:NEAREST]]
            keep += [j for j in active if found[j].mention.article_id == found[i].mention.article_id]
        else:
            keep = active
        if keep:
            other = np.array(keep, dtype=np.int64)
            codes.append(np.minimum(other, i) * n + np.maximum(other, i))
        active.append(i)
    unique = np.unique(np.concatenate(codes)) if codes else np.zeros(0, dtype=np.int64)
    return np.stack([unique // max(n, 1), unique % max(n, 1)], axis=1).astype(np.int32)


def _vector(v: View):
    return v.context if v.context is not None else v.sentence


def _plotted(pool: Sequence[Mention], members: Sequence[int], c: Cuts) -> bool:
    """Told by two articles, or one of its mentions clearly tells a happening; a span of more than
    a day told by one article only is background or a vague reference."""
    mentions = [pool[i] for i in members]
    articles = {m.article_id for m in mentions}
    if len(articles) >= 2:
        return True
    own = [m for m in mentions if m.time_from == "own"]
    if not own and any(m.happening is not None for m in mentions):
        return max(m.happening or 0.0 for m in mentions) >= max(c.event_at, c.soft_at)
    if any(m.time.start != m.time.end for m in own) and all(m.time.start != m.time.end for m in own):
        return False
    return any(m.happening is None or m.happening >= c.event_at for m in own)

