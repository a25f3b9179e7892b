"""Events as a Markdown chronology to paste into a story: date in words, title, outlets, one quote."""

from __future__ import annotations

import re
from collections.abc import Sequence

from tracker.render.story import chronological, story_title
from tracker.render.words import describe_time, sentence_case
from tracker.types import UNKNOWN_OUTLET, Article, Event, Mention

# Characters Markdown would read as markup (or raw HTML) in article text.
MARKUP = re.compile(r"([\\`*_\[\]<>|&])")


def to_markdown(events: Sequence[Event], articles: Sequence[Article]) -> str:
    """A heading, then one list item per dated event in time order, then the undated ones."""
    ordered = chronological(events)
    dated = [e for e in ordered if e.time is not None]
    undated = [e for e in ordered if e.time is None]
    lines = [f"# {escape_markdown(story_title(events))}", "", _summary(events, articles), ""]
    lines += [line for e in dated for line in _item(e)]
    if undated:
        lines += ["", "## Undated", ""]
        lines += [line for e in undated for line in _item(e)]
    return "\n".join(lines).rstrip("\n") + "\n"


def escape_markdown(text: str) -> str:
    return MARKUP.sub(r"\\\1", " ".join(text.split()))


def _summary(events: Sequence[Event], articles: Sequence[Article]) -> str:
    outlets = {a.outlet or UNKNOWN_OUTLET for a in articles}
    return f"{len(events)} events from {len(articles)} articles by {len(outlets)} outlets."


def _item(event: Event) -> list[str]:
    when = escape_markdown(sentence_case(describe_time(event.time)))
    outlets = escape_markdown(", ".join(event.outlets))
    head = f"- **{when}**{_flags(event)}: {escape_markdown(event.title)} ({outlets})"
    mention = _quoted_mention(event)
    if mention is None:
        return [head]
    text = mention.quote or mention.sentence
    return [head, f"  > {escape_markdown(text)} ({escape_markdown(mention.outlet or UNKNOWN_OUTLET)})"]


def _flags(event: Event) -> str:
    notes = ["date inferred"] if event.time_inferred else []
    notes += ["dates disagree: " + escape_markdown(c.description) for c in event.conflicts]
    return f" ({'; '.join(notes)})" if notes else ""


def _quoted_mention(event: Event) -> Mention | None:
    """The first mention with a direct quote, else the first mention: one voice per event."""
    for mention in event.mentions:
        if mention.quote:
            return mention
    return event.mentions[0] if event.mentions else None
