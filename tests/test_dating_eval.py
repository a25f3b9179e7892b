"""The dating's evaluation tools: eval/dating_cost.py (which pages' inferred days are off, and by
how many days) and eval/dating_trace.py (how each page got its day).

The story here is written by us in the shape of ../shared/data/real-stories (pages.tsv beside a
pages/ folder): one page with its own dateline, one that names only a weekday.
"""

from __future__ import annotations

from tests.evalmods import eval_module

READ = ("Published March 15, 2024\n\nFerry crews in Harbourtown walked out on Tuesday over pay, "
        "stranding thousands of travellers at the quay, the harbour board said.")
UNDATED = "Ferry crews in Harbourtown walked out on Tuesday over pay, stranding travellers at the quay."


def _story(tmp_path, undated_true: str):
    story = tmp_path / "ferry-strike"
    (story / "pages").mkdir(parents=True)
    (story / "pages" / "read.txt").write_text(READ, encoding="utf-8")
    (story / "pages" / "undated.txt").write_text(UNDATED, encoding="utf-8")
    (story / "pages.tsv").write_text("file\turl\toutlet\tpublished\n"
                                     "read.txt\t\tHarbour Post\t2024-03-15\n"
                                     f"undated.txt\t\tQuay News\t{undated_true}\n", encoding="utf-8")  # fmt: skip
    return story


def test_a_page_dated_a_week_off_is_found_with_its_days_off(tmp_path):
    # the undated page is put on the Tuesday its neighbour tells (12 March); its true day is a week later
    cost = eval_module("dating_cost")
    assert cost.errors(_story(tmp_path, "2024-03-19")) == {"undated.txt": -7}


def test_a_page_dated_right_or_a_day_early_is_not_off(tmp_path):
    cost = eval_module("dating_cost")
    assert cost.errors(_story(tmp_path / "a", "2024-03-12")) == {}
    assert cost.errors(_story(tmp_path / "b", "2024-03-13")) == {}  # a day early counts as right
    assert cost.errors(_story(tmp_path / "c", "2024-03-14")) == {"undated.txt": -2}


def test_ranges_of_days_off_hold_either_way():
    off = eval_module("dating_cost").Off
    week = off.parse("5-8")
    assert week.holds(7) and week.holds(-5) and not week.holds(4) and not week.holds(9)
    far = off.parse("5-")
    assert far.holds(30) and far.holds(-5) and not far.holds(4)
    assert str(far) == "5-" and str(week) == "5-8"


def test_the_trace_shows_each_page_s_day_and_why_the_undated_one_got_its_own(tmp_path):
    lines = eval_module("dating_trace").trace(_story(tmp_path, "2024-03-12"), ["undated"], 3)
    read = next(line for line in lines if " read " in line)
    undated = next(line for line in lines if " undated " in line)
    assert read.startswith("ok") and "got 2024-03-15" in read and read.endswith("read")
    # dated in each round on the Tuesday its neighbour tells, near the neighbour's day
    assert undated.startswith("ok") and "got 2024-03-12" in undated and "2024-03-12 (near 2024-03-15)" in undated
    cheapest = next(line for line in lines if "cost" in line)
    assert cheapest.split()[0] == "2024-03-12" and "fresh from 'Tuesday'" in cheapest
