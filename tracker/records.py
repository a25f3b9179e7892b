"""Plain-data views of events: the JSON shape of `tracker query`, shared by every export."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from tracker.types import UNKNOWN_OUTLET, Article, Event, Mention, TimeValue


def time_fields(value: TimeValue | None) -> dict[str, Any]:
    if value is None:
        return {"start": None, "end": None, "precision": "unknown", "mod": None}
    return {
        "start": value.start.isoformat(),
        "end": value.end.isoformat(),
        "precision": value.kind,
        "mod": value.mod,
    }


def mention_record(mention: Mention) -> dict[str, Any]:
    return {
        "id": mention.id,
        "article": mention.article_id,
        "source": mention.outlet,
        "published": mention.published.start.isoformat()
        if mention.published and mention.published.start == mention.published.end
        else None,
        "sentence": mention.sentence,
        "time_text": mention.time_text,
        "time_value": mention.time_value,
        "time_start": mention.time_start,
        "time_explicit": mention.time_explicit,
        "actors": [a.name for a in mention.actors],
        "places": list(mention.places),
        "trigger": mention.trigger,
        "quote": mention.quote,
    }


def event_record(event: Event) -> dict[str, Any]:
    """One event as the documented JSON object (names kept stable; fields may be added)."""
    record: dict[str, Any] = {"id": event.id}
    record.update(time_fields(event.time))
    record.update(
        {
            "time_inferred": event.time_inferred,
            "title": event.title,
            "actors": list(event.actors),
            "places": list(event.places),
            "sources": list(event.sources),
            "outlets": list(event.outlets),
            "mentions": [mention_record(m) for m in event.mentions],
            "conflicts": [c.description for c in event.conflicts],
            "conflict_sides": [
                [{"value": value, "sources": list(ids)} for value, ids in c.sides]
                for c in event.conflicts
            ],
        }
    )
    return record


# An event's record stands two levels deep in the export ({"events": [record, ...]}, two spaces a level).
RECORD_INDENT = "\n" + " " * 4


def record_text(event: Event) -> str:
    """One event's record as the JSON export writes it, indented for its place in the list (a
    JSON text holds no line break but the indent's, so indenting its lines is exact)."""
    return json.dumps(event_record(event), ensure_ascii=False, indent=2).replace("\n", RECORD_INDENT)


def records_json(texts: Sequence[str]) -> str:
    """The JSON export of these record texts: the bytes json.dumps({"events": records}, indent=2) gives."""
    if not texts:
        return '{\n  "events": []\n}'
    return '{\n  "events": [' + RECORD_INDENT + ("," + RECORD_INDENT).join(texts) + '\n  ]\n}'


def published_text(value: TimeValue | None) -> str:
    """A publication date as shown: a day, or a span with its kind, or "unknown"."""
    if value is None:
        return "unknown"
    if value.start == value.end:
        return value.start.isoformat()
    return f"{value.start}..{value.end} ({value.kind})"


def article_record(article: Article, mentions: int) -> dict[str, Any]:
    """One article as `tracker articles` prints it (id, outlet, URL, published, how, evidence, mentions,
    and the other places the same article was found)."""
    evidence = article.published_evidence
    if article.bound_evidence:
        evidence = f"{evidence}; bounds: {article.bound_evidence}" if evidence else f"bounds: {article.bound_evidence}"
    return {
        "id": article.id,
        "outlet": article.outlet or UNKNOWN_OUTLET,
        "url": article.url,
        "published": published_text(article.published),
        "how": article.published_how,
        "evidence": evidence,
        "mentions": mentions,
        "also_at": [f"{copy.where} ({copy.outlet or UNKNOWN_OUTLET})" for copy in article.also_at],
    }
