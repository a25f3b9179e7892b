"""Article similarity: TF-IDF of a whole article against a fixed IDF table.

The IDF table (tracker/data/idf.tsv) was fitted once on Timeline17 by eval/fit_idf.py and is
data: an article's vector depends on its own words only, never on which other articles are in
the store, so a rebuild and one-by-one adds give the same numbers. A word the table does not
know takes the highest IDF in it: unseen words are mostly names, the most telling words of all.
The table is keyed by a digest of each word (`word_key`), not the word: the shipped file holds
numbers of the corpus, none of its text.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.nlp import fold

IDF_FILE = Path(__file__).resolve().parents[1] / "data" / "idf.tsv"
WORD = re.compile(r"[a-z][a-z0-9]+(?:['-][a-z0-9]+)*")
MIN_LENGTH = 2
HEAVIEST = 32  # words an ArticleVector names, heaviest first (groups.TOP_TERMS are its index keys)



@dataclass(frozen=True, slots=True)
class ArticleVector:
    """Unit TF-IDF weights of one text; equal (and hashed) by the text's digest. `terms` holds the
    words' table keys as sorted integers and `values` their weights in that order (numpy arrays),
    so a cosine is one sorted lookup and one dot product. `heaviest` names the HEAVIEST words by
    weight (ties by word), the index keys of article groups: the words themselves are not kept (a
    dict of them cost some 60 kB an article, over a GB for the vectors of 10,000 articles).
    Example: article_vector("Fire at the mill. The mill burned.").heaviest[0] == "mill"."""

    digest: str
    heaviest: tuple[str, ...] = field(compare=False, hash=False)
    terms: Any = field(compare=False, hash=False)
    values: Any = field(compare=False, hash=False)

    def __bool__(self) -> bool:
        return bool(len(self.terms))


@functools.lru_cache(maxsize=1 << 16)  # a word recurs across articles: its digest is taken once
def word_key(word: str) -> str:
    """The table's key of a word: 12 hex digits of its BLAKE2b digest (no collision among the
    table's words; `eval/fit_idf.py` checks)."""
    return hashlib.blake2b(word.encode("utf-8"), digest_size=6).hexdigest()


@functools.cache
def idf_table(path: Path = IDF_FILE) -> tuple[dict[str, float], float]:
    """word key -> IDF, and the IDF of an unknown word (the table's highest)."""
    table: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, value = line.split("\t")
            table[key] = float(value)
    return table, max(table.values())


def words(text: str) -> list[str]:
    return [w for w in WORD.findall(fold(text)) if len(w) >= MIN_LENGTH]


def article_vector(text: str) -> ArticleVector:
    """Sublinear TF times fixed IDF, L2-normalised; weights rounded so sums do not wobble."""
    import numpy as np

    table, unknown = idf_table()
    counts = Counter(words(text))
    keys = {w: word_key(w) for w in counts}
    raw = {w: (1.0 + math.log(n)) * table.get(keys[w], unknown) for w, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in raw.values())) or 1.0
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
    weights = {w: round(v / norm, 6) for w, v in sorted(raw.items())}
    order = sorted(weights, key=lambda w: keys[w])
    terms = np.array([int(keys[w], 16) for w in order], dtype=np.int64)
    heaviest = tuple(w for w, _ in sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:HEAVIEST])
    return ArticleVector(digest, heaviest, terms, np.array([weights[w] for w in order], dtype=np.float64))


PACKED_VERSION = 1  # first byte of a packed ArticleVector


def pack_vector(vector: ArticleVector) -> bytes:
    """An ArticleVector as bytes for the store (computed once, when the article is parsed): a
    version byte, the 20-byte digest, the term count, the terms (int64), the weights (float64,
    exactly as computed, so a stored vector gives the same cosines) and the heaviest words.
    Example: unpack_vector(pack_vector(article_vector("Fire at the mill."))).heaviest[0] == "mill"."""
    import numpy as np

    head = bytes([PACKED_VERSION]) + bytes.fromhex(vector.digest) + len(vector.terms).to_bytes(4, "little")
    tail = "\n".join(vector.heaviest).encode("utf-8")  # words never hold a newline (WORD)
    return head + np.asarray(vector.terms, "<i8").tobytes() + np.asarray(vector.values, "<f8").tobytes() + tail


