#!/usr/bin/env python3
"""Fit the weights of publication-day estimation (ingest_infer.yaml `estimate`) on Timeline17.

    python eval/fit_dating.py [--every 3] [--check] [--json FILE]

The day an undated article was written is the cheapest candidate day under a cost with a handful
of weights (tracker/ingest/estimate.py). They were set by hand on a few stories; here they are
chosen on Timeline17's real articles (their front matter dropped, as eval/t17_dates.py does; each
story dated as one batch), by coordinate search: each weight in turn takes the value of its grid
that dates the most articles right (the true day or the day before, as t17_dates counts), the
others held, until a full pass changes nothing. A value is taken only when it dates at least
`--margin` more articles right than the current one (a gain of one or two is noise).

The tagging of each story is done once (the resolver remembers every text and day it was asked),
so each trial costs only the estimate itself. `--check` scores the weights of the rule file on
the real stories' pages (../shared/data/real-stories, pages.tsv: the true day), which the search
never reads, and Timeline17 with the same weights. Evaluation only: reads ../shared/data, writes
nothing into the project.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "data"

GRID: dict[str, list[float]] = {
    "absolute_weight": [0.15, 0.3, 0.6],
    "prior_weight": [0.15, 0.3, 0.6],
    "weekday_weight": [1.5, 3.0, 6.0],
    "event_weight": [2.5, 5.0, 10.0],
    "max_gap": [4, 7, 10],
    "refuse_cost": [5, 8, 12],
}


@dataclass
class Batch:
    """One batch of articles as read, the dating tags of their texts made once; the true days."""

    name: str
    articles: list
    tags: tuple  # (plain tags, resolver) as pipeline._dating_tags gives them: the resolver remembers
    truth: dict[str, date]


def batch_of(name: str, files: list[Path], truth: dict[str, date]) -> Batch:
    from tracker.ingest import complete_dateline
    from tracker.intake import read_inputs
    from tracker.pipeline import _dating_tags

    articles = list(read_inputs(files).articles)
    collection = [a.published for a in articles if a.published and not a.published_inferred]
    completed = [complete_dateline(a, collection) or a for a in articles]  # what _date_articles tags
    plain, resolver = _dating_tags(completed, lambda f, xs: [f(x) for x in xs])  # it remembers every text and day
    return Batch(name, articles, (plain, resolver), truth)


def date_batch(b: Batch) -> list:
    """The batch dated by pipeline._date_articles itself, its tagging answered from the batch."""
    import tracker.pipeline as pipeline

    tagging = pipeline._dating_tags
    pipeline._dating_tags = lambda articles, mapper: b.tags
    try:
        return pipeline._date_articles(b.articles, [])
    finally:
        pipeline._dating_tags = tagging


def tally(b: Batch, dated: list) -> tuple[int, int]:
    """(inferred right: the true day or the day before, inferred) over articles with a true day."""
    right = total = 0
    for a in dated:
        day = b.truth.get(a.id)
        if day is None or not a.published_inferred or a.published is None or a.published.start != a.published.end:
            continue
        total += 1
        right += 0 <= (day - a.published.start).days <= 1
    return right, total


def t17_batches(every: int) -> list[Batch]:
    from eval.t17_dates import stage

    out = []
    for story in sorted(p for p in (SHARED / "t17").iterdir() if p.is_dir()):
        tmp = Path(tempfile.mkdtemp(prefix=f"fit-dating-{story.name}-"))
        truth = stage(story, tmp, every)
        files = [tmp / f"{name}.txt" for name in sorted(truth)]
        out.append(batch_of(story.name, files, {name: day for name, (_, day) in truth.items()}))
        print(f"  tagged {story.name}: {len(files)} articles", file=sys.stderr)
    return out


def story_batches() -> list[Batch]:
    import csv

    out = []
    for story in sorted(p for p in (SHARED / "real-stories").iterdir() if (p / "pages.tsv").exists()):
        with open(story / "pages.tsv", encoding="utf-8") as handle:
            rows = [r for r in csv.DictReader(handle, delimiter="\t")]
        truth = {Path(r["file"]).stem: date.fromisoformat(r["published"]) for r in rows if r.get("published")}
        out.append(batch_of(story.name, [story / "pages" / r["file"] for r in rows], truth))
    return out


def score(batches: list[Batch], weights: Mapping[str, float]) -> tuple[int, int]:
    import tracker.ingest.calendar as calendar
    import tracker.ingest.estimate as estimate

    original = calendar.weight

    def patched(name: str):
        return weights[name] if name in weights else original(name)

    calendar.weight = estimate.weight = patched
    try:
        right = total = 0
        for b in batches:
            r, t = tally(b, date_batch(b))
            right, total = right + r, total + t
        return right, total
    finally:
        calendar.weight = estimate.weight = original


def search(batches: list[Batch], start: dict[str, float], margin: int) -> tuple[dict[str, float], list]:
    current = dict(start)
    best = score(batches, current)
    trail = [(dict(current), best)]
    print(f"start {current}: {best[0]}/{best[1]}", file=sys.stderr)
    changed = True
    while changed:
        changed = False
        for name, grid in GRID.items():
            for value in grid:
                if value == current[name]:
                    continue
                trial = {**current, name: value}
                got = score(batches, trial)
                print(f"  {name}={value}: {got[0]}/{got[1]}", file=sys.stderr)
                if got[0] >= best[0] + margin:
                    current, best, changed = trial, got, True
                    trail.append((dict(current), best))
                    print(f"  -> {name}={value} ({best[0]}/{best[1]})", file=sys.stderr)
    return current, trail


def main(argv: list[str] | None = None) -> int:
    from tracker.ingest.calendar import weight

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=3, help="every Nth article of each outlet (default 3)")
    parser.add_argument("--margin", type=int, default=3, help="a value must date this many more articles right to be taken (default 3)")
    parser.add_argument("--check", action="store_true", help="score the rule file's weights, no search")
    parser.add_argument("--json", type=Path, help="write the result here")
    args = parser.parse_args(argv)
    start = {name: weight(name) for name in GRID}
    stories = story_batches()
    t17 = t17_batches(args.every)
    result: dict = {"start": start, "every": args.every, "margin": args.margin,
                    "t17_start": score(t17, start), "stories_start": score(stories, start)}
    if not args.check:
        fitted, trail = search(t17, start, args.margin)
        result.update(fitted=fitted, trail=trail, t17_fitted=score(t17, fitted), stories_fitted=score(stories, fitted))
    print(json.dumps(result, indent=1, default=str))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
