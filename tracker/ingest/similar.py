"""Which articles read alike: TF-IDF cosine similarity over their words.

Articles of one story that tell the same happening share its names and words; they were written
within days of each other, so the dates of an article's neighbours tell roughly when it was
written. Plain Python over an inverted index: a batch of a few thousand articles is quick.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache

from tracker.ingest.rules import setting

_WORD = re.compile(r"[a-z][a-z'-]{2,}")
CUES = "ingest_infer.yaml"


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return frozenset(str(w) for w in setting(CUES, "stop_words"))


def terms(text: str) -> Counter[str]:
    stop = _stop_words()
    return Counter(w for w in _WORD.findall(text.lower()) if w not in stop)


def neighbours(queries: Sequence[str], pool: Sequence[str], top: int, floor: float) -> list[list[tuple[int, float]]]:
    """For each query text, the pool texts most like it: (pool index, cosine), best first, at most
    `top`, each at least `floor`. A query that is also in the pool is matched with itself only if
    the caller leaves it there."""
    docs = [terms(t) for t in pool]
    asked = [terms(t) for t in queries]
    idf = _idf(docs + asked)
    vectors = [_vector(d, idf) for d in docs]
    index: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, vec in enumerate(vectors):
        for word, weight in vec.items():
            index[word].append((i, weight))
    found = []
    for query in asked:
        scores: dict[int, float] = defaultdict(float)
        for word, weight in _vector(query, idf).items():
            for i, other in index.get(word, ()):
                scores[i] += weight * other
        ranked = sorted(((i, s) for i, s in scores.items() if s >= floor), key=lambda x: (-x[1], x[0]))
        found.append(ranked[:top])
    return found


def _idf(docs: Sequence[Counter[str]]) -> dict[str, float]:
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(doc.keys())
    n = len(docs)
    return {w: math.log((1 + n) / (1 + c)) + 1 for w, c in df.items()}


def _vector(doc: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    raw = {w: (1 + math.log(c)) * idf.get(w, 1.0) for w, c in doc.items()}
    norm = math.sqrt(sum(v * v for v in raw.values())) or 1.0
    return {w: v / norm for w, v in raw.items()}
