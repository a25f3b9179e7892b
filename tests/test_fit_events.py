"""eval/fit_events.py: the real stories' pairs count more than ECB+'s in the pair model's fit."""

from __future__ import annotations

from tests.evalmods import eval_module


def test_real_pairs_outweigh_many_undated_pairs_that_say_the_opposite():
    """Thirty undated pairs say "one article: one happening"; four dated real pairs say "one
    article, one day: two happenings". At weight 1 the many win; at weight 8 the real ones do."""
    fe = eval_module("fit_events")
    undated = [([1.0, 0.0], True)] * 15 + [([0.0, 0.0], False)] * 15
    real = [([1.0, 1.0], False)] * 2 + [([0.0, 1.0], True)] * 2
    rows = [r for r, _ in undated + real]
    labels = [y for _, y in undated + real]
    plain = fe.fit(rows, labels)
    weighted = fe.fit(rows, labels, 8.0, len(real))
    assert plain.coef_[0][0] > 0 > weighted.coef_[0][0]


def test_near_best_cuts_tie_and_the_one_that_plots_more_wins():
    fe = eval_module("fit_events")
    keys = ["happening_at", "soft_at", "event_at", "threshold"]
    means = {(0.5, 0.6, 0.7, 0.5): 50.2, (0.5, 0.6, 0.6, 0.5): 49.9, (0.5, 0.5, 0.5, 0.4): 48.0}
    assert fe.choose_cut(means, keys, 0.0) == (0.5, 0.6, 0.7, 0.5)
    assert fe.choose_cut(means, keys, 0.5) == (0.5, 0.6, 0.6, 0.5)
