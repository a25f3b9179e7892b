"""What wrong inferred publication days cost the timeline, story by story.

    python eval/dating_cost.py [--off 5-8,5-,1-4] [STORY...]

Each story of ../shared/data/real-stories is dated as its pages come (one batch, as `tracker build`
dates it) and compared with the true days of `pages.tsv`. Then, for each range of days "off", the
story is built again as the pages come, except that the pages whose inferred day is off by that
many days (either way) are given their true day (front matter), and scored by the shared scorer
(`../shared/eval/score_story.py`). A day inferred right or one day early counts as right, as
eval/real_pages.py counts it. The rows say how much of the gap between pages as they come and
pages with their true days each kind of dating error is worth. Evaluation only: reads
../shared/data, writes nothing into the project.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eval import real_stories  # noqa: E402  (the stories, their pages, the export and the scorer)


@dataclass(frozen=True, slots=True)
class Off:
    """A range of days off, either way: "5-8" (5 to 8), "5-" (5 or more)."""

    low: int
    high: int | None

    @classmethod
    def parse(cls, text: str) -> Off:
        low, _, high = text.partition("-")
        return cls(int(low), int(high) if high else None)

    def holds(self, days: int) -> bool:
        return abs(days) >= self.low and (self.high is None or abs(days) <= self.high)

    def __str__(self) -> str:
        return f"{self.low}-{self.high if self.high is not None else ''}"


def errors(story: Path) -> dict[str, int]:
    """Page file -> days its inferred day is off (inferred minus true), for the pages with a true
    day whose inferred day is neither the true day nor the day before."""
    from tracker.pipeline import read_and_date

    rows = {row["file"]: row for row in real_stories.pages(story) if row.get("published")}
    files = [story / "pages" / name for name in sorted(rows)]
    dated, _ = read_and_date(files)
    by_id = {a.id: a for a in dated}
    out = {}
    for name, row in rows.items():
        article = by_id.get(Path(name).stem)
        value = article.published if article is not None else None
        if article is None or not article.published_inferred or value is None or value.start != value.end:
            continue
        off = (value.start - date.fromisoformat(row["published"])).days
        if off not in (0, -1):
            out[name] = off
    return out


def score(story: Path, corrected: set[str]) -> float:
    """SCORE of the story built as its pages come, the `corrected` pages given their true day."""
    scorer = real_stories.load_scorer()
    with tempfile.TemporaryDirectory() as tmp:
        store, _ = real_stories.build_story(story, "text", Path(tmp), given=frozenset(corrected))
        gold = scorer.Gold(json.loads((story / "gold.json").read_text(encoding="utf-8")))
        return float(scorer.score(gold, real_stories.export(store))["score"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stories", nargs="*")
    parser.add_argument("--off", default="5-8,5-,1-4", help="ranges of days off, comma-separated (default 5-8,5-,1-4)")
    args = parser.parse_args(argv)
    ranges = [Off.parse(r) for r in args.off.split(",")]
    stories = [real_stories.DATA / s for s in args.stories] or sorted(
        p for p in real_stories.DATA.iterdir() if (p / "gold.json").exists())  # fmt: skip
    header = ["story", "as they come"] + [f"off {r} (pages)" for r in ranges] + ["all true"]
    print(" | ".join(header))
    sums = [0.0] * (len(ranges) + 2)
    for story in stories:
        off = errors(story)
        every = {row["file"] for row in real_stories.pages(story) if row.get("published")}
        row = [score(story, set())]
        counts = []
        for r in ranges:
            picked = {name for name, days in off.items() if r.holds(days)}
            counts.append(len(picked))
            row.append(score(story, picked))
        row.append(score(story, every))
        sums = [a + b for a, b in zip(sums, row, strict=True)]
        cells = [f"{row[0]:.1f}"] + [f"{s:.1f} ({n})" for s, n in zip(row[1:-1], counts, strict=True)] + [f"{row[-1]:.1f}"]
        print(" | ".join([story.name] + cells), flush=True)
    print(" | ".join(["mean"] + [f"{s / len(stories):.1f}" for s in sums]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
