"""How far the event layer could go on the real stories with the mentions it extracts: the events
of each story (built with true publication days, as `real_stories.py --mode oracle`) regrouped by
the gold happening each mention reports, and scored by ../shared/eval/score_story.py.

    python eval/event_ceiling.py [STORY...]

Each mention is labelled by the scorer's own matching (`real_labels.py`: the one gold happening
its sentence reports, and whether its own time holds the happening's day). A labelled mention
whose time holds its happening's day goes to that happening's one event; every other mention
stays with what is left of its event. Six regroupings, each a ceiling of one part of the layer:

- `conflations split`: each event holding several happenings split into one event per
  happening (its unlabelled mentions with the largest part); nothing joined;
- `fragments joined`: the events holding one happening each joined per happening; nothing split;
- `clustered`: the mentions the events hold, regrouped: what perfect clustering of today's
  events would score (today's candidates and plotting kept);
- `candidates`: also every stored mention that is a merge candidate and in no event;
- `dated`: also every dated mention the happening model kept out (perfect candidacy too);
- `dated, no leftovers`: the same without the events of unlabelled mentions (no noise, no
  conflation): what the dated mentions alone allow.

Then, per story, the dated gold happenings by what the layer has of them: a mention on the right
day, only mentions on another day, or no mention at all (their reports are in sentences that
carry no time of their own, which are not read: tracker/mentions/extract.py).
Evaluation only: reads ../shared/data, writes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "eval")]

from real_labels import load, stories  # noqa: E402
from real_stories import DATA, build_story, load_scorer  # noqa: E402

CEILINGS = ("now", "conflations split", "fragments joined", "clustered", "candidates", "dated", "dated, no leftovers")


def regroup(events, extra, labels, keep_rest: bool = True) -> list:
    """Events rebuilt: one per gold happening from its right-day mentions (in `events` and
    `extra`), and what is left of each event (unless `keep_rest` is off)."""
    from tracker.merge.event import build_event

    groups: dict[str, list] = defaultdict(list)
    rest = []
    for event in events:
        left = []
        for m in event.mentions:
            home = _home(m, labels)
            (groups[home] if home else left).append(m)
        if left:
            rest.append(left)
    for m in extra:
        home = _home(m, labels)
        if home:
            groups[home].append(m)
    built = [build_event(ms) for _, ms in sorted(groups.items())]
    return built + ([build_event(ms) for ms in rest] if keep_rest else [])


def split_conflations(events, labels) -> list:
    """Each event holding mentions of several happenings split into one per happening."""
    from tracker.merge.event import build_event

    out = []
    for event in events:
        parts: dict[str | None, list] = defaultdict(list)
        for m in event.mentions:
            parts[_home(m, labels)].append(m)
        named = {k: v for k, v in parts.items() if k}
        if len(named) <= 1:
            out.append(event)
            continue
        largest = max(sorted(named), key=lambda k: len(named[k]))
        out += [build_event(v + (parts.get(None, []) if k == largest else [])) for k, v in sorted(named.items())]
    return out


def join_fragments(events, labels) -> list:
    """The events holding mentions of one happening each joined into one event per happening."""
    from tracker.merge.event import build_event

    out, by_happening = [], defaultdict(list)
    for event in events:
        held = {_home(m, labels) for m in event.mentions} - {None}
        (by_happening[held.pop()] if len(held) == 1 else out).append(event)
    return out + [build_event([m for e in evs for m in e.mentions]) for _, evs in sorted(by_happening.items())]


def _home(mention, labels) -> str | None:
    item = labels.get(mention.id)
    if item is None or item.ambiguous or not item.happening or not item.right_time:
        return None
    return item.happening


def story_ceilings(story: Path) -> tuple[dict[str, float], Counter]:
    from tracker.merge.merging import candidate, cuts
    from tracker.merge.model import load_model
    from tracker.query import as_json
    from tracker.store import open_store

    scorer = load_scorer()
    gold = scorer.Gold(json.loads((story / "gold.json").read_text(encoding="utf-8")))
    with tempfile.TemporaryDirectory() as tmp:
        store, _ = build_story(story, "oracle", Path(tmp))
        labels = {item.mention.id: item for item in load(story, built=store)}  # from this store when not cached
        with open_store(store) as opened:
            events, mentions = opened.events(), opened.all_mentions()
    c = cuts(load_model())
    held = {m.id for e in events for m in e.mentions}
    dated = [m for m in mentions if m.id not in held and m.time is not None]
    candidates = [m for m in dated if candidate(m, c)]
    found = {
        "now": events,
        "conflations split": split_conflations(events, labels),
        "fragments joined": join_fragments(events, labels),
        "clustered": regroup(events, [], labels),
        "candidates": regroup(events, candidates, labels),
        "dated": regroup(events, dated, labels),
        "dated, no leftovers": regroup(events, dated, labels, keep_rest=False),
    }
    scores = {name: scorer.score(gold, json.loads(as_json(evs)))["score"] for name, evs in found.items()}
    return scores, _accounting(gold.dated, labels.values())


def _accounting(happenings, items) -> Counter:
    by_happening = defaultdict(list)
    for item in items:
        if item.happening and not item.ambiguous:
            by_happening[item.happening].append(item)
    out: Counter = Counter()
    for h in happenings:
        told = by_happening.get(h["id"], [])
        if any(i.right_time for i in told):
            out["right day"] += 1
        elif any(i.mention.time is not None for i in told):
            out["another day only"] += 1
        else:
            out["no mention"] += 1
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stories", nargs="*")
    args = parser.parse_args(argv)
    chosen = [DATA / n for n in args.stories] if args.stories else stories()
    rows = [(story.name, *story_ceilings(story)) for story in chosen]
    print(f"{'story':<34}" + "".join(f"{name:>21}" for name in CEILINGS) + "   happenings: right day / another day / no mention")
    for name, scores, counts in rows:
        print(f"{name:<34}" + "".join(f"{scores[c]:21.1f}" for c in CEILINGS)
              + f"   {counts['right day']} / {counts['another day only']} / {counts['no mention']}")
    means = {c: sum(r[1][c] for r in rows) / len(rows) for c in CEILINGS}
    total = sum((r[2] for r in rows), Counter())
    print(f"{'mean':<34}" + "".join(f"{means[c]:21.1f}" for c in CEILINGS)
          + f"   {total['right day']} / {total['another day only']} / {total['no mention']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
