"""Average-linkage clustering over candidate pairs: clusters that cannot chain.

Two clusters join when the mean probability over ALL their cross pairs reaches the threshold.
A pair that was never a candidate counts 0 (apart), so a report that matches two others cannot
glue them when they do not match each other: A~B 0.9, B~C 0.9, A~C never a candidate gives
{A,B}~C = 0.45. A pair scored clearly apart (below `cannot_link_below`) or vetoed by a hard rule
is a cannot-link: clusters holding it never join, whatever else they share.

Only candidate pairs are stored (never all pairs of a set); each join updates the sums of the
joined clusters' neighbours, so the cost grows with the candidate pairs. Deterministic: the
best mean joins first, ties broken by the clusters' smallest keys. `start` seeds existing
clusters, so an append attaches new mentions to them or starts new ones; only clusters with a
candidate pair to a new mention can change (cluster pairs left below the threshold stay there).
`apart(i, j)` (optional) is asked, when two clusters are about to join, about each cross pair
that was never a candidate: one pair it calls apart is a cannot-link too. The veto then does not
depend on which pairs an index happened to offer (article groups: a weekend roundup that tells
two shootings is alike to both; the two reports themselves are unlike, so they stay two).
"""

from __future__ import annotations

import heapq
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence

Pair = tuple[int, int]


class _Scored:
    """Which item pairs were scored, for `apart`: their codes min * n + max in one sorted int64
    array (8 bytes a pair, where the mapping of a million article pairs costs some 100 MB).
    Example: after add(0, 2) and done(), unscored([0, 1], [2]) == [(1, 2)]."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.codes = array("q")
        self.found = None

    def add(self, i: int, j: int) -> None:
        self.codes.append(min(i, j) * self.n + max(i, j))

    def done(self) -> None:
        import numpy as np

        self.found = np.sort(np.frombuffer(self.codes, dtype=np.int64))
        self.codes = array("q")

    def unscored(self, left: Sequence[int], right: Sequence[int]) -> list[Pair]:
        """The cross pairs (i of left, j of right, in that order) never scored."""
        import numpy as np

        i = np.repeat(np.asarray(left, dtype=np.int64), len(right))
        j = np.tile(np.asarray(right, dtype=np.int64), len(left))
        codes = np.minimum(i, j) * self.n + np.maximum(i, j)
        if len(self.found):
            at = np.searchsorted(self.found, codes).clip(max=len(self.found) - 1)
            fresh = self.found[at] != codes
            i, j = i[fresh], j[fresh]
        return list(zip(i.tolist(), j.tolist()))


class _State:
    def __init__(self, n: int, keys: Sequence[str], start: Sequence[Sequence[int]]) -> None:
        self.keys = keys
        self.scored: _Scored | None = None  # the scored pairs, kept when `apart` will ask
        self.owner = list(range(n))
        self.members: dict[int, list[int]] = {}
        seeded: set[int] = set()
        for group in start:
            items = sorted(set(group), key=lambda i: keys[i])
            head = items[0]
            self.members[head] = items
            for i in items:
                self.owner[i] = head
            seeded.update(items)
        for i in range(n):
            if i not in seeded:
                self.members[i] = [i]
        self.sums: dict[int, dict[int, float]] = {c: {} for c in self.members}
        self.cannot: dict[int, set[int]] = {c: set() for c in self.members}

    def key(self, c: int) -> str:
        return self.keys[self.members[c][0]]

    def mean(self, a: int, b: int) -> float:
        return self.sums[a].get(b, 0.0) / (len(self.members[a]) * len(self.members[b]))

    def vetoed(self, a: int, b: int, apart: Callable[[int, int], bool] | None) -> bool:
        """A cannot-link between the clusters, or (apart given) a cross pair never scored that
        `apart` keeps apart; such a pair becomes a cannot-link. (No count of the scored cross pairs
        is kept to skip the look: two dict entries per pair, a GB for the article groups of
        10,000 articles.)"""
        if b in self.cannot[a]:
            return True
        if apart is None or self.scored is None:
            return False
        for i, j in self.scored.unscored(self.members[a], self.members[b]):
            if apart(i, j):
                self.cannot[a].add(b)
                self.cannot[b].add(a)
                return True
        return False

    def add(self, a: int, b: int, p: float) -> None:
        self.sums[a][b] = self.sums[a].get(b, 0.0) + p
        self.sums[b][a] = self.sums[a][b]

    def rank(self, a: int, b: int) -> tuple[float, str, str]:
        """The order cluster pairs join in: the best mean first, ties by the smaller key, then
        the other key."""
        ka, kb = self.key(a), self.key(b)
        negative = -self.mean(a, b)  # the heap pops the smallest first
        return (negative, ka, kb) if ka < kb else (negative, kb, ka)

    def best(self, c: int, threshold: float) -> tuple[tuple[float, str, str], int] | None:
        """The joinable neighbour cluster c ranks first (mean at or above the threshold, no
        cannot-link), with that pair's rank; None when there is none."""
        found: tuple[tuple[float, str, str], int] | None = None
        cannot, size, members = self.cannot[c], len(self.members[c]), self.members
        top = threshold
        for d, total in self.sums[c].items():
            mean = total / (size * len(members[d]))
            if mean < top or d in cannot:
                continue
            rank = self.rank(c, d)
            if found is None or rank < found[0]:
                found, top = (rank, d), mean
        return found

    def join(self, a: int, b: int) -> int:
        """Join b into a; return a. Neighbour sums add up, cannot-links carry over."""
        for i in self.members[b]:
            self.owner[i] = a
        self.members[a] = sorted(self.members[a] + self.members.pop(b), key=lambda i: self.keys[i])
        for c, s in self.sums.pop(b).items():
            if c != a:
                self.add(a, c, s)
                del self.sums[c][b]
        self.sums[a].pop(b, None)
        for c in self.cannot.pop(b):
            if c != a:
                self.cannot[a].add(c)
                self.cannot[c].discard(b)
                self.cannot[c].add(a)
        self.cannot[a].discard(b)
        return a


