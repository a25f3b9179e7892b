"""Mentions from real sentences (seed text), with time expressions built by hand."""

import re
from datetime import date
from pathlib import Path

from tracker.mentions import extract_mentions
from tracker.nlp import event_lexicon
from tracker.types import Article, Precision, TimeValue, Timex

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
FRIDAY = date(2025, 9, 5)


def article(body, published=FRIDAY, aid="t"):
    return Article(aid, f"{aid}.txt", "h", "title", body, published=TimeValue.day(published) if published else None)


def timex(body, text, interval, value=None, **kw):
    start = body.index(text)
    return Timex(start, start + len(text), text, kw.pop("type", "DATE"), value, interval=interval, **kw)


def seed_paragraph(prefix, needle):
    text = next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
    return next(line for line in text.splitlines() if needle in line)


def test_peskov_speaking_to_journalists_on_friday():
    body = seed_paragraph("001", "Kremlin spokesman Dmitry Peskov has said") + "\n" + seed_paragraph("001", "Speaking to journalists on Friday")
    found = extract_mentions(article(body), [timex(body, "on Friday", TimeValue.day(FRIDAY), "2025-09-05")])
    dated = [m for m in found if m.time and m.time_from == "own"]  # the others take the article's day, softly
    assert len(dated) == 1
    m = dated[0]
    assert m.subject == "peskov" and m.time == TimeValue.day(FRIDAY)
    assert m.trigger in ("speak to journalist", "explain")
    assert m.time_text == "on Friday" and m.sentence[m.time_start :].startswith("on Friday")
    peskov = next(a for a in m.actors if a.key == "peskov")
    assert peskov.name == "Dmitry Peskov" and peskov.role == "Kremlin spokesman"
    # "the Kremlin spokesman said" resolves to the person the article named with that role
    spokesman = [x for x in found if "the Kremlin spokesman said" in x.sentence]
    assert not spokesman or spokesman[0].subject == "peskov"


def test_role_description_and_quote_resolution():
    body = (
        "Russian President Vladimir Putin met Ukrainian President Volodymyr Zelenskyy in Geneva on Sept. 3.\n"
        "“We will meet again,” the Russian president said at a press conference in Geneva on Thursday."
    )
    found = extract_mentions(article(body), [timex(body, "Sept. 3", TimeValue.day(date(2025, 9, 3)), "2025-09-03"),
                                             timex(body, "on Thursday", TimeValue.day(date(2025, 9, 4)), "2025-09-04")])
    first, second = found
    assert first.subject == "putin" and first.places == ("Geneva",)
    assert {a.role for a in first.actors} == {"Russian President", "Ukrainian President"}
    assert second.time_from == "own" and second.time == TimeValue.day(date(2025, 9, 4))
    assert second.subject == "putin" and second.trigger == "press conference"
    assert second.quote == "We will meet again"


def test_sentences_without_a_time_tell_nothing_but_teach_who_is_who():
    body = (
        "Harbour workers walked off the job in Tallinn on Monday.\n"
        "Port authority director Mara Lind met the union's negotiators for three hours.\n"
        "The talks ended without an agreement.\n"
        "Oskar Pell, who speaks for the dockers, left the building without a word.\n"
        "On Wednesday he called a second strike, and the port authority director said on Thursday "
        "that the port would stay open.\n"
        "Ships queued outside the harbour."
    )
    found = extract_mentions(article(body), [
        timex(body, "on Monday", TimeValue.day(date(2025, 9, 1)), "2025-09-01"),
        timex(body, "On Wednesday", TimeValue.day(date(2025, 9, 3)), "2025-09-03"),
        timex(body, "on Thursday", TimeValue.day(date(2025, 9, 4)), "2025-09-04"),
    ])
    # only the lead and the dated sentences tell mentions: no soft "the article's day" ones
    assert {m.time_from for m in found} == {"own"} and all("three hours" not in m.sentence and "queued" not in m.sentence for m in found)
    by_day = {m.time.start.day: m for m in found}
    # "he" is the doer of the sentence before; "the port authority director" the one named with that title
    assert by_day[3].subject == "pell" and by_day[4].subject == "lind"


