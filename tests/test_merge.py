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


def _person(name, role=None):
    return Actor(name, name.split()[-1].lower(), "PERSON", role)


def test_spelling_variants_across_outlets_become_one_actor_with_one_name():
    kov_a = _person("Olena Kovalenko", "Foreign Minister")
    kov_b = _person("Olena Kowalenko")
    other = _person("Petro Kovalenka")  # similar surname, other first name: another person
    a = mention("Olena Kovalenko met the envoy in Odesa on March 6.", day(6), subject="kovalenko", actors=(kov_a,), places=("Odesa",), trigger="meet", article="a", headline="Olena Kovalenko met the envoy in Odesa")
    b = mention("Olena Kovalenko spoke in Odessa on March 5.", day(5), subject="kovalenko", actors=(kov_a,), places=("Odessa",), trigger="say", article="b")
    c = mention("Kowalenko told reporters in Odessa on March 6 that the envoy was welcome.", day(6), subject="kowalenko", actors=(kov_b,), places=("Odessa",), trigger="tell reporter", article="c", headline="Olena Kowalenko told reporters")
    d = mention("Petro Kovalenka opened a bridge in Lviv on March 6.", day(6), subject="kovalenka", actors=(other,), places=("Lviv",), trigger="open", article="d")
    events = merge([a, b, c, d])
    names = {n for e in events for n in e.actors}
    assert "Olena Kovalenko" in names and "Olena Kowalenko" not in names and "Petro Kovalenka" in names
    places = {p for e in events for p in e.places}
    assert "Odessa" in places and "Odesa" not in places and "Lviv" in places  # the more frequent spelling wins
    (met,) = [e for e in events if a.id in {m.id for m in e.mentions}]
    assert met.title == "Olena Kovalenko met the envoy in Odessa"  # the headline speaks the common names
    told = next(e for e in events if c.id in {m.id for m in e.mentions})
    assert told.title.startswith("Olena Kovalenko") and all(m.subject == "kovalenko" for m in told.mentions if m.id == c.id)


def test_a_place_the_tagger_took_for_a_person_is_an_actor_only_as_subject():
    city = Actor("Tarvo", "tarvo", "PERSON", None)  # "Tarvo has ruled out ..." read as a person
    a = mention("Tarvo has ruled out talks.", None, subject="tarvo", actors=(city,), trigger="rule out", article="a")
    b = mention("Doe said she would negotiate with Tarvo in Rome on March 6.", day(6), actors=(DOE, city), places=("Rome",), article="b")
    c = mention("Doe toured a factory in Tarvo on March 5.", day(5), places=("Tarvo",), trigger="tour", article="c")
    events = {e.mentions[0].id: e for e in merge([a, b, c])}
    assert events[a.id].actors == ("Tarvo",)
    assert "Tarvo" not in events[b.id].actors and "Tarvo" in events[c.id].places


def test_undated_mentions_of_two_outlets_merge_on_a_shared_quote_only():
    pub = TimeValue.day(date(2024, 3, 8))
    a = mention("Doe accused Roe of making “knowingly unacceptable” proposals.", None, actors=(DOE, ROE), trigger="proposal", article="a", quote="knowingly unacceptable", published=pub)
    b = mention("Jane Doe rejected the offer, accusing Roe of “making knowingly unacceptable proposals.”", None, actors=(DOE, ROE), trigger="reject", article="b", quote="making knowingly unacceptable proposals", published=pub)
    c = mention("Doe rejected the offer of a tax cut.", None, trigger="reject", article="c", published=pub)
    far = mention("Doe accused Roe of making “knowingly unacceptable” proposals.", None, actors=(DOE, ROE), trigger="proposal", article="z", quote="knowingly unacceptable", published=TimeValue.day(date(2024, 9, 1)))
    events = merge([a, b, c, far])
    assert sorted(events_of(events)) == sorted([sorted([a.sentence, b.sentence]), [c.sentence], [far.sentence]])
    assert all(e.time is None for e in events)


def test_undated_mention_attaches_to_the_event_held_at_its_scene():
    forum = mention("Doe addressed the forum in Genoa on March 8.", TimeValue.day(date(2024, 3, 8)), places=("Genoa",), trigger="forum", article="a")
    forum2 = mention("At the Genoa forum on Friday, Doe spoke about ports.", TimeValue.day(date(2024, 3, 8)), places=("Genoa",), trigger="forum", article="b")
    press = mention("Doe said at a press conference in Turin on March 6 that she would go to Genoa.", day(6), places=("Turin", "Genoa"), trigger="press conference", article="c")
    press2 = mention("Doe told reporters in Turin on March 6 that taxes would fall.", day(6), places=("Turin",), trigger="tell reporter", article="d")
    press3 = mention("Doe spoke at her Turin briefing on March 6.", day(6), places=("Turin",), trigger="briefing", article="e")
    undated = mention("Doe went further in Genoa, declaring the port would be sold.", None, places=("Genoa",), trigger="go", article="f")
    events = merge([forum, forum2, press, press2, press3, undated])
    (home,) = [e for e in events if undated.id in {m.id for m in e.mentions}]
    assert forum.id in {m.id for m in home.mentions}
    expl = explain(home, [forum, forum2, press, press2, press3, undated])
    assert any("attached undated" in line for line in expl.attachments)