def _in_order(scores: Mapping[Pair, float] | Iterable[tuple[Pair, float]]) -> Iterator[tuple[Pair, float]]:
    """The scored pairs in increasing pair order (the order fixes the sums to the last bit)."""
    if isinstance(scores, Mapping):
        yield from ((pair, scores[pair]) for pair in sorted(scores))
        return
    last = (-1, -1)
    for pair, p in scores:
        if pair <= last:
            raise ValueError(f"average_linkage: scored pairs out of order: {pair} after {last}")
        last = pair
        yield pair, p


def average_linkage(
    n: int,
    scores: Mapping[Pair, float] | Iterable[tuple[Pair, float]],
    threshold: float,
    cannot_link: Collection[Pair] = (),
    cannot_link_below: float = 0.0,
    keys: Sequence[str] | None = None,
    start: Sequence[Sequence[int]] = (),
    apart: Callable[[int, int], bool] | None = None,
) -> list[list[int]]:
    """Clusters (lists of indexes 0..n-1, each sorted by key, sorted by first key).

    scores: probability of each candidate pair (i, j); missing pairs count 0. A mapping, or
        ((i, j), p) items in increasing pair order, summed as they come, so that a caller with
        millions of pairs never holds them all.
    cannot_link: pairs vetoed by a hard rule; pairs scoring below cannot_link_below join them.
    keys: stable ids for tie-breaking (default: the indexes as zero-padded strings).
    start: existing clusters to extend (an append); the other items start alone.
    apart: asked at a join about each cross pair never scored; True keeps the clusters apart.
    """
    keys = keys if keys is not None else [f"{i:09d}" for i in range(n)]
    state = _State(n, keys, start)
    state.scored = _Scored(n) if apart is not None else None
    for (i, j), p in _in_order(scores):
        if state.scored is not None:
            state.scored.add(i, j)
        a, b = state.owner[i], state.owner[j]
        if a == b:
            continue
        state.add(a, b, p)
        if p < cannot_link_below:
            state.cannot[a].add(b)
            state.cannot[b].add(a)
    if state.scored is not None:
        state.scored.done()
    for i, j in cannot_link:
        a, b = state.owner[i], state.owner[j]
        if a != b:
            state.cannot[a].add(b)
            state.cannot[b].add(a)
    # Each cluster knows the joinable neighbour it ranks first (State.best); a heap holds those,
    # one live entry per cluster, so the pair that joins next is the heap's top. A join rescans
    # only the joined cluster and the neighbours whose first choice was one of its two parts (or
    # whose pair with it now ranks above their first choice); a stale entry is one whose cluster's
    # stamp moved on. (Before stop 28 every joinable cluster pair sat in the heap and each join
    # pushed all of the new cluster's: 4.2 million entries for 9,464 joins of the article groups
    # of 10,000 synthetic articles. Same joins in the same order, so the same clusters.)
    best = {c: state.best(c, threshold) for c in state.members}
    stamp = dict.fromkeys(state.members, 0)
    heap = [(found[0], c, 0) for c, found in best.items() if found is not None]
    heapq.heapify(heap)

    def renew(c: int) -> None:
        stamp[c] += 1
        if best[c] is not None:
            heapq.heappush(heap, (best[c][0], c, stamp[c]))

    while heap:
        _, c, s = heapq.heappop(heap)
        if c not in state.members or stamp[c] != s or best[c] is None:
            continue  # a stale entry: its cluster was joined or chose anew since
        a, b = c, best[c][1]
        if state.key(a) > state.key(b):
            a, b = b, a
        if state.vetoed(a, b, apart):
            for x in (a, b):
                best[x] = state.best(x, threshold)
                renew(x)
            continue
        joined = state.join(a, b)
        del best[b], stamp[b]
        best[joined] = state.best(joined, threshold)
        renew(joined)
        for d in state.sums[joined]:
            mine = best[d]
            if mine is not None and mine[1] in (a, b):
                best[d] = state.best(d, threshold)  # its first choice changed: look again
            elif d not in state.cannot[joined] and state.mean(joined, d) >= threshold:
                rank = state.rank(d, joined)
                if mine is not None and mine[0] < rank:
                    continue
                best[d] = (rank, joined)  # the new cluster now ranks first for it
            else:
                continue
            renew(d)
    return sorted(state.members.values(), key=lambda m: keys[m[0]])
