"""Fit the fixed IDF table of tracker/merge/article.py on Timeline17 and write tracker/data/idf.tsv.

    .venv/bin/python eval/fit_idf.py [--t17 ../shared/data/t17] [--min-df 3]

IDF = ln((1 + N) / (1 + df)) + 1 (scikit-learn's smooth IDF), over every article of the corpus
(front matter skipped). Only general vocabulary is kept: words in at least --min-df articles of at
least --min-stories of the eight stories, and written in lower case at least half the time. The
others (rare words, and names: people, places, organisations, which are mostly capitalised) take
the table's highest IDF at run time, as any unknown name does: the table knows words, no story's
names. Each word is written as its key (`tracker.merge.article.word_key`, a BLAKE2b digest), so
the file holds numbers of the corpus and none of its text; the script stops on a key collision.
Deterministic: sorted output.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tracker.merge.article import IDF_FILE, word_key, words  # noqa: E402

CASED = re.compile(r"[A-Za-z][A-Za-z0-9]+")
T17 = ROOT.parent / "shared" / "data" / "t17"


def body(path: Path) -> str:
    text = path.read_text(encoding="utf-8", errors="replace")
    if text.startswith("---"):
        end = text.find("\n---", 3)
        text = text[end + 4 :] if end > 0 else text
    return text


def _common(word: str, lower: Counter[str], every: Counter[str]) -> bool:
    """Every part of it written in lower case at least half the time: a word, not a name. The parts
    count, not the whole, so a name's possessive or compound ("Lyon's", "Lyon-based") is a name too."""
    parts = [p for p in re.split(r"[^a-z0-9]+", word) if p]
    return all(2 * lower[p] >= every[p] for p in parts if p in every)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--t17", type=Path, default=T17)
    parser.add_argument("--min-df", type=int, default=3)
    parser.add_argument("--min-stories", type=int, default=4)
    parser.add_argument("--out", type=Path, default=IDF_FILE)
    args = parser.parse_args(argv)
    files = sorted(p for p in args.t17.glob("*/*/*.txt"))
    df: Counter[str] = Counter()
    stories: dict[str, set[str]] = {}
    lower: Counter[str] = Counter()
    every: Counter[str] = Counter()
    for path in files:
        text = body(path)
        for token in CASED.findall(text):
            every[token.lower()] += 1
            lower[token] += token.islower()
        seen = set(words(text))
        df.update(seen)
        for w in seen:
            stories.setdefault(w, set()).add(path.parts[-3])
    n = len(files)
    kept = [w for w, c in df.items() if c >= args.min_df and len(stories[w]) >= args.min_stories and _common(w, lower, every)]
    keys = {word_key(w) for w in kept}
    if len(keys) != len(kept):
        sys.exit(f"{len(kept) - len(keys)} word keys collide: widen word_key's digest")
    rows = sorted((word_key(w), math.log((1 + n) / (1 + df[w])) + 1) for w in kept)
    header = f"# IDF of {len(rows)} words (keyed by word_key) over {n} Timeline17 articles (df >= {args.min_df}, in >= {args.min_stories} stories); made by eval/fit_idf.py\n"
    args.out.write_text(header + "".join(f"{w}\t{v:.3f}\n" for w, v in rows), encoding="utf-8")
    print(f"{args.out}: {len(rows)} words from {n} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
