"""Blocking and clustering: which mentions are compared, and which end up together.

Dated mentions are sorted by start and swept: only mentions whose spans overlap (within
BLOCK_SLACK_DAYS) are ever compared, so the work grows with the number of overlapping pairs,
not with the square of all mentions. Clusters grow greedily from the best-scoring pair down.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from tracker.merge.rule import ATTACH_AT, ATTACH_MARGIN, ATTACH_WINDOW_DAYS, BLOCK_SLACK_DAYS, MERGE_AT, VETO_BELOW, Score, score
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
            if found is None or found.total < VETO_BELOW:
                return True
    return False


def attach(undated: Mention, events: Sequence[Sequence[Mention]]) -> tuple[int | None, list[tuple[float, int]]]:
    """The event an undated mention belongs to, when the evidence is clear, with all scores.

    Only events dated within ATTACH_WINDOW_DAYS before the article's publication are candidates
    (any event when the publication date is unknown); the best must reach ATTACH_AT and beat the
    next by ATTACH_MARGIN; no member of it may score below VETO_BELOW.
    """
    scored: list[tuple[float, int]] = []
    for n, members in enumerate(events):
        if not _near_publication(undated, members):
            continue
        totals = [score(undated, m).total for m in members]
        if min(totals) >= VETO_BELOW:
            scored.append((max(totals), n))
    scored.sort(key=lambda s: (-s[0], s[1]))
    if not scored or scored[0][0] < ATTACH_AT:
        return None, scored
    if len(scored) > 1 and scored[0][0] - scored[1][0] < ATTACH_MARGIN:
        return None, scored
    return scored[0][1], scored


def _near_publication(undated: Mention, members: Sequence[Mention]) -> bool:
    published = undated.published
    if published is None:
        return True
    lo = published.start - timedelta(days=ATTACH_WINDOW_DAYS)
    return any(m.time and m.time.end >= lo and m.time.start <= published.end for m in members)


def undated_pairs(mentions: Sequence[Mention]) -> list[Pair]:
    """Undated leftovers are compared only within one article or with close publication dates."""
    slack = timedelta(days=ATTACH_WINDOW_DAYS)
    pairs = []
    for i, a in enumerate(mentions):
        for j in range(i + 1, len(mentions)):
            b = mentions[j]
            if a.article_id == b.article_id or (
                a.published and b.published and a.published.start <= b.published.end + slack and b.published.start <= a.published.end + slack
            ):
                pairs.append((i, j))
    return pairs
