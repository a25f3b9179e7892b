"""The coreference scores on small cases worked out by hand (the example of Pradhan et al. 2014,
'Scoring coreference partitions of predicted mentions', figure 1, and edge cases)."""

from __future__ import annotations

import pytest

from eval.coref_metrics import b_cubed, ceaf_e, conll_f1, muc, pairwise

# key {a,b,c} {d,e,f,g}; response {a,b} {c,d} {f,g,h,i} (e is missing, h and i are extra)
KEY = [{"a", "b", "c"}, {"d", "e", "f", "g"}]
RESPONSE = [{"a", "b"}, {"c", "d"}, {"f", "g", "h", "i"}]


def test_muc_counts_links_kept_within_each_chain():
    # recall: {a,b,c} falls in 2 parts (1 of 2 links kept), {d,e,f,g} in 3 parts (1 of 3): 2/5
    # precision: {a,b} 1 of 1, {c,d} 0 of 1, {f,g,h,i} 1 of 3: 2/5
    found = muc(KEY, RESPONSE)
    assert found.recall == pytest.approx(0.4)
    assert found.precision == pytest.approx(0.4)


def test_b_cubed_averages_over_mentions():
    # recall: a 2/3, b 2/3, c 1/3, d 1/4, e 0, f 2/4, g 2/4 -> 35/12 over 7 mentions
    # precision: a 1, b 1, c 1/2, d 1/2, f 1/2, g 1/2, h 0, i 0 -> 4 over 8 mentions
    found = b_cubed(KEY, RESPONSE)
    assert found.recall == pytest.approx(35 / 12 / 7)
    assert found.precision == pytest.approx(0.5)


def test_ceaf_e_aligns_entities_one_to_one():
    # phi4: {a,b,c}~{a,b} 0.8, {d,e,f,g}~{f,g,h,i} 0.5 is the best alignment (1.3)
    found = ceaf_e(KEY, RESPONSE)
    assert found.recall == pytest.approx(1.3 / 2)
    assert found.precision == pytest.approx(1.3 / 3)


def test_identical_partitions_score_100_everywhere_singletons_included():
    key = [{"a", "b"}, {"c"}, {"d", "e", "f"}]
    scores = conll_f1(key, [{"f", "e", "d"}, {"b", "a"}, {"c"}])
    assert scores["conll"] == 100.0
    assert pairwise(key, list(reversed(key))).f1 == 1.0


def test_all_singletons_against_one_chain():
    key = [{"a", "b", "c", "d"}]
    response = [{"a"}, {"b"}, {"c"}, {"d"}]
    assert muc(key, response).recall == 0.0
    assert muc(key, response).f1 == 0.0
    assert b_cubed(key, response).recall == pytest.approx(0.25)
    assert b_cubed(key, response).precision == 1.0
    # one key entity aligned with one singleton: phi4 = 2 * 1 / 5
    assert ceaf_e(key, response).recall == pytest.approx(0.4)
    assert ceaf_e(key, response).precision == pytest.approx(0.1)


def test_conll_is_the_mean_of_the_three_f1():
    scores = conll_f1(KEY, RESPONSE)
    mean = (scores["muc"]["f1"] + scores["b3"]["f1"] + scores["ceafe"]["f1"]) / 3
    assert scores["conll"] == pytest.approx(mean, abs=0.01)


def test_pairwise_counts_links():
    # gold links: ab ac bc de df dg ef eg fg (9); found: ab cd fg fh fi gh gi hi (8); both: ab fg
    found = pairwise(KEY, RESPONSE)
    assert found.precision == pytest.approx(2 / 8)
    assert found.recall == pytest.approx(2 / 9)
