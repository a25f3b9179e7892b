#!/usr/bin/env python3
"""Publication dates of Timeline17's 4,223 real articles, read or inferred from their text alone.

    python eval/t17_dates.py [--t17 ../shared/data/t17] [--stories IraqWar,MJ] [--every N] [-v] [--json]

Each article's true day is its front matter (`published:`). The front matter is dropped and each
file renamed (`<outlet>-0001.txt`: Timeline17's names carry the day), and each story's articles are
read and dated together as one batch, the way a user loads a story folder
(`tracker.pipeline.read_and_date`: ingest and dating, no parsing). Scored per outlet and overall:

  read        articles whose date tracker read from the page (a dateline, a stamp)
  read_right  of those, the read date holds the true day                 (wrong reads should be 0)
  inferred    articles whose day tracker inferred from what they report
  inferred_ok of those, the true day or the day before
  unknown     articles left without a day (their year or month may still be known)
  any_ok      every article: read right, or inferred right or one day early

Evaluation only: reads ../shared/data at run time, writes nothing into the project.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
T17 = ROOT.parent / "shared" / "data" / "t17"


def split_front(text: str) -> tuple[dict[str, str], str]:
    """(front matter fields, body) of a Timeline17 file."""
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    fields = {}
    for line in text[3:end].splitlines():
        key, _, value = line.partition(":")
        if key.strip():
            fields[key.strip()] = value.strip()
    return fields, text[end + 4 :].lstrip("\n")


def stage(story: Path, into: Path, every: int) -> dict[str, tuple[str, date]]:
    """Write the story's bodies without front matter under neutral names; name -> (outlet, true day)."""
    truth = {}
    for outlet_dir in sorted(p for p in story.iterdir() if p.is_dir() and p.name != "gold"):
        for k, path in enumerate(sorted(outlet_dir.glob("*.txt"))):
            if k % every:
                continue
            fields, body = split_front(path.read_text(encoding="utf-8", errors="replace"))
            if "published" not in fields or not body.strip():
                continue
            name = f"{outlet_dir.name}-{k:04d}"
            (into / f"{name}.txt").write_text(body, encoding="utf-8")
            truth[name] = (outlet_dir.name, date.fromisoformat(fields["published"]))
    return truth


def score(article, true_day: date) -> str:
    """One of: read_right, read_wrong, inferred_ok, inferred_wrong, unknown."""
    value = article.published if article is not None else None
    if value is None or value.start != value.end:
        if value is not None and not article.published_inferred and not value.start <= true_day <= value.end:
            return "read_wrong"
        return "unknown"
    if not article.published_inferred:
        return "read_right" if value.start == true_day else "read_wrong"
    return "inferred_ok" if 0 <= (true_day - value.start).days <= 1 else "inferred_wrong"


def run_story(story: Path, every: int, verbose: bool) -> dict[str, Counter]:
    from tracker.pipeline import read_and_date

    tallies: dict[str, Counter] = defaultdict(Counter)
    with tempfile.TemporaryDirectory() as tmp:
        truth = stage(story, Path(tmp), every)
        files = [Path(tmp) / f"{name}.txt" for name in sorted(truth)]
        dated, problems = read_and_date(files)
        found = {a.id: a for a in dated}
        for name in sorted(truth):
            outlet, day = truth[name]
            outcome = score(found.get(name), day)
            tallies[outlet][outcome] += 1
            if verbose and outcome in ("read_wrong", "inferred_wrong"):
                a = found[name]
                print(f"  {story.name}/{name}: true {day}, got {a.published.start} ({outcome}): {(a.published_evidence or '')[:160]}")
        for p in problems:
            tallies["refused"][Path(p.path).stem] += 1
    return tallies


def figures(c: Counter) -> dict[str, float | int]:
    read = c["read_right"] + c["read_wrong"]
    inferred = c["inferred_ok"] + c["inferred_wrong"]
    total = read + inferred + c["unknown"]
    pct = lambda a, b: round(100.0 * a / b, 1) if b else 0.0  # noqa: E731
    return {"articles": total, "read": read, "read_right": pct(c["read_right"], read), "read_wrong": c["read_wrong"],
            "inferred": inferred, "inferred_ok": pct(c["inferred_ok"], inferred), "unknown": c["unknown"],
            "any_ok": pct(c["read_right"] + c["inferred_ok"], total)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--t17", type=Path, default=T17)
    parser.add_argument("--stories", default="", help="comma-separated story folders (default: all)")
    parser.add_argument("--every", type=int, default=1, help="keep every Nth article of each outlet (a quicker sample)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every wrong date")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    wanted = [s for s in args.stories.split(",") if s]
    stories = sorted(p for p in args.t17.iterdir() if p.is_dir() and (not wanted or p.name in wanted))
    rows: dict[str, Counter] = {}
    total: Counter = Counter()
    for story in stories:
        for outlet, c in run_story(story, args.every, args.verbose).items():
            if outlet == "refused":
                print(f"  {story.name}: {sum(c.values())} file(s) refused", file=sys.stderr)
                continue
            rows[f"{story.name}/{outlet}"] = c
            total.update(c)
    rows["ALL"] = total
    table = {k: figures(c) for k, c in rows.items()}
    if args.json:
        print(json.dumps(table, indent=2))
        return 0
    heads = ["articles", "read", "read_right", "read_wrong", "inferred", "inferred_ok", "unknown", "any_ok"]
    print(f"{'story/outlet':32}" + "".join(f"{h:>12}" for h in heads))
    for k, f in table.items():
        print(f"{k:32}" + "".join(f"{f[h]:>12}" for h in heads))
    return 0


if __name__ == "__main__":
    sys.exit(main())
