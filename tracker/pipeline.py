"""The one place that orders the stages: ingest -> temporal -> mentions -> merge -> store.

Each article is parsed once: its mentions are stored; a build merges them all, an append (or a
correction) re-merges only the events its mentions reach through candidate pairs (tracker.remerge).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.engine import Mapper, map_here
from tracker.errors import NothingReadError
from tracker.intake import ARTICLE_SUFFIXES, FileProblem, Flags, expand_paths, read_inputs
from tracker.remerge import compared as _compared
from tracker.remerge import keep_ids, remerge, remerge_touched, stored_views
from tracker.store import Store, open_store, prepare_store, read_store
from tracker.types import Article, Correction, Mention, Precision, Timex, TimeValue

if TYPE_CHECKING:
    from tracker.engine import Engine, Workers
    from tracker.progress import Progress
    from tracker.spill import Spill, Spilled

__all__ = ["ARTICLE_SUFFIXES", "FileProblem", "Flags", "Report", "add", "build", "correct", "expand_paths",
           "keep_ids", "read_and_date", "stored_views"]


@dataclass(frozen=True, slots=True)
class Report:
    """What one build or add did."""

    added: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    problems: tuple[FileProblem, ...] = ()
    events: int = 0
    remerged: int = 0
    notes: tuple[str, ...] = field(default=())
    copies: tuple[tuple[str, str, float], ...] = ()  # (where the copy was read, the kept article's id, share)
    inferred: tuple[str, ...] = ()  # added articles whose publication date was inferred, not read
    unknown: tuple[str, ...] = ()  # added articles whose publication date is unknown
    redated: tuple[str, ...] = ()  # stored articles whose inferred (or unknown) date the new ones changed


def _date_articles(articles: Sequence[Article], known: Sequence[TimeValue], anchors: Sequence = (),
                   mapper: Mapper | None = None) -> list[Article]:
    """Give each article without a read date the date its own text supports (marked inferred):
    a year-less dateline completed; else the day its reports read freshest, the week from the
    articles most like it (anchors: stored articles with read days); else, last, on or after the
    latest date it reports, when that lies near the other articles' dates. `mapper` (the call's
    pool, tracker.engine.Workers.map) tags the batch's texts, which is most of the work."""
    return _date_and_tag(articles, known, anchors, mapper)[0]


def _date_and_tag(articles: Sequence[Article], known: Sequence[TimeValue], anchors: Sequence = (),
                  mapper: Mapper | None = None) -> tuple[list[Article], list[list[Timex] | None]]:
    """_date_articles, and each dated article's tags when dating already read them against the
    day it ends with (`parse_article`'s tags: the per-article stage need not tag it again); None
    where it did not (an estimated day, or nothing to date in the batch)."""
    from tracker.ingest import Known, complete_dateline, estimate_days, infer_published, needs_day
    from tracker.ingest.infer import Dates
    from tracker.ingest.redate import keep_read

    given = list(articles)
    # indexed once: each article's year-less dates are placed near them
    collection = Dates.of([*known, *(a.published for a in articles if a.published and not a.published_inferred)])
    completed = [complete_dateline(a, collection) for a in articles]
    articles = [done or a for done, a in zip(completed, articles, strict=True)]
    if not any(needs_day(a) for a in articles):  # nothing to estimate or infer: the texts need no tagging here
        return [keep_read(before, after) for before, after in zip(given, articles, strict=True)], [None] * len(articles)
    plain, resolver = _dating_tags(articles, mapper or map_here)
    batch = [Known(a.body, a.published.start) for a, done in zip(articles, completed, strict=True)
             if _read_day(a) or done is not None and done.published.precision is Precision.DAY]  # fmt: skip
    estimated = estimate_days(articles, plain, resolver, list(anchors) + batch, collection, resolver.prefetch)
    dated, tags = [], []
    for article, timexes in zip(estimated, plain, strict=True):
        if article.published is None or article.published.precision is not Precision.DAY:
            article = _near_collection(infer_published(article, timexes, collection), article, collection)
        dated.append(article)
        tags.append(resolver.parse_tags(article, timexes))
    return [keep_read(before, after) for before, after in zip(given, dated, strict=True)], tags