def test_two_dates_in_two_clauses_give_two_mentions():
    body = "The minister spoke in Paris on Sept. 3 and held talks in Berlin on Sept. 5."
    t1 = timex(body, "Sept. 3", TimeValue.day(date(2025, 9, 3)))
    t2 = timex(body, "Sept. 5", TimeValue.day(date(2025, 9, 5)))
    found = extract_mentions(article(body), [t1, t2])
    assert [m.time.start.day for m in found] == [3, 5]
    assert found[0].places == ("Paris",) and found[1].places == ("Berlin",)
    assert len({m.id for m in found}) == 2


def test_background_and_duration_only():
    body = seed_paragraph("003", "Since the start of Russia")
    year = timex(body, "2022", TimeValue(date(2022, 1, 1), date(2022, 12, 31), Precision.YEAR), "2022", explicit=True)
    (m,) = extract_mentions(article(body), [year])
    assert m.background and m.subject == "zelensky"
    body2 = "The talks lasted four days."
    dur = timex(body2, "four days", None, "P4D", type="DURATION")
    assert extract_mentions(article(body2), [dur]) == []


def test_undated_press_conference_is_kept_without_a_date():
    body = seed_paragraph("000", "Speaking at a press conference after his China visit")
    found = extract_mentions(article(body, published=None), [])
    m = next(m for m in found if m.trigger == "press conference")
    assert m.time is None and m.time_from == "none" and m.subject == "putin"


def test_pronoun_follows_last_subject_and_ids_are_stable():
    body = seed_paragraph("004", "Volodymyr Zelenskyy has dismissed") + "\n" + seed_paragraph("004", "Zelenskyy has repeatedly accused Putin")
    t = timex(body, "Sept. 5", TimeValue.day(FRIDAY), "2025-09-05")
    found = extract_mentions(article(body), [t])
    dated = [m for m in found if m.time]
    assert dated and dated[0].subject == "zelenskyy"
    assert [m.id for m in found] == [m.id for m in extract_mentions(article(body), [t])]
    assert re.fullmatch(r"[0-9a-f]{40}", dated[0].id)


def _headlines(body, *times):
    return [m.headline for m in extract_mentions(article(body), [timex(body, text, value) for text, value in times])]


def test_headline_names_the_doer_and_keeps_the_sentence_words():
    body = seed_paragraph("004", "Ukraine’s foreign minister, Andrii Sybiha, rejected the offer")
    (m,) = extract_mentions(article(body), [])
    assert m.subject == "sybiha" and m.headline.startswith("Andrii Sybiha rejected the offer")
    body = seed_paragraph("001", "his presidential term expired last year")
    year = TimeValue(date(2024, 1, 1), date(2024, 12, 31), Precision.YEAR)
    headlines = _headlines(body, ("last year", year))
    assert "Zelensky’s presidential term expired" in headlines  # "his" is the person named before it
    body = "“We will build the bridge,” Jane Doe told the Harbour Times last month."
    month = TimeValue(date(2025, 8, 1), date(2025, 8, 31), Precision.MONTH)
    assert _headlines(body, ("last month", month)) == ["Jane Doe told the Harbour Times: We will build the bridge"]


def test_headline_resolves_pronouns_and_leaves_out_the_time():
    body = ("Mayor Jane Doe opened the new bridge over the river in Turin on Monday.\n"
            "On Tuesday, she told reporters that the old bridge would be closed for repairs.")
    found = _headlines(body, ("on Monday", TimeValue.day(date(2025, 9, 1))), ("On Tuesday", TimeValue.day(date(2025, 9, 2))))
    assert found == ["Jane Doe opened the new bridge over the river in Turin",
                     "Jane Doe told reporters that the old bridge would be closed for repairs"]
    for headline in found:
        assert all(word in body for word in headline.replace("Jane Doe", "").split())  # no invented words


def test_page_headings_are_not_mentions():
    body = "Why Foreign Minister Jane Doe Went to Geneva for Talks\nForeign Minister Jane Doe held talks in Geneva with her counterpart on Monday."
    found = extract_mentions(article(body), [timex(body, "on Monday", TimeValue.day(date(2025, 9, 1)), "2025-09-01")])
    assert [m.sentence for m in found] == ["Foreign Minister Jane Doe held talks in Geneva with her counterpart on Monday."]


