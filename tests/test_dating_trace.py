"""eval/dating_trace.py: how each undated page of a story got its day, on a story we wrote."""

from __future__ import annotations

from tests.evalmods import eval_module

READ = ("Published March 15, 2024\n\nFerry crews in Harbourtown walked out on Tuesday over pay, "
        "stranding thousands of travellers at the quay, the harbour board said.")
UNDATED = "Ferry crews in Harbourtown walked out on Tuesday over pay, stranding travellers at the quay."


def test_the_trace_shows_each_page_s_day_and_why_the_undated_one_got_its_own(tmp_path):
    story = tmp_path / "ferry-strike"
    (story / "pages").mkdir(parents=True)
    (story / "pages" / "read.txt").write_text(READ, encoding="utf-8")
    (story / "pages" / "undated.txt").write_text(UNDATED, encoding="utf-8")
    (story / "pages.tsv").write_text("file\turl\toutlet\tpublished\n"
                                     "read.txt\t\tHarbour Post\t2024-03-15\n"
                                     "undated.txt\t\tQuay News\t2024-03-12\n", encoding="utf-8")  # fmt: skip
    lines = eval_module("dating_trace").trace(story, ["undated"], 3)
    read = next(line for line in lines if " read " in line)
    undated = next(line for line in lines if " undated " in line)
    assert read.startswith("ok") and "got 2024-03-15" in read and read.endswith("read")
    # dated in each round on the Tuesday its neighbour tells, near the neighbour's day
    assert undated.startswith("ok") and "got 2024-03-12" in undated and "2024-03-12 (near 2024-03-15)" in undated
    cheapest = next(line for line in lines if "cost" in line)
    assert cheapest.split()[0] == "2024-03-12" and "fresh from 'Tuesday'" in cheapest
