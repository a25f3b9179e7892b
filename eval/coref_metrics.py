"""Coreference scores as the CoNLL reference scorer (v8.01) computes them: MUC, B-cubed, CEAF-e
and their mean, the CoNLL F1; plus pairwise P/R/F1 of links.

A clustering is a sequence of clusters, each a collection of hashable mention ids. Key and
response may hold different mentions: a mention missing from the other side counts as a
singleton there (MUC, CEAF-e) or contributes nothing (B-cubed), as in the reference scorer.
Singletons are scored (ECB+ event coreference reports them included).
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Sequence
from dataclasses import dataclass
from itertools import combinations

Clusters = Sequence[Collection[Hashable]]


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def as_dict(self) -> dict[str, float]:
        return {"precision": round(100 * self.precision, 2), "recall": round(100 * self.recall, 2), "f1": round(100 * self.f1, 2)}


def _sets(clusters: Clusters) -> list[frozenset]:
    return [frozenset(c) for c in clusters if c]


def _owner(clusters: list[frozenset]) -> dict[Hashable, int]:
    return {m: n for n, c in enumerate(clusters) for m in c}


def _muc_side(key: list[frozenset], response: list[frozenset]) -> float:
    """MUC recall of response against key (precision: swap them)."""
    owner = _owner(response)
    found = total = 0
    for chain in key:
        parts = {owner.get(m, ("alone", m)) for m in chain}  # an unseen mention is a part of its own
        found += len(chain) - len(parts)
        total += len(chain) - 1
    return found / total if total else 0.0


def muc(key: Clusters, response: Clusters) -> PRF:
    k, r = _sets(key), _sets(response)
    return PRF(_muc_side(r, k), _muc_side(k, r))


def _b3_side(key: list[frozenset], response: list[frozenset]) -> float:
    owner = _owner(response)
    mentions = sum(len(c) for c in key)
    total = 0.0
    for chain in key:
        for m in chain:
            if m in owner:
                total += len(chain & response[owner[m]]) / len(chain)
    return total / mentions if mentions else 0.0


def b_cubed(key: Clusters, response: Clusters) -> PRF:
    k, r = _sets(key), _sets(response)
    return PRF(_b3_side(r, k), _b3_side(k, r))


def ceaf_e(key: Clusters, response: Clusters) -> PRF:
    """Entity-based CEAF: phi4 = 2|K & R| / (|K| + |R|), best one-to-one alignment (Hungarian)."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    k, r = _sets(key), _sets(response)
    if not k or not r:
        return PRF(0.0, 0.0)
    owner = _owner(r)
    similarity = np.zeros((len(k), len(r)))
    for i, chain in enumerate(k):
        for m in chain:
            if m in owner:
                j = owner[m]
                similarity[i, j] += 2.0 / (len(chain) + len(r[j]))
    rows, cols = linear_sum_assignment(similarity, maximize=True)
    best = float(similarity[rows, cols].sum())
    return PRF(best / len(r), best / len(k))


def conll_f1(key: Clusters, response: Clusters) -> dict[str, dict[str, float] | float]:
    """MUC, B-cubed and CEAF-e (each P/R/F1 in percent) and their F1 mean, the CoNLL F1."""
    scores = {"muc": muc(key, response), "b3": b_cubed(key, response), "ceafe": ceaf_e(key, response)}
    out: dict[str, dict[str, float] | float] = {name: s.as_dict() for name, s in scores.items()}
    out["conll"] = round(100 * sum(s.f1 for s in scores.values()) / 3, 2)
    return out


def links(clusters: Clusters) -> set[frozenset]:
    """Every unordered pair of distinct items that share a cluster."""
    return {frozenset(p) for c in _sets(clusters) for p in combinations(sorted(c, key=repr), 2)}


def pairwise(key: Clusters, response: Clusters) -> PRF:
    gold, found = links(key), links(response)
    hit = len(gold & found)
    return PRF(hit / len(found) if found else 0.0, hit / len(gold) if gold else 0.0)
