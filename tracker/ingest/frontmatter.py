"""Optional YAML front matter at the top of an article: a `---` block with title, source, url, published, retrieved."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from tracker.errors import ArticleError

KNOWN_KEYS = ("title", "source", "url", "published", "retrieved")
OPENERS = ("---",)
CLOSERS = ("---", "...")


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """What the author said about the article. `published` is kept as written for the date parser."""

    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    retrieved: str | None = None  # when the page was fetched: "3 hours ago" on it is then a day


def split_front_matter(text: str, path: str) -> tuple[FrontMatter, str]:
    """(front matter, the text after it). Text without a `---` first line has empty front matter."""
    lines = text.split("\n")
    if not lines or lines[0].strip() not in OPENERS:
        return FrontMatter(), text
    close = next((i for i in range(1, len(lines)) if lines[i].strip() in CLOSERS), None)
    if close is None:
        raise ArticleError(path, "malformed front matter: the opening '---' has no closing '---'")
    block = "\n".join(lines[1:close])
    return parse_block(block, path), "\n".join(lines[close + 1 :])


def parse_block(block: str, path: str) -> FrontMatter:
    import yaml

    try:
        data = yaml.load(block, Loader=_loader()) if block.strip() else {}
    except (ValueError, OverflowError) as err:  # a constructor refusing a value (a huge int, bad base64)
        raise ArticleError(path, f"malformed front matter: {err}") from err
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(err, "problem", None) or "not valid YAML"
        raise ArticleError(path, f"malformed front matter{where}: {problem}") from err
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise ArticleError(path, f"malformed front matter: expected 'key: value' lines, got a {kind}")
    values = {key: _field(data, key, path) for key in KNOWN_KEYS}
    return FrontMatter(**values)


@functools.cache
def _loader():
    """PyYAML's safe loader without its date constructor: `published: 2025-02-30` stays the text
    the user wrote, for the one decoder of user dates to judge, instead of a ValueError from
    inside PyYAML (or a date object for one form and text for another)."""
    import yaml

    class TextDatesLoader(yaml.SafeLoader):
        pass

    TextDatesLoader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return TextDatesLoader


def _field(data: dict, key: str, path: str) -> str | None:
    """One front-matter value as text; YAML dates (published: 2024-03-14) become ISO text."""
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = str(value).strip()
        return text or None
    raise ArticleError(path, f"malformed front matter: '{key}' must be a single value, got {type(value).__name__}")
