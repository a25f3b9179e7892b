"""The command line: a thin shell that opens the store, makes one library call and prints.

Library errors become one line on stderr and a non-zero exit; nothing here knows how a stage works.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Sequence
from datetime import date, datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from tracker.errors import TrackerError

app = typer.Typer(
    help="Build a dated, sourced timeline of events from news articles.\n\n"
    "Example: tracker build seeds/ && tracker query --from 2025-09-01 --format json",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

StoreOption = Annotated[
    Optional[str],
    typer.Option("--store", help="The store: a file, or a postgresql:// address "
                 "(default: $TRACKER_STORE or output/tracker.db)."),
]
OutOption = Annotated[
    Optional[Path],
    typer.Option("--out", help="Where to write the timeline (default: timeline.html beside the store)."),
]
PublishedOption = Annotated[
    Optional[str],
    typer.Option("--published", help="Publication date of the inputs: YYYY-MM-DD (or YYYY-MM, YYYY, "
                 "'5 September 2025', 'yesterday', '3 days ago'; a relative one is echoed)."),
]
AllowFutureOption = Annotated[
    bool, typer.Option("--allow-future", help="Take publication dates more than a day after today.")
]
SourceOption = Annotated[Optional[str], typer.Option("--source", help="The outlet that published the files.")]
UrlOption = Annotated[Optional[str], typer.Option("--url", help="The address of the article (files only).")]
FeedOption = Annotated[
    Optional[list[str]],
    typer.Option("--feed", help="An RSS or Atom feed (URL or file) whose entries to add; may be repeated."),
]
AllowPrivateOption = Annotated[
    bool, typer.Option("--allow-private", help="Fetch from loopback and private network addresses too.")
]
TimeoutOption = Annotated[
    int, typer.Option("--timeout", min=1, help="Seconds to wait for a server's answer (a request is tried up to three times).")
]

EngineOption = Annotated[
    str, typer.Option("--engine", help="Where articles are parsed: local (this machine's cores) or dask (a Dask cluster).")
]
SchedulerOption = Annotated[
    Optional[str], typer.Option("--scheduler", help="With --engine dask: the scheduler's address, e.g. tcp://10.0.0.5:8786 "
                                "(default: a local cluster started for the command).")
]
WorkersOption = Annotated[
    Optional[int], typer.Option("--workers", min=1, help="Processes that parse articles (default: the usable cores; 1: this process only).")
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar (none is shown when stderr is not a terminal).")]


class QueryFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class RenderFormat(str, Enum):
    html = "html"
    timelinejs = "timelinejs"
    csv = "csv"
    md = "md"


class TimexFormat(str, Enum):
    json = "json"
    tml = "tml"


def command(fn):
    """Register a command whose library errors end as one line on stderr and exit code 1."""

    @functools.wraps(fn)
    def at_the_edge(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except TrackerError as err:
            for line in err.details:
                typer.echo(f"tracker: {line}", err=True)
            raise _fail(str(err), err.exit_code) from None

    return app.command()(at_the_edge)


def _store(store: str | None) -> Path | str:
    from tracker.store import default_store_path, is_postgres

    if store is None:
        return default_store_path()
    return store if is_postgres(store) else Path(store)


def _page_beside(store: Path | str) -> Path:
    """Where the timeline goes when --out is not given: beside a store file, else output/."""
    from tracker.store import DEFAULT_STORE, is_postgres

    folder = DEFAULT_STORE.parent if is_postgres(store) else Path(store).parent
    return folder / "timeline.html"


def _shown(store: Path | str) -> str:
    """A store's name for messages: a PostgreSQL address without its password."""
    from tracker.store import is_postgres

    if not is_postgres(store):
        return str(store)
    from tracker.store.postgres import shown

    return shown(str(store))


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"tracker: {message}", err=True)
    return typer.Exit(code)


