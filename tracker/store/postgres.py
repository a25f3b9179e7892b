"""The PostgreSQL backend (`--store postgresql://user@host/db`), through psycopg 3.

tracker keeps its tables in a schema of its own, `tracker`, whose `meta` table says whose it is
and which schema version it holds; a database without that schema gets it only from a command
that may create a store (`build`, `add`), and a `tracker` schema some other program made is
refused before anything is written. The guarantees are SQLite's, in PostgreSQL's terms:
- Writers run at READ COMMITTED and first take a transaction-level advisory lock, so concurrent
  adders merge one after another, each seeing everything committed before it (as BEGIN IMMEDIATE).
- Readers run REPEATABLE READ, READ ONLY: one consistent snapshot, no lock a writer waits for.
- A transaction is whole or absent: a killed client's transaction is rolled back by the server.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from tracker.errors import StoreError
from tracker.store.base import APPLICATION, SCHEMA_VERSION, Store, lock_wait

SCHEMA_NAME = "tracker"
LOCK_KEY = (0x54524B52, 1)  # ("TRKR", 1): the advisory lock of the store in this database
CONNECT_TIMEOUT = 10

SCHEMA = """
CREATE SCHEMA tracker;
COMMENT ON SCHEMA tracker IS 'tracker store: articles, mentions and events';
CREATE TABLE tracker.meta (key TEXT COLLATE "C" PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE tracker.articles (
    id TEXT COLLATE "C" PRIMARY KEY, content_hash TEXT COLLATE "C" NOT NULL, published TEXT, data TEXT NOT NULL);
CREATE INDEX articles_content ON tracker.articles(content_hash);
CREATE INDEX articles_published ON tracker.articles(id, published);
CREATE TABLE tracker.mentions (
    id TEXT COLLATE "C" PRIMARY KEY,
    article_id TEXT COLLATE "C" NOT NULL REFERENCES tracker.articles(id) ON DELETE CASCADE,
    anchor_start TEXT COLLATE "C", anchor_end TEXT COLLATE "C", data TEXT NOT NULL);
CREATE INDEX mentions_anchor ON tracker.mentions(anchor_start, anchor_end);
CREATE INDEX mentions_article ON tracker.mentions(article_id);
CREATE TABLE tracker.events (
    id TEXT COLLATE "C" PRIMARY KEY, anchor_start TEXT COLLATE "C", anchor_end TEXT COLLATE "C", data TEXT NOT NULL);
CREATE INDEX events_anchor ON tracker.events(anchor_start, anchor_end);
CREATE TABLE tracker.shingle_samples (
    hash BIGINT NOT NULL, article_id TEXT COLLATE "C" NOT NULL REFERENCES tracker.articles(id) ON DELETE CASCADE);
CREATE INDEX shingle_samples_hash_article ON tracker.shingle_samples(hash, article_id);
CREATE INDEX shingle_samples_article ON tracker.shingle_samples(article_id);
CREATE TABLE tracker.copies (content_hash TEXT COLLATE "C" PRIMARY KEY, article_id TEXT COLLATE "C" NOT NULL);
CREATE TABLE tracker.corrections (content_hash TEXT COLLATE "C" PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE tracker.vectors (
    mention_id TEXT COLLATE "C" PRIMARY KEY REFERENCES tracker.mentions(id) ON DELETE CASCADE, data BYTEA NOT NULL);
CREATE TABLE tracker.event_mentions (
    mention_id TEXT COLLATE "C" NOT NULL,
    event_id TEXT COLLATE "C" NOT NULL REFERENCES tracker.events(id) ON DELETE CASCADE,
    PRIMARY KEY (mention_id, event_id));
CREATE INDEX event_mentions_event ON tracker.event_mentions(event_id);
CREATE TABLE tracker.page_pieces (
    kind TEXT COLLATE "C" NOT NULL, id TEXT COLLATE "C" NOT NULL, facts TEXT NOT NULL, view TEXT NOT NULL,
    PRIMARY KEY (kind, id));
CREATE TABLE tracker.article_vectors (
    article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES tracker.articles(id) ON DELETE CASCADE,
    whole BYTEA NOT NULL, body BYTEA NOT NULL);
"""

# What changes a store of schema N into one of N + 1 (the first PostgreSQL store was of schema 2).
MIGRATIONS = {
    2: """CREATE TABLE tracker.vectors (
    mention_id TEXT COLLATE "C" PRIMARY KEY REFERENCES tracker.mentions(id) ON DELETE CASCADE, data BYTEA NOT NULL)""",
    # which event holds which mention (an append finds the events it touches by index)
    3: """CREATE TABLE tracker.event_mentions (
    mention_id TEXT COLLATE "C" NOT NULL,
    event_id TEXT COLLATE "C" NOT NULL REFERENCES tracker.events(id) ON DELETE CASCADE,
    PRIMARY KEY (mention_id, event_id));
CREATE INDEX event_mentions_event ON tracker.event_mentions(event_id);
INSERT INTO tracker.event_mentions (mention_id, event_id)
    SELECT DISTINCT m.value->>'id', e.id FROM tracker.events e, jsonb_array_elements(e.data::jsonb->'mentions') AS m(value)""",
    # each event's and article's part of the page (filled when the page is next made)
    4: """CREATE TABLE IF NOT EXISTS tracker.page_pieces (
    kind TEXT COLLATE "C" NOT NULL, id TEXT COLLATE "C" NOT NULL, facts TEXT NOT NULL, view TEXT NOT NULL,
    PRIMARY KEY (kind, id))""",
    # the copy check's counts and the publication dates read from indexes alone
    5: """DROP INDEX IF EXISTS tracker.shingle_samples_hash;
CREATE INDEX IF NOT EXISTS shingle_samples_hash_article ON tracker.shingle_samples(hash, article_id);
CREATE INDEX IF NOT EXISTS articles_published ON tracker.articles(id, published)""",
    # each article's TF-IDF vectors (an old article's are computed when it is next merged)
    6: """CREATE TABLE IF NOT EXISTS tracker.article_vectors (
    article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES tracker.articles(id) ON DELETE CASCADE,
    whole BYTEA NOT NULL, body BYTEA NOT NULL)""",
}


class PostgresStore(Store):
    def __init__(self, connection: Any, url: str) -> None:
        self.db = connection
        self.location = shown(url)

    def run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        cursor = self.db.execute(_placeholders(sql), list(params))
        return cursor.fetchall() if cursor.description is not None else []

    def run_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = [list(r) for r in rows]
        if rows:
            with self.db.cursor() as cursor:
                cursor.executemany(_placeholders(sql), rows)


def _placeholders(sql: str) -> str:
    return sql.replace("?", "%s")


def shown(url: str) -> str:
    """The address without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}@{host}" if parts.username else host
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


# -- connections and what a database holds ------------------------------------------------------
def _connect(url: str) -> Any:
    import psycopg

    try:
        db = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT)
    except psycopg.Error as err:
        raise StoreError(f"{shown(url)}: cannot connect to PostgreSQL ({_first_line(err)})") from err
    db.execute(f"SET search_path TO {SCHEMA_NAME}")
    return db


