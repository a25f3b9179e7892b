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


def test_a_date_after_to_be_will_have_or_would_is_still_to_come():
    # a participle after "be" and "have" after a modal look ahead: the sentencing set for March 28
    # is not a day the article reports as past (it was read as past: the article's day was then
    # looked for after March 28)
    from tracker.ingest.infer import tense_of

    for text in ("The former chief executive is scheduled to be sentenced on March 28, 2024.",
                 "The judge said the former chief executive will have to return to court on March 28, 2024."):
        timex = next(t for t in tag(text, None) if "March 28" in t.text)
        assert tense_of(text, timex, sentence_bounds(text)) == "future", text
    # a day told in reported speech with "would" is still to come when it was said
    text = "The candidate announced on Saturday evening that he would be at the polling station tomorrow morning."
    timex = next(t for t in tag(text, None) if "tomorrow" in t.text)
    assert tense_of(text, timex, sentence_bounds(text)) == "future"
    for text in ("The former chief executive has been arrested on March 28, 2024.",
                 "The former chief executive was sentenced on March 28, 2024."):
        timex = next(t for t in tag(text, None) if "March 28" in t.text)
        assert tense_of(text, timex, sentence_bounds(text)) == "past", text


def test_an_undated_verdict_report_is_put_after_the_day_it_writes_out_not_at_its_sentencing(tmp_path):
    # a report of a verdict that writes out the day and the hour ("at 6 p.m. on Nov. 2") and the
    # sentencing to come: it was written on or after Nov. 2, whatever the trial's earlier reports
    # (its nearest neighbours) say; before, the hour hid the day and the sentencing set the floor
    read = ("Published October 10, 2023\n\nThe fraud trial of the former exchange chief in Lower Manhattan "
            "heard its star witness on Tuesday, the trial's sixth day, as the jury followed the money.")
    verdict = ("The jury in the fraud trial of the former exchange chief in Lower Manhattan found him guilty "
               "on all counts. The jurors got the case at 3:15 p.m. and returned their verdict at 6 p.m. on "
               "Nov. 2 after following the money. He is scheduled to be sentenced on March 28.")
    found = dated(tmp_path, read=read, verdict=verdict)
    assert found["verdict"].published_how == "inferred"
    assert date(2023, 11, 2) <= found["verdict"].published.start <= date(2023, 11, 12)


def test_the_dating_fit_script_dates_a_batch_through_the_pipeline(tmp_path):
    # eval/fit_dating.py (which fits the weights this file's estimate reads) dates each batch by
    # the pipeline's own _date_articles with the batch's tagging handed over: it broke once when the
    # pipeline's tagging changed shape (its resolver lost `prefetch`); a made-up batch keeps it honest
    from datetime import date as day

    from tests.evalmods import eval_module

    fit = eval_module("fit_dating")
    files = []
    for name, text in {"read": READ, "undated": ("Ferry crews in Harbourtown walked out on Tuesday over pay, "
                                                 "stranding travellers at the quay, the harbour board said.")}.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    batch = fit.batch_of("ferry", files, {"undated": day(2024, 3, 12)})
    dated = {a.id: a for a in fit.date_batch(batch)}
    assert dated["undated"].published == TimeValue.day(day(2024, 3, 12))
    assert fit.tally(batch, list(dated.values())) == (1, 1)