def test_a_date_before_a_noun_dates_the_noun_and_the_verb_keeps_its_own():
    body = "The Supreme Court upheld the result of the Sept. 1 presidential election on Thursday, rejecting the appeal."
    thursday = TimeValue.day(date(2024, 9, 12))
    found = extract_mentions(article(body, date(2024, 9, 12)), [
        timex(body, "Sept. 1", TimeValue.day(date(2024, 9, 1)), "2024-09-01"),
        timex(body, "Thursday", thursday, "2024-09-12"),
    ])
    assert [(m.trigger, m.time) for m in found] == [("election", TimeValue.day(date(2024, 9, 1))), ("uphold", thursday)]


def test_the_occasion_names_the_happening_and_dates_are_never_event_words():
    body = ("Opposition leader Jane Doe rejected the official results at a press conference in Oslo on Tuesday.\n"
            "On March 3, the governor declared a state of emergency.\n"
            "Union leader Rick Roe held talks with the minister in Bergen on Thursday, hours after addressing dockworkers in Oslo.")
    found = extract_mentions(article(body, date(2025, 3, 7)), [
        timex(body, "Tuesday", TimeValue.day(date(2025, 3, 4)), "2025-03-04"),
        timex(body, "March 3", TimeValue.day(date(2025, 3, 3)), "2025-03-03"),
        timex(body, "Thursday", TimeValue.day(date(2025, 3, 6)), "2025-03-06"),
    ])
    by_time = {m.time_text: m for m in found}
    assert by_time["Tuesday"].trigger == "press conference"
    assert by_time["March 3"].trigger != "march"  # "March" the month is not a protest march
    talks = by_time["Thursday"]
    assert talks.trigger == "hold talks" and "Oslo" not in talks.places  # Oslo was another happening


def test_names_the_tagger_misses_are_places_after_in_and_scene_words():
    body = ("Hannah Vosberg, the chief executive of Kestrel Motors, met the families of the crash victims in Brennick on Thursday morning.\n"
            "The Ashby Fork evacuation order, issued on Friday as flames crossed Route 9, remains in place.\n"
            "Sheriff Dale Okonkwo ordered the evacuation of Ashby Fork on Saturday afternoon.")
    found = extract_mentions(article(body, date(2022, 8, 9)), [
        timex(body, "Thursday morning", TimeValue.day(date(2022, 8, 4)), "2022-08-04TMO", type="TIME"),
        timex(body, "Friday", TimeValue.day(date(2022, 8, 5)), "2022-08-05"),
        timex(body, "Saturday afternoon", TimeValue.day(date(2022, 8, 6)), "2022-08-06TAF", type="TIME"),
    ])
    by_time = {m.time_text: m for m in found}
    met = by_time["Thursday morning"]
    assert met.places == ("Brennick",) and "Brennick" not in [a.name for a in met.actors]  # tagged PERSON by the model
    assert by_time["Friday"].trigger == "evacuation order" and by_time["Friday"].places == ("Ashby Fork",)
    assert by_time["Saturday afternoon"].trigger == "evacuation" and by_time["Saturday afternoon"].places == ("Ashby Fork",)


def test_what_was_announced_or_decided_is_the_event_word():
    body = ("Tarvo Foods announced on Monday that it would recall 50,000 jars of honey.\n"
            "The council decided on Tuesday to evacuate the harbour district.\n"
            "Police ordered residents of Lintholm to leave on Wednesday.\n"
            "The minister said the ban announced the day before was too weak.\n"
            "Her lawyer announced the appeal at a press conference on Friday.\n"
            "The blaze has burned 500 acres since it began on Thursday.\n"
            "The talks began on Monday in the capital.")
    found = extract_mentions(article(body, date(2024, 5, 10)), [
        timex(body, "on Monday that", TimeValue.day(date(2024, 5, 6))),
        timex(body, "on Tuesday", TimeValue.day(date(2024, 5, 7))),
        timex(body, "on Wednesday", TimeValue.day(date(2024, 5, 8))),
        timex(body, "the day before", TimeValue.day(date(2024, 5, 8))),
        timex(body, "on Friday", TimeValue.day(date(2024, 5, 10))),
        timex(body, "on Thursday", TimeValue.day(date(2024, 5, 9))),
        timex(body, "on Monday in", TimeValue.day(date(2024, 5, 6))),
    ])
    triggers = {m.time_text: m.trigger for m in found}
    assert triggers["on Monday that"] == "recall"  # not "announce"
    assert triggers["on Tuesday"] == "evacuate"
    assert triggers["on Wednesday"] == "order leave"  # an evacuation word (events.yaml)
    assert triggers["the day before"] == "ban"  # not "be"
    assert triggers["on Friday"] == "press conference"  # the scene of the announcing, not what was announced
    assert triggers["on Monday in"] == "talks"
    assert event_lexicon().groups_of(triggers["on Thursday"]) == {"outbreak"}  # "began" or "the blaze"


