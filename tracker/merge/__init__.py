"""Merging: mentions of one happening, across sentences and outlets, become one event."""

from tracker.merge.explain import Explanation, PairScore, explain, format_explanation
from tracker.merge.merging import candidate_pairs, merge

__all__ = ["Explanation", "PairScore", "candidate_pairs", "explain", "format_explanation", "merge"]
