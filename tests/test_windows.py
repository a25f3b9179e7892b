"""The merge's time windows (tracker/merge/windows.py): parts of the candidate graph, and a merge
window by window that gives the events of one run over everything (mentions we wrote)."""

from __future__ import annotations

from tests.test_merge import ALL, BACKGROUND, PRESS_A, SPOKESMAN, TOUR, events_of, mention
from datetime import date

from tracker.merge import merge
from tracker.merge.windows import window_pairs, windows
from tracker.types import TimeValue


def test_windows_are_the_parts_no_pair_joins():
    assert windows(5, [(0, 1), (1, 2), (3, 4)]) == [[0, 1, 2], [3, 4]]
    assert windows(4, [(2, 3)]) == [[0], [1], [2, 3]]
    assert window_pairs([[0, 1, 2], [3, 4]], [(0, 1), (1, 2), (3, 4)]) == [[(0, 1), (1, 2)], [(0, 1)]]
    assert window_pairs([[0, 3], [1, 2]], [(0, 3), (1, 2)]) == [[(0, 1)], [(0, 1)]]


def test_a_merge_window_by_window_gives_the_events_of_one_run():
    """Happenings a month apart fall in different windows; each window is merged by the mapper
    (here one that records what it was given) and the events are those of a plain merge."""
    later = [
        mention("Doe opened the new harbour bridge in Turin on April 10.", TimeValue.day(date(2024, 4, 10)),
                places=("Turin",), trigger="open", article="p", time_explicit=True),
        mention("The prime minister inaugurated the harbour bridge in Turin on Wednesday.", TimeValue.day(date(2024, 4, 10)),
                places=("Turin",), trigger="inaugurate", article="q"),
    ]
    seen = []

    def mapper(function, tasks):
        seen.extend(len(views) for views, _ in tasks)
        return [function(task) for task in tasks]

    mentions = [*(m for m in ALL if m is not BACKGROUND), *later]  # a year-long span would join them
    plain = merge(mentions)
    windowed = merge(mentions, mapper=mapper)
    assert [(e.id, e.time, tuple(m.id for m in e.mentions)) for e in windowed] == \
        [(e.id, e.time, tuple(m.id for m in e.mentions)) for e in plain]
    assert len(seen) >= 2  # March and April are merged apart
    bridge = next(e for e in windowed if later[0] in e.mentions)
    assert set(bridge.mentions) == set(later)
    assert events_of(windowed) == events_of(plain) and any(PRESS_A in e.mentions for e in windowed)
    assert not any({TOUR, SPOKESMAN} <= set(e.mentions) for e in windowed)
