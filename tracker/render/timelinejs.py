"""Events as TimelineJS JSON, so a newsroom can load them into the TimelineJS embed it already has.

TimelineJS renders `headline` and `text` as HTML, so every piece of article text is escaped here.
A date carries only the parts that are known: a month is {"year", "month"}, never a guessed day.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape
from typing import Any

from tracker.render.story import chronological, main_actor, outlet_name, safe_url, story_title
from tracker.render.words import day_words, describe_time, sentence_case
from tracker.types import UNKNOWN_OUTLET, Article, Event, Mention, Precision, TimeValue


def to_timelinejs(events: Sequence[Event], articles: Sequence[Article]) -> dict[str, Any]:
    """{"title": slide, "events": [slide, ...]}.

    TimelineJS needs a date on every slide, so undated events are listed in the title slide instead.
    """
    by_id = {a.id: a for a in articles}
    ordered = chronological(events)
    dated = [e for e in ordered if e.time is not None]
    undated = [e for e in ordered if e.time is None]
    return {
        "title": {"text": {"headline": escape(story_title(events)), "text": _title_text(articles, undated)}},
        "events": [_slide(e, by_id) for e in dated],
    }


def date_parts(day: date, precision: Precision) -> dict[str, int]:
    """The parts of `day` that `precision` vouches for."""
    if precision is Precision.YEAR:
        return {"year": day.year}
    if precision in (Precision.QUARTER, Precision.MONTH):
        return {"year": day.year, "month": day.month}
    return {"year": day.year, "month": day.month, "day": day.day}


def _slide(event: Event, by_id: dict[str, Article]) -> dict[str, Any]:
    time: TimeValue = event.time  # type: ignore[assignment]  # callers pass dated events only
    slide: dict[str, Any] = {"start_date": date_parts(time.start, time.precision)}
    end = date_parts(time.end, time.precision)
    if end != slide["start_date"]:
        slide["end_date"] = end
    if time.kind != "day":
        slide["display_date"] = sentence_case(describe_time(time))
    slide["text"] = {"headline": escape(event.title), "text": _mentions_html(event, by_id)}
    slide["group"] = main_actor(event)
    slide["unique_id"] = event.id
    return slide


def _mentions_html(event: Event, by_id: dict[str, Article]) -> str:
    parts = [_mention_html(m, by_id.get(m.article_id)) for m in event.mentions]
    parts += [f"<p><em>Dates disagree:</em> {escape(c.description)}</p>" for c in event.conflicts]
    if event.time_inferred:
        parts.append("<p><em>Date inferred from an estimated publication date.</em></p>")
    return "".join(parts)


def _mention_html(mention: Mention, article: Article | None) -> str:
    source = escape(mention.outlet or (outlet_name(article) if article else UNKNOWN_OUTLET))
    url = safe_url(article.url) if article else None
    if url:
        source = f'<a href="{escape(url, quote=True)}" rel="noopener noreferrer">{source}</a>'
    when = f" ({escape(day_words(mention.published.start))})" if _day_published(mention) else ""
    return f"<p><strong>{source}</strong>{when}: {escape(mention.sentence)}</p>"


def _day_published(mention: Mention) -> bool:
    return mention.published is not None and mention.published.start == mention.published.end


def _title_text(articles: Sequence[Article], undated: Sequence[Event]) -> str:
    outlets = sorted({outlet_name(a) for a in articles})
    text = f"<p>{len(articles)} articles from {len(outlets)} outlets: {escape(', '.join(outlets))}.</p>"
    if undated:
        items = "".join(f"<li>{escape(e.title)} ({escape(', '.join(e.outlets))})</li>" for e in undated)
        text += f"<p>Undated events:</p><ul>{items}</ul>"
    return text
