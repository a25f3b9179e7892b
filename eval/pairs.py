"""Shared by eval/ecbplus.py and eval/fit_merge.py: ECB+ mentions as views, pairs, features,
and clustering with the learned pair model.

Pairs within gold topics are every pair of the topic (as the literature clusters within topics);
over a whole split at once, candidates come from tracker.merge.candidates (meaning neighbours),
never all pairs. Documents are grouped into incidents (tracker.merge.groups) over the whole split
at once, without the gold topics; a pair of mentions of two groups is no candidate (`apart`).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from eval.ecbplus_data import DATA, Gold, gold_spans, read_docs, read_extra, read_gold, to_mentions
from tracker.merge.features import View, group_apart, pair_features, veto, views, with_groups
from tracker.merge.groups import Doc, GroupParams, Groups, group_articles
from tracker.merge.linkage import Pair, average_linkage


@dataclass
class Corpus:
    golds: list[Gold]
    views: list[View]
    seconds: dict[str, float]

    @property
    def keys(self) -> list[str]:
        return [v.mention.id for v in self.views]

    def gold_clusters(self, items: Sequence[int] | None = None) -> list[list[int]]:
        chains: dict[str, list[int]] = {}
        for i in items if items is not None else range(len(self.golds)):
            chains.setdefault(self.golds[i].chain, []).append(i)
        return list(chains.values())

    def topics(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for i, g in enumerate(self.golds):
            out.setdefault(g.topic, []).append(i)
        return out


def load(topics: frozenset[int], data: Path = DATA, embed: Any = None, params: GroupParams | None = None, extra: Path | None = None) -> Corpus:
    """Gold mentions of the topics as views (spaCy parse, meaning vectors, article vectors), each
    with its document's article group (params: the model's unless given). extra: the literature's
    singletons and within-document chains (ecbplus_data.read_extra), added to mentions.jsonl's."""
    golds = read_gold(data, topics)
    if extra is not None:
        golds += read_extra(extra, golds, data, topics)
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    mentions = to_mentions(golds)
    seconds["parse"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    texts = read_docs(golds, data)
    found = views(mentions, texts, gold_spans(golds), embed)
    seconds["views"] = time.perf_counter() - t0
    return regroup(Corpus(golds, found, seconds), texts, params)


def doc_groups(texts: dict[str, str], params: GroupParams | None = None) -> Groups:
    """Article groups of the documents (undated: ECB+ has no dates), all at once."""
    if params is None:
        from tracker.merge.model import load_model

        params = load_model().groups
    return group_articles([Doc.of(doc, texts[doc]) for doc in sorted(texts)], params)[0]


def regroup(corpus: Corpus, texts: dict[str, str], params: GroupParams | None = None) -> Corpus:
    """The corpus with each view's group set from the documents' article groups."""
    return Corpus(corpus.golds, with_groups(corpus.views, doc_groups(texts, params).of), corpus.seconds)


def apart(corpus: Corpus, pairs: Sequence[Pair]) -> list[bool]:
    """For each pair: its mentions belong to two incidents (features.group_apart)."""
    v = corpus.views
    return [group_apart(v[i], v[j]) is not None for i, j in pairs]


def zero_apart(corpus: Corpus, pairs: Sequence[Pair], probabilities: Sequence[float]) -> list[float]:
    """Probabilities with the pairs of two incidents set to 0 (they are no candidates)."""
    return [0.0 if off else p for p, off in zip(probabilities, apart(corpus, pairs))]


def topic_pairs(corpus: Corpus) -> list[Pair]:
    """Every pair of mentions within one gold topic."""
    return [p for items in corpus.topics().values() for p in combinations(items, 2)]


def feature_rows(corpus: Corpus, pairs: Sequence[Pair]) -> list[tuple[float, ...]]:
    v = corpus.views
    return [pair_features(v[i], v[j]) for i, j in pairs]


def vetoed(corpus: Corpus, pairs: Sequence[Pair]) -> list[Pair]:
    v = corpus.views
    return [(i, j) for i, j in pairs if veto(v[i].mention, v[j].mention)]


def cluster(
    corpus: Corpus,
    items: Sequence[int],
    pairs: Sequence[Pair],
    probabilities: Sequence[float],
    threshold: float,
    cannot_below: float,
    vetoes: Sequence[Pair] | None = None,
) -> list[list[int]]:
    """Average linkage over the items (corpus indexes); pairs index the corpus too. vetoes:
    the pairs a hard rule keeps apart (computed here when not given)."""
    local = {g: n for n, g in enumerate(items)}
    scores = {(local[i], local[j]): p for (i, j), p in zip(pairs, probabilities) if i in local and j in local}
    if vetoes is None:
        vetoes = vetoed(corpus, [p for p in pairs if p[0] in local and p[1] in local])
    cannot = [(local[i], local[j]) for i, j in vetoes if i in local and j in local]
    keys = [corpus.keys[g] for g in items]
    found = average_linkage(len(items), scores, threshold, cannot, cannot_below, keys)
    return [[items[n] for n in members] for members in found]


def cluster_topics(
    corpus: Corpus, pairs: Sequence[Pair], probabilities: Sequence[float], threshold: float, cannot_below: float, vetoes: Sequence[Pair] | None = None
) -> list[list[int]]:
    vetoes = vetoed(corpus, pairs) if vetoes is None else vetoes
    by_topic: dict[int, tuple[list[Pair], list[float]]] = {}
    topic_of = {i: g.topic for i, g in enumerate(corpus.golds)}
    for pair, p in zip(pairs, probabilities):
        entry = by_topic.setdefault(topic_of[pair[0]], ([], []))
        entry[0].append(pair)
        entry[1].append(p)
    out: list[list[int]] = []
    for topic, items in sorted(corpus.topics().items()):
        found_pairs, found_p = by_topic.get(topic, ([], []))
        out += cluster(corpus, items, found_pairs, found_p, threshold, cannot_below, vetoes)
    return out