class _Tags:
    """What dating a batch tagged of its texts with a day: as a resolver (the calendar's and the
    estimate's questions), each text read against days as candidates, answered from memory, from
    a `prefetch` (tagged on the call's pool, in parallel) or tagged here; `parse_tags` hands an
    article the tags the parse reads of it."""

    def __init__(self, on_day: dict[tuple[str, date], list[Timex]],
                 own: Mapping[tuple[str, date, bool], list[Timex]], mapper: Mapper = map_here) -> None:
        self.memory = on_day  # (text, day) -> tag_each(text, [day])[day], and each day tagged since
        self.own = own  # (text, day, dct_inferred) -> tag(text, day, dct_inferred=...)
        self.mapper = mapper

    def __call__(self, text: str, days: Sequence[date]) -> Mapping[date, list[Timex]]:
        missing = [day for day in days if (text, day) not in self.memory]
        if missing:
            self._keep(text, missing, _candidate_tags((text, tuple(missing))))
        return {day: self.memory[(text, day)] for day in days}

    def prefetch(self, asked: Sequence[tuple[str, Sequence[date]]]) -> None:
        """Tag the texts on the days they will be asked about, through the mapper (the pool)."""
        todo = {}
        for text, days in asked:
            missing = tuple(day for day in days if (text, day) not in self.memory)
            if missing:
                todo[(text, missing)] = None
        if not todo:
            return
        for (text, missing), found in zip(todo, self.mapper(_candidate_tags, list(todo)), strict=True):
            self._keep(text, missing, found)

    def _keep(self, text: str, days: Sequence[date], found: Mapping[date, list[Timex]]) -> None:
        for day in days:
            self.memory[(text, day)] = found[day]

    def parse_tags(self, article: Article, plain: list[Timex]) -> list[Timex] | None:
        """The tags the parse reads of the article as dating ended it: `plain` (its text tagged
        without a day) when it has no day; the tags of its day when it was tagged on that day read
        as the parse reads it; None otherwise (the parse tags it)."""
        published = article.published
        if published is None or published.precision is not Precision.DAY:
            return plain
        return self.own.get((article.body, published.start, article.published_lower_bound))


def _candidate_tags(asked: tuple[str, tuple[date, ...]]) -> Mapping[date, list[Timex]]:
    from tracker.temporal import tag_each

    text, days = asked
    return tag_each(text, days)


def _dating_tags(articles: Sequence[Article], mapper: Mapper) -> tuple[list[list[Timex]], _Tags]:
    """What dating a batch reads, tagged through `mapper` (in parallel when it is the pool): each
    text's plain tags (no publication day), and the tags of each text with a day against that day
    (the calendar of day estimates asks for them, round after round), also as the parse reads
    them (it reuses them)."""
    from tracker.ingest import needs_day

    asked = [(a.body, () if needs_day(a) else (a.published.start,), a.published_lower_bound) for a in articles]
    tagged = mapper(_dating_pass, asked)  # one pass per text
    plain = [found for found, _, _ in tagged]
    on_day, own = {}, {}
    for (body, days, lower), (_, each, read) in zip(asked, tagged, strict=True):
        for day in days:
            on_day[(body, day)] = each[day]
            own[(body, day, lower)] = read[day]
    return plain, _Tags(on_day, own, mapper)


def _dating_pass(asked: tuple) -> tuple[list, Mapping, Mapping]:
    from tracker.temporal import tag_for_dating

    body, days, lower_bound = asked
    return tag_for_dating(body, days, lower_bound)


def _read_day(article: Article) -> bool:
    from tracker.ingest import needs_day

    return not needs_day(article) and not article.published_inferred


NEAR_COLLECTION_DAYS = 60  # an inferred date further than this from every read date is likely background


