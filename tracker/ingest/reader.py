"""read_article: one file in, one Article out (or an ArticleError / DateError naming the file)."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from tracker.errors import ArticleError, DateError
from tracker.ingest.address import UrlDate, host, url_date
from tracker.ingest.captions import CaptionDate, caption_dates, split_glued_captions
from tracker.ingest.dateline import (
    Ago,
    Dateline,
    find_ago,
    find_dateline,
    find_prefix,
    find_update,
    parse_moment,
    parse_published,
)
from tracker.ingest.frontmatter import FrontMatter, split_front_matter
from tracker.ingest.furniture import clean_page, normalise_lines
from tracker.ingest.markup import html_to_page, markdown_to_text
from tracker.ingest.hosts import outlet_from_host
from tracker.ingest.outlet import contact_host, find_outlet, outlet_in_body, readable_outlet, year_hints
from tracker.ingest.reflow import reflow
from tracker.ingest.userdate import decode_user_date
from tracker.types import EARLIEST_YEAR, LATEST_YEAR, Article, Precision, TimeValue

FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
MAX_BYTES = 20_000_000
# About 170,000 words: twenty times the longest news feature. Longer text is refused before the
# furniture rules and the parser see it, so time and memory stay bounded (a 20 MB one-line file
# is refused in about a second).
MAX_TEXT_CHARS = 1_000_000
MAX_CONTROL_SHARE = 0.05  # more control characters than this and it is not a text file


@dataclass(frozen=True, slots=True)
class Page:
    """A file's text after its format is undone, with what the format itself said."""

    lines: list[str]
    title: str | None = None
    date: str | None = None
    sitename: str | None = None
    full_text: str | None = None  # all the page's text (HTML: with its header and footer), for outlet and years
    canonical: str | None = None  # the page's own address (HTML: canonical link or og:url)


def read_article(
    path: Path,
    *,
    published: str | None = None,
    source: str | None = None,
    url: str | None = None,
    today: dt.date | None = None,
    allow_future: bool = False,
    retrieved: str | None = None,
) -> Article:
    """Read one article file (.txt, .md, .html) into an Article with furniture removed.

    `today`, when given, bounds the front matter's date (at most a day ahead unless allow_future).
    `url` is the page's address (its date and host are evidence); `retrieved` is when it was
    fetched, ISO ("2024-12-04T10:41:00Z"), which makes "3 hours ago" a day (as front matter
    `retrieved:` does).
    """
    path = Path(path)
    return read_raw(read_bytes(path), str(path), path.stem, path.suffix.lower(), published=published,
                    source=source, url=url, today=today, allow_future=allow_future, retrieved=retrieved)


