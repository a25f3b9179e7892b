"""Average linkage over candidate pairs: joins on mean support, never chains through a third
report, honours cannot-links, works from candidates only, extends existing clusters."""

from __future__ import annotations

from tracker.merge.candidates import keyed_pairs, nearest_pairs
from tracker.merge.linkage import average_linkage


def test_a_report_matching_two_others_does_not_glue_them():
    # A~B and B~C are strong, A and C were never a candidate: {A,B}~C has mean (0.9 + 0) / 2
    found = average_linkage(3, {(0, 1): 0.9, (1, 2): 0.85}, threshold=0.5)
    assert found == [[0, 1], [2]]


def test_a_direct_disagreement_is_a_cannot_link():
    # A~C scored clearly apart: with a low threshold the mean would join them, the cut does not
    scores = {(0, 1): 0.9, (1, 2): 0.9, (0, 2): 0.01}
    assert average_linkage(3, scores, threshold=0.3) == [[0, 1, 2]]
    assert average_linkage(3, scores, threshold=0.3, cannot_link_below=0.02) == [[0, 1], [2]]


def test_a_pair_never_scored_is_asked_about_before_a_join():
    # a low cut: {A,B}~C has mean (0.9 + 0) / 2 = 0.45 and joins, unless A and C, never a
    # candidate, are called apart when the join comes (the index missed the pair, the veto does not)
    scores = {(0, 1): 0.9, (1, 2): 0.9}
    asked = []

    def apart(i: int, j: int) -> bool:
        asked.append((i, j))
        return {i, j} == {0, 2}

    assert average_linkage(3, scores, threshold=0.4) == [[0, 1, 2]]
    assert average_linkage(3, scores, threshold=0.4, apart=apart) == [[0, 1], [2]]
    assert all(pair not in scores for pair in asked)  # scored pairs are never asked about
    assert average_linkage(3, scores, threshold=0.4, apart=lambda i, j: False) == [[0, 1, 2]]


def test_a_hard_rule_veto_keeps_clusters_apart_whatever_they_share():
    scores = {(0, 1): 0.95, (2, 3): 0.95, (0, 2): 0.9, (1, 3): 0.9, (0, 3): 0.9, (1, 2): 0.9}
    assert average_linkage(4, scores, threshold=0.5) == [[0, 1, 2, 3]]
    assert average_linkage(4, scores, threshold=0.5, cannot_link=[(0, 3)]) == [[0, 1], [2, 3]]


def test_mutual_support_joins_a_whole_group():
    scores = {(0, 1): 0.8, (0, 2): 0.7, (1, 2): 0.75, (2, 3): 0.1}
    assert average_linkage(4, scores, threshold=0.5) == [[0, 1, 2], [3]]


def test_the_result_does_not_depend_on_the_order_of_items():
    scores = {(0, 1): 0.8, (1, 2): 0.8, (0, 2): 0.8, (3, 4): 0.8}
    keys = ["e", "d", "c", "b", "a"]
    found = average_linkage(5, scores, threshold=0.5, keys=keys)
    # the same pairs given in another order, items renamed back to the same keys
    perm = [4, 3, 2, 1, 0]
    renamed = {(min(perm[i], perm[j]), max(perm[i], perm[j])): p for (i, j), p in reversed(list(scores.items()))}
    again = average_linkage(5, renamed, threshold=0.5, keys=[keys[perm.index(n)] for n in range(5)])
    as_keys = sorted(sorted(keys[i] for i in c) for c in found)
    assert as_keys == sorted(sorted(keys[perm.index(n)] for n in c) for c in again)
    assert as_keys == [["a", "b"], ["c", "d", "e"]]


def test_ties_are_broken_by_key():
    # B is equally close to A and C, which disagree: B joins the one with the smaller key
    scores = {(0, 1): 0.8, (1, 2): 0.8}
    assert average_linkage(3, scores, threshold=0.5, keys=["b", "a", "c"]) == [[1, 0], [2]]
    assert average_linkage(3, scores, threshold=0.5, keys=["z", "m", "c"]) == [[2, 1], [0]]


