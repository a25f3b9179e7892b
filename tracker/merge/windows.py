"""Windows of the merge: the parts of the candidate graph that no candidate pair joins.

Candidates are only compared within a day or so of each other (merging.candidate_pairs), so the
mentions fall into windows of time: two windows share no candidate pair, and average linkage
counts a pair that was never a candidate as 0, so no cluster of one window can ever join one of
another. Each window can then be scored and clustered on its own, here or on another machine
(tracker.engine), and the clusters put together are exactly those of one run over everything.

Example: mentions 0..4, candidate pairs (0, 1), (1, 2), (3, 4): windows [0, 1, 2] and [3, 4].
"""

from __future__ import annotations

from collections.abc import Sequence

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


def local_pairs(part: Sequence[int], pairs: Sequence[Pair]) -> list[Pair]:
    """The pairs inside one window, renumbered to positions in the window."""
    position = {item: k for k, item in enumerate(part)}
    return [(position[i], position[j]) for i, j in pairs if i in position and j in position]
