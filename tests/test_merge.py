"""Merging hand-made mentions: same happening in other words merges, other happenings stay apart."""

import hashlib
import random
from datetime import date, timedelta

from tracker.merge import candidate_pairs, explain, format_explanation, merge
from tracker.merge.evaluate import evaluate, load_labelled
from tracker.types import Actor, Mention, Precision, TimeValue

PUB = TimeValue.day(date(2024, 3, 8))
DOE = Actor("Jane Doe", "doe", "PERSON", "Prime Minister")
ROE = Actor("Rick Roe", "roe", "PERSON", "spokesman")


def day(d):
    return TimeValue.day(date(2024, 3, d))


def mention(sentence, time=None, subject="doe", actors=(DOE,), places=(), trigger="say", article="a", **kw):
    return Mention(
        id=hashlib.sha1(f"{article}|{sentence}".encode()).hexdigest(),
        article_id=article, outlet=article, published=kw.pop("published", PUB), sentence=sentence, sentence_start=0,
        time_text="x" if time else None, time=time, actors=actors, places=places, trigger=trigger, subject=subject, **kw,
    )


def events_of(events):
    return sorted(sorted(m.sentence for m in e.mentions) for e in events)


PRESS_A = mention("Doe said at a press conference in Turin on March 6 that taxes would fall.", day(6), places=("Turin",), trigger="press conference", article="a", time_explicit=True)
PRESS_B = mention("Earlier this week, during her briefing in Turin, the prime minister defended the cuts.",
                  TimeValue(date(2024, 3, 4), date(2024, 3, 7), Precision.WEEK, "START"), places=("Turin",), trigger="briefing", article="b")
PRESS_C = mention("Doe told reporters on Wednesday that taxes must fall.", day(6), trigger="tell reporter", article="c")
TOUR = mention("Doe toured flooded villages near Genoa on March 6.", day(6), places=("Genoa",), trigger="tour", article="d")
SPOKESMAN = mention("Spokesman Rick Roe told journalists on March 6 that the cabinet was united.", day(6), subject="roe", actors=(ROE,), trigger="tell journalist", article="e")
NEXT_WEEK = mention("Doe said at a press conference in Turin on March 13 that taxes would fall.", TimeValue.day(date(2024, 3, 13)), places=("Turin",), trigger="press conference", article="f")
BACKGROUND = mention("Since taking office in 2024, Doe has repeatedly held press conferences in Turin.",
                     TimeValue(date(2024, 1, 1), date(2024, 12, 31), Precision.YEAR), places=("Turin",), trigger="press conference", article="g", background=True)
UNDATED = mention("Speaking at a press conference in Turin, Doe said pensions were safe.", None, places=("Turin",), trigger="press conference", article="h")
ALL = [PRESS_A, PRESS_B, PRESS_C, TOUR, SPOKESMAN, NEXT_WEEK, BACKGROUND, UNDATED]


def test_same_happening_in_other_words_merges_and_others_stay_apart():
    events = merge(ALL)
    press = next(e for e in events if PRESS_A in e.mentions)
    assert set(press.mentions) == {PRESS_A, PRESS_B, PRESS_C, UNDATED}
    assert press.time == day(6)  # the week narrowed to the day the precise mentions give
    assert set(press.sources) == {"a", "b", "c", "h"} and "Turin" in press.places
    assert press.actors[0] == "Jane Doe" and "press conference" in press.title
    for alone in (TOUR, SPOKESMAN, NEXT_WEEK, BACKGROUND):
        assert [e for e in events if alone in e.mentions][0].mentions == (alone,)


def test_undated_mention_with_no_clear_match_stays_undated():
    vague = mention("Doe said the plan was sound.", None, trigger="say", article="i")
    events = merge([PRESS_A, TOUR, vague])
    undated = [e for e in events if vague in e.mentions][0]
    assert undated.time is None and undated.mentions == (vague,)


def test_undated_mention_does_not_attach_to_an_event_long_before_publication():
    late = mention("Speaking at a press conference in Turin, Doe said pensions were safe.", None, places=("Turin",),
                   trigger="press conference", article="j", published=TimeValue.day(date(2024, 6, 1)))
    events = merge([PRESS_A, late])
    assert [e for e in events if late in e.mentions][0].time is None


def test_conflicting_dates_are_recorded_with_sides():
    a = mention("Doe and Roe signed the Turin accord at the palace in Turin on March 6.", day(6), actors=(DOE, ROE), places=("Turin",), trigger="sign", article="a", time_explicit=True)
    b = mention("Doe and Roe signed the Turin accord at the palace in Turin on March 6, officials said.", day(6), actors=(DOE, ROE), places=("Turin",), trigger="sign", article="b", time_explicit=True)
    c = mention("Doe and Roe signed the Turin accord at the palace in Turin on March 7.", day(7), actors=(DOE, ROE), places=("Turin",), trigger="sign", article="c")
    (event,) = merge([a, b, c])
    assert event.time == day(6)
    (conflict,) = event.conflicts
    assert conflict.sides == (("2024-03-06", ("a", "b")), ("2024-03-07", ("c",)))


def test_deterministic_under_shuffled_input():
    expected = [(e.id, e.time, e.title, tuple(m.id for m in e.mentions)) for e in merge(ALL)]
    rng = random.Random(7)
    for _ in range(5):
        shuffled = ALL[:]
        rng.shuffle(shuffled)
        assert [(e.id, e.time, e.title, tuple(m.id for m in e.mentions)) for e in merge(shuffled)] == expected


def test_blocking_compares_only_mentions_close_in_time():
    many = [mention(f"Doe spoke on day {n}.", TimeValue.day(date(2024, 1, 1) + timedelta(days=n)), article=f"x{n}") for n in range(300)]
    pairs = candidate_pairs(many)
    assert len(pairs) <= 2 * len(many)  # neighbours within the slack, not 300 * 299 / 2
    assert all(abs((many[i].time.start - many[j].time.start).days) <= 1 for i, j in pairs)


def test_explain_lists_merged_pairs_and_near_misses():
    events = merge(ALL)
    press = next(e for e in events if PRESS_A in e.mentions)
    expl = explain(press, ALL)
    assert len(expl.merged) == 6 and all(p.score.parts for p in expl.merged)
    near = {p.right.id for p in expl.near_misses}
    assert TOUR.id in near and SPOKESMAN.id in near and BACKGROUND.id not in near
    text = format_explanation(expl)
    assert press.id in text and "near misses" in text and "subject" in text


def test_labelled_set_meets_its_floor():
    figures = evaluate(*load_labelled())
    assert figures.bcubed[2] >= 0.9 and figures.pairwise[0] >= 0.9
