"""Figures of one library call alone, printed as one JSON object (run in a process of its own).

    python bench/micro.py tagger [--story IraqWar]   words/s of tracker.temporal.tag: TE3 and a t17 story
    python bench/micro.py merge-growth               tracker.merge.merge on 1,500 .. 12,000 synthetic mentions
    python bench/micro.py per-article [--articles 30] cProfile of the per-article stage (Parsed.of) on
                                                     Timeline17 articles, one process, with spaCy's components

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
    from eval.timex_eval import DEFAULT_DATA, find_corpus, read_docs

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


# where the per-article stage's time goes: the functions that start each part (cumulative time;
# parsing is spaCy's pipe, taken out of "mentions", which calls it)
PARTS = {
    "tagging": ("tracker/temporal/__init__.py", "tag"),
    "parsing (spaCy)": ("spacy/language.py", "pipe"),
    "mentions (with parsing)": ("tracker/mentions/extract.py", "extract_mentions"),
    "embedding (MiniLM)": ("tracker/meaning.py", "embed"),
    "article vectors (TF-IDF)": ("tracker/merge/article.py", "article_vector"),
}


def per_article(count: int) -> dict:
    """cProfile of Parsed.of on `count` Timeline17 articles spread over the 8 stories (read and
    dated before the clock starts, models loaded by a warm-up article)."""
    import cProfile
    import pstats

    from corpora import t17_set

    from tracker.nlp import load_nlp
    from tracker.pipeline import Parsed, read_and_date

    files = t17_set("8").files
    chosen = [files[round(i * (len(files) - 1) / count)] for i in range(count + 1)]  # one more: the warm-up
    articles, _ = read_and_date(chosen)
    Parsed.of(articles[0])  # warm-up: spaCy, the tagger's rules and the encoder load here
    articles = articles[1 : count + 1]
    profiler = cProfile.Profile()
    began, began_cpu = time.perf_counter(), time.process_time()
    profiler.runcall(lambda: [Parsed.of(a) for a in articles])
    wall, cpu = time.perf_counter() - began, time.process_time() - began_cpu
    stats = pstats.Stats(profiler)
    words = sum(len(a.body.split()) for a in articles)
    parts = {name: round(_cumulative(stats, *where), 2) for name, where in PARTS.items()}
    parts["mentions (with parsing)"] = round(parts["mentions (with parsing)"] - parts["parsing (spaCy)"], 2)
    parts = {name.replace(" (with parsing)", ""): v for name, v in parts.items()}
    top = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:15]
    return {"articles": len(articles), "words": words, "seconds": round(wall, 2), "cpu_s": round(cpu, 2),
            "articles_per_s": round(len(articles) / wall, 2), "words_per_s": round(words / wall),
            "parts_s": parts, "profiled_s": round(stats.total_tt, 2),
            "spacy_components_s": _components(load_nlp(), articles),
            "top_own_time": [{"function": _short(k), "own_s": round(v[2], 2), "calls": v[1]} for k, v in top]}


def _cumulative(stats, path_end: str, function: str) -> float:
    found = [v[3] for (path, _, name), v in stats.stats.items() if path.endswith(path_end) and name == function]
    return max(found, default=0.0)


def _short(key: tuple) -> str:
    path, line, function = key
    return f"{path.split('/site-packages/')[-1].split('/wt-perf/')[-1]}:{line}:{function}"


def _components(nlp, articles) -> dict:
    """Seconds of each spaCy component on the articles' paragraphs, in batches as `nlp.pipe`
    runs them (one document at a time gave NER twice its real cost: 6.6 s against 3.1)."""
    from tracker.mentions.sentences import PARAGRAPH

    texts = [m.group() for a in articles for m in PARAGRAPH.finditer(a.body) if m.group().strip()]
    began = time.perf_counter()
    docs = [nlp.make_doc(text) for text in texts]
    seconds = {"tokenizer": time.perf_counter() - began}
    for name, component in nlp.pipeline:
        began = time.perf_counter()
        docs = list(component.pipe(docs, batch_size=nlp.batch_size)) if hasattr(component, "pipe") else [component(d) for d in docs]
        seconds[name] = time.perf_counter() - began
    return {name: round(v, 2) for name, v in seconds.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description="One library call alone, as JSON.")
    parser.add_argument("what", choices=("tagger", "merge-growth", "per-article"))
    parser.add_argument("--story", default="IraqWar")
    parser.add_argument("--articles", type=int, default=30)
    args = parser.parse_args()
    if args.what == "per-article":
        found = per_article(args.articles)
    else:
        found = tagger(args.story) if args.what == "tagger" else merge_growth()
    print(json.dumps(found))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
