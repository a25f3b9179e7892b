"""Merging hand-made mentions with the learned pair model: the same happening in other words
merges, other happenings stay apart, undated clauses are context (never events of their own)."""

import hashlib
import random
from dataclasses import replace
from datetime import date, timedelta

from tracker.merge import candidate_pairs, explain, format_explanation, merge
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
    assert {PRESS_A, PRESS_C} <= set(press.mentions)  # "press conference" ~ "told reporters", one day, one doer
    assert press.time == day(6)
    assert "Turin" in press.places and press.actors[0] == "Jane Doe"
    for other in (SPOKESMAN, NEXT_WEEK):  # another doer the same day, the same words a week later
        assert other not in press.mentions
    assert not any(UNDATED in e.mentions for e in events)  # no time of its own: context, not an event


def test_undated_clauses_are_context_never_events():
    vague = mention("Doe said the plan was sound.", None, trigger="say", article="i")
    late = mention("Speaking at a press conference in Turin, Doe said pensions were safe.", None, places=("Turin",),
                   trigger="press conference", article="j", published=TimeValue.day(date(2024, 6, 1)))
    events = merge([PRESS_A, TOUR, vague, late])
    assert all(e.time is not None for e in events)
    assert not {vague.id, late.id} & {m.id for e in events for m in e.mentions}

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


def test_candidates_come_from_a_sweep_over_time_not_all_pairs():
    from tracker.merge.features import views

    many = [mention(f"Doe spoke in hall {n} on day {n}.", TimeValue.day(date(2024, 1, 1) + timedelta(days=n)), article=f"x{n}") for n in range(120)]
    pairs = candidate_pairs(views(many, {}))
    assert len(pairs) <= 2 * len(many)  # neighbours within the slack, not 120 * 119 / 2
    assert all(abs((many[i].time.start - many[j].time.start).days) <= 1 for i, j in pairs)

def test_explain_lists_merged_pairs_and_near_misses():
    from tracker.merge.features import views

    pool = views(ALL, {})
    events = merge(ALL, pool)
    press = next(e for e in events if PRESS_A in e.mentions)
    expl = explain(press, pool)
    n = len(press.mentions)
    assert len(expl.merged) == n * (n - 1) // 2 and all(p.parts for p in expl.merged)
    near = {p.right.id for p in expl.near_misses}
    assert SPOKESMAN.id in near and NEXT_WEEK.id not in near  # a week later is never a candidate
    text = format_explanation(expl)
    assert press.id in text and "near misses" in text and "article_cos" in text

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
    a = mention("Tarvo has ruled out talks on March 4.", day(4), subject="tarvo", actors=(city,), trigger="rule out", article="a")
    b = mention("Doe said she would negotiate with Tarvo in Rome on March 6.", day(6), actors=(DOE, city), places=("Rome",), article="b")
    c = mention("Doe toured a factory in Tarvo on March 5.", day(5), places=("Tarvo",), trigger="tour", article="c")
    events = {e.mentions[0].id: e for e in merge([a, b, c])}
    assert events[a.id].actors == ("Tarvo",)
    assert "Tarvo" not in events[b.id].actors and "Tarvo" in events[c.id].places


def test_outlets_a_day_apart_on_one_action_give_one_event_with_the_conflict():
    a = mention("Ferry crews walked off the job on Monday, stranding islanders.", day(4), subject=None, actors=(), trigger="walk off", article="a")
    b = mention("Ferry crews walked off the job on Tuesday, stranding islanders on the coast.", day(5), subject=None, actors=(), trigger="walk off", article="b")
    c = mention("The ferry walkout, which began on Monday, stranded islanders.", day(4), subject=None, actors=(), trigger="walkout", article="c")
    (event,) = merge([a, b, c])
    assert event.time == day(4)  # two outlets against one
    (conflict,) = event.conflicts
    assert dict(conflict.sides)["2024-03-05"] == ("b",)


