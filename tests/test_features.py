"""Pair features on mentions we wrote, the hard rules, and the fitted pair model on them."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tracker.merge import features as F
from tracker.merge.model import WEIGHTS, WeightsError, load_model
from tracker.types import Actor, Mention, Precision, TimeValue

BOARD = Actor("Safety Board", "safety board", "ORG")
MAYOR = Actor("Ana Ruiz", "ruiz", "PERSON")


def mention(mid, sentence, trigger, article="a1", start=0, day=None, actors=(), subject=None, places=(), quote=None):
    return Mention(
        id=mid,
        article_id=article,
        outlet=None,
        published=None,
        sentence=sentence,
        sentence_start=start,
        time=TimeValue.day(day) if day else None,
        actors=actors,
        subject=subject,
        places=places,
        trigger=trigger,
        quote=quote,
    )


HALTED = mention("m1", "The Safety Board halted the drug trial on Monday.", "halt", "a1", day=date(2026, 3, 2), actors=(BOARD,), subject="safety board")
PAUSED = mention("m2", "Trial paused by the Safety Board after two patients fell ill.", "pause", "a2", day=date(2026, 3, 2), actors=(BOARD,))
CRASHED = mention("m3", "A cargo plane crashed near Lisbon airport on Monday.", "crash", "a3", day=date(2026, 3, 2), places=("Lisbon",))
LATER = mention("m4", "The Safety Board halted a second trial on Friday.", "halt", "a4", day=date(2026, 3, 6), actors=(BOARD,), subject="safety board")

ARTICLES = {
    "a1": "The Safety Board halted the drug trial on Monday. Two patients fell ill after the first doses.",
    "a2": "Trial paused by the Safety Board after two patients fell ill. The company said it would cooperate.",
    "a3": "A cargo plane crashed near Lisbon airport on Monday. The crew of three survived.",
    "a4": "The Safety Board halted a second trial on Friday.",
}


@pytest.fixture(scope="module")
def views():
    found = F.views([HALTED, PAUSED, CRASHED, LATER], ARTICLES)
    return dict(zip(["halted", "paused", "crashed", "later"], found))


def test_one_value_per_named_feature(views):
    row = F.pair_features(views["halted"], views["paused"])
    assert len(row) == len(F.feature_names()) == len(set(F.feature_names()))
    assert all(isinstance(x, float) for x in row)


def test_paused_means_halted_and_crashed_does_not(views):
    h, p, c = views["halted"], views["paused"], views["crashed"]
    assert F.trigger_cos(h, p) > F.trigger_cos(h, c)
    assert F.trigger_context_cos(h, p) > F.trigger_context_cos(h, c)
    assert F.sentence_cos(h, p) > F.sentence_cos(h, c) + 0.2
    assert F.same_trigger(h, p) == 0.0 and F.same_trigger(h, views["later"]) == 1.0


def test_actors_places_and_doers(views):
    h, p, c, later = views["halted"], views["paused"], views["crashed"], views["later"]
    assert F.doer_same(h, later) == 1.0
    assert F.doer_same(h, p) == 0.0  # the passive report names no subject
    assert F.actors_shared(h, c) == 0.0
    assert F.place_conflict(h, c) == 0.0  # only one side names a place


def test_time_is_a_value_even_when_missing(views):
    h, p, later = views["halted"], views["paused"], views["later"]
    assert (F.time_same_day(h, p), F.time_unknown(h, p), F.time_gap(h, p)) == (1.0, 0.0, 0.0)
    assert F.time_gap(h, later) == pytest.approx(1.609, abs=0.01)  # Monday to Friday: log(1 + 4 days)
    undated = F.views([mention("m5", "The board halted the trial.", "halt", "a5")], {})[0]
    assert F.time_unknown(h, undated) == 1.0 and F.time_same_day(h, undated) == 0.0


def test_article_similarity_uses_the_whole_text(views):
    assert F.article_cos(views["halted"], views["paused"]) > F.article_cos(views["halted"], views["crashed"])


def test_figures_that_disagree_tell_two_happenings():
    a, b, c = F.views(
        [
            mention("q1", "A 4.6 quake shook the valley.", "quake"),
            mention("q2", "The 4.6 tremor was felt in the valley.", "tremor", "a2"),
            mention("q3", "A 6.1 quake hit the coast.", "quake", "a3"),
        ],
        {},
    )
    assert F.numbers_shared(a, b) == 1.0 and F.numbers_conflict(a, b) == 0.0
    assert F.numbers_conflict(a, c) == 1.0


def test_hard_rules_keep_pairs_apart():
    assert F.veto(HALTED, LATER) == "dates"  # four days apart
    next_day = mention("m6", "The board halted the trial on Tuesday.", "halt", "a6", day=date(2026, 3, 3))
    assert F.veto(HALTED, next_day) is None  # a day apart may be one happening dated differently
    assert F.veto(HALTED, PAUSED) is None


def test_trigger_is_found_in_its_sentence():
    assert F.trigger_span("The board halted the trial.", "halt") == (10, 16)
    assert F.trigger_span("At the press conference she spoke.", "press conference") == (7, 23)
    assert F.trigger_span("She said so.", "say") is None  # irregular: the word alone is used


def test_the_fitted_model_prefers_the_paraphrase(views):
    model = load_model()
    same = model.probability(F.pair_features(views["halted"], views["paused"]))
    other = model.probability(F.pair_features(views["halted"], views["crashed"]))
    assert same > other
    parts = dict(model.contributions(F.pair_features(views["halted"], views["paused"])))
    assert "intercept" in parts and parts["trigger_context_cos"] > 0


def test_weights_carry_their_provenance_and_match_the_features():
    data = json.loads(WEIGHTS.read_text())
    assert data["features"] == list(F.feature_names())
    assert {"script", "data", "split", "date", "model"} <= set(data["provenance"])
    assert "36-45 never read" in data["provenance"]["split"]


def test_weights_for_other_features_are_refused(tmp_path):
    data = json.loads(WEIGHTS.read_text())
    data["features"] = data["features"][:-1] + ["something_else"]
    path = tmp_path / "weights.json"
    path.write_text(json.dumps(data))
    with pytest.raises(WeightsError, match="fit_merge"):
        load_model(path)


def test_explain_pair_adds_up_to_the_probability(views):
    import math

    from tracker.merge.model import explain_pair

    probability, parts = explain_pair(views["halted"], views["paused"])
    log_odds = sum(value for _, value in parts)
    assert probability == pytest.approx(1 / (1 + math.exp(-log_odds)), abs=0.01)


def test_the_one_pass_row_is_the_named_features_row_on_every_kind_of_pair():
    """pair_features works out the shared parts once; each value must stay what its named function
    says, on every kind of pair: one sentence, two countries, one doer at two cities, undated, a
    week-long span, dated by the article's day, quotes, figures."""
    from dataclasses import replace
    from itertools import product

    week = TimeValue(date(2026, 3, 2), date(2026, 3, 8), Precision.WEEK)
    times = [(None, None), (TimeValue.day(date(2026, 3, 2)), "own"), (TimeValue.day(date(2026, 3, 3)), "published"), (week, "own")]
    who = [((BOARD,), "safety board", False), ((MAYOR, BOARD), "ruiz", False), ((MAYOR,), "ruiz", True), ((), None, False)]
    where = [(), ("Lyon",), ("Lisbon", "Portugal"), ("Ohio",)]
    said = [(HALTED.sentence, "halt", None), ("Ruiz said 4 patients fell ill in the trial.", "say", "we halted it at once"),
            ("The board paused the trial of 12 patients.", "pause", "we halted it")]
    made = []
    for k, ((time, how), (actors, subject, passive), places, (sentence, trigger, quote)) in enumerate(product(times, who, where, said)):
        base = mention(f"m{k:03d}", sentence, trigger, f"a{k % 5}", start=k % 3 * 10, actors=actors, subject=subject,
                       places=places, quote=quote)
        made.append(replace(base, time=time, time_from=how, subject_passive=passive))
    found = F.views(made, ARTICLES)
    pairs = [(a, b) for k, a in enumerate(found) for b in found[k + 1 :]]
    rows = [F.pair_features(a, b) for a, b in pairs]
    for (a, b), row in zip(pairs, rows, strict=True):
        assert row == tuple(f(a, b) for f in F.FEATURES), (a.mention, b.mention)
    constant = [name for k, name in enumerate(F.feature_names()) if len({row[k] for row in rows}) == 1]
    assert not constant  # every feature takes two values somewhere in the grid
