"""Copies of one article: the same text on two sites, or the same page scraped again with other
furniture, is one article found at several places, not two sources.

A new article is a copy of a stored one when COPY_CONTAINMENT of its five-word shingles are in
the stored article: it adds (almost) nothing to it. Measured by eval/copies.py:

- copies score 0.84-1.00: real pages scraped again with other menus, boxes and cut-offs (430
  variants of 147 real pages, 10th percentile 1.00, lowest 0.84), a wire copy under another
  headline without its last paragraph (lowest 0.92), and two real syndicated copies in
  Timeline17 (a trimmed wire story on another outlet's site, 0.98; a wire story run by a paper
  before the agency's longer update, 0.86);
- different reports of one story by different outlets score at most 0.61 (Timeline17, pairs
  within three days) and 0.55 (the real-stories pages).

A stored article is compared in full only when it holds CANDIDATE_SHARE of the new article's
shingle sample (the MOD-m sample, whose share estimates the containment): the 544 copies above
(containment >= 0.8, Timeline17 and the re-scrapes) hold at least 0.72 of it. In a store of
look-alike texts (one template's stock phrases: 108 of 10,000 synthetic articles hold 0.3-0.43 of
an article's sample, none a copy) a lower share made every append compare ten texts in full.

Versions of one wire story by its own outlet (an update with a paragraph added) score above the
threshold too (109 ordered pairs in Timeline17) and count as copies: the version stored first
stays, and what a later version adds (under a fifth of it) is not read.

The measure is one-sided on purpose: a later, longer article that takes in an earlier short one
(a live page, a round-up) has most of its text new and stays an article of its own, so nothing
it reports is lost. Two articles whose read publication days lie more than MAX_DAYS_APART apart
are never copies (a round-up days later repeats, it does not copy). The first place stored stays
the article; a later copy is recorded on it (`Article.also_at`) with its URL and outlet.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from tracker.ingest.shingles import containment, sample, shingle_hashes
from tracker.store import Store
from tracker.types import Article, Copy, Precision

COPY_CONTAINMENT = 0.8
CANDIDATE_SHARE = 0.5  # compare in full only stored articles sharing this share of the sample
MIN_SHINGLES = 10  # a body shorter than this (about 14 words) is too short to call a copy
MAX_DAYS_APART = 2
MAX_POSTING = 50  # a sampled run held by more articles of one call than this is a stock phrase: it finds no copy
MAX_COMPARED = 10  # full texts compared per new article: those sharing most of its sample


@dataclass(frozen=True, slots=True)
class CopyFound:
    copy: Article  # the article just read
    kept_id: str  # the stored article it copies
    share: float  # the share of its text the kept article already has


class CopyFinder:
    """Finds, for each new article of one call, a stored (or earlier new) article it copies."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.pending: dict[str, tuple[Article, frozenset[int]]] = {}  # kept in this call, not stored yet
        self.postings: dict[int, list[str]] = {}  # sample hash -> pending article ids (as the store indexes)
        self.order: dict[str, int] = {}  # pending article id -> when it came
        if not store.samples_complete():
            for article in store.unindexed_articles():  # stored before the index existed
                store.index_samples(article.id, sample(shingle_hashes(article.body)))
            store.mark_samples_complete()

    def check(self, article: Article) -> CopyFound | None:
        """The article this one copies, or None (then it is remembered for the rest of the call)."""
        hashes = shingle_hashes(article.body)
        found = self._best(article, hashes) if len(hashes) >= MIN_SHINGLES else None
        if found is None:
            self.pending[article.id] = (article, hashes)
            self.order.setdefault(article.id, len(self.order))
            for h in sample(hashes):
                self.postings.setdefault(h, []).append(article.id)
        return found

    def stored(self, article: Article) -> None:
        """Index an article once it is in the store."""
        entry = self.pending.pop(article.id, None)
        hashes = entry[1] if entry else shingle_hashes(article.body)
        self.store.index_samples(article.id, sample(hashes))

    def _best(self, article: Article, hashes: frozenset[int]) -> CopyFound | None:
        best = None
        for other, other_hashes in self._candidates(article, hashes):
            share = containment(hashes, other_hashes)
            if share >= COPY_CONTAINMENT and not _days_apart(article, other) and (best is None or share > best.share):
                best = CopyFound(article, other.id, share)
        return best

    def _candidates(self, article: Article, hashes: frozenset[int]):
        """The pending and stored articles sharing CANDIDATE_SHARE of the article's sample (the
        pending ones first, in the order they came): an index lookup, never every pair of a call."""
        mine = sample(hashes)
        if not mine:
            return
        counts: dict[str, int] = {}
        for h in mine:
            holders = self.postings.get(h, ())
            if len(holders) <= MAX_POSTING:
                for other_id in holders:
                    counts[other_id] = counts.get(other_id, 0) + 1
        near = _closest({i: n for i, n in counts.items() if i != article.id and i in self.pending}, len(mine))
        for other_id in sorted(near, key=self.order.__getitem__):  # in the order they came
            yield self.pending[other_id]
        matches = self.store.sample_matches(mine, at_least=math.ceil(CANDIDATE_SHARE * len(mine)))  # what _closest keeps
        stored = _closest({i: n for i, n in matches.items() if i != article.id and i not in self.pending}, len(mine))
        for other_id in sorted(stored):
            other = self.store.article(other_id)
            if other is not None:
                yield other, shingle_hashes(other.body)


def _closest(shared: dict[str, int], size: int) -> list[str]:
    """The articles sharing CANDIDATE_SHARE of a sample of `size` hashes, at most MAX_COMPARED of
    them, those sharing most first (ties by id): a copy shares most of the sample, so in a store of
    look-alike texts (a template's stock phrases) the full comparisons stay few."""
    eligible = sorted((-n, i) for i, n in shared.items() if n >= CANDIDATE_SHARE * size)
    return [i for _, i in eligible[:MAX_COMPARED]]


def _days_apart(a: Article, b: Article) -> bool:
    days = [x.published.start for x in (a, b)
            if x.published is not None and x.published.precision is Precision.DAY and not x.published_inferred]
    return len(days) == 2 and abs((days[0] - days[1]).days) > MAX_DAYS_APART


def record_copy(store: Store, found: CopyFound) -> bool:
    """Note the copy's place on the kept article. False when the kept article is not in the store."""
    kept = store.article(found.kept_id)
    if kept is None:
        return False
    where = found.copy.url or found.copy.path
    if all(c.where != where for c in kept.also_at) and where != (kept.url or kept.path):
        store.update_article(replace(kept, also_at=kept.also_at + (Copy(where, found.copy.outlet, found.copy.content_hash),)))
    store.add_copy(found.copy.content_hash, kept.id)
    return True


def keep_places(store: Store, article: Article) -> Article:
    """A new version of a stored article (same id) keeps the copies found of the old one."""
    old = store.article(article.id)
    return replace(article, also_at=old.also_at) if old is not None and old.also_at else article
