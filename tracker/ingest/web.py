"""Pages from the web: fetch a URL with trafilatura's downloader and read it as an HTML article.

The fetched page goes through the same HTML path as a saved page (its metadata and date evidence
count); the URL, after redirects and without tracking parameters, is the article's URL and names
its id. Every failure (unreachable, timed out, an HTTP error, not HTML, too large, a private
address) is an ArticleError naming the URL, so the other inputs of the call still land.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from tracker.errors import ArticleError
from tracker.types import Article

FETCH_TIMEOUT = 20  # seconds for one request
MAX_BYTES = 20_000_000  # as for a file
MAX_REDIRECTS = 2  # trafilatura's own; it also bounds retries of a request that timed out (three tries in all)
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml")
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid)$", re.IGNORECASE)
_SLUG = re.compile(r"[^a-z0-9]+")
_REASONS = (  # words in trafilatura's download error -> what the user is told
    ("exceeds MAX_FILE_SIZE", "too large (over {mb} MB)"),
    ("SSRF protection", "refused: a private or local address (give --allow-private to fetch from it)"),
    ("timed out", "timed out after {timeout} s"),
    ("NameResolutionError", "unreachable: the host name is not known"),
    ("Name or service not known", "unreachable: the host name is not known"),
    ("Connection refused", "unreachable: the connection was refused"),
    ("NewConnectionError", "unreachable: no connection could be made"),
)


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How to fetch: the timeout of one request, and whether private addresses may be reached."""

    timeout: int = FETCH_TIMEOUT
    allow_private: bool = False


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # where the page was found, after redirects
    body: bytes
    content_type: str  # the media type, lower case, without parameters ("" when not said)

    def kind(self) -> str:
        """html, feed or other: from the Content-Type, else from the first bytes."""
        if self.content_type in HTML_TYPES:
            return "html"
        if self.content_type in FEED_TYPES or self.content_type.endswith("+xml"):
            return "feed"
        if self.content_type and self.content_type != "application/octet-stream":
            return "other"
        head = self.body[:2048].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
            return "html"
        return "feed" if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head else "other"


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def canonical_url(url: str) -> str:
    """The URL without its fragment and tracking parameters (utm_*, fbclid, ...)."""
    parts = urlsplit(url.strip())
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)])
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))


def article_id_for(url: str) -> str:
    """A stable, readable id: the last words of the URL's path and a short hash of the whole URL."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    stem = re.sub(r"\.(html?|php|aspx?|shtml)$", "", segments[-1].lower()) if segments else parts.netloc
    slug = _SLUG.sub("-", stem.lower()).strip("-")[:48].strip("-") or "page"
    return f"{slug}-{hashlib.sha1(url.encode()).hexdigest()[:8]}"


def fetch(url: str, options: FetchOptions = FetchOptions()) -> Fetched:
    """Download a URL (HTTP or HTTPS) with trafilatura's downloader, or raise ArticleError."""
    from trafilatura.downloads import fetch_response

    if not is_url(url):
        raise ArticleError(url, "not an http:// or https:// address")
    with _download_errors() as errors:
        response = fetch_response(url, decode=False, config=_config(options))
    if response is None or response.data is None:
        raise ArticleError(url, _reason(errors, options))
    if response.status != 200:
        raise ArticleError(url, f"the server answered HTTP {response.status}")
    content_type = (response.headers or {}).get("content-type", "").split(";")[0].strip().lower()
    return Fetched(canonical_url(response.url or url), bytes(response.data), content_type)


def fetch_article(
    url: str,
    *,
    published: str | None = None,
    source: str | None = None,
    today: dt.date | None = None,
    allow_future: bool = False,
    options: FetchOptions = FetchOptions(),
) -> Article:
    """Fetch a page and read it as an HTML article whose URL is the page's."""
    from tracker.ingest.reader import read_raw

    page = fetch(url, options)
    kind = page.kind()
    if kind == "feed":
        raise ArticleError(url, "is a feed, not a page (add it with --feed)")
    if kind != "html":
        raise ArticleError(url, f"not an HTML page ({page.content_type or 'unknown type'})")
    html = _decoded(page.body)
    # The day of the fetch makes a "3 hours ago" stamp on the page a bound (that day or the one before).
    return read_raw(html.encode("utf-8"), url, article_id_for(page.url), ".html", published=published,
                    source=source, url=page.url, today=today, allow_future=allow_future,
                    retrieved=today.isoformat() if today else None)


def _decoded(body: bytes) -> str:
    """The page as text, whatever its encoding (trafilatura guesses it as browsers do)."""
    from trafilatura.utils import decode_file

    return decode_file(body, MAX_BYTES)


def _config(options: FetchOptions):
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "DOWNLOAD_TIMEOUT", str(max(1, int(options.timeout))))
    config.set("DEFAULT", "MAX_FILE_SIZE", str(MAX_BYTES))
    config.set("DEFAULT", "MAX_REDIRECTS", str(MAX_REDIRECTS))
    config.set("DEFAULT", "SSRF_PROTECTION", "off" if options.allow_private else "on")
    config.set("DEFAULT", "INSECURE_SSL_FALLBACK", "off")  # never read a page whose certificate failed
    return config


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _download_errors():
    """trafilatura logs why a download failed instead of raising: collect it, print nothing."""
    logger = logging.getLogger("trafilatura")
    handler, propagate = _Collect(), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _reason(messages: list[str], options: FetchOptions) -> str:
    text = " ".join(messages)
    for words, reason in _REASONS:
        if words in text:
            return reason.format(mb=MAX_BYTES // 1_000_000, timeout=options.timeout)
    return "could not be fetched" + (f" ({messages[-1][:160]})" if messages else "")
