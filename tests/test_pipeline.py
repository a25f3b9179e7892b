"""The seed corpus end to end: dated events, merged across outlets, nothing from page furniture."""

from __future__ import annotations

import hashlib
from datetime import date

from conftest import SEED_FILES, SEEDS, seed
from tracker.pipeline import add, build
from tracker.query import read_events
from tracker.store import open_store, read_store

FURNITURE = ("Copyright", "Photo:", "Subscribe", "Popular", "Last materials", "commenting policy",
             "Getty Images", "News Editor at", "icon bookmark", "All rights reserved")


def _on(events, day):
    return [e for e in events if e.time and e.time.start == e.time.end == day]


def _ids(prefixes):
    return {seed(p).stem for p in prefixes}


def _text(event):
    return " ".join(m.sentence for m in event.mentions)


def test_every_seed_is_stored_with_its_date(any_seed_store):
    with read_store(any_seed_store) as store:
        articles = {a.id: a for a in store.articles()}
    assert set(articles) == {p.stem for p in SEED_FILES}
    rt = articles[seed("001").stem]
    assert rt.published.start == date(2025, 9, 5) and not rt.published_inferred
    for article in articles.values():
        if article.published is not None and article.published_inferred:
            assert article.published.end <= date(2025, 12, 31)


def test_beijing_press_conference_is_one_event_from_four_outlets(seed_events):
    beijing = [e for e in _on(seed_events, date(2025, 9, 3)) if "Beijing" in _text(e) and "Nawrocki" not in _text(e)]
    assert len(beijing) == 1, [e.title for e in beijing]
    # 000 tells it with no date of its own and its page carries none: its day is inferred as Sep 5,
    # two days after, so its clause stays context of its article (it never gets a date no text gave)
    assert set(beijing[0].sources) >= _ids(["001", "003", "004"])


def test_september_fifth_holds_separate_happenings(seed_events):
    sep5 = _on(seed_events, date(2025, 9, 5))
    assert len(sep5) >= 3, [e.title for e in sep5]
    peskov = [e for e in sep5 if "Peskov" in _text(e)]
    forum = [e for e in sep5 if "Vladivostok" in _text(e) and "plenary" in _text(e) or "Vladivostok forum" in _text(e)]
    assert len(peskov) == 1 and len(forum) == 1 and peskov[0] is not forum[0]
    assert set(forum[0].sources) >= _ids(["001", "004"])


def test_the_other_dated_happenings_are_on_their_days(seed_events):
    assert any("Alaska" in _text(e) for e in _on(seed_events, date(2025, 8, 15)))
    assert any("Paris" in _text(e) for e in _on(seed_events, date(2025, 9, 4)))


def test_no_event_comes_from_page_furniture(seed_events):
    for event in seed_events:
        for mention in event.mentions:
            assert not any(word in mention.sentence for word in FURNITURE), mention.sentence


def test_every_mention_is_traceable_to_its_article(seed_store, seed_events):
    with open_store(seed_store) as store:
        bodies = {a.id: a.body for a in store.articles()}
    for event in seed_events:
        for m in event.mentions:
            body = bodies[m.article_id]
            assert body[m.sentence_start:m.sentence_start + len(m.sentence)] == m.sentence
            if m.time_text is not None:
                assert m.sentence[m.time_start:m.time_start + len(m.time_text)] == m.time_text


def test_rebuilding_gives_the_same_events_and_ids(seed_events, store_location):
    build([SEEDS], store_location)
    again = read_events(store_location)
    assert [(e.id, e.time, e.title, e.sources) for e in again] == [
        (e.id, e.time, e.title, e.sources) for e in seed_events]


def test_adding_articles_one_by_one_matches_a_build(seed_events, store_location):
    store = store_location
    for path in SEED_FILES:
        add([path], store)
    assert sorted(e.id for e in read_events(store)) == sorted(e.id for e in seed_events)


def test_adding_the_same_content_twice_changes_nothing(any_seed_store_copy):
    before = [(e.id, e.sources) for e in read_events(any_seed_store_copy)]
    report = add([SEEDS], any_seed_store_copy)
    assert report.added == () and len(report.unchanged) == len(SEED_FILES)
    assert [(e.id, e.sources) for e in read_events(any_seed_store_copy)] == before


def _digest(store):
    with open_store(store) as opened:
        return hashlib.sha256(repr((opened.articles(), opened.all_mentions(), opened.events())).encode()).hexdigest()


def test_bad_files_leave_the_store_unchanged_and_good_ones_still_go_in(any_seed_store_copy, tmp_path):
    before = _digest(any_seed_store_copy)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 opened on 3 March 2024 in Lyon.".encode("latin-1"))
    report = add([tmp_path / "empty.txt", tmp_path / "binary.txt", tmp_path / "latin1.txt",
                  tmp_path / "missing.txt"], any_seed_store_copy)
    assert report.added == () and len(report.problems) == 4
    assert _digest(any_seed_store_copy) == before
    good = tmp_path / "good.md"
    good.write_text("---\ntitle: Bridge opens\nsource: Example Gazette\npublished: 2025-09-06\n---\n"
                    "The mayor of Riverton opened the new bridge on Saturday, officials said.\n")
    report = add([tmp_path / "empty.txt", good], any_seed_store_copy)
    assert report.added == ("good",) and len(report.problems) == 1
    assert any(e.time and e.time.start == date(2025, 9, 6) for e in read_events(any_seed_store_copy))


