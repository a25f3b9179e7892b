"""The timeline page made from the pieces the store keeps, so a rewrite costs what changed.

An event's (or article's) part of the page depends on that event alone (tracker.render.payload:
its view as JSON text and the few facts the page's order, lanes and summary read). The store keeps
these pieces beside the events and articles (the page_pieces table) and drops one whenever its
event or article is written or deleted. After an add, a build or a correction, `refresh` makes
the missing pieces in the same write transaction; `page` then reads the pieces and decodes only
the events and articles that have none (a store that was just upgraded, or one of an older
schema read as it is), so rewriting the page after one add decodes a handful of events, not all.

The page is the same bytes as tracker.render.render_html of the stored events and articles.
"""

from __future__ import annotations

from tracker.store import Store

KINDS = ("event", "article")


def refresh(store: Store) -> int:
    """Make and keep the pieces of the events and articles that have none (inside a write
    transaction). Returns how many were made."""
    from tracker.render.payload import article_piece, event_piece, piece_row

    if not store.has_pieces():
        return 0
    made = 0
    for kind, make in zip(KINDS, (event_piece, article_piece), strict=True):
        rows = [piece_row(make(x)) for x in store.without_pieces(kind)]
        store.put_pieces(kind, rows)
        made += len(rows)
    return made


def page(store: Store, built_at: str) -> str:
    """The timeline page of the store (a read-only snapshot will do)."""
    from tracker.render.html import render_pieces
    from tracker.render.payload import article_piece, event_piece, stored_piece

    pieces = {}
    for kind, make in zip(KINDS, (event_piece, article_piece), strict=True):
        kept = [stored_piece(kind, facts, view) for _, facts, view in store.stored_pieces(kind)]
        pieces[kind] = kept + [make(x) for x in store.without_pieces(kind)]
    return render_pieces(pieces["event"], pieces["article"], built_at=built_at)
