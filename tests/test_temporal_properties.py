"""Property tests of the temporal tagger's normalisation (hypothesis)."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.temporal import parse_value, tag
from tracker.temporal.values import format_value, narrow, unit_interval

DCTS = st.dates(min_value=date(1950, 1, 1), max_value=date(2060, 12, 31))
PHRASES = st.sampled_from(
    [
        "on Friday", "last Friday", "next Friday", "on Sept. 3", "Aug. 15", "in August", "last month",
        "earlier this week", "later this month", "last year", "early 2022", "mid-August", "late last year",
        "the third quarter", "this summer", "last fall", "two years ago", "yesterday", "tomorrow",
        "5 p.m. yesterday", "tonight", "the 1990s", "next week", "this weekend", "the same day",
        "September 2022", "fiscal 1998", "the first Tuesday of November", "a year earlier", "Christmas",
    ]
)
TENSES = st.sampled_from(["He said it happened {}.", "It will happen {}.", "{} the talks ended."])
UNITS = st.sampled_from(["day", "week", "month", "quarter", "year", "decade"])
# Units that nest: a week may straddle two months or years, so it is only coarser than a day.
FINER = {"year": ["quarter", "month", "day"], "quarter": ["month", "day"], "month": ["day"],
         "decade": ["year", "month", "day"], "week": ["day"], "day": ["day"]}


@settings(max_examples=300, deadline=None)
@given(phrase=PHRASES, frame=TENSES, dct=DCTS)
def test_intervals_are_ordered_and_tagging_is_deterministic(phrase: str, frame: str, dct: date) -> None:
    text = frame.format(phrase)
    first, second = tag(text, dct), tag(text, dct)
    assert first == second
    for t in first:
        if t.interval is not None:
            assert t.interval.start <= t.interval.end
            assert text[t.start : t.end] == t.text


@settings(max_examples=300, deadline=None)
@given(phrase=PHRASES, dct=DCTS)
def test_values_parse_back_to_their_interval(phrase: str, dct: date) -> None:
    for t in tag(f"It happened {phrase}.", dct):
        if t.interval is None or t.mod is not None:
            continue
        assert parse_value(t.value) == t.interval, (t.text, t.value)


@settings(max_examples=300, deadline=None)
@given(d=DCTS, coarse=UNITS, data=st.data())
def test_coarser_unit_contains_finer(d: date, coarse: str, data) -> None:
    fine = data.draw(st.sampled_from(FINER[coarse]))
    assert unit_interval(coarse, d).contains(unit_interval(fine, d))


@settings(max_examples=300, deadline=None)
@given(d=DCTS, unit=UNITS)
def test_format_and_parse_round_trip(d: date, unit: str) -> None:
    assert parse_value(format_value(unit, d)) == unit_interval(unit, d)


@settings(max_examples=200, deadline=None)
@given(d=DCTS, unit=UNITS, mod=st.sampled_from(["START", "MID", "END", "APPROX"]))
def test_a_mod_narrows_within_the_unit(d: date, unit: str, mod: str) -> None:
    whole = unit_interval(unit, d)
    part = narrow(whole, mod, d, "earlier")
    assert whole.start <= part.start <= part.end <= whole.end
