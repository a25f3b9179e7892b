"""The real-pages gate: publication dates, outlets, refusals and furniture on real scraped pages.

Runs eval/real_pages.py on ../shared/data/real-stories against the floors pinned in
eval/real_pages_baseline.json. Skips when the shared data is absent locally; fails under CI.
"""

from __future__ import annotations

import json

import pytest

from tests.evalmods import EVAL, SHARED_DATA, eval_module, require_shared

STORIES = SHARED_DATA / "real-stories"
BASELINE = EVAL / "real_pages_baseline.json"


@pytest.fixture(scope="module")
def figures():
    require_shared(STORIES, "real-pages")
    tallies = eval_module("real_pages").evaluate(STORIES)
    return {story: tally.figures() for story, tally in tallies.items()}


def test_real_pages_hold_their_pinned_floors(figures):
    problems = eval_module("real_pages").failing(figures["ALL"], json.loads(BASELINE.read_text()))
    assert not problems, problems


def test_no_wrong_year_and_no_wrong_date_marked_read(figures):
    assert figures["ALL"]["wrong_year"] == 0 and figures["ALL"]["wrong_read"] == 0, figures["ALL"]


def test_the_scorer_compares_outlets_as_a_reader_would():
    real = eval_module("real_pages")
    assert real.same_outlet("the straits times", "The Straits Times")
    assert real.same_outlet("Hurriyet Daily News", "Hürriyet Daily News")
    assert real.same_outlet("The Star", "The Star (Malaysia)")
    assert not real.same_outlet("Star", "Star Tribune") and not real.same_outlet(None, "CNN")
    assert not real.same_outlet("News Max", "Newsmax")  # word boundaries count
