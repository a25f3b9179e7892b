"""The embedded store: one SQLite file holding articles, their mentions (parsed once) and events.

Articles and mentions are written once per article; events are replaced window by window when
new mentions arrive, so an append re-merges only the time it touches.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tracker import codec
from tracker.errors import StoreError
from tracker.types import Article, Correction, Event, Mention, TimeValue

SCHEMA_VERSION = "1"
DEFAULT_STORE = Path("output") / "tracker.db"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS mentions (
    id TEXT PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    anchor_start TEXT, anchor_end TEXT, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS mentions_anchor ON mentions(anchor_start, anchor_end);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY, anchor_start TEXT, anchor_end TEXT, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_anchor ON events(anchor_start, anchor_end);
CREATE TABLE IF NOT EXISTS shingle_samples (
    hash INTEGER NOT NULL, article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE);
CREATE INDEX IF NOT EXISTS shingle_samples_hash ON shingle_samples(hash);
CREATE INDEX IF NOT EXISTS shingle_samples_article ON shingle_samples(article_id);
CREATE TABLE IF NOT EXISTS copies (content_hash TEXT PRIMARY KEY, article_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS corrections (content_hash TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vectors (
    mention_id TEXT PRIMARY KEY REFERENCES mentions(id) ON DELETE CASCADE, data BLOB NOT NULL);
"""
SQL_CHUNK = 500  # values bound in one IN (...) list


def default_store_path() -> Path:
    return Path(os.environ.get("TRACKER_STORE") or DEFAULT_STORE)


@dataclass(frozen=True, slots=True)
class Window:
    """A span of days that a re-merge covers; None bounds mean the mention has no anchor at all."""

    start: date
    end: date


def mention_anchor(mention: Mention) -> TimeValue | None:
    """Where a mention sits in time for blocking: its own time, else its article's date."""
    return mention.time or mention.published


def event_anchor(event: Event) -> TimeValue | None:
    if event.time is not None:
        return event.time
    anchors = [a for a in (mention_anchor(m) for m in event.mentions) if a is not None]
    if not anchors:
        return None
    return TimeValue(min(a.start for a in anchors), max(a.end for a in anchors), anchors[0].precision)


