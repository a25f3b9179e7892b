"""The tagger runs a rule only in the windows holding a string it cannot match without
(tracker/temporal/needed.py): the same matches as running every rule in every window."""

from __future__ import annotations

import dataclasses
import json
import random
import re
from pathlib import Path

import pytest

from tracker.temporal.extract import all_matches
from tracker.temporal.needed import _FOLD, Needs, _fold_table, _trie, needed
from tracker.temporal.rules import load_rules

DATA = Path(__file__).parent / "data"


def test_needed_strings_are_read_from_the_pattern():
    assert needed(re.compile(r"\b(?:mon|tues)day\b", re.I)) == {"monday", "tuesday"}
    # an optional part needs nothing; the rest still does
    assert needed(re.compile(r"(?:last |next )?week\b", re.I)) == {"week"}
    # a run of listed parts makes longer strings: " ago" rather than one of its letters, and
    # rather than "day"/"week" (shorter)
    assert needed(re.compile(r"\b(?P<n>\d+) (?:days?|weeks?) ago\b", re.I)) == {" ago"}
    assert needed(re.compile(r"\b(?P<n>\d+) (?:days?|weeks?)\b", re.I)) == {"day", "week"}
    # a narrow character class is listed: "1990s" needs "19" or "20"
    assert needed(re.compile(r"\b(?:19|20)[0-9]{2}s\b")) == {"19", "20"}
    # ... while they are few: "10:0" .. "29:5" (2 x 10 x 6 = 120 strings, more than MAX_NEED) is
    # passed over for the minutes' last digit, any of ten
    assert needed(re.compile(r"\b[12][0-9]:[0-5][0-9]\b")) == set("0123456789")
    assert needed(re.compile(r"\b1[0-9]:[0-5]0\b")) == {f"1{b}:{c}0" for b in "0123456789" for c in "012345"}
    # lookarounds take no text: what they hold is not needed
    assert needed(re.compile(r"(?<=on )friday", re.I)) == {"friday"}


def test_parts_that_cannot_be_listed_need_nothing():
    assert needed(re.compile(r".+")) is None
    assert needed(re.compile(r"\w+ \w+")) == {" "}
    assert needed(re.compile(r"(a|)b?")) is None  # a branch that can be empty
    assert needed(re.compile(r"(?i:x)")) is None  # a group that changes the flags


