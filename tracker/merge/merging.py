"""mentions -> events: cluster dated mentions, attach undated ones, build the events."""

from __future__ import annotations

from collections.abc import Sequence

from tracker.merge.cluster import Pair, attach, candidate_pairs, cluster, dispute_pairs, month_index, undated_pairs
from tracker.merge.event import build_event
from tracker.merge.identity import canonicalise
from tracker.merge.rule import Score
from tracker.types import Event, Mention


def merge(mentions: Sequence[Mention]) -> list[Event]:
    """Events from mentions. Deterministic: the same mentions give the same events and ids in
    any input order. Background mentions only merge among themselves; undated mentions attach
    to a dated event on clear evidence and otherwise stay undated (grouped within their article,
    and across articles of close publication dates on strong evidence)."""
    pool = canonicalise(sorted({m.id: m for m in mentions}.values(), key=lambda m: m.id))
    groups: list[tuple[list[Mention], list[str]]] = []
    for background in (False, True):
        dated = [m for m in pool if m.time and m.background is background]
        found = _clusters(dated, candidate_pairs(dated))
        groups += found if background else _join_disputes(found)
    # Undated mentions attach to news, never to background (foreground groups come first).
    dated_groups = [g for g, _ in groups if not g[0].background]
    index = month_index(dated_groups)  # undated members added below carry no time: it stays true
    leftovers: list[Mention] = []
    for m in (m for m in pool if m.time is None):
        target, scored = attach(m, dated_groups, index) if not m.background else (None, [])
        if target is None:
            leftovers.append(m)
        else:
            runner = f", next event {scored[1][0]:.2f}" if len(scored) > 1 else ", no other candidate"
            groups[target][1].append(f"{m.id[:10]} attached undated: this event {scored[0][0]:.2f}{runner}")
            groups[target][0].append(m)
    groups += _clusters(leftovers, undated_pairs(leftovers))
    events = [build_event(members, evidence) for members, evidence in groups]
    return sorted(events, key=lambda e: (e.time is None, e.time.start if e.time else None, e.id))


def _clusters(mentions: list[Mention], pairs: list[Pair]) -> list[tuple[list[Mention], list[str]]]:
    found, scores = cluster(mentions, pairs)
    owner = {i: n for n, members in enumerate(found) for i in members}
    evidence: list[list[str]] = [[] for _ in found]
    for pair, found_score in sorted(scores.items()):
        if owner[pair[0]] == owner[pair[1]]:
            evidence[owner[pair[0]]].append(_evidence(mentions, pair, found_score))
    return [([mentions[i] for i in members], evidence[n]) for n, members in enumerate(found)]


def _evidence(mentions: list[Mention], pair: Pair, found: Score) -> str:
    return f"{mentions[pair[0]].id[:10]}~{mentions[pair[1]].id[:10]} {found.describe()}"


def _join_disputes(groups: list[tuple[list[Mention], list[str]]]) -> list[tuple[list[Mention], list[str]]]:
    """Join events that are one happening told with different dates (cluster.dispute_pairs);
    each event joins at most once, so a chain of days never snowballs into one event."""
    joined: set[int] = set()
    out = [(list(members), list(evidence)) for members, evidence in groups]
    for k, n, note in dispute_pairs([members for members, _ in groups]):
        if k in joined or n in joined:
            continue
        joined |= {k, n}
        out[k][0].extend(out[n][0])
        out[k][1].extend([*out[n][1], note])
        out[n] = ([], [])
    return [g for g in out if g[0]]
