"""End-to-end evaluation: whole made-up stories through the real pipeline, scored against gold labels.

    python -m eval.merge_eval --stories tests/data/stories [-v]

Each folder under the stories folder holds the articles of one story (several outlets, scraped
pages, datelines, front matter, relative dates) and gold.json: for chosen sentences (article id
and a distinctive piece of the sentence) the gold event, its gold day or span, and the events
whose outlets disagree on the date. Each story is built with tracker.pipeline.build into a
temporary store; every labelled sentence is matched to the mention(s) made from it.

Figures, pooled over all stories:
- mention_recall: labelled sentences that became a mention;
- mention_date_accuracy: dated mentions whose span holds the gold day (at most a week wide) or
  lies inside the gold span (sentences labelled as the odd side of a conflict are left out);
- event_date_accuracy: gold events whose event (the one holding most of their mentions) is on
  the gold day, or inside the gold span;
- pairwise and B-cubed precision/recall/F1 of the events over the found labelled mentions;
- conflict_recall / conflict_precision: events flagged with a date conflict vs the gold list.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tracker.errors import TrackerError
from tracker.types import Event, Mention, TimeValue

WEEK_DAYS = 7  # a mention's span this wide or narrower that holds the gold day counts as right


@dataclass(frozen=True, slots=True)
class Label:
    article: str
    text: str  # a distinctive piece of the sentence
    event: str  # gold event label
    gold: TimeValue | None  # gold day or span; None for happenings with no date to check
    when: str | None = None  # a piece of the time text, when one sentence holds two happenings
    odd_date: bool = False  # this outlet gives the other side of a date conflict


@dataclass(frozen=True, slots=True)
class Story:
    name: str
    folder: Path
    labels: tuple[Label, ...]
    conflicts: frozenset[str]  # gold events whose outlets disagree on the date


@dataclass(frozen=True, slots=True)
class Match:
    """What became of one labelled sentence."""

    label: Label
    mention: Mention | None
    event: Event | None


@dataclass
class Tally:
    """Counts pooled over the stories; notes say what went wrong, for -v."""

    labels: int = 0
    found: int = 0
    dated: int = 0
    dated_right: int = 0
    gold_events: int = 0
    events_right: int = 0
    conflicts_expected: int = 0
    conflicts_hit: int = 0
    conflicts_flagged: int = 0
    conflicts_spurious: int = 0
    predicted: dict[str, str] = field(default_factory=dict)  # "story|n" -> event id
    gold: dict[str, str] = field(default_factory=dict)  # "story|n" -> gold label
    notes: list[str] = field(default_factory=list)


def load_story(folder: Path) -> Story:
    path = folder / "gold.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        labels = tuple(_label(row) for row in data["labels"])
        return Story(folder.name, folder, labels, frozenset(data.get("conflicts", ())))
    except (OSError, KeyError, ValueError, TypeError) as err:
        raise TrackerError(f"{path}: cannot read the gold labels: {err!r}") from err


def _label(row: dict) -> Label:
    gold = None
    if row.get("day"):
        gold = TimeValue.day(date.fromisoformat(row["day"]))
    elif row.get("span"):
        start, end = (date.fromisoformat(d) for d in row["span"])
        gold = TimeValue(start, end, TimeValue.day(start).precision)
    return Label(row["article"], row["text"], row["event"], gold, row.get("when"), bool(row.get("conflict")))


def load_stories(root: Path) -> list[Story]:
    folders = sorted(p for p in root.iterdir() if p.is_dir() and (p / "gold.json").exists())
    if not folders:
        raise TrackerError(f"{root}: no story folders with a gold.json")
    return [load_story(f) for f in folders]


def build_events(story: Story) -> list[Event]:
    """The real pipeline on the story's articles, in a store that is thrown away."""
    from tracker.pipeline import build
    from tracker.query import read_events

    with tempfile.TemporaryDirectory(prefix="tracker-stories-") as tmp:
        store = Path(tmp) / "story.db"
        report = build([story.folder], store)
        if report.problems:
            raise TrackerError(f"{story.name}: " + "; ".join(f"{p.path}: {p.message}" for p in report.problems))
        return read_events(store)


def match(story: Story, events: Sequence[Event]) -> list[Match]:
    """Each label with the mention made from its sentence (the one on the gold date when the
    sentence gave several) and that mention's event."""
    out = []
    for label in story.labels:
        found = [
            (m, e)
            for e in events
            for m in e.mentions
            if m.article_id == label.article and label.text in m.sentence and (label.when is None or label.when in (m.time_text or ""))
        ]
        found.sort(key=lambda me: (not _on_gold(me[0].time, label.gold), me[0].id))
        out.append(Match(label, *found[0]) if found else Match(label, None, None))
    return out


def _on_gold(time: TimeValue | None, gold: TimeValue | None) -> bool:
    if time is None or gold is None:
        return False
    if gold.start == gold.end:
        return time.contains(gold) and time.days <= WEEK_DAYS
    return gold.contains(time)


