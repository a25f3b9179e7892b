"""The one place that orders the stages: ingest -> temporal -> mentions -> merge -> store.

Each article is parsed once: its mentions are stored, and an append re-merges only the span of
time its mentions touch (grown until no stored event straddles the edge).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path

from tracker.errors import ArticleError, DateError, StoreError, TrackerError
from tracker.store import Store, Window, event_anchor, mention_anchor, open_store
from tracker.types import Article, Event, Mention, Precision, TimeValue

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
WINDOW_SLACK_DAYS = 14  # how far around new mentions a re-merge looks: undated mentions attach within it


@dataclass(frozen=True, slots=True)
class Flags:
    """What the user said about the files of one call (applies to every file of it)."""

    published: str | None = None
    source: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class FileProblem:
    path: str
    message: str


@dataclass(frozen=True, slots=True)
class Report:
    """What one build or add did."""

    added: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    problems: tuple[FileProblem, ...] = ()
    events: int = 0
    remerged: int = 0
    notes: tuple[str, ...] = field(default=())
    inferred: tuple[str, ...] = ()  # added articles whose publication date was inferred, not read
    unknown: tuple[str, ...] = ()  # added articles whose publication date is unknown


def expand_paths(paths: Iterable[Path]) -> tuple[list[Path], list[FileProblem]]:
    """Files named, and article files inside folders named, in a stable order."""
    files: list[Path] = []
    problems: list[FileProblem] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
            if not found:
                problems.append(FileProblem(str(path), "folder holds no .txt, .md or .html articles"))
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            problems.append(FileProblem(str(path), "no such file or folder"))
    return files, problems


def _read_all(
    files: Sequence[Path], flags: Flags, per_file: Mapping[Path, Flags] | None = None
) -> tuple[list[Article], list[FileProblem]]:
    from tracker.ingest import read_article

    articles: list[Article] = []
    problems: list[FileProblem] = []
    for path in files:
        given = (per_file or {}).get(path, flags)
        try:
            articles.append(read_article(path, published=given.published, source=given.source, url=given.url))
        except (ArticleError, DateError) as err:
            problems.append(FileProblem(str(path), _problem_text(path, err)))
    return articles, problems


def _problem_text(path: Path, err: TrackerError) -> str:
    text = str(err)
    prefix = f"{path}: "
    return text[len(prefix):] if text.startswith(prefix) else text


def _date_articles(articles: Sequence[Article], known: Sequence[TimeValue], anchors: Sequence = ()) -> list[Article]:
    """Give each article without a read date the date its own text supports (marked inferred):
    a year-less dateline completed; else the day its reports read freshest, the week from the
    articles most like it (anchors: stored articles with read days); else, last, on or after the
    latest date it reports, when that lies near the other articles' dates."""
    from tracker.ingest import Known, complete_dateline, estimate_days, infer_published
    from tracker.temporal import tag, tag_each

    collection = list(known) + [a.published for a in articles if a.published and not a.published_inferred]
    completed = [complete_dateline(a, collection) for a in articles]
    articles = [done or a for done, a in zip(completed, articles, strict=True)]
    plain = [tag(a.body, None) for a in articles]
    batch = [Known(a.body, a.published.start) for a, done in zip(articles, completed, strict=True)
             if _read_day(a) or done is not None and done.published.precision is Precision.DAY]  # fmt: skip
    articles = estimate_days(articles, plain, tag_each, list(anchors) + batch, collection)
    dated = []
    for article, timexes in zip(articles, plain, strict=True):
        if article.published is None or article.published.precision is not Precision.DAY:
            article = _near_collection(infer_published(article, timexes, collection), article, collection)
        dated.append(article)
    return dated


def _read_day(article: Article) -> bool:
    return article.published is not None and not article.published_inferred and article.published.precision is Precision.DAY


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
    paths: Sequence[Path], flags: Flags = Flags(), per_file: Mapping[Path, Flags] | None = None
) -> tuple[list[Article], list[FileProblem]]:
    """The articles of these files, each with its publication date (read or inferred as a batch),
    without parsing them further: what `build` would store as their metadata."""
    files, problems = expand_paths(paths)
    articles, bad = _read_all(files, flags, per_file)
    return _date_articles(articles, []), problems + bad


