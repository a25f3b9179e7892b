"""Which week a weekday of an undated article is in, and which expressions can tell it.

All articles here are written by us, in the shapes real news takes.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tracker.ingest.estimate import _pattern, _tense
from tracker.ingest.infer import sentence_bounds
from tracker.ingest.rules import setting
from tracker.temporal import tag
from tracker.types import TimeValue

READ = ("Published March 15, 2024\n\nFerry crews in Harbourtown walked out on Tuesday over pay, "
        "stranding thousands of travellers at the quay, the harbour board said.")


def dated(tmp_path: Path, **texts: str) -> dict:
    from tracker.pipeline import read_and_date

    files = []
    for name, text in texts.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return {a.id: a for a in read_and_date(files)[0]}


def test_today_or_a_clock_time_does_not_make_every_day_fresh(tmp_path):
    # "today" and "at 0600 GMT" hold on any day the article may have been written: the day comes
    # from "on Tuesday", the freshest day it reports, not from the neighbour's day
    undated = ("Ferry crews in Harbourtown walked out on Tuesday over pay, stranding travellers at the quay. "
               "The first sailing was cancelled at 0600 GMT, and the harbour board said today that talks "
               "with the union had not begun.")
    found = dated(tmp_path, read=READ, undated=undated)
    assert found["read"].published_how == "read"
    assert found["undated"].published == TimeValue.day(date(2024, 3, 12))
    assert found["undated"].published_how == "inferred"


def test_a_weekday_takes_the_date_the_article_writes_out_for_it(tmp_path):
    # the article most like it was written eighteen days later, which alone would put "on Tuesday"
    # two weeks on; the article's own "March 12" is a Tuesday, and its "on Tuesday" is that day
    read = ("Published March 30, 2024\n\nFerry crews in Harbourtown went back to work on Friday after the "
            "harbour board raised its pay offer, ending a strike over pay that stranded travellers at the quay.")
    undated = ("Ferry crews in Harbourtown walked out over pay on Tuesday, stranding travellers at the quay. "
               "The strike that began on March 12 is the first in a decade, the harbour board said.")
    found = dated(tmp_path, read=read, undated=undated)
    assert found["undated"].published == TimeValue.day(date(2024, 3, 12))


def _weekday(text: str):
    return next(t for t in tag(text, None) if (t.value or "").startswith("XXXX-WXX-"))


@pytest.mark.parametrize("name", ["future_before", "future_after"])
def test_the_words_next_to_a_day_say_it_is_still_to_come(name):
    example = str(setting("ingest_infer.yaml", "tense_next_to_day")[name]["example"])
    timex = _weekday(example)
    assert _tense(example, timex, sentence_bounds(example)) == "future"


def test_a_day_told_as_past_stays_past():
    text = "Picked after two days of questions, the jurors heard the opening statements on Wednesday."
    timex = _weekday(text)
    assert _tense(text, timex, sentence_bounds(text)) == "past"
    assert not _pattern("future_after").match(text, timex.end)


def test_a_page_updated_on_a_day_is_put_on_that_day_not_on_its_neighbours_week(tmp_path):
    # the article most like it was read as written in March; this one's stamp says it was last
    # updated on 5 November, and its "on Tuesday" is that week's Tuesday, not a Tuesday in March
    updated = ("Ferry crews back in court 5 November 2024 Last updated at 08:43 GMT\n\n"
               "Ferry crews in Harbourtown were back in court on Tuesday over the pay strike that "
               "stranded travellers at the quay, the harbour board said.")
    found = dated(tmp_path, read=READ, updated=updated)
    assert found["updated"].published_updated == date(2024, 11, 5)
    assert found["updated"].published == TimeValue.day(date(2024, 11, 5))
    assert found["updated"].published_how == "inferred"
