"""mentions -> events: cluster dated mentions, attach undated ones, build the events."""

from __future__ import annotations

from collections.abc import Sequence

from tracker.merge.cluster import Pair, attach, candidate_pairs, cluster
from tracker.merge.event import build_event
from tracker.merge.rule import Score
from tracker.types import Event, Mention


def merge(mentions: Sequence[Mention]) -> list[Event]:
    """Events from mentions. Deterministic: the same mentions give the same events and ids in
    any input order. Background mentions only merge among themselves; undated mentions attach
    to a dated event on clear evidence and otherwise stay undated (grouped within their article)."""
    pool = sorted({m.id: m for m in mentions}.values(), key=lambda m: m.id)
    groups: list[tuple[list[Mention], list[str]]] = []
    for background in (False, True):
        dated = [m for m in pool if m.time and m.background is background]
        groups += _clusters(dated, candidate_pairs(dated))
    # Undated mentions attach to news, never to background (foreground groups come first).
    dated_groups = [g for g, _ in groups if not g[0].background]
    leftovers: list[Mention] = []
    for m in (m for m in pool if m.time is None):
        target, scored = attach(m, dated_groups) if not m.background else (None, [])
        if target is None:
            leftovers.append(m)
        else:
            groups[target][1].append(f"{m.id[:10]} attached undated: best {scored[0][0]:.2f}")
            groups[target][0].append(m)
    for article in sorted({m.article_id for m in leftovers}):
        here = [m for m in leftovers if m.article_id == article]
        groups += _clusters(here, [(i, j) for i in range(len(here)) for j in range(i + 1, len(here))])
    events = [build_event(members, evidence) for members, evidence in groups]
    return sorted(events, key=lambda e: (e.time is None, e.time.start if e.time else None, e.id))


def _clusters(mentions: list[Mention], pairs: list[Pair]) -> list[tuple[list[Mention], list[str]]]:
    found, scores = cluster(mentions, pairs)
    out = []
    for members in found:
        inside = set(members)
        evidence = [_evidence(mentions, p, s) for p, s in sorted(scores.items()) if p[0] in inside and p[1] in inside]
        out.append(([mentions[i] for i in members], evidence))
    return out


def _evidence(mentions: list[Mention], pair: Pair, found: Score) -> str:
    return f"{mentions[pair[0]].id[:10]}~{mentions[pair[1]].id[:10]} {found.describe()}"
