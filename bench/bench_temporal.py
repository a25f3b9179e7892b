"""Temporal tagger benchmark: tagging speed and peak memory on the TE3 training corpus.

Run: make bench  (or .venv/bin/python bench/bench_temporal.py [DIR ...]; default ../shared/data/te3-train).
Files are read and parsed before the clock starts, so only `tracker.temporal.tag` is timed.
The process is pinned to one CPU where the OS allows it; the speed is the median of 3 runs after
one untimed warm-up document (which loads and compiles the rules). Memory is measured on a
separate run under tracemalloc (it slows Python down, so it never overlaps a timed run), plus the
process's peak resident size. Prints one line per figure; nothing here is asserted.
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval.timex_eval import DEFAULT_DATA, find_corpus, read_docs  # noqa: E402
from tracker.temporal.timeml import TimeMLDoc  # noqa: E402

RUNS = 3


def pin_to_one_core() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity)"
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}"


def tag_all(docs: list[TimeMLDoc]) -> int:
    from tracker.temporal import tag

    return sum(len(tag(doc.text, doc.dct)) for doc in docs)


def bench_speed(docs: list[TimeMLDoc], words: int) -> None:
    runs = []
    for _ in range(RUNS):
        started = time.perf_counter()
        found = tag_all(docs)
        runs.append(time.perf_counter() - started)
    seconds = statistics.median(runs)
    print(
        f"temporal tag speed: {words / seconds:,.0f} words/s "
        f"(median of {RUNS}: {seconds:.3f} s for {len(docs)} documents, {words:,} words, {found} timexes)"
    )


def bench_memory(docs: list[TimeMLDoc]) -> None:
    tracemalloc.start()
    tag_all(docs)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # ru_maxrss is in kilobytes on Linux (bytes on macOS); this machine is Linux.
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # Documents are tagged one at a time, so the peak is that of the largest document, not the corpus.
    print(f"temporal tag memory: peak {peak / 1024:,.0f} KB allocated while tagging (tracemalloc)")
    print(f"process peak resident size: {rss_mb:.0f} MB (corpus, rules and interpreter)")


def main(argv: list[str]) -> int:
    from tracker.temporal import tag

    dirs = [Path(arg) for arg in argv] or [DEFAULT_DATA]
    docs = read_docs(find_corpus(dirs))
    words = sum(len(doc.text.split()) for doc in docs)
    print(f"temporal bench on {', '.join(map(str, dirs))}: {pin_to_one_core()}")
    tag(docs[0].text, docs[0].dct)  # warm-up: rule loading is not tagging
    bench_speed(docs, words)
    bench_memory(docs)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
