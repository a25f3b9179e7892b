"""Re-merging stored mentions into events after a build, an append or a correction.

A build merges every stored mention at once. An append (or a correction) re-merges only what its
mentions touch, found through the store's indexes, so its cost follows the new article, not the
store:

1. the new mentions the merge compares (tracker.merge.merging.candidate);
2. their candidates in the store: stored compared mentions whose time spans come within
   SLACK_DAYS of a new one (the time index of the mentions table), in a crowded stretch only the
   NEAREST in meaning (as the merge's own sweep does);
3. the events holding a new or candidate mention (the event-mention index), whole, and the
   touched mentions' old events (a replaced article version);
4. merge() over those mentions alone, as a build would, while they are at most RELINK_MENTIONS;
   in a crowded stretch (more of them) merging.attach instead: the stored events are kept whole
   and only the pairs of a new mention and its NEAREST candidates in meaning are scored, so the
   new mentions attach to stored events or start their own. The events found replace the touched
   events, each keeping the id of the old event whose mentions it holds (keep_ids); only events
   that changed are written.

Events that share no candidate pair with the new mentions are never read, decoded or written.
A store without the event-mention index (a reader of an old schema) re-merges the window the
new mentions' time spans cover, grown until no stored event straddles its edge.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING

from tracker.store import Store, Window, event_anchor, mention_anchor
from tracker.types import Article, Event, Mention

if TYPE_CHECKING:
    from tracker.engine import Engine
    from tracker.merge.article import ArticleVector

WINDOW_SLACK_DAYS = 14  # how far around new mentions a window re-merge looks
RELINK_MENTIONS = 150  # an append re-merges the events it touches whole while they hold this few mentions


def remerge(store: Store, touched: Sequence[Mention], engine: Engine | None = None) -> int:
    """Re-merge the events of the time window the touched mentions fall in (a build: all of them).
    Returns the mentions merged. With a Dask engine the merge's windows run on the cluster
    (tracker.engine.map_windows)."""
    from tracker.merge import merge

    mapper = None
    if engine is not None and engine.kind == "dask":
        from tracker.engine import map_windows

        mapper = partial(map_windows, engine=engine)
    window = _window(touched)
    if window is None:
        old_events, mentions = store.events(), store.all_mentions()
    else:
        old_events, mentions = _grow(store, window)
    count = len(mentions)
    articles = _articles(store, mentions)
    mentions = compared(mentions)  # all merge() reads: the others (half of them) are let go
    groups = _groups(store, articles)  # before the views: grouping's peak does not hold them too
    views = stored_views(store, mentions, articles)
    del articles  # the bodies are read: vectors and groups hold what the merge needs
    events = keep_ids(old_events, merge(mentions, views, groups, mapper))
    store.replace_events([e.id for e in old_events], events)
    return count


def remerge_touched(store: Store, touched: Sequence[Mention]) -> int:
    """Re-merge only the events the touched mentions (new, or of a replaced article version) reach
    through candidate pairs; write only the events that changed. Returns the mentions merged."""
    from tracker.merge import merge
    from tracker.merge.merging import attach

    if not store.has_event_index():
        return remerge(store, touched)
    ids = {m.id for m in touched}
    fresh = store.mentions_by_id(ids)  # what is stored now (a replaced version's mentions are gone)
    new = compared(fresh)
    near = _candidates(store, new, ids)
    old_events = store.events_holding(ids | {m.id for m in near})
    known = {m.id for m in fresh} | {m.id for m in near}
    members = store.mentions_by_id({m.id for e in old_events for m in e.mentions} - known)
    pool = sorted([*fresh, *near, *members], key=lambda m: m.id)
    if len(pool) <= RELINK_MENTIONS:
        articles = _articles(store, pool)
        found = merge(pool, stored_views(store, pool, articles), _groups(store, articles))
    else:  # a crowded stretch: the stored events stay whole, the new mentions attach to them
        scored = [*fresh, *_nearest(store, new, _around(new, near), always=True)]
        articles = _articles(store, scored)
        found = attach(pool, {m.id for m in fresh}, old_events, stored_views(store, scored, articles), _groups(store, articles))
    events = keep_ids(old_events, found)
    before = {e.id: e for e in old_events}
    kept = {e.id for e in events}
    store.replace_events([i for i in before if i not in kept], [e for e in events if before.get(e.id) != e])
    return len(pool)


def _candidates(store: Store, new: Sequence[Mention], exclude: set[str]) -> list[Mention]:
    """Stored compared mentions whose spans come within SLACK_DAYS of a new mention's; around a
    new mention with more than MAX_ACTIVE of them, its NEAREST in meaning and its own article's."""
    from tracker.merge.merging import SLACK_DAYS

    if not new:
        return []
    slack = timedelta(days=SLACK_DAYS)
    stored = [m for m in compared(store.mentions_near(Window(m.time.start - slack, m.time.end + slack) for m in new))
              if m.id not in exclude]
    crowded = _around(new, stored)
    if all(len(found) <= _max_active() for found in crowded.values()):
        return stored
    return _nearest(store, new, crowded)


def _around(new: Sequence[Mention], stored: Sequence[Mention]) -> dict[str, list[Mention]]:
    """Per new mention, the stored ones whose spans come within SLACK_DAYS of its span."""
    from tracker.merge.merging import within_slack

    return {n.id: [m for m in stored if within_slack(n, m)] for n in new}


