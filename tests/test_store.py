"""The store: value objects round-trip, windows select what they should, bad files are refused."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, strategies as st

from tracker import codec
from tracker.errors import StoreError
from tracker.store import Window, open_store
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


def test_put_article_and_windowed_reads(tmp_path):
    path = tmp_path / "s.db"
    mentions = [_mention(1, date(2025, 9, 3)), _mention(2, date(2025, 6, 1)), _mention(3, None)]
    with open_store(path, create=True) as store:
        store.put_article(_article(), mentions)
    with open_store(path) as store:
        near = store.mentions_in(Window(date(2025, 9, 1), date(2025, 9, 10)))
        assert [m.id for m in near] == ["m1", "m3"]  # m3 is anchored on its article's date
        assert store.mention_counts() == {"a1": 3}
        assert store.article("a1") == _article()


def test_replacing_an_article_drops_its_old_mentions(tmp_path):
    path = tmp_path / "s.db"
    with open_store(path, create=True) as store:
        store.put_article(_article(), [_mention(1, date(2025, 9, 3))])
        old = store.put_article(_article(), [_mention(2, date(2025, 9, 4))])
        assert [m.id for m in old] == ["m1"]
        assert [m.id for m in store.all_mentions()] == ["m2"]


def test_a_failed_transaction_leaves_the_store_as_it_was(tmp_path):
    path = tmp_path / "s.db"
    with open_store(path, create=True) as store:
        store.put_article(_article(), [_mention(1, date(2025, 9, 3))])
    with pytest.raises(RuntimeError):
        with open_store(path) as store:
            store.put_article(_article("a2"), [_mention(9, date(2025, 9, 3), "a2")])
            raise RuntimeError("boom")
    with open_store(path) as store:
        assert [a.id for a in store.articles()] == ["a1"]


def test_missing_and_foreign_stores_are_named_errors(tmp_path):
    with pytest.raises(StoreError, match="no store here yet"):
        with open_store(tmp_path / "none.db"):
            pass
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a tracker store"):
        with open_store(junk):
            pass


def test_read_publication_dates_skips_inferred_and_unknown(tmp_path):
    from dataclasses import replace

    path = tmp_path / "s.db"
    with open_store(path, create=True) as store:
        store.put_article(_article("a1"), [])
        store.put_article(replace(_article("a2"), published_inferred=True), [])
        store.put_article(replace(_article("a3"), published=None), [])
        assert store.read_publication_dates() == [TimeValue.day(date(2025, 9, 5))]
