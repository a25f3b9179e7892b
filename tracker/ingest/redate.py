"""Which stored articles an add dates anew, and how an article's own word on its date is kept.

A page with no date of its own is dated from what it reports and from the pages most like it
(tracker.ingest.estimate). Added alone, the first page of a story has nothing to go by; when its
story's next pages come, the add dates it again with them, as one build of all of them would
(tracker.pipeline._prepare). What the page itself said of its date is kept beside an inferred day
(`Article.as_read`), so a page is always dated anew from the page, never from an earlier guess.

    keep_read(before, after) -> Article      the dated article, with what the page said kept
    as_read(article) -> Article | None       the article as read, its inferred day let go
    redatable(unread) -> [Article]           those of them that can be dated anew, as read
    reached(unread, fresh) -> [Article]      the stored articles of unknown or inferred day to date anew
    anchors(stored) -> [Known]               the other stored days, for the estimate's neighbours
    redated(stored, dated) -> [Article]      the stored versions whose day the new batch changed

Every number is data (ingest_infer.yaml, `estimate`: redate_steps, redate_most), with an example.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from tracker.ingest.calendar import needs_day, weight
from tracker.ingest.estimate import Known
from tracker.types import Article, AsRead


def keep_read(before: Article, after: Article) -> Article:
    """The dated article, with what the page said of its date kept when a day was inferred for it.
    Example: a page read with the year-less dateline "July 23 (UPI) --" and dated 2024-07-23 keeps
    AsRead(None, "July 23 (UPI) --")."""
    if after.published_inferred and not before.published_inferred:
        return replace(after, as_read=AsRead(before.published, before.published_evidence))
    return after


def as_read(article: Article) -> Article | None:
    """The article as read from the page, before a day was inferred for it; None when that is not
    known (an article stored by a tracker that did not keep it: its day is left as it is)."""
    if not article.published_inferred:
        return article
    if article.as_read is None:
        return None
    return replace(article, published=article.as_read.published, published_inferred=False, published_lower_bound=False,
                   published_evidence=article.as_read.evidence, as_read=None)


def redatable(unread: Sequence[Article]) -> list[Article]:
    """The stored articles of unknown or inferred day that can be dated anew, each as read (those
    stored without what the page said of its date are left out)."""
    return [a for a in map(as_read, unread) if a is not None]


def reached(unread: Sequence[Article], fresh: Sequence[Article]) -> list[Article]:
    """The stored articles of unknown or inferred day that the new ones may date anew: those most
    like them, and those most like these, up to `redate_steps` steps away and at most `redate_most`
    of them, the nearest steps first (by id)."""
    found: dict[str, Article] = {}
    seeds, most = list(fresh), int(weight("redate_most"))
    for _ in range(int(weight("redate_steps"))):
        seeds = nearest([a for a in unread if a.id not in found], seeds)[: most - len(found)]
        if not seeds:
            break
        found.update((a.id, a) for a in seeds)
    return sorted(found.values(), key=lambda a: a.id)


def nearest(stored: Sequence[Article], fresh: Sequence[Article]) -> list[Article]:
    """The stored articles the new ones read most like (the neighbours the estimate asks; at most
    that many per new article), the most alike first (ties by id)."""
    from tracker.ingest.similar import neighbours

    if not stored or not fresh:
        return []
    found = neighbours([a.body for a in fresh], [a.body for a in stored], int(weight("neighbours")),
                       float(weight("min_similarity")))
    new, best = {a.id for a in fresh}, {}
    for near in found:
        for i, similarity in near:
            best[i] = max(best.get(i, 0.0), similarity)
    return [stored[i] for i in sorted(best, key=lambda i: (-best[i], stored[i].id)) if stored[i].id not in new]


def anchors(stored: Sequence[Article]) -> list[Known]:
    """Stored articles with days: their neighbours in a new batch take their week from them (an
    inferred day counts as the estimate's own earlier rounds do, less than a read one)."""
    inferred = float(weight("estimated_neighbour_weight"))
    return [Known(a.body, a.published.start, inferred if a.published_inferred else 1.0)
            for a in stored if a.published is not None and not needs_day(a)]


def redated(stored: Mapping[str, Article], dated: Sequence[Article]) -> list[Article]:
    """The stored articles whose day the new batch changed: the stored version (its copies found
    included) with the new day, its evidence and what the page said."""
    out = []
    for article in dated:
        before = stored[article.id]
        if (article.published, article.published_inferred) != (before.published, before.published_inferred):
            out.append(replace(before, published=article.published, published_inferred=article.published_inferred,
                               published_lower_bound=article.published_lower_bound,
                               published_evidence=article.published_evidence, as_read=article.as_read))
    return out
