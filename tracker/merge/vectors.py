"""Meaning vectors of mentions: computed once when an article is parsed, stored, and turned back
into feature views (tracker.merge.features.View) whenever a window is re-merged.

A mention's vectors are its sentence, its event word alone and its event word in the sentence
(tracker.meaning), packed as float16 (768 bytes each): a re-merge never runs the encoder again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tracker.merge.article import ArticleVector, article_vector
from tracker.merge.features import View, numbers, trigger_span, views
from tracker.types import Mention

DIMENSIONS = 384
PARTS = 3  # sentence, trigger, trigger in context


def compute(mentions: Sequence[Mention], bodies: Mapping[str, str]) -> dict[str, bytes]:
    """Packed vectors of mentions (one encoder pass for all of them)."""
    spans = {m.id: m.trigger_span for m in mentions if m.trigger_span}
    return {v.mention.id: pack(v) for v in views(mentions, bodies, spans)}


def pack(view: View) -> bytes:
    import numpy as np

    zero = np.zeros(DIMENSIONS, np.float32)
    parts = [view.sentence, view.trigger if view.trigger is not None else zero, view.context if view.context is not None else zero]
    return np.concatenate(parts).astype(np.float16).tobytes()


def unpack(data: bytes) -> tuple[Any, Any | None, Any | None]:
    import numpy as np

    flat = np.frombuffer(data, dtype=np.float16).astype(np.float32).reshape(PARTS, DIMENSIONS)
    found = [row / n if (n := float(np.linalg.norm(row))) > 0 else None for row in flat]
    return found[0], found[1], found[2]


def restore(mentions: Sequence[Mention], packed: Mapping[str, bytes], bodies: Mapping[str, str],
            stored: Mapping[str, ArticleVector] | None = None) -> list[View]:
    """Views of stored mentions; a mention without stored vectors is encoded now, an article
    without a stored body vector (`stored`, by article id) is weighed now."""
    missing = [m for m in mentions if m.id not in packed]
    fresh = compute(missing, bodies) if missing else {}
    stored = stored or {}
    articles = {aid: stored[aid] if aid in stored else article_vector(bodies.get(aid) or "")
                for aid in sorted({m.article_id for m in mentions})}
    out = []
    for m in mentions:
        sentence, trigger, context = unpack(packed.get(m.id) or fresh[m.id])
        if sentence is None:
            raise ValueError(f"mention {m.id}: empty sentence vector")
        out.append(View(m, sentence, trigger, context, articles[m.article_id] or article_vector(m.sentence), numbers(m.sentence)))
    return out


__all__ = ["compute", "pack", "restore", "trigger_span", "unpack"]