def test_an_article_that_tells_both_days_keeps_them_two_happenings():
    a = mention("Ferry crews walked off the job on Monday, stranding islanders.", day(4), subject=None, actors=(), trigger="walk off", article="a")
    b = mention("Ferry crews walked off the job again on Tuesday, stranding islanders.", day(5), subject=None, actors=(), trigger="walk off", article="a")
    assert len(merge([a, b])) == 2
    far = mention("The ferry strike began on Thursday, stranding islanders on the coast.", day(7), subject=None, actors=(), trigger="strike", article="b")
    assert len(merge([a, far])) == 2  # more than a day apart: two strikes, not a dispute


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




def test_a_written_date_outweighs_weekdays_counted_from_guessed_publication_days():
    """Two undated pages whose publication day was only inferred say "on Friday" (which moves
    with the guess); a page dated by its own words says "March 6": the event keeps March 6, and
    the weekdays stay on record as the other side of the dispute."""
    from tracker.merge.event import event_time

    written = mention("The council voted on March 6 to close the bridge.", day(6), article="a", trigger="vote")
    guessed = [
        mention(f"The council voted on Friday to close the bridge ({n}).", day(8), article=n, trigger="vote",
                published=TimeValue.day(date(2024, 3, 9)), published_inferred=True)
        for n in ("b", "c")
    ]
    guessed = [replace(m, time_text="Friday") for m in guessed]
    written = replace(written, time_text="March 6")
    time, agree, conflicts = event_time([written, *guessed])
    assert time == day(6) and [m.article_id for m in agree] == ["a"]
    (conflict,) = conflicts
    assert dict(conflict.sides)["2024-03-08"] == ("b", "c")
    # the same weekdays from pages whose day was read on the page outvote the one written date
    read = [replace(m, published_inferred=False) for m in guessed]
    assert event_time([written, *read])[0] == day(8)


def test_one_article_telling_the_days_happenings_in_turn_keeps_them_apart():
    """A report that tells several happenings of one day, one after another, gives one event per
    happening: one article and one day are no evidence of one happening (the pair weights are
    fitted with the real stories' dated pairs counting more than ECB+'s undated ones,
    eval/fit_events.py). The same happening told twice in one article is still one event."""

    def told(sentence, trigger, start, weekday, d):
        return replace(mention(sentence, day(d), subject=None, actors=(), trigger=trigger, article="r"),
                       sentence_start=start, time_text=weekday)

    days = [
        (told("Hospital officials on Sunday confirmed that the former mayor's remains had been identified.", "confirm", 0, "Sunday", 3),
         told("Officials said on Sunday that samples from 240 families had been collected so far.", "say", 150, "Sunday", 3)),
        (told("The airline on Monday cancelled another 900 flights as its crew system stayed down.", "cancel", 300, "Monday", 4),
         told("Its chief executive said on Monday that the worst would be over within two days.", "say", 450, "Monday", 4)),
        (told("Divers on Tuesday recovered the second flight recorder from the lake.", "recover", 600, "Tuesday", 5),
         told("Investigators on Tuesday began reading the data from the first recorder.", "begin", 750, "Tuesday", 5)),
    ]
    for first, second in days:
        assert events_of(merge([first, second])) == sorted([[first.sentence], [second.sentence]])
    detained = told("Police on Monday detained two contractors linked to the flats that collapsed.", "detain", 900, "Monday", 4)
    custody = told("The two builders were taken into custody on Monday over the collapse, police said.", "take", 1050, "Monday", 4)
    assert events_of(merge([detained, custody])) == [sorted([detained.sentence, custody.sentence])]


def test_similar_name_pairs_are_those_a_pair_by_pair_comparison_finds():
    """identity.similar_pairs scores all pairs in blocks of rows; over more names than one block
    it finds exactly the pairs that comparing each pair finds."""
    import random

    from rapidfuzz import fuzz

    from tracker.merge import identity
    from tracker.merge.rule import skeleton

    rng = random.Random(5)
    parts = ["ka", "lo", "vrin", "dra", "mir", "sel", "tor", "ov", "enko", "y", "ie", "kh"]
    names = sorted({"".join(rng.choice(parts) for _ in range(rng.randint(2, 4))) for _ in range(900)})
    assert len(names) > identity.BLOCK
    for cutoff in (identity.PERSON_SIMILAR, identity.PLACE_SIMILAR):
        brute = [(i, j) for i in range(len(names)) for j in range(i + 1, len(names))
                 if fuzz.ratio(skeleton(names[i]), skeleton(names[j])) >= cutoff]
        assert sorted(identity.similar_pairs(names, cutoff)) == brute
        assert brute  # the made-up names do hold near-spellings


