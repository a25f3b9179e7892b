"""Events as CSV: one row per event, for a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from tracker.render.story import chronological
from tracker.types import Event

COLUMNS = (
    "id", "start", "end", "precision", "title", "actors", "places", "outlets", "sources", "n_mentions", "conflicts",
)  # fmt: skip
# A cell a spreadsheet would run as a formula (CSV injection) gets a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "


def to_csv(events: Sequence[Event]) -> str:
    """A header row and one row per event, in time order (undated last); lists joined with "; "."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for event in chronological(events):
        writer.writerow([_cell(value) for value in _row(event)])
    return out.getvalue()


def _row(event: Event) -> list[str]:
    time = event.time
    return [
        event.id,
        time.start.isoformat() if time else "",
        time.end.isoformat() if time else "",
        time.kind if time else "unknown",
        event.title,
        LIST_SEPARATOR.join(event.actors),
        LIST_SEPARATOR.join(event.places),
        LIST_SEPARATOR.join(event.outlets),
        LIST_SEPARATOR.join(event.sources),
        str(len(event.mentions)),
        LIST_SEPARATOR.join(c.description for c in event.conflicts),
    ]


def _cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value
