"""End to end on made-up stories: the real pipeline on several outlets' articles, scored on gold.

tests/data/stories/ holds twenty-three invented stories, each told by three or four invented
outlets (front matter, agency datelines, scraped pages with page furniture), with relative dates,
spelling variants of names, background sentences, undated mentions and date conflicts. gold.json
labels chosen sentences with their event and day. The old hand-set rule was grown on these
stories; the learned pair weights count their labelled pairs among ECB+'s and the real stories'
(the cuts come from the real stories alone). Background and undated sentences are context now, not
events (README, Figures: made-up stories and hand-written mentions)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from eval import merge_eval as merge_evaluate
from eval.made_up_stories import build_events, evaluate_stories, load_story, match

STORIES = Path(__file__).resolve().parent / "data" / "stories"
FLOORS = json.loads((Path(__file__).resolve().parents[1] / "eval" / "events_baseline.json").read_text())["stories"]


@pytest.fixture(scope="module")
def built():
    """Each story built once: {name: (story, events, matches)}."""
    out = {}
    for folder in sorted(p for p in STORIES.iterdir() if (p / "gold.json").exists()):
        story = load_story(folder)
        events = build_events(story)
        out[story.name] = (story, events, match(story, events))
    return out


def _event_of(built, name, article, text):
    _, _, matches = built[name]
    (found,) = [m for m in matches if m.label.article == article and m.label.text == text]
    assert found.event is not None, (article, text)
    return found.event


def test_end_to_end_figures_meet_their_floors():
    figures, tally = evaluate_stories(STORIES)
    low = {k: (v, FLOORS[k]) for k, v in figures.items() if k in FLOORS and v < FLOORS[k]}
    assert not low, (low, tally.notes)
    assert tally.labels >= 380 and tally.conflicts_expected == 15


def test_main_runs_both_evaluations_and_passes(capsys):
    assert merge_evaluate.main([]) == 0
    out = capsys.readouterr().out
    assert "hand-written mentions" in out and "end to end on 23 stories" in out and "BELOW" not in out


def test_same_person_same_day_in_two_cities_stays_two_events(built):
    rally = _event_of(built, "port_strike", "harbourwire_rally", "told a rally of striking dockworkers")
    talks = _event_of(built, "port_strike", "harbourwire_rally", "Later on Thursday, Marchenko met")
    assert rally.id != talks.id and rally.time == talks.time and rally.time.start == date(2024, 10, 10)
    tour = _event_of(built, "flood", "herald_orla", "toured the flooded streets of Halvik on Monday")
    presser = _event_of(built, "flood", "herald_orla", "In the afternoon she held a press conference")
    assert tour.id != presser.id


def test_one_press_conference_in_different_words_and_dates_is_one_event(built):
    texts = [
        ("harbourwire_rally", "said at a news conference on Wednesday"),  # "on Wednesday"
        ("ledger_talks", "at a briefing in the harbour office"),  # "Earlier this week", "Dmitri Solovey"
        ("coastline_day_five", "On Oct. 9, port director Dmytro Solovei told reporters"),
        ("post_deal", "his news conference last Wednesday"),
    ]
    events = {_event_of(built, "port_strike", a, t).id for a, t in texts}
    assert len(events) == 1
    (event,) = [e for e in built["port_strike"][1] if e.id in events]
    assert event.time.start == event.time.end == date(2024, 10, 9)
    assert len(event.sources) == 4
    assert _context(built, "port_strike", "ledger_talks", "Speaking at the briefing, Solovey said")  # no time of its own


def _context(built, name, article, text):
    """The labelled sentence is in no event: it is context of its article, not a happening."""
    _, _, matches = built[name]
    (found,) = [m for m in matches if m.label.article == article and m.label.text == text]
    return found.event is None


def test_background_stays_context_apart_from_this_weeks_news(built):
    walkout = _event_of(built, "port_strike", "harbourwire_rally", "walked off the job on Monday")
    assert walkout.time.start == date(2024, 10, 7)
    assert _context(built, "port_strike", "harbourwire_rally", "The last strike at Varnholm, in 2016")
    assert not any(e.time and e.time.start.year == 2016 for e in built["port_strike"][1])


@pytest.mark.xfail(strict=True, reason="measured miss of the learned model: a report a day apart in other words "
                   "(began on Monday / began on Tuesday) scores below the cut; conflict recall 0.33 on the made-up stories")
def test_outlets_disagreeing_on_a_date_give_one_event_with_a_conflict(built):
    monday = _event_of(built, "port_strike", "ledger_talks", "The walkout, which began on Monday")
    tuesday = _event_of(built, "port_strike", "coastline_day_five", "The strike at Varnholm port began on Tuesday")
    assert monday.id == tuesday.id and monday.time.start == date(2024, 10, 7)  # two outlets against one
    (conflict,) = monday.conflicts
    sides = dict(conflict.sides)
    assert sides["2024-10-08"] == ("coastline_day_five",)


@pytest.mark.xfail(strict=True, reason="measured miss: 'Earlier this week' told by one outlet is a week-long span "
                   "the event layer does not plot unless a second article tells it on a day")
def test_spelling_variants_are_one_actor_in_the_merged_event(built):
    presser = _event_of(built, "election", "cpa_challenge", "Earlier this week, Evgeni Tarhanov told a news conference")
    assert {"veldra_times_results", "cpa_challenge"} <= set(presser.sources)
    names = [n for n in presser.actors if "Tar" in n]
    assert len(names) == 1, presser.actors


def test_undated_clauses_never_get_a_date_no_text_gave(built):
    ruling = _event_of(built, "election", "meridian_ruling", "The Supreme Court upheld the result")
    assert ruling.time.start == date(2024, 9, 12)  # not "Sept. 1", the election's date
    for text in ("Chief Justice Marta Sokol read the ruling", "said after the ruling that his party would keep protesting"):
        assert _context(built, "election", "meridian_ruling", text)


def test_same_person_same_day_two_cities_held_out(built):
    families = _event_of(built, "recall", "chronicle_tour", "met the families of the Brennick crash victims in Brennick on Thursday")
    dealers = _event_of(built, "recall", "chronicle_tour", "she faced angry dealers at a town hall meeting in Sallow")
    assert families.id != dealers.id and "Brennick" in families.places and "Sallow" in dealers.places
    other = _event_of(built, "recall", "gazette_families", "sat down with relatives of the two people killed")
    assert other.id == families.id  # "On Nov. 9" in an article whose date is inferred


def test_a_ruling_in_other_words_and_a_relative_date_is_one_event(built):
    banned = _event_of(built, "doping", "sportwire_ruling", "banned sprinter Anouk Terhaar for four years on Thursday")
    handed = _event_of(built, "doping", "trackside_appeal", "handed down the four-year ban the previous day")
    assert banned.id == handed.id and banned.time.start == date(2021, 3, 11)
    statement = _event_of(built, "doping", "trackside_appeal", "Mikael Strand, speaking on Friday")
    assert statement.id != banned.id and statement.time.start == date(2021, 3, 12)


def test_two_evacuations_by_one_sheriff_on_two_days_stay_apart(built):
    ashby = _event_of(built, "wildfire", "courier_evacuation", "ordered the evacuation of Ashby Fork on Saturday")
    pell = _event_of(built, "wildfire", "courier_evacuation", "Pell Ridge was emptied on Friday")
    assert ashby.id != pell.id and "Ashby Fork" in ashby.places
    visit = _event_of(built, "wildfire", "valleyradio_crews", "visit to the fire line on Sunday")
    declared = _event_of(built, "wildfire", "pacificwire_emergency", "declared a state of emergency in Corran County on Sunday")
    assert visit.id != declared.id  # two things the same day


@pytest.mark.xfail(strict=True, reason="measured miss: 'a visit to the fire line' and 'flew over the fire zone in a "
                   "helicopter' share neither event word nor meaning enough for the learned model")
def test_a_visit_told_as_a_helicopter_flight_is_one_event(built):
    visit = _event_of(built, "wildfire", "valleyradio_crews", "visit to the fire line on Sunday")
    flight = _event_of(built, "wildfire", "pacificwire_emergency", "flew over the fire zone in a helicopter")
    declared = _event_of(built, "wildfire", "pacificwire_emergency", "declared a state of emergency in Corran County on Sunday")
    assert visit.id == flight.id != declared.id  # "Lindqvist"/"Lindquist", two things the same day


def test_a_resignation_told_four_ways_by_four_outlets_is_one_event(built):
    """Written held out (before the departure and appointment words were added to events.yaml)."""
    resigned = _event_of(built, "resignation", "nordwire_breaking", "Health Minister Ilse Maranova resigned on Thursday")
    for article, text in [
        ("vessendorf_courier", "stepped down as health minister late on Thursday"),
        ("brakenholt_gazette", "announced her resignation in a two-line statement on Thursday"),
        ("capital_radio", "Ilse Maranova, who left office on Thursday"),
    ]:
        assert _event_of(built, "resignation", article, text).id == resigned.id, text
    assert resigned.time.start == date(2025, 5, 15)
    sworn = _event_of(built, "resignation", "capital_radio", "was sworn in as health minister at Ardmore Palace on Saturday")
    staff = _event_of(built, "resignation", "brakenholt_gazette", "Staff at the hospital learned of Ostheim's appointment")
    assert len({resigned.id, sworn.id, staff.id}) == 3
