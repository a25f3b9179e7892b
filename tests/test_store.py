"""The store: value objects round-trip, windows select what they should, bad files are refused."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, strategies as st

from tracker import codec
from tracker.errors import StoreError
from tracker.store import Window, open_store, read_store
from tracker.types import Actor, Article, Conflict, Event, Mention, Precision, TimeValue


def _mention(i: int, day: date | None, article: str = "a1") -> Mention:
    time = TimeValue.day(day) if day else None
    return Mention(
        id=f"m{i}", article_id=article, outlet="Example News", published=TimeValue.day(date(2025, 9, 5)),
        sentence=f"Sentence {i} said on a day.", sentence_start=i * 10, time_text="Friday" if day else None,
        time_value=day.isoformat() if day else None, time=time,
        actors=(Actor("Ada Lovelace", "lovelace", "PERSON", "engineer"),), places=("London",), trigger="say",
    )


def _article(aid: str = "a1") -> Article:
    return Article(id=aid, path=f"/x/{aid}.txt", content_hash=f"h-{aid}", title="T", body="Body.",
                   outlet="Example News", published=TimeValue.day(date(2025, 9, 5)), year_hints=(2025,))


days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@given(days, days, st.sampled_from(list(Precision)), st.sampled_from([None, "START", "APPROX"]))
def test_time_values_round_trip(a, b, precision, mod):
    value = TimeValue(min(a, b), max(a, b), precision, mod)
    assert codec.loads(TimeValue, codec.dumps(value)) == value


def test_events_with_mentions_and_conflicts_round_trip():
    event = Event(id="e1", time=TimeValue(date(2025, 9, 1), date(2025, 9, 4), Precision.WEEK, "START"),
                  title="Ada spoke", actors=("Ada Lovelace",), places=("London",),
                  mentions=(_mention(1, date(2025, 9, 3)), _mention(2, None)),
                  conflicts=(Conflict("dates differ", (("2025-09-03", ("a1",)), ("2025-09-04", ("a2",)))),))
    assert codec.loads(Event, codec.dumps(event)) == event
    decoded = codec.loads(Event, codec.dumps(event))
    assert isinstance(decoded.conflicts[0].sides[0][1], tuple) and isinstance(decoded.mentions[0].time.start, date)


def test_a_record_of_another_tracker_decodes_what_this_one_knows():
    """Fields a newer tracker wrote are left out; fields an older one did not write take their defaults."""
    import json
    from dataclasses import replace

    mention = replace(_mention(1, date(2025, 9, 3)), cues=(("past tense", 1.0), ("dated clause", 0.5)), trigger_span=(9, 13))
    data = json.loads(codec.dumps(mention))
    data["written_by_a_newer_tracker"] = [1, 2]
    decoded = codec.loads(Mention, json.dumps(data))
    assert decoded == mention and isinstance(decoded.cues[0], tuple) and isinstance(decoded.trigger_span, tuple)
    del data["cues"], data["trigger_span"]
    assert codec.loads(Mention, json.dumps(data)) == replace(mention, cues=(), trigger_span=None)


def test_put_article_and_windowed_reads(store_location):
    path = store_location
    mentions = [_mention(1, date(2025, 9, 3)), _mention(2, date(2025, 6, 1)), _mention(3, None)]
    with open_store(path, create=True) as store:
        store.put_article(_article(), mentions)
    with open_store(path) as store:
        near = store.mentions_in(Window(date(2025, 9, 1), date(2025, 9, 10)))
        assert [m.id for m in near] == ["m1", "m3"]  # m3 is anchored on its article's date
        assert store.mention_counts() == {"a1": 3}
        assert store.article("a1") == _article()


def test_replacing_an_article_drops_its_old_mentions(store_location):
    path = store_location
    with open_store(path, create=True) as store:
        store.put_article(_article(), [_mention(1, date(2025, 9, 3))])
        old = store.put_article(_article(), [_mention(2, date(2025, 9, 4))])
        assert [m.id for m in old] == ["m1"]
        assert [m.id for m in store.all_mentions()] == ["m2"]


def test_a_failed_transaction_leaves_the_store_as_it_was(store_location):
    path = store_location
    with open_store(path, create=True) as store:
        store.put_article(_article(), [_mention(1, date(2025, 9, 3))])
    with pytest.raises(RuntimeError):
        with open_store(path) as store:
            store.put_article(_article("a2"), [_mention(9, date(2025, 9, 3), "a2")])
            raise RuntimeError("boom")
    with open_store(path) as store:
        assert [a.id for a in store.articles()] == ["a1"]


def test_missing_stores_are_named_errors(store_location):
    with pytest.raises(StoreError, match="no store here yet"):
        with open_store(store_location):
            pass
    with pytest.raises(StoreError, match="no store here yet"):
        with read_store(store_location):
            pass


def test_a_file_of_junk_is_not_a_store(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a tracker store"):
        with open_store(junk):
            pass


def test_read_publication_dates_skips_inferred_and_unknown(store_location):
    from dataclasses import replace

    path = store_location
    with open_store(path, create=True) as store:
        store.put_article(_article("a1"), [])
        store.put_article(replace(_article("a2"), published_inferred=True), [])
        store.put_article(replace(_article("a3"), published=None), [])
        assert store.read_publication_dates() == [TimeValue.day(date(2025, 9, 5))]


def test_every_query_answers_the_same_on_both_backends(store_location):
    from dataclasses import replace

    from tracker.types import Copy, Correction

    a1, a2 = _article("a1"), replace(_article("a2"), published_inferred=True, content_hash="h-a2")
    events = [Event(id="e1", time=TimeValue.day(date(2025, 9, 3)), title="Ada spoke", actors=(), places=(),
                    mentions=(_mention(1, date(2025, 9, 3)),)),
              Event(id="e2", time=None, title="Undated", actors=(), places=(), mentions=(_mention(3, None),))]
    with open_store(store_location, create=True) as store:
        store.put_article(a1, [_mention(1, date(2025, 9, 3)), _mention(3, None)])
        store.put_article(a2, [_mention(2, date(2025, 6, 1), "a2")])
        store.index_samples("a1", [8, 16, -24])
        store.add_copy("h-copy", "a1")
        store.update_article(replace(a1, also_at=(Copy("https://example.org/x", "Example", "h-copy"),)))
        store.put_correction(Correction("h-a1", source="Example Wire"))
        store.replace_events([], events)
        assert not store.samples_complete()
        store.mark_samples_complete()
    with read_store(store_location) as store:
        assert store.samples_complete()
        assert [a.id for a in store.read_articles()] == ["a1"] and [a.id for a in store.unread_articles()] == ["a2"]
        assert store.unread_count() == 1
        assert store.has_content("h-a1") and store.has_content("h-copy") and not store.has_content("h-none")
        assert [a.id for a in store.articles_with_prefix("a")] == ["a1", "a2"]
        assert store.article("a1").also_at[0].where == "https://example.org/x"
        assert store.sample_matches([8, -24, 40]) == {"a1": 2}
        assert store.sample_matches([8, -24, 40], at_least=2) == {"a1": 2}
        assert store.sample_matches([8, -24, 40], at_least=3) == {}
        many = [8, *range(1001, 1700), -24]  # more than one statement binds, a1's two in two of them: summed, then kept
        assert store.sample_matches(many, at_least=2) == {"a1": 2} and store.sample_matches(many, at_least=3) == {}
        assert store.unindexed_articles() == [a2]
        assert store.correction("h-a1").source == "Example Wire" and len(store.corrections()) == 1
        assert store.read_publication_dates() == [TimeValue.day(date(2025, 9, 5))]  # a2's is inferred
        assert store.mention_counts() == {"a1": 2, "a2": 1}
        assert [e.id for e in store.events()] == ["e1", "e2"] and store.event_count() == 2
        assert [e.id for e in store.events_with_prefix("e")] == ["e1", "e2"]
        assert [e.id for e in store.events_in(Window(date(2025, 9, 1), date(2025, 9, 3)))] == ["e1"]
        assert [e.id for e in store.events_in(Window(date(2025, 9, 4), date(2025, 9, 6)))] == ["e2"]  # its article's day
        assert [m.id for m in store.mentions_of("a1")] == ["m1", "m3"]
    with open_store(store_location) as store:
        store.clear()
        assert store.articles() == [] and store.events() == [] and len(store.corrections()) == 1


@pytest.mark.parametrize("budget", [1, 10_000])
def test_sample_matches_counts_only_the_rare_hashes_holders_and_misses_none(store_location, monkeypatch, budget):
    """A template's stock phrases are held by every article; the copy shares most of the new
    article's sample, a near miss one less than asked. Whatever the budget of rows grouped before
    the full count, the answer is the one counting every holder of every hash."""
    import tracker.store.base as base

    monkeypatch.setattr(base, "RARE_POSTINGS", budget)
    stock, own = list(range(100, 130)), list(range(500, 530))  # the new article's sample: 30 stock, 30 its own
    held = {f"a{i}": stock[: 20 + i] for i in range(8)}  # look-alikes: share only stock phrases
    held["copy"] = stock[:25] + own[:27]  # 52 of 60
    held["near"] = stock[:20] + own[:20] + [900]  # 40 of 60
    held["other"] = own[:5] + [901, 902]
    with open_store(store_location, create=True) as store:
        for aid, samples in held.items():
            store.put_article(_article(aid), [])
            store.index_samples(aid, samples)
    mine = stock + own + [777]  # one hash nobody holds
    with read_store(store_location) as store:
        for at_least in (2, 27, 40, 41, 52, 53, 61):
            expected = {a: n for a, s in held.items() if (n := len(set(s) & set(mine))) >= at_least}
            assert store.sample_matches(mine, at_least=at_least) == expected, at_least
        assert store.sample_matches(mine, at_least=41) == {"copy": 52}