def _first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__


def identify(db: Any, url: str) -> str:
    """'missing' or 'current'; StoreError for a `tracker` schema that is not a store we can read."""
    if db.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [SCHEMA_NAME]).fetchone() is None:
        return "missing"
    if db.execute("SELECT to_regclass('tracker.meta')").fetchone()[0] is None:
        raise StoreError(f"{shown(url)}: its schema '{SCHEMA_NAME}' was not made by tracker; tracker writes nothing into it")
    meta = dict(db.execute("SELECT key, value FROM tracker.meta").fetchall())
    if meta.get("application") != APPLICATION:
        raise StoreError(f"{shown(url)}: its schema '{SCHEMA_NAME}' was not made by tracker; tracker writes nothing into it")
    version = int(meta.get("schema", "0"))
    if version > SCHEMA_VERSION:
        raise StoreError(f"{shown(url)}: a store of schema {version}, made by a newer tracker; this one reads "
                         f"schema {SCHEMA_VERSION}")
    if version < min(MIGRATIONS):  # the first PostgreSQL store is of schema 2: no older one exists
        raise StoreError(f"{shown(url)}: a store of unknown schema {version}")
    return "current" if version == SCHEMA_VERSION else "legacy"


def prepare(url: str, *, create: bool) -> None:
    """Make sure the database holds a current tracker store, creating it when allowed."""
    import psycopg

    db = _connect(url)
    try:
        found = identify(db, url)
        if found == "current":
            return
        if found == "legacy":
            _migrate(db, url)
            return
        if not create:
            raise StoreError(f"{shown(url)}: no store here yet (run `tracker build` or `tracker add` first)")
        with db.transaction():
            db.execute("SELECT pg_advisory_xact_lock(%s, %s)", list(LOCK_KEY))
            if identify(db, url) == "missing":  # not made by another process while we waited
                db.execute(SCHEMA)
                db.execute("INSERT INTO tracker.meta (key, value) VALUES ('schema', %s), ('application', %s)",
                           [str(SCHEMA_VERSION), APPLICATION])
    except psycopg.Error as err:
        raise _store_error(url, err) from err
    finally:
        db.close()


