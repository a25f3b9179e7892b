"""The embedded backend: one SQLite file, in WAL mode.

What it promises (SQLite's own guarantees, used as SQLite intends):
- A store is known by its header: `PRAGMA application_id` is "TRKR" and `PRAGMA user_version` the
  schema. Any other file, or another program's database, is refused before anything is written;
  a store of tracker's first schema (no application id, a `meta` table saying schema 1) is
  migrated in place after a backup copy is made beside it.
- A new store is made complete in a temporary file of the same folder and linked into place, so
  two processes creating one store at once get one store, and no one ever sees half of one.
- Readers take a snapshot (`BEGIN` with `query_only`): they never take the write lock, never wait
  for a writer, and never write (not even a migration).
- Writers run `BEGIN IMMEDIATE`: one at a time, each waiting its turn (a busy timeout, then
  retries until $TRACKER_LOCK_WAIT seconds, default 600, have passed). A kill at any moment leaves the last committed state.
"""

from __future__ import annotations

import os
import random
import sqlite3
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from tracker.errors import StoreError
from tracker.store.base import APPLICATION, APPLICATION_ID, SCHEMA_VERSION, TABLES, Store, lock_wait

MAGIC = b"SQLite format 3\x00"
HEADER_BYTES = 100
BUSY_TIMEOUT_MS = 5_000  # SQLite's own wait for a lock, per try
# A writer's page cache (SQLite's default is 2 MiB): a build writes every article, mention and
# shingle sample of a batch in one transaction, and its indexes (the copy check's samples by hash,
# the mentions by day) take each new row at a random place; once they outgrow the cache each insert
# reads its pages back. Allocated only as pages are used. Example: the samples of 3,000 articles
# inserted into the 10,000-article synthetic store, 1.85 s with 2 MiB, 0.95 s with 64 MiB.
WRITER_CACHE_KIB = 65536

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, published TEXT, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS articles_content ON articles(content_hash);
CREATE INDEX IF NOT EXISTS articles_published ON articles(id, published);
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
CREATE INDEX IF NOT EXISTS shingle_samples_hash_article ON shingle_samples(hash, article_id);
CREATE INDEX IF NOT EXISTS shingle_samples_article ON shingle_samples(article_id);
CREATE TABLE IF NOT EXISTS copies (content_hash TEXT PRIMARY KEY, article_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS corrections (content_hash TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vectors (
    mention_id TEXT PRIMARY KEY REFERENCES mentions(id) ON DELETE CASCADE, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS event_mentions (
    mention_id TEXT NOT NULL, event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    PRIMARY KEY (mention_id, event_id));
CREATE INDEX IF NOT EXISTS event_mentions_event ON event_mentions(event_id);
CREATE TABLE IF NOT EXISTS page_pieces (
    kind TEXT NOT NULL, id TEXT NOT NULL, facts TEXT NOT NULL, view TEXT NOT NULL, PRIMARY KEY (kind, id));
CREATE TABLE IF NOT EXISTS article_vectors (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE, whole BLOB NOT NULL, body BLOB NOT NULL);
"""

# What changes a store of schema N into one of N + 1, in order; new tables and indexes come from
# SCHEMA itself (CREATE ... IF NOT EXISTS) after the last step. A new schema adds a step here,
# bumps SCHEMA_VERSION, and gets a test that upgrades a store written the old way.
MIGRATIONS = {
    # 1 -> 2: the read publication date gets a column of its own (no JSON function is needed to
    # find it, on either backend); articles are indexed by content hash (from SCHEMA).
    1: """
    ALTER TABLE articles ADD COLUMN published TEXT;
    UPDATE articles SET published = json_extract(data, '$.published')
        WHERE json_extract(data, '$.published') IS NOT NULL AND NOT json_extract(data, '$.published_inferred');
    """,
    # 2 -> 3: mentions get their meaning vectors (the vectors table comes from SCHEMA); a store
    # migrated from 2 has none for its old mentions, which are embedded again when next merged.
    2: "",
    # 3 -> 4: which event holds which mention, so an append finds the events its mentions touch
    # through an index instead of decoding a window of events; filled from the stored events.
    3: """
    CREATE TABLE IF NOT EXISTS event_mentions (
        mention_id TEXT NOT NULL, event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        PRIMARY KEY (mention_id, event_id));
    INSERT OR IGNORE INTO event_mentions (mention_id, event_id)
        SELECT json_extract(m.value, '$.id'), e.id FROM events e, json_each(e.data, '$.mentions') m;
    """,
    # 4 -> 5: each event's and article's part of the page, kept so a page rewrite reuses it (the
    # page_pieces table comes from SCHEMA); empty after the upgrade, filled when the page is next made.
    4: "",
    # 5 -> 6: the copy check counts shared sample hashes per article from an index alone (hash, then
    # article id: it replaces the index on hash), and the publication dates are read from an index
    # (id, published) instead of every article's row (both indexes come from SCHEMA).
    5: "DROP INDEX IF EXISTS shingle_samples_hash",
    # 6 -> 7: each article's TF-IDF vectors, kept so a re-merge does not read and weigh its text again
    # (the article_vectors table comes from SCHEMA); an old article's are computed when it is next merged.
    6: "",
}


class SqliteStore(Store):
    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.db = connection
        self.path = path
        self.location = str(path)

    def run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        return self.db.execute(sql, params).fetchall()

    def run_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.db.executemany(sql, list(rows))


# -- what a file is ---------------------------------------------------------------------------

    def has_table(self, name: str) -> bool:
        return bool(self.run("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", (name,)))



def identify(path: Path) -> str:
    """'missing', 'current' or 'legacy' (an older schema); anything else raises StoreError saying what it is."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise StoreError(f"{path}: a broken symbolic link, not a tracker store") from None
        return "missing"
    except OSError as err:
        raise StoreError(f"{path}: cannot be read ({err.strerror})") from err
    _check_regular(path, info)
    header = _header(path)
    if not header.startswith(MAGIC):
        raise StoreError(f"{path}: not a tracker store (not an SQLite database); tracker writes nothing into it")
    claimed = int.from_bytes(header[68:72], "big")
    if claimed not in (0, APPLICATION_ID):
        raise StoreError(f"{path}: not a tracker store (an SQLite database of another program, "
                         f"application id {claimed:#x}); tracker writes nothing into it")
    return _identify_by_content(path)


def _check_regular(path: Path, info: os.stat_result) -> None:
    import stat

    if stat.S_ISDIR(info.st_mode):
        raise StoreError(f"{path}: a folder, not a store file (name a file, e.g. {Path(path) / 'tracker.db'})")
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(f"{path}: not a regular file, not a tracker store")
    if info.st_size == 0:
        raise StoreError(f"{path}: an empty file, not a tracker store; tracker writes nothing into it")


def _header(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(HEADER_BYTES)
    except OSError as err:
        raise StoreError(f"{path}: cannot be read ({err.strerror})") from err


def _identify_by_content(path: Path) -> str:
    """Read through SQLite (which sees a header change still in the write-ahead log)."""
    try:
        with closing(_connect_read_only(path)) as db:
            app = db.execute("PRAGMA application_id").fetchone()[0]
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
            schema = _meta_schema(db) if "meta" in tables else None
    except sqlite3.DatabaseError as err:
        raise StoreError(f"{path}: not a tracker store ({err})") from err
    if app == APPLICATION_ID:
        if version > SCHEMA_VERSION:
            raise StoreError(f"{path}: a store of schema {version}, made by a newer tracker; this one reads "
                             f"schema {SCHEMA_VERSION}")
        return "current" if version == SCHEMA_VERSION else "legacy"
    if schema == "1" and {"articles", "mentions", "events"} <= tables:
        return "legacy"
    others = ", ".join(sorted(t for t in tables if not t.startswith("sqlite_"))[:5]) or "no tables"
    raise StoreError(f"{path}: not a tracker store (an SQLite database with {others}); tracker writes nothing into it")


def _meta_schema(db: sqlite3.Connection) -> str | None:
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except sqlite3.DatabaseError:
        return None
    return str(row[0]) if row else None


# -- connections --------------------------------------------------------------------------------
def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write. In a folder we cannot write to, a store with no pending
    write-ahead log is opened as immutable (SQLite would want to create its shared-memory file)."""
    uri = f"file:{quote(str(Path(path).resolve()))}?mode=ro"
    db = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        db.execute("PRAGMA query_only = ON")
        db.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        return db
    except sqlite3.OperationalError:
        db.close()
        wal = Path(f"{path}-wal")
        if os.access(Path(path).parent, os.W_OK) or (wal.exists() and wal.stat().st_size > 0):
            raise
    db = sqlite3.connect(uri + "&immutable=1", uri=True, isolation_level=None)
    db.execute("PRAGMA query_only = ON")
    return db


def _connect_writer(path: Path) -> sqlite3.Connection:
    for target, what in ((path, "the store file"), (Path(path).parent, "the store's folder")):
        if not os.access(target, os.W_OK):
            raise StoreError(f"{path}: cannot write the store: {what} is read-only")
    busy_ms = int(min(BUSY_TIMEOUT_MS, lock_wait() * 1000))
    db = sqlite3.connect(path, isolation_level=None, timeout=busy_ms / 1000)
    db.execute(f"PRAGMA busy_timeout = {busy_ms}")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KIB}")
    return db


def _begin_immediate(db: sqlite3.Connection, path: Path) -> None:
    """Take the write lock, waiting for other writers for up to lock_wait() seconds."""
    deadline = time.monotonic() + lock_wait()
    while True:
        try:
            db.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as err:
            if not _busy(err) or time.monotonic() > deadline:
                raise
        time.sleep(random.uniform(0.05, 0.25))  # jitter, so waiting writers do not retry in step
    raise AssertionError("unreachable")


def _busy(err: sqlite3.Error) -> bool:
    return getattr(err, "sqlite_errorcode", None) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in str(err)


# -- making and upgrading a store ---------------------------------------------------------------
def prepare(path: Path, *, create: bool) -> None:
    """Make sure a current tracker store is at path: create it (when allowed), or migrate one of an
    older schema. Raises StoreError for anything else, before writing a byte."""
    kind = identify(path)
    if kind == "current":
        return
    if kind == "missing":
        if not create:
            raise StoreError(f"{path}: no store here yet (run `tracker build` or `tracker add` first)")
        _create(path)
        return
    _migrate(path)


def _create(path: Path) -> None:
    folder = Path(path).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=f".{Path(path).name}.new-", dir=folder)
        os.close(handle)
    except OSError as err:
        raise StoreError(f"{path}: cannot create the store here ({err.strerror})") from err
    try:
        with closing(sqlite3.connect(tmp, isolation_level=None)) as db:
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("BEGIN")
            _write_schema(db)
            db.execute("COMMIT")
        _link_into_place(Path(tmp), Path(path))
    finally:
        for leftover in (tmp, f"{tmp}-wal", f"{tmp}-shm"):
            if os.path.exists(leftover):
                os.unlink(leftover)


def _write_schema(db: sqlite3.Connection) -> None:
    for statement in SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute("INSERT INTO meta (key, value) VALUES ('schema', ?), ('application', ?) "
               "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (str(SCHEMA_VERSION), APPLICATION))
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _link_into_place(tmp: Path, path: Path) -> None:
    """Put the finished store at path unless someone else got there first (then theirs stays)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        return
    except OSError:  # a file system without hard links: rename, if the name is still free
        if not path.exists():
            os.replace(tmp, path)


def _migrate(path: Path) -> None:
    """An older schema upgraded in place, after a backup copy beside the store; one migrator at a time."""
    backup = _backup(path)
    db = _connect_writer(path)
    try:
        _begin_immediate(db, path)
        version = db.execute("PRAGMA user_version").fetchone()[0] or 1  # schema 1 set no user_version
        if version >= SCHEMA_VERSION:
            db.execute("ROLLBACK")  # another process migrated it while we waited
            return
        for step in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[step].split(";"):  # not executescript: it would commit first
                if statement.strip():
                    db.execute(statement)
        _write_schema(db)
        db.execute("COMMIT")
        _use_wal(db)
    except sqlite3.Error as err:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise StoreError(f"{path}: cannot upgrade the store to schema {SCHEMA_VERSION} ({err}); it is unchanged, "
                         f"and a copy is at {backup}") from err
    finally:
        db.close()


def _backup(path: Path) -> Path:
    try:
        with closing(_connect_read_only(path)) as source:
            version = source.execute("PRAGMA user_version").fetchone()[0] or 1
            target = Path(f"{path}.schema{version}-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.bak")
            with closing(sqlite3.connect(target)) as copy:
                source.backup(copy)
    except (sqlite3.Error, OSError) as err:
        raise StoreError(f"{path}: cannot make a backup before upgrading the store ({err}); it is unchanged") from err
    return target


def _use_wal(db: sqlite3.Connection) -> None:
    try:
        db.execute("PRAGMA journal_mode = WAL")
    except sqlite3.OperationalError:
        pass  # other connections are open: the store stays in rollback mode, correct but slower for readers


# -- transactions -------------------------------------------------------------------------------
@contextmanager
def write(path: Path, *, create: bool = False) -> Iterator[SqliteStore]:
    """A write transaction: everything done inside the block lands together, or nothing does."""
    path = Path(path)
    prepare(path, create=create)
    db = _guard(path, lambda: _connect_writer(path))
    try:
        _guard(path, lambda: _begin_immediate(db, path))
        yield SqliteStore(db, path)
        _guard(path, lambda: db.execute("COMMIT"))
    except BaseException as err:
        if db.in_transaction:
            db.execute("ROLLBACK")
        if isinstance(err, sqlite3.Error):
            raise _store_error(path, err) from err
        raise
    finally:
        db.close()


@contextmanager
def read(path: Path) -> Iterator[SqliteStore]:
    """A read-only snapshot: no lock that a writer waits for, nothing written."""
    path = Path(path)
    if identify(path) == "missing":
        raise StoreError(f"{path}: no store here yet (run `tracker build` or `tracker add` first)")
    db = _guard(path, lambda: _connect_read_only(path))
    try:
        _guard(path, lambda: db.execute("BEGIN"))
        yield SqliteStore(db, path)
    except sqlite3.Error as err:
        raise _store_error(path, err) from err
    finally:
        if db.in_transaction:
            db.execute("ROLLBACK")
        db.close()


def _guard(path: Path, step):
    try:
        return step()
    except sqlite3.Error as err:
        raise _store_error(path, err) from err


def _store_error(path: Path, err: sqlite3.Error) -> StoreError:
    text = str(err)
    if _busy(err):
        return StoreError(f"{path}: the store stayed busy for over {lock_wait():.0f} s (another tracker is "
                          "writing); nothing was changed, try again")
    if "readonly" in text or "read-only" in text:
        return StoreError(f"{path}: cannot write the store (a read-only file or folder); nothing was changed")
    if "disk" in text and "full" in text:
        return StoreError(f"{path}: the disk is full; nothing was changed")
    return StoreError(f"{path}: store error ({text}); nothing was changed")


__all__ = ["SqliteStore", "identify", "prepare", "read", "write", "TABLES"]
