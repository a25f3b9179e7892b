"""Issue 12, the store: nothing lost, nothing injected, nothing torn. Foreign files and databases
refused before a byte is written, an old schema upgraded after a backup, readers beside writers,
concurrent adders equal to one-by-one adding, and kills at random moments.

Short versions run in `make test`; `make stress` sets TRACKER_STRESS=1 for the long ones
(4 processes x 25 articles, 40 kills).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from corpus import write_articles
from tracker.cli import app
from tracker.errors import StoreError, TrackerError
from tracker.merge import merging
from tracker.merge.model import load_model
from tracker.pipeline import add, build
from tracker.query import read_events
from tracker.store import APPLICATION_ID, SCHEMA_VERSION, open_store, read_store

STRESS = bool(os.environ.get("TRACKER_STRESS"))
runner = CliRunner()
TRACKER = [sys.executable, "-m", "tracker"]
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")


def signature(location) -> list[tuple]:
    """What must be equal between two stores: each event's id, time and mentions."""
    return sorted((e.id, e.time, tuple(sorted(m.id for m in e.mentions))) for e in read_events(location))


def other_location(request, backend: str, folder: Path, name: str):
    if backend == "sqlite":
        return folder / f"{name}.db"
    return request.getfixturevalue("postgres").new_database(f"{name}{os.getpid()}{random.randrange(10**6)}")


# -- foreign files and databases ----------------------------------------------------------------
def recipes(path: Path) -> Path:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE recipes (name TEXT, minutes INTEGER)")
        db.execute("INSERT INTO recipes VALUES ('bread', 240)")
    return path


def commands(good: Path, out: Path) -> dict[str, list[str]]:
    return {"add": ["add", str(good), "--out", str(out)], "build": ["build", str(good), "--out", str(out)],
            "query": ["query"], "render": ["render", "--out", str(out)], "articles": ["articles"],
            "explain": ["explain", "abc"], "correct": ["correct", "good", "--source", "Example Wire", "--out", str(out)]}


@pytest.mark.parametrize("command", ["add", "build", "query", "render", "articles", "explain", "correct"])
def test_another_programs_database_is_refused_by_every_command(tmp_path, command):
    store = recipes(tmp_path / "recipes.db")
    before = store.read_bytes()
    good = tmp_path / "good.md"
    good.write_text("---\npublished: 2025-03-04\n---\nThe ferry resumed sailing on Monday, the harbour master said.\n")
    result = runner.invoke(app, [*commands(good, tmp_path / "page.html")[command], "--store", str(store)])
    assert result.exit_code == 1
    assert result.stderr == f"tracker: {store}: not a tracker store (an SQLite database with recipes); tracker writes nothing into it\n"
    assert store.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["good.md", "recipes.db"]


@pytest.mark.parametrize("content, problem", [
    (b"my shopping list\n", "not an SQLite database"),
    (b"", "an empty file"),
    (b"SQLite format 3\x00" + b"\x00" * 52 + (0x4C4F4C4F).to_bytes(4, "big") + b"\x00" * 28, "application id 0x4c4f4c4f"),
])  # fmt: skip
def test_other_files_named_as_the_store_are_never_replaced(tmp_path, content, problem):
    store = tmp_path / "notes.db"
    store.write_bytes(content)
    good = tmp_path / "good.md"
    good.write_text("---\npublished: 2025-03-04\n---\nThe ferry resumed sailing on Monday, the harbour master said.\n")
    for args in (["build", str(good)], ["add", str(good)], ["query"]):
        result = runner.invoke(app, [*args, "--store", str(store)])
        assert result.exit_code == 1 and problem in result.stderr and "Traceback" not in result.output
    assert store.read_bytes() == content


def test_a_fifo_a_folder_and_a_loop_named_as_the_store_are_refused_without_opening(tmp_path):
    os.mkfifo(tmp_path / "pipe.db")
    (tmp_path / "folder.db").mkdir()
    os.symlink(tmp_path / "b.db", tmp_path / "a.db")
    os.symlink(tmp_path / "a.db", tmp_path / "b.db")
    for name, problem in (("pipe.db", "not a regular file"), ("folder.db", "a folder"), ("a.db", "cannot be read")):
        with pytest.raises(StoreError, match=problem):
            with read_store(tmp_path / name):
                pass


