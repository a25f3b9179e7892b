"""Why an event's mentions were merged, and which close candidates were kept apart.

Every number shown is the one merging used: the pair model's probability of each pair and each
feature's share of its log-odds (weights.json), the hard rule that vetoed a pair, the cuts, and
each mention's happening probability with the cues that weighed most.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tracker.merge.features import View, pair_features, veto
from tracker.merge.merging import Cuts, candidate, candidate_pairs, cuts
from tracker.merge.model import load_model
from tracker.types import Event, Mention

MAX_NEAR_MISSES = 10
MAX_CUES = 4


@dataclass(frozen=True, slots=True)
class PairScore:
    left: Mention
    right: Mention
    probability: float
    parts: tuple[tuple[str, float], ...]  # (feature, weight x value) in log-odds, the intercept last
    veto: str | None = None  # the hard rule that keeps the two apart

    def describe(self) -> str:
        if self.veto:
            return f"kept apart by rule: {self.veto}"
        shown = ", ".join(f"{name} {value:+.2f}" for name, value in self.parts if value and name != "intercept")
        return f"p={self.probability:.2f} ({shown or 'no evidence'})"


@dataclass(frozen=True, slots=True)
class Explanation:
    event_id: str
    title: str
    merged: tuple[PairScore, ...]  # pairs of the event's own mentions
    near_misses: tuple[PairScore, ...]  # candidates of other events (or of none) that stayed out
    happenings: tuple[tuple[Mention, float | None, tuple[tuple[str, float], ...]], ...]
    cuts: Cuts


def explain(event: Event, pool: Sequence[View]) -> Explanation:
    """Scores of every pair inside the event and of the best outside candidates; `pool` holds the
    views of the mentions the event was merged from (its window), the event's own among them."""
    from tracker.mentions.happening import contributions

    model = load_model()
    c = cuts(model)
    inside = {m.id for m in event.mentions}
    by_id = {v.mention.id: v for v in pool}
    own = [by_id[m.id] for m in sorted(event.mentions, key=lambda m: m.id) if m.id in by_id]
    merged = [_pair(a, b) for n, a in enumerate(own) for b in own[n + 1 :]]
    found = [v for v in sorted(by_id.values(), key=lambda v: v.mention.id) if candidate(v.mention, c)]
    near = []
    for i, j in candidate_pairs(found):
        a, b = found[i], found[j]
        if (a.mention.id in inside) != (b.mention.id in inside):
            near.append(_pair(a, b) if a.mention.id in inside else _pair(b, a))
    near.sort(key=lambda p: (p.veto is not None, -p.probability, p.left.id, p.right.id))
    happenings = tuple(
        (m, m.happening, tuple(contributions(m.cues)[:MAX_CUES]) if m.cues else ()) for m in event.mentions
    )
    return Explanation(event.id, event.title, tuple(merged), tuple(near[:MAX_NEAR_MISSES]), happenings, c)


def _pair(a: View, b: View) -> PairScore:
    model = load_model()
    rule = veto(a.mention, b.mention)
    features = pair_features(a, b)
    return PairScore(a.mention, b.mention, 0.0 if rule else model.probability(features), model.contributions(features), rule)


def format_explanation(expl: Explanation) -> str:
    c = expl.cuts
    lines = [
        f"event {expl.event_id}: {expl.title}",
        f"rule: clusters join while the mean pair probability is at least {c.threshold:.2f} (average linkage);"
        f" a pair below {c.cannot_link_below:.2f} or vetoed by a hard rule keeps its clusters apart; a clause"
        f" is a candidate when it tells a happening (p >= {c.happening_at:.2f} with its own date, >="
        f" {c.soft_at:.2f} dated by its article's day); one article's cluster is plotted at p >= {c.event_at:.2f}",
        "",
        "why each mention is a happening (happening model, the cues that weighed most):",
    ]
    for m, p, parts in expl.happenings:
        shown = ", ".join(f"{name} {value:+.2f}" for name, value in parts)
        lines.append(f"  [{m.article_id}] p={p:.2f} ({shown})" if p is not None else f"  [{m.article_id}] (no cues)")
    lines += ["", f"pairs inside the event ({len(expl.merged)}; a weak pair may join through the cluster's mean):"]
    lines += [_pair_lines(p) for p in expl.merged] or ["  (a single mention)"]
    lines += ["", f"near misses kept apart ({len(expl.near_misses)}):"]
    lines += [_pair_lines(p) for p in expl.near_misses] or ["  (none near it in time)"]
    return "\n".join(lines)


def _pair_lines(p: PairScore) -> str:
    return f"  {p.describe()}\n    [{p.left.article_id}] {_short(p.left)}\n    [{p.right.article_id}] {_short(p.right)}"


def _short(m: Mention) -> str:
    when = m.time_text or ("the article's day" if m.time_from == "published" else "undated")
    text = m.sentence if len(m.sentence) <= 110 else m.sentence[:107] + "..."
    return f"({when}) {text}"
