"""Article groups: which articles tell the same incident, from whole-article similarity.

Every report of a local shooting is about "a shooting": the event words and the sentence meaning
cannot tell two of them apart, the article's names, places and figures can. An article group is
a set of articles whose whole texts are alike (the fixed-IDF TF-IDF of tracker.merge.article),
clustered by average linkage (tracker.merge.linkage: a third report cannot glue two groups whose
own articles disagree) over candidate pairs from an index, never all pairs of a store:

- index keys: an article's TOP_TERMS heaviest terms (mostly names and figures, which the fixed
  IDF weighs most), each in the article's time bucket (window_days wide); a dated article looks
  in its bucket and the two beside it, an undated one under the term in every bucket; a key
  held by more than MAX_POSTING articles is skipped (it tells nothing);
- a pair is a candidate when it shares a key, its publication days (when both are known) are at
  most the window apart, and its cosine reaches FLOOR; other pairs count 0 in the mean;
- two articles are never in one group (a cannot-link, checked for every cross pair when two
  groups are about to join, candidates or not) when their whole texts are less alike than
  `apart_below` or, both dated, they were published further apart than the window. So a
  roundup telling two shootings, alike to the reports of both, cannot glue them: the two
  reports are unlike each other; and a chain of alike reports never spans more than the window.

Incremental and deterministic: `extend` attaches new articles to existing groups or starts new
ones; only the groups holding a candidate of a new article are re-clustered (seeded as they
were, so they only grow or join); the others are not touched. A group's id is the smallest
article id it had when it was made, and it keeps it while it only grows; when two groups join,
the smaller id stays. The same articles give the same groups, whatever their order.

The cuts and the window are data (`weights.json`, "groups"; `shipped_params()`), chosen by
eval/fit_merge.py on ECB+ training topics; eval/groups.py and eval/ecbplus.py give the figures.

API (for the event layer):
- `group_window(articles, params=None) -> Groups`: the groups of one re-merge window's
  articles (tracker.types.Article: id, title + body, publication span), all at once, with the
  shipped parameters unless given. Deterministic; the order of `articles` does not matter.
- `Groups.of` (article id -> group id), `Groups.same(a, b)`, `Groups.members()`,
  `Groups.clusters()`; `features.with_groups(views, groups.of)` puts them on pair views, and
  `features.group_apart(a, b)` says when two mentions belong to two incidents.
- Incremental use: `group_articles(docs, params) -> (Groups, GroupIndex)` for a build, then
  `extend(groups, index, new_docs, params) -> (Groups, GroupIndex)` for an append (the index
  must hold every grouped article: rebuild it with `group_articles` when it was not kept);
  `doc_of(article, vector)` makes the `Doc` of a stored article (`whole_text(article)` is what
  its vector weighs, stored once when the article is parsed: tracker.pipeline).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from tracker.merge.article import HEAVIEST, ArticleVector, article_cosine, article_cosines, article_vector
from tracker.merge.linkage import average_linkage
from tracker.types import Article

TOP_TERMS = 12  # index keys per article: its heaviest terms
MAX_POSTING = 100  # a key held by more articles than this indexes nothing
FLOOR = 0.05  # cosine below which a pair is not kept (it would count ~0 anyway)


@dataclass(frozen=True, slots=True)
class GroupParams:
    """How articles are grouped: the average-linkage cut on whole-article cosine and the window
    (days between publication days beyond which two dated articles are never one incident)."""

    threshold: float
    window_days: int
    apart_below: float = 0.0  # two articles this unlike never share a group, whatever a third says


@dataclass(frozen=True, slots=True)
class Doc:
    """What grouping reads of an article: its id, its text's vector and its publication span
    (first and last possible day; both None when undated)."""

    id: str
    vector: ArticleVector
    first: date | None = None
    last: date | None = None

    @classmethod
    def of(cls, article_id: str, text: str, first: date | None = None, last: date | None = None) -> Doc:
        return cls(article_id, article_vector(text), first, last if last is not None else first)


@dataclass(frozen=True, slots=True)
class Groups:
    """Article id -> group id (the group's name: the smallest article id it was made with)."""

    of: Mapping[str, str] = field(default_factory=dict)

    def members(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for article, group in sorted(self.of.items()):
            out.setdefault(group, []).append(article)
        return {g: tuple(m) for g, m in sorted(out.items())}

    def same(self, a: str, b: str) -> bool:
        """Both articles are grouped and in one group."""
        return a in self.of and self.of.get(a) == self.of.get(b)

    def clusters(self) -> list[tuple[str, ...]]:
        return list(self.members().values())


def days_apart(a: Doc, b: Doc) -> int | None:
    """Days between two publication spans (0 when they overlap); None when either is undated."""
    if a.first is None or b.first is None or a.last is None or b.last is None:
        return None
    if a.last < b.first:
        return (b.first - a.last).days
    if b.last < a.first:
        return (a.first - b.last).days
    return 0


def keys(doc: Doc, top: int = TOP_TERMS) -> tuple[str, ...]:
    """The article's heaviest terms (ties by term): its index keys (at most HEAVIEST)."""
    if top > HEAVIEST:
        raise ValueError(f"an article vector names its {HEAVIEST} heaviest terms, not {top}")
    return doc.vector.heaviest[:top]


class GroupIndex:
    """Inverted index of articles by (term, time bucket), for candidate pairs. Not a value: it
    grows with `add`; a store can rebuild it from its articles' texts and days."""

    def __init__(self, window_days: int, top_terms: int = TOP_TERMS, max_posting: int = MAX_POSTING) -> None:
        self.window = max(1, window_days)
        self.top = top_terms
        self.max_posting = max_posting
        self.docs: dict[str, Doc] = {}
        self.dated: dict[tuple[str, int], list[str]] = {}  # (term, bucket) -> article ids
        self.undated: dict[str, list[str]] = {}  # term -> undated article ids
        self.by_term: dict[str, list[str]] = {}  # term -> every article id (for undated queries)

    def bucket(self, doc: Doc) -> int | None:
        return None if doc.first is None else doc.first.toordinal() // self.window

    def add(self, doc: Doc) -> None:
        if doc.id in self.docs:
            return
        self.docs[doc.id] = doc
        b = self.bucket(doc)
        for term in keys(doc, self.top):
            self.by_term.setdefault(term, []).append(doc.id)
            if b is None:
                self.undated.setdefault(term, []).append(doc.id)
            else:
                self.dated.setdefault((term, b), []).append(doc.id)

    def _lists(self, doc: Doc) -> Iterable[list[str]]:
        b = self.bucket(doc)
        for term in keys(doc, self.top):
            if b is None:
                yield self.by_term.get(term, [])
                continue
            yield self.undated.get(term, [])
            for near in (b - 1, b, b + 1):
                yield self.dated.get((term, near), [])

    def near(self, doc: Doc, window_days: int | None = None) -> list[str]:
        """Indexed articles sharing a key with doc, within the window when both are dated, by id.
        Not symmetric: a key's list in one time bucket may be too long to look in (MAX_POSTING)
        while its list in the next is not. doc itself need not be indexed."""
        window = self.window if window_days is None else window_days
        seen: set[str] = set()
        for ids in self._lists(doc):
            if len(ids) <= self.max_posting:
                seen.update(ids)
        seen.discard(doc.id)
        return [other for other in sorted(seen) if (gap := days_apart(doc, self.docs[other])) is None or gap <= window]

    def cosines(self, doc: Doc, others: Sequence[str]) -> dict[str, float]:
        """doc's cosine with each of the indexed `others`, summed from doc's side (pairs below
        FLOOR left out)."""
        scores = article_cosines(doc.vector, [self.docs[other].vector for other in others])
        return {other: score for other, score in zip(others, scores) if score >= FLOOR}

    def candidates(self, doc: Doc, window_days: int | None = None) -> dict[str, float]:
        """The near articles (`near`) with their cosine (pairs below FLOOR left out)."""
        return self.cosines(doc, self.near(doc, window_days))


def whole_text(article: Article) -> str:
    """The text grouping weighs: the article's title and body."""
    return f"{article.title}\n{article.body}"


def doc_of(article: Article, vector: ArticleVector | None = None) -> Doc:
    """What grouping reads of a stored article: its title and body's vector (the stored one when
    given, else weighed now), its publication span."""
    span = article.published
    first, last = (span.start, span.end) if span else (None, None)
    return Doc(article.id, vector if vector is not None else article_vector(whole_text(article)), first, last)


def shipped_params() -> GroupParams:
    """The cuts and window the shipped model was fitted with (weights.json, "groups")."""
    from tracker.merge.model import load_model

    return load_model().groups


def group_window(articles: Iterable[Article], params: GroupParams | None = None,
                 vectors: Mapping[str, ArticleVector] | None = None) -> Groups:
    """The groups of one window's articles, all at once (the shipped parameters unless given).
    `vectors`: the articles' stored whole-text vectors by id; an article without one is weighed now."""
    vectors = vectors or {}
    found = group_articles([doc_of(a, vectors.get(a.id)) for a in articles], params or shipped_params())[0]
    article_cosine.cache_clear()  # its keys would keep every grouped article's vector alive
    return found


def group_articles(docs: Sequence[Doc], params: GroupParams) -> tuple[Groups, GroupIndex]:
    """Groups of a set of articles (a build), and the index to extend them with."""
    return extend(Groups(), GroupIndex(params.window_days), docs, params)


def extend(groups: Groups, index: GroupIndex, new: Sequence[Doc], params: GroupParams) -> tuple[Groups, GroupIndex]:
    """Attach new articles to the groups or start new ones (an append). `index` must hold the
    grouped articles; it is extended in place and returned. Only groups with a candidate pair to
    a new article are re-clustered, seeded as they were; the others keep their members."""
    fresh = sorted({d.id: d for d in new if d.id not in groups.of}.values(), key=lambda d: d.id)
    for doc in fresh:
        index.add(doc)
    scores = _fresh_scores(index, fresh, params.window_days)
    touched = sorted({groups.of[x] for pair in scores for x in pair if x in groups.of})
    members = groups.members()
    seeded = [list(members[g]) for g in touched]
    for group in seeded:  # pairs inside and between the touched groups, for exact means
        for article in group:
            for other, s in index.candidates(index.docs[article], params.window_days).items():
                if groups.of.get(other) in touched:
                    scores[tuple(sorted((article, other)))] = s  # type: ignore[index]
    items = sorted({x for group in seeded for x in group} | {d.id for d in fresh})
    return _relink(groups, index, items, seeded, scores, params), index


def _fresh_scores(index: GroupIndex, fresh: Sequence[Doc], window_days: int) -> dict[tuple[str, str], float]:
    """The candidate pairs of the new articles (sorted by id) with their cosines: a pair either
    article finds (GroupIndex.near), weighed once. Its cosine is summed from the later article's
    side when that one finds the other, else from the earlier's, as when each article weighed
    all it found and the later one's sum was kept (stop 28: each pair weighed once, not twice)."""
    scores: dict[tuple[str, str], float] = {}
    new = {d.id for d in fresh}
    waiting: dict[str, list[str]] = {}  # a new article -> the earlier new ones that found it
    alone: dict[str, list[str]] = {}  # a new article -> the later ones only it finds
    for doc in fresh:
        near = index.near(doc, window_days)
        mine = []
        for other in near:
            if other in new and other > doc.id:
                waiting.setdefault(other, []).append(doc.id)  # weighed from its side, if it finds doc
            else:
                mine.append(other)
        for other, s in index.cosines(doc, mine).items():
            scores[(other, doc.id) if other < doc.id else (doc.id, other)] = s
        found = set(near)
        for earlier in waiting.pop(doc.id, ()):
            if earlier not in found:  # only the earlier one finds this pair: its sum stands
                alone.setdefault(earlier, []).append(doc.id)
    for earlier, others in alone.items():  # each article's sums in one pass, as when it was asked
        for other, s in index.cosines(index.docs[earlier], others).items():
            scores[(earlier, other)] = s
    return scores


def unlike(a: Doc, b: Doc, params: GroupParams) -> bool:
    """Two articles that are never one incident, whatever a third says: published further apart
    than the window (both dated), or whole texts less alike than `apart_below`."""
    gap = days_apart(a, b)
    return (gap is not None and gap > params.window_days) or article_cosine(a.vector, b.vector) < params.apart_below


def _relink(groups: Groups, index: GroupIndex, items: list[str], seeded: list[list[str]], scores: dict[tuple[str, str], float], params: GroupParams) -> Groups:
    """Average linkage over the items, seeded by existing groups; names the groups found.
    `scores` is emptied as its pairs are renumbered into two arrays (millions of article pairs
    at 10,000 articles: 16 bytes each, where a dict of them costs some 100), which the linkage
    reads in pair order."""
    where = {a: n for n, a in enumerate(items)}
    codes, values = array("q"), array("d")
    while scores:
        (a, b), s = scores.popitem()  # the pairs are sorted below: this order does not matter
        if a in where and b in where:
            codes.append(where[a] * len(items) + where[b])  # a < b, so where[a] < where[b]
            values.append(s)
    found = average_linkage(
        len(items), _in_pair_order(codes, values, len(items)), params.threshold, cannot_link_below=params.apart_below, keys=items,
        start=[[where[a] for a in g] for g in seeded],
        apart=lambda i, j: unlike(index.docs[items[i]], index.docs[items[j]], params),
    )
    out = dict(groups.of)
    for cluster in found:
        ids = [items[n] for n in cluster]
        old = sorted({groups.of[a] for a in ids if a in groups.of})
        name = old[0] if old else min(ids)
        out.update(dict.fromkeys(ids, name))
    return Groups(dict(sorted(out.items())))


def _in_pair_order(codes: array, values: array, n: int) -> Iterator[tuple[tuple[int, int], float]]:
    """((i, j), score) by increasing pair, from codes i * n + j and their scores, a chunk at a time.
    Example: codes [6, 1], values [0.5, 0.25], n 4: ((0, 1), 0.25), then ((1, 2), 0.5)."""
    import numpy as np

    found = np.frombuffer(codes, dtype=np.int64)
    scores = np.frombuffer(values, dtype=np.float64)
    order = np.argsort(found, kind="stable")
    for start in range(0, len(order), 1 << 16):
        part = order[start : start + (1 << 16)]
        for code, score in zip(found[part].tolist(), scores[part].tolist()):
            yield divmod(code, n), score
