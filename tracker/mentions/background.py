"""Clauses that are the background of their own sentence, not reports of a happening.

A sentence that tells a newer happening often dates an older one beside it ("opened an inquiry on
Thursday into the spill of last Sunday"): the older clause is why the news is news, not news of its
own, and an event made of it holds a sentence the other outlets file under the newer happening.
Such a mention is marked `background`, and the merge never compares it (tracker.merge.merging.
candidate); it stays context of its article. How many days older counts is data
(events.yaml `older_in_sentence_days`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from tracker.types import Mention


def older_in_sentence(mentions: Sequence[Mention], days: int) -> list[Mention]:
    """The mentions, each dated `days` or more before another dated mention of its own sentence
    marked background: the sentence tells the newer happening, the older one is its background
    ("opened an inquiry on Thursday into the spill of last Sunday": the spill). A clause dated
    after the article's publication tells no newer happening ("called off next week's strike":
    the calling off is the news). Off at 0 days."""
    if days <= 0:
        return list(mentions)
    latest: dict[int, date] = {}
    for m in mentions:
        if m.time_from == "own" and m.time is not None and not _ahead(m):
            latest[m.sentence_start] = max(latest.get(m.sentence_start, m.time.start), m.time.start)
    gap = timedelta(days=days)
    return [replace(m, background=True) if _older(m, latest, gap) else m for m in mentions]


def _ahead(m: Mention) -> bool:
    return m.published is not None and m.time.start > m.published.end


def _older(m: Mention, latest: dict[int, date], gap: timedelta) -> bool:
    return m.time_from == "own" and m.time is not None and m.time.end + gap <= latest.get(m.sentence_start, m.time.end)