def _near_collection(inferred: Article, before: Article, collection: Sequence[TimeValue]) -> Article:
    """The inferred article, unless its date lies far from every date read in the batch and the
    store: then the latest date it reports was background, and its date stays as it was."""
    value = inferred.published
    if value is None or not inferred.published_inferred or not collection or value == before.published:
        return inferred
    slack = timedelta(days=NEAR_COLLECTION_DAYS)
    if any(c.start - slack <= value.start and value.start <= c.end + slack for c in collection):
        return inferred
    return before


def read_and_date(
    paths: Sequence[str | Path], flags: Flags = Flags(), per_file: Mapping[Path, Flags] | None = None
) -> tuple[list[Article], list[FileProblem]]:
    """The articles of these inputs, each with its publication date (read or inferred as a batch),
    without parsing them further: what `build` would store as their metadata. `per_file` gives
    some files flags of their own (a scraper knows each page's address)."""
    articles: list[Article] = []
    problems: list[FileProblem] = []
    for path in paths:
        intake = read_inputs([path], (per_file or {}).get(Path(path), flags))
        articles += intake.articles
        problems += intake.problems
    return _date_articles(articles, []), problems


def parse_article(article: Article, timexes: Sequence[Timex] | None = None) -> tuple[list[Mention], bool]:
    """Tag an article's time expressions (unless dating already did: `timexes`, the same tags) and
    turn its sentences into mentions.

    Also says whether the article has any date at all: a publication date, a year hint, or one
    DATE expression (even "recently"; "in the evening" or "for years" are not dates). One with
    none of these is still kept, its date unknown: real text is never refused.
    """
    from tracker.mentions import extract_mentions
    from tracker.temporal import tag

    published = article.published
    dct = published.start if published and published.precision is Precision.DAY else None
    if timexes is None:
        timexes = tag(article.body, dct, dct_inferred=article.published_lower_bound)
    mentions = extract_mentions(article, timexes)
    has_dates = bool(published or article.year_hints or any(t.type == "DATE" for t in timexes))
    return [replace(m, published_inferred=article.published_inferred) for m in mentions], has_dates


def add(
    paths: Sequence[str | Path],
    store_path: Path | str,
    flags: Flags = Flags(),
    feeds: Sequence[str] = (),
    engine: Engine | None = None,
    progress: Progress | None = None,
) -> Report:
    """Append articles (files, folders, URLs, feeds) to a store, creating it if needed, and re-merge
    what they touch. A file that is not a tracker store, or one we cannot write, is refused before
    anything is parsed or written. `engine` says where articles are parsed (tracker.engine),
    `progress` hears of each one parsed (tracker.progress)."""
    with _workers(engine) as workers:
        intake = read_inputs(paths, flags, feeds, workers.map)  # a bad flag refuses the call before the store is touched
        prepare_store(store_path, create=True)
        return _ingest(store_path, intake, rebuild=False, run=_Run(engine, progress, workers))


def build(
    paths: Sequence[str | Path], store_path: Path | str, flags: Flags = Flags(), feeds: Sequence[str] = (),
    engine: Engine | None = None, progress: Progress | None = None,
) -> Report:
    """Build a store anew from these articles, in one transaction: the old content is replaced only
    when at least one article lands (corrections made with `tracker correct` stay and apply again).
    Only a tracker store is ever replaced. `engine` and `progress` as for `add`: the store is the
    same whichever engine parses."""
    with _workers(engine) as workers:
        intake = read_inputs(paths, flags, feeds, workers.map)
        if not intake.articles:
            raise NothingReadError(NOTHING_READ, _lines(intake.problems))
        prepare_store(store_path, create=True)
        return _ingest(store_path, intake, rebuild=True, run=_Run(engine, progress, workers))


NOTHING_READ = "no article could be read; the store was left as it was"


def _lines(problems: Sequence[FileProblem]) -> tuple[str, ...]:
    return tuple(f"{p.path}: {p.message}" for p in problems)