def test_outlets_a_day_apart_on_one_action_give_one_event_with_the_conflict():
    a = mention("Ferry crews walked off the job on Monday, stranding islanders.", day(4), subject=None, actors=(), trigger="walk off", article="a")
    b = mention("The ferry strike began on Tuesday, stranding islanders on the coast.", day(5), subject=None, actors=(), trigger="strike", article="b")
    c = mention("The ferry walkout, which began on Monday, stranded islanders.", day(4), subject=None, actors=(), trigger="walkout", article="c")
    (event,) = merge([a, b, c])
    assert event.time == day(4)  # two outlets against one
    (conflict,) = event.conflicts
    assert dict(conflict.sides)["2024-03-05"] == ("b",)
    assert any("date disputed" in e for e in event.evidence)


def test_an_article_that_tells_both_days_keeps_them_two_happenings():
    a = mention("Ferry crews walked off the job on Monday, stranding islanders.", day(4), subject=None, actors=(), trigger="walk off", article="a")
    b = mention("Ferry crews walked off the job again on Tuesday, stranding islanders.", day(5), subject=None, actors=(), trigger="walk off", article="a")
    assert len(merge([a, b])) == 2
    far = mention("The ferry strike began on Thursday, stranding islanders on the coast.", day(7), subject=None, actors=(), trigger="strike", article="b")
    assert len(merge([a, far])) == 2  # more than a day apart: two strikes, not a dispute


def test_undated_definite_reference_attaches_within_its_article_only():
    signed = mention("The union and the board signed a wage agreement on Saturday.", day(2), subject=None, actors=(), trigger="agreement", article="a")
    back = mention("Union leader Jane Doe called the deal a victory.", None, trigger="deal", article="a")
    general = mention("Jane Doe said any future deal must protect jobs.", None, trigger="deal", article="a")
    events = merge([signed, back, general])
    (dated,) = [e for e in events if e.time]
    assert {m.id for m in dated.mentions} == {signed.id, back.id}


def test_two_parties_of_one_hearing_are_not_different_doers_but_two_speakers_are():
    from tracker.merge.rule import SUBJECT_DIFFERENT, SUBJECT_IN_OTHER, subject_part

    asked = mention("At the hearing, Rick Roe asked Doe why the firm had waited.", day(6), subject="roe", actors=(ROE, DOE), trigger="hearing")
    admitted = mention("At Wednesday's hearing, Jane Doe admitted the fault.", day(6), subject="doe", trigger="hearing", article="b")
    assert subject_part(asked, admitted) == SUBJECT_IN_OTHER
    briefing = mention("Rick Roe told reporters that Doe would travel.", day(6), subject="roe", actors=(ROE, DOE), trigger="briefing")
    speech = mention("Jane Doe said in a speech that the firm had waited.", day(6), subject="doe", trigger="speech", article="b")
    assert subject_part(briefing, speech) == SUBJECT_DIFFERENT  # a spokesman's briefing is not her speech


def test_the_one_it_was_done_to_and_the_one_who_did_it_are_not_different_doers():
    from tracker.merge.rule import SUBJECT_DIFFERENT, SUBJECT_PASSIVE_OTHER, subject_part

    sentenced = mention("Jane Doe was sentenced to seven years on Friday.", day(8), subject="doe", trigger="sentence", subject_passive=True)
    jailed = mention("Judge Rick Roe jailed her for seven years.", day(8), subject="roe", actors=(ROE,), trigger="jail", article="b")
    assert subject_part(sentenced, jailed) == SUBJECT_PASSIVE_OTHER > SUBJECT_DIFFERENT
    fined = mention("Jane Doe fined the firm on Friday.", day(8), subject="doe", trigger="fine", article="c")
    assert subject_part(jailed, fined) == SUBJECT_DIFFERENT  # both did something: two doers


def test_two_towns_evacuated_the_same_day_are_two_evacuations():
    kw = dict(subject=None, actors=())
    a = mention("Deputies evacuated Marn Hollow on Friday.", day(8), places=("Marn Hollow",), trigger="evacuate", article="a", **kw)
    b = mention("Marn Hollow was emptied on Friday as the fire spread.", day(8), places=("Marn Hollow",), trigger="empty", article="b", **kw)
    c = mention("The Tessel evacuation order, issued on Friday, remains in place.", day(8), places=("Tessel",), trigger="evacuation order", article="c", **kw)
    assert events_of(merge([a, b, c])) == sorted([sorted([a.sentence, b.sentence]), [c.sentence]])


