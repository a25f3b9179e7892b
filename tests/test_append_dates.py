"""Pages added one by one, as a newsroom gets them, are dated as well as one build dates them.

A page with no date of its own is dated from what it reports and from the pages most like it.
Added first, alone, it has nothing to go by; when pages of the same story come later, it is dated
again with them (tracker.pipeline._prepare), its mentions read against its new day and its
events re-merged. Articles written by us in the shapes real coverage takes.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tracker.pipeline import add
from tracker.query import read_events
from tracker.store import read_store

# no date anywhere: "on Tuesday" is the only time it tells
FIRST = ("Harbour strike strands travellers\n\n"
         "Ferry crews in Harbourtown walked out on Tuesday over pay, stranding thousands of travellers "
         "at the quay, the harbour board said. The union said the ferry crews would stay out until the "
         "harbour board raised its pay offer for the ferry crews.")
# the same story, its day written on the page: Friday, March 15, 2024
LATER = ("Published March 15, 2024\n\nHarbour talks fail as ferry strike goes on\n\n"
         "Ferry crews in Harbourtown walked out on Tuesday over pay and stranded thousands of travellers "
         "at the quay. Talks between the harbour board and the union of the ferry crews broke down on "
         "Thursday, the harbour board said.")
# another story altogether, no date of its own either
OTHER = ("Orchard growers count frost damage\n\n"
         "Apple growers in the Lennick valley counted the damage on Monday after a late frost "
         "blackened the blossom in most orchards, the growers' cooperative said.")


def _write(folder: Path, **texts: str) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, text in texts.items():
        paths[name] = folder / f"{name}.txt"
        paths[name].write_text(text, encoding="utf-8")
    return paths


def _stored(store) -> dict:
    with read_store(store) as opened:
        return {a.id: a for a in opened.articles()}


def test_a_page_added_alone_is_dated_when_its_story_s_next_page_comes(tmp_path, store_location):
    paths = _write(tmp_path / "pages", first=FIRST, later=LATER, other=OTHER)
    store = store_location  # each backend
    alone = add([paths["first"]], store)
    assert alone.unknown == ("first",) and alone.redated == ()
    assert _stored(store)["first"].published is None

    unrelated = add([paths["other"]], store)  # not like the first page: it is not dated again
    assert unrelated.redated == () and _stored(store)["first"].published is None

    report = add([paths["later"]], store)
    assert report.added == ("later",) and report.redated == ("first",)
    first = _stored(store)["first"]
    assert first.published_how == "inferred" and first.published.start == date(2024, 3, 12)  # the Tuesday before
    events = read_events(store)
    walkout = [e for e in events if e.time is not None and e.time.start == e.time.end == date(2024, 3, 12)]
    assert len(walkout) == 1  # both pages' walk-out on one event, on its day
    assert {m.article_id for m in walkout[0].mentions} == {"first", "later"}
    assert all(m.published.start == date(2024, 3, 12) for m in walkout[0].mentions if m.article_id == "first")


def test_a_stored_page_whose_day_was_read_or_still_holds_is_not_rewritten(tmp_path):
    paths = _write(tmp_path / "pages", later=LATER, first=FIRST)
    store = tmp_path / "s.db"
    add([paths["later"]], store)
    report = add([paths["first"]], store)  # dated on arrival from the stored page: nothing stored changes
    assert report.redated == ()
    stored = _stored(store)
    assert stored["first"].published.start == date(2024, 3, 12) and stored["later"].published_how == "read"
    again = _write(tmp_path / "more", echo=LATER.replace("Talks between", "New talks between"))
    assert add([again["echo"]], store).redated == ()  # the first page's day is the same with it: left as it is


# a wire page whose dateline gives the day but not the year: alone, nothing tells the year
WIRE = ("HARBOURTOWN, March 12 (Coastwire) -- Ferry crews walked out over pay, stranding thousands of "
        "travellers at the quay, the harbour board said. The union said the ferry crews would stay out "
        "until the harbour board raised its pay offer.")
ANOTHER = ("Ferry strike enters its second week\n\nFerry crews in Harbourtown stayed out on Monday, a week "
           "after they walked out over pay, and the harbour board said no talks with the union were planned.")


def test_a_page_dated_anew_keeps_what_its_dateline_said(tmp_path, store_location):
    paths = _write(tmp_path / "pages", wire=WIRE, later=LATER, another=ANOTHER)
    store = store_location  # each backend
    assert add([paths["wire"]], store).unknown == ("wire",)
    assert add([paths["later"]], store).redated == ("wire",)  # the stored page's year completes the dateline
    wire = _stored(store)["wire"]
    assert wire.published.start == date(2024, 3, 12) and "March 12" in wire.published_evidence
    assert wire.as_read.published is None and wire.as_read.evidence.startswith("HARBOURTOWN, March 12")
    add([paths["another"]], store)  # dated anew with the next page: from its dateline again, not from a guess
    wire = _stored(store)["wire"]
    assert wire.published.start == date(2024, 3, 12) and "March 12" in wire.published_evidence


def test_an_add_of_read_days_alone_leaves_a_store_of_many_undated_pages_as_it_is(tmp_path, monkeypatch):
    # the limit set to one undated page: the store below holds two, so the page with its day
    # written on it changes nothing stored; the next page with a day to find dates them anew
    import tracker.ingest.calendar as calendar

    shipped = calendar.weight
    monkeypatch.setattr(calendar, "weight", lambda name: 1 if name == "redate_read_adds_below" else shipped(name))
    paths = _write(tmp_path / "pages", first=FIRST, other=OTHER, later=LATER, another=ANOTHER)
    store = tmp_path / "s.db"
    add([paths["first"]], store)
    add([paths["other"]], store)
    assert add([paths["later"]], store).redated == ()
    assert _stored(store)["first"].published is None
    assert "first" in add([paths["another"]], store).redated
    assert _stored(store)["first"].published.start == date(2024, 3, 12)
