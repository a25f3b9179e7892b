"""Which articles read alike: TF-IDF cosine similarity over their words.

Articles of one story that tell the same happening share its names and words; they were written
within days of each other, so the dates of an article's neighbours tell roughly when it was
written. Each text's counts are kept once (as matrix columns); a question is one sparse product.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from tracker.ingest.rules import setting

_WORD = re.compile(r"[a-z][a-z'-]{2,}")
CUES = "ingest_infer.yaml"


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return frozenset(str(w) for w in setting(CUES, "stop_words"))


def terms(text: str) -> Counter[str]:
    stop = _stop_words()
    return Counter(w for w in _WORD.findall(text.lower()) if w not in stop)


_COLUMNS: dict[str, int] = {}  # word -> its column in the count matrices, given on first sight


@lru_cache(maxsize=1 << 14)
def _row(text: str) -> tuple[Any, Any]:
    """The text's words as matrix columns and their counts, once per text: one add asks about every
    stored article several times (the priors, the weekdays, each round)."""
    import numpy as np

    found = terms(text)
    columns = np.fromiter((_COLUMNS.setdefault(w, len(_COLUMNS)) for w in found), dtype=np.int32, count=len(found))
    return columns, np.fromiter(found.values(), dtype=np.float32, count=len(found))


def neighbours(queries: Sequence[str], pool: Sequence[str], top: int, floor: float) -> list[list[tuple[int, float]]]:
    """For each query text, the pool texts most like it: (pool index, cosine), best first, at most
    `top`, each at least `floor`. A query that is also in the pool is matched with itself only if
    the caller leaves it there. IDF over the pool and the queries together (scikit-learn's smooth
    IDF), sublinear counts, unit rows; one sparse product."""
    return Pool(pool).neighbours(queries, top, floor)


class Pool:
    """Texts read once (their words as matrix columns and counts) for many questions: a calendar
    asks about each undated article of a batch in turn, so the pool is never rebuilt per question.
    Not a value: it holds arrays. `Pool(texts).neighbours(...)` is `neighbours(..., texts)`."""

    def __init__(self, texts: Sequence[str]) -> None:
        import numpy as np

        rows = [_row(t) for t in texts]
        self.size = len(rows)
        self.columns = np.concatenate([c for c, _ in rows]) if rows else np.zeros(0, dtype=np.int32)
        self.logs = 1.0 + np.log(np.concatenate([v for _, v in rows]).astype(np.float64)) if rows else np.zeros(0)
        self.starts = np.concatenate([[0], np.cumsum([len(c) for c, _ in rows], dtype=np.int64)])
        self.df = np.bincount(self.columns, minlength=len(_COLUMNS))
        self._postings: tuple[Any, Any] | None = None  # word -> the rows holding it, made at the first question

    def neighbours(self, queries: Sequence[str], top: int, floor: float) -> list[list[tuple[int, float]]]:
        import numpy as np

        asked = [_row(t) for t in queries]
        width = len(_COLUMNS)  # the queries may have brought new words
        df = np.zeros(width, dtype=np.int64)
        df[: len(self.df)] += self.df
        if asked:
            df += np.bincount(np.concatenate([c for c, _ in asked]), minlength=width)
        idf = np.log((1 + self.size + len(asked)) / (1 + df)) + 1
        rows = self._sharing(asked)  # only pool texts with a word of a query can score above 0
        scores = (_unit_rows(asked, idf, width) @ self._unit(idf, width, rows).T).tocsr()
        found = []
        for q in range(len(asked)):
            row = slice(scores.indptr[q], scores.indptr[q + 1])
            kept = scores.data[row] >= floor
            index, value = rows[scores.indices[row][kept]], scores.data[row][kept]
            best = np.lexsort((index, -value))[:top]  # best first, ties by pool index
            found.append([(int(index[k]), float(value[k])) for k in best])
        return found

    def _sharing(self, asked: Sequence[tuple[Any, Any]]) -> Any:
        """The pool rows (sorted) holding at least one word of the asked rows. A calendar asks
        about one article at a time: weighing every pool text for each question cost the number
        of undated articles times the pool (15 s of a 10,000-article build's dating); a text with
        no word of the question is not weighed, and the texts weighed come out as they did."""
        import numpy as np

        if not self.size:
            return np.zeros(0, dtype=np.int64)
        if self._postings is None:
            order = np.argsort(self.columns, kind="stable")
            owner = np.repeat(np.arange(self.size), np.diff(self.starts))
            self._postings = (owner[order], np.searchsorted(self.columns[order], np.arange(len(self.df) + 1)))
        rows, bounds = self._postings
        words = np.unique(np.concatenate([c for c, _ in asked])) if asked else np.zeros(0, dtype=np.int64)
        words = words[words < len(self.df)]
        if not len(words):
            return np.zeros(0, dtype=np.int64)
        return np.unique(np.concatenate([rows[bounds[w] : bounds[w + 1]] for w in words.tolist()]))

    def _unit(self, idf: Any, width: int, rows: Any) -> Any:
        """These pool rows of (1 + ln count) x IDF, each of unit length (as _unit_rows makes them)."""
        import numpy as np

        lengths = self.starts[rows + 1] - self.starts[rows]
        starts = np.concatenate([[0], np.cumsum(lengths)])
        at = np.repeat(self.starts[rows] - starts[:-1], lengths) + np.arange(starts[-1])
        return _unit_matrix(self.logs[at], self.columns[at], starts, idf, width)


def _unit_rows(rows: Sequence[tuple[Any, Any]], idf: Any, width: int) -> Any:
    """Rows of (1 + ln count) x IDF, each of unit length, as a sparse matrix."""
    import numpy as np

    if not rows:
        return _unit_matrix(np.zeros(0), np.zeros(0, dtype=np.int32), np.zeros(1, dtype=np.int64), idf, width)
    logs = 1.0 + np.log(np.concatenate([v for _, v in rows]).astype(np.float64))
    starts = np.concatenate([[0], np.cumsum([len(c) for c, _ in rows])])
    return _unit_matrix(logs, np.concatenate([c for c, _ in rows]), starts, idf, width)


def _unit_matrix(logs: Any, columns: Any, starts: Any, idf: Any, width: int) -> Any:
    """Rows (CSR: `columns` and their 1 + ln count, `starts` of each row) weighed by IDF, each of
    unit length."""
    import numpy as np
    from scipy import sparse

    if len(starts) == 1:
        return sparse.csr_matrix((0, width))
    matrix = sparse.csr_matrix((logs * idf[columns], columns, starts), shape=(len(starts) - 1, width))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    return sparse.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ matrix