def read_raw(
    raw: bytes,
    name: str,
    article_id: str,
    suffix: str,
    *,
    published: str | None = None,
    source: str | None = None,
    url: str | None = None,
    today: dt.date | None = None,
    allow_future: bool = False,
    retrieved: str | None = None,
) -> Article:
    """An Article from the bytes of a page (a file's, or a fetched one's) named `name`; a fetcher
    passes the page's address and its retrieval time."""
    flag_date = _flag_date(published, name)
    front, rest = split_front_matter(decode(raw, name), name)
    front_date = _front_date(front, name, today, allow_future)
    if FORMATS[suffix] != "html":
        _check_length(len(rest), name)  # plain text and Markdown: before the reflow reads every line
    page = _page(suffix, rest, name)
    _check_length(sum(len(line) for line in page.lines), name)
    address = url or front.url or page.canonical
    lines = split_glued_captions(page.lines)
    dateline = find_dateline(lines)
    prefix = find_prefix(lines)
    cleaned = clean_page(lines, front.title or page.title, prefix.text if prefix is not None else None)
    if not cleaned.body:
        raise ArticleError(name, "no article text: only page furniture (menus, credits, link lists)")
    found = Evidence(flag_date, published, front, front_date, page.date, url_date(address), dateline,
                     find_ago(lines, _retrieved(retrieved or front.retrieved, name)), find_update(lines))
    date, evidence = _in_calendar(*first_evidence(found))
    not_before, not_after, bound_text = _bounds(found, caption_dates(lines))
    if any(d is not None and not EARLIEST_YEAR <= d.year <= LATEST_YEAR for d in (not_before, not_after)):
        not_before = not_after = bound_text = None  # a caption dated 9999 bounds nothing
    text = page.full_text or rest
    return Article(
        id=article_id,
        path=name,
        content_hash=content_hash(raw, published, source, url),
        title=cleaned.title or _fallback_title(cleaned.body),
        body=cleaned.body,
        outlet=_outlet(source, front, page, prefix or dateline, text, cleaned.body, address),
        url=address,
        published=date,
        published_evidence=evidence,
        year_hints=year_hints(text, address, cleaned.body),
        published_not_before=not_before,
        published_not_after=not_after,
        published_updated=found.update.value.end if found.update is not None and found.update.value is not None else None,
        bound_evidence=bound_text,
    )


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES. Anything else (a FIFO, a device, a loop)
    is refused from its stat without being opened, and what is opened is checked again, so a file
    swapped for a FIFO in between cannot block the read."""
    from tracker.ingest.files import NotAFile, kind_from_stat, kind_of

    name = str(path)
    try:
        if kind_of(path) == "folder":
            raise ArticleError(name, "is a folder, not an article file")
    except NotAFile as problem:
        raise ArticleError(name, str(problem)) from None
    if path.suffix.lower() not in FORMATS:
        raise ArticleError(name, f"unsupported file type '{path.suffix or '(none)'}' (use .txt, .md or .html)")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as err:
        raise ArticleError(name, f"cannot be read ({err.strerror or err})") from err
    with os.fdopen(fd, "rb") as handle:
        try:
            info = os.fstat(fd)
            kind_from_stat(info)
            if info.st_size > MAX_BYTES:
                raise ArticleError(name, f"too large for an article (over {MAX_BYTES // 1_000_000} MB)")
            raw = handle.read(MAX_BYTES + 1)
        except NotAFile as problem:
            raise ArticleError(name, str(problem)) from None
        except OSError as err:
            raise ArticleError(name, f"cannot be read ({err.strerror or err})") from err
    if len(raw) > MAX_BYTES:
        raise ArticleError(name, f"too large for an article (over {MAX_BYTES // 1_000_000} MB)")
    return raw


_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # Unicode's Cc less tab and the line breaks
BOMS = (  # UTF-32 first: its little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)  # fmt: skip


def decode(raw: bytes, name: str) -> str:
    """Text with Unix line ends: UTF-8, or UTF-16/32 with a byte-order mark; empty, binary and
    other files are refused."""
    if not raw.strip():
        raise ArticleError(name, "empty file")
    text = _unicode(raw, name)
    if not text.strip():
        raise ArticleError(name, "empty file")
    controls = len(_CONTROLS.findall(text))
    if controls > MAX_CONTROL_SHARE * len(text):
        raise ArticleError(name, "binary file (mostly control characters), not a text article")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _unicode(raw: bytes, name: str) -> str:
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError as err:
                raise ArticleError(name, f"not {encoding.upper()} text although it starts with its byte-order mark: "
                                   f"invalid bytes at offset {err.start}") from err
    if b"\x00" in raw:
        hint = " (UTF-16 without a byte-order mark? save it as UTF-8)" if _looks_utf16(raw) else ""
        raise ArticleError(name, f"binary file (contains NUL bytes), not a text article{hint}")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        byte = raw[err.start]
        raise ArticleError(
            name, f"not UTF-8 text: byte 0x{byte:02x} at offset {err.start} is invalid (save the file as UTF-8)"
        ) from err


def _looks_utf16(raw: bytes) -> bool:
    """Mostly ASCII letters with a NUL beside each: UTF-16 text whose byte-order mark was lost."""
    sample = raw[:4000]
    text = set(range(0x20, 0x7F)) | {9, 10, 13}
    for zeros, letters in ((sample[1::2], sample[0::2]), (sample[0::2], sample[1::2])):
        if zeros.count(0) > 0.9 * len(zeros) and sum(b in text for b in letters) > 0.9 * len(letters):
            return True
    return False


def content_hash(raw: bytes, published: str | None, source: str | None, url: str | None) -> str:
    """sha256 of the bytes; flags given with the file are part of what was added."""
    digest = hashlib.sha256(raw)
    for key, value in (("published", published), ("source", source), ("url", url)):
        if value is not None:
            digest.update(f"\x00{key}={value}".encode())
    return digest.hexdigest()


def _page(suffix: str, text: str, name: str) -> Page:
    if not text.strip():
        raise ArticleError(name, "no article text after the front matter")
    kind = FORMATS[suffix]
    if kind == "markdown":
        plain, heading = markdown_to_text(text)
        return Page(normalise_lines(plain), title=heading)
    if kind == "html":
        html = html_to_page(text, name)
        return Page(normalise_lines(html.text), html.title, html.date, html.sitename, html.full_text, html.canonical)
    return Page(normalise_lines(reflow(text)))


def _in_calendar(date: TimeValue | None, evidence: str | None) -> tuple[TimeValue | None, str | None]:
    """A date read off the page (dateline, metadata) outside the years tracker dates is no date:
    "9999-12-31" in a dateline dates nothing, and nothing downstream does arithmetic on it."""
    if date is not None and not (EARLIEST_YEAR <= date.start.year and date.end.year <= LATEST_YEAR):
        return None, None
    return date, evidence


def _check_length(length: int, name: str) -> None:
    if length > MAX_TEXT_CHARS:
        raise ArticleError(name, f"too long for an article: {length:,} characters of text (at most "
                           f"{MAX_TEXT_CHARS:,}; split it into articles)")


def _flag_date(published: str | None, name: str) -> TimeValue | None:
    if published is None:
        return None
    try:
        return decode_user_date(published).value
    except DateError as err:
        raise DateError(f"{name}: --published {err}") from err


def _front_date(front: FrontMatter, name: str, today: dt.date | None, allow_future: bool) -> TimeValue | None:
    if front.published is None:
        return None
    try:
        return decode_user_date(front.published, today=today, allow_future=allow_future, relative=False).value
    except DateError as err:
        raise ArticleError(name, f"malformed front matter: published {err}") from err


@dataclass(frozen=True, slots=True)
class Evidence:
    """Everything a page and its user say about when it was put out, strongest first."""

    flag: TimeValue | None
    flag_text: str | None
    front: FrontMatter
    front_date: TimeValue | None
    html_date: str | None
    address: UrlDate | None
    dateline: Dateline | None
    ago: Ago | None
    update: Dateline | None = None


def first_evidence(found: Evidence) -> tuple[TimeValue | None, str | None]:
    """The first date that applies, with its evidence: the flag, front matter, the HTML page's
    metadata, a day in the address, a dateline or byline, a "3 hours ago" stamp with a known
    retrieval time. Otherwise (None, the text of a partial dateline that inference may complete)."""
    if found.flag is not None:
        return found.flag, f"--published {found.flag_text}"
    if found.front_date is not None:
        return found.front_date, f"front matter published: {found.front.published}"
    html_value = parse_published(found.html_date) if found.html_date else None
    if html_value is not None:
        return html_value, f"HTML metadata date {found.html_date}"
    if found.address is not None and found.address.value.precision is Precision.DAY:
        return found.address.value, f"address: {found.address.text}"
    dateline = found.dateline
    if dateline is not None and dateline.value is not None:
        return dateline.value, dateline.text
    if found.ago is not None and found.ago.value is not None:
        return found.ago.value, found.ago.evidence
    if dateline is not None and (dateline.month_day is not None or dateline.readings):
        # month and day without a year, or "05/09/2025" read two ways: infer_published decides
        return None, dateline.text
    return None, None


def _bounds(found: Evidence, captions: list[CaptionDate]) -> tuple[dt.date | None, dt.date | None, str | None]:
    """What the page says of its publication short of a day: a month in its address, the latest
    date of its photo captions (taken before it was put out), a relative stamp without a clock."""
    low, high, notes = None, None, []
    if found.address is not None and found.address.value.precision is not Precision.DAY:
        low, high = found.address.value.start, found.address.value.end
        notes.append(f"address: {found.address.text}")
    if captions:
        latest = max(captions, key=lambda c: c.day)
        if low is None or latest.day > low:
            low = latest.day
        notes.append(f"photo caption dated {latest.day.isoformat()}: '{_short(latest.text)}'")
    if found.update is not None and found.update.value is not None:
        high = found.update.value.end if high is None else min(high, found.update.value.end)
        notes.append(f"update stamp '{found.update.text}'")
    if found.ago is not None and found.ago.value is None and found.ago.around is not None:
        low, high = found.ago.around.start, found.ago.around.end
        notes.append(found.ago.evidence)
    if low is not None and high is not None and low > high:
        return None, None, None  # the page contradicts itself: no bound
    return low, high, "; ".join(notes) or None


def _short(text: str, words: int = 14) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _retrieved(text: str | None, name: str) -> dt.datetime | dt.date | None:
    if text is None:
        return None
    value = parse_moment(text)
    if value is None:
        raise ArticleError(name, f"retrieved {text!r} is not a date or time (use 2024-12-04T10:41:00Z)")
    return value


def _outlet(
    source: str | None, front: FrontMatter, page: Page, dateline: Dateline | None, text: str, body: str,
    address: str | None,
) -> str | None:
    """What the user said, else the HTML site name, else where the page names itself in its
    furniture, else the address's host, else whom the article's sources spoke to ("told Example
    News"), else the agency of its dateline."""
    for given in (source, front.source):
        if given and given.strip():
            return given.strip()
    if page.sitename and readable_outlet(page.sitename):
        return readable_outlet(page.sitename)
    found = find_outlet(text, body)
    if found:
        return found
    from_host = outlet_from_host(host(address) or contact_host(text, body), text)
    if from_host:
        return from_host
    if dateline is not None and dateline.agency:
        return readable_outlet(dateline.agency)
    return outlet_in_body(body)


def _fallback_title(body: str) -> str:
    """No headline on the page: the first words of the first paragraph."""
    first = body.split("\n\n", 1)[0]
    words = first.split()
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")
