"""Merge evaluation: pairwise and B-cubed precision/recall/F1 with pinned floors, two ways.

    python -m eval.merge_eval [--data FILE.jsonl] [--stories DIR] [--floors FILE.json] [-v]

1. Merging only: each line of the data is one hand-written mention with its gold event label.
2. End to end (eval.made_up_stories): made-up stories told by several outlets go through the
   real pipeline; labelled sentences are matched to their mentions and events.
Exits 1 when any figure falls below its floor (eval/events_baseline.json; the end-to-end floors
sit under its "stories" key).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from pathlib import Path

from tracker.errors import TrackerError
from tracker.merge.merging import merge
from tracker.types import Actor, Mention, Precision, TimeValue

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "events" / "labelled.jsonl"
STORIES = ROOT / "tests" / "data" / "stories"
FLOORS = ROOT / "eval" / "events_baseline.json"


@dataclass(frozen=True, slots=True)
class Figures:
    pairwise: tuple[float, float, float]
    bcubed: tuple[float, float, float]

    def as_dict(self) -> dict[str, float]:
        names = ("precision", "recall", "f1")
        out = {f"pairwise_{n}": round(v, 4) for n, v in zip(names, self.pairwise, strict=True)}
        out.update({f"bcubed_{n}": round(v, 4) for n, v in zip(names, self.bcubed, strict=True)})
        return out


def load_labelled(path: Path = DATA) -> tuple[list[Mention], dict[str, str]]:
    """Mentions and their gold labels (mention id -> event label)."""
    mentions, gold = [], {}
    try:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for line in lines:
            row = json.loads(line)
            m = _mention(row)
            mentions.append(m)
            gold[m.id] = row["gold"]
    except (OSError, KeyError, ValueError, TypeError) as err:
        raise TrackerError(f"{path}: cannot read labelled mentions: {err!r}") from err
    return mentions, gold


def _mention(row: dict) -> Mention:
    time = None
    if row["time"]:
        start, end, precision = row["time"]
        time = TimeValue(date.fromisoformat(start), date.fromisoformat(end), Precision[precision])
    published = TimeValue.day(date.fromisoformat(row["published"])) if row.get("published") else None
    text = row["sentence"]
    return Mention(
        id=hashlib.sha1(f"{row['article']}|{text}".encode()).hexdigest(),
        article_id=row["article"],
        outlet=row["article"],
        published=published,
        sentence=text,
        sentence_start=0,
        time_text=row["time_text"],
        time=time,
        time_explicit=row.get("explicit", False),
        time_start=text.find(row["time_text"]) if row["time_text"] else None,
        actors=tuple(Actor(*a) for a in row["actors"]),
        places=tuple(row["places"]),
        trigger=row["trigger"],
        quote=row.get("quote"),
        subject=row["subject"],
        background=row.get("background", False),
    )


def evaluate(mentions: Sequence[Mention], gold: dict[str, str]) -> Figures:
    predicted = {m.id: f"alone:{m.id}" for m in mentions}  # a mention in no event (context) stands alone
    predicted.update({m.id: event.id for event in merge(mentions) for m in event.mentions})
    return Figures(_pairwise(predicted, gold), _bcubed(predicted, gold))


def _prf(p: float, r: float) -> tuple[float, float, float]:
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _pairwise(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    ids = sorted(gold)
    same_pred = {(a, b) for a, b in combinations(ids, 2) if predicted[a] == predicted[b]}
    same_gold = {(a, b) for a, b in combinations(ids, 2) if gold[a] == gold[b]}
    hits = len(same_pred & same_gold)
    return _prf(hits / len(same_pred) if same_pred else 1.0, hits / len(same_gold) if same_gold else 1.0)


def _bcubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    ids = sorted(gold)
    precision = recall = 0.0
    for i in ids:
        pred_set = {j for j in ids if predicted[j] == predicted[i]}
        gold_set = {j for j in ids if gold[j] == gold[i]}
        both = len(pred_set & gold_set)
        precision += both / len(pred_set)
        recall += both / len(gold_set)
    return _prf(precision / len(ids), recall / len(ids))


def check(title: str, figures: dict[str, float], floors: dict[str, float]) -> bool:
    """Print the figures beside their floors; True when all reach them."""
    print(title)
    ok = True
    for name, value in figures.items():
        floor = floors.get(name)
        low = floor is not None and value < floor
        ok &= not low
        print(f"  {name:22} {value:.3f}" + (f"  (floor {floor:.3f}{' BELOW' if low else ''})" if floor is not None else ""))
    return ok


def main(argv: Sequence[str] | None = None) -> int:
    from eval.made_up_stories import evaluate_stories

    parser = argparse.ArgumentParser(prog="python -m eval.merge_eval", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="labelled mentions, one JSON object a line")
    parser.add_argument("--stories", type=Path, default=STORIES, help="folder of story folders, each with gold.json")
    parser.add_argument("--floors", type=Path, default=FLOORS, help="JSON object of minimum figures")
    parser.add_argument("-v", "--verbose", action="store_true", help="say what the end-to-end evaluation got wrong")
    args = parser.parse_args(argv)
    floors = json.loads(args.floors.read_text(encoding="utf-8")) if args.floors.exists() else {}
    story_floors = floors.pop("stories", {})
    ok = check(f"merging of hand-written mentions ({args.data.name})", evaluate(*load_labelled(args.data)).as_dict(), floors)
    story_figures, tally = evaluate_stories(args.stories)
    title = f"end to end on {len(set(k.split('|')[0] for k in tally.gold))} stories ({tally.labels} labelled sentences)"
    ok &= check(title, story_figures, story_floors)
    if args.verbose:
        print("\n".join(tally.notes))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
