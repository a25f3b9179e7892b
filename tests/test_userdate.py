"""The one decoder of dates users give: calendar bounds, a plausibility window, relative words."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from tracker.errors import ArticleError, DateError
from tracker.ingest import read_article
from tracker.ingest.userdate import decode_user_date
from tracker.types import Precision

TODAY = dt.date(2026, 12, 6)  # a Sunday


@pytest.mark.parametrize(
    "text, start, end, precision",
    [
        ("2025-09-05", "2025-09-05", "2025-09-05", Precision.DAY),
        ("2025-09", "2025-09-01", "2025-09-30", Precision.MONTH),
        ("2024-02", "2024-02-01", "2024-02-29", Precision.MONTH),
        ("2025", "2025-01-01", "2025-12-31", Precision.YEAR),
        ("2025-09-05T23:30:00-05:00", "2025-09-05", "2025-09-05", Precision.DAY),
        ("5 September 2025", "2025-09-05", "2025-09-05", Precision.DAY),
        ("Sept. 5, 2025", "2025-09-05", "2025-09-05", Precision.DAY),
        ("30/04/2025", "2025-04-30", "2025-04-30", Precision.DAY),
    ],
)
def test_absolute_dates_keep_their_precision(text, start, end, precision):
    decoded = decode_user_date(text, today=TODAY)
    assert (decoded.value.start.isoformat(), decoded.value.end.isoformat()) == (start, end)
    assert decoded.value.precision is precision and not decoded.relative


@pytest.mark.parametrize(
    "text, day",
    [
        ("yesterday", "2026-12-05"),
        ("Today", "2026-12-06"),
        ("tomorrow", "2026-12-07"),
        ("3 days ago", "2026-12-03"),
        ("a week ago", "2026-11-29"),
        ("two weeks ago", "2026-11-22"),
        ("last Friday", "2026-12-04"),
        ("Sunday", "2026-11-29"),  # said on a Sunday: the one before
    ],
)
def test_relative_words_are_read_against_today_and_echoed(text, day):
    decoded = decode_user_date(text, today=TODAY)
    assert decoded.value.start.isoformat() == day and decoded.relative
    assert decoded.echo("--published") == f"--published {text} = {day}"


@pytest.mark.parametrize(
    "text, problem",
    [
        ("2025-02-30", "February 2025 has 28 days"),
        ("2025-13-45", "there is no month 13"),
        ("0000-01-01", "the year must be within 1000-2999"),
        ("0001-01-01", "the year must be within 1000-2999"),
        ("9999-12-31", "the year must be within 1000-2999"),
        ("05/09/2025", "reads as 9 May 2025 or 5 September 2025"),
        ("31/31/2025", "no reading of it is a day of the calendar"),
        ("yesterday-ish", "is not a date"),
        ("", "is empty"),
        ("2027-01-01", "is in the future (today is 2026-12-06)"),
        ("in a fortnight", "is not a date"),
    ],
)
def test_impossible_and_implausible_dates_are_refused_with_the_reason(text, problem):
    with pytest.raises(DateError) as caught:
        decode_user_date(text, today=TODAY)
    assert problem in str(caught.value) and "\n" not in str(caught.value)


def test_the_future_is_taken_when_allowed_and_a_day_ahead_always():
    assert decode_user_date("2027-01-01", today=TODAY, allow_future=True).value.start == dt.date(2027, 1, 1)
    assert decode_user_date("2026-12-07", today=TODAY).value.start == dt.date(2026, 12, 7)


def test_relative_words_need_today_and_are_refused_where_they_make_no_sense():
    with pytest.raises(DateError, match="no today's date"):
        decode_user_date("yesterday")
    with pytest.raises(DateError, match="relative to the day it is read"):
        decode_user_date("yesterday", today=TODAY, relative=False)


def test_a_date_object_from_a_yaml_loader_is_taken_as_it_is():
    assert decode_user_date(dt.date(2025, 9, 5)).value.start == dt.date(2025, 9, 5)
    assert decode_user_date(dt.datetime(2025, 9, 5, 10, 0)).canonical == "2025-09-05"


@pytest.mark.parametrize("published", ["2025-13-45", "2025-02-30", "0000-01-01", "9999-12-31", "yesterday"])
@pytest.mark.parametrize("quoted", [False, True])
def test_front_matter_dates_that_cannot_be_are_one_line_naming_the_file(tmp_path, published, quoted):
    value = f'"{published}"' if quoted else published
    path = tmp_path / "ferry.md"
    path.write_text(f"---\npublished: {value}\n---\n\nThe ferry left the harbour on time on Monday, its captain said.\n")
    with pytest.raises(ArticleError) as caught:
        read_article(path, today=TODAY)
    message = str(caught.value)
    assert message.startswith(f"{path}: malformed front matter: published '{published}'") and "\n" not in message


def test_a_front_matter_date_in_the_future_is_refused_unless_allowed(tmp_path):
    path = tmp_path / "ferry.md"
    path.write_text("---\npublished: 2027-03-01\n---\n\nThe ferry left the harbour on time on Monday, its captain said.\n")
    with pytest.raises(ArticleError, match="in the future"):
        read_article(path, today=TODAY)
    assert read_article(path, today=TODAY, allow_future=True).published.start == dt.date(2027, 3, 1)


@given(st.text(max_size=40))
def test_any_text_is_a_date_within_bounds_or_a_date_error(text):
    try:
        decoded = decode_user_date(text, today=TODAY)
    except DateError as err:
        assert "\n" not in str(err)
        return
    assert 1000 <= decoded.value.start.year <= decoded.value.end.year <= 2999
    assert decoded.value.start <= TODAY + dt.timedelta(days=1)