def test_a_postgres_schema_of_another_program_is_refused_and_left_alone(postgres):
    url = postgres.new_database("foreign")
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        db.execute("CREATE SCHEMA tracker; CREATE TABLE tracker.notes (body TEXT); INSERT INTO tracker.notes VALUES ('x')")
    for reading in (False, True):
        with pytest.raises(StoreError, match="schema 'tracker' was not made by tracker; tracker writes nothing"):
            with (read_store(url) if reading else open_store(url, create=True)):
                pass
    with psycopg.connect(url, autocommit=True) as db:
        tables = db.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'tracker'").fetchall()
        assert tables == [("notes",)] and db.execute("SELECT body FROM tracker.notes").fetchall() == [("x",)]


def test_a_postgres_database_with_other_tables_keeps_them_beside_the_store(postgres, tmp_path):
    url = postgres.new_database("shared")
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        db.execute("CREATE TABLE public.orders (id INT); INSERT INTO public.orders VALUES (7)")
    with pytest.raises(StoreError, match="no store here yet"):
        with read_store(url):
            pass
    with psycopg.connect(url, autocommit=True) as db:  # reading created nothing
        assert db.execute("SELECT 1 FROM pg_namespace WHERE nspname = 'tracker'").fetchone() is None
    (paths,) = [write_articles(tmp_path / "a", 1)]
    assert add(paths, url).added
    with psycopg.connect(url, autocommit=True) as db:
        assert db.execute("SELECT id FROM public.orders").fetchall() == [(7,)]


def test_an_address_with_a_password_is_never_shown_with_it():
    from tracker.store.postgres import shown

    assert shown("postgresql://ed:s3cret@db.example:5433/news") == "postgresql://ed@db.example:5433/news"


# -- an older schema ---------------------------------------------------------------------------
SCHEMA_1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE mentions (id TEXT PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    anchor_start TEXT, anchor_end TEXT, data TEXT NOT NULL);
CREATE TABLE events (id TEXT PRIMARY KEY, anchor_start TEXT, anchor_end TEXT, data TEXT NOT NULL);
CREATE TABLE shingle_samples (hash INTEGER NOT NULL, article_id TEXT NOT NULL);
CREATE TABLE copies (content_hash TEXT PRIMARY KEY, article_id TEXT NOT NULL);
CREATE TABLE corrections (content_hash TEXT PRIMARY KEY, data TEXT NOT NULL);
INSERT INTO meta VALUES ('schema', '1');
"""


def schema_1_store(source: Path, target: Path) -> None:
    """A store as tracker's first schema wrote it (no application id, no publication column)."""
    with sqlite3.connect(target) as old, sqlite3.connect(source) as new:
        old.executescript(SCHEMA_1)
        old.executemany("INSERT INTO articles VALUES (?, ?, ?)", new.execute("SELECT id, content_hash, data FROM articles"))
        for table in ("mentions", "events", "shingle_samples", "copies", "corrections"):
            rows = new.execute(f"SELECT * FROM {table}").fetchall()
            if rows:
                old.executemany(f"INSERT INTO {table} VALUES ({','.join('?' * len(rows[0]))})", rows)


def test_a_store_of_schema_1_is_read_as_it_is_and_upgraded_by_a_writer_after_a_backup(tmp_path):
    paths = write_articles(tmp_path / "a", 3, stories=3)
    build(paths[:2], tmp_path / "new.db")
    store = tmp_path / "old.db"
    schema_1_store(tmp_path / "new.db", store)
    before, old_bytes = signature(store), store.read_bytes()
    assert signature(tmp_path / "new.db") == before  # readers take schema 1 as it is...
    assert store.read_bytes() == old_bytes  # ...and never write to it
    report = add(paths[2:], store)
    assert report.added and set(before) < set(signature(store))
    (backup,) = tmp_path.glob("old.db.schema1-*.bak")
    assert signature(backup) == before
    with sqlite3.connect(backup) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == ("1",)
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    with read_store(store) as opened, read_store(tmp_path / "new.db") as fresh:
        assert len(opened.read_publication_dates()) == 3 and len(fresh.read_publication_dates()) == 2


