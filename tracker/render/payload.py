"""The data the page is drawn from: each event's record plus what the page shows of it.

Everything a reader sees is computed here (dates in words, escaped hover labels, lanes), so page.js
only filters, places and draws, and the Python tests can check the words.

The page is assembled from pieces: each event's and each article's view as JSON text, which
depends on that event or article alone (so a store can keep it and a page rewrite reuses it,
tracker.pagecache), and its facts (the few fields the order, the lanes and the summary read).
Only the lanes depend on all events; they are spliced into each event's text last.
"""

from __future__ import annotations

import functools
import json
import textwrap
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from json.encoder import encode_basestring
from typing import Any

from tracker.records import event_record
from tracker.render.story import (
    chronological,
    lane_names,
    main_actor,
    main_place,
    outlet_name,
    safe_url,
    story_span,
    story_title,
)
from tracker.render.words import day_range, describe_time
from tracker.types import Article, Event, Precision, TimeValue

# Above this many events the markers are drawn with WebGL (scattergl): SVG slows down past ~1,000 points.
WEBGL_THRESHOLD = 1000
HOVER_WIDTH = 60
LANE_LABEL = 18  # characters of a lane name on the axis; a phone has little room beside the plot
# An event's view is kept with its lanes unset; this text (which no JSON string value can hold: its
# quotes would be escaped) is where the page's lanes go.
LANES_UNSET = '"lane_actor":null,"lane_place":null'


@dataclass(frozen=True, slots=True)
class EventFacts:
    """What the page's order, lanes and summary read of an event."""

    id: str
    time: TimeValue | None
    title: str
    actors: tuple[str, ...]
    places: tuple[str, ...]
    outlets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """What the page's summary reads of an article."""

    id: str
    outlet: str | None
    published: TimeValue | None


# JSON inside a <script> element must not hold <, > or & as themselves (nor the two line separators
# some parsers take for line ends): they are written as \u escapes.
JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@dataclass(frozen=True, slots=True)
class Piece:
    """One event's (or article's) part of the page: its facts and its view as JSON text, already
    safe inside a <script> element (script_safe)."""

    facts: EventFacts | ArticleFacts
    view: str


