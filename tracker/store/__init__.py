"""The store: articles, their mentions (parsed once) and events, behind one interface with two
backends. A path is an embedded SQLite file (the default); a `postgresql://` address is a
PostgreSQL database (tracker's tables live in a schema of their own, `tracker`).

    with open_store(location, create=True) as store:   # a write transaction, one writer at a time
        store.put_article(...)
    with read_store(location) as store:                # a read-only snapshot, never waits for writers
        store.events()

Both refuse, before writing anything, whatever is not a tracker store.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tracker.store.base import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    Store,
    Window,
    event_anchor,
    mention_anchor,
    sort_events,
    time_order,
)

__all__ = [
    "APPLICATION_ID", "DEFAULT_STORE", "SCHEMA_VERSION", "Store", "Window", "default_store_path", "event_anchor",
    "is_postgres", "mention_anchor", "open_store", "prepare_store", "read_store", "sort_events",
    "time_order",
]  # fmt: skip

DEFAULT_STORE = Path("output") / "tracker.db"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def default_store_path() -> Path | str:
    given = os.environ.get("TRACKER_STORE")
    if given and is_postgres(given):
        return given
    return Path(given or DEFAULT_STORE)


def is_postgres(location: object) -> bool:
    return isinstance(location, str) and location.startswith(POSTGRES_SCHEMES)


def prepare_store(location: str | Path, *, create: bool = False) -> None:
    """Check (and create or upgrade, when allowed) the store before a long job writes to it."""
    if is_postgres(location):
        from tracker.store import postgres

        postgres.prepare(str(location), create=create)
    else:
        from tracker.store import sqlite

        sqlite.prepare(Path(location), create=create)


@contextmanager
def open_store(location: str | Path, *, create: bool = False) -> Iterator[Store]:
    """A write transaction: everything done inside the block lands together, or nothing does."""
    if is_postgres(location):
        from tracker.store import postgres

        with postgres.write(str(location), create=create) as store:
            yield store
    else:
        from tracker.store import sqlite

        with sqlite.write(Path(location), create=create) as store:
            yield store


@contextmanager
def read_store(location: str | Path) -> Iterator[Store]:
    """A read-only snapshot of a store."""
    if is_postgres(location):
        from tracker.store import postgres

        with postgres.read(str(location)) as store:
            yield store
    else:
        from tracker.store import sqlite

        with sqlite.read(Path(location)) as store:
            yield store