def test_a_store_of_schema_2_has_no_vectors_is_read_as_it_is_and_gets_them_on_upgrade(tmp_path):
    paths = write_articles(tmp_path / "a", 3, stories=3)
    store = tmp_path / "s.db"
    build(paths[:2], store)
    with sqlite3.connect(store) as db:  # what schema 2 wrote: no vectors table
        db.execute("DROP TABLE vectors")
        db.execute("PRAGMA user_version = 2")
    before = store.read_bytes()
    with read_store(store) as opened:
        old = opened.all_mentions()
        assert old and opened.vectors_of([m.id for m in old]) == {}
    assert store.read_bytes() == before
    add(paths[2:], store)
    assert list(tmp_path.glob("s.db.schema2-*.bak"))
    with read_store(store) as opened:
        stored = {m.article_id for m in old}
        new = [m.id for m in opened.all_mentions() if m.time is not None and m.article_id not in stored]
        assert opened.vectors_of(new)  # the added article's dated mentions have vectors
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)


def test_a_store_of_a_newer_tracker_is_refused(tmp_path):
    build(write_articles(tmp_path / "a", 1), tmp_path / "s.db")
    with sqlite3.connect(tmp_path / "s.db") as db:
        db.execute("PRAGMA user_version = 9")
    with pytest.raises(StoreError, match="schema 9, made by a newer tracker"):
        with read_store(tmp_path / "s.db"):
            pass


# -- readers and writers ------------------------------------------------------------------------
def test_readers_answer_from_a_snapshot_while_a_writer_holds_the_store(store_location, tmp_path):
    paths = write_articles(tmp_path / "a", 2, stories=2)
    add(paths[:1], store_location)
    before = signature(store_location)
    with open_store(store_location) as writer:
        writer.clear()  # uncommitted: no reader may see it
        result = subprocess.run([*TRACKER, "query", "--format", "json", "--store", str(store_location)],
                                capture_output=True, text=True, timeout=60, env=ENV)
        assert result.returncode == 0, result.stderr
        assert sorted(e["id"] for e in json.loads(result.stdout)["events"]) == sorted(s[0] for s in before)
    assert signature(store_location) == []


def test_a_writer_that_waits_too_long_gives_up_in_one_line_and_changes_nothing(store_location, tmp_path):
    paths = write_articles(tmp_path / "a", 2, stories=2)
    add(paths[:1], store_location)
    before = signature(store_location)
    with open_store(store_location):  # another writer holds the store (another connection, as another process)
        result = runner.invoke(app, ["add", str(paths[1]), "--store", str(store_location), "--out",
                                     str(tmp_path / "t.html")], env={"TRACKER_LOCK_WAIT": "1"})
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "the store stayed busy" in result.stderr and len(result.stderr.splitlines()) == 1
    assert signature(store_location) == before


def commit_order(location) -> list[str]:
    """The article ids in the order their transactions committed: SQLite gives a new row the next
    rowid; PostgreSQL stamps it with its transaction's id, taken after the writers' lock."""
    if isinstance(location, Path):
        with sqlite3.connect(location) as db:
            return [r[0] for r in db.execute("SELECT id FROM articles ORDER BY rowid")]
    import psycopg

    with psycopg.connect(location) as db:
        return [r[0] for r in db.execute("SELECT id FROM tracker.articles ORDER BY xmin::text::bigint")]


def test_concurrent_adders_give_exactly_the_events_of_adding_one_by_one(store_location, backend, tmp_path, request):
    """Serialisable: the events of 4 processes adding at once are those of adding the same
    articles one by one in the order their transactions committed (nothing lost, nothing doubled)."""
    processes, each = 4, (25 if STRESS else 2)
    paths = write_articles(tmp_path / "a", processes * each)
    workers = [subprocess.Popen([sys.executable, str(ROOT / "tests" / "store_worker.py"), str(store_location),
                                 *map(str, paths[p::processes])], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=ENV) for p in range(processes)]
    outputs = [w.communicate(timeout=1800) for w in workers]
    assert all(w.returncode == 0 for w in workers), [err[-500:] for _, err in outputs]
    order = commit_order(store_location)
    assert sorted(order) == sorted(p.stem for p in paths)
    by_id = {p.stem: p for p in paths}
    one_by_one = other_location(request, backend, tmp_path, "sequential")
    for article_id in order:
        add([by_id[article_id]], one_by_one)
    assert signature(store_location) == signature(one_by_one)


# -- kills ------------------------------------------------------------------------------------
def _state(location) -> tuple[frozenset, list]:
    with read_store(location) as store:
        articles = frozenset(a.id for a in store.articles())
        mentions = store.all_mentions()
        events = store.events()
    cuts = merging.cuts(load_model())
    in_events = {m.id for e in events for m in e.mentions}
    assert in_events <= {m.id for m in mentions}  # no event outlives its article
    told = {m.article_id for m in mentions if merging.candidate(m, cuts)}
    assert told <= {m.article_id for e in events for m in e.mentions}  # the merge landed with the articles
    return articles, signature(location)