def _built_at() -> str:
    """Now, or SOURCE_DATE_EPOCH when set, so a reproducible build gives a byte-identical page."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _write_timeline(store: Path | str, out: Path | None) -> Path:
    from tracker.pagecache import page_chunks
    from tracker.store import read_store

    with read_store(store) as opened:
        chunks = page_chunks(opened, built_at=_built_at())  # from the pieces the store keeps (tracker.pagecache)
    target = out or _page_beside(store)
    _write_text(target, chunks)
    return target


def _write_text(target: Path, text: str | Sequence[str]) -> None:
    from tracker.files import write_atomic

    write_atomic(target, text)


def _report(report, store: Path | str, out: Path | None, verb: str) -> None:
    for problem in report.problems:
        typer.echo(f"tracker: {problem.path}: {problem.message}", err=True)
    page = _write_timeline(store, out)
    for note in report.notes:
        typer.echo(note)
    for where, kept, share in report.copies:
        typer.echo(f"{where}: a copy of article {kept} ({share:.0%} of its text is there); recorded as another place of it")
    copies = f"{len(report.copies)} cop{'y' if len(report.copies) == 1 else 'ies'} of stored articles, " if report.copies else ""
    summary = (
        f"{verb} {len(report.added)} article(s), {len(report.unchanged)} unchanged, {copies}"
        f"{len(report.problems)} problem(s); {report.events} event(s) in {_shown(store)}"
    )
    typer.echo(summary)
    dating = dating_summary(report)
    if dating:
        typer.echo(dating)
    if report.redated:
        typer.echo(f"dates: {len(report.redated)} stored article(s) dated anew by what the new ones tell: "
                   f"{', '.join(report.redated)}")
    typer.echo(f"timeline: {page}")
    if report.problems:
        raise typer.Exit(1)


def dating_summary(report) -> str | None:
    """How many of the articles just added have no read date, and how to see and fix them."""
    inferred, unknown = len(report.inferred), len(report.unknown)
    if not inferred and not unknown:
        return None
    parts = [f"{inferred} with an inferred date"] if inferred else []
    parts += [f"{unknown} with an unknown date"] if unknown else []
    flags = " ".join(flag for flag, n in (("--inferred", inferred), ("--unknown", unknown)) if n)
    return (f"dates: {' and '.join(parts)} of {len(report.added)} added; see them with `tracker articles {flags}`, "
            "set one with `tracker correct ID --published YYYY-MM-DD`")


@command
def build(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Article files or folders (default: seeds/).")] = None,
    store: StoreOption = None,
    out: OutOption = None,
    published: PublishedOption = None,
    source: SourceOption = None,
    allow_future: AllowFutureOption = False,
    engine: EngineOption = "local",
    scheduler: SchedulerOption = None,
    workers: WorkersOption = None,
    quiet: QuietOption = False,
) -> None:
    """Build the store anew from articles and write the timeline (corrections made with
    `tracker correct` are kept). Articles are parsed on all cores, or on a Dask cluster with
    --engine dask; merging and the store stay on this machine.

    Example: tracker build seeds/ --store output/tracker.db
    """
    from tracker.engine import Engine
    from tracker.pipeline import Flags, build as build_store
    from tracker.progress import for_terminal

    target = _store(store)
    flags = Flags(published, source, today=date.today(), allow_future=allow_future)
    report = build_store(paths or [Path("seeds")], target, flags, engine=Engine(engine, workers, scheduler),
                         progress=for_terminal(quiet))
    _report(report, target, out, "built from")


@command
def add(
    inputs: Annotated[
        Optional[list[str]], typer.Argument(help="Article files, folders, or http(s) URLs of pages to fetch.")
    ] = None,
    feed: FeedOption = None,
    published: PublishedOption = None,
    source: SourceOption = None,
    url: UrlOption = None,
    allow_future: AllowFutureOption = False,
    allow_private: AllowPrivateOption = False,
    timeout: TimeoutOption = 20,
    store: StoreOption = None,
    out: OutOption = None,
    workers: WorkersOption = None,
    quiet: QuietOption = False,
) -> None:
    """Append articles (files, fetched pages, feed entries), re-merge the events they touch and
    rewrite the timeline. A copy of a stored article (another site's, or the page scraped again)
    is recorded as another place of it, not as a second source.

    Example: tracker add today.md https://news.example/2025/09/06/talks.html --feed https://news.example/rss.xml
    """
    from tracker.engine import Engine
    from tracker.pipeline import Flags, add as add_articles
    from tracker.progress import for_terminal

    if not inputs and not feed:
        raise _fail("give article files, folders or URLs, or a feed with --feed", 2)
    target = _store(store)
    flags = Flags(published, source, url, date.today(), allow_future, allow_private, timeout)
    report = add_articles(inputs or [], target, flags, feed or [], engine=Engine("local", workers),
                          progress=for_terminal(quiet))
    _report(report, target, out, "added")


@command
def correct(
    article_id: Annotated[str, typer.Argument(help="An article id (or a unique prefix of one), see `tracker articles`.")],
    published: PublishedOption = None,
    source: Annotated[Optional[str], typer.Option("--source", help="The outlet that published it.")] = None,
    url: Annotated[Optional[str], typer.Option("--url", help="The address of the article.")] = None,
    allow_future: AllowFutureOption = False,
    store: StoreOption = None,
    out: OutOption = None,
) -> None:
    """Set an article's publication date, outlet or URL; its dates are read again against the new
    date and the events it touches re-merged. The correction is kept: a rebuild applies it again.

    Example: tracker correct wire-talks --published 2025-09-06 --source "Example Wire"
    """
    from tracker.corrections import correction_from_flags
    from tracker.pipeline import correct as correct_article

    target = _store(store)
    correction, echo = correction_from_flags(published, source, url, today=date.today(), allow_future=allow_future)
    article, count = correct_article(target, article_id, correction)
    page = _write_timeline(target, out)
    if echo:
        typer.echo(echo)
    from tracker.records import published_text

    when = published_text(article.published)
    typer.echo(f"corrected {article.id}: published {when} ({article.published_evidence or 'unknown'}), "
               f"outlet {article.outlet or 'unknown outlet'}, url {article.url or 'none'}; {count} event(s) in {_shown(target)}")
    typer.echo(f"timeline: {page}")


@command
def query(
    date_from: Annotated[Optional[str], typer.Option("--from", help="First day, YYYY-MM-DD.")] = None,
    date_to: Annotated[Optional[str], typer.Option("--to", help="Last day, YYYY-MM-DD.")] = None,
    actor: Annotated[Optional[str], typer.Option(help="Only events naming this actor.")] = None,
    source: Annotated[Optional[str], typer.Option(help="Only events reported by this outlet or article id.")] = None,
    top: Annotated[Optional[int], typer.Option("--top", min=1, help="Only the N events told by the most articles (then outlets), in timeline order.")] = None,
    format: Annotated[QueryFormat, typer.Option("--format", help="table, json or csv.")] = QueryFormat.table,
    store: StoreOption = None,
) -> None:
    """List events in a date range (undated events too, unless a date is given).

    Example: tracker query --from 2025-09-01 --to 2025-09-05 --actor "Ada Lovelace" --format json
    Example: tracker query --top 20   (a long story's key events)
    """
    from tracker import query as q

    flt = q.Filter(q.parse_day(date_from, "--from"), q.parse_day(date_to, "--to"), actor, source, top)
    if format is QueryFormat.json:
        typer.echo(q.find_json(_store(store), flt))  # from the records the store keeps, same bytes
        return
    events = q.find(_store(store), flt)
    if format is QueryFormat.csv:
        from tracker.render import to_csv

        typer.echo(to_csv(events), nl=False)
    else:
        typer.echo(q.as_table(events))


@command
def render(
    out: OutOption = None,
    format: Annotated[RenderFormat, typer.Option("--format", help="html, timelinejs, csv or md.")] = RenderFormat.html,
    store: StoreOption = None,
) -> None:
    """Write the timeline page, or export the events for TimelineJS, a spreadsheet or a story.

    Example: tracker render --format timelinejs --out output/timeline.json
    """
    target = _store(store)
    if format is RenderFormat.html:
        typer.echo(f"timeline: {_write_timeline(target, out)}")
        return
    text = _export(target, format)
    if out is None:
        typer.echo(text, nl=False)
    else:
        _write_text(out, text)
        typer.echo(f"{format.value}: {out}")


def _export(store: Path | str, format: RenderFormat) -> str:
    import json

    from tracker import render as r
    from tracker.store import read_store

    with read_store(store) as opened:
        events, articles = opened.events(), opened.articles()
    if format is RenderFormat.timelinejs:
        return json.dumps(r.to_timelinejs(events, articles), ensure_ascii=False, indent=2) + "\n"
    if format is RenderFormat.csv:
        return r.to_csv(events)
    return r.to_markdown(events, articles)


@command
def articles(
    unknown: Annotated[bool, typer.Option("--unknown", help="Only articles whose publication date is unknown.")] = False,
    inferred: Annotated[bool, typer.Option("--inferred", help="Only articles whose publication date was inferred.")] = False,
    format: Annotated[QueryFormat, typer.Option("--format", help="table, json or csv.")] = QueryFormat.table,
    store: StoreOption = None,
) -> None:
    """List stored articles: id, outlet, URL, publication date, how it was known (read, inferred or
    unknown), its evidence, and the number of mentions.

    Example: tracker articles --unknown --inferred --format csv
    """
    from tracker.records import article_record
    from tracker.store import read_store

    with read_store(_store(store)) as opened:
        rows, counts = opened.articles(), opened.mention_counts()
    wanted = {how for how, on in (("unknown", unknown), ("inferred", inferred)) if on}
    records = [article_record(a, counts.get(a.id, 0)) for a in rows if not wanted or a.published_how in wanted]
    typer.echo(_articles_text(records, format), nl=False)


def _articles_text(records: list[dict], format: QueryFormat) -> str:
    import csv
    import io
    import json

    if format is QueryFormat.json:
        return json.dumps({"articles": records}, ensure_ascii=False, indent=1) + "\n"
    if format is QueryFormat.csv:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(ARTICLE_FIELDS), lineterminator="\n")
        writer.writeheader()
        writer.writerows({**r, "also_at": "; ".join(r["also_at"])} for r in records)
        return out.getvalue()
    lines = [f"{'id':<28} {'outlet':<24} {'published':<23} {'how':<9} {'mentions':>8}  evidence"]
    for r in records:
        lines.append(f"{r['id']:<28} {r['outlet']:<24} {r['published']:<23} {r['how']:<9} {r['mentions']:>8}  "
                     f"{(r['evidence'] or '')[:100]}")
        lines += [f"    also at: {where}" for where in r["also_at"]]
    return "\n".join(lines) + "\n"


ARTICLE_FIELDS = ("id", "outlet", "url", "published", "how", "evidence", "mentions", "also_at")


@command
def explain(
    event_id: Annotated[str, typer.Argument(help="An event id (or a unique prefix of one).")],
    store: StoreOption = None,
) -> None:
    """Say why an event's mentions were merged and which near-misses were kept apart.

    Example: tracker explain 3f2a9c1b
    """
    from tracker.merge import explain as explain_event, format_explanation
    from tracker.store import Window, read_store

    from tracker.pipeline import stored_views

    with read_store(_store(store)) as opened:
        event = _find_event(opened, event_id)
        anchor = event.time or (event.mentions[0].published if event.mentions else None)
        nearby = opened.mentions_in(Window(anchor.start, anchor.end)) if anchor else opened.all_mentions()
        pool = stored_views(opened, [*nearby, *event.mentions])
    typer.echo(format_explanation(explain_event(event, pool)))


def _find_event(opened, event_id: str):
    from tracker.errors import NotFoundError

    found = opened.events_with_prefix(event_id) if event_id else []
    if len(found) != 1:
        problem = "no event has" if not found else "more than one event has"
        raise NotFoundError(f"{problem} the id {event_id!r} (see `tracker query`)")
    return found[0]


@command
def timex(
    file: Annotated[str, typer.Argument(help="A text or TimeML file, or - for standard input.")] = "-",
    dct: Annotated[Optional[str], typer.Option("--dct", help="Reference date YYYY-MM-DD (TimeML: its DCT).")] = None,
    format: Annotated[TimexFormat, typer.Option("--format", help="json, or tml for TimeML in and out.")] = TimexFormat.json,
) -> None:
    """Print the temporal expressions of a text, resolved against a reference date.

    Example: tracker timex notes.txt --dct 2025-09-05  (or: echo "He spoke on Friday." | tracker timex -)
    """
    from tracker.timex_cli import run_timex

    typer.echo(run_timex(file, dct, format.value), nl=False)


def main() -> None:
    """Entry point: library errors become one line on stderr, never a traceback."""
    try:
        app()
    except TrackerError as err:
        typer.echo(f"tracker: {err}", err=True)
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        typer.echo("tracker: interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":  # python -m tracker.cli, as python -m tracker
    main()
