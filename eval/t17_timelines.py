#!/usr/bin/env python3
"""Timeline17's own timelines against tracker's events: does the timeline hold the days the outlets chose?

    python eval/t17_timelines.py [--t17 ../shared/data/t17] [--stories bpoil,MJ] [--store S | --keep DIR]
                                 [--workers N] [--json]

Timeline17 (../shared/data/t17) gives, beside each story's articles, the timeline each outlet's
editors wrote of it (16 timelines of 8 stories; Reuters' Syria file holds three): a list of days, each with what happened. This
scores the time side of the event layer at scale: the articles keep their true publication days
(their front matter), so dating is not what is measured here (eval/t17_dates.py measures it).

Each story's articles are built into a store of their own (tracker.pipeline.build, `--workers`
processes; kept under `--keep DIR` as DIR/<story>.db and read again on the next run), or read
from one store holding them (`--store`, e.g. the benchmark's store of all eight stories: each
article's story is the folder its file came from).

Date selection, as the timeline-summarisation literature scores it (Martschat & Markert 2018, the
`tilse` toolkit: "date F1"): for each gold timeline of k days, the k best days of a ranking that
fall between the timeline's first and last day are taken, and precision, recall and F1 of those
days against the k gold days are reported (exact days), averaged over the timelines.
Three rankings from the same store, so the figures sit side by side:
- events: the days of the story's day-precise events in the order `tracker query --top` keeps
  them (tracker.query.ranked: the events told by the most articles first), each day once;
- date references: the days named by the most day-precise time expressions of the story's
  clauses (every clause tracker read, background or not: the "most-mentioned dates" baseline);
- publication: the days the most articles were published on.

Evaluation only: reads ../shared/data at run time, writes nothing into the project.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
T17 = ROOT.parent / "shared" / "data" / "t17"
RANKINGS = ("events", "date references", "publication")


@dataclass(frozen=True, slots=True)
class Timeline:
    """One outlet's gold timeline of one story: its days."""

    story: str
    outlet: str
    days: frozenset[date]


@dataclass(frozen=True, slots=True)
class DaysPRF:
    precision: float
    recall: float
    f1: float


def gold_timelines(t17: Path, stories: Sequence[str]) -> list[Timeline]:
    out = []
    for story in stories:
        for path in sorted((t17 / story / "gold").glob("*.json")):
            timelines = json.loads(path.read_text(encoding="utf-8"))  # a file may hold several
            for k, entries in enumerate(timelines):
                days = frozenset(date.fromisoformat(day[:10]) for day, _ in entries)
                out.append(Timeline(story, path.stem if len(timelines) == 1 else f"{path.stem}.{k + 1}", days))
    return out


def select(ranked: Sequence[date], gold: Timeline) -> DaysPRF:
    """The k best days of `ranked` inside the gold's first..last day, against its k days."""
    lo, hi = min(gold.days), max(gold.days)
    k = len(gold.days)
    chosen = [d for d in ranked if lo <= d <= hi][:k]
    hit = len(set(chosen) & gold.days)
    p = hit / len(chosen) if chosen else 0.0
    r = hit / k
    return DaysPRF(p, r, 2 * p * r / (p + r) if hit else 0.0)


def ranked_days(counts: Mapping[date, int]) -> list[date]:
    """Days by their count, most first; ties by the earlier day (deterministic)."""
    return sorted(counts, key=lambda d: (-counts[d], d))


def story_rankings(events: Iterable, mentions: Iterable, articles: Iterable, story_of: Callable[[str], str | None]) -> dict[str, dict[str, list[date]]]:
    """story -> ranking name -> days, best first, from a store's events, mentions and articles."""
    from tracker.query import ranked

    held: dict[str, list] = defaultdict(list)
    for event in events:
        if event.time is not None and event.time.start == event.time.end:
            for story in sorted({s for s in map(story_of, event.sources) if s is not None}):
                held[story].append(event)
    by_event = {s: list(dict.fromkeys(e.time.start for e in ranked(found))) for s, found in held.items()}
    references: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        story = story_of(m.article_id)
        if story is not None and m.time is not None and m.time_from == "own" and m.time.start == m.time.end:
            references[story][m.time.start] += 1
    published: dict[str, Counter] = defaultdict(Counter)
    for a in articles:
        story = story_of(a.id)
        if story is not None and a.published is not None and a.published.start == a.published.end:
            published[story][a.published.start] += 1
    stories = set(by_event) | set(references) | set(published)
    return {
        s: {
            "events": by_event.get(s, []),
            "date references": ranked_days(references[s]),
            "publication": ranked_days(published[s]),
        }
        for s in stories
    }


