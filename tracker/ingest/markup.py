"""Plain text out of Markdown and HTML articles.

Markdown: syntax goes, text stays (headings, emphasis, link text, quotes); images go (their alt
text is a caption, not the article); a paragraph's wrapped lines become one line.
HTML: trafilatura finds the main text and the page's title, date and site name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.errors import ArticleError
from tracker.ingest.address import canonical_url

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_LINK_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
_INLINE = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), ""),  # images: alt text is a caption
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links keep their text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"<(https?://[^>]+)>"), r"\1"),  # autolinks
    (re.compile(r"</?[A-Za-z][^>]*>"), ""),  # inline HTML tags
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])"), r"\2"),  # emphasis
    (re.compile(r"~~(.+?)~~"), r"\1"),  # strikethrough
    (re.compile(r"`([^`]+)`"), r"\1"),  # inline code
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])"), r"\1"),  # escapes
)


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """What trafilatura found in an HTML page."""

    text: str
    title: str | None
    date: str | None
    sitename: str | None
    full_text: str = ""  # every text line of the page, header and footer included
    canonical: str | None = None  # the page's own address, from its canonical link or og:url


def markdown_to_text(text: str) -> tuple[str, str | None]:
    """(plain text with one paragraph a line, the first heading or None)."""
    out: list[str] = []
    paragraph: list[str] = []
    headings: list[str] = []
    in_fence = False
    for raw in text.split("\n"):
        if _FENCE.match(raw):
            in_fence = not in_fence
            _flush(paragraph, out)
        elif in_fence:
            out.append(raw.strip())
        elif _SETEXT.match(raw) and paragraph and not _LIST_ITEM.match(raw):
            headings.append(strip_inline(" ".join(paragraph)))
            paragraph.clear()
            out.append(headings[-1])
        else:
            _markdown_line(raw, paragraph, out, headings)
    _flush(paragraph, out)
    return "\n".join(out), (headings[0] if headings else None)


def _markdown_line(raw: str, paragraph: list[str], out: list[str], headings: list[str]) -> None:
    """One line outside code fences: a heading, a rule, a blank, a list item or paragraph text."""
    heading = _HEADING.match(raw)
    if heading or _RULE.match(raw) or _LINK_DEF.match(raw) or not raw.strip():
        _flush(paragraph, out)
        if heading:
            headings.append(strip_inline(heading.group(1)))
            out.append(headings[-1])
        return
    if _LIST_ITEM.match(raw):
        _flush(paragraph, out)
    line = strip_inline(_LIST_ITEM.sub("", _QUOTE.sub("", raw)).strip())
    if line:
        paragraph.append(line)


def _flush(paragraph: list[str], out: list[str]) -> None:
    """A paragraph's wrapped lines become one line."""
    if paragraph:
        out.append(" ".join(paragraph))
        paragraph.clear()


def strip_inline(text: str) -> str:
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return re.sub(r"\s{2,}", " ", text).strip()


def html_to_page(html: str, path: str) -> HtmlPage:
    """The main text and metadata of an HTML page; ArticleError when no article text is found."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_precision=True,
    )
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        raise ArticleError(path, "no article text found in the HTML page")
    title = _clean(doc.title)
    sitename = _clean(doc.sitename) or title_suffix(html, title)
    return HtmlPage(text, title, metadata_date(html), sitename, page_text(html), canonical_url(html))


def metadata_date(html: str) -> str | None:
    """The publication date the page's markup states (meta tags, JSON-LD, <time>), by htmldate.

    Only markup counts (extensive_search off: no guessing from the text, which the dateline and
    inference stages read with their own evidence), and a fixed max_date keeps the clock out.
    """
    from htmldate import find_date

    try:
        found = find_date(html, original_date=True, extensive_search=False, outputformat="%Y-%m-%d",
                          min_date="1995-01-01", max_date="2199-12-31")
    except ValueError:  # htmldate refuses what it cannot parse as a document
        return None
    return found or None


_SCRIPT = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_BLOCK = re.compile(r"</?(?:p|div|br|li|ul|ol|h[1-6]|header|footer|nav|aside|section|article|figure|figcaption|tr|td|title|time|span|a)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•]\s+|\s*::\s*")


def page_text(html: str) -> str:
    """All the visible text of a page, one element a line: where a footer's copyright line is found."""
    import html as html_module

    text = _BLOCK.sub("\n", _COMMENT.sub(" ", _SCRIPT.sub(" ", html)))
    return html_module.unescape(_TAG.sub(" ", text))


def title_suffix(html: str, headline: str | None) -> str | None:
    """The site name in "Headline | Site" of the page's <title>, when the other part is the headline."""
    import html as html_module

    found = _TITLE.search(html)
    if found is None or not headline:
        return None
    parts = [part.strip() for part in _TITLE_SEPARATORS.split(html_module.unescape(found.group(1)).strip())]
    key = " ".join(headline.casefold().split())
    if len(parts) < 2 or " ".join(parts[0].casefold().split()) != key:
        return None
    return parts[-1] or None


def _clean(value: object) -> str | None:
    text = str(value).strip() if value else ""
    return text or None
