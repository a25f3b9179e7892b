"""The happening model: how likely a clause tells something that happened (or was scheduled) at
its time, rather than background, a forecast, a condition or a caption.

A logistic regression over the named cues of `cues.py`; its weights are data
(`happening.json`, written by `eval/fit_happening.py` with the data they came from).
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable
from pathlib import Path

WEIGHTS = Path(__file__).with_name("happening.json")


@functools.cache
def _model() -> tuple[float, dict[str, float]]:
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    return float(data["intercept"]), {k: float(v) for k, v in data["weights"].items()}


def happening_probability(cues: Iterable[tuple[str, float]]) -> float:
    """P(happening) for a clause with these cues (unknown cue names weigh nothing)."""
    intercept, weights = _model()
    z = intercept + sum(weights.get(name, 0.0) * value for name, value in cues)
    return round(1.0 / (1.0 + math.exp(-z)), 4)


def contributions(cues: Iterable[tuple[str, float]]) -> list[tuple[str, float]]:
    """Each cue's share of the score, largest first (for `tracker explain`)."""
    _, weights = _model()
    parts = [(name, round(weights.get(name, 0.0) * value, 3)) for name, value in cues]
    return sorted((p for p in parts if p[1]), key=lambda p: -abs(p[1]))
