"""Article groups (tracker/merge/groups.py) measured on real data, beside a TF-IDF baseline.

    .venv/bin/python eval/groups.py [--data ../shared/data] [--json] [--skip-t17]

- ECB+ (documents of each split, all at once, no dates): pairwise P/R/F1 of our groups against
  the gold subtopics (the happening a document reports), on training topics 1-35 for each cut of
  the grid (the shipped apart_below) and on test topics 36-45 for the shipped cut only; the baseline is plain TF-IDF cosine
  of whole documents with one threshold chosen on training topics (eval/ecbplus.tfidf_baseline).
- The real stories (../shared/data/real-stories, pages pooled, publication days of pages.tsv):
  groups per story, groups that hold pages of two stories (must be 0), and the share of page
  pairs reporting one gold happening that sit in one group.
- Timeline17 (4,223 articles): candidate pairs and seconds to group one story against all
  eight, and one article added to the whole store (growth must be about linear).
Reads the shared data at run time; nothing of it is copied.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Sequence
from datetime import date
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eval.coref_metrics import pairwise  # noqa: E402
from eval.ecbplus_data import TEST_TOPICS, TRAIN_TOPICS, read_docs, read_gold  # noqa: E402
from tracker.merge.groups import Doc, GroupParams, extend, group_articles  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"


def ecb_docs(data: Path, topics: frozenset[int]) -> tuple[list[Doc], dict[str, str]]:
    """ECB+ documents as undated Docs, and doc -> gold subtopic."""
    golds = read_gold(data, topics)
    texts = read_docs(golds, data)
    return [Doc.of(d, texts[d]) for d in sorted(texts)], {g.doc: g.subtopic for g in golds}


def doc_pair_prf(clusters: Sequence[Sequence[str]], gold: dict[str, str]) -> dict[str, float]:
    by_story: dict[str, list[str]] = {}
    for doc, story in sorted(gold.items()):
        by_story.setdefault(story, []).append(doc)
    return pairwise(list(by_story.values()), clusters).as_dict()


def ecb_figures(data: Path, params: GroupParams, grid: Sequence[float]) -> dict:
    out: dict = {}
    docs, gold = ecb_docs(data, TRAIN_TOPICS)
    out["train"] = {f"{t:.2f}": doc_pair_prf(group_articles(docs, GroupParams(t, params.window_days, params.apart_below))[0].clusters(), gold)["f1"] for t in grid}
    docs, gold = ecb_docs(data, TEST_TOPICS)
    out["test"] = doc_pair_prf(group_articles(docs, params)[0].clusters(), gold)
    out["test"]["groups"] = len(group_articles(docs, params)[0].clusters())
    out["test"]["subtopics"] = len(set(gold.values()))
    return out


def read_pages(story: Path) -> list[tuple[str, str, date | None]]:
    """(page id, text, publication day) of a real story's pages."""
    with (story / "pages.tsv").open(encoding="utf-8") as rows:
        published = {r["file"]: r["published"] for r in csv.DictReader(rows, delimiter="\t")}
    out = []
    for path in sorted((story / "pages").glob("*.txt")):
        day = published.get(path.name) or ""
        out.append((path.stem, path.read_text(encoding="utf-8", errors="replace"), date.fromisoformat(day) if len(day) == 10 else None))
    return out


def real_story_figures(root: Path, params: GroupParams) -> dict:
    stories = sorted(p for p in root.iterdir() if (p / "gold.json").is_file())
    docs, story_of, together = [], {}, set()
    for story in stories:
        for page, text, day in read_pages(story):
            key = f"{story.name}/{page}"
            docs.append(Doc.of(key, text, day))
            story_of[key] = story.name
        for event in json.loads((story / "gold.json").read_text(encoding="utf-8"))["events"]:
            pages = sorted(f"{story.name}/{a}" for a in event.get("articles", []))
            together.update(combinations(pages, 2))
    groups = group_articles(docs, params)[0]
    mixed = [g for g in groups.clusters() if len({story_of[a] for a in g}) > 1]
    kept = [p for p in together if p[0] in groups.of and p[1] in groups.of]
    return {
        "pages": len(docs),
        "stories": len(stories),
        "groups": len(groups.clusters()),
        "groups_per_story": {s.name: len({groups.of[a] for a in groups.of if story_of[a] == s.name}) for s in stories},
        "groups_holding_two_stories": len(mixed),
        "same_happening_pairs": len(kept),
        "same_happening_pairs_in_one_group": round(100 * sum(groups.same(a, b) for a, b in kept) / max(1, len(kept)), 1),
    }


def t17_docs(root: Path, story: str | None = None) -> list[Doc]:
    out = []
    for path in sorted(root.glob(f"{story or '*'}/*/*.txt")):
        if path.parent.name == "gold":
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        day = next((line.split(":", 1)[1].strip() for line in text.splitlines()[:6] if line.startswith("published:")), "")
        out.append(Doc.of(f"{path.parts[-3]}/{path.parts[-2]}/{path.stem}", text, date.fromisoformat(day) if len(day) == 10 else None))
    return out


def t17_figures(root: Path, params: GroupParams, one: str = "bpoil") -> dict:
    out = {}
    for name, story in ((one, one), ("all 8 stories", None)):
        t0 = time.perf_counter()
        docs = t17_docs(root, story)
        t1 = time.perf_counter()
        groups, index = group_articles(docs, params)
        t2 = time.perf_counter()
        pairs = sum(len(index.candidates(d)) for d in docs) // 2
        out[name] = {"articles": len(docs), "candidate_pairs": pairs, "groups": len(groups.clusters()), "vectors_s": round(t1 - t0, 1), "group_s": round(t2 - t1, 1)}
    last = docs[-1]
    rest = [d for d in docs if d.id != last.id]
    groups, index = group_articles(rest, params)
    t0 = time.perf_counter()
    extend(groups, index, [last], params)
    out["add one article to all 8"] = {"seconds": round(time.perf_counter() - t0, 3)}
    return out


def main(argv: list[str] | None = None) -> int:
    from tracker.merge.model import load_model

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--skip-t17", action="store_true")
    args = parser.parse_args(argv)
    params = load_model().groups
    grid = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4)
    figures = {"params": {"threshold": params.threshold, "window_days": params.window_days, "apart_below": params.apart_below}}
    figures["ecbplus"] = ecb_figures(args.data / "ecbplus", params, grid)
    figures["real_stories"] = real_story_figures(args.data / "real-stories", params)
    if not args.skip_t17:
        figures["t17"] = t17_figures(args.data / "t17", params)
    print(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