def story_files(t17: Path, story: str) -> list[Path]:
    return sorted(p for p in (t17 / story).glob("*/*.txt") if p.parent.name != "gold")


def build_store(files: Sequence[Path], target: Path, workers: int) -> None:
    from tracker.engine import Engine
    from tracker.pipeline import Flags, build

    build(files, target, Flags(), engine=Engine("local", workers))


def read(store: Path) -> tuple[list, list, list]:
    from tracker.store import read_store

    with read_store(store) as opened:
        return opened.events(), opened.all_mentions(), opened.articles()


def measure(t17: Path, stories: Sequence[str], store: Path | None, keep: Path | None, workers: int) -> dict:
    timelines = gold_timelines(t17, stories)
    rankings: dict[str, dict[str, list[date]]] = {}
    counts: dict[str, dict[str, int]] = {}
    if store is not None:
        events, mentions, articles = read(store)
        path_story = {a.id: Path(a.path).parent.parent.name for a in articles}  # t17/<story>/<outlet>/<file>
        story_of = lambda aid: path_story.get(aid) if path_story.get(aid) in stories else None  # noqa: E731
        rankings = story_rankings(events, mentions, articles, story_of)
        for s in stories:
            counts[s] = {"articles": sum(1 for a in articles if story_of(a.id) == s)}
    else:
        with tempfile.TemporaryDirectory() as tmp:
            folder = keep or Path(tmp)
            folder.mkdir(parents=True, exist_ok=True)
            for s in stories:
                target = folder / f"{s}.db"
                if not target.exists():
                    print(f"building {s} ({len(story_files(t17, s))} articles) into {target}", file=sys.stderr)
                    build_store(story_files(t17, s), target, workers)
                events, mentions, articles = read(target)
                rankings.update(story_rankings(events, mentions, articles, lambda _aid, s=s: s))
                counts[s] = {"articles": len(articles), "events": len(events),
                             "day_events": sum(1 for e in events if e.time is not None and e.time.start == e.time.end)}
    rows = []
    for tl in timelines:
        found = rankings.get(tl.story, {})
        row = {"story": tl.story, "outlet": tl.outlet, "gold_days": len(tl.days)}
        for name in RANKINGS:
            prf = select(found.get(name, []), tl)
            row[name] = {"precision": round(100 * prf.precision, 1), "recall": round(100 * prf.recall, 1), "f1": round(100 * prf.f1, 1)}
        rows.append(row)
    mean = {name: {k: round(sum(r[name][k] for r in rows) / len(rows), 1) for k in ("precision", "recall", "f1")} for name in RANKINGS} if rows else {}
    return {"timelines": rows, "mean": mean, "stories": counts}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--t17", type=Path, default=T17)
    parser.add_argument("--stories", default="", help="comma-separated story folders (default: all)")
    parser.add_argument("--store", type=Path, help="read this store (holding the stories' articles) instead of building")
    parser.add_argument("--keep", type=Path, help="keep each story's store here (DIR/<story>.db) and reuse it")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    wanted = [s for s in args.stories.split(",") if s]
    stories = sorted(p.name for p in args.t17.iterdir() if (p / "gold").is_dir() and (not wanted or p.name in wanted))
    result = measure(args.t17, stories, args.store, args.keep, args.workers)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{'story/outlet timeline':34}{'days':>6}" + "".join(f"{n + ' F1':>22}" for n in RANKINGS))
    for r in result["timelines"]:
        print(f"{r['story'] + '/' + r['outlet']:34}{r['gold_days']:>6}" + "".join(f"{r[n]['f1']:>22}" for n in RANKINGS))
    m = result["mean"]
    print(f"{'mean of ' + str(len(result['timelines'])) + ' timelines (F1)':40}" + "".join(f"{m[n]['f1']:>22}" for n in RANKINGS))
    print(f"{'mean precision / recall':40}" + "".join(f"{str(m[n]['precision']) + ' / ' + str(m[n]['recall']):>22}" for n in RANKINGS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
