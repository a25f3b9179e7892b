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
"""

from __future__ import annotations

import functools

from tracker.store import Store

KINDS = ("event", "article")
# The modules whose code decides what a piece holds.
SHAPERS = ("tracker.render.payload", "tracker.render.story", "tracker.render.words", "tracker.records", "tracker.types",
           "tracker.codec")


@functools.cache
def fingerprint() -> str:
    """A digest of the source of the modules that shape a piece."""
    import hashlib
    import importlib
    from pathlib import Path

    digest = hashlib.sha256()
    for name in SHAPERS:
        digest.update(Path(importlib.import_module(name).__file__).read_bytes())
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
    made = 0
    for kind, make in zip(KINDS, (event_piece, article_piece), strict=True):
        rows = [piece_row(make(x)) for x in store.without_pieces(kind)]
        store.put_pieces(kind, rows)
        made += len(rows)
    return made


def page(store: Store, built_at: str) -> str:
    """The timeline page of the store (a read-only snapshot will do)."""
    from tracker.render.html import render_pieces
    from tracker.render.payload import article_piece, event_piece, stored_pieces

    pieces = {}
    current = _current(store)
    for kind, make in zip(KINDS, (event_piece, article_piece), strict=True):
        if current:
            kept = stored_pieces(kind, store.stored_pieces(kind))
            pieces[kind] = kept + [make(x) for x in store.without_pieces(kind)]
        else:  # pieces of other code (or none): every event and article decoded
            pieces[kind] = [make(x) for x in (store.events() if kind == "event" else store.articles())]
    return render_pieces(pieces["event"], pieces["article"], built_at=built_at)
