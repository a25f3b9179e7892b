"""Labelled dated pairs from the made-up multi-outlet stories of tests/data/stories (written by
this team, in our own words), for eval/fit_merge.py: ECB+ has no dates, so these pairs are where
the model learns what a shared day, a nested span or days apart say.

Each story goes through the real pipeline (tracker.pipeline.build in a store thrown away); each
labelled sentence is matched to its mention (eval.made_up_stories.match); every pair of matched
mentions within one story is a labelled pair (positive: same gold event). The story's articles
are grouped into incidents (tracker.merge.groups) with their publication days, as a build would.
"""

from __future__ import annotations

import tempfile
from itertools import combinations
from pathlib import Path

from tracker.merge.features import View, views
from tracker.merge.groups import GroupParams, group_window

STORIES = Path(__file__).resolve().parents[1] / "tests" / "data" / "stories"


def story_views(root: Path = STORIES, params: GroupParams | None = None) -> list[tuple[str, list[View], list[str]]]:
    """(story name, views of its labelled mentions, their gold event labels) per story; params:
    how articles are grouped (the shipped model's when None)."""
    from eval.made_up_stories import load_stories, match
    from tracker.pipeline import build
    from tracker.query import read_events
    from tracker.store import open_store

    out = []
    for story in load_stories(root):
        with tempfile.TemporaryDirectory(prefix="tracker-fit-") as tmp:
            store = Path(tmp) / "story.db"
            build([story.folder], store)
            events = read_events(store)
            with open_store(store) as opened:
                stored = list(opened.articles())
        bodies = {a.id: a.body for a in stored}
        groups = story_groups(stored, params)
        found = {}
        for m in match(story, events):
            if m.mention is not None:
                found.setdefault(m.mention.id, (m.mention, m.label.event))
        mentions = [mention for mention, _ in found.values()]
        out.append((story.name, views(mentions, bodies, groups=groups), [label for _, label in found.values()]))
    return out


def story_groups(articles, params: GroupParams | None) -> dict[str, str]:
    """Article id -> article group of a story's stored articles (title and body, publication span)."""
    return dict(group_window(articles, params).of)


def story_pairs(stories: list[tuple[str, list[View], list[str]]]) -> tuple[list[tuple[View, View]], list[bool]]:
    pairs, labels = [], []
    for _, found, events in stories:
        for i, j in combinations(range(len(found)), 2):
            pairs.append((found[i], found[j]))
            labels.append(events[i] == events[j])
    return pairs, labels
