"""The page rewritten from the pieces the store keeps (tracker.pagecache) is the page render_html
makes from the stored events and articles, byte for byte, after a build, an add and a correction,
on both backends; a piece never outlives the event or article it was made from, nor the code.
The same holds for the JSON export of `tracker query` made from the kept records."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import BACKENDS, seed_copy
from tracker.pagecache import page, refresh
from tracker.pipeline import add, correct
from tracker.query import Filter, as_json, find, find_json
from tracker.render import render_html
from tracker.store import open_store, read_store
from tracker.types import Correction

APPEND = Path(__file__).resolve().parent / "data" / "append"
BUILT = "2025-09-07 09:00 UTC"


def _fresh_page(store) -> str:
    with read_store(store) as opened:
        return render_html(opened.events(), opened.articles(), built_at=BUILT)


def _kept_page(store) -> str:
    with read_store(store) as opened:
        return page(opened, BUILT)


def _counts(store) -> tuple[int, int, int, int, int]:
    """(events, event pieces, articles, article pieces, record pieces)."""
    with read_store(store) as opened:
        return (opened.event_count(), len(opened.stored_pieces("event")), len(opened.articles()),
                len(opened.stored_pieces("article")), len(opened.stored_pieces("record")))


# Queries of every shape find_json reads kept records for: everything, a few days, one side open,
# days with no event.
FILTERS = [Filter(), Filter(date(2025, 9, 3), date(2025, 9, 6)), Filter(start=date(2025, 9, 5)),
           Filter(end=date(2025, 9, 3)), Filter(date(2030, 1, 1), date(2030, 1, 2))]


def _exports(store) -> list[tuple[str, str]]:
    """(kept, fresh) JSON exports for each of FILTERS: from the kept records, and from the decoded events."""
    return [(find_json(store, flt), as_json(find(store, flt))) for flt in FILTERS]


@pytest.fixture(scope="module", params=BACKENDS)
def appended(request, tmp_path_factory):
    store = seed_copy(request, request.param, tmp_path_factory.mktemp("pieces"))
    built = (_kept_page(store), _fresh_page(store), _counts(store))
    report = add(sorted(APPEND.glob("*.txt")), store)
    assert report.added and not report.problems
    return store, built


def test_every_event_and_article_has_its_piece_after_a_build_and_an_add(appended):
    store, (_, _, built_counts) = appended
    events, event_pieces, articles, article_pieces, records = built_counts
    assert events > 3 and (event_pieces, article_pieces, records) == (events, articles, events)
    events, event_pieces, articles, article_pieces, records = _counts(store)
    assert (event_pieces, article_pieces, records) == (events, articles, events)
    with read_store(store) as opened:
        assert opened.without_pieces("event") == [] and opened.without_pieces("article") == []
        assert opened.without_pieces("record") == []
        assert all(data is None for *_, data in opened.pieces_in("record", None))  # no event decoded


def test_the_page_pauses_the_cycle_collector_only_while_it_is_made(appended, monkeypatch):
    import gc

    from tracker import pagecache

    store, _ = appended
    seen = []
    real = pagecache._page
    monkeypatch.setattr(pagecache, "_page", lambda *args: seen.append(gc.isenabled()) or real(*args))
    try:
        assert gc.isenabled() and _kept_page(store) == _fresh_page(store) and gc.isenabled()
        gc.disable()  # a caller that paused it keeps it paused
        _kept_page(store)
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert seen == [False, False]


def test_the_page_is_made_and_written_in_parts_one_event_a_part(appended, tmp_path, monkeypatch):
    """The page of a large store is never one string (at 10,000 articles each copy of its 33 MB
    cost an add tens of milliseconds): each event's view is a part of its own, and the file written
    part by part is the page byte for byte."""
    from tracker.cli import _write_timeline
    from tracker.pagecache import page_chunks

    store, _ = appended
    with read_store(store) as opened:
        chunks, events = page_chunks(opened, BUILT), opened.event_count()
    assert sum(c.count('"hover":') for c in chunks) == events > 3
    assert max(c.count('"hover":') for c in chunks) == 1
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1757235600")  # BUILT
    written = _write_timeline(store, tmp_path / "page.html")
    assert written.read_text(encoding="utf-8") == _fresh_page(store)


def test_the_kept_page_is_the_fresh_page_byte_for_byte(appended):
    store, (built_kept, built_fresh, _) = appended
    assert built_kept == built_fresh
    kept = _kept_page(store)
    assert kept == _fresh_page(store)
    assert kept != built_kept  # the add changed the page: the new article and its events are in it
    assert "wire_kremlin_saturday" in kept and "wire_kremlin_saturday" not in built_kept


def test_the_query_export_from_kept_records_is_the_decoded_one_after_an_add(appended):
    store, _ = appended
    exports = _exports(store)
    assert all(kept == fresh for kept, fresh in exports)
    everything, days, _, _, empty = (kept for kept, _ in exports)
    assert "wire_kremlin_saturday" in days and '"start": "2025-09-06"' in days  # the appended happening
    assert everything.count('"precision"') > days.count('"precision"') > 0
    assert empty == '{\n  "events": []\n}'


def _file_copy(appended, folder: Path) -> Path:
    """A copy of the appended SQLite store (one backend is enough: the pieces go through the same
    Store methods on both)."""
    store, _ = appended
    if not isinstance(store, Path):
        pytest.skip("one backend is enough: the pieces go through the same Store methods")
    copy = folder / "copy.db"
    copy.write_bytes(store.read_bytes())
    return copy


def test_a_correction_drops_and_remakes_the_pieces_it_touches(appended, tmp_path):
    copy = _file_copy(appended, tmp_path)
    before = _kept_page(copy)
    correct(copy, "wire_kremlin_saturday", Correction(content_hash="", published="2025-09-08"))
    after = _kept_page(copy)
    assert after != before and after == _fresh_page(copy)
    assert "Sep 8, 2025" in after


def test_a_written_event_or_article_loses_its_piece(appended, tmp_path):
    copy = _file_copy(appended, tmp_path)
    with open_store(copy) as opened:
        event = opened.events()[0]
        article = opened.articles()[0]
        opened.replace_events([], [event])  # rewritten as it was: its piece is dropped all the same
        opened.update_article(article)
        assert event.id not in {i for i, _, _ in opened.stored_pieces("event")}
        assert article.id not in {i for i, _, _ in opened.stored_pieces("article")}
        assert event.id not in {i for i, _, _ in opened.stored_pieces("record")}
        assert [e.id for e in opened.without_pieces("event")] == [event.id]
        assert [e.id for e in opened.without_pieces("record")] == [event.id]
        assert [i for i, _, _, data in opened.pieces_in("record", None) if data is not None] == [event.id]
        assert refresh(opened) == 3  # the event's page piece and record, the article's piece
    assert _kept_page(copy) == _fresh_page(copy)
    assert all(kept == fresh for kept, fresh in _exports(copy))


def test_the_query_export_joins_the_kept_records_without_decoding_events(appended, tmp_path):
    copy = _file_copy(appended, tmp_path)
    with open_store(copy) as opened:  # a kept record marked, and its event's data made unreadable
        opened.run("UPDATE page_pieces SET view = replace(view, '\"title\": \"', '\"title\": \"KEPT ') "
                   "WHERE kind = 'record' AND id = (SELECT min(id) FROM events WHERE anchor_start IS NOT NULL)")
        opened.run("UPDATE events SET data = 'not json' WHERE id = (SELECT min(id) FROM events WHERE anchor_start "
                   "IS NOT NULL)")
    kept = find_json(copy, Filter())
    assert kept.count('"title": "KEPT ') == 1 and kept.count('"precision"') == _counts(copy)[0]


def test_pieces_made_by_other_code_are_not_used(appended, tmp_path):
    copy = _file_copy(appended, tmp_path)
    with open_store(copy) as opened:  # as an older tracker would have left them: stale views
        opened.run("UPDATE page_pieces SET view = replace(view, '\"title\":\"', '\"title\":\"STALE-PIECE ')")
        opened.run("UPDATE page_pieces SET view = replace(view, '\"title\": \"', '\"title\": \"STALE-PIECE ')")
        opened.run("UPDATE meta SET value = 'older-code' WHERE key = 'page_pieces'")
    kept = _kept_page(copy)
    assert "STALE-PIECE " not in kept and kept == _fresh_page(copy)
    exports = _exports(copy)
    assert all("STALE-PIECE " not in kept and kept == fresh for kept, fresh in exports)
    with open_store(copy) as opened:
        made = refresh(opened)  # the next write makes them all again
        assert made == 2 * opened.event_count() + len(opened.articles())
    assert _kept_page(copy) == _fresh_page(copy)
    assert _exports(copy) == exports