@dataclass(frozen=True, slots=True)
class Parsed:
    """An article dated and parsed before the write lock is taken (parsing is the slow part)."""

    article: Article
    mentions: tuple[Mention, ...]
    article_vectors: tuple[bytes, bytes]  # packed TF-IDF of title and body, and of the body alone
    vectors: Mapping[str, bytes] = field(default_factory=dict)  # mention id -> packed meaning vector

    @classmethod
    def of(cls, article: Article, timexes: Sequence[Timex] | None = None) -> "Parsed":
        """Parse a dated article (its tags, when dating read them: see `_date_and_tag`), embed the
        mentions merging compares (those with a time) and weigh the article's words (its TF-IDF
        vectors)."""
        mentions, _ = parse_article(article, timexes)
        return cls(article, tuple(mentions), article_vectors(article), _vectors(article, mentions))


@dataclass(frozen=True, slots=True)
class _Run:
    """Where the per-article stage runs and who hears of its progress."""

    engine: Engine | None = None
    progress: Progress | None = None
    workers: Workers | None = None  # the call's local pool: it read the files, it parses them


def _workers(engine: Engine | None) -> Workers:
    """The call's local pool (tracker.engine.Workers), started only when a stage has enough items."""
    from tracker.engine import Engine, Workers

    return Workers(engine or Engine())


def _prepare(store_path: Path | str, articles: Sequence[Article], rebuild: bool, spill: Spill,
             run: _Run = _Run()) -> dict[Article, Spilled]:
    """Date and parse the articles the store does not have yet, against a read-only snapshot: no
    lock is held while spaCy runs, so concurrent adders only wait for each other's merges. The
    parsing runs where `run.engine` says (tracker.engine); each parse goes to `spill` as it
    arrives (tracker.spill), and its handle is keyed by article."""
    from tracker.ingest import needs_day
    from tracker.ingest.redate import anchors as stored_anchors
    from tracker.ingest.redate import reached, redatable, redated

    with read_store(store_path) as snapshot:
        corrected = list({a.id: _corrected(snapshot, a) for a in articles}.values())
        fresh = corrected if rebuild else [a for a in corrected if not snapshot.has_content(a.content_hash)]
        undated = not rebuild and any(a.published is None or a.published_inferred for a in fresh)
        # The batch a build would date together, as far as the new articles reach: the new ones and
        # the stored ones of unknown or inferred day most like them (dated anew); every other
        # stored day is an anchor. An add of read days alone does this only in a store of few
        # undated pages: it reads them all, which in a store of thousands would cost more than the add.
        unread = snapshot.unread_articles() if undated or (not rebuild and _few_unread(snapshot)) else []
        redo = reached(redatable(unread), fresh)
        redone = {a.id for a in redo}
        anchors = stored_anchors([a for a in (*snapshot.read_articles(), *unread) if a.id not in redone]) if undated or redo else []
        # the read days give year-less dates their year: read only when some article has a day to find
        known = snapshot.read_publication_dates() if not rebuild and (redo or any(map(needs_day, fresh))) else []
    from tracker.engine import Engine, run_parsed
    from tracker.progress import Silent

    dated, tags = _date_and_tag([*fresh, *redo], known, anchors, run.workers.map if run.workers is not None else None)
    again = slice(len(fresh), len(fresh) + len(redo))
    changed = redated({a.id: a for a in unread}, dated[again])
    ids = {a.id for a in changed}
    tags = tags[: len(fresh)] + [t for a, t in zip(dated[again], tags[again], strict=True) if a.id in ids]
    dated = dated[: len(fresh)] + changed
    progress = run.progress or Silent()
    progress.start(len(dated))
    try:
        done = run_parsed(dated, run.engine or Engine(), progress.advance, run.workers, keep=spill.put, tags=tags)
    finally:
        progress.close()
        if run.workers is not None:
            run.workers.close()  # the merge runs here: idle workers would only hold memory
    return dict(zip([*fresh, *changed], done, strict=True))


