"""Windows of the merge: the parts of the candidate graph that no candidate pair joins.

Candidates are only compared within a day or so of each other (merging.candidate_pairs), so the
mentions fall into windows of time: two windows share no candidate pair, and average linkage
counts a pair that was never a candidate as 0, so no cluster of one window can ever join one of
another. Each window can then be scored and clustered on its own, here or on another machine
(tracker.engine), and the clusters put together are exactly those of one run over everything.

Pairs are held as numpy arrays of shape (k, 2) (int32, i < j, sorted): millions of them at
10,000 articles cost 8 bytes each, where tuples in a list or a set cost some 150.

Example: mentions 0..4, candidate pairs (0, 1), (1, 2), (3, 4): windows [0, 1, 2] and [3, 4].
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

Pair = tuple[int, int]
CHUNK = 1 << 16  # pairs turned into Python tuples at a time (each_pair)


def as_pairs(pairs: Any) -> Any:
    """The pairs as a (k, 2) int32 array (a list of tuples, or an array already).
    Example: as_pairs([(0, 1), (2, 3)]).tolist() == [[0, 1], [2, 3]]."""
    import numpy as np

    return np.asarray(pairs, dtype=np.int32).reshape(-1, 2)


def each_pair(pairs: Any) -> Iterator[Pair]:
    """The pairs one by one as tuples of ints, in their order; an array is turned into tuples a
    chunk at a time, never all at once. Example: list(each_pair(as_pairs([(0, 1)]))) == [(0, 1)]."""
    if not hasattr(pairs, "tolist"):
        yield from pairs
        return
    for start in range(0, len(pairs), CHUNK):
        yield from map(tuple, pairs[start : start + CHUNK].tolist())


def each_value(values: Any) -> Iterator[float]:
    """The values of a 1-d array one by one as Python floats, a chunk at a time (beside each_pair).
    Example: list(each_value(numpy.array([0.5, 1.0]))) == [0.5, 1.0]."""
    for start in range(0, len(values), CHUNK):
        yield from values[start : start + CHUNK].tolist()


def windows(n: int, pairs: Any) -> list[list[int]]:
    """The connected parts of items 0..n-1 under the pairs (tuples or an array), each sorted,
    sorted by first item; an item with no pair is a window of one."""
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    if n == 0:
        return []
    found = as_pairs(pairs)
    graph = coo_matrix((np.ones(len(found), dtype=np.int8), (found[:, 0], found[:, 1])), shape=(n, n))
    count, labels = connected_components(graph, directed=False)
    first = np.full(count, n, dtype=np.int64)
    np.minimum.at(first, labels, np.arange(n))
    rank = np.empty(count, dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(count)  # windows in order of first item
    window = rank[labels]
    items = np.argsort(window, kind="stable")  # by window, items in increasing order in each
    return [part.tolist() for part in np.split(items, np.cumsum(np.bincount(window, minlength=count))[:-1])]


def window_pairs(parts: Sequence[Sequence[int]], pairs: Any) -> list[Any]:
    """The pairs inside each window, renumbered to positions in it, kept in their order, as one
    (k, 2) int32 array a window: one sort over the pairs by window, whatever the number of
    windows (a pair never joins two windows).
    Example: windows [0, 1, 2] and [3, 4], pairs (0, 1), (3, 4): [[(0, 1)], [(0, 1)]] as arrays."""
    import numpy as np

    if not parts:
        return []
    found = as_pairs(pairs)
    sizes = np.array([len(part) for part in parts], dtype=np.int64)
    items = np.fromiter((i for part in parts for i in part), dtype=np.int64, count=int(sizes.sum()))
    size = int(items.max()) + 1 if len(items) else 0
    window = np.zeros(size, dtype=np.int64)
    position = np.zeros(size, dtype=np.int32)
    window[items] = np.repeat(np.arange(len(parts)), sizes)
    position[items] = np.arange(len(items)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    of = window[found[:, 0]]
    order = np.argsort(of, kind="stable")  # stable: each window's pairs stay in their order
    local = position[found[order]]
    return np.split(local, np.cumsum(np.bincount(of, minlength=len(parts)))[:-1])


def pair_list(pairs: Iterable[Pair] | Any) -> list[Pair]:
    """The pairs as a list of tuples (for callers that want them so).
    Example: pair_list(as_pairs([(0, 1)])) == [(0, 1)]."""
    return list(each_pair(pairs))