def test_a_new_article_about_a_known_happening_joins_its_event(any_seed_store_copy, tmp_path):
    story = tmp_path / "wire.txt"
    story.write_text(
        "Example Wire\n\nSep 6, 2025 09:30\n\nAddressing the plenary session of the Eastern Economic Forum in "
        "Vladivostok on Friday, Vladimir Putin said he remained open to a meeting with Zelensky but doubted it would help.\n")
    before = {e.id for e in read_events(any_seed_store_copy)}
    add([story], any_seed_store_copy)
    events = read_events(any_seed_store_copy)
    joined = [e for e in events if "wire" in e.sources]
    assert joined and all(len(e.sources) > 1 for e in joined), [(e.title, e.sources) for e in joined]
    assert len(events) == len(before)


def test_an_article_with_no_date_is_kept_with_an_unknown_date(tmp_path, store_location):
    nodate = tmp_path / "nodate.txt"
    nodate.write_text("The market wants to stay open into the evening, its manager said, as traders have for years.\n")
    weekday = tmp_path / "weekday.txt"
    weekday.write_text("The harbour board said on Tuesday that its booking site had been defaced by vandals.\n")
    report = add([nodate, weekday], store_location)
    assert not report.problems and set(report.added) == {"nodate", "weekday"}
    assert set(report.unknown) == {"nodate", "weekday"} and not report.inferred
    with read_store(store_location) as store:
        (mention,) = [m for m in store.all_mentions() if m.article_id == "weekday" and m.time_text]
    assert mention.time is None  # no publication date: Tuesday of which week?
    assert not read_events(store_location)  # nothing to plot without a time
    assert (mention.time_text, mention.time_value) == ("Tuesday", "XXXX-WXX-2")


def test_a_year_less_dateline_is_a_day_and_past_weekdays_look_back_from_it(tmp_path, store_location):
    page = tmp_path / "courier.txt"
    page.write_text(
        "VELSK, Feb 18 (Velsk Courier) - Prosecutors charged two men with theft on Tuesday.\n\n"
        "The men were arrested on Friday in Ostreny, a port city north of Velsk.\n\n"
        "Copyright 2025 Velsk Courier\n"
    )
    build([page], store_location)
    by_time = {m.time_text: m.time for e in read_events(store_location) for m in e.mentions}
    assert by_time["Tuesday"].start == date(2025, 2, 18)  # the dateline's day (a Tuesday)
    assert by_time["Friday"].start == date(2025, 2, 14)  # before it, not the nearest Friday after


def test_an_append_re_merges_only_the_events_it_touches(any_seed_store_copy, tmp_path):
    far = tmp_path / "far.md"
    far.write_text("---\nsource: Example Gazette\npublished: 2031-03-04\n---\n"
                   "The mayor of Riverton opened the new bridge on Monday, officials said.\n")
    before = read_events(any_seed_store_copy)
    report = add([far], any_seed_store_copy)
    # the new mention alone: no stored mention comes near it in time, so no stored event is read
    assert report.remerged == 1
    after = read_events(any_seed_store_copy)
    (bridge,) = [e for e in after if e.time and e.time.start == date(2031, 3, 3)]
    assert bridge.sources == ("far",)
    assert [e for e in after if e.id != bridge.id] == before


def test_the_parse_takes_the_tags_dating_read_on_the_day_each_article_keeps(tmp_path):
    """Dating tags the batch (its plain tags, and each read day's); the per-article stage reuses
    them where they are the parse's own tags, so it never tags those texts again: a read day
    read with a past weekday looking back, an article left without a day read with no day."""
    from tracker.intake import Flags, read_inputs
    from tracker.pipeline import _date_and_tag
    from tracker.temporal import tag
    from tracker.types import Precision

    (tmp_path / "read.md").write_text(
        "---\npublished: 2026-03-05\n---\n# Council shuts the old bridge\n\nThe council voted on "
        "Wednesday to close the old bridge. The committee met on Friday to hear the engineers.\n")
    (tmp_path / "undated.md").write_text(
        "# Bridge closure stands\n\nThe council voted on Wednesday to close the old bridge, the "
        "mayor said. Repairs start next month.\n")
    (tmp_path / "nothing.md").write_text("# A quiet street\n\nThe old bridge is a landmark of the town.\n")
    articles = read_inputs([*SEED_FILES, *sorted(tmp_path.glob("*.md"))], Flags()).articles
    dated, tags = _date_and_tag(articles, [])
    by_id = {a.id: (a, t) for a, t in zip(dated, tags, strict=True)}
    reused = 0
    for article, found in zip(dated, tags, strict=True):
        day = article.published.start if article.published and article.published.precision is Precision.DAY else None
        if found is not None:
            assert found == tag(article.body, day, dct_inferred=article.published_lower_bound), article.id
            reused += 1
        else:  # only a day dating estimated is read again by the parse (on a day dating did not read it)
            assert article.published_inferred and day is not None, article.id
    assert reused >= sum(1 for a in articles if a.published is not None)
    read, read_tags = next(v for k, v in by_id.items() if "read" in k and "undated" not in k)
    assert {t.text: t.value for t in read_tags}["Friday"] == "2026-02-27"  # the Friday before a Thursday
    nothing, nothing_tags = next(v for k, v in by_id.items() if "nothing" in k)
    assert nothing.published is None and nothing_tags == tag(nothing.body, None)