def _ingest(store_path: Path | str, intake, rebuild: bool, run: _Run = _Run()) -> Report:
    """Phase one parses outside any lock, each parse kept on disk as it arrives (tracker.spill);
    phase two, one write transaction, stores what is still new, records copies and re-merges the
    windows touched."""
    from tracker.spill import Spill

    with Spill() as spill:
        parsed = _prepare(store_path, intake.articles, rebuild, spill, run)
        return _write(store_path, intake, rebuild, run, spill, parsed)


def _write(store_path: Path | str, intake, rebuild: bool, run: _Run, spill: Spill, parsed: dict[Article, Spilled]) -> Report:
    """Phase two: one write transaction (see _ingest); the parses come back from `spill`."""
    from tracker.copies import CopyFinder

    problems = list(intake.problems)
    with open_store(store_path) as store:
        if rebuild:
            store.clear()
        articles = list({a.id: _corrected(store, a) for a in intake.articles}.values())  # the last of an id
        fresh = [a for a in articles if not store.has_content(a.content_hash)]
        fresh_ids = {a.id for a in fresh}  # a set: `a not in fresh` compared whole articles, n x n of them
        unchanged = tuple(a.id for a in articles if a.id not in fresh_ids)
        finder = CopyFinder(store)
        kept, copies = _split_copies(finder, fresh)
        items = (_parsed(store, spill, parsed, a) for a in kept)  # one parse at a time back from disk
        added, touched, dated = _store_new(store, finder, items, keep_touched=not rebuild)
        redated = _store_redated(store, spill, parsed, {a.id for a in articles}, touched)
        recorded = _record_copies(store, copies, problems)
        if rebuild and not added and not unchanged:
            raise NothingReadError(NOTHING_READ, _lines(problems))  # rolls the transaction back
        # the merge reads what it needs back from the store: the copy index is let go before it,
        # and a build re-merges all the store holds (no window to find)
        del finder
        remerged = (remerge(store, [], run.engine) if rebuild else remerge_touched(store, touched)) if added or redated else 0
        refresh_pieces(store)
        count = store.event_count()
    return Report(tuple(added), unchanged, tuple(problems), count, remerged, intake.notes, recorded,
                  inferred=_ids(dated, "inferred", added), unknown=_ids(dated, "unknown", added), redated=tuple(redated))


def _store_redated(store: Store, spill: Spill, parsed: dict[Article, Spilled], new: set[str], touched: list[Mention]) -> list[str]:
    """Store the stored articles the new ones dated anew (tracker.pipeline._prepare) with their
    mentions read against the new day; their old and new mentions join `touched`. One another
    writer changed since the snapshot is left as it is. Returns their ids."""
    from tracker.copies import keep_places

    done = []
    for article, handle in parsed.items():
        if article.id in new:
            continue
        now = store.article(article.id)
        if now is None or now.content_hash != article.content_hash or not (now.published is None or now.published_inferred):
            continue
        item = spill.get(handle)
        touched += _put_parsed(store, keep_places(store, item.article), item) + list(item.mentions)
        done.append(article.id)
    return done


def refresh_pieces(store: Store) -> None:
    """The page pieces of the events and articles just written (tracker.pagecache), in the same
    transaction, so the page rewrite decodes only what changed."""
    from tracker.pagecache import refresh

    refresh(store)


def _ids(articles: Sequence[Article], how: str, added: Sequence[str]) -> tuple[str, ...]:
    kept = set(added)
    return tuple(a.id for a in articles if a.published_how == how and a.id in kept)


def _few_unread(store: Store) -> bool:
    """Whether the store holds at most `redate_read_adds_below` pages of unknown or inferred day."""
    from tracker.ingest.calendar import weight

    return 0 < store.unread_count() <= int(weight("redate_read_adds_below"))


def _parsed(store: Store, spill: Spill, parsed: dict[Article, Spilled], article: Article) -> Parsed:
    """The phase-one parse of an article, or (when another writer changed what it is) a new one."""
    found = parsed.get(article)
    if found is not None:
        return spill.get(found)
    from tracker.ingest.redate import anchors

    (dated,) = _date_articles([article], store.read_publication_dates(), anchors([*store.read_articles(), *store.unread_articles()]))
    return Parsed.of(dated)


