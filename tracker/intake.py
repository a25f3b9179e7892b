"""What one call reads: files and folders, web pages and feeds, in, Articles and problems out.

The user's flags are decoded once for the whole call (a bad `--published` refuses the call before
anything is read); a relative one is echoed ("--published yesterday = 2026-12-05"). Each input
that cannot be read becomes a problem naming it, and the other inputs still land.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path

from tracker.engine import Mapper, map_here
from tracker.errors import ArticleError, DateError, TrackerError
from tracker.types import Article

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
FETCH_TIMEOUT = 20


@dataclass(frozen=True, slots=True)
class Flags:
    """What the user said about the inputs of one call (applies to every input of it)."""

    published: str | None = None
    source: str | None = None
    url: str | None = None  # for files only: a fetched page or a feed entry has its own
    today: date | None = None  # for relative dates and the plausibility window; the CLI passes the clock's
    allow_future: bool = False
    allow_private: bool = False  # fetch from loopback and private addresses too
    timeout: int = FETCH_TIMEOUT


@dataclass(frozen=True, slots=True)
class FileProblem:
    path: str
    message: str


@dataclass(frozen=True, slots=True)
class Intake:
    articles: tuple[Article, ...] = ()
    problems: tuple[FileProblem, ...] = ()
    notes: tuple[str, ...] = field(default=())


def read_inputs(inputs: Sequence[str | Path], flags: Flags = Flags(), feeds: Sequence[str] = (),
                mapper: Mapper | None = None) -> Intake:
    """Read every file, folder, URL and feed of a call. `mapper(function, files)` reads the files
    where the caller says (tracker.engine.Workers.map: the pool that parses them next), each file
    on its own, the results in the files' order; web pages and feeds are read here."""
    from tracker.ingest.web import is_url

    published, notes = _published(flags)
    flags = Flags(published, flags.source, flags.url, flags.today, flags.allow_future, flags.allow_private,
                  flags.timeout)
    articles: list[Article] = []
    problems: list[FileProblem] = []
    items = _items(inputs, problems)
    files = [item for item in items if not is_url(item)]
    read = dict(zip(files, (mapper or map_here)(partial(_read_or_problem, flags=flags), files), strict=True))
    for item in items:
        found = read[item] if item in read else _read_or_problem(item, flags)
        (problems if isinstance(found, FileProblem) else articles).append(found)
    for feed in feeds:
        _read_feed(feed, flags, articles, problems)
    return Intake(tuple(articles), tuple(problems), tuple(notes))


def _items(inputs: Sequence[str | Path], problems: list[FileProblem]) -> list[str]:
    """URLs as given, files, and the article files of folders, in the order named."""
    from tracker.ingest.web import is_url

    items: list[str] = []
    for given in inputs:
        if is_url(str(given)):
            items.append(str(given))
            continue
        files, missing = expand_paths([Path(given)])
        items.extend(str(f) for f in files)
        problems.extend(missing)
    return items


def _published(flags: Flags) -> tuple[str | None, list[str]]:
    """The --published flag decoded once for the call: its canonical text, and an echo if relative."""
    from tracker.ingest.userdate import decode_user_date

    if flags.published is None:
        return None, []
    try:
        decoded = decode_user_date(flags.published, today=flags.today, allow_future=flags.allow_future)
    except DateError as err:
        raise DateError(f"--published {err}") from err
    return decoded.canonical, [decoded.echo("--published")] if decoded.relative else []


def _read_or_problem(item: str, flags: Flags) -> Article | FileProblem:
    """One input read, or the problem that names it (a worker process may run this)."""
    try:
        return _read_one(item, flags)
    except (ArticleError, DateError) as err:
        return FileProblem(item, _problem_text(item, err))


def _read_one(item: str, flags: Flags) -> Article:
    from tracker.ingest import read_article
    from tracker.ingest.web import FetchOptions, fetch_article, is_url

    if is_url(item):
        options = FetchOptions(flags.timeout, flags.allow_private)
        return fetch_article(item, published=flags.published, source=flags.source, today=flags.today,
                             allow_future=flags.allow_future, options=options)
    return read_article(Path(item), published=flags.published, source=flags.source, url=flags.url,
                        today=flags.today, allow_future=flags.allow_future)


def _read_feed(feed: str, flags: Flags, articles: list[Article], problems: list[FileProblem]) -> None:
    from tracker.ingest.feed import EntryContext, read_feed
    from tracker.ingest.web import FetchOptions

    context = EntryContext(flags.source, flags.today, flags.allow_future, FetchOptions(flags.timeout, flags.allow_private))
    try:
        read = read_feed(feed, context)
    except ArticleError as err:
        problems.append(FileProblem(feed, _problem_text(feed, err)))
        return
    articles.extend(read.articles)
    problems.extend(FileProblem(err.path, err.problem) for err in read.problems)
    if not read.articles and not read.problems:
        problems.append(FileProblem(feed, "the feed has no entries"))


def expand_paths(paths: Iterable[Path]) -> tuple[list[Path], list[FileProblem]]:
    """Files named, and article files inside folders named, in a stable order. What is not a
    regular file (a FIFO, a device, a symbolic link loop) is a problem, found without opening it."""
    from tracker.ingest.files import NotAFile, kind_of

    files: list[Path] = []
    problems: list[FileProblem] = []
    for path in paths:
        try:
            kind = kind_of(path)
        except NotAFile as problem:
            problems.append(FileProblem(str(path), str(problem)))
            continue
        if kind == "folder":
            _expand_folder(path, files, problems)
        else:
            files.append(path)
    return files, problems


def _expand_folder(folder: Path, files: list[Path], problems: list[FileProblem]) -> None:
    from tracker.ingest.files import walk

    found, bad = [], []
    for path, problem in walk(folder):
        if problem is None and path.suffix.lower() in ARTICLE_SUFFIXES:
            found.append(path)
        elif problem is not None and (path.suffix.lower() in ARTICLE_SUFFIXES or "folder" in problem
                                      or "Permission" in problem):
            bad.append(FileProblem(str(path), problem))
    if not found and not bad:
        problems.append(FileProblem(str(folder), "folder holds no .txt, .md or .html articles"))
    files.extend(sorted(found))
    problems.extend(sorted(bad, key=lambda p: p.path))


def _problem_text(name: str, err: TrackerError) -> str:
    text = str(err)
    prefix = f"{name}: "
    return text[len(prefix):] if text.startswith(prefix) else text