def unpack_vector(data: bytes) -> ArticleVector:
    """The ArticleVector pack_vector packed; ValueError for bytes it did not write."""
    import numpy as np

    if not data or data[0] != PACKED_VERSION or len(data) < 25:
        raise ValueError("not a packed article vector")
    n = int.from_bytes(data[21:25], "little")
    end = 25 + 16 * n
    if len(data) < end:
        raise ValueError("a packed article vector cut short")
    terms = np.frombuffer(data, "<i8", n, 25).astype(np.int64)
    values = np.frombuffer(data, "<f8", n, 25 + 8 * n).astype(np.float64)
    tail = data[end:].decode("utf-8")
    return ArticleVector(data[1:21].hex(), tuple(tail.split("\n")) if tail else (), terms, values)


@functools.lru_cache(maxsize=1 << 17)  # mentions of two articles meet many times: one sum per article pair
def article_cosine(a: ArticleVector, b: ArticleVector) -> float:
    """Cosine of two unit vectors: the shared terms found by a sorted lookup of the shorter in
    the longer, their weights multiplied in term order (the same sum on every run)."""
    if not len(a.terms) or not len(b.terms):
        return 0.0
    if len(a.terms) > len(b.terms):
        a, b = b, a
    at = b.terms.searchsorted(a.terms).clip(max=len(b.terms) - 1)
    shared = b.terms[at] == a.terms
    return round(float(a.values[shared] @ b.values[at[shared]]), 4)


def article_cosines(a: ArticleVector, others: Sequence[ArticleVector]) -> list[float]:
    """article_cosine(a, b) for each b of others, in one pass: their terms looked up in a's at
    once and the products summed per article (np.bincount, in each one's term order)."""
    import numpy as np

    if not others:
        return []
    if not len(a.terms):
        return [0.0] * len(others)
    terms = np.concatenate([b.terms for b in others])
    values = np.concatenate([b.values for b in others])
    owner = np.repeat(np.arange(len(others)), [len(b.terms) for b in others])
    at = a.terms.searchsorted(terms).clip(max=len(a.terms) - 1)
    shared = a.terms[at] == terms
    sums = np.bincount(owner[shared], weights=values[shared] * a.values[at[shared]], minlength=len(others))
    return [round(float(s), 4) for s in sums]


def pair_cosines(vectors: Sequence[ArticleVector], pairs: Any) -> Any:
    """article_cosine(vectors[i], vectors[j]) for each article pair (i, j) of `pairs` (a (k, 2)
    int array), in order, as a float64 array: each distinct pair is summed once and all the pairs
    of one article in one pass (article_cosines), however often the pairs repeat it. A merge meets
    the same two articles through many of their mentions' pairs (four each on 10,000 synthetic
    articles: a million article pairs behind four million mention pairs).
    Example: pair_cosines([u, v], [[0, 1], [0, 1], [1, 1]]) == [c, c, 1.0] with c = article_cosine(u, v)."""
    import numpy as np

    found = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    n = max(len(vectors), 1)
    codes = np.minimum(found[:, 0], found[:, 1]) * n + np.maximum(found[:, 0], found[:, 1])
    unique, where = np.unique(codes, return_inverse=True)
    del codes
    left, right = unique // n, unique % n
    values = np.empty(len(unique), dtype=np.float64)
    starts = np.flatnonzero(np.r_[True, left[1:] != left[:-1]]) if len(unique) else np.zeros(0, dtype=np.int64)
    for start, end in zip(starts.tolist(), [*starts[1:].tolist(), len(unique)]):
        values[start:end] = article_cosines(vectors[int(left[start])], [vectors[k] for k in right[start:end].tolist()])
    return values[where.reshape(-1)]
