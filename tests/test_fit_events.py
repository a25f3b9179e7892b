"""eval/fit_events.py: the real stories' pairs count more than ECB+'s in the pair model's fit."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _fit_events():
    if "fit_events" not in sys.modules:
        spec = importlib.util.spec_from_file_location("fit_events", ROOT / "eval" / "fit_events.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["fit_events"] = module
        spec.loader.exec_module(module)
    return sys.modules["fit_events"]


def test_real_pairs_outweigh_many_undated_pairs_that_say_the_opposite():
    """Thirty undated pairs say "one article: one happening"; four dated real pairs say "one
    article, one day: two happenings". At weight 1 the many win; at the shipped weight the real
    ones do, and the weight is recorded with the fitted weights."""
    fe = _fit_events()
    undated = [([1.0, 0.0], True)] * 15 + [([0.0, 0.0], False)] * 15
    real = [([1.0, 1.0], False)] * 2 + [([0.0, 1.0], True)] * 2
    rows = [r for r, _ in undated + real]
    labels = [y for _, y in undated + real]
    plain = fe.fit(rows, labels)
    weighted = fe.fit(rows, labels, fe.REAL_WEIGHT, len(real))
    assert plain.coef_[0][0] > 0 > weighted.coef_[0][0]
    import json

    provenance = json.loads((ROOT / "tracker" / "merge" / "weights.json").read_text(encoding="utf-8"))["provenance"]
    assert provenance["real_pairs"]["weight"] == fe.REAL_WEIGHT
