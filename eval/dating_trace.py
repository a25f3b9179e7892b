"""How each undated page of a real story got its day, round by round.

    python eval/dating_trace.py STORY [PAGE...] [--top 5]

Dates the pages of ../shared/data/real-stories/STORY as one batch, as `tracker build` dates them
(tracker.pipeline.read_and_date), and prints for every page its true day (pages.tsv), the day it
ended with, and, for each round of the estimate, the day chosen and the day its most similar pages
pointed to. For each PAGE named (a file name or a part of one), also the cheapest candidate days
of each round with their costs and the expression each one is fresh from
(tracker.ingest.estimate.ranked). What eval/dating_cost.py prices, this shows the reasons of.
Evaluation only: reads ../shared/data, writes nothing.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eval import real_stories  # noqa: E402  (the stories and their pages)


def trace(story: Path, watched: list[str], top: int) -> list[str]:
    """The report's lines."""
    import tracker.ingest.estimate as estimate
    from tracker.pipeline import read_and_date

    rounds: dict[str, list[str]] = defaultdict(list)
    details: list[str] = []
    choose, rank = estimate.estimate_one, estimate.ranked

    def chosen(article, timexes, resolver, found, events=(), week=None):
        dated = choose(article, timexes, resolver, found, events, week)
        day = dated.published.start.isoformat() if dated is not None else "none"
        near = found.prior[0].isoformat() if found is not None and found.prior else "-"
        rounds[article.id].append(f"{day} (near {near})")
        return dated

    def ranked(article, timexes, resolver, found, events=(), week=None):
        guesses = rank(article, timexes, resolver, found, events, week)  # estimate_one chooses from these
        if any(w in article.id for w in watched):
            near = found.prior[0].isoformat() if found.prior else "-"
            details.append(f"{article.id}, round {len(rounds[article.id]) + 1}: similar pages at {near}; "
                           f"matched happenings {[(e.day.isoformat(), round(e.similarity, 2)) for e in events]}")  # fmt: skip
            for guess in guesses[:top]:
                fresh = guess.latest.text if guess.latest is not None else "-"
                details.append(f"    {guess.day}  cost {guess.cost:5.2f}  fresh from {fresh!r}")
        return guesses

    estimate.estimate_one, estimate.ranked = chosen, ranked
    try:
        rows = real_stories.pages(story)
        dated, _ = read_and_date([story / "pages" / row["file"] for row in rows])
    finally:
        estimate.estimate_one, estimate.ranked = choose, rank
    true = {Path(row["file"]).stem: row.get("published") or "-" for row in rows}
    lines = []
    for article in sorted(dated, key=lambda a: (true.get(a.id, "-"), a.id)):
        day = article.published.start.isoformat() if article.published is not None else "none"
        mark = "ok" if day == true.get(article.id) else "--"
        steps = " -> ".join(rounds.get(article.id, [])) or article.published_how
        lines.append(f"{mark} {article.id[:32]:32} true {true.get(article.id, '-')}  got {day}  {steps}")
    return lines + ([""] if details else []) + details


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("story")
    parser.add_argument("pages", nargs="*", help="pages whose candidate days to show (a part of the file name)")
    parser.add_argument("--top", type=int, default=5, help="candidate days shown per round (default 5)")
    args = parser.parse_args(argv)
    print("\n".join(trace(real_stories.DATA / args.story, args.pages, args.top)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
