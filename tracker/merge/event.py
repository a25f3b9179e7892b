"""One cluster of mentions -> one Event: its time (with conflicts), title, actors and places."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence

from tracker.merge.rule import same_name
from tracker.nlp import event_lexicon, fold
from tracker.types import Conflict, Event, Mention, Precision, TimeValue

TITLE_WORDS = 7  # a title is one line: the event words and what follows them, cut here
CLAUSE_BREAK = re.compile(r"[,;:“”\"—()]|\.\s| that | who | which | while |\|")
TIME_GAP = "|"  # stands where the time expression was, and ends the title span
FUNCTION_WORDS = frozenset({"on", "in", "at", "a", "an", "the", "of", "and", "during", "to", "with", "for", "from"})


def event_id(mentions: Sequence[Mention]) -> str:
    """sha1 of the founding mention: the first report (earliest publication, then article and
    place in it). The same mentions give the same id in any order, and later reports joining an
    event leave its id as it was."""
    return hashlib.sha1(("event|" + min(mentions, key=_founding).id).encode("utf-8")).hexdigest()


def _founding(m: Mention) -> tuple:
    published = m.published.start.isoformat() if m.published else "9999"
    return (published, m.article_id, m.sentence_start, m.id)


def build_event(mentions: Sequence[Mention], evidence: Sequence[str] = ()) -> Event:
    ordered = sorted(mentions, key=lambda m: (m.time is None, m.time.start if m.time else None, m.article_id, m.sentence_start, m.id))
    time, supporters, conflicts = event_time(ordered)
    best = best_mention(ordered)
    return Event(
        id=event_id(ordered),
        time=time,
        title=title_of(best, ordered),
        actors=ranked_actors(ordered),
        places=ranked_places(ordered),
        mentions=tuple(ordered),
        conflicts=conflicts,
        time_inferred=bool(supporters) and all(
            m.time_from != "own" or (m.published_inferred and not m.time_explicit) for m in supporters
        ),
        evidence=tuple(evidence),
    )


def _weight(m: Mention) -> float:
    """Support of one dated mention: finer, explicit expressions count more; a day counted from
    a publication date we only inferred ("on Friday" in an undated page) counts half, since a
    wrong guess of that date moves it with it."""
    weight = 1.0 + 0.5 * int(m.time.precision) / int(Precision.DAY) + (0.5 if m.time_explicit else 0.0)
    return weight / 2 if m.published_inferred and counted_from_publication(m) else weight


def counted_from_publication(m: Mention) -> bool:
    """A time expression with no number of its own ("Friday", "yesterday", "last week") is a count
    from the day of publication; "June 24" or "2025-06-24" is not."""
    return not m.time_explicit and not any(ch.isdigit() for ch in (m.time_text or ""))


def event_time(mentions: Sequence[Mention]) -> tuple[TimeValue | None, list[Mention], tuple[Conflict, ...]]:
    """The best-supported span: intersect compatible spans, strongest first; the rest conflict."""
    dated = [m for m in mentions if m.time and m.time_from == "own"]
    soft = [m for m in mentions if m.time and m.time_from != "own"]
    if not dated:
        if not soft:
            return None, [], ()
        # only articles' days: the day of the first report (news is told on its day, or the next)
        first = min(soft, key=lambda m: (m.time.start, m.id))
        return first.time, soft, ()
    support = {
        m.id: sum(_weight(o) for o in dated if o.time.overlaps(m.time)) for m in dated
    }
    # Ties go to the report nearest the happening: "on Thursday" told a day later reaches back less far.
    order = sorted(dated, key=lambda m: (-support[m.id], -_weight(m), m.time.days, _reach(m), m.id))
    current = order[0].time
    agree, disagree = [order[0]], []
    for m in order[1:]:
        if m.time.overlaps(current):
            current = _intersect(current, m.time)
            agree.append(m)
        else:
            disagree.append(m)
    return current, agree, _conflicts(current, agree, disagree)


def _reach(m: Mention) -> int:
    """Days from the happening to the report (unknown publication dates last)."""
    return (m.published.start - m.time.end).days if m.published else 10**6


def _intersect(a: TimeValue, b: TimeValue) -> TimeValue:
    start, end = max(a.start, b.start), min(a.end, b.end)
    if (start, end) == (a.start, a.end):
        return a
    if (start, end) == (b.start, b.end):
        return b
    precision = Precision.DAY if start == end else max(a.precision, b.precision)
    return TimeValue(start, end, precision)


def _conflicts(time: TimeValue, agree: list[Mention], disagree: list[Mention]) -> tuple[Conflict, ...]:
    if not disagree:
        return ()
    sides = [(_span_text(time), tuple(dict.fromkeys(m.article_id for m in agree)))]
    by_value: dict[str, list[str]] = {}
    for m in disagree:
        by_value.setdefault(_span_text(m.time), []).append(m.article_id)
    sides += [(value, tuple(dict.fromkeys(ids))) for value, ids in sorted(by_value.items())]
    text = "; ".join(f"{value} ({', '.join(ids)})" for value, ids in sides)
    return (Conflict(f"sources disagree on the date: {text}", tuple(sides)),)


def _span_text(t: TimeValue) -> str:
    return t.start.isoformat() if t.start == t.end else f"{t.start.isoformat()}/{t.end.isoformat()}"


def best_mention(mentions: Sequence[Mention]) -> Mention:
    lexicon = event_lexicon()

    def rank(m: Mention) -> tuple:
        day = bool(m.time and m.time.start == m.time.end)
        informative = min(len((m.headline or "").split()), 12)
        # What was done ("held a phone call") tells more than that someone spoke about it.
        spoken = m.trigger in lexicon.reporting_verbs or any(lexicon.kind_of(g) == "speech" for g in lexicon.groups_of(m.trigger or ""))
        return (not day, not m.subject, spoken, not m.places, not m.time_explicit, -informative, m.id)

    return min(mentions, key=rank)


def title_of(best: Mention, mentions: Sequence[Mention]) -> str:
    """"Who did what (where)" in the best mention's own words: "Jane Doe rejected the offer (Rome)".
    Mentions without a headline (made by hand) fall back to "who: event words"."""
    if best.headline:
        place = next((p for p in best.places if p not in best.headline), None)
        return f"{best.headline} ({place})" if place and len(best.places) == 1 else best.headline
    who = _display(best.subject, mentions) if best.subject else ""
    what, noun = _trigger_span(best)
    place = best.places[0] if best.places else ""
    title = f"{who}: {what}" if who and noun else f"{who} {what}".strip()
    if place and place not in title:
        title += f" ({place})"
    return title or best.sentence[:80]


def _trigger_span(m: Mention) -> tuple[str, bool]:
    """From the event word as written to the next clause break, without the time expression.
    Also whether the word is written as the trigger itself (a noun: "summit"), not inflected."""
    text = m.sentence
    if m.time_text and m.time_start is not None:
        text = text[: m.time_start] + TIME_GAP + text[m.time_start + len(m.time_text) :]
        text = re.sub(rf"\b(on|in|at|during|of)\s+(the\s+)?{re.escape(TIME_GAP)}", TIME_GAP, text, flags=re.IGNORECASE)
    first = (m.trigger or "").split()[0] if m.trigger else ""
    found = re.search(rf"\b{re.escape(first[: max(3, len(first) - 1)])}\w*", text, re.IGNORECASE) if first else None
    if not found:
        return m.trigger or "", True
    rest = text[found.start() :]
    cut = CLAUSE_BREAK.search(rest)
    words = [w for w in (rest[: cut.start()] if cut else rest).split() if any(c.isalnum() for c in w)]
    words = words[:TITLE_WORDS]
    while words and words[-1].lower() in FUNCTION_WORDS:
        words.pop()
    span = " ".join(words).rstrip(".")
    if span[:1].isupper() and not span.split()[0].isupper():
        span = span[0].lower() + span[1:]
    return span, found.group().lower() == first


def _display(key: str, mentions: Sequence[Mention]) -> str:
    names = [a.name for m in mentions for a in m.actors if same_name(a.key, key)]
    return max(names, key=lambda n: (len(n.split()), names.count(n), n)) if names else key.title()


def ranked_actors(mentions: Sequence[Mention]) -> tuple[str, ...]:
    """Display names, the most central first: subjects count double; spelling variants fold."""
    counts: Counter[str] = Counter()
    for m in mentions:
        for a in m.actors:
            counts[a.key] += 2 if a.key == m.subject else 1
    merged: list[tuple[str, int]] = []
    for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        home = next((i for i, (k, _) in enumerate(merged) if same_name(k, key)), None)
        if home is None:
            merged.append((key, n))
        else:
            merged[home] = (merged[home][0], merged[home][1] + n)
    merged.sort(key=lambda kv: (-kv[1], kv[0]))
    return tuple(dict.fromkeys(_display(k, mentions) for k, _ in merged))


def ranked_places(mentions: Sequence[Mention]) -> tuple[str, ...]:
    counts: Counter[str] = Counter(p for m in mentions for p in m.places)
    out: list[str] = []
    for place, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if not any(same_name(fold(place), fold(o)) for o in out):
            out.append(place)
    return tuple(out)