def _kill_after(job: subprocess.Popen, folder: Path, delay: float | None) -> None:
    """SIGKILL after `delay` seconds, or (None) the moment the page's temporary file appears."""
    deadline = time.monotonic() + (delay if delay is not None else 120)
    while job.poll() is None and time.monotonic() < deadline:
        if delay is None and any(p.name.startswith(".timeline.html.") for p in folder.iterdir()):
            break
        time.sleep(0.0005 if delay is None else 0.01)
    job.send_signal(signal.SIGKILL)
    job.wait()


def _kill_loop(location, folder: Path, kills: int, page_kills: int) -> None:
    paths = write_articles(folder / "a", kills + page_kills + 1)
    page = folder / "timeline.html"
    add_cmd = [*TRACKER, "add", "--store", str(location), "--out", str(page)]
    started = time.monotonic()
    subprocess.run([*add_cmd, str(paths[0])], check=True, capture_output=True, env=ENV)
    took = time.monotonic() - started
    rng = random.Random(12)
    for index, path in enumerate(paths[1:]):
        old_articles, old_events = _state(location)
        old_page = page.read_bytes()
        job = subprocess.Popen([*add_cmd, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
        _kill_after(job, folder, None if index < page_kills else rng.uniform(0, took * 1.1))
        articles, events = _state(location)
        assert articles in (old_articles, old_articles | {path.stem})  # the old store or the new one
        assert (events == old_events) == (articles == old_articles)
        rendered = folder / "rendered.html"
        result = runner.invoke(app, ["render", "--store", str(location), "--out", str(rendered)], env=ENV)
        assert result.exit_code == 0, result.output
        assert page.read_bytes() in (old_page, rendered.read_bytes())  # the old page or the new one, whole


def test_a_kill_at_any_moment_leaves_the_old_or_the_new_store_and_page(tmp_path):
    store = tmp_path / "s.db"
    _kill_loop(store, tmp_path, kills=30 if STRESS else 2, page_kills=10 if STRESS else 1)
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_kill_during_an_add_leaves_postgres_with_the_old_or_the_new_store(postgres, tmp_path):
    url = postgres.new_database("killed")
    _kill_loop(url, tmp_path, kills=10 if STRESS else 1, page_kills=0)


# -- files written whole -----------------------------------------------------------------------
def test_written_files_replace_the_old_whole_and_keep_its_permissions(tmp_path):
    from tracker.files import write_atomic

    target = tmp_path / "page.html"
    target.write_text("old")
    os.chmod(target, 0o640)
    write_atomic(target, "new page")
    assert target.read_text() == "new page" and target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]
    write_atomic(target, iter(["a page ", "in ", "parts"]))  # written one by one, never joined
    assert target.read_text() == "a page in parts" and sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]


def test_a_write_that_fails_leaves_the_old_file_and_no_temporary_one(tmp_path, monkeypatch):
    from tracker.files import write_atomic

    target = tmp_path / "page.html"
    target.write_text("old")

    def broken(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(TrackerError, match="page.html: cannot write \\(No space left on device\\)"):
        write_atomic(target, "new page")
    assert target.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]
    monkeypatch.undo()
    with pytest.raises(TrackerError, match="cannot write"):
        write_atomic(tmp_path, "a folder is no file")


def _without_tables(location, schema: int, tables: tuple[str, ...]) -> None:
    """The store as an older schema wrote it: without these tables, saying it is of that schema."""
    if isinstance(location, Path):
        with sqlite3.connect(location) as db:
            for table in tables:
                db.execute(f"DROP TABLE {table}")
            db.execute(f"PRAGMA user_version = {schema}")
        return
    import psycopg

    with psycopg.connect(location, autocommit=True) as db:
        for table in tables:
            db.execute(f"DROP TABLE tracker.{table}")
        db.execute(f"UPDATE tracker.meta SET value = '{schema}' WHERE key = 'schema'")


def _as_schema_3(location) -> None:
    """What schema 3 wrote: no event-mention index (nor the page pieces of schema 5, nor the
    article vectors of schema 7)."""
    _without_tables(location, 3, ("event_mentions", "page_pieces", "article_vectors"))