def _max_active() -> int:
    from tracker.merge.merging import MAX_ACTIVE

    return MAX_ACTIVE


def _nearest(store: Store, new: Sequence[Mention], around: Mapping[str, list[Mention]], always: bool = False) -> list[Mention]:
    """Per new mention: all its candidates when few (unless `always`), else the NEAREST by the
    event word in context (the merge's crowded sweep) plus those of its own article."""
    import numpy as np

    from tracker.merge.merging import NEAREST
    from tracker.merge.vectors import unpack

    wanted = {m.id for found in around.values() for m in found} | {n.id for n in new}
    packed = store.vectors_of(sorted(wanted))
    keep: dict[str, Mention] = {}
    for n in new:
        found = around[n.id]
        here = _meaning(packed.get(n.id), unpack)
        if (len(found) <= (NEAREST if always else _max_active())) or here is None:
            keep.update((m.id, m) for m in found)
            continue
        sims = np.array([float(v @ here) if (v := _meaning(packed.get(m.id), unpack)) is not None else -1.0 for m in found])
        keep.update((found[k].id, found[k]) for k in np.argsort(-sims, kind="stable")[:NEAREST])
        keep.update((m.id, m) for m in found if m.article_id == n.article_id)
    return [keep[i] for i in sorted(keep)]


def _meaning(data: bytes | None, unpack):
    if data is None:
        return None
    sentence, _, context = unpack(data)
    return context if context is not None else sentence


def compared(mentions: Iterable[Mention]) -> list[Mention]:
    """The mentions the merge compares (tracker.merge.merging.candidate under the shipped cuts)."""
    from tracker.merge.merging import candidate, cuts
    from tracker.merge.model import load_model

    c = cuts(load_model())
    return [m for m in mentions if candidate(m, c)]


def _articles(store: Store, mentions: Sequence[Mention]) -> dict[str, Article]:
    """The stored articles of the mentions the merge compares (with a time), in one read."""
    return {a.id: a for a in store.articles_by_id(sorted({m.article_id for m in mentions if m.time is not None}))}


def _article_vectors(store: Store, article_ids: Sequence[str], body: bool = False) -> dict[str, ArticleVector]:
    """The stored TF-IDF vectors of these articles (weighed once, when each was parsed): of title
    and body (article groups), or of the body alone (`body`: the pair features). An article stored
    without them (by an older schema) is left out: its text is weighed when it is needed."""
    from tracker.merge.article import unpack_vector

    return {a: unpack_vector(both[1] if body else both[0]) for a, both in store.article_vectors_of(article_ids).items()}


def _groups(store: Store, articles: Mapping[str, Article]) -> dict[str, str]:
    """Article groups (which articles tell the same incident) of the merged mentions' articles."""
    from tracker.merge.groups import group_window

    whole = _article_vectors(store, list(articles))
    return dict(group_window([articles[i] for i in sorted(articles)], vectors=whole).of)


def stored_views(store: Store, mentions: Sequence[Mention], articles: Mapping[str, Article] | None = None):
    """The stored meaning vectors of mentions with a time, as the pair features read them, with
    their articles' stored body vectors. Bodies are read only for what was stored without its
    vectors (an older store): restore weighs or encodes those now."""
    from tracker.merge.vectors import restore

    wanted = list({m.id: m for m in compared(mentions)}.values())
    ids = sorted({m.article_id for m in wanted})
    packed = store.vectors_of([m.id for m in wanted])
    stored = _article_vectors(store, ids, body=True)
    lacking = sorted({m.article_id for m in wanted if m.id not in packed} | (set(ids) - set(stored)))
    if articles is not None and all(i in articles for i in lacking):
        bodies = {i: articles[i].body for i in lacking}
    else:
        bodies = store.bodies_of(lacking)
    return restore(wanted, packed, bodies, stored)


def keep_ids(old: Sequence[Event], new: Sequence[Event]) -> list[Event]:
    """An event that only gained reports keeps the id it had: an old event whose mentions all sit
    in one new event lends it its id (the biggest such old event, then the smallest id)."""
    where = {m.id: n for n, e in enumerate(new) for m in e.mentions}
    lent: dict[int, Event] = {}
    for event in sorted(old, key=lambda e: (-len(e.mentions), e.id)):
        homes = {where.get(m.id) for m in event.mentions}
        if len(homes) == 1 and None not in homes:
            home = homes.pop()
            lent.setdefault(home, event)
    return [replace(e, id=lent[n].id) if n in lent else e for n, e in enumerate(new)]


def _window(mentions: Iterable[Mention]) -> Window | None:
    anchors = [a for a in (mention_anchor(m) for m in mentions) if a is not None]
    if not anchors:
        return None
    slack = timedelta(days=WINDOW_SLACK_DAYS)
    return Window(min(a.start for a in anchors) - slack, max(a.end for a in anchors) + slack)


def _grow(store: Store, window: Window) -> tuple[list[Event], list[Mention]]:
    """Widen the window until every stored event it meets lies inside it."""
    while True:
        events = store.events_in(window)
        anchors = [a for a in (event_anchor(e) for e in events) if a is not None]
        start = min([window.start, *(a.start for a in anchors)])
        end = max([window.end, *(a.end for a in anchors)])
        if (start, end) == (window.start, window.end):
            return events, store.mentions_in(window)
        window = Window(start, end)
