"""Date-range and facet queries over the stored events, and their table/JSON/CSV forms."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from tracker.errors import DateError
from tracker.records import event_record, record_text, records_json
from tracker.store import default_store_path, is_postgres, read_store
from tracker.types import Event


@dataclass(frozen=True, slots=True)
class Filter:
    """What a user asked for. Dates bound the days an event may have taken place."""

    start: date | None = None
    end: date | None = None
    actor: str | None = None
    source: str | None = None
    top: int | None = None  # only the N events told by the most articles (see `ranked`)


def parse_day(text: str | None, flag: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise DateError(f"{flag} {text!r}: not a date (use YYYY-MM-DD)") from None


def matches(event: Event, flt: Filter) -> bool:
    if not in_range(event.time and event.time.start, event.time and event.time.end, flt):
        return False
    if flt.actor and not _mentions_name(flt.actor, event.actors, [a.name for m in event.mentions for a in m.actors]):
        return False
    if flt.source and not _mentions_name(flt.source, event.outlets, event.sources):
        return False
    return True


def in_range(start: date | None, end: date | None, flt: Filter) -> bool:
    """Whether days start..end (None: undated) meet the filter's dates (an undated event never does)."""
    if not (flt.start or flt.end):
        return True
    if start is None or end is None:
        return False
    return not ((flt.start and end < flt.start) or (flt.end and start > flt.end))


def _mentions_name(wanted: str, *groups: Sequence[str]) -> bool:
    needle = wanted.casefold().strip()
    return any(needle in name.casefold() for group in groups for name in group if name)


def select(events: Sequence[Event], flt: Filter) -> list[Event]:
    found = [e for e in events if matches(e, flt)]
    if flt.top is not None:
        kept = {e.id for e in ranked(found)[: flt.top]}
        found = [e for e in found if e.id in kept]  # in the order they came: the timeline's
    return found


def ranked(events: Sequence[Event]) -> list[Event]:
    """The events told by the most articles first (then by the most outlets); ties in timeline
    order (the earlier first, undated last), then by id: what `--top N` keeps, a story's key events
    when thousands of articles tell it. Example: events told by 3, 5 and 3 articles rank 5, then the
    earlier 3, then the later."""
    from tracker.store import time_order

    def key(e: Event) -> tuple:
        start, end = (e.time.start, e.time.end) if e.time else (None, None)
        return (-len(e.sources), -len(e.outlets), time_order(start, end, e.id))

    return sorted(events, key=key)


def read_events(store: Path | str | None = None) -> list[Event]:
    """The stored events, from a store file or a postgresql:// address (default: $TRACKER_STORE)."""
    with read_store(_location(store)) as opened:
        return opened.events()


def _location(store: Path | str | None) -> Path | str:
    return default_store_path() if not store else store if is_postgres(store) else Path(store)


def find(store: Path | str | None, flt: Filter) -> list[Event]:
    """The stored events that match: with a date range, only the events the store's time index
    puts in it are read (an event's anchor is its time), the rest never decoded."""
    if not (flt.start or flt.end):
        return select(read_events(store), flt)
    from tracker.store import Window, sort_events

    with read_store(_location(store)) as opened:
        found = opened.events_in(Window(flt.start or date.min, flt.end or date.max))
    return select(sort_events(found), flt)


def find_json(store: Path | str | None, flt: Filter) -> str:
    """as_json(find(store, flt)), the same bytes, from the records the store keeps beside its
    events (tracker.pagecache): a date-range query decodes only the events that have none. A
    filter on actors or sources, or `top`, reads the events themselves."""
    if flt.actor or flt.source or flt.top is not None:
        return as_json(find(store, flt))
    from tracker.pagecache import records
    from tracker.store import Window, time_order

    window = Window(flt.start or date.min, flt.end or date.max) if flt.start or flt.end else None
    with read_store(_location(store)) as opened:
        found = [r for r in records(opened, window) if in_range(r.start, r.end, flt)]
    return records_json([r.text for r in sorted(found, key=lambda r: time_order(r.start, r.end, r.id))])


def load_events(store: Path | str | None = None) -> Any:
    """The stored events as a pandas DataFrame, one row per event."""
    import pandas as pd

    rows = []
    for event in read_events(store):
        record = event_record(event)
        record["n_mentions"] = len(record.pop("mentions"))
        record.pop("conflict_sides")
        rows.append(record)
    frame = pd.DataFrame(rows, columns=_COLUMNS)
    for column in ("start", "end"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


_COLUMNS = [
    "id", "start", "end", "precision", "mod", "time_inferred", "title", "actors", "places",
    "sources", "outlets", "n_mentions", "conflicts",
]


def as_json(events: Sequence[Event]) -> str:
    return records_json([record_text(e) for e in events])


def as_table(events: Sequence[Event], width: int = 100) -> str:
    """A plain aligned table for the terminal."""
    lines = [f"{'date':<23} {'prec':<6} {'outlets':>7}  {'id':<12} title"]
    for event in events:
        record = event_record(event)
        when = _when(record)
        title = event.title if len(event.title) <= width - 52 else event.title[: width - 55] + "..."
        lines.append(f"{when:<23} {record['precision']:<6} {len(event.outlets):>7}  {event.id[:12]:<12} {title}")
    lines.append(f"{len(events)} event(s)")
    return "\n".join(lines)


def _when(record: dict[str, Any]) -> str:
    if record["start"] is None:
        return "undated"
    if record["start"] == record["end"]:
        return record["start"]
    return f"{record['start']}..{record['end']}"
