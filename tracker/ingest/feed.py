"""RSS and Atom feeds (feedparser): each entry becomes an article with the entry's own date.

An entry's date (published, else updated) is read evidence, taken on the day the publisher wrote
(its own time zone, not UTC) and checked like any date a user gives. Its link is its URL, the
entry's source or the feed's title its outlet. An entry carrying its full text is read from it;
one with only a link is fetched, and when that fails its summary is used if it is real text.
"""

from __future__ import annotations

import calendar
import datetime as dt
import email.utils
import hashlib
import html as html_module
import re
from dataclasses import dataclass, replace
from pathlib import Path

from tracker.errors import ArticleError, DateError
from tracker.ingest.userdate import decode_user_date
from tracker.ingest.web import FetchOptions, article_id_for, canonical_url, fetch, fetch_article, is_url
from tracker.types import Article

MAX_FEED_BYTES = 20_000_000
MIN_TEXT_WORDS = 40  # an entry's content or summary shorter than this is a teaser, not the article
_BLOCK = re.compile(r"</?(?:p|div|br|li|ul|ol|h[1-6]|blockquote|section|article|figure|tr|table)\b[^>]*>", re.I)
_DROP = re.compile(r"<(script|style|figcaption)\b.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True, slots=True)
class FeedRead:
    """The articles of a feed's entries, and a problem (ArticleError) for each entry that failed."""

    title: str | None
    articles: tuple[Article, ...]
    problems: tuple[ArticleError, ...]


@dataclass(frozen=True, slots=True)
class EntryContext:
    """What applies to every entry of one call: the user's flags and today's date."""

    source: str | None = None
    today: dt.date | None = None
    allow_future: bool = False
    options: FetchOptions = FetchOptions()


def read_feed(location: str, context: EntryContext = EntryContext()) -> FeedRead:
    """Read a feed from a URL or a file; ArticleError when it is no feed at all."""
    import feedparser

    parsed = feedparser.parse(_feed_bytes(location, context.options))
    if not parsed.entries and (parsed.bozo or not parsed.feed):
        raise ArticleError(location, "not an RSS or Atom feed")
    title = _text(parsed.feed.get("title"))
    articles, problems = [], []
    for index, entry in enumerate(parsed.entries):
        try:
            articles.append(_entry_article(entry, index, location, title, context))
        except ArticleError as err:
            problems.append(err)
    return FeedRead(title, tuple(articles), tuple(problems))


def _feed_bytes(location: str, options: FetchOptions) -> bytes:
    if is_url(location):
        return fetch(location, options).body
    path = Path(location)
    if not path.is_file():
        raise ArticleError(location, "no such feed file" if not path.exists() else "not a regular file")
    try:
        if path.stat().st_size > MAX_FEED_BYTES:
            raise ArticleError(location, f"too large for a feed (over {MAX_FEED_BYTES // 1_000_000} MB)")
        return path.read_bytes()
    except OSError as err:
        raise ArticleError(location, f"cannot be read ({err.strerror or err})") from err


def _entry_article(entry, index: int, location: str, feed_title: str | None, context: EntryContext) -> Article:
    link = canonical_url(entry["link"]) if is_url(entry.get("link") or "") else None
    name = link or f"{location}#entry-{index + 1}"
    written, day = _entry_date(entry, name, context)
    outlet = context.source or _text((entry.get("source") or {}).get("title")) or feed_title
    published = day.isoformat() if day else None
    content = _full_text(entry)
    if content is None and link is not None:
        try:
            article = fetch_article(link, published=published, source=outlet, today=context.today,
                                    allow_future=context.allow_future, options=context.options)
            return _with_evidence(article, written)
        except ArticleError as err:
            content = _summary_text(entry)
            if content is None:
                raise ArticleError(name, f"{err.problem}, and the entry's summary is no article text") from err
    if content is None:
        raise ArticleError(name, "the entry has no text and no link to fetch it from")
    article_id = article_id_for(link) if link else _entry_id(location, entry, index)
    article = _from_text(content, name, article_id, _text(entry.get("title")), outlet, link, published)
    return _with_evidence(article, written)


def _entry_date(entry, name: str, context: EntryContext) -> tuple[str | None, dt.date | None]:
    """(the entry's date as written with its field name, the day the publisher wrote)."""
    for key in ("published", "updated", "created"):
        written = entry.get(key)
        if not written:
            continue
        day = _publisher_day(written, entry.get(f"{key}_parsed"))
        if day is None:
            continue
        try:
            decode_user_date(day, today=context.today, allow_future=context.allow_future)
        except DateError as err:
            raise ArticleError(name, f"the entry's {key} date {err}") from err
        return f"{key}: {written}", day
    return None, None


def _publisher_day(written: str, parsed) -> dt.date | None:
    """"Fri, 05 Sep 2025 23:30:00 -0500" is 5 September where it was written (6 September in UTC)."""
    text = written.strip()
    for parse in (email.utils.parsedate_to_datetime, dt.datetime.fromisoformat):
        try:
            return parse(text.replace("Z", "+00:00") if parse is dt.datetime.fromisoformat else text).date()
        except (TypeError, ValueError, IndexError, OverflowError):
            continue
    if parsed is not None:  # feedparser's own reading, in UTC
        return dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.timezone.utc).date()
    return None


def _full_text(entry) -> str | None:
    """The entry's own article text: content:encoded or Atom content, when long enough to be one."""
    for content in entry.get("content") or ():
        text = fragment_text(content.get("value") or "")
        if _words(text) >= MIN_TEXT_WORDS:
            return text
    return None


def _summary_text(entry) -> str | None:
    text = fragment_text(entry.get("summary") or "")
    return text if _words(text) >= MIN_TEXT_WORDS else None


def fragment_text(fragment: str) -> str:
    """An HTML fragment as plain text, one paragraph a line (plain text passes through)."""
    text = _BLOCK.sub("\n", _DROP.sub(" ", fragment))
    text = html_module.unescape(_TAG.sub("", text))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _words(text: str) -> int:
    return len(text.split())


def _from_text(text: str, name: str, article_id: str, title: str | None, outlet: str | None,
               link: str | None, published: str | None) -> Article:
    """Read an entry's text through the plain-text path, its metadata as front matter."""
    import yaml

    from tracker.ingest.reader import read_raw

    front = {k: v for k, v in (("title", title), ("source", outlet), ("url", link), ("published", published)) if v}
    document = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=True) + "---\n\n" + text + "\n"
    return read_raw(document.encode("utf-8"), name, article_id, ".txt")


def _with_evidence(article: Article, written: str | None) -> Article:
    if written is None:
        return article
    return replace(article, published_evidence=f"feed entry {written}")


def _entry_id(location: str, entry, index: int) -> str:
    key = entry.get("id") or entry.get("title") or str(index)
    return f"entry-{hashlib.sha1(f'{location}#{key}'.encode()).hexdigest()[:12]}"


def _text(value) -> str | None:
    text = " ".join(html_module.unescape(str(value)).split()) if value else ""
    return text or None
