"""tracker: a timeline-building event tracker for news.

Public API (imported lazily so `tracker --help` stays fast):

    tracker.load_events(store=None) -> pandas.DataFrame   one row per event
    tracker.read_events(store=None) -> list[Event]
    tracker.build(paths, store_path) / tracker.add(paths, store_path, Flags(...))
    tracker.temporal.tag(text, dct) -> list[Timex]
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "load_events": "tracker.query",
    "read_events": "tracker.query",
    "build": "tracker.pipeline",
    "add": "tracker.pipeline",
    "Flags": "tracker.pipeline",
    "read_article": "tracker.ingest",
    "Article": "tracker.types",
    "Event": "tracker.types",
    "Mention": "tracker.types",
    "Timex": "tracker.types",
    "TimeValue": "tracker.types",
    "Precision": "tracker.types",
    "TrackerError": "tracker.errors",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'tracker' has no attribute {name!r}")
