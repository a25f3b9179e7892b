"""The Timeline17 dates gate: publication days of real articles from their text alone.

Runs eval/t17_dates.py on one Timeline17 story (every third article of each outlet, as
`make eval-dates-t17` does for all eight) against the floors pinned in
eval/t17_dates_baseline.json: no date read wrong, and the share of articles whose day is read
right or inferred right (or a day early) not below its floor. Skips when the shared data is
absent locally; fails under CI.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from tests.evalmods import EVAL, SHARED_DATA, eval_module, require_shared

T17 = SHARED_DATA / "t17"
BASELINE = EVAL / "t17_dates_baseline.json"


@pytest.fixture(scope="module")
def result():
    require_shared(T17, "Timeline17 dates")
    pinned = json.loads(BASELINE.read_text())
    evaluator = eval_module("t17_dates")
    tallies = evaluator.run_story(T17 / pinned["story"], pinned["every"], verbose=False)
    total: Counter = Counter()
    for outlet, counts in tallies.items():
        if outlet != "refused":
            total.update(counts)
    return evaluator.figures(total), pinned


def test_no_publication_date_is_read_wrong(result):
    figures, _ = result
    assert figures["read"] > 0 and figures["read_wrong"] == 0, figures


def test_days_right_hold_their_floor(result):
    figures, pinned = result
    assert figures["any_ok"] >= pinned["any_ok"] - pinned["tolerance"], figures
    assert figures["read"] >= pinned["read"], figures


def test_the_scorer_counts_a_day_early_as_right_only_when_inferred():
    from datetime import date

    from tracker.types import TimeValue

    class Dated:
        def __init__(self, day: str, inferred: bool):
            self.published = TimeValue.day(date.fromisoformat(day))
            self.published_inferred = inferred

    score = eval_module("t17_dates").score
    assert score(Dated("2011-02-02", inferred=True), date(2011, 2, 3)) == "inferred_ok"
    assert score(Dated("2011-02-02", inferred=False), date(2011, 2, 3)) == "read_wrong"
    assert score(Dated("2011-02-05", inferred=True), date(2011, 2, 3)) == "inferred_wrong"
    assert score(None, date(2011, 2, 3)) == "unknown"
