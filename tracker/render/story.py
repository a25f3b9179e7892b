"""What every view of a story needs: event order, lanes, the span the story covers, safe links."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from urllib.parse import urlsplit

from tracker.types import UNKNOWN_OUTLET, Article, Event, TimeValue

# Only the finer events (a day, a week, a few days) decide where the axis opens; a "last year"
# or "in 2022" is background and stays reachable through the "all" button.
FINE_DAYS = 7
# How far before the first publication a fine event still counts as part of a developing story.
STORY_LOOKBACK = timedelta(days=45)
# Beyond this many lanes the rest share one "Other" lane, so the plot stays readable.
MAX_LANES = 12


def chronological(events: Iterable[Event]) -> list[Event]:
    """Dated events by start, end, title (then id, for a total order); undated ones last."""
    dated = sorted(
        (e for e in events if e.time is not None),
        key=lambda e: (e.time.start, e.time.end, e.title, e.id),  # type: ignore[union-attr]
    )
    undated = sorted((e for e in events if e.time is None), key=lambda e: (e.title, e.id))
    return dated + undated


def story_span(events: Sequence[Event], articles: Sequence[Article]) -> tuple[date, date] | None:
    """The days the story is about: fine events near the publications, else all dated events."""
    times = [e.time for e in events if e.time is not None]
    if not times:
        return None
    fine = [t for t in times if t.days <= FINE_DAYS]
    published = [a.published.start for a in articles if a.published is not None]
    if fine and published:
        window_start, window_end = min(published) - STORY_LOOKBACK, max(published) + timedelta(days=1)
        near = [t for t in fine if t.end >= window_start and t.start <= window_end]
        fine = near or fine
    chosen: list[TimeValue] = fine or times
    return min(t.start for t in chosen), max(t.end for t in chosen)


def main_actor(event: Event) -> str:
    return event.actors[0] if event.actors else "No actor named"


def main_place(event: Event) -> str:
    return event.places[0] if event.places else "No place named"


def lane_names(events: Sequence[Event], key, other: str) -> dict[str, str]:
    """Map each event id to its lane: the busiest MAX_LANES names keep their own lane."""
    counts = Counter(key(e) for e in events)
    ranked = sorted(counts, key=lambda name: (-counts[name], name))
    kept = set(ranked[:MAX_LANES]) if len(ranked) > MAX_LANES + 1 else set(ranked)
    return {e.id: key(e) if key(e) in kept else other for e in events}


def safe_url(url: str | None) -> str | None:
    """The URL when it is an http(s) link with a host; anything else (javascript:, data:) is dropped."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


def outlet_name(article: Article) -> str:
    return article.outlet or UNKNOWN_OUTLET


def story_title(events: Sequence[Event]) -> str:
    """A neutral title from the actors named most often; the tool knows nothing else of the story."""
    counts = Counter(a for e in events for a in e.actors[:1])
    top = [name for name, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:2]]
    return "Timeline: " + " and ".join(top) if top else "Timeline"
