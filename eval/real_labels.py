"""Mentions of the real stories labelled with the gold happening they report (for fitting models).

Each story is built with its true publication days (oracle mode of `real_stories.py`), so the
labels measure the event layer, not publication dates. A mention is labelled by the shared
scorer's own matching (`score_story.assign`): the gold happening its sentence reports, when
exactly one is found. Cached per story under `eval/.cache/` (not committed).
"""

from __future__ import annotations

import json
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path

from real_stories import DATA, build_story, load_scorer

from tracker.meaning import INTEGER_SHA256

# One folder per sentence encoder: the cached views and feature rows hold its vectors, so a new
# encoder (tracker/meaning.py) starts from nothing instead of fitting on the old one's cosines.
CACHE = Path(__file__).resolve().parent / ".cache" / f"encoder-{INTEGER_SHA256[:12]}"


@dataclass(frozen=True)
class Labelled:
    story: str
    mention: object  # tracker.types.Mention
    happening: str | None  # gold happening id, None when the sentence reports none (or several)
    right_time: bool  # the mention's own time is compatible with the happening's gold date
    ambiguous: bool  # the scorer found several happenings and could not pick one


def stories() -> list[Path]:
    return sorted(p for p in DATA.iterdir() if (p / "gold.json").exists())


def load(story: Path, refresh: bool = False, built: Path | None = None) -> list[Labelled]:
    """The story's labelled mentions (cached); `built`, a store of the story built in oracle mode
    (real_stories.build_story), is read instead of building one when the cache has none."""
    cache = CACHE / f"{story.name}.pkl"
    if cache.exists() and not refresh:
        return pickle.loads(cache.read_bytes())
    labelled = _label(story, built)
    CACHE.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(pickle.dumps(labelled))
    return labelled


def _label(story: Path, built: Path | None = None) -> list[Labelled]:
    from tracker.store import open_store

    scorer = load_scorer()
    gold = scorer.Gold(json.loads((story / "gold.json").read_text(encoding="utf-8")))
    with tempfile.TemporaryDirectory() as tmp:
        store = built or build_story(story, "oracle", Path(tmp))[0]
        with open_store(store) as opened:
            mentions = opened.all_mentions()
            packed = opened.vectors_of([m.id for m in mentions])
            bodies = opened.bodies_of(sorted({m.article_id for m in mentions}))
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / f"{story.name}.vectors.pkl").write_bytes(pickle.dumps((packed, bodies)))
    events = [
        {"start": str(m.time.start) if m.time else None, "end": str(m.time.end) if m.time else None,
         "mentions": [{"article": m.article_id, "sentence": m.sentence, "time_text": m.time_text,
                       "time_start": m.time_start}]}
        for m in mentions
    ]
    out = []
    for m, event, rows in zip(mentions, events, scorer.assign(gold, events)):
        found = rows[0][2]
        strong = [h for h, k in found.items() if k == "strong"]
        hid = strong[0] if len(strong) == 1 else None
        right = bool(hid) and event["start"] is not None and _compatible(scorer, gold.byid[hid], event)
        out.append(Labelled(story.name, m, hid, right, ambiguous=len(found) > 1 and hid is None))
    return out


def _compatible(scorer, happening: dict, event: dict) -> bool:
    """The mention's span is the gold date or holds it (a coarse report of the right time)."""
    if scorer.right_span(happening, event):
        return True
    start, end = scorer.span(event)
    if happening["kind"] == "day":
        days = {scorer.day(happening["date"])} | {scorer.day(d) for d in happening.get("alt_dates", [])}
        return any(start <= d <= end for d in days) and (end - start).days <= 31
    return False