def dumps(value: Any) -> str:
    """The page's JSON: compact, keys sorted, text as it is (script escaping comes last)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def script_safe(text: str) -> str:
    """JSON text with no <, > or & left as themselves. Character by character, so escaping the
    parts of a text and joining them gives the escaped whole."""
    for char, escaped in JSON_ESCAPES.items():  # one C-speed pass per character (str.translate
        text = text.replace(char, escaped)  # with multi-character targets is far slower)
    return text


def event_piece(event: Event) -> Piece:
    facts = EventFacts(event.id, event.time, event.title, event.actors, event.places, event.outlets)
    return Piece(facts, script_safe(dumps(_event_view(event, None, None))))


def article_piece(article: Article) -> Piece:
    return Piece(ArticleFacts(article.id, article.outlet, article.published), script_safe(dumps(_article_view(article))))


def piece_row(piece: Piece) -> tuple[str, str, str]:
    """(id, facts, view) as a store keeps a piece: the facts as a short JSON list."""
    f = piece.facts
    if isinstance(f, EventFacts):
        facts = [f.id, _time_data(f.time), f.title, list(f.actors), list(f.places), list(f.outlets)]
    else:
        facts = [f.id, f.outlet, _time_data(f.published)]
    return f.id, dumps(facts), piece.view


def stored_pieces(kind: str, rows: Sequence[tuple[str, str, str]]) -> list[Piece]:
    """The pieces of what piece_row gave (kind "event" or "article"), their facts read in one pass."""
    facts = json.loads("[" + ",".join(r[1] for r in rows) + "]")
    if kind == "event":
        made = [EventFacts(i, _time(t), title, tuple(a), tuple(p), tuple(o)) for i, t, title, a, p, o in facts]
    else:
        made = [ArticleFacts(i, outlet, _time(t)) for i, outlet, t in facts]
    return [Piece(f, r[2]) for f, r in zip(made, rows, strict=True)]


def _time_data(value: TimeValue | None) -> list | None:
    return None if value is None else [value.start.isoformat(), value.end.isoformat(), value.precision.name, value.mod]


def _time(data: list | None) -> TimeValue | None:
    return None if data is None else _time_of(*data)


@functools.lru_cache(maxsize=1 << 14)  # a store's events and articles share few days: each read once
def _time_of(start: str, end: str, precision: str, mod: str | None) -> TimeValue:
    return TimeValue(date.fromisoformat(start), date.fromisoformat(end), Precision[precision], mod)


def page_parts(events: Sequence[Piece], articles: Sequence[Piece], built_at: str) -> tuple[dict[str, Any], list[str], list[str]]:
    """The page's meta (a dict), and its events (a JSON list) and articles (a JSON object) as
    script-safe text in parts, never joined here: at 10,000 articles they are 25 MB, and each copy of
    that much text costs tens of milliseconds of an add (the writer writes the parts one by one)."""
    ordered = chronological([p.facts for p in events])
    actor_lanes = lane_names(ordered, main_actor, "Other actors")
    place_lanes = lane_names(ordered, main_place, "Other places")
    views = {p.facts.id: p.view for p in events}
    names = {n: script_safe(dumps(n)) for n in {*actor_lanes.values(), *place_lanes.values()}}  # a few lanes
    events_text = ["["]
    for f in ordered:
        events_text += [*_with_lanes(views[f.id], names[actor_lanes[f.id]], names[place_lanes[f.id]]), ","]
    events_text[-1:] = ["]"] if ordered else ["[", "]"]  # the last "," closes the list; none: "[]"
    by_id = {p.facts.id: p for p in articles}  # the last of an id, as a dict of views keeps it
    articles_text = ["{"]
    for i in sorted(by_id):
        articles_text += [script_safe(encode_basestring(i)), ":", by_id[i].view, ","]  # dumps(i), without a new encoder each
    articles_text[-1:] = ["}"] if by_id else ["{", "}"]  # as the events: "{}" when there is none
    lanes = {"actor": _lanes(actor_lanes), "place": _lanes(place_lanes)}
    meta = _meta(ordered, [p.facts for p in articles], built_at) | {"lanes": lanes}
    return meta, events_text, articles_text


def _with_lanes(view: str, actor: str, place: str) -> tuple[str, str, str]:
    """The view in three parts, its lanes (given as JSON text) in the place kept for them."""
    head, _, tail = view.partition(LANES_UNSET)
    return head, f'"lane_actor":{actor},"lane_place":{place}', tail


def page_data(events: Sequence[Event], articles: Sequence[Article], built_at: str) -> dict[str, Any]:
    meta, events_text, articles_text = page_parts(list(map(event_piece, events)), list(map(article_piece, articles)),
                                                  built_at)
    return {"meta": meta, "articles": json.loads("".join(articles_text)),
            "events": json.loads("".join(events_text))}  # \u escapes read back


# What the page shows of a mention (page.js): its article, outlet and day, its sentence and its time
# expression. The rest of its record (ids, actors, places, the resolved value) is in the JSON export
# (tracker query); left out here, the page of 10,000 articles is about a quarter smaller, and every add writes it.
PAGE_MENTION_FIELDS = ("article", "source", "published", "sentence", "time_text", "time_start")


def _event_view(event: Event, lane_actor: str | None, lane_place: str | None) -> dict[str, Any]:
    view = event_record(event)
    view["mentions"] = [{k: m[k] for k in PAGE_MENTION_FIELDS} for m in view["mentions"]]
    time = event.time
    view.update(
        {
            "when": describe_time(time),
            "kind": time.kind if time else "unknown",
            "x0": time.start.isoformat() if time else None,
            "x1": (time.end + timedelta(days=1)).isoformat() if time else None,
            "days": time.days if time else None,
            "n_outlets": len(event.outlets),
            "flagged": bool(event.time_inferred or event.conflicts),
            "hover": hover_label(event),
            "lane_actor": lane_actor,
            "lane_place": lane_place,
        }
    )
    return view


def hover_label(event: Event) -> str:
    """plotly's hover label: plotly renders <b>, <br> and <a>, so article text is escaped first."""
    title = "<br>".join(escape(line, quote=False) for line in textwrap.wrap(event.title, HOVER_WIDTH))
    when = describe_time(event.time)
    if event.time is not None and event.time.kind == "day":
        when += " (exact day)"
    outlets = textwrap.wrap("Outlets: " + ", ".join(event.outlets), HOVER_WIDTH)
    lines = [f"<b>{title}</b>", escape(when, quote=False)] + [escape(line, quote=False) for line in outlets]
    if event.time_inferred:
        lines.append("<i>date inferred from an estimated publication date</i>")
    if event.conflicts:
        lines.append("<i>outlets disagree on the date</i>")
    return "<br>".join(lines)


def _article_view(article: Article) -> dict[str, Any]:
    return {
        "title": article.title,
        "outlet": outlet_name(article),
        "url": safe_url(article.url),
        "published": describe_time(article.published) if article.published else "publication date unknown",
        "published_inferred": article.published_inferred,
        "also_at": [{"outlet": c.outlet or "unknown outlet", "url": safe_url(c.where)} for c in article.also_at],
    }


def _meta(events: Sequence[EventFacts], articles: Sequence[ArticleFacts], built_at: str) -> dict[str, Any]:
    span = story_span(events, articles)
    outlets = {outlet_name(a) for a in articles} | {o for e in events for o in e.outlets}
    return {
        "title": story_title(events),
        "built_at": built_at,
        "span": list(_iso(span)) if span else None,
        "span_words": day_range(*span) if span else "no dated events",
        "n_articles": len(articles),
        "n_outlets": len(outlets),
        "n_events": len(events),
        "n_undated": sum(1 for e in events if e.time is None),
        "webgl": len(events) > WEBGL_THRESHOLD,
        "outlets": _sorted_names(o for e in events for o in e.outlets),
        "actors": _sorted_names(a for e in events for a in e.actors),
        "places": _sorted_names(p for e in events for p in e.places),
    }


def _iso(span: tuple[date, date]) -> tuple[str, str]:
    return span[0].isoformat(), span[1].isoformat()


def _lanes(lanes: dict[str, str]) -> list[list[str]]:
    """[name, axis label] per lane, busiest first, catch-all lanes last.

    plotly renders tick labels as HTML-like text, so the label is escaped (a name is article text).
    """
    counts = Counter(lanes.values())
    last = ("Other actors", "Other places", "No actor named", "No place named")
    ranked = sorted(counts, key=lambda name: (name in last, -counts[name], name))
    return [[name, escape(_shorten(name), quote=False)] for name in ranked]


def _shorten(name: str) -> str:
    return name if len(name) <= LANE_LABEL else name[: LANE_LABEL - 1] + "\u2026"


def _sorted_names(names) -> list[str]:
    return sorted(set(names), key=lambda name: (name.casefold(), name))
