"""Figures of one library call alone, printed as one JSON object (run in a process of its own).

    python bench/micro.py tagger [--story IraqWar]   words/s of tracker.temporal.tag: TE3 and a t17 story
    python bench/micro.py merge-growth               tracker.merge.merge on 1,500 .. 12,000 synthetic mentions

The tagger is timed on one core (pinned where the OS allows), median of 3 runs after one warm-up
document; articles are read (ingest) before the clock starts.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

RUNS = 3


def _median_seconds(fn, runs: int = RUNS) -> tuple[float, float]:
    """Median wall and CPU seconds of fn: on a shared machine the CPU time is the steadier one."""
    wall, cpu = [], []
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    return statistics.median(wall), statistics.median(cpu)


def _figures(words: int, seconds: tuple[float, float]) -> dict:
    wall, cpu = seconds
    return {"words": words, "seconds": round(wall, 3), "cpu_s": round(cpu, 3),
            "words_per_s": round(words / wall), "words_per_cpu_s": round(words / cpu)}


def tagger(story: str) -> dict:
    from bench_temporal import pin_to_one_core

    from tracker.temporal import tag
    from tracker.temporal.evaluate import DEFAULT_DATA, find_corpus, read_docs

    pinned = pin_to_one_core()
    docs = read_docs(find_corpus([DEFAULT_DATA]))
    tag(docs[0].text, docs[0].dct)  # warm-up: loading and compiling the rules is not tagging
    te3_words = sum(len(d.text.split()) for d in docs)
    te3 = _median_seconds(lambda: [tag(d.text, d.dct) for d in docs])
    texts = _story_texts(story)
    story_words = sum(len(body.split()) for body, _ in texts)
    on_story = _median_seconds(lambda: [tag(body, dct) for body, dct in texts])
    return {
        "pinned": pinned,
        "te3": {"documents": len(docs), **_figures(te3_words, te3)},
        "t17": {"story": story, "articles": len(texts), **_figures(story_words, on_story)},
    }


def _story_texts(story: str) -> list[tuple[str, object]]:
    from corpora import t17_files

    from tracker.errors import TrackerError
    from tracker.ingest import read_article
    from tracker.types import Precision

    texts = []
    for path in t17_files(story):
        try:
            article = read_article(path)
        except TrackerError:  # a page with no article text: the build refuses it too
            continue
        published = article.published
        texts.append((article.body, published.start if published and published.precision is Precision.DAY else None))
    return texts


def merge_growth() -> dict:
    from bench_pipeline import synthetic_mentions

    from tracker.merge import merge

    rows = []
    for n in (1500, 3000, 6000, 12000):
        mentions = synthetic_mentions(n)
        wall, cpu = _median_seconds(lambda batch=mentions: merge(batch), runs=1)
        rows.append({"mentions": n, "seconds": round(wall, 3), "cpu_s": round(cpu, 3), "mentions_per_cpu_s": round(n / cpu)})
    return {"rows": rows}


def main() -> int:
    parser = argparse.ArgumentParser(description="One library call alone, as JSON.")
    parser.add_argument("what", choices=("tagger", "merge-growth"))
    parser.add_argument("--story", default="IraqWar")
    args = parser.parse_args()
    found = tagger(args.story) if args.what == "tagger" else merge_growth()
    print(json.dumps(found))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
