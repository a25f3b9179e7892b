"""What every store backend offers the pipeline and the queries, written once.

A backend (SQLite, PostgreSQL) gives a connection and runs statements; the queries here are in
the SQL both speak (`?` placeholders, which the PostgreSQL backend turns into `%s`; upserts as
`INSERT ... ON CONFLICT`). Articles and mentions are written once per article; events are
replaced window by window when new mentions arrive, so an append re-merges only the time it touches.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from tracker import codec
from tracker.types import Article, Correction, Event, Mention, TimeValue

SCHEMA_VERSION = 7  # 1: before application ids and publication columns; 2: before mention vectors; 3: before the
# event-mention index; 4: before the page pieces; 5: before the covering indexes of the copy check and the
# publication dates; 6: before the article vectors (all migrated in place, after a backup)
APPLICATION_ID = 0x54524B52  # "TRKR": SQLite's PRAGMA application_id of a tracker store
APPLICATION = "tracker"
SQL_CHUNK = 500  # values bound in one IN (...) list
RARE_POSTINGS = 10_000  # sample_matches groups at most about this many index rows before counting in full



def lock_wait() -> float:
    """Seconds a writer waits for its turn behind other writers ($TRACKER_LOCK_WAIT, default 600)."""
    try:
        return max(0.1, float(os.environ.get("TRACKER_LOCK_WAIT", "600")))
    except ValueError:
        return 600.0


TABLES = ("meta", "articles", "mentions", "events", "shingle_samples", "copies", "corrections", "vectors", "event_mentions",
          "page_pieces", "article_vectors")
# What a piece is of: its kind -> the table ("record": an event's record in the JSON export).
PIECE_KINDS = {"event": "events", "article": "articles", "record": "events"}


@dataclass(frozen=True, slots=True)
class Window:
    """A span of days that a re-merge covers."""

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


def sort_events(events: Iterable[Event]) -> list[Event]:
    """Dated events by start, end and id; undated ones last, by id."""
    return sorted(events, key=lambda e: time_order(e.time and e.time.start, e.time and e.time.end, e.id))


def time_order(start: date | None, end: date | None, event_id: str) -> tuple:
    """The key sort_events orders an event by, from its days (None when undated) and id."""
    if start is None or end is None:
        return (1, "", "", event_id)
    return (0, start.isoformat(), end.isoformat(), event_id)


def bounds(value: TimeValue | None) -> tuple[str | None, str | None]:
    if value is None:
        return None, None
    return value.start.isoformat(), value.end.isoformat()


def _read_date(article: Article) -> str | None:
    """The publication date as stored in its own column: only when read, not inferred."""
    return codec.dumps(article.published) if article.published is not None and not article.published_inferred else None


class Store:
    """One open transaction on a store. Use `open_store` / `read_store` rather than building one."""

    location: str  # what the user named: a path or a postgresql:// address (without its password)

    # -- what a backend provides --------------------------------------------------------------
    def run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        """Run one statement; the rows it returns (none for a write)."""
        raise NotImplementedError

    def run_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        raise NotImplementedError

    def has_table(self, name: str) -> bool:
        """Whether the store has this table (a reader takes an older schema as it is)."""
        return True

    # -- articles and mentions ----------------------------------------------------------------
    def has_content(self, content_hash: str) -> bool:
        """True when these exact bytes (with the same flags) were added before, as an article or a copy."""
        return bool(self.run("SELECT 1 FROM articles WHERE content_hash = ? UNION ALL "
                             "SELECT 1 FROM copies WHERE content_hash = ?", (content_hash, content_hash)))

    def update_article(self, article: Article) -> None:
        """Rewrite a stored article's record (its places and metadata), leaving its mentions as they are."""
        self.run("UPDATE articles SET data = ?, published = ? WHERE id = ?",
                 (codec.dumps(article), _read_date(article), article.id))
        self.drop_pieces("article", [article.id])

    def articles_with_prefix(self, prefix: str) -> list[Article]:
        rows = self.run("SELECT data FROM articles WHERE substr(id, 1, CAST(? AS INTEGER)) = ? ORDER BY id LIMIT 2",
                        (len(prefix), prefix))
        return [codec.loads(Article, r[0]) for r in rows]

    def article(self, article_id: str) -> Article | None:
        rows = self.run("SELECT data FROM articles WHERE id = ?", (article_id,))
        return codec.loads(Article, rows[0][0]) if rows else None

    def articles_by_id(self, article_ids: Sequence[str]) -> list[Article]:
        """The stored articles of these ids (unknown ids left out), by id."""
        return self._by_id("articles", Article, article_ids)

    def _by_id(self, table: str, kind: type, wanted: Iterable[str]) -> list:
        """Stored objects of one table by id (unknown ids left out), by id."""
        out = [codec.loads(kind, r[0]) for r in self._rows_in(f"SELECT data FROM {table} WHERE id IN ({{marks}})", wanted)]
        return sorted(out, key=lambda x: x.id)

    def _rows_in(self, select: str, wanted: Iterable[str]) -> Iterator[tuple]:
        """The rows of `select` (its "IN ({marks})" filled with the wanted ids), read in chunks the
        database takes. Example: _rows_in("SELECT id FROM articles WHERE id IN ({marks})", ids)."""
        ids = sorted(set(wanted))
        for i in range(0, len(ids), SQL_CHUNK):
            chunk = ids[i : i + SQL_CHUNK]
            yield from self.run(select.format(marks=",".join("?" * len(chunk))), chunk)

    def articles(self) -> list[Article]:
        return [codec.loads(Article, r[0]) for r in self.run("SELECT data FROM articles ORDER BY id")]

    def read_publication_dates(self) -> list[TimeValue]:
        """Publication dates read (not inferred) from the stored articles, without loading bodies:
        the collection that gives year-less dates of new articles their year."""
        rows = self.run("SELECT published FROM articles WHERE published IS NOT NULL ORDER BY id")  # index only
        decoded: dict[str, TimeValue] = {}  # many articles share a day: each text decoded once
        for (text,) in rows:
            if text not in decoded:
                decoded[text] = codec.loads(TimeValue, text)
        return [decoded[text] for (text,) in rows]

    def read_articles(self) -> list[Article]:
        """The stored articles whose publication day was read, not inferred (by id)."""
        found = []
        for data, value in self.run("SELECT data, published FROM articles WHERE published IS NOT NULL ORDER BY id"):
            day = codec.loads(TimeValue, value)
            if day.start == day.end:
                found.append(codec.loads(Article, data))
        return found

    def unread_count(self) -> int:
        """How many stored articles have no read publication day (an index count: no data read)."""
        return int(self.run("SELECT count(*) FROM articles WHERE published IS NULL")[0][0])

    def unread_articles(self) -> list[Article]:
        """The stored articles whose publication day was not read: unknown, or inferred from what
        they report (by id). An add dates its new articles against them and may date them anew."""
        return [a for a in (codec.loads(Article, r[0]) for r in self.run("SELECT data FROM articles WHERE published IS NULL ORDER BY id"))
                if a.published is None or a.published_inferred]

    def put_article(self, article: Article, mentions: Sequence[Mention]) -> list[Mention]:
        """Store an article and its mentions, replacing an earlier version of the same id.

        Returns the mentions of the replaced version, whose events must be re-merged too.
        """
        old = self.mentions_of(article.id)
        self.run("DELETE FROM mentions WHERE article_id = ?", (article.id,))
        self.run("DELETE FROM article_vectors WHERE article_id = ?", (article.id,))  # its text may differ: put again
        self.drop_pieces("article", [article.id])
        self.run("INSERT INTO articles (id, content_hash, published, data) VALUES (?, ?, ?, ?) "
                 "ON CONFLICT (id) DO UPDATE SET content_hash = excluded.content_hash, "
                 "published = excluded.published, data = excluded.data",
                 (article.id, article.content_hash, _read_date(article), codec.dumps(article)))
        self.run_many("INSERT INTO mentions (id, article_id, anchor_start, anchor_end, data) VALUES (?, ?, ?, ?, ?) "
                      "ON CONFLICT (id) DO UPDATE SET article_id = excluded.article_id, anchor_start = "
                      "excluded.anchor_start, anchor_end = excluded.anchor_end, data = excluded.data",
                      [(m.id, m.article_id, *bounds(mention_anchor(m)), codec.dumps(m)) for m in mentions])
        return old

    def mentions_of(self, article_id: str) -> list[Mention]:
        rows = self.run("SELECT data FROM mentions WHERE article_id = ? ORDER BY id", (article_id,))
        return [codec.loads(Mention, r[0]) for r in rows]

    # -- meaning vectors of mentions (computed once, when the article is parsed) ----------------
    def put_vectors(self, vectors: dict[str, bytes]) -> None:
        """Meaning vectors of mentions, packed by tracker.merge.vectors."""
        self.run_many("INSERT INTO vectors (mention_id, data) VALUES (?, ?) "
                      "ON CONFLICT (mention_id) DO UPDATE SET data = excluded.data", sorted(vectors.items()))

    def vectors_of(self, mention_ids: Sequence[str]) -> dict[str, bytes]:
        """The stored vectors of these mentions (a mention stored without one is left out)."""
        if not self.has_table("vectors"):  # a store of schema 2 read as it is
            return {}
        return {m: bytes(v) for m, v in self._rows_in("SELECT mention_id, data FROM vectors WHERE mention_id IN ({marks})", mention_ids)}

    # -- TF-IDF vectors of articles (computed once, when the article is parsed) ------------------
    def put_article_vectors(self, article_id: str, whole: bytes, body: bytes) -> None:
        """An article's TF-IDF vectors, packed by tracker.merge.article.pack_vector: of its title and
        body (what article groups compare) and of its body alone (the pair features' article cosine)."""
        self.run("INSERT INTO article_vectors (article_id, whole, body) VALUES (?, ?, ?) "
                 "ON CONFLICT (article_id) DO UPDATE SET whole = excluded.whole, body = excluded.body",
                 (article_id, whole, body))

    def article_vectors_of(self, article_ids: Sequence[str]) -> dict[str, tuple[bytes, bytes]]:
        """The stored (whole, body) vectors of these articles (one stored without them is left out)."""
        if not self.has_table("article_vectors"):  # a store of schema 6 read as it is
            return {}
        rows = self._rows_in("SELECT article_id, whole, body FROM article_vectors WHERE article_id IN ({marks})", article_ids)
        return {a: (bytes(w), bytes(b)) for a, w, b in rows}

    def bodies_of(self, article_ids: Sequence[str]) -> dict[str, str]:
        """Article bodies by id."""
        return {a: json.loads(d)["body"] for a, d in self._rows_in("SELECT id, data FROM articles WHERE id IN ({marks})", article_ids)}

    def mention_counts(self) -> dict[str, int]:
        return {a: int(n) for a, n in self.run("SELECT article_id, count(*) FROM mentions GROUP BY article_id")}

    def all_mentions(self) -> list[Mention]:
        return [codec.loads(Mention, r[0]) for r in self.run("SELECT data FROM mentions ORDER BY id")]

    def mentions_in(self, window: Window) -> list[Mention]:
        """Mentions anchored in the window, plus those with no anchor at all."""
        rows = self.run("SELECT data FROM mentions WHERE anchor_start IS NULL "
                        "OR (anchor_start <= ? AND anchor_end >= ?) ORDER BY id",
                        (window.end.isoformat(), window.start.isoformat()))
        return [codec.loads(Mention, r[0]) for r in rows]

    # -- copies: the shingle sample index and the copies recorded ------------------------------
    def index_samples(self, article_id: str, samples: Sequence[int]) -> None:
        self.run("DELETE FROM shingle_samples WHERE article_id = ?", (article_id,))
        self.run_many("INSERT INTO shingle_samples (hash, article_id) VALUES (?, ?)", [(h, article_id) for h in samples])

    def samples_complete(self) -> bool:
        """Whether every stored article's sample is indexed: marked once the articles stored before
        the index existed were indexed (tracker.copies.CopyFinder); each one stored since is
        indexed as it is stored, so the search for unindexed ones (a probe per article) runs once."""
        rows = self.run("SELECT value FROM meta WHERE key = 'shingle_samples'")
        return bool(rows) and rows[0][0] == "complete"

    def mark_samples_complete(self) -> None:
        self.run("INSERT INTO meta (key, value) VALUES ('shingle_samples', 'complete') "
                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value")

    def unindexed_articles(self) -> list[Article]:
        """Articles stored before the sample index existed (or with an empty sample)."""
        rows = self.run("SELECT data FROM articles a WHERE NOT EXISTS "  # one index probe per article
                        "(SELECT 1 FROM shingle_samples s WHERE s.article_id = a.id) ORDER BY id")
        return [codec.loads(Article, r[0]) for r in rows]

    def sample_matches(self, samples: Sequence[int], at_least: int = 1) -> dict[str, int]:
        """For each stored article sharing at least `at_least` hashes of this sample: how many it
        shares. An article sharing `at_least` of n hashes holds at least at_least - (n - m) of any
        m of them: the holders of the m rarest hashes (their rows within RARE_POSTINGS) that reach
        that floor are the only ones counted in full, so the thousands of articles sharing a
        site's stock phrases are never grouped. The same answer as counting every holder."""
        samples = sorted(set(samples))
        if at_least <= 1 or 2 * len(samples) > SQL_CHUNK:
            return self._sample_counts(samples, at_least)
        marks = ",".join("?" * len(samples))
        held = dict(self.run(f"SELECT hash, count(*) FROM shingle_samples WHERE hash IN ({marks}) GROUP BY hash", samples))
        rare = sorted(held, key=lambda h: (held[h], h))  # the hashes some article holds, rarest first
        must = len(rare) - at_least + 1  # an article sharing at_least holds one of any `must` of them
        if must < 1:
            return {}
        budget = max(RARE_POSTINGS, sum(held[h] for h in rare[:must]))
        m, rows = 0, 0
        while m < len(rare) and (m < must or rows + held[rare[m]] <= budget):
            rows, m = rows + held[rare[m]], m + 1
        floor = at_least - (len(rare) - m)
        near = [r[0] for r in self.run(f"SELECT article_id FROM shingle_samples WHERE hash IN ({','.join('?' * m)}) "
                                       "GROUP BY article_id HAVING count(*) >= ?", [*rare[:m], floor])]
        found: dict[str, int] = {}
        step = SQL_CHUNK - len(samples)
        for i in range(0, len(near), step):
            chunk = near[i : i + step]
            found.update((a, int(n)) for a, n in self.run(
                f"SELECT article_id, count(*) FROM shingle_samples WHERE article_id IN ({','.join('?' * len(chunk))}) "
                f"AND +hash IN ({marks}) GROUP BY article_id HAVING count(*) >= ?", [*chunk, *samples, at_least]))
        return found

    def _sample_counts(self, samples: Sequence[int], at_least: int) -> dict[str, int]:
        """sample_matches by counting every holder of every hash (chunked; the threshold applied
        by the database when the sample fits one statement)."""
        counts: dict[str, int] = {}
        having = at_least if len(samples) <= SQL_CHUNK else 1  # counts summed over chunks: filtered at the end
        for i in range(0, len(samples), SQL_CHUNK):
            chunk = list(samples[i : i + SQL_CHUNK])
            marks = ",".join("?" * len(chunk))
            rows = self.run(f"SELECT article_id, count(*) FROM shingle_samples WHERE hash IN ({marks}) "
                            "GROUP BY article_id HAVING count(*) >= ?", [*chunk, having])
            for article_id, count in rows:
                counts[article_id] = counts.get(article_id, 0) + int(count)
        return {a: n for a, n in counts.items() if n >= at_least}

    def add_copy(self, content_hash: str, article_id: str) -> None:
        self.run("INSERT INTO copies (content_hash, article_id) VALUES (?, ?) "
                 "ON CONFLICT (content_hash) DO UPDATE SET article_id = excluded.article_id", (content_hash, article_id))

    # -- corrections --------------------------------------------------------------------------
    def correction(self, content_hash: str) -> Correction | None:
        rows = self.run("SELECT data FROM corrections WHERE content_hash = ?", (content_hash,))
        return codec.loads(Correction, rows[0][0]) if rows else None

    def corrections(self) -> list[Correction]:
        return [codec.loads(Correction, r[0]) for r in self.run("SELECT data FROM corrections ORDER BY content_hash")]

    def put_correction(self, correction: Correction) -> None:
        self.run("INSERT INTO corrections (content_hash, data) VALUES (?, ?) "
                 "ON CONFLICT (content_hash) DO UPDATE SET data = excluded.data",
                 (correction.content_hash, codec.dumps(correction)))

    # -- events -------------------------------------------------------------------------------
    def events(self) -> list[Event]:
        return sort_events(codec.loads(Event, r[0]) for r in self.run("SELECT data FROM events"))

    def event_count(self) -> int:
        return int(self.run("SELECT count(*) FROM events")[0][0])

    def event(self, event_id: str) -> Event | None:
        rows = self.run("SELECT data FROM events WHERE id = ?", (event_id,))
        return codec.loads(Event, rows[0][0]) if rows else None

    def events_with_prefix(self, prefix: str) -> list[Event]:
        """Events whose id starts with prefix (ids are hex, so no LIKE wildcard can sneak in)."""
        rows = self.run("SELECT data FROM events WHERE substr(id, 1, CAST(? AS INTEGER)) = ? LIMIT 2",
                        (len(prefix), prefix))
        return [codec.loads(Event, r[0]) for r in rows]

    def events_in(self, window: Window) -> list[Event]:
        rows = self.run("SELECT data FROM events WHERE anchor_start IS NULL "
                        "OR (anchor_start <= ? AND anchor_end >= ?)", (window.end.isoformat(), window.start.isoformat()))
        return [codec.loads(Event, r[0]) for r in rows]

    def replace_events(self, old_ids: Iterable[str], events: Sequence[Event]) -> None:
        """Delete the events of old_ids and write these (an id of both is rewritten in place)."""
        gone = [(i,) for i in old_ids]
        self.drop_pieces("event", [*(i for (i,) in gone), *(e.id for e in events)])
        self.run_many("DELETE FROM event_mentions WHERE event_id = ?", gone)
        self.run_many("DELETE FROM events WHERE id = ?", gone)
        self.run_many("DELETE FROM event_mentions WHERE event_id = ?", [(e.id,) for e in events])
        self.run_many("INSERT INTO events (id, anchor_start, anchor_end, data) VALUES (?, ?, ?, ?) "
                      "ON CONFLICT (id) DO UPDATE SET anchor_start = excluded.anchor_start, "
                      "anchor_end = excluded.anchor_end, data = excluded.data",
                      [(e.id, *bounds(event_anchor(e)), codec.dumps(e)) for e in events])
        self.run_many("INSERT INTO event_mentions (mention_id, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                      sorted({(m.id, e.id) for e in events for m in e.mentions}))

    def events_holding(self, mention_ids: Iterable[str]) -> list[Event]:
        """The events that hold any of these mentions (through the event-mention index)."""
        found = {r[0] for r in self._rows_in("SELECT DISTINCT event_id FROM event_mentions WHERE mention_id IN ({marks})", mention_ids)}
        return self.events_by_id(sorted(found))

    def events_by_id(self, event_ids: Sequence[str]) -> list[Event]:
        """The stored events of these ids (unknown ids left out), by id."""
        return self._by_id("events", Event, event_ids)

    def mentions_by_id(self, mention_ids: Iterable[str]) -> list[Mention]:
        """The stored mentions of these ids (ids no longer stored are left out), by id."""
        return self._by_id("mentions", Mention, mention_ids)

    def mentions_near(self, spans: Iterable[Window]) -> list[Mention]:
        """Mentions anchored in any of these spans (overlapping spans read once), by id."""
        merged: list[Window] = []
        for w in sorted(spans, key=lambda w: (w.start, w.end)):
            if merged and w.start <= merged[-1].end:
                merged[-1] = Window(merged[-1].start, max(merged[-1].end, w.end))
            else:
                merged.append(w)
        found: dict[str, Mention] = {}
        for w in merged:
            rows = self.run("SELECT id, data FROM mentions WHERE anchor_start <= ? AND anchor_end >= ?",
                            (w.end.isoformat(), w.start.isoformat()))
            found.update((i, codec.loads(Mention, d)) for i, d in rows if i not in found)
        return [found[i] for i in sorted(found)]

    def has_event_index(self) -> bool:
        """Whether the store indexes which event holds which mention (schema 4 on)."""
        return self.has_table("event_mentions")

    # -- the page's pieces: each event's and article's part of the page (tracker.pagecache) ------
    # A piece is dropped whenever its event or article is written or deleted, so a stored piece
    # always belongs to the stored version; the pieces are made again when the page is next made.
    def drop_pieces(self, kind: str, ids: Iterable[str]) -> None:
        """Drop the pieces of these events or articles (kind "event" or "article"), of every kind."""
        if self.has_pieces():
            kinds = [k for k, table in PIECE_KINDS.items() if table == PIECE_KINDS[kind]]
            self.run_many("DELETE FROM page_pieces WHERE kind = ? AND id = ?", [(k, i) for i in ids for k in kinds])

    def pieces_made_by(self) -> str | None:
        """The fingerprint of the code that made the stored pieces (tracker.pagecache)."""
        rows = self.run("SELECT value FROM meta WHERE key = 'page_pieces'")
        return str(rows[0][0]) if rows else None

    def restart_pieces(self, made_by: str) -> None:
        """Drop every piece: the code that makes them is not the one that made the stored ones."""
        self.run("DELETE FROM page_pieces")
        self.run("INSERT INTO meta (key, value) VALUES ('page_pieces', ?) "
                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (made_by,))

    def put_pieces(self, kind: str, rows: Iterable[tuple[str, str, str]]) -> None:
        """(id, facts, view) of events or articles (kind "event" or "article")."""
        self.run_many("INSERT INTO page_pieces (kind, id, facts, view) VALUES (?, ?, ?, ?) ON CONFLICT (kind, id) "
                      "DO UPDATE SET facts = excluded.facts, view = excluded.view", [(kind, *r) for r in rows])

    def stored_pieces(self, kind: str) -> list[tuple[str, str, str]]:
        """(id, facts, view) of the stored events or articles that have a piece, by id."""
        if not self.has_pieces():
            return []
        return [tuple(r) for r in self.run(f"SELECT p.id, p.facts, p.view FROM page_pieces p JOIN {PIECE_KINDS[kind]} t "
                                           "ON t.id = p.id WHERE p.kind = ? ORDER BY p.id", (kind,))]

    def without_pieces(self, kind: str, *also: str) -> list:
        """The stored events or articles that have no piece of this kind (or of one of `also`,
        kinds of the same table), by id."""
        cls, table = {"events": Event, "articles": Article}[PIECE_KINDS[kind]], PIECE_KINDS[kind]
        if not self.has_pieces():
            return [codec.loads(cls, r[0]) for r in self.run(f"SELECT data FROM {table} ORDER BY id")]
        kinds = (kind, *also)
        lacking = " OR ".join(["NOT EXISTS (SELECT 1 FROM page_pieces p WHERE p.kind = ? AND p.id = t.id)"] * len(kinds))
        rows = self.run(f"SELECT data FROM {table} t WHERE {lacking} ORDER BY t.id", kinds)
        return [codec.loads(cls, r[0]) for r in rows]

    def pieces_in(self, kind: str, window: Window | None) -> list[tuple[str, str | None, str | None, str | None]]:
        """(id, facts, view, data) of the events anchored in the window (all when None; the
        unanchored ones too, as events_in): the event's piece of this kind, or, when it has
        none, its data (facts and view None; an event's data is read only then)."""
        sql = ("SELECT e.id, p.facts, p.view, CASE WHEN p.id IS NULL THEN e.data END FROM events e "
               "LEFT JOIN page_pieces p ON p.kind = ? AND p.id = e.id")
        if window is None:
            return [tuple(r) for r in self.run(sql, (kind,))]
        return [tuple(r) for r in self.run(sql + " WHERE e.anchor_start IS NULL OR (e.anchor_start <= ? AND "
                                           "e.anchor_end >= ?)", (kind, window.end.isoformat(), window.start.isoformat()))]

    def has_pieces(self) -> bool:
        """Whether the store keeps page pieces (schema 5 on; a reader takes an older store as it is)."""
        return self.has_table("page_pieces")

    # -- a build anew ---------------------------------------------------------------------------
    def clear(self) -> None:
        """Remove every article, mention, event and copy; corrections stay (a rebuild applies them)."""
        for table in ("page_pieces", "event_mentions", "events", "vectors", "mentions", "shingle_samples", "copies",
                      "article_vectors", "articles"):
            self.run(f"DELETE FROM {table}")
