"""Candidate pairs from an index, never all pairs: nearest neighbours in the meaning space.

`nearest_pairs` gives, for each vector, its k most similar others (exact, by blocks of rows so
memory stays at block x n); the union over a few spaces (the event word in context, the
sentence) is the candidate list the pair model scores. Callers add their own index keys (time
buckets, actors, places) with `keyed_pairs`. Deterministic: ties broken by index.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from itertools import combinations
from typing import Any

Pair = tuple[int, int]
BLOCK = 1024
MAX_KEY_GROUP = 200  # a key shared by more items than this indexes nothing ("said", a big country)


def nearest_pairs(vectors: Any, k: int, block: int = BLOCK) -> set[Pair]:
    """Pairs (i < j) where j is among i's k nearest by dot product, or i among j's."""
    import numpy as np

    n = len(vectors)
    k = min(k, n - 1)
    found: set[Pair] = set()
    if k <= 0:
        return found
    for start in range(0, n, block):
        sims = vectors[start : start + block] @ vectors.T
        for row in range(sims.shape[0]):
            sims[row, start + row] = -np.inf  # not one's own neighbour
        # stable sort on (-similarity, index): the same neighbours on every run
        order = np.argsort(-sims, axis=1, kind="stable")[:, :k]
        for row, neighbours in enumerate(order):
            i = start + row
            found.update((min(i, int(j)), max(i, int(j))) for j in neighbours)
    return found


def keyed_pairs(keys: Sequence[Iterable[Hashable]]) -> set[Pair]:
    """Pairs of items sharing an index key (a time bucket, an actor, a trigger lemma); keys held
    by more than MAX_KEY_GROUP items are skipped, so the work stays near-linear."""
    groups: dict[Hashable, list[int]] = {}
    for i, item_keys in enumerate(keys):
        for key in set(item_keys):
            groups.setdefault(key, []).append(i)
    return {p for members in groups.values() if len(members) <= MAX_KEY_GROUP for p in combinations(members, 2)}
