"""Blocking and clustering: which mentions are compared, and which end up together.

Dated mentions are sorted by start and swept: only mentions whose spans overlap (within
BLOCK_SLACK_DAYS) are ever compared, so the work grows with the number of overlapping pairs,
not with the square of all mentions. Clusters grow greedily from the best-scoring pair down.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from tracker.merge.rule import (
    ATTACH_AT,
    ATTACH_MARGIN,
    ATTACH_WINDOW_DAYS,
    BLOCK_SLACK_DAYS,
    EVENT_SCENE_OTHER,
    MERGE_AT,
    VETO_BELOW,
    DISPUTE_GAP_DAYS,
    Score,
    disputed,
    same_article_part,
    same_name,
    score,
    strong_undated,
    told_apart,
)
from tracker.types import Mention

Pair = tuple[int, int]


def candidate_pairs(mentions: Sequence[Mention], slack_days: int = BLOCK_SLACK_DAYS) -> list[Pair]:
    """Index pairs (i < j) of dated mentions whose spans overlap within the slack (sweep by start)."""
    order = sorted((i for i, m in enumerate(mentions) if m.time), key=lambda i: (mentions[i].time.start, mentions[i].id))
    slack = timedelta(days=slack_days)
    active: list[int] = []
    pairs: list[Pair] = []
    for i in order:
        start = mentions[i].time.start
        active = [j for j in active if mentions[j].time.end + slack >= start]
        pairs.extend((min(i, j), max(i, j)) for j in active)
        active.append(i)
    return sorted(pairs)


def cluster(mentions: Sequence[Mention], pairs: Sequence[Pair]) -> tuple[list[list[int]], dict[Pair, Score]]:
    """Greedy single-link clustering with a veto: join the best pair first; never join two
    clusters holding a pair that scores below VETO_BELOW or was never a candidate."""
    scores = {p: score(mentions[p[0]], mentions[p[1]]) for p in pairs}
    owner = {i: i for i in range(len(mentions))}
    members: dict[int, list[int]] = {i: [i] for i in range(len(mentions))}
    ranked = sorted((p for p in pairs if scores[p].total >= MERGE_AT), key=lambda p: (-scores[p].total, mentions[p[0]].id, mentions[p[1]].id))
    for i, j in ranked:
        a, b = owner[i], owner[j]
        if a == b or _vetoed(members[a], members[b], scores):
            continue
        members[a].extend(members.pop(b))
        for k in members[a]:
            owner[k] = a
    return [sorted(g) for g in members.values()], scores


def _vetoed(left: list[int], right: list[int], scores: dict[Pair, Score]) -> bool:
    for i in left:
        for j in right:
            found = scores.get((min(i, j), max(i, j)))
            if found is None or found.total < VETO_BELOW or told_apart(found):
                return True
    return False


def attach(
    undated: Mention, events: Sequence[Sequence[Mention]], index: dict[int, tuple[int, ...]] | None = None
) -> tuple[int | None, list[tuple[float, int]]]:
    """The event an undated mention belongs to, when the evidence is clear, with all scores.

    Only events dated within ATTACH_WINDOW_DAYS before the article's publication are candidates
    (any event when the publication date is unknown); the best must reach ATTACH_AT and beat the
    next by ATTACH_MARGIN; no member of it may score below VETO_BELOW.
    """
    scored: list[tuple[float, int]] = []
    for n in _events_near(undated, events, month_index(events) if index is None else index):
        members = events[n]
        if not _near_publication(undated, members):
            continue
        totals = [score(undated, m).total for m in members]
        own = same_article_part(undated, members)
        # the article's own "at the hearing" refers back to the hearing it told: other outlets'
        # wording of it (another doer, another event word) does not veto that
        if own > 0 or min(totals) >= VETO_BELOW:
            scored.append((round(max(totals) + scene_part(undated, members) + own, 2), n))
    scored.sort(key=lambda s: (-s[0], s[1]))
    if not scored or scored[0][0] < ATTACH_AT:
        return None, scored
    if len(scored) > 1 and scored[0][0] - scored[1][0] < ATTACH_MARGIN:
        return None, scored
    return scored[0][1], scored


def _month(day) -> int:
    return day.year * 12 + day.month - 1


def _events_near(undated: Mention, events: Sequence[Sequence[Mention]], index: dict[int, tuple[int, ...]]) -> list[int]:
    """Indexes of events with a mention in a month the attach window touches (all when the
    article's date is unknown): a month index keeps attaching linear in the number of events."""
    published = undated.published
    if published is None:
        return list(range(len(events)))
    lo = published.start - timedelta(days=ATTACH_WINDOW_DAYS)
    found = {n for month in range(_month(lo), _month(published.end) + 1) for n in index.get(month, ())}
    return sorted(found)


def month_index(events: Sequence[Sequence[Mention]]) -> dict[int, tuple[int, ...]]:
    """For each month (year * 12 + month - 1), the events with a dated mention in it."""
    index: dict[int, list[int]] = {}
    for n, members in enumerate(events):
        months = {k for m in members if m.time for k in range(_month(m.time.start), _month(m.time.end) + 1)}
        for month in months:
            index.setdefault(month, []).append(n)
    return {month: tuple(ns) for month, ns in index.items()}


def _near_publication(undated: Mention, members: Sequence[Mention]) -> bool:
    published = undated.published
    if published is None:
        return True
    lo = published.start - timedelta(days=ATTACH_WINDOW_DAYS)
    return any(m.time and m.time.end >= lo and m.time.start <= published.end for m in members)


def scene_part(undated: Mention, members: Sequence[Mention]) -> float:
    """An undated mention that names a scene belongs to the event held there, not to one that
    only mentions the place in passing: compare with the scene most of the event names."""
    counts: dict[str, int] = {}
    for m in members:
        for p in m.places:
            counts[p] = counts.get(p, 0) + 1
    if not undated.places or not counts:
        return 0.0
    main = min(counts, key=lambda p: (-counts[p], p))
    return 0.0 if any(same_name(main.lower(), p.lower()) for p in undated.places) else EVENT_SCENE_OTHER


def undated_pairs(mentions: Sequence[Mention]) -> list[Pair]:
    """Candidate pairs of undated mentions: within one article, and across articles published
    within ATTACH_WINDOW_DAYS of each other (a sweep by publication date, never all pairs);
    a cross-article pair stays a candidate only on strong evidence (rule.strong_undated)."""
    by_article: dict[str, list[int]] = {}
    for i, m in enumerate(mentions):
        by_article.setdefault(m.article_id, []).append(i)
    pairs = {(i, j) for same in by_article.values() for n, i in enumerate(same) for j in same[n + 1:]}
    order = sorted((i for i, m in enumerate(mentions) if m.published), key=lambda i: (mentions[i].published.start, mentions[i].id))
    slack = timedelta(days=ATTACH_WINDOW_DAYS)
    active: list[int] = []
    for i in order:
        start = mentions[i].published.start
        active = [j for j in active if mentions[j].published.end + slack >= start]
        for j in active:
            pair = (min(i, j), max(i, j))
            if mentions[i].article_id != mentions[j].article_id and strong_undated(score(mentions[i], mentions[j])):
                pairs.add(pair)
        active.append(i)
    return sorted(pairs)


def dispute_pairs(groups: Sequence[Sequence[Mention]]) -> list[tuple[int, int, str]]:
    """Pairs of dated events (indexes, best first) that are one happening whose date outlets
    dispute: no article reports both, and some mention of each agrees with one of the other on
    all but the date (rule.disputed). Events are swept by start, so only near ones are compared."""
    spans = [(min(m.time.start for m in g), max(m.time.end for m in g)) for g in groups]
    order = sorted(range(len(groups)), key=lambda n: (spans[n][0], n))
    slack = timedelta(days=DISPUTE_GAP_DAYS + 1)
    found: list[tuple[float, int, int, str]] = []
    active: list[int] = []
    for n in order:
        active = [k for k in active if spans[k][1] + slack >= spans[n][0]]
        for k in active:
            if {m.article_id for m in groups[k]} & {m.article_id for m in groups[n]}:
                continue
            best = max(
                ((s, a, b) for a in groups[k] for b in groups[n] if (s := disputed(a, b)) is not None),
                key=lambda sab: (sab[0].total, sab[1].id, sab[2].id),
                default=None,
            )
            if best is not None:
                note = f"{best[1].id[:10]}~{best[2].id[:10]} date disputed: {best[0].describe()}"
                found.append((best[0].total, min(k, n), max(k, n), note))
        active.append(n)
    return [(k, n, note) for _, k, n, note in sorted(found, key=lambda f: (-f[0], f[1], f[2]))]
