"""Happenings, not sentences: three outlets we wrote in real pages' shapes, through the pipeline.

tests/data/happenings/ holds a wire story with a year-less agency dateline, a paper with front
matter and a local site with its menus, all on one ferry operator's engine-room fire: each tells
the halt of the crossings on Tuesday (in other words: "halted", "paused", "suspended"), two tell
the operator's statement on Wednesday, two a dock workers' march on Monday; beside them sit
background ("since 1998", "since the 1980s"), a forecast ("will visit the port next week"), a
figure ("400,000 passengers a year") and a quote with no happening.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tracker.pipeline import build
from tracker.query import read_events

HAPPENINGS = Path(__file__).resolve().parent / "data" / "happenings"
MON, TUE, WED = date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)


@pytest.fixture(scope="module")
def events(tmp_path_factory):
    store = tmp_path_factory.mktemp("happenings") / "tracker.db"
    report = build([HAPPENINGS], store)
    assert len(report.added) == 3 and not report.problems
    return read_events(store)


def _on(events, day):
    return [e for e in events if e.time and e.time.start == e.time.end == day]


def test_one_happening_told_in_other_words_is_one_event_with_every_source(events):
    (halt,) = [e for e in _on(events, TUE) if "Norvik" in " ".join(m.sentence for m in e.mentions)]
    assert set(halt.sources) == {"harbour_wire", "coast_courier", "brenmark_local"}
    words = " ".join(m.sentence for m in halt.mentions)
    assert "halted" in words and "paused" in words and "suspended" in words


def test_other_happenings_of_the_story_stay_apart_on_their_own_days(events):
    (march,) = _on(events, MON)
    assert set(march.sources) == {"coast_courier", "brenmark_local"}
    assert all("march" in m.sentence.lower() for m in march.mentions)
    (statement,) = _on(events, WED)
    assert set(statement.sources) == {"harbour_wire", "coast_courier"}


def test_background_forecasts_figures_and_quotes_are_no_events(events):
    assert all(e.time is not None for e in events)  # nothing undated is plotted
    assert {e.time.start for e in events} == {MON, TUE, WED}
    text = " ".join(m.sentence for e in events for m in e.mentions)
    for context in ("since 1998", "since the 1980s", "next week", "400,000", "sorry for the disruption"):
        assert context not in text


def test_every_event_names_its_sentences_and_time_words(events):
    for event in events:
        for m in event.mentions:
            assert m.time_text and m.sentence[m.time_start : m.time_start + len(m.time_text)] == m.time_text


SPILL_PAGES = {
    "valley_post.txt": (
        "Valley Post\n\nPublished 9 April 2026\n\nDye spill turns the Halvern red\n\n"
        "A chemical spill at the Ostmark dye works on Wednesday turned the Halvern river red for six miles, "
        "the river authority said.\n\n"
        "Workers at the Ostmark plant shut the drain valves on Wednesday afternoon, the company said.\n"
    ),
    "river_news.txt": (
        "River News\n\nPublished 14 April 2026\n\nInquiry opened into Ostmark spill\n\n"
        "The river authority opened an inquiry on Monday into the chemical spill at the Ostmark dye works "
        "last Wednesday, its director said.\n\n"
        "Inspectors will visit the plant next week.\n"
    ),
    "halvern_daily.txt": (
        "Halvern Daily\n\nPublished 14 April 2026\n\nAuthority opens spill inquiry\n\n"
        "The river authority on Monday opened an inquiry into the Ostmark spill, its director told reporters.\n"
    ),
}
SPILL_WED, INQUIRY_MON = date(2026, 4, 8), date(2026, 4, 13)


def test_an_older_clause_of_a_sentence_telling_newer_news_joins_no_event(tmp_path):
    """"opened an inquiry on Monday into the spill of last Wednesday": the spill is that sentence's
    background (events.yaml older_in_sentence_days), so the spill's event lists only the outlet
    that reported the spill, and the sentence sits in the inquiry's event."""
    for name, text in SPILL_PAGES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    store = tmp_path / "tracker.db"
    assert not build([tmp_path / name for name in SPILL_PAGES], store).problems
    events = read_events(store)
    spill = [e for e in _on(events, SPILL_WED) if "spill" in " ".join(m.sentence for m in e.mentions)]
    assert spill and all(set(e.sources) == {"valley_post"} for e in spill)
    (inquiry,) = [e for e in _on(events, INQUIRY_MON) if "inquiry" in " ".join(m.sentence for m in e.mentions)]
    assert set(inquiry.sources) == {"river_news", "halvern_daily"}