def _event_on_gold(time: TimeValue | None, gold: TimeValue) -> bool:
    if time is None:
        return False
    return time.start == time.end == gold.start if gold.start == gold.end else gold.contains(time)


def score_story(story: Story, events: Sequence[Event], tally: Tally) -> None:
    matches = match(story, events)
    tally.labels += len(matches)
    for n, m in enumerate(matches):
        where = f"{story.name}: {m.label.article} “{m.label.text}” [{m.label.event}]"
        if m.mention is None:
            tally.notes.append(f"{where}: no mention")
            continue
        tally.found += 1
        tally.predicted[f"{story.name}|{n}"] = m.event.id
        tally.gold[f"{story.name}|{n}"] = f"{story.name}|{m.label.event}"  # event names are per story
        if m.mention.time is not None and m.label.gold is not None and not m.label.odd_date:
            tally.dated += 1
            right = _on_gold(m.mention.time, m.label.gold)
            tally.dated_right += right
            if not right:
                tally.notes.append(f"{where}: mention dated {_span(m.mention.time)} ({m.mention.time_text!r}), gold {_span(m.label.gold)}")
    _score_events(story, matches, tally)


def _score_events(story: Story, matches: Sequence[Match], tally: Tally) -> None:
    """Per gold event: its main predicted event (most of its mentions), that event's date and
    conflicts; and predicted events flagged with a conflict the gold does not list."""
    by_gold: dict[str, list[Match]] = {}
    for m in matches:
        if m.event is not None:
            by_gold.setdefault(m.label.event, []).append(m)
    for name, found in sorted(by_gold.items()):
        counts = Counter(m.event.id for m in found)
        main = next(m.event for m in found if counts[m.event.id] == max(counts.values()))
        gold = next((m.label.gold for m in found if m.label.gold is not None), None)
        if gold is not None:
            tally.gold_events += 1
            right = _event_on_gold(main.time, gold)
            tally.events_right += right
            if not right:
                tally.notes.append(f"{story.name}: event [{name}] dated {_span(main.time)}, gold {_span(gold)}: {main.title!r}")
        if name in story.conflicts:
            tally.conflicts_expected += 1
            hit = _flags_the_odd_outlet(main, {m.label.article for m in found if m.label.odd_date})
            tally.conflicts_hit += hit
            if not hit:
                tally.notes.append(f"{story.name}: event [{name}] has no conflict flagged against the odd outlet")
    flagged: dict[str, list[Match]] = {}
    for m in matches:
        if m.event is not None and m.event.conflicts:
            flagged.setdefault(m.event.id, []).append(m)
    for found in flagged.values():
        tally.conflicts_flagged += 1
        if not {m.label.event for m in found} & story.conflicts:
            tally.conflicts_spurious += 1
            tally.notes.append(f"{story.name}: unexpected conflict on [{found[0].label.event}]: {found[0].event.conflicts[0].description}")


def _flags_the_odd_outlet(event: Event, odd_articles: set[str]) -> bool:
    """The event's conflict names the outlet the gold marks as giving the other date (any
    conflict counts when the gold marks none)."""
    if not odd_articles:
        return bool(event.conflicts)
    return any(set(articles) & odd_articles for c in event.conflicts for _, articles in c.sides)


def _span(t: TimeValue | None) -> str:
    if t is None:
        return "undated"
    return t.start.isoformat() if t.start == t.end else f"{t.start.isoformat()}/{t.end.isoformat()}"


def figures(tally: Tally) -> dict[str, float]:
    from eval.merge_eval import _bcubed, _pairwise

    pairwise = _pairwise(tally.predicted, tally.gold)
    bcubed = _bcubed(tally.predicted, tally.gold)
    out = {
        "mention_recall": tally.found / tally.labels if tally.labels else 1.0,
        "mention_date_accuracy": tally.dated_right / tally.dated if tally.dated else 1.0,
        "event_date_accuracy": tally.events_right / tally.gold_events if tally.gold_events else 1.0,
        "pairwise_precision": pairwise[0],
        "pairwise_recall": pairwise[1],
        "pairwise_f1": pairwise[2],
        "bcubed_precision": bcubed[0],
        "bcubed_recall": bcubed[1],
        "bcubed_f1": bcubed[2],
        "conflict_recall": tally.conflicts_hit / tally.conflicts_expected if tally.conflicts_expected else 1.0,
        "conflict_precision": (tally.conflicts_flagged - tally.conflicts_spurious) / tally.conflicts_flagged if tally.conflicts_flagged else 1.0,
    }
    return {k: round(v, 4) for k, v in out.items()}


def evaluate_stories(root: Path) -> tuple[dict[str, float], Tally]:
    tally = Tally()
    for story in load_stories(root):
        score_story(story, build_events(story), tally)
    return figures(tally), tally
