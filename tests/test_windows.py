"""The merge's time windows (tracker/merge/windows.py): parts of the candidate graph, and a merge
window by window that gives the events of one run over everything (mentions we wrote)."""

from __future__ import annotations

from tests.test_merge import ALL, BACKGROUND, PRESS_A, SPOKESMAN, TOUR, events_of, mention
import random
from datetime import date, timedelta

from tracker.merge import merge
from tracker.merge.windows import as_pairs, pair_list, window_pairs, windows
from tracker.types import TimeValue


def test_windows_are_the_parts_no_pair_joins():
    assert windows(5, [(0, 1), (1, 2), (3, 4)]) == [[0, 1, 2], [3, 4]]
    assert windows(4, [(2, 3)]) == [[0], [1], [2, 3]]
    assert windows(6, as_pairs([(3, 5), (0, 4), (4, 5)])) == [[0, 3, 4, 5], [1], [2]]
    assert windows(0, []) == [] and window_pairs([], []) == []
    assert _lists(window_pairs([[0, 1, 2], [3, 4]], [(0, 1), (1, 2), (3, 4)])) == [[(0, 1), (1, 2)], [(0, 1)]]
    assert _lists(window_pairs([[0, 3], [1, 2]], [(0, 3), (1, 2)])) == [[(0, 1)], [(0, 1)]]


def _lists(found) -> list[list[tuple[int, int]]]:
    return [pair_list(pairs) for pairs in found]


def test_windows_and_their_pairs_match_a_plain_union_find_on_random_graphs():
    """The array path (connected components, one sort by window) against the plain reference:
    the same windows, and in each the same pairs renumbered, in the same (sorted) order."""
    rng = random.Random(11)
    for _ in range(60):
        n = rng.randint(1, 40)
        pairs = sorted({tuple(sorted(rng.sample(range(n), 2))) for _ in range(rng.randint(0, 2 * n))} if n > 1 else set())
        parts = _reference_windows(n, pairs)
        assert windows(n, as_pairs(pairs)) == parts
        where = {item: (w, k) for w, part in enumerate(parts) for k, item in enumerate(part)}
        expected = [[] for _ in parts]
        for i, j in pairs:
            expected[where[i][0]].append((where[i][1], where[j][1]))
        assert _lists(window_pairs(parts, as_pairs(pairs))) == expected


def _reference_windows(n: int, pairs) -> list[list[int]]:
    label = list(range(n))
    for _ in range(n):  # relax until stable: each item takes the smallest label it reaches
        for i, j in pairs:
            label[i] = label[j] = min(label[i], label[j])
    parts: dict[int, list[int]] = {}
    for i in range(n):
        parts.setdefault(label[i], []).append(i)
    return sorted(parts.values(), key=lambda part: part[0])


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


def test_candidate_pairs_as_an_array_are_the_pairs_of_the_plain_sweep():
    """The array sweep against the plain one (a set of tuples, sorted) on a crowded stretch: more
    than MAX_ACTIVE spans at once, so each mention keeps its NEAREST in meaning and its article's."""
    import numpy as np

    from tracker.merge.article import article_vector
    from tracker.merge.features import View
    from tracker.merge.merging import MAX_ACTIVE, candidate_array, candidate_pairs

    rng = np.random.default_rng(5)
    found = []
    for n in range(MAX_ACTIVE + 60):
        day = TimeValue.day(date(2024, 5, 1) + timedelta(days=int(rng.integers(0, 3))))
        m = mention(f"Report {n} on the harbour strike.", day, article=f"a{n % 40}")
        vector = rng.normal(size=16).astype(np.float32)
        found.append(View(m, vector / np.linalg.norm(vector), None, None, article_vector(""), frozenset()))
    pairs = candidate_array(found)
    assert pairs.dtype == np.int32 and pairs.shape[1] == 2
    assert pair_list(pairs) == candidate_pairs(found) == _reference_pairs(found)
    assert len(pairs) < len(found) * (len(found) - 1) // 2  # the crowded stretch kept the nearest


def _reference_pairs(found) -> list[tuple[int, int]]:
    import numpy as np

    from tracker.merge.merging import MAX_ACTIVE, NEAREST, SLACK_DAYS

    order = sorted(range(len(found)), key=lambda i: (found[i].mention.time.start, found[i].mention.id))
    active: list[int] = []
    pairs: set[tuple[int, int]] = set()
    for i in order:
        start = found[i].mention.time.start
        active = [j for j in active if found[j].mention.time.end + timedelta(days=SLACK_DAYS) >= start]
        keep = active
        if len(active) > MAX_ACTIVE:
            sims = np.array([float(found[j].sentence @ found[i].sentence) for j in active])
            keep = [active[k] for k in np.argsort(-sims, kind="stable")[:NEAREST]]
            keep += [j for j in active if found[j].mention.article_id == found[i].mention.article_id]
        pairs.update((min(i, j), max(i, j)) for j in keep)
        active.append(i)
    return sorted(pairs)
