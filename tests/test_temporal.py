"""Golden cases for the temporal tagger (tests/golden/timex.jsonl) and the seed phrases."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tracker.temporal import parse_value, tag
from tracker.types import Precision, TimeValue

GOLDEN = Path(__file__).parent / "golden" / "timex.jsonl"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CASES = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line.strip()]


def _dct(case: dict) -> date | None:
    return date.fromisoformat(case["dct"]) if case["dct"] else None


def _find(found, want: dict, used: set[int]):
    for i, t in enumerate(found):
        if i not in used and t.text == want["text"]:
            used.add(i)
            return t
    return None


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_golden(case: dict) -> None:
    found = tag(case["text"], _dct(case))
    shown = [(t.text, t.type, t.value, t.mod, t.rule) for t in found]
    used: set[int] = set()
    for want in case["expected"]:
        got = _find(found, want, used)
        assert got is not None, f"{want['text']!r} not found in {shown}"
        assert case["text"][got.start : got.end] == got.text
        for key in ("type", "value", "mod", "anaphoric", "explicit"):
            if key in want:
                assert getattr(got, key) == want[key], f"{key} of {want['text']!r} (rule {got.rule}): {shown}"
        if "interval" in want:
            expected = want["interval"]
            if expected is None:
                assert got.interval is None
            else:
                start, end, precision = expected
                assert got.interval is not None, f"no interval for {want['text']!r} (rule {got.rule})"
                assert (got.interval.start.isoformat(), got.interval.end.isoformat()) == (start, end)
                assert got.interval.precision is Precision[precision]


def test_offsets_point_into_text_with_newlines() -> None:
    text = "Line one.\n\nOn Friday,\nthe talks ended on\nSept. 3."
    for t in tag(text, date(2025, 9, 5)):
        assert text[t.start : t.end] == t.text


def test_results_are_in_text_order() -> None:
    found = tag("On Sept. 3 he spoke; on Friday he left; last year he came.", date(2025, 9, 5))
    assert [t.start for t in found] == sorted(t.start for t in found)
    assert [t.value for t in found] == ["2025-09-03", "2025-09-05", "2024"]


def test_no_dct_keeps_absolute_dates_and_marks_relative_ones() -> None:
    found = {t.text: t for t in tag("On June 28, 2025 he met them; last month he left.", None)}
    assert found["June 28, 2025"].value == "2025-06-28" and found["June 28, 2025"].explicit
    assert found["last month"].interval is None and "X" in found["last month"].value


def test_seed_phrases_resolve_on_the_seeds() -> None:
    text = (SEEDS / "004_bc65cf398b16e41b.txt").read_text(encoding="utf-8")
    values = {(t.text, t.value) for t in tag(text, date(2025, 9, 5))}
    assert ("earlier this week", "2025-W36") in values
    assert ("Sept. 3", "2025-09-03") in values
    assert ("last month", "2025-08") in values
    assert ("August", "2025-08") in values
    assert ("the same day", "2025-09-05") in values


def test_seed_dateline_is_a_time() -> None:
    text = (SEEDS / "001_90feba810193b560.txt").read_text(encoding="utf-8")
    first = next(t for t in tag(text, None) if t.type in ("DATE", "TIME"))
    assert first.value == "2025-09-05T14:11" and first.explicit


@pytest.mark.parametrize(
    ("value", "start", "end", "precision"),
    [
        ("2025-W36", "2025-09-01", "2025-09-07", Precision.WEEK),
        ("2025-Q3", "2025-07-01", "2025-09-30", Precision.QUARTER),
        ("2025-SU", "2025-06-01", "2025-08-31", Precision.QUARTER),
        ("2025-WI", "2025-12-01", "2026-02-28", Precision.QUARTER),
        ("2025-08", "2025-08-01", "2025-08-31", Precision.MONTH),
        ("2025", "2025-01-01", "2025-12-31", Precision.YEAR),
        ("2025-09-03", "2025-09-03", "2025-09-03", Precision.DAY),
        ("2025-09-03T14:00", "2025-09-03", "2025-09-03", Precision.DAY),
        ("199", "1990-01-01", "1999-12-31", Precision.YEAR),
    ],
)
def test_parse_value(value: str, start: str, end: str, precision: Precision) -> None:
    assert parse_value(value) == TimeValue(date.fromisoformat(start), date.fromisoformat(end), precision)


@pytest.mark.parametrize("value", ["P1W", "PT3H", "XXXX-09-05", "PRESENT_REF", "XXXX-WXX-1", "2025-02-30"])
def test_parse_value_none(value: str) -> None:
    assert parse_value(value) is None


@pytest.mark.parametrize(
    "text",
    [
        "Protesters joined the annual March for Life in the capital.",
        "MindSpring said the site broke its rules.",
        'Baker, speaking on ABC\'s "This Week," said the request was fair.',
        "Sales are expected to rise 8.5% annually.",
        "The quarter-to-quarter comparison was hurt by charges.",
        "The fall was driven by weaker oil prices, the bank said.",
        "The toaster failed when a new spring snapped.",
    ],
)
def test_words_that_are_not_times(text: str) -> None:
    assert [(t.text, t.rule) for t in tag(text, date(1999, 1, 22))] == []


def test_a_bare_past_weekday_against_an_inferred_date_is_the_nearest_one() -> None:
    """No dateline: the dct is the latest day the text reports (Saturday 2024-11-09). News names
    recent days by weekday, so "on Monday" is the Monday after, not the one five days before."""
    text = "The mill closed on Nov. 9. It reopened on Monday, and on Thursday the owners said sorry."
    read = {t.text: t.value for t in tag(text, date(2024, 11, 9))}
    inferred = {t.text: t.value for t in tag(text, date(2024, 11, 9), dct_inferred=True)}
    assert (read["Monday"], read["Thursday"]) == ("2024-11-04", "2024-11-07")
    assert (inferred["Monday"], inferred["Thursday"]) == ("2024-11-11", "2024-11-07")


NOT_TIMES = [
    "Guests in Room 1999 of the hotel were evacuated.",
    "Flight BA 2019 from Heathrow was diverted to Shannon.",
    "Passengers at Gate 2020 waited to board.",
    "No. 1984 was sold at auction.",
    "The Boeing 737 was grounded.",
    "The 2000 Guineas winner was retired to stud.",
    "A quarter of the population is over 65.",
    "Kane scored twice in the first half as England won.",
    "H2 gas is stored in tanks.",
    "The firm raised its quarterly dividend.",
    "The Lunar New Year parade drew crowds.",
    "He lives on the 29th floor.",
]


@pytest.mark.parametrize("text", NOT_TIMES)
def test_numbers_and_words_that_are_not_times(text: str) -> None:
    found = tag(text, date(2025, 9, 5))
    assert not found, [(t.text, t.value, t.rule) for t in found]


def test_dating_reads_a_text_once_for_its_plain_tags_those_on_its_day_and_the_parse_s():
    from tracker.temporal import tag_each, tag_for_dating

    text = ("The council voted on Tuesday to close the old bridge. Repairs will start next month, "
            "the mayor said on March 3, and the road reopens in two weeks. The committee met on "
            "Friday.")
    day = date(2026, 3, 5)  # a Thursday
    plain, on_day, own = tag_for_dating(text, [day], dct_inferred=False)
    assert plain == tag(text, None) and on_day == tag_each(text, [day])
    assert {t.text: t.value for t in on_day[day]}["Tuesday"] == "2026-03-03"
    # the parse's reading of a read day: "met on Friday" is the Friday before it; as a candidate
    # day (the latest day the text reports) it is the nearest Friday
    assert own[day] == tag(text, day) and {t.text: t.value for t in own[day]}["Friday"] == "2026-02-27"
    assert {t.text: t.value for t in on_day[day]}["Friday"] == "2026-03-06"
    lower = tag_for_dating(text, [day], dct_inferred=True)
    assert lower[2] is lower[1] and lower[2][day] == tag(text, day, dct_inferred=True)
    assert tag_for_dating(text, [], dct_inferred=False)[1:] == ({}, {})


@pytest.mark.parametrize("text, words, value", [
    ("Posted 6:30 pm ET February 11, 2013 by the live desk.", "6:30 pm ET February 11, 2013", "2013-02-11T18:30"),
    ("The jury returned at 4 p.m. on Friday, Oct. 17, 2025, and went home.", "4 p.m. on Friday, Oct. 17, 2025", "2025-10-17T16:00"),
    ("The polls closed on 3 May 2022 at 9 p.m. GMT in the north.", "3 May 2022 at 9 p.m. GMT", "2022-05-03T21:00"),
    ("Bids were due March 3, 2021 at noon at the port office.", "March 3, 2021 at noon", "2021-03-03T12:00"),
])  # fmt: skip
def test_a_clock_time_beside_a_full_date_keeps_the_date_s_year(text: str, words: str, value: str) -> None:
    # Pages stamp posts "6:30 pm ET February 11, 2013": read as "6:30 pm ET February 11" and "2013"
    # apart, the day took the year of the text's reference date (a Timeline17 page of January 2011
    # was put on 11 February 2011 by a post stamp of 2013).
    found = tag(text, date(2011, 1, 26))
    assert [(t.text, t.value) for t in found] == [(words, value)]
