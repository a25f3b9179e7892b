"""Gate: event coreference on ECB+ test topics 36-45 (within gold topics) stays above the floors
pinned in eval/ecbplus_baseline.json, and our document links beat the TF-IDF baseline of the
same run. Reads ../shared/data/ecbplus at run time; skips locally when it is absent, fails
when CI is set."""

from __future__ import annotations

import json
import os

import pytest

from eval import ecbplus
from eval.ecbplus_data import DATA, TEST_TOPICS


@pytest.fixture(scope="module")
def figures():
    if not (DATA / "mentions.jsonl").is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{DATA} is missing; CI is set, so the ECB+ gate must run")
        pytest.skip(f"{DATA} is missing")
    return ecbplus.evaluate(DATA, TEST_TOPICS, with_corpus=False)


def test_conll_f1_stays_above_the_pinned_floor(figures):
    floors = {k: v for k, v in json.loads(ecbplus.FLOORS.read_text()).items() if not k.startswith("_")}
    assert ecbplus.failing(figures, floors) == []


def test_the_model_beats_the_same_lemma_baseline_of_the_same_run(figures):
    assert figures["topic_mode"]["conll"] > figures["lemma_baseline"]["conll"]



def test_the_model_beats_the_cluster_lemma_baseline_of_the_same_run(figures):
    assert figures["topic_mode"]["conll"] > figures["cluster_lemma_baseline"]["conll"]


def test_article_groups_link_documents_better_than_one_tfidf_threshold(figures):
    assert figures["docs_groups"]["f1"] > figures["docs_tfidf_baseline"]["f1"]


def test_on_the_literature_mention_set_the_model_beats_cluster_lemma():
    """With the literature's singletons and within-document chains (a copy of Barhom et al.'s
    ECB_Test_Event_gold_mentions.json beside mentions.jsonl), as the literature scores ECB+."""
    extra = DATA / ecbplus.EXTRA_NAME
    if not extra.is_file():
        pytest.skip(f"{extra} is not there")
    found = ecbplus.literature(DATA, TEST_TOPICS, extra)
    assert found["topic_mode"]["conll"] > found["cluster_lemma_baseline"]["conll"]