def test_a_place_tagged_as_a_person_is_the_scene_of_an_evacuation():
    body = "Deputies evacuated Marn Hollow in two hours on Friday.\nMarn Hollow was emptied on Saturday, officials said."
    found = extract_mentions(article(body, date(2024, 5, 12)), [
        timex(body, "on Friday", TimeValue.day(date(2024, 5, 10))),
        timex(body, "on Saturday", TimeValue.day(date(2024, 5, 11))),
    ])
    by_time = {m.time_text: m for m in found}
    assert by_time["on Friday"].places == ("Marn Hollow",) and by_time["on Friday"].trigger == "evacuate"
    assert by_time["on Saturday"].places == ("Marn Hollow",) and by_time["on Saturday"].trigger == "empty"


def test_plural_office_word_is_not_the_one_official_of_that_office():
    body = ("Foreign Minister Hanne Dahl of Tarnland chaired the meeting on Thursday. "
            "The foreign ministers of Holm and Vesk met for five hours in Tarn on Oct. 9.")
    found = extract_mentions(article(body), [timex(body, "Thursday", TimeValue.day(date(2025, 10, 9)), "2025-10-09"),
                                             timex(body, "Oct. 9", TimeValue.day(date(2025, 10, 9)), "2025-10-09")])
    met = next(m for m in found if "five hours" in m.sentence)
    assert met.subject != "hanne dahl" and "hanne dahl" not in {a.key for a in met.actors}


def test_an_action_verb_is_the_event_word_over_its_object():
    body = "The board said its directors had rejected the raised offer on March 11 by six votes to three."
    (m,) = extract_mentions(article(body), [timex(body, "March 11", TimeValue.day(date(2025, 3, 11)), "2025-03-11")])
    assert m.trigger == "reject"


def test_a_date_beside_a_time_of_day_dates_the_clause():
    body = "A section of the bridge fell into the river during the evening rush hour on Monday, police said."
    evening = timex(body, "the evening", TimeValue.day(date(2025, 9, 5)), "2025-09-05TEV", type="TIME")
    monday = timex(body, "Monday", TimeValue.day(date(2025, 9, 1)), "2025-09-01")
    (m,) = extract_mentions(article(body), [evening, monday])
    assert m.time == TimeValue.day(date(2025, 9, 1)) and m.time_text == "Monday"


def test_the_happening_of_the_clause_not_its_modifiers_purposes_or_what_came_before():
    body = ("A court on Wednesday found Jon Varn, the founder of the collapsed Hester Bank, guilty of fraud.\n"
            "Members packed into the Crown Tavern on Thursday for the emergency meeting.\n"
            "Savers gathered in the square on Friday to watch the verdict.\n"
            "Lena Ostby was named minister on Saturday, a day after her rival quit her post.\n"
            "Fire crews sealed the leaking tank on Sunday.")
    found = extract_mentions(article(body, date(2025, 11, 10)), [
        timex(body, "on Wednesday", TimeValue.day(date(2025, 11, 5))),
        timex(body, "on Thursday", TimeValue.day(date(2025, 11, 6))),
        timex(body, "on Friday", TimeValue.day(date(2025, 11, 7))),
        timex(body, "on Saturday", TimeValue.day(date(2025, 11, 8))),
        timex(body, "on Sunday", TimeValue.day(date(2025, 11, 9))),
    ])
    triggers = {m.time_text: m.trigger for m in found}
    assert triggers["on Wednesday"] == "find guilty"  # two words the clause puts apart; not "collapse"
    assert triggers["on Thursday"] == "meeting"  # not the modifier "emergency"
    assert triggers["on Friday"] == "gather"  # the purpose "to watch the verdict" did not happen yet
    assert triggers["on Saturday"] != "quit"  # what came before is another happening
    assert triggers["on Sunday"] == "seal"  # "the leaking tank" names a tank


