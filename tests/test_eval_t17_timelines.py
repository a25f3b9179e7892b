"""eval/t17_timelines.py: date selection against an outlet's own timeline (Timeline17's gold).

The scoring is checked on days we chose; the whole path (build a story folder, read its store,
rank its days) on a two-outlet story written by us in Timeline17's layout: front matter with the
publication day, one folder per outlet, gold/<outlet>.json holding a list of timelines.
"""

from __future__ import annotations

import json
from datetime import date
from types import SimpleNamespace

from tests.evalmods import eval_module
from tracker.types import TimeValue

D = date.fromisoformat


def _timeline(*days: str):
    return eval_module("t17_timelines").Timeline("story", "outlet", frozenset(map(D, days)))


def test_the_k_best_days_inside_the_gold_range_are_scored():
    tl = eval_module("t17_timelines")
    gold = _timeline("2011-02-01", "2011-02-03", "2011-02-10")
    # 2011-01-20 is before the gold's first day: skipped; the next three are taken
    ranked = [D("2011-01-20"), D("2011-02-03"), D("2011-02-04"), D("2011-02-10"), D("2011-02-01")]
    prf = tl.select(ranked, gold)
    assert (round(prf.precision, 3), round(prf.recall, 3)) == (0.667, 0.667)
    assert tl.select([D("2011-02-03")], gold).precision == 1.0  # fewer days than the gold: recall pays
    assert round(tl.select([D("2011-02-03")], gold).recall, 3) == 0.333
    assert tl.select([], gold).f1 == 0.0


def test_days_rank_as_query_top_keeps_events_each_day_once():
    tl = eval_module("t17_timelines")

    def event(day: str | None, *articles: str):
        return SimpleNamespace(id=f"{day}-{len(articles)}", time=TimeValue.day(D(day)) if day else None,
                               sources=articles, outlets=articles)

    events = [event("2011-02-02", "a", "b"), event("2011-02-02", "c"), event("2011-02-05", "a", "d"),
              event("2011-02-04", "e", "f", "g"), event(None, "a")]
    mention = SimpleNamespace(article_id="a", time=TimeValue.day(D("2011-02-05")), time_from="own")
    article = SimpleNamespace(id="a", published=TimeValue.day(D("2011-02-06")))
    ranked = tl.story_rankings(events, [mention], [article], lambda _aid: "story")["story"]
    assert ranked["events"] == [D("2011-02-04"), D("2011-02-02"), D("2011-02-05")]
    assert ranked["date references"] == [D("2011-02-05")]
    assert ranked["publication"] == [D("2011-02-06")]


ARTICLE = """---
published: {day}
---
{text}
"""


def test_a_story_folder_is_built_and_its_timeline_days_found(tmp_path):
    tl = eval_module("t17_timelines")
    story = tmp_path / "t17" / "harbour"
    for outlet in ("wire", "post"):
        (story / outlet).mkdir(parents=True)
    texts = {
        ("wire", "2012-03-06_1.txt"): ("2012-03-06", "Dock workers in Harbourtown walked off the job on Monday, halting "
                                                     "the port, the union said. The strike stranded dozens of ships."),
        ("post", "2012-03-06_2.txt"): ("2012-03-06", "Harbourtown's dock workers went on strike on Monday and the port "
                                                     "stopped, union leaders said. Ships queued outside the harbour."),
        ("wire", "2012-03-09_3.txt"): ("2012-03-09", "The harbour board and the dock workers' union signed a pay deal on "
                                                     "Thursday, ending the strike, the board said."),
    }
    for (outlet, name), (day, text) in texts.items():
        (story / outlet / name).write_text(ARTICLE.format(day=day, text=text), encoding="utf-8")
    (story / "gold").mkdir()
    (story / "gold" / "wire.json").write_text(json.dumps([[["2012-03-05", ["Dock workers strike."]],
                                                            ["2012-03-08", ["A pay deal ends the strike."]]]]))
    result = tl.measure(tmp_path / "t17", ["harbour"], None, tmp_path / "stores", workers=1)
    (row,) = result["timelines"]
    assert (row["story"], row["outlet"], row["gold_days"]) == ("harbour", "wire", 2)
    # the strike (Monday 5 March, two outlets) and the deal (Thursday 8 March) are the timeline's days
    assert row["events"]["f1"] == 100.0
    # publication days (6 and 9 March) are never the days things happened
    assert row["publication"]["f1"] == 0.0
    assert (tmp_path / "stores" / "harbour.db").exists()
