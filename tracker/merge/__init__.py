"""Merging: mentions of one happening, across sentences and outlets, become one event."""

from tracker.merge.cluster import candidate_pairs
from tracker.merge.explain import Explanation, PairScore, explain, format_explanation
from tracker.merge.merging import merge
from tracker.merge.rule import Score, score

__all__ = ["Explanation", "PairScore", "Score", "candidate_pairs", "explain", "format_explanation", "merge", "score"]