def test_every_string_a_rule_matches_holds_one_of_its_needed_strings():
    """On our probe sentences: every match of every rule (searched everywhere, no windows)
    holds one of the strings the rule is said to need."""
    rules = load_rules()
    texts = [json.loads(line)["text"] for line in (DATA / "timex_news_probe.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += [r.example for r in rules.rules]
    checked = 0
    for rule in rules.rules:
        strings = needed(rule.regex)
        if strings is None:
            continue
        for text in texts:
            for m in rule.regex.finditer(text):
                if m.end() > m.start():
                    folded = m.group(0).translate(_FOLD)
                    assert any(s.lower() in folded for s in strings), (rule.name, m.group(0), sorted(strings)[:5])
                    checked += 1
    assert checked > 500


def _story_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((DATA / "stories").rglob("*")) if p.suffix in (".txt", ".md")]
    texts += [json.loads(line)["text"] for line in (DATA / "timex_news_probe.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    return [" ".join(t.split()) for t in texts]


def test_windows_filtered_by_needed_strings_give_the_same_matches():
    """Every candidate of the tagger's first pass, on our stories and probe sentences, is found
    with the filter as without it."""
    rules = load_rules()
    unfiltered = dataclasses.replace(rules, needs=None)
    texts = _story_texts()
    assert len(texts) > 100
    found = 0
    for text in texts:
        key = lambda c: (c.start, c.end, c.rule.order, c.value)  # noqa: E731
        with_filter = sorted(map(key, all_matches(text, rules)))
        assert with_filter == sorted(map(key, all_matches(text, unfiltered))), text[:80]
        found += len(with_filter)
    assert found > 1000


def test_the_filter_skips_most_rules_in_most_windows():
    rules = load_rules()
    text = "Ministers met on Tuesday, two days after the vote of March 3, and will meet again next week."
    from tracker.temporal.extract import hot_windows

    windows = hot_windows(text, rules)
    per_rule = rules.needs.windows(text, windows)
    kept = sum(len(w) for w in per_rule)
    assert kept < len(windows) * len(rules.rules) / 2
    by_name = {r.name: w for r, w in zip(rules.rules, per_rule)}
    assert by_name["weekday"] and by_name["month_day"] and not by_name["yesterday"]


def test_a_string_hidden_under_case_or_a_lookalike_letter_is_still_found():
    needs = Needs.of([re.compile(r"\bfriday\b", re.I)])
    text = "It closed FRIDAY; the Kelvin sign K and dotless ı fold as re does."
    assert needs.windows(text, [(0, len(text))])[0] == [(0, len(text))]
    lookalike = Needs.of([re.compile(r"kin", re.I)])
    text = "a \u212aın b"  # Kelvin sign, dotless i: re.I matches "kin" here
    assert re.search(r"kin", text, re.I)
    assert lookalike.windows(text, [(0, len(text))])[0] == [(0, len(text))]
    # a window that only partly holds the string does not count
    assert needs.windows("on friday", [(0, 5)])[0] == []


def test_the_fold_table_covers_every_plane():
    """The table scans the Basic Multilingual Plane only: no character beyond it matches an ASCII
    letter when case is ignored."""
    letters = re.compile("[a-z]", re.IGNORECASE)
    beyond = [c for c in range(0x10000, 0x110000) if letters.fullmatch(chr(c))]
    assert beyond == []
    assert _fold_table() == _FOLD


@pytest.mark.parametrize("seed", range(5))
def test_trie_finds_what_the_plain_alternation_finds(seed):
    rng = random.Random(seed)
    words = sorted({"".join(rng.choice("abc ") for _ in range(rng.randint(1, 4))) for _ in range(30)})
    trie = re.compile(_trie(words))
    plain = re.compile("|".join(re.escape(w) for w in words))
    for _ in range(300):
        text = "".join(rng.choice("abcd ") for _ in range(rng.randint(0, 12)))
        for start in range(len(text) + 1):
            for end in range(start, len(text) + 1):
                assert bool(trie.search(text, start, end)) == bool(plain.search(text, start, end))


def test_the_needed_strings_are_kept_in_the_cache_folder_and_read_back(monkeypatch, tmp_path):
    from tracker.temporal.needed import remembered

    monkeypatch.delenv("TRACKER_CACHE_DIR", raising=False)
    monkeypatch.setenv("TRACKER_CACHE", str(tmp_path / "cache"))
    patterns = [r.regex for r in load_rules().rules]
    first = remembered(patterns)
    kept = list((tmp_path / "cache").glob("needed-*.json"))
    assert len(kept) == 1
    assert remembered(patterns) == first == Needs.of(patterns)
    # a file left half-written, or of another shape, is read from the patterns again
    for junk in ("[1, 2", '{"a": 1}', json.dumps([["x"]] * 3)):
        kept[0].write_text(junk, encoding="utf-8")
        assert remembered(patterns) == first
    # no folder that can be written: the same strings, nothing kept
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("TRACKER_CACHE", str(blocker / "cache"))
    assert remembered(patterns) == first


def test_without_the_regex_parser_every_rule_runs_everywhere(monkeypatch):
    """A Python whose re module lacks its private parser: nothing is filtered, the same matches."""
    from tracker.temporal import needed as module

    monkeypatch.setattr(module, "P", None)
    rules = load_rules()
    plain = Needs.of([r.regex for r in rules.rules])
    assert all(f is None for f in plain.of_rule) and plain.finders == ()
    text = "Ministers met on Tuesday, two days after the vote of March 3, 2025."
    key = lambda c: (c.start, c.end, c.rule.order, c.value)  # noqa: E731
    assert sorted(map(key, all_matches(text, dataclasses.replace(rules, needs=plain)))) == sorted(map(key, all_matches(text, rules)))