def _migrate(db: Any, url: str) -> None:
    """Upgrade an older store in one transaction, under the store's lock (another process may be
    doing the same: it is checked again once the lock is held)."""
    with db.transaction():
        db.execute("SELECT pg_advisory_xact_lock(%s, %s)", list(LOCK_KEY))
        version = int(dict(db.execute("SELECT key, value FROM tracker.meta").fetchall())["schema"])
        for step in range(version, SCHEMA_VERSION):
            db.execute(MIGRATIONS[step])
        db.execute("UPDATE tracker.meta SET value = %s WHERE key = 'schema'", [str(SCHEMA_VERSION)])


# -- transactions -------------------------------------------------------------------------------
@contextmanager
def write(url: str, *, create: bool = False) -> Iterator[PostgresStore]:
    """A write transaction that waits its turn behind other writers of the same store."""
    import psycopg

    prepare(url, create=create)
    db = _connect(url)
    db.autocommit = False
    db.isolation_level = psycopg.IsolationLevel.READ_COMMITTED
    try:
        db.execute(f"SET LOCAL lock_timeout = '{int(lock_wait() * 1000)}ms'")
        db.execute("SELECT pg_advisory_xact_lock(%s, %s)", list(LOCK_KEY))
        yield PostgresStore(db, url)
        db.commit()
    except BaseException as err:
        _rollback(db)
        if isinstance(err, psycopg.Error):
            raise _store_error(url, err) from err
        raise
    finally:
        db.close()


@contextmanager
def read(url: str) -> Iterator[PostgresStore]:
    """A read-only snapshot of the store."""
    import psycopg

    db = _connect(url)
    try:
        found = identify(db, url)
        if found == "missing":
            raise StoreError(f"{shown(url)}: no store here yet (run `tracker build` or `tracker add` first)")
        if found == "legacy":
            _migrate(db, url)
        db.autocommit = False
        db.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        db.read_only = True
        yield PostgresStore(db, url)
    except psycopg.Error as err:
        raise _store_error(url, err) from err
    finally:
        _rollback(db)
        db.close()


def _rollback(db: Any) -> None:
    try:
        db.rollback()
    except Exception:  # the connection is gone: the server has rolled the transaction back itself
        pass


def _store_error(url: str, err: BaseException) -> StoreError:
    code = getattr(err, "sqlstate", None)
    if code == "55P03":
        return StoreError(f"{shown(url)}: the store stayed busy for over {lock_wait():.0f} s (another tracker is writing); "
                          "nothing was changed, try again")
    if code in ("25006", "42501"):
        return StoreError(f"{shown(url)}: cannot write the store ({_first_line(err)}); nothing was changed")
    return StoreError(f"{shown(url)}: store error ({_first_line(err)}); nothing was changed")