class Store:
    """A connection to one store file. Use `open_store` rather than building one directly."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.db = connection
        self.path = path

    # -- articles and mentions -------------------------------------------------------------
    def has_content(self, content_hash: str) -> bool:
        """True when these exact bytes (with the same flags) were added before, as an article or a copy."""
        row = self.db.execute(
            "SELECT 1 FROM articles WHERE content_hash = ? UNION ALL SELECT 1 FROM copies WHERE content_hash = ?",
            (content_hash, content_hash),
        )
        return row.fetchone() is not None

    def update_article(self, article: Article) -> None:
        """Rewrite a stored article's record (its places and metadata), leaving its mentions as they are."""
        self.db.execute("UPDATE articles SET data = ? WHERE id = ?", (codec.dumps(article), article.id))

    def articles_with_prefix(self, prefix: str) -> list[Article]:
        rows = self.db.execute("SELECT data FROM articles WHERE substr(id, 1, ?) = ? ORDER BY id LIMIT 2",
                               (len(prefix), prefix))
        return [codec.loads(Article, r[0]) for r in rows]

    # -- copies: the shingle sample index and the copies recorded --------------------------
    def index_samples(self, article_id: str, samples: Sequence[int]) -> None:
        self.db.execute("DELETE FROM shingle_samples WHERE article_id = ?", (article_id,))
        self.db.executemany("INSERT INTO shingle_samples (hash, article_id) VALUES (?, ?)",
                            [(h, article_id) for h in samples])

    def unindexed_articles(self) -> list[Article]:
        """Articles stored before the sample index existed (or with an empty sample)."""
        rows = self.db.execute("SELECT data FROM articles WHERE id NOT IN "
                               "(SELECT DISTINCT article_id FROM shingle_samples) ORDER BY id")
        return [codec.loads(Article, r[0]) for r in rows]

    def sample_matches(self, samples: Sequence[int]) -> dict[str, int]:
        """For each stored article sharing part of this sample: how many of its hashes it shares."""
        counts: dict[str, int] = {}
        for i in range(0, len(samples), SQL_CHUNK):
            chunk = list(samples[i : i + SQL_CHUNK])
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(f"SELECT article_id, count(*) FROM shingle_samples WHERE hash IN ({marks}) "
                                   "GROUP BY article_id", chunk)
            for article_id, count in rows:
                counts[article_id] = counts.get(article_id, 0) + count
        return counts

    def add_copy(self, content_hash: str, article_id: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO copies (content_hash, article_id) VALUES (?, ?)",
                        (content_hash, article_id))

    # -- corrections -----------------------------------------------------------------------
    def correction(self, content_hash: str) -> Correction | None:
        row = self.db.execute("SELECT data FROM corrections WHERE content_hash = ?", (content_hash,)).fetchone()
        return codec.loads(Correction, row[0]) if row else None

    def corrections(self) -> list[Correction]:
        rows = self.db.execute("SELECT data FROM corrections ORDER BY content_hash")
        return [codec.loads(Correction, r[0]) for r in rows]

    def put_correction(self, correction: Correction) -> None:
        self.db.execute("INSERT OR REPLACE INTO corrections (content_hash, data) VALUES (?, ?)",
                        (correction.content_hash, codec.dumps(correction)))

    def article(self, article_id: str) -> Article | None:
        row = self.db.execute("SELECT data FROM articles WHERE id = ?", (article_id,)).fetchone()
        return codec.loads(Article, row[0]) if row else None

    def articles(self) -> list[Article]:
        rows = self.db.execute("SELECT data FROM articles ORDER BY id")
        return [codec.loads(Article, r[0]) for r in rows]

    def read_publication_dates(self) -> list[TimeValue]:
        """Publication dates read (not inferred) from the stored articles, without loading bodies:
        the collection that gives year-less dates of new articles their year."""
        rows = self.db.execute(
            "SELECT json_extract(data, '$.published') FROM articles "
            "WHERE json_extract(data, '$.published') IS NOT NULL "
            "AND NOT json_extract(data, '$.published_inferred') ORDER BY id"
        )
        return [codec.loads(TimeValue, r[0]) for r in rows]

    def read_days(self) -> list[tuple[str, date]]:
        """(body, day) of every stored article whose publication day was read, not inferred."""
        rows = self.db.execute(
            "SELECT json_extract(data, '$.body'), json_extract(data, '$.published') FROM articles "
            "WHERE json_extract(data, '$.published') IS NOT NULL "
            "AND NOT json_extract(data, '$.published_inferred') ORDER BY id"
        )
        days = [(body, codec.loads(TimeValue, value)) for body, value in rows]
        return [(body, value.start) for body, value in days if value.start == value.end]

    def put_article(self, article: Article, mentions: Sequence[Mention]) -> list[Mention]:
        """Store an article and its mentions, replacing an earlier version of the same id.

        Returns the mentions of the replaced version, whose events must be re-merged too.
        """
        old = self.mentions_of(article.id)
        self.db.execute("DELETE FROM mentions WHERE article_id = ?", (article.id,))
        self.db.execute(
            "INSERT OR REPLACE INTO articles (id, content_hash, data) VALUES (?, ?, ?)",
            (article.id, article.content_hash, codec.dumps(article)),
        )
        self.db.executemany(
            "INSERT OR REPLACE INTO mentions (id, article_id, anchor_start, anchor_end, data) "
            "VALUES (?, ?, ?, ?, ?)",
            [(m.id, m.article_id, *_bounds(mention_anchor(m)), codec.dumps(m)) for m in mentions],
        )
        return old

    def put_vectors(self, vectors: dict[str, bytes]) -> None:
        """Meaning vectors of mentions (tracker.merge.vectors packs them), computed once at parse."""
        self.db.executemany("INSERT OR REPLACE INTO vectors (mention_id, data) VALUES (?, ?)", sorted(vectors.items()))

    def vectors_of(self, mention_ids: Sequence[str]) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        ids = list(mention_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            out.update(self.db.execute(f"SELECT mention_id, data FROM vectors WHERE mention_id IN ({marks})", chunk).fetchall())
        return out

    def bodies_of(self, article_ids: Sequence[str]) -> dict[str, str]:
        """Article bodies by id, without decoding the whole article."""
        out: dict[str, str] = {}
        ids = list(article_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(f"SELECT id, json_extract(data, '$.body') FROM articles WHERE id IN ({marks})", chunk)
            out.update(rows.fetchall())
        return out

    def mentions_of(self, article_id: str) -> list[Mention]:
        rows = self.db.execute("SELECT data FROM mentions WHERE article_id = ? ORDER BY id", (article_id,))
        return [codec.loads(Mention, r[0]) for r in rows]

    def mention_counts(self) -> dict[str, int]:
        rows = self.db.execute("SELECT article_id, count(*) FROM mentions GROUP BY article_id")
        return dict(rows.fetchall())

    def all_mentions(self) -> list[Mention]:
        rows = self.db.execute("SELECT data FROM mentions ORDER BY id")
        return [codec.loads(Mention, r[0]) for r in rows]

    def mentions_in(self, window: Window) -> list[Mention]:
        """Mentions anchored in the window, plus those with no anchor at all."""
        rows = self.db.execute(
            "SELECT data FROM mentions WHERE anchor_start IS NULL "
            "OR (anchor_start <= ? AND anchor_end >= ?) ORDER BY id",
            (window.end.isoformat(), window.start.isoformat()),
        )
        return [codec.loads(Mention, r[0]) for r in rows]

    # -- events ----------------------------------------------------------------------------
    def events(self) -> list[Event]:
        rows = self.db.execute("SELECT data FROM events")
        return sort_events(codec.loads(Event, r[0]) for r in rows)

    def event(self, event_id: str) -> Event | None:
        row = self.db.execute("SELECT data FROM events WHERE id = ?", (event_id,)).fetchone()
        return codec.loads(Event, row[0]) if row else None

    def events_with_prefix(self, prefix: str) -> list[Event]:
        """Events whose id starts with prefix (ids are hex, so no LIKE wildcard can sneak in)."""
        rows = self.db.execute("SELECT data FROM events WHERE substr(id, 1, ?) = ? LIMIT 2", (len(prefix), prefix))
        return [codec.loads(Event, r[0]) for r in rows]

    def events_in(self, window: Window) -> list[Event]:
        rows = self.db.execute(
            "SELECT data FROM events WHERE anchor_start IS NULL "
            "OR (anchor_start <= ? AND anchor_end >= ?)",
            (window.end.isoformat(), window.start.isoformat()),
        )
        return [codec.loads(Event, r[0]) for r in rows]

    def replace_events(self, old_ids: Iterable[str], events: Sequence[Event]) -> None:
        self.db.executemany("DELETE FROM events WHERE id = ?", [(i,) for i in old_ids])
        self.db.executemany(
            "INSERT OR REPLACE INTO events (id, anchor_start, anchor_end, data) VALUES (?, ?, ?, ?)",
            [(e.id, *_bounds(event_anchor(e)), codec.dumps(e)) for e in events],
        )


def sort_events(events: Iterable[Event]) -> list[Event]:
    """Dated events by start, end and id; undated ones last, by id."""

    def key(e: Event) -> tuple:
        if e.time is None:
            return (1, "", "", e.id)
        return (0, e.time.start.isoformat(), e.time.end.isoformat(), e.id)

    return sorted(events, key=key)


def _bounds(value: TimeValue | None) -> tuple[str | None, str | None]:
    if value is None:
        return None, None
    return value.start.isoformat(), value.end.isoformat()


def _connect(path: Path) -> sqlite3.Connection:
    try:
        connection = sqlite3.connect(path, isolation_level=None)
        connection.execute("PRAGMA foreign_keys = ON")
        connection.executescript(_SCHEMA)
        version = connection.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except sqlite3.DatabaseError as err:
        raise StoreError(f"{path}: not a tracker store ({err})") from err
    if version is None:
        connection.execute("INSERT INTO meta (key, value) VALUES ('schema', ?)", (SCHEMA_VERSION,))
    elif version[0] != SCHEMA_VERSION:
        raise StoreError(f"{path}: store schema {version[0]}, this tracker reads {SCHEMA_VERSION}")
    return connection


@contextmanager
def open_store(path: Path, *, create: bool = False) -> Iterator[Store]:
    """Open a store; everything done inside the block is one transaction."""
    path = Path(path)
    if not path.exists():
        if not create:
            raise StoreError(f"{path}: no store here yet (run `tracker build` or `tracker add` first)")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StoreError(f"{path}: cannot create the store folder ({err.strerror})") from err
    connection = _connect(path)
    try:
        connection.execute("BEGIN IMMEDIATE")
        yield Store(connection, path)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    finally:
        connection.close()
