"""Windows of the merge: the parts of the candidate graph that no candidate pair joins.

Candidates are only compared within a day or so of each other (merging.candidate_pairs), so the
mentions fall into windows of time: two windows share no candidate pair, and average linkage
counts a pair that was never a candidate as 0, so no cluster of one window can ever join one of
another. Each window can then be scored and clustered on its own, here or on another machine
(tracker.engine), and the clusters put together are exactly those of one run over everything.

Example: mentions 0..4, candidate pairs (0, 1), (1, 2), (3, 4): windows [0, 1, 2] and [3, 4].
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

Pair = tuple[int, int]


def windows(n: int, pairs: Sequence[Pair]) -> list[list[int]]:
    """The connected parts of items 0..n-1 under the pairs, each sorted, sorted by first item;
    an item with no pair is a window of one."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs:
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)
    parts: dict[int, list[int]] = {}
    for i in range(n):
        parts.setdefault(root(i), []).append(i)
    return sorted(parts.values(), key=lambda part: part[0])


def window_pairs(parts: Sequence[Sequence[int]], pairs: Iterable[Pair]) -> list[list[Pair]]:
    """The pairs inside each window, renumbered to positions in it, kept in their order: one pass
    over the pairs, whatever the number of windows (a pair never joins two windows).
    Example: windows [0, 1, 2] and [3, 4], pairs (0, 1), (3, 4): [[(0, 1)], [(0, 1)]]."""
    where: dict[int, tuple[int, int]] = {}
    for w, part in enumerate(parts):
        for k, item in enumerate(part):
            where[item] = (w, k)
    found: list[list[Pair]] = [[] for _ in parts]
    for i, j in pairs:
        (w, a), (_, b) = where[i], where[j]
        found[w].append((a, b))
    return found
