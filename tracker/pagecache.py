"""The timeline page made from the pieces the store keeps, so a rewrite costs what changed.

An event's (or article's) part of the page depends on that event alone (tracker.render.payload:
its view as JSON text and the few facts the page's order, lanes and summary read). The store keeps
these pieces beside the events and articles (the page_pieces table) and drops one whenever its
event or article is written or deleted. After an add, a build or a correction, `refresh` makes
the missing pieces in the same write transaction; `page` then reads the pieces and decodes only
the events and articles that have none (a store that was just upgraded, or one of an older
schema read as it is), so rewriting the page after one add decodes a handful of events, not all.

The page is the same bytes as tracker.render.render_html of the stored events and articles.
The stored pieces carry the fingerprint of the code that made them (the sources of the modules
that shape a piece): after an upgrade that changes any of them, the old pieces are not used, and
the next write makes them all again.

Each event also has a record piece: its record as `tracker query --format json` writes it
(tracker.records.record_text) and its days, so a date-range query joins kept texts instead of
decoding events and encoding them again (`records`); its export is the same bytes.
"""

from __future__ import annotations

import functools
import gc
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from tracker.records import record_text
from tracker.store import Store, Window
from tracker.types import Event

KINDS = ("event", "article")  # the page's pieces
RECORD = "record"  # an event's record in the JSON export (tracker query), kept beside its page piece
# The modules whose code decides what a piece holds.
SHAPERS = ("tracker.render.payload", "tracker.render.story", "tracker.render.words", "tracker.records", "tracker.types",
           "tracker.codec")


@functools.cache
def fingerprint() -> str:
    """A digest of the source of the modules that shape a piece (read from their files, not
    imported: a query checks it and need not pay for the page's modules)."""
    import hashlib
    from pathlib import Path

    import tracker

    package = Path(tracker.__file__).parent
    digest = hashlib.sha256()
    for name in SHAPERS:
        digest.update(package.joinpath(*name.split(".")[1:]).with_suffix(".py").read_bytes())
    return digest.hexdigest()[:16]


def _current(store: Store) -> bool:
    return store.has_pieces() and store.pieces_made_by() == fingerprint()


def refresh(store: Store) -> int:
    """Make and keep the pieces of the events and articles that have none (inside a write
    transaction). Returns how many were made."""
    from tracker.render.payload import article_piece, event_piece, piece_row

    if not store.has_pieces():
        return 0
    if store.pieces_made_by() != fingerprint():
        store.restart_pieces(fingerprint())
    events = store.without_pieces("event", RECORD)  # an event lacking either piece is decoded once for both
    store.put_pieces("event", [piece_row(event_piece(e)) for e in events])
    store.put_pieces(RECORD, [record_row(e) for e in events])
    articles = [piece_row(article_piece(a)) for a in store.without_pieces("article")]
    store.put_pieces("article", articles)
    return 2 * len(events) + len(articles)


def record_row(event: Event) -> tuple[str, str, str]:
    """(id, facts, view) of an event's record piece: its days as a JSON list (null when undated)
    and its record as the JSON export writes it."""
    days = None if event.time is None else [event.time.start.isoformat(), event.time.end.isoformat()]
    return event.id, json.dumps(days), record_text(event)


@dataclass(frozen=True, slots=True)
class Record:
    """An event's record in the JSON export, with what a date-range query sorts and filters on."""

    id: str
    start: date | None
    end: date | None
    text: str


def records(store: Store, window: Window | None = None) -> list[Record]:
    """The records of the events anchored in the window (all events when None; the undated ones
    too, as Store.events_in gives them), in no particular order: the kept pieces, and the events
    that have none decoded (all of them when the pieces are another code's, or the store has none)."""
    from tracker import codec

    if not _current(store):
        rows = [record_row(e) for e in (store.events() if window is None else store.events_in(window))]
    else:
        rows = [(i, facts, view) if data is None else record_row(codec.loads(Event, data))
                for i, facts, view, data in store.pieces_in(RECORD, window)]
    return [_record(i, json.loads(facts), view) for i, facts, view in rows]


def _record(event_id: str, days: list | None, text: str) -> Record:
    if days is None:
        return Record(event_id, None, None, text)
    return Record(event_id, date.fromisoformat(days[0]), date.fromisoformat(days[1]), text)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a page is assembled. The page makes tens of thousands
    of small objects that hold no cycles (facts, tuples, strings); every few hundred of them would
    start a collection, and now and then one that walks every object the process holds, the
    language models' too (measured in an add into 9,999 articles: 0.15 s of the page's 0.85 s)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def page(store: Store, built_at: str) -> str:
    """The timeline page of the store (a read-only snapshot will do)."""
    return "".join(page_chunks(store, built_at))


def page_chunks(store: Store, built_at: str) -> list[str]:
    """The page in parts, in order (tracker.render.html.page_chunks), for a writer that writes
    them one by one: the 33 MB page of 10,000 articles is never one string."""
    with collector_paused():
        return _page(store, built_at)


def _page(store: Store, built_at: str) -> list[str]:
    from tracker.render.html import page_chunks as render_chunks
    from tracker.render.payload import article_piece, event_piece, stored_pieces

    pieces = {}
    current = _current(store)
    for kind, make in zip(KINDS, (event_piece, article_piece), strict=True):
        if current:
            kept = stored_pieces(kind, store.stored_pieces(kind))
            pieces[kind] = kept + [make(x) for x in store.without_pieces(kind)]
        else:  # pieces of other code (or none): every event and article decoded
            pieces[kind] = [make(x) for x in (store.events() if kind == "event" else store.articles())]
    return render_chunks(pieces["event"], pieces["article"], built_at=built_at)
