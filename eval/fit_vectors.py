"""Word vectors fitted on Timeline17 (PPMI + truncated SVD), for the comparison of meaning
representations (eval/compare_meaning.py): not shipped, written to eval/.cache/.

    .venv/bin/python eval/fit_vectors.py [--t17 ../shared/data/t17] [--vocab 30000] [--dims 100]

Lower-cased words of every article; vocabulary: the --vocab most frequent (count >= 5);
co-occurrence within 4 words either side; PPMI with context counts smoothed by 0.75 (Levy,
Goldberg & Dagan 2015); SVD to --dims, word vectors U * sqrt(S), unit length, float16.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eval.fit_idf import T17, body  # noqa: E402

OUT = ROOT / "eval" / ".cache" / "t17_vectors.npz"
TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
WINDOW = 4


def fit(t17: Path, vocab_size: int, dims: int):
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.linalg import svds

    docs = [TOKEN.findall(body(p).lower()) for p in sorted(t17.glob("*/*/*.txt"))]
    counts = Counter(w for d in docs for w in d)
    vocab = [w for w, c in counts.most_common(vocab_size) if c >= 5]
    index = {w: n for n, w in enumerate(vocab)}
    ids = np.concatenate([np.array([index.get(w, -1) for w in d] + [-1] * WINDOW, dtype=np.int64) for d in docs])
    rows, cols = [], []
    for d in range(1, WINDOW + 1):
        a, b = ids[:-d], ids[d:]
        keep = (a >= 0) & (b >= 0)
        rows += [a[keep], b[keep]]
        cols += [b[keep], a[keep]]
    n = len(vocab)
    matrix = coo_matrix((np.ones(sum(len(r) for r in rows), dtype=np.float64), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n)).tocsr()
    total = matrix.sum()
    word = np.asarray(matrix.sum(axis=1)).ravel()
    context = np.asarray(matrix.sum(axis=0)).ravel() ** 0.75
    coo = matrix.tocoo()
    pmi = np.log(coo.data * context.sum() / (word[coo.row] * context[coo.col]))
    keep = pmi > 0
    ppmi = coo_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=(n, n)).tocsr()
    u, s, _ = svds(ppmi, k=dims, random_state=0)
    vectors = u * np.sqrt(s)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    return vocab, vectors.astype(np.float16), int(total)


def main(argv: list[str] | None = None) -> int:
    import numpy as np

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--t17", type=Path, default=T17)
    parser.add_argument("--vocab", type=int, default=30000)
    parser.add_argument("--dims", type=int, default=100)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    vocab, vectors, total = fit(args.t17, args.vocab, args.dims)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, words=np.array(vocab), vectors=vectors)
    print(f"{args.out}: {len(vocab)} words x {args.dims} from {total} co-occurrences ({args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