def test_the_merge_reads_each_pairs_article_cosine_from_one_pass_over_its_articles():
    """The linkage takes the article cosine of each mention pair from one batched pass
    (merging._article_cosines), the value pair_features works out alone, pair for pair and in
    order, for a window's list of views and for attach's views by position (with gaps)."""
    from tracker.merge import features as F
    from tracker.merge.article import article_cosine
    from tracker.merge.merging import _article_cosines

    bodies = {m.article_id: f"{m.sentence} The cabinet met in Rome. Taxes and pensions were discussed." for m in ALL}
    bodies["d"] = "Floods hit villages near Genoa. Doe toured them by boat."
    found = F.views(ALL, bodies)
    pairs = [(i, j) for i in range(len(found)) for j in range(i + 1, len(found))]
    expected = [article_cosine(found[i].article, found[j].article) for i, j in pairs]
    assert _article_cosines(found, pairs).tolist() == expected
    assert len(set(expected)) > 3
    by_position = {2 * k + 1: view for k, view in enumerate(found)}  # attach: positions with gaps
    spread = [(2 * i + 1, 2 * j + 1) for i, j in pairs]
    assert _article_cosines(by_position, spread).tolist() == expected
    assert [F.pair_features(found[i], found[j], c) for (i, j), c in zip(pairs, expected)] == [F.pair_features(found[i], found[j]) for i, j in pairs]
    # without its article's body a mention's vector is its sentence's: two of one article differ
    bare = F.views([PRESS_A, replace(PRESS_C, article_id="a"), TOUR], {})
    assert bare[0].mention.article_id == bare[1].mention.article_id and bare[0].article != bare[1].article
    pairs = [(0, 1), (0, 2), (1, 2)]
    assert _article_cosines(bare, pairs).tolist() == [article_cosine(bare[i].article, bare[j].article) for i, j in pairs]


def test_a_merge_leaves_the_cycle_collector_as_it_found_it():
    """The linkage runs with the objects alive before it frozen (merging._heap_frozen): after the
    merge nothing is left frozen, and a caller's own frozen objects stay frozen."""
    import gc

    merge(ALL)
    assert gc.get_freeze_count() == 0
    gc.freeze()
    try:
        kept = gc.get_freeze_count()
        events = merge(ALL)
        assert gc.get_freeze_count() == kept
    finally:
        gc.unfreeze()
    assert events_of(events) == events_of(merge(ALL))


def test_an_append_returns_an_untouched_stored_event_as_stored_and_builds_a_changed_one_again(monkeypatch):
    """attach (an append into a crowded stretch) keeps stored events whole; one that no fresh
    mention joined or changed comes back as stored, never built again; one holding a mention
    that changed (its article dated anew: the same id, another day) is built again from it."""
    from tracker.merge import merging
    from tracker.merge.event import build_event
    from tracker.merge.features import views

    press, tour = build_event([PRESS_A, PRESS_C]), build_event([TOUR])
    moved = replace(TOUR, time=day(7), time_text="on March 7")
    built = []
    monkeypatch.setattr(merging, "build_event", lambda ms: built.append({m.id for m in ms}) or build_event(ms))
    pool = [PRESS_A, PRESS_C, moved]
    events = merging.attach(pool, {moved.id}, [press, tour], views(pool, {}))
    assert press in events and built == [{TOUR.id}]
    (again,) = [e for e in events if TOUR.id in {m.id for m in e.mentions}]
    assert again.time == day(7) and again.mentions == (moved,)
