#!/usr/bin/env python3
"""What appends do to the events a store already holds, on real stories.

    python eval/append_stability.py [STORY...] [-v] [--json]

Each real story of ../shared/data/real-stories, its pages given their true days, is split in two
by day, interleaved: every other page (in order of publication) is built into a store, and the
others are added to it one page at a time (`tracker add`), so appended pages are both newer and
older than stored ones, as late copies arrive in a newsroom. After every add, each event of the
first build is classed, and keeps its worst class over all the adds:

  kept         its reports as they were, under its id
  grew         more reports, none lost, under its id
  grew_new_id  more reports, none lost, under another id   (issue 10: never; the gate pins 0)
  joined       it and another event of the first build are now one event
  split        one of its reports sits in another event now, or in none

Then the final store is scored by the shared scorer (../shared/eval/score_story.py), beside the
story built in one go. An append re-merges the events it touches whole, as a build would (see
tracker/remerge.py), so an event can lose a report when the new ones make the build's clusters
differ: `split` counts how often that happens on real coverage.

Evaluation only: reads ../shared/data at run time, writes nothing into the project.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

from real_stories import DATA as STORIES, export, load_scorer, pages, stage_pages  # noqa: E402

CLASSES = ("kept", "grew", "grew_new_id", "joined", "split")  # worst last


def homes(events: Mapping[str, frozenset[str]]) -> dict[str, str]:
    """Report id -> the id of the event holding it (`events`: id -> report ids)."""
    return {m: e for e, ms in events.items() for m in ms}


def classify(event_id: str, reports: frozenset[str], now: Mapping[str, frozenset[str]], first: Mapping[str, str],
             where: Mapping[str, str] | None = None) -> str:
    """The class of a first-build event (its id and report ids) in the store's events now
    (`now`: id -> report ids); `first` maps each report of the first build to its event there;
    `where` is homes(now), when the caller classes many events against one snapshot."""
    where = homes(now) if where is None else where
    homes_now = {where.get(m) for m in reports}
    if None in homes_now or len(homes_now) > 1:
        return "split"
    home = homes_now.pop()
    if any(first.get(m, event_id) != event_id for m in now[home]):
        return "joined"
    if home != event_id:
        return "grew_new_id"
    return "kept" if now[home] == reports else "grew"


def snapshot(store: Path) -> dict[str, frozenset[str]]:
    from tracker.store import read_store

    with read_store(store) as opened:
        return {e.id: frozenset(m.id for m in e.mentions) for e in opened.events()}


def run_story(story: Path, work: Path, verbose: bool = False) -> dict:
    from tracker.pipeline import add, build

    staged = [p for p, _ in stage_pages(story, "oracle", work)]
    day = {row["file"]: row.get("published") or "" for row in pages(story)}
    order = sorted(staged, key=lambda p: (day.get(p.name, ""), p.name))
    store = work / "store.db"
    build(order[0::2], store)
    base = snapshot(store)
    first = homes(base)
    worst: dict[str, str] = {}
    for page in order[1::2]:
        add([page], store)
        now = snapshot(store)
        where = homes(now)
        for event_id, reports in base.items():
            found = classify(event_id, reports, now, first, where)
            if CLASSES.index(found) > CLASSES.index(worst.get(event_id, "kept")):
                worst[event_id] = found
                if verbose and found in ("grew_new_id", "joined", "split"):
                    print(f"  {story.name}: event {event_id[:8]} {found} when {page.name} was added", file=sys.stderr)
    scorer = load_scorer()
    gold = scorer.Gold(json.loads((story / "gold.json").read_text(encoding="utf-8")))
    counts = Counter(worst.get(e, "kept") for e in base)
    return {"events": len(base), "added": len(order[1::2]), **{c: counts[c] for c in CLASSES},
            "score": round(scorer.score(gold, export(store))["score"], 1)}


def run(stories: list[Path], verbose: bool = False) -> dict[str, dict]:
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for story in stories:
            work = Path(tmp) / story.name
            work.mkdir()
            out[story.name] = run_story(story, work, verbose)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stories", nargs="*")
    parser.add_argument("-v", "--verbose", action="store_true", help="name each event that was not kept or grown")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    chosen = sorted(p for p in STORIES.iterdir() if (p / "gold.json").exists() and (not args.stories or p.name in args.stories))
    table = run(chosen, args.verbose)
    if args.json:
        print(json.dumps(table, indent=2))
        return 0
    heads = ["events", "added", *CLASSES, "score"]
    print(f"{'story':34}" + "".join(f"{h:>12}" for h in heads))
    for name, row in table.items():
        print(f"{name:34}" + "".join(f"{row[h]:>12}" for h in heads))
    total = {h: sum(r[h] for r in table.values()) for h in heads[:-1]}
    mean = round(sum(r["score"] for r in table.values()) / max(1, len(table)), 1)
    print(f"{'ALL':34}" + "".join(f"{total[h]:>12}" for h in heads[:-1]) + f"{mean:>12}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
