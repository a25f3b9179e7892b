"""Date-range queries and the pandas view."""

from __future__ import annotations

from datetime import date

import pytest

import tracker
from tracker.errors import DateError
from tracker.query import Filter, parse_day, select


def test_load_events_gives_one_row_per_event(any_seed_store, seed_events):
    frame = tracker.load_events(store=any_seed_store)
    assert len(frame) == len(seed_events)
    assert list(frame["id"]) == [e.id for e in seed_events]
    dated = frame.dropna(subset=["start"])
    assert (dated["start"] <= dated["end"]).all()
    assert str(frame["start"].dtype).startswith("datetime64")
    sep3 = frame[(frame["start"] <= "2025-09-03") & (frame["end"] >= "2025-09-03")]
    assert sep3["n_mentions"].sum() >= 4


def test_date_filter_keeps_overlapping_events_and_drops_undated(seed_events):
    window = select(seed_events, Filter(start=date(2025, 9, 4), end=date(2025, 9, 4)))
    assert window and all(e.time and e.time.start <= date(2025, 9, 4) <= e.time.end for e in window)
    everything = select(seed_events, Filter())
    assert len(everything) == len(seed_events)


def test_bad_dates_are_named_errors():
    assert parse_day("2025-09-03", "--from") == date(2025, 9, 3)
    with pytest.raises(DateError, match="--to '3 Sept'"):
        parse_day("3 Sept", "--to")