def _index(location) -> set[tuple[str, str]]:
    with read_store(location) as opened:
        return {(m, e) for m, e in opened.run("SELECT mention_id, event_id FROM event_mentions")}


def _current_and_old(request, kind, tmp_path):
    """The appended articles, and two copies of the seed store: one to keep current, one to age."""
    from conftest import seed_copy

    for name in ("current", "old"):
        (tmp_path / name).mkdir()
    appended = sorted((ROOT / "tests" / "data" / "append").glob("*.txt"))
    return appended, seed_copy(request, kind, tmp_path / "current"), seed_copy(request, kind, tmp_path / "old")


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_a_store_of_schema_3_gets_its_event_index_from_its_events_and_appends_as_a_current_one(request, kind, tmp_path):
    appended, current, old = _current_and_old(request, kind, tmp_path)
    _as_schema_3(old)
    with read_store(old) as opened:  # a reader takes schema 3 as it is
        events = opened.events()
    assert events and events == read_events(current)
    add(appended, old)  # the writer upgrades it first, filling the index from the stored events
    add(appended, current)
    assert read_events(old) == read_events(current)
    assert _index(old) == _index(current) == {(m.id, e.id) for e in read_events(old) for m in e.mentions}


def _as_schema_5(location) -> None:
    """What schema 5 wrote: the copy check's index on the hash alone, no index of publication dates."""
    steps = ["DROP INDEX {s}shingle_samples_hash_article", "DROP INDEX {s}articles_published",
             "CREATE INDEX shingle_samples_hash ON {s}shingle_samples(hash)"]
    if isinstance(location, Path):
        with sqlite3.connect(location) as db:
            for step in steps:
                db.execute(step.format(s=""))
            db.execute("PRAGMA user_version = 5")
        return
    import psycopg

    with psycopg.connect(location, autocommit=True) as db:
        for step in steps:
            db.execute(step.format(s="tracker."))
        db.execute("UPDATE tracker.meta SET value = '5' WHERE key = 'schema'")


def _as_schema_6(location) -> None:
    """What schema 6 wrote: no stored article vectors."""
    _without_tables(location, 6, ("article_vectors",))


def _vector_rows(location) -> set[str]:
    with open_store(location) as opened:
        return {a for (a,) in opened.run("SELECT article_id FROM article_vectors")}


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_a_store_of_schema_6_weighs_its_old_articles_again_and_appends_as_a_current_one(request, kind, tmp_path):
    appended, current, old = _current_and_old(request, kind, tmp_path)
    seeds = _vector_rows(current)
    assert len(seeds) == 5  # every seed article's vectors were stored when it was parsed
    _as_schema_6(old)
    with read_store(old) as opened:  # a reader takes schema 6 as it is
        assert opened.article_vectors_of(sorted(seeds)) == {}
        assert opened.events() == read_events(current)
    redated = add(appended, old).redated  # the writer upgrades it; the old articles are weighed from their text
    assert add(appended, current).redated == redated
    assert read_events(old) == read_events(current)
    new = {p.stem for p in appended} | set(redated)  # a stored article dated anew is parsed (and weighed) again
    assert _vector_rows(old) == new and _vector_rows(current) == seeds | new


def _indexes(location) -> set[str]:
    """The store's indexes, read around tracker (a PostgreSQL reader would upgrade the store first)."""
    if isinstance(location, Path):
        with sqlite3.connect(location) as db:
            return {r[0] for r in db.execute("SELECT name FROM sqlite_schema WHERE type = 'index'")}
    import psycopg

    with psycopg.connect(location, autocommit=True) as db:
        return {r[0] for r in db.execute("SELECT indexname FROM pg_indexes WHERE schemaname = 'tracker'")}


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_a_store_of_schema_5_gets_the_covering_indexes_and_appends_as_a_current_one(request, kind, tmp_path):
    appended, current, old = _current_and_old(request, kind, tmp_path)
    _as_schema_5(old)
    assert "shingle_samples_hash" in _indexes(old) and "articles_published" not in _indexes(old)
    with read_store(old) as opened, read_store(current) as fresh:  # a reader reads the dates all the same
        assert opened.read_publication_dates() == fresh.read_publication_dates()
    add(appended, old)  # the writer upgrades it first
    add(appended, current)
    assert read_events(old) == read_events(current)
    assert {"shingle_samples_hash_article", "articles_published"} <= _indexes(old)
    assert "shingle_samples_hash" not in _indexes(old) and _indexes(old) == _indexes(current)
