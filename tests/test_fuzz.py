"""Fuzzing in `make test`: a short hypothesis run through the whole pipeline, and every input that
ever crashed it (tests/data/fuzz/, written by `make fuzz`) replayed. `make fuzz` runs the long campaign."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from fuzzing import FuzzInput, fuzz_inputs, replay_corpus, run_input


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz") / "fuzz.db"


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(fuzz_inputs())
def test_any_input_is_added_or_refused_by_name(tmp_path_factory, fuzz_store, case):
    folder = tmp_path_factory.mktemp("in", numbered=True)
    assert run_input(case, folder, fuzz_store) in ("added", "problem", "refused")


@pytest.mark.parametrize("name, case", replay_corpus(), ids=[n for n, _ in replay_corpus()])
def test_every_input_that_once_crashed_tracker_is_now_handled(tmp_path, name, case: FuzzInput):
    assert run_input(case, tmp_path, tmp_path / "s.db") in ("added", "problem", "refused")
