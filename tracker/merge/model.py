"""The learned pair model: logistic regression weights read from tracker/merge/weights.json.

The weights are data written by eval/fit_merge.py (its header names the data, split, seed,
date and scikit-learn version); nothing here is hand-set. `probability` is the chance that two
mentions tell one happening; `contributions` splits its log-odds into one part per feature, for
`tracker explain`; `threshold` is the average-linkage cut, `cannot_link_below` the cannot-link cut and
`article_floor` the article similarity below which mentions of two articles are no candidates,
all three chosen on held-out training folds. `groups` (GroupParams) says how articles are grouped
into incidents (tracker.merge.groups): its cut was chosen on ECB+ training topics; mentions of
two groups are no candidates (features.group_apart), and the model was fitted on the pairs it
scores, those within one group.
"""

from __future__ import annotations

import functools
import json
import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tracker.errors import TrackerError
from tracker.merge.features import ARTICLE_COS, FEATURE_NAMES, SAME_ARTICLE, View, pair_features
from tracker.merge.groups import GroupParams

WEIGHTS = Path(__file__).parent / "weights.json"


class WeightsError(TrackerError):
    """tracker/merge/weights.json is missing, malformed, or made for other features."""


@dataclass(frozen=True, slots=True)
class PairModel:
    names: tuple[str, ...]
    coefficients: tuple[float, ...]
    intercept: float
    threshold: float  # average-linkage cut: clusters join while their mean probability reaches it
    cannot_link_below: float  # a pair this unlikely keeps its clusters apart whatever else they share
    article_floor: float  # mentions of two articles this dissimilar (TF-IDF cosine) are not candidates
    provenance: dict
    groups: GroupParams = GroupParams(threshold=1.0, window_days=0)  # how articles are grouped

    def log_odds(self, features: Sequence[float]) -> float:
        return self.intercept + sum(map(operator.mul, self.coefficients, features))  # as sum(w * x ...), in C

    def probability(self, features: Sequence[float]) -> float:
        """The chance that the two mentions tell one happening; 0 for mentions of two articles
        whose whole texts share too little (two shootings in two cities, told alike)."""
        if not features[SAME_ARTICLE] and features[ARTICLE_COS] < self.article_floor:
            return 0.0
        z = self.log_odds(features)
        return round(1.0 / (1.0 + math.exp(-z)) if z > -50 else 0.0, 6)

    def contributions(self, features: Sequence[float]) -> tuple[tuple[str, float], ...]:
        """(name, weight x value) in log-odds for every feature that counted, and the intercept."""
        parts = [(n, round(w * x, 3)) for n, w, x in zip(self.names, self.coefficients, features) if w * x]
        return (*parts, ("intercept", round(self.intercept, 3)))


@functools.cache
def load_model(path: Path = WEIGHTS) -> PairModel:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        names = tuple(data["features"])
        weights = dict(zip(names, data["coefficients"], strict=True))
        groups = GroupParams(float(data["groups"]["threshold"]), int(data["groups"]["window_days"]), float(data["groups"].get("apart_below", 0.0)))
        model = PairModel(
            names, tuple(float(weights[n]) for n in names), float(data["intercept"]), float(data["threshold"]),
            float(data["cannot_link_below"]), float(data["article_floor"]), data.get("provenance", {}), groups,
        )
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise WeightsError(f"{path}: cannot read the pair model: {err}") from err
    if names != FEATURE_NAMES:
        raise WeightsError(f"{path}: fitted for features {list(names)}, the code has {list(FEATURE_NAMES)}: run eval/fit_merge.py")
    return model


def explain_pair(a: View, b: View, model: PairModel | None = None) -> tuple[float, tuple[tuple[str, float], ...]]:
    """The probability that two mentions tell one happening and each feature's part of its
    log-odds ("trigger_context_cos +3.1, time_gap -2.1, ..."), for `tracker explain`."""
    model = model or load_model()
    row = pair_features(a, b)
    return model.probability(row), model.contributions(row)