def test_an_append_attaches_to_an_existing_cluster_or_starts_its_own():
    existing = [[0, 1], [2, 3]]
    # item 4 is close to both members of the first cluster, item 5 to nothing
    scores = {(0, 4): 0.8, (1, 4): 0.7, (3, 4): 0.2, (0, 1): 0.9, (2, 3): 0.9}
    found = average_linkage(6, scores, threshold=0.5, start=existing)
    assert found == [[0, 1, 4], [2, 3], [5]]


def test_an_existing_cluster_is_never_split_and_untouched_ones_stay_as_they_were():
    existing = [[0, 1, 2]]
    found = average_linkage(4, {(2, 3): 0.3}, threshold=0.5, start=existing)
    assert found == [[0, 1, 2], [3]]


def test_nearest_pairs_come_from_the_neighbourhood_only():
    import numpy as np

    vectors = np.array([[1.0, 0.0], [0.99, 0.14], [0.0, 1.0], [0.14, 0.99], [-1.0, 0.0]])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    # each item's single nearest: 0<->1, 2<->3, and 4 (pointing away from 0 and 1) is nearest 2
    assert nearest_pairs(vectors, k=1) == {(0, 1), (2, 3), (2, 4)}


def test_keyed_pairs_skip_keys_that_index_nothing():
    found = keyed_pairs([["kyiv"], ["kyiv", "vote"], ["vote"], []])
    assert found == {(0, 1), (1, 2)}


def _reference_linkage(n, scores, threshold, cannot_link_below=0.0, keys=None):
    """Average linkage the slow, obvious way: every step recomputes every cluster pair's mean."""
    keys = keys or [f"{i:09d}" for i in range(n)]
    clusters = [[i] for i in range(n)]
    cannot = {p for p, s in scores.items() if s < cannot_link_below}
    while True:
        best = None
        for x, a in enumerate(clusters):
            for b in clusters[x + 1 :]:
                cross = [(min(i, j), max(i, j)) for i in a for j in b]
                if not any(p in scores for p in cross) or any(p in cannot for p in cross):
                    continue
                mean = sum(scores.get(p, 0.0) for p in sorted(cross)) / (len(a) * len(b))
                ka, kb = sorted((min(keys[i] for i in a), min(keys[i] for i in b)))
                if mean >= threshold and (best is None or (-mean, ka, kb) < best[0]):
                    best = ((-mean, ka, kb), a, b)
        if best is None:
            return sorted((sorted(c, key=lambda i: keys[i]) for c in clusters), key=lambda c: keys[c[0]])
        _, a, b = best
        clusters = [c for c in clusters if c is not a and c is not b] + [a + b]


def test_the_linkage_joins_as_the_slow_reference_does_on_many_random_graphs():
    # probabilities in 64ths, so sums are exact in any order and ties are real ties
    import random

    rng = random.Random(7)
    for _ in range(150):
        n = rng.randint(2, 12)
        pairs = [(i, j) for i in range(n) for j in range(i + 1, n) if rng.random() < 0.5]
        scores = {p: rng.randint(0, 64) / 64 for p in pairs}
        threshold = rng.choice([0.3, 0.5, 0.7])
        below = rng.choice([0.0, 0.05])
        keys = [f"k{rng.randint(0, 99):02d}{i}" for i in range(n)]
        assert average_linkage(n, scores, threshold, cannot_link_below=below, keys=keys) == _reference_linkage(
            n, scores, threshold, below, keys
        )


def test_scores_streamed_in_pair_order_link_as_the_same_scores_in_a_mapping():
    import pytest

    scores = {(0, 1): 0.8, (0, 2): 0.7, (1, 2): 0.75, (2, 3): 0.6, (3, 4): 0.9, (1, 4): 0.01}
    streamed = iter(sorted(scores.items()))
    assert average_linkage(5, streamed, 0.5, cannot_link_below=0.02) == average_linkage(5, scores, 0.5, cannot_link_below=0.02)
    with pytest.raises(ValueError, match="out of order"):
        average_linkage(5, iter([((1, 2), 0.9), ((0, 1), 0.9)]), 0.5)


