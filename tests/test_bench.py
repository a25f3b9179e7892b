"""The benchmark's own parts on a tiny input: the synthetic generator and the stage-timed build.

No timing is asserted: these check that the generator is deterministic and writes pages in the
styles real coverage has, and that bench/timed.py runs the real command with every timer hooked.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import synth  # noqa: E402


def test_same_seed_same_corpus_and_a_smaller_corpus_is_a_prefix():
    first = list(synth.corpus(seed=3, count=12))
    assert first == list(synth.corpus(seed=3, count=12))
    assert list(synth.corpus(seed=3, count=5)) == first[:5]
    assert list(synth.corpus(seed=4, count=12)) != first


def test_paths_are_unique_and_dated_by_publication():
    paths = [path for path, _ in synth.corpus(seed=1, count=200, mean_words=80)]
    assert len(set(Path(p).stem for p in paths)) == len(paths)
    for path, text in synth.corpus(seed=1, count=30, mean_words=80):
        day = Path(path).stem.split("_")[0]
        if text.startswith("---"):
            assert f"published: {day}" in text


def test_each_happening_is_told_by_several_outlets():
    told: dict[str, set[str]] = defaultdict(set)
    for path, text in synth.corpus(seed=1, count=200, mean_words=80):
        headline = next(line for line in text.splitlines()[4:] if line and not line.startswith(("Skip", "Home", "Share", "Adv")))
        told[headline].add(Path(path).parent.name)
    assert max(len(outlets) for outlets in told.values()) >= 3


def test_pages_carry_datelines_relative_dates_and_furniture():
    texts = [text for _, text in synth.corpus(seed=1, count=120)]
    joined = "\n".join(texts)
    assert any(t.startswith("---\nsource: ") for t in texts)  # front matter
    assert any(") - " in t.split("\n")[4] or ") - " in t.split("\n")[3] for t in texts)  # agency dateline
    assert "\nBy " in joined  # byline with a date
    for phrase in ("yesterday", "last week", "Advertisement", "All rights reserved", "Related stories"):
        assert phrase in joined
    assert sum(len(t.split()) for t in texts) / len(texts) > 500  # news-length articles, not snippets


def test_ingest_reads_the_synthetic_pages_as_articles(tmp_path):
    from tracker.ingest import read_article

    paths = synth.write_corpus(tmp_path, 40, seed=2, mean_words=150)
    dated = 0
    for path in paths:
        article = read_article(path)
        assert "All rights reserved" not in article.body and "Skip to main content" not in article.body
        if article.published is not None and article.published.start.isoformat() == path.stem.split("_")[0]:
            dated += 1
    assert dated >= len(paths) // 2  # front matter, stamps and bylines give the day itself


def test_timed_build_runs_the_real_command_with_every_stage_hooked(tmp_path):
    pytest.importorskip("spacy")
    paths = synth.write_corpus(tmp_path / "corpus", 4, seed=5, mean_words=100)
    result = tmp_path / "result.json"
    command = [sys.executable, str(BENCH / "timed.py"), "--result", str(result), "--expect", "4", "--",
               "build", *map(str, paths), "--store", str(tmp_path / "s.db"), "--out", str(tmp_path / "t.html"), "--allow-future"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    report = json.loads(result.read_text(encoding="utf-8"))
    assert report["completed"] and report["missing_hooks"] == []
    counts = report["counts"]
    assert counts["articles read"] == counts["articles parsed"] == 4
    # only the sentences that can tell a happening (or name who is who) are parsed
    assert 0 < counts["words parsed"] < counts["words read"]
    # the merge is given the mentions it compares (a time, a happening), every one the build stored
    from tracker.remerge import compared
    from tracker.store import read_store

    with read_store(tmp_path / "s.db") as store:
        stored = store.all_mentions()
    assert counts["mentions"] == len(stored) and counts["mentions merged"] == len(compared(stored)) > 0
    assert counts["events made"] > 0
    assert set(report["calls"]) >= {"ingest", "tagging", "parsing", "mentions", "merging", "store", "render"}
    assert (tmp_path / "t.html").exists()