def test_an_undated_scene_noun_attaches_to_its_own_articles_event_despite_other_doers():
    roe = mention("Jane Doe apologised at a hearing in Turin on Wednesday.", day(6), places=("Turin",), trigger="hearing", article="a")
    doe = mention("At Wednesday's hearing, Jane Doe admitted the fault.", day(6), trigger="hearing", article="b")
    she = mention("On Wednesday she was questioned for four hours.", day(6), trigger="question", article="c")  # below 0 with "back"
    back = mention("At the hearing, Rick Roe asked Doe why the firm had waited.", None, subject="roe", actors=(ROE, DOE), trigger="hearing", article="a")
    elsewhere = mention("At a hearing next month, Rick Roe will ask more.", None, subject="roe", actors=(ROE,), trigger="hearing", article="d")
    from tracker.merge.rule import score

    assert score(back, she).total < 0
    events = merge([roe, doe, she, back, elsewhere])
    (dated,) = [e for e in events if e.time]
    assert back.id in {m.id for m in dated.mentions} and elsewhere.id not in {m.id for m in dated.mentions}


def test_an_event_word_the_other_sentence_also_tells_does_not_disagree():
    from tracker.merge.rule import TRIGGER_ONE_TOLD, TRIGGER_OTHER_KIND, TRIGGER_SAME_WORD, score

    presser = mention("Doe rejected the results at a press conference in Turin on Tuesday.", day(5), places=("Turin",), trigger="press conference", article="a")
    rejected = mention("On March 5, Doe had rejected the results as a fraud.", day(5), trigger="reject", article="b")
    assert dict(score(presser, rejected).parts)["trigger"] == TRIGGER_ONE_TOLD
    assert len(merge([presser, rejected])) == 1
    # the same doer the same day at two scenes: "after the rally in Genoa" is another happening
    rally = mention("Doe addressed a rally in Genoa on Tuesday.", day(5), places=("Genoa",), trigger="rally", article="c")
    talks = mention("Doe held talks in Turin on Tuesday, hours after a rally in Genoa.", day(5), places=("Turin",), trigger="hold talks", article="d")
    assert dict(score(rally, talks).parts)["trigger"] == TRIGGER_OTHER_KIND and len(merge([rally, talks])) == 2
    tested = mention("Doe tested the new engine on Tuesday.", day(5), trigger="test", article="e")
    testing = mention("The testing by Doe on Tuesday went well.", day(5), trigger="testing", article="f")
    assert dict(score(tested, testing).parts)["trigger"] == TRIGGER_SAME_WORD


def test_that_evening_in_one_article_tells_a_second_happening_of_the_day():
    from dataclasses import replace

    morning = mention("Doe pleaded with mill workers on Wednesday evening to back the plan.", day(6), trigger="plead", article="k")
    evening = replace(mention("Earlier that day she had briefed fund managers in Genoa.", day(6), trigger="brief", article="k", places=("Genoa",)),
                      time_text="Earlier that day", sentence_start=80)
    assert len(merge([morning, evening])) == 2
    # the same words from another outlet are no sequence: one happening told twice still merges
    assert len(merge([mention("Doe briefed fund managers in Genoa on Wednesday.", day(6), trigger="brief", article="m", places=("Genoa",)),
                      replace(evening, time_text="Wednesday")])) == 1


def test_two_happenings_one_article_tells_in_a_row_are_never_chained_together():
    from dataclasses import replace

    families = mention("Doe met the families of the victims in Brennick on Thursday.", day(7), trigger="meet", article="k", places=("Brennick",))
    dealers = replace(mention("That evening she met angry dealers in Brennick.", day(7), trigger="meet", article="k", places=("Brennick",)),
                      time_text="That evening", sentence_start=70)
    other = mention("Doe met families and dealers in Brennick on Thursday, the ministry said.", day(7), trigger="meet", article="m", places=("Brennick",))
    events = merge([families, dealers, other])
    assert not any({families.id, dealers.id} <= {m.id for m in e.mentions} for e in events)


def test_an_undated_happening_told_before_another_does_not_attach_to_it():
    from tracker.merge.rule import score

    talks = mention("The two ministers met for talks in Genoa on March 6.", day(6), subject=None, trigger="talks", places=("Genoa",), actors=(), article="q")
    dinner = mention("Doe hosted Roe for dinner in Genoa the evening before the talks.", None, trigger="host", places=("Genoa",), actors=(DOE, ROE), article="p")
    assert dict(score(talks, dinner).parts)["sequence"] < 0
    assert [len(e.mentions) for e in merge([talks, dinner])] == [1, 1]