def test_a_passive_subject_is_marked_and_an_agent_is_the_doer():
    body = ("Jon Varn was sentenced to seven years on Friday.\n"
            "The motion was tabled by the Civic Union on Monday.")
    found = extract_mentions(article(body, date(2025, 11, 10)), [
        timex(body, "on Friday", TimeValue.day(date(2025, 11, 7))),
        timex(body, "on Monday", TimeValue.day(date(2025, 11, 3))),
    ])
    by = {m.time_text: m for m in found}
    assert by["on Friday"].subject == "varn" and by["on Friday"].subject_passive
    assert by["on Monday"].subject == "civic union" and not by["on Monday"].subject_passive


def test_a_name_ending_in_an_organisation_word_is_an_organisation_whatever_the_tagger_says():
    body = "Vireon Pharma halted its trial of the heart drug on Monday."
    (found,) = extract_mentions(article(body, date(2025, 2, 14)), [timex(body, "on Monday", TimeValue.day(date(2025, 2, 10)))])
    assert found.subject == "vireon pharma"  # the small model tags it PERSON; its surname would be "pharma"
    assert [(a.name, a.kind) for a in found.actors] == [("Vireon Pharma", "ORG")]


def test_a_subject_the_parser_splits_in_two_stays_whole_in_the_headline():
    body = "A magnitude 6.4 earthquake struck the Karsova Highlands before dawn on Monday, flattening homes."
    (found,) = extract_mentions(article(body, date(2025, 4, 7)), [timex(body, "on Monday", TimeValue.day(date(2025, 4, 7)))])
    assert found.headline == "A magnitude 6.4 earthquake struck the Karsova Highlands before dawn"


def test_a_decade_or_a_year_after_since_dates_no_happening():
    from tracker.temporal import tag

    body = ("The harbour union has grown since the 1980s, when dockers founded it. "
            "Its leader has run the union since 2019. The union called a strike on Tuesday.")
    published = date(2024, 12, 6)
    found = extract_mentions(article(body, published), tag(body, published))
    years = {m.time.start.year for m in found if m.time}
    assert years == {2024}, [(m.sentence, m.time) for m in found]
    assert any(m.time == TimeValue.day(date(2024, 12, 3)) for m in found)


def test_a_clause_days_older_than_its_sentence_news_is_background_a_day_older_is_not():
    body = ("The river authority opened an inquiry on Monday into the chemical spill at the dye works last Wednesday.\n"
            "The jury was seated on Monday after the selection that began on Sunday.")
    monday, wednesday, sunday = date(2026, 4, 13), date(2026, 4, 8), date(2026, 4, 12)
    found = extract_mentions(article(body, date(2026, 4, 14)), [
        timex(body, "on Monday", TimeValue.day(monday), "2026-04-13"),
        timex(body, "last Wednesday", TimeValue.day(wednesday), "2026-04-08"),
        Timex(second := body.index("on Monday", body.index("\n")), second + len("on Monday"), "on Monday", "DATE",
              "2026-04-13", interval=TimeValue.day(monday)),
        timex(body, "on Sunday", TimeValue.day(sunday), "2026-04-12"),
    ])
    marked = {(m.time.start, m.background) for m in found if m.time_from == "own"}
    assert (wednesday, True) in marked  # five days before the inquiry its sentence tells
    assert (monday, False) in marked and (sunday, False) in marked  # a day apart: a sequence, both news


def test_a_clause_is_not_the_background_of_a_plan_dated_after_publication():
    body = "The union on Monday called off the strike planned for next Thursday."
    monday, thursday = date(2026, 4, 13), date(2026, 4, 23)
    found = extract_mentions(article(body, date(2026, 4, 14)), [
        timex(body, "on Monday", TimeValue.day(monday), "2026-04-13"),
        timex(body, "next Thursday", TimeValue.day(thursday), "2026-04-23"),
    ])
    assert {m.time.start for m in found if m.time_from == "own"} == {monday, thursday}  # both clauses read
    assert not [m for m in found if m.background]  # the calling off is the news, the strike a plan