def _corrected(store: Store, article: Article) -> Article:
    from tracker.corrections import apply_correction

    correction = store.correction(article.content_hash)
    return apply_correction(article, correction) if correction is not None else article


def _split_copies(finder, fresh: Sequence[Article]) -> tuple[list[Article], list]:
    """The new articles to store, and the copies of stored (or earlier new) ones."""
    kept, copies = [], []
    for article in fresh:
        found = finder.check(article)
        if found is None:
            kept.append(article)
        else:
            copies.append(found)
    return kept, copies


def _store_new(store: Store, finder, items: Iterable[Parsed], keep_touched: bool = True):
    """Store each parsed article; returns the ids added, the mentions whose events change (none
    kept for a build, which re-merges everything) and the articles as dated. An article with no
    date at all is kept, its date unknown: real text is never refused."""
    from tracker.copies import keep_places

    added, touched, dated = [], [], []
    for item in items:
        old = _put_parsed(store, keep_places(store, item.article), item)
        if keep_touched:
            touched += old + list(item.mentions)
        dated.append(item.article)
        finder.stored(item.article)
        added.append(item.article.id)
    return added, touched, dated


def _put_parsed(store: Store, article: Article, item: Parsed) -> list[Mention]:
    """Store a parsed article (this version of it), its mentions and its vectors; returns the
    mentions of the version it replaces."""
    old = store.put_article(article, list(item.mentions))
    if item.vectors:
        store.put_vectors(dict(item.vectors))
    store.put_article_vectors(article.id, *item.article_vectors)
    return old


def _vectors(article: Article, mentions: Sequence[Mention]) -> dict[str, bytes]:
    """Meaning vectors of the mentions merging compares (dated clauses that tell a happening: about
    one in eight dated mentions of real coverage), once, when the article is parsed."""
    from tracker.merge.vectors import compute

    wanted = _compared(mentions)
    return compute(wanted, {article.id: article.body}) if wanted else {}


def article_vectors(article: Article) -> tuple[bytes, bytes]:
    """The article's TF-IDF vectors, packed, weighed once when it is parsed: of its title and body
    (article groups) and of its body alone (the pair features' article cosine)."""
    from tracker.merge.article import article_vector, pack_vector
    from tracker.merge.groups import whole_text

    return pack_vector(article_vector(whole_text(article))), pack_vector(article_vector(article.body))


def _store_vectors(store: Store, article: Article, mentions: Sequence[Mention]) -> None:
    vectors = _vectors(article, mentions)
    if vectors:
        store.put_vectors(vectors)
    store.put_article_vectors(article.id, *article_vectors(article))


def _record_copies(store: Store, copies, problems: list[FileProblem]) -> tuple[tuple[str, str, float], ...]:
    from tracker.copies import record_copy

    recorded = []
    for found in copies:
        where = found.copy.url or found.copy.path
        if record_copy(store, found):
            recorded.append((where, found.kept_id, found.share))
        else:
            problems.append(FileProblem(found.copy.path, f"a copy of {found.kept_id}, which was not added"))
    return tuple(recorded)


def correct(
    store_path: Path | str, article_id: str, correction: Correction
) -> tuple[Article, int]:
    """Set an article's date, outlet or URL after the fact: re-read its time expressions against the
    new date and re-merge the events its old and new mentions touch. The correction is kept by the
    article's content hash, so a rebuild (or adding the same content again) applies it again."""
    from tracker.corrections import apply_correction, find_article, merged

    with open_store(store_path) as store:
        article = find_article(store, article_id)
        combined = merged(store.correction(article.content_hash), correction, article)
        store.put_correction(combined)
        corrected = apply_correction(article, combined)
        mentions, _ = parse_article(corrected)
        old = store.put_article(corrected, mentions)
        _store_vectors(store, corrected, mentions)
        remerge_touched(store, old + mentions)
        refresh_pieces(store)
        count = store.event_count()
    return corrected, count
