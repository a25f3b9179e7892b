"""eval/event_ceiling.py: the stored events regrouped by the gold happening each mention reports.

The regrouping is checked on mentions we made up; the whole run on one real story of
../shared/data/real-stories (skipped when the data is absent locally, failing under CI)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from tests.evalmods import SHARED_DATA, eval_module, require_shared
from tracker.merge.event import build_event
from tracker.types import Mention, TimeValue


@dataclass(frozen=True)
class _Label:
    happening: str | None
    right_time: bool
    ambiguous: bool = False


def _mention(mid: str, article: str, day: int) -> Mention:
    when = TimeValue.day(date(2025, 6, day))
    return Mention(id=mid, article_id=article, outlet="Example News", published=when,
                   sentence=f"The council voted on June {day}, report {mid}.", sentence_start=0,
                   time_text=f"June {day}", time_value=when.start.isoformat(), time=when, trigger="vote")


def test_mentions_of_one_happening_become_one_event_and_the_rest_stay_apart():
    ceiling = eval_module("event_ceiling")
    a, b, c, d, e = (_mention(m, f"art-{m}", 12) for m in "abcde")
    labels = {"a": _Label("vote", True), "b": _Label("vote", True), "c": _Label("strike", True),
              "d": _Label("vote", False), "e": _Label("vote", True, ambiguous=True)}
    # stored: {a, c} conflated, {b, d} split from a; e, a dated mention in no event
    events = [build_event([a, c]), build_event([b, d])]
    regrouped = ceiling.regroup(events, [e], labels)
    held = sorted(sorted(m.id for m in event.mentions) for event in regrouped)
    assert held == [["a", "b"], ["c"], ["d"]]  # e is ambiguous: never moved; d is on another day
    assert sorted(sorted(m.id for m in ev.mentions) for ev in ceiling.regroup(events, [], labels, keep_rest=False)) == [["a", "b"], ["c"]]
    assert sorted(sorted(m.id for m in ev.mentions) for ev in ceiling.split_conflations(events, labels)) == [["a"], ["b", "d"], ["c"]]
    # {a, c} holds two happenings: not joined; {b, d} holds one: alone, it stays as it is
    assert sorted(sorted(m.id for m in ev.mentions) for ev in ceiling.join_fragments(events, labels)) == [["a", "c"], ["b", "d"]]
    joined = ceiling.join_fragments([build_event([a]), build_event([b, d]), build_event([c])], labels)
    assert sorted(sorted(m.id for m in ev.mentions) for ev in joined) == [["a", "b", "d"], ["c"]]


def test_the_ceilings_of_a_real_story():
    story = SHARED_DATA / "real-stories" / "crowdstrike-outage-2024"
    require_shared(story, "event ceiling")
    ceiling = eval_module("event_ceiling")
    scores, counts = ceiling.story_ceilings(story)
    scorer = eval_module("real_stories").load_scorer()
    assert set(scores) == set(ceiling.CEILINGS)
    # regrouping by gold can only help what it touches: no fewer happenings, no leftovers' noise
    assert scores["clustered"] >= max(scores["conflations split"], scores["fragments joined"]) >= scores["now"]
    assert scores["dated, no leftovers"] >= scores["dated"] >= scores["candidates"] >= scores["clustered"]
    assert scores["dated, no leftovers"] < 100  # some happenings are told only where no time is written
    assert sum(counts.values()) == len(scorer.Gold(json.loads((story / "gold.json").read_text(encoding="utf-8"))).dated)
    assert counts["no mention"] > 0 and counts["right day"] > counts["no mention"]
