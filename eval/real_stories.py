"""Events on real coverage: build each story of ../shared/data/real-stories and score it.

    python eval/real_stories.py [STORY...] [--mode text|url|oracle] [--append] [--keep DIR] [-v] [--baseline FLOORS.json]

Modes: `text` reads each page as it came (what a new user does), `url` also gives each page its
URL (front matter `url:`, as a scraper knows it), `oracle` gives each page its true publication day (front matter),
so the event layer is measured apart from publication dates. Each story is built into its own
temporary store (`--append`: page by page with `tracker add`, in order of true publication day,
as a newsroom gets them, so the append path is scored on real coverage); the export (`tracker query --format json`) is scored by the shared scorer
`../shared/eval/score_story.py` (SCORE 0-100 and its parts).
"""

from __future__ import annotations

import argparse
import csv
import functools
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "real-stories"
SCORER = ROOT.parent / "shared" / "eval" / "score_story.py"


@functools.cache
def load_scorer():
    """The shared scorer (../shared/eval/score_story.py) as a module, loaded once."""
    spec = importlib.util.spec_from_file_location("score_story", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pages(story: Path) -> list[dict[str, str]]:
    with open(story / "pages.tsv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def stage_pages(story: Path, mode: str, into: Path, given: frozenset[str] = frozenset()) -> list[tuple[Path, str | None]]:
    """The page files to add, with the URL to pass (url mode); oracle pages get front matter, and
    so do the pages named in `given` (file names) whatever the mode (eval/dating_cost.py)."""
    out = []
    for row in pages(story):
        src = story / "pages" / row["file"]
        true_day = f"published: {row['published']}" if row.get("published") else ""
        front = true_day if row["file"] in given else {"oracle": true_day, "url": f"url: {json.dumps(row['url'])}"}.get(mode, "")
        if front:
            dst = into / row["file"]
            dst.write_text(f"---\n{front}\n---\n" + src.read_text(encoding="utf-8"), encoding="utf-8")
            out.append((dst, None))
        else:
            out.append((src, None))
    return out


def build_story(story: Path, mode: str, workdir: Path, append: bool = False, given: frozenset[str] = frozenset()):
    from tracker.pipeline import add, build

    store = workdir / f"{story.name}.db"
    staged = stage_pages(story, mode, workdir, given)
    if not append:
        return store, list(build([p for p, _ in staged], store).problems)
    day = {row["file"]: row.get("published") or "" for row in pages(story)}
    problems = []
    for path, _ in sorted(staged, key=lambda s: (day.get(s[0].name, ""), s[0].name)):
        problems += add([path], store).problems
    return store, problems


def export(store: Path) -> dict:
    from tracker.query import as_json, read_events

    return json.loads(as_json(read_events(store)))


def run(stories: list[Path], mode: str, keep: Path | None, verbose: bool, append: bool = False) -> list[tuple[str, float, dict]]:
    scorer = load_scorer()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for story in stories:
            work = Path(tmp) / story.name
            work.mkdir()
            started = time.perf_counter()
            store, problems = build_story(story, mode, work, append)
            data = export(store)
            gold = scorer.Gold(json.loads((story / "gold.json").read_text(encoding="utf-8")))
            scored = scorer.score(gold, data)
            seconds = time.perf_counter() - started
            if keep:
                keep.mkdir(parents=True, exist_ok=True)
                (keep / f"{story.name}.{mode}.json").write_text(json.dumps(data, indent=1), encoding="utf-8")
                import shutil
                shutil.copy(store, keep / f"{story.name}.{mode}.db")
            if verbose:
                print(f"== {story.name} ({mode}, {seconds:.0f} s, {len(problems)} problem(s))")
                for p in problems:
                    print(f"   problem: {p.path}: {p.message}")
                print(scorer.report(gold, scored, verbose=True))
            results.append((story.name, scored["score"], summary(scorer, gold, scored)))
    return results


def summary(scorer, gold, r) -> dict:
    per = r["per"]
    dated = gold.dated
    n = len(dated)
    return {
        "happenings": n,
        "right_single": sum(per[h["id"]]["right"] and per[h["id"]]["fragments"] == 1 for h in dated),
        "right": sum(per[h["id"]]["right"] for h in dated),
        "events_per_happening": round(sum(p["fragments"] for p in per.values()) / max(1, sum(p["found"] for p in per.values())), 2),
        "conflated": len(r["conflated"]),
        "noise": len(r["noise"]),
        "dated": len(r["dated_idx"]),
        "noise_rate": round(r["parts"]["noise_rate"], 3),
        "events": len(r["events"]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stories", nargs="*")
    parser.add_argument("--mode", choices=("text", "url", "oracle"), default="text")
    parser.add_argument("--append", action="store_true", help="add the pages one by one (tracker add) instead of one build")
    parser.add_argument("--keep", type=Path)
    parser.add_argument("-v", action="store_true")
    parser.add_argument("--baseline", type=Path, help="JSON of floors {mode: mean SCORE}: exit 1 below one")
    args = parser.parse_args(argv)
    names = args.stories or sorted(p.name for p in DATA.iterdir() if (p / "gold.json").exists())
    stories = [DATA / n for n in names]
    results = run(stories, args.mode, args.keep, args.v, args.append)
    print(f"{'story':<36} {'SCORE':>6} {'single':>7} {'right':>6} {'ev/h':>5} {'confl':>5} {'noise':>9} {'events':>6}")
    for name, score, s in results:
        print(f"{name:<36} {score:6.1f} {s['right_single']:>3}/{s['happenings']:<3} {s['right']:>6} "
              f"{s['events_per_happening']:5.2f} {s['conflated']:5d} {s['noise']:>4}/{s['dated']:<4} {s['events']:6d}")
    mean = sum(r[1] for r in results) / max(1, len(results))
    print(f"{'mean':<36} {mean:6.1f}")
    if args.baseline and not args.stories:
        floor = json.loads(args.baseline.read_text(encoding="utf-8"))[args.mode + ("-append" if args.append else "")]
        if mean < floor:
            print(f"BELOW the floor: mean SCORE {mean:.1f} < {floor} ({args.baseline})")
            return 1
        print(f"at or above the floor {floor} ({args.baseline})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