def test_apart_is_asked_the_same_of_streamed_scores_and_of_a_mapping():
    """The scored pairs are remembered as codes for `apart` (never the mapping): on random graphs
    with a random `apart`, streamed and mapped scores give the same clusters, and `apart` is only
    ever asked about pairs that were never scored, seeded clusters or not."""
    import random

    rng = random.Random(3)
    ever_asked = 0
    for _ in range(120):
        n = rng.randint(2, 12)
        pairs = [(i, j) for i in range(n) for j in range(i + 1, n) if rng.random() < 0.4]
        scores = {p: rng.randint(0, 64) / 64 for p in pairs}
        far = {(i, j) for i in range(n) for j in range(i + 1, n) if rng.random() < 0.3}
        asked = []

        def apart(i: int, j: int) -> bool:
            asked.append((min(i, j), max(i, j)))
            return (min(i, j), max(i, j)) in far

        start = [sorted(rng.sample(range(n), 2))] if n > 3 and rng.random() < 0.5 else []
        mapped = average_linkage(n, scores, 0.3, cannot_link_below=0.05, start=start, apart=apart)
        streamed = average_linkage(n, iter(sorted(scores.items())), 0.3, cannot_link_below=0.05, start=start, apart=apart)
        assert streamed == mapped
        assert not set(asked) & set(scores)
        ever_asked += len(asked)
    assert ever_asked  # `apart` was asked at all: the check above is not empty


def _naive_linkage(n, scores, threshold, cannot_link_below=0.0, keys=None, start=(), apart=None):
    """The definition, step by step: join the cluster pair with the best mean over all its cross
    pairs (missing pairs count 0), ties by the smaller key, then the other; a pair with a cannot-link
    (a scored pair below cannot_link_below, or an unscored cross pair `apart` calls apart when the
    join comes) never joins. Every mean recomputed at every step."""
    keys = keys or [f"{i:09d}" for i in range(n)]
    seeded = {i for group in start for i in group}
    clusters = [sorted(set(g), key=lambda i: keys[i]) for g in start] + [[i] for i in range(n) if i not in seeded]
    never: set[frozenset[str]] = set()

    def cross(a, b):
        return [(min(i, j), max(i, j)) for i in a for j in b]

    def first(c):
        return keys[c[0]]

    while True:
        ranked = []
        for x in range(len(clusters)):
            for y in range(x + 1, len(clusters)):
                a, b = clusters[x], clusters[y]
                pairs = cross(a, b)
                if frozenset((first(a), first(b))) in never or any(p in scores and scores[p] < cannot_link_below for p in pairs):
                    continue
                mean = sum(scores.get(p, 0.0) for p in pairs) / (len(a) * len(b))
                if mean >= threshold:
                    ranked.append(((-mean, *sorted((first(a), first(b)))), x, y))
        if not ranked:
            break
        _, x, y = min(ranked)
        a, b = sorted((clusters[x], clusters[y]), key=first)
        if apart is not None and any(apart(i, j) for i in a for j in b if (min(i, j), max(i, j)) not in scores):
            never.add(frozenset((first(a), first(b))))
            continue
        clusters = [c for k, c in enumerate(clusters) if k not in (x, y)] + [sorted(a + b, key=lambda i: keys[i])]
    return sorted(clusters, key=first)


def test_the_linkage_joins_as_the_definition_does_on_random_sets_with_ties():
    import random

    rng = random.Random(28)
    for trial in range(300):
        n = rng.randint(2, 14)
        levels = [0.01, 0.2, 0.4, 0.5, 0.6, 0.8, 0.9]  # few values: many ties in the means
        scores = {(i, j): rng.choice(levels) for i in range(n) for j in range(i + 1, n) if rng.random() < 0.45}
        keys = [f"k{rng.randrange(10**6):06d}-{i}" for i in range(n)]
        start = [rng.sample(range(n), 2)] if n >= 4 and trial % 3 == 0 else []
        far = {(i, j) for i in range(n) for j in range(i + 1, n) if rng.random() < 0.1}
        apart = (lambda i, j: (min(i, j), max(i, j)) in far) if trial % 2 else None
        kwargs = dict(cannot_link_below=0.02 if trial % 4 == 0 else 0.0, keys=keys, start=start, apart=apart)
        threshold = rng.choice([0.3, 0.45, 0.5])
        assert average_linkage(n, scores, threshold, **kwargs) == _naive_linkage(n, scores, threshold, **kwargs), trial
