"""Why an event's mentions were merged, and which close candidates were kept apart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tracker.merge.cluster import candidate_pairs
from tracker.merge.rule import ATTACH_AT, MERGE_AT, Score, score
from tracker.types import Event, Mention

MAX_NEAR_MISSES = 10


@dataclass(frozen=True, slots=True)
class PairScore:
    left: Mention
    right: Mention
    score: Score


@dataclass(frozen=True, slots=True)
class Explanation:
    event_id: str
    title: str
    merged: tuple[PairScore, ...]  # pairs of the event's own mentions with their score parts
    near_misses: tuple[PairScore, ...]  # candidates in the event's time block that stayed out


def explain(event: Event, mentions: Sequence[Mention]) -> Explanation:
    """Scores of every pair inside the event, and of the best outside candidates (mentions is the
    whole pool the event was merged from, e.g. every stored mention)."""
    inside = {m.id for m in event.mentions}
    own = sorted(event.mentions, key=lambda m: m.id)
    merged = [PairScore(a, b, score(a, b)) for n, a in enumerate(own) for b in own[n + 1 :]]
    pool = sorted({m.id: m for m in mentions if m.background == _background(event)}.values(), key=lambda m: m.id)
    near: list[PairScore] = []
    for i, j in candidate_pairs(pool):
        a, b = pool[i], pool[j]
        if (a.id in inside) != (b.id in inside):
            near.append(PairScore(a, b, score(a, b)) if a.id in inside else PairScore(b, a, score(b, a)))
    if event.time is None:
        near += [PairScore(m, o, score(m, o)) for m in own for o in pool if o.id not in inside and o.time is None and o.article_id == m.article_id]
    near.sort(key=lambda p: (-p.score.total, p.left.id, p.right.id))
    return Explanation(event.id, event.title, tuple(merged), tuple(near[:MAX_NEAR_MISSES]))


def _background(event: Event) -> bool:
    return all(m.background for m in event.mentions)


def format_explanation(expl: Explanation) -> str:
    lines = [f"event {expl.event_id}: {expl.title}", f"merge threshold {MERGE_AT}, attach threshold {ATTACH_AT}", ""]
    lines.append(f"merged pairs ({len(expl.merged)}):")
    lines += [_pair_lines(p) for p in expl.merged] or ["  (a single mention)"]
    lines.append("")
    lines.append(f"near misses kept apart ({len(expl.near_misses)}):")
    lines += [_pair_lines(p) for p in expl.near_misses] or ["  (none in its time block)"]
    return "\n".join(lines)


def _pair_lines(p: PairScore) -> str:
    return (
        f"  {p.score.describe()}\n"
        f"    [{p.left.article_id}] {_short(p.left)}\n"
        f"    [{p.right.article_id}] {_short(p.right)}"
    )


def _short(m: Mention) -> str:
    when = m.time_text or "undated"
    text = m.sentence if len(m.sentence) <= 110 else m.sentence[:107] + "..."
    return f"({when}) {text}"
