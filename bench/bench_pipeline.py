"""Pipeline benchmark: seeds end to end, per-stage costs, and how merging grows with mentions.

Run: make bench  (or .venv/bin/python bench/bench_pipeline.py). Prints one line per figure.
Timings are measured here and reported in the README, never asserted in tests.
"""

from __future__ import annotations

import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.types import Actor, Mention, TimeValue  # noqa: E402


def _seconds(fn, repeat: int = 3) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def bench_seed_build() -> None:
    from tracker.nlp import load_nlp
    from tracker.pipeline import build

    t0 = time.perf_counter()
    load_nlp()
    print(f"spaCy pipeline load: {time.perf_counter() - t0:.2f} s (once per process)")
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in seeds)
    with tempfile.TemporaryDirectory() as tmp:
        counter = iter(range(100))
        seconds = _seconds(lambda: build(seeds, Path(tmp) / f"s{next(counter)}.db"))
    print(f"seed build ({len(seeds)} articles, {words} words): {seconds:.2f} s, "
          f"{len(seeds) / seconds:.1f} articles/s, {words / seconds:,.0f} words/s")


def bench_stages() -> None:
    from tracker.ingest import read_article
    from tracker.mentions import extract_mentions
    from tracker.temporal import tag

    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    articles = [read_article(p) for p in seeds]
    dct = date(2025, 9, 5)
    timexes = {a.id: tag(a.body, dct) for a in articles}
    print(f"  ingest: {_seconds(lambda: [read_article(p) for p in seeds]) * 1000:.1f} ms for the seeds")
    print(f"  temporal tag: {_seconds(lambda: [tag(a.body, dct) for a in articles]) * 1000:.1f} ms for the seeds")
    mention_s = _seconds(lambda: [extract_mentions(a, timexes[a.id]) for a in articles])
    print(f"  mentions (spaCy): {mention_s * 1000:.1f} ms for the seeds")


def synthetic_mentions(n: int, seed: int = 7) -> list[Mention]:
    """n mentions of n/3 made-up happenings, three reports each, at a steady ~8 mentions a day:
    a story corpus grows in time, so the span grows with n (a fixed span would measure density)."""
    rng = random.Random(seed)
    verbs = ["met", "visited", "signed", "announced", "opened", "rejected", "hosted", "criticised"]
    people = [f"Person{i} Surname{i}" for i in range(200)]
    cities = [f"City{i}" for i in range(60)]
    out = []
    for i in range(n):
        happening = i // 3
        hr = random.Random(happening)
        day = date(2020, 1, 1) + timedelta(days=hr.randrange(max(30, n // 8)))
        who, where, verb = hr.choice(people), hr.choice(cities), hr.choice(verbs)
        sentence = f"{who} {verb} officials in {where} on {day:%B %d}, reporters said ({rng.randrange(10**6)})."
        key = who.split()[-1].lower()
        out.append(Mention(
            id=f"syn{i:07d}", article_id=f"art{i % (n // 5 + 1)}", outlet=f"Outlet{i % 17}",
            published=TimeValue.day(day + timedelta(days=1)), sentence=sentence, sentence_start=0,
            time_text=f"{day:%B %d}", time_value=day.isoformat(), time=TimeValue.day(day), time_explicit=True,
            time_start=sentence.index(f"{day:%B}"), actors=(Actor(who, key, "PERSON"),), places=(where,),
            trigger=verb, subject=key))
    return out


def bench_merge_growth() -> None:
    from tracker.merge import merge

    previous = None
    for n in (1500, 3000, 6000, 12000):
        mentions = synthetic_mentions(n)
        seconds = _seconds(lambda batch=mentions: merge(batch), repeat=1)
        growth = "" if previous is None else f", x{seconds / previous:.2f} for x2 mentions"
        print(f"merge {n:>6} mentions: {seconds:.2f} s ({n / seconds:,.0f} mentions/s{growth})")
        previous = seconds


def main() -> None:
    bench_seed_build()
    bench_stages()
    bench_merge_growth()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS of this process): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
