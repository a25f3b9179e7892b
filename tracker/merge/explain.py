"""Why an event's mentions were merged, and which close candidates were kept apart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from tracker.merge.cluster import candidate_pairs
from tracker.merge.identity import canonicalise
from tracker.merge.rule import ATTACH_AT, ATTACH_MARGIN, ATTACH_WINDOW_DAYS, DISPUTE_GAP_DAYS, MERGE_AT, UNDATED_MERGE_AT, VETO_BELOW, Score, score
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
    attachments: tuple[str, ...] = ()  # how each undated mention won its event, from merge's evidence
    disputes: tuple[str, ...] = ()  # events a day apart joined as one happening with a disputed date


def explain(event: Event, mentions: Sequence[Mention]) -> Explanation:
    """Scores of every pair inside the event, and of the best outside candidates (mentions is the
    whole pool the event was merged from, e.g. every stored mention). Names are linked across
    outlets first, as merge() does, so the scores shown are the scores merge() saw."""
    inside = {m.id for m in event.mentions}
    own = sorted(event.mentions, key=lambda m: m.id)
    merged = [PairScore(a, b, score(a, b)) for n, a in enumerate(own) for b in own[n + 1 :]]
    raw = {m.id: m for m in mentions if m.background == _background(event)}
    raw.update({m.id: m for m in own})
    pool = canonicalise(sorted(raw.values(), key=lambda m: m.id))
    near: list[PairScore] = []
    for i, j in candidate_pairs(pool):
        a, b = pool[i], pool[j]
        if (a.id in inside) != (b.id in inside):
            near.append(PairScore(a, b, score(a, b)) if a.id in inside else PairScore(b, a, score(b, a)))
    outside = [o for o in pool if o.id not in inside]
    for m in (m for m in own if m.time is None):
        # An undated mention competes for every dated event near its publication, and for
        # undated mentions of its own or close articles: show the best of those it did not join.
        near += [PairScore(m, o, score(m, o)) for o in outside if _close(m, o)]
    near.sort(key=lambda p: (-p.score.total, p.left.id, p.right.id))
    attached = tuple(e for e in event.evidence if "attached undated" in e)
    disputes = tuple(e for e in event.evidence if "date disputed" in e)
    return Explanation(event.id, event.title, tuple(merged), tuple(near[:MAX_NEAR_MISSES]), attached, disputes)


def _close(undated: Mention, other: Mention) -> bool:
    if undated.article_id == other.article_id:
        return True
    if undated.published is None or other.published is None:
        return False
    slack = timedelta(days=ATTACH_WINDOW_DAYS)
    if other.time is not None:
        return other.time.end >= undated.published.start - slack and other.time.start <= undated.published.end
    return abs((other.published.start - undated.published.start).days) <= ATTACH_WINDOW_DAYS


def _background(event: Event) -> bool:
    return all(m.background for m in event.mentions)


def format_explanation(expl: Explanation) -> str:
    lines = [
        f"event {expl.event_id}: {expl.title}",
        f"rule: dated pairs merge at {MERGE_AT}; an undated mention attaches at {ATTACH_AT} (ahead of the next event by"
        f" {ATTACH_MARGIN}); undated mentions of two articles merge at {UNDATED_MERGE_AT} with the same doer and a shared"
        f" quote or wording; no pair below {VETO_BELOW} ends up together, except events whose outlets dispute the date",
        "",
    ]
    lines.append(f"pairs inside the event ({len(expl.merged)}; a pair below the threshold is joined through others):")
    lines += [_pair_lines(p, inside=True) for p in expl.merged] or ["  (a single mention)"]
    if expl.attachments:
        lines += ["", "undated mentions attached (event score = best pair + scene agreement):"]
        lines += [f"  {line}" for line in expl.attachments]
    if expl.disputes:
        lines += ["", f"joined although the dates differ (up to {DISPUTE_GAP_DAYS} day apart, no article tells both, all else agrees):"]
        lines += [f"  {line}" for line in expl.disputes]
    lines.append("")
    lines.append(f"near misses kept apart ({len(expl.near_misses)}):")
    lines += [_pair_lines(p) for p in expl.near_misses] or ["  (none in its time block)"]
    return "\n".join(lines)


def _pair_lines(p: PairScore, inside: bool = False) -> str:
    mark = "  [below threshold]" if inside and p.score.total < MERGE_AT else ""
    return (
        f"  {p.score.describe()}{mark}\n"
        f"    [{p.left.article_id}] {_short(p.left)}\n"
        f"    [{p.right.article_id}] {_short(p.right)}"
    )


def _short(m: Mention) -> str:
    when = m.time_text or "undated"
    text = m.sentence if len(m.sentence) <= 110 else m.sentence[:107] + "..."
    return f"({when}) {text}"