def parse_article(article: Article) -> tuple[list[Mention], bool]:
    """Tag an article's time expressions and turn its sentences into mentions.

    Also says whether the article has any date at all: a publication date, a year hint, or one
    DATE expression (even "recently"; "in the evening" or "for years" are not dates). One with
    none of these is refused as having no dates.
    """
    from tracker.mentions import extract_mentions
    from tracker.temporal import tag

    published = article.published
    dct = published.start if published and published.precision is Precision.DAY else None
    timexes = tag(article.body, dct, dct_inferred=article.published_lower_bound)
    mentions = extract_mentions(article, timexes)
    has_dates = bool(published or article.year_hints or any(t.type == "DATE" for t in timexes))
    return [replace(m, published_inferred=article.published_inferred) for m in mentions], has_dates


def _window(mentions: Iterable[Mention]) -> Window | None:
    anchors = [a for a in (mention_anchor(m) for m in mentions) if a is not None]
    if not anchors:
        return None
    slack = timedelta(days=WINDOW_SLACK_DAYS)
    return Window(min(a.start for a in anchors) - slack, max(a.end for a in anchors) + slack)


def remerge(store: Store, touched: Sequence[Mention]) -> int:
    """Re-merge the events of the time window the touched mentions fall in. Returns mentions merged."""
    from tracker.merge import merge

    window = _window(touched)
    if window is None:
        old_events, mentions = store.events(), store.all_mentions()
    else:
        old_events, mentions = _grow(store, window)
    events = merge(mentions)
    store.replace_events([e.id for e in old_events], events)
    return len(mentions)


def _grow(store: Store, window: Window) -> tuple[list[Event], list[Mention]]:
    """Widen the window until every stored event it meets lies inside it."""
    while True:
        events = store.events_in(window)
        anchors = [a for a in (event_anchor(e) for e in events) if a is not None]
        start = min([window.start, *(a.start for a in anchors)])
        end = max([window.end, *(a.end for a in anchors)])
        if (start, end) == (window.start, window.end):
            return events, store.mentions_in(window)
        window = Window(start, end)


def add(
    paths: Sequence[Path], store_path: Path, flags: Flags = Flags(), per_file: Mapping[Path, Flags] | None = None
) -> Report:
    """Append articles to a store (creating it if needed) and re-merge what they touch.

    `per_file` gives some files their own flags (a scraper knows each page's address)."""
    files, problems = expand_paths(paths)
    articles, bad = _read_all(files, flags, per_file)
    problems += bad
    with open_store(store_path, create=True) as store:
        fresh = [a for a in articles if not store.has_content(a.content_hash)]
        unchanged = tuple(a.id for a in articles if a not in fresh)
        known = store.read_publication_dates()
        anchors = _anchors(store) if any(a.published is None or a.published_inferred for a in fresh) else []
        touched: list[Mention] = []
        added: list[Article] = []
        for article in _date_articles(fresh, known, anchors):
            # An article with no date at all is kept, its date unknown: real text is never refused.
            mentions, _ = parse_article(article)
            touched += store.put_article(article, mentions) + mentions
            added.append(article)
        remerged = remerge(store, touched) if added else 0
        count = len(store.events())
    return Report(tuple(a.id for a in added), unchanged, tuple(problems), count, remerged,
                  inferred=_ids(added, "inferred"), unknown=_ids(added, "unknown"))


def _ids(articles: Sequence[Article], how: str) -> tuple[str, ...]:
    return tuple(a.id for a in articles if a.published_how == how)


def _anchors(store: Store) -> list:
    """Stored articles with read days: their neighbours in a new batch take their week from them."""
    from tracker.ingest import Known

    return [Known(body, day) for body, day in store.read_days()]


def build(
    paths: Sequence[Path], store_path: Path, flags: Flags = Flags(), per_file: Mapping[Path, Flags] | None = None
) -> Report:
    """Build a store anew from these articles; the old store is replaced only when all went well."""
    store_path = Path(store_path)
    try:
        store_path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=".tracker-build-", suffix=".db", dir=store_path.parent)
    except OSError as err:
        raise StoreError(f"{store_path}: cannot write the store here ({err.strerror})") from err
    os.close(handle)
    os.unlink(tmp)
    try:
        report = add(paths, Path(tmp), flags, per_file)
        if not report.added and not report.unchanged:
            raise StoreError("no article could be read; the store was left as it was")
        os.replace(tmp, store_path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return report
