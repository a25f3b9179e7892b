"""ECB+ gold event mentions as tracker Mentions (for eval/ecbplus.py and eval/fit_merge.py).

Reads ../shared/data/ecbplus (mentions.jsonl and docs/*.txt) at run time; nothing of it is
copied into the project. Each gold mention becomes a `tracker.types.Mention`: its sentence, its
trigger (the lemma of the trigger's syntactic head), actors and places from spaCy's entities,
the doer (the subject of the trigger, when it is a named actor) and the quote. ECB+ has no
dates and no outlets: time and publication stay unknown, the article is the document.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.types import Actor, Mention

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "ecbplus"
TRAIN_TOPICS = frozenset(range(1, 36))  # as the literature: train and tune on 1-35 ...
TEST_TOPICS = frozenset(range(36, 46))  # ... report on 36-45
ACTOR_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "NORP": "NORP"}
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "agent"})


@dataclass(frozen=True, slots=True)
class Gold:
    """One gold event mention of ECB+ with its chain (the happening it refers to)."""

    index: int  # line number in mentions.jsonl: the mention's id
    doc: str
    topic: int
    subtopic: str
    sentence_index: int
    sentence: str
    trigger: str
    chain: str


def read_gold(data: Path = DATA, topics: frozenset[int] | None = None) -> list[Gold]:
    out = []
    with (data / "mentions.jsonl").open(encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            r = json.loads(line)
            if topics is None or int(r["topic"]) in topics:
                out.append(Gold(n, r["doc"], int(r["topic"]), r["subtopic"], r["sentence_index"], r["sentence"], r["trigger"], r["chain"]))
    return out


def read_extra(path: Path, golds: Sequence[Gold], data: Path = DATA, topics: frozenset[int] | None = None) -> list[Gold]:
    """The literature's other gold event mentions (Cybulska & Vossen's protocol as Barhom et al.
    2019 load it: the mentions of the validated sentences that are in no cross-document chain:
    singletons and within-document chains), read from a JSON list in the literature's own shape
    (`doc_id`, `sent_id`, `tokens_str`, `coref_chain`; an ecbplus document's `sent_id` counts
    from its first text sentence, ours from its URL line). Mentions whose chain is cross-document
    (ACT.../NEG... ids) are skipped: mentions.jsonl has them. Each gets its sentence from
    mentions.jsonl, else from its document (the sentence holding the trigger nearest the index)."""
    known = {(g.doc, g.sentence_index): g.sentence for g in golds}
    out: list[Gold] = []
    for r in json.loads(path.read_text(encoding="utf-8")):
        chain, doc = r["coref_chain"], r["doc_id"]
        topic = int(doc.split("_")[0])
        if chain[:3] in ("ACT", "NEG") or (topics is not None and topic not in topics):
            continue
        index = int(r["sent_id"]) + (1 if doc.endswith("plus") else 0)
        sentence = known.get((doc, index)) or _sentence_of(data, doc, r["tokens_str"], index)
        subtopic = doc.split("_")[0] + ("ecbplus" if doc.endswith("plus") else "ecb")
        out.append(Gold(100000 + len(out), doc, topic, subtopic, index, sentence, r["tokens_str"], chain))
    return out


def _sentence_of(data: Path, doc: str, trigger: str, index: int) -> str:
    import re

    text = (data / "docs" / f"{doc}.txt").read_text(encoding="utf-8")
    parts = [p.strip() for p in re.split(r"(?<=[.!?'\"])\s+|\n+", text) if p.strip()]
    word = re.compile(r"\b" + re.escape(trigger.split()[0]) + r"\b", re.I)
    hits = [n for n, p in enumerate(parts) if word.search(p)]
    return parts[min(hits, key=lambda n: abs(n - index))] if hits else trigger


def read_docs(golds: Sequence[Gold], data: Path = DATA) -> dict[str, str]:
    return {doc: (data / "docs" / f"{doc}.txt").read_text(encoding="utf-8") for doc in sorted({g.doc for g in golds})}


def to_mentions(golds: Sequence[Gold], nlp: Any = None) -> list[Mention]:
    """One Mention per gold mention (same order); each distinct sentence is parsed once."""
    from tracker.mentions.sentences import quote_text
    from tracker.nlp import load_nlp

    nlp = nlp or load_nlp()
    sentences = sorted({g.sentence for g in golds})
    parsed = dict(zip(sentences, nlp.pipe(sentences, batch_size=64)))
    out = []
    for g in golds:
        doc = parsed[g.sentence]
        actors = _actors(doc)
        head = trigger_head(doc, g.trigger)
        subject, passive = _subject(head, actors)
        out.append(
            Mention(
                id=f"ecb{g.index:05d}",
                article_id=g.doc,
                outlet=None,
                published=None,
                sentence=g.sentence,
                sentence_start=g.sentence_index,
                actors=actors,
                places=tuple(dict.fromkeys(e.text for e in doc.ents if e.label_ in PLACE_LABELS)),
                trigger=(head.lemma_.lower() if head is not None else g.trigger.lower()),
                quote=quote_text(g.sentence),
                subject=subject,
                subject_passive=passive,
            )
        )
    return out


def trigger_head(doc: Any, trigger: str) -> Any:
    """The token of the trigger that is highest in the parse ("checked into" -> "checked")."""
    words = {w.lower() for w in trigger.replace(".", " ").split()}
    found = [t for t in doc if t.lower_ in words]
    if not found:
        return None
    return min(found, key=lambda t: (len(list(t.ancestors)), t.i))


def _actors(doc: Any) -> tuple[Actor, ...]:
    from tracker.mentions.actors import org_key, person_key

    seen: dict[str, Actor] = {}
    for e in doc.ents:
        kind = ACTOR_LABELS.get(e.label_)
        if kind is None:
            continue
        key = person_key(e.text) if kind == "PERSON" else org_key(e.text)
        if key and key not in seen:
            seen[key] = Actor(e.text, key, kind)
    return tuple(seen.values())


def _subject(head: Any, actors: tuple[Actor, ...]) -> tuple[str | None, bool]:
    """The actor key of the trigger's subject (or of its verb's subject for an event noun)."""
    if head is None:
        return None, False
    verb = head if head.pos_ in ("VERB", "AUX") else head.head
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            token = next((c for c in child.subtree if c.dep_ == "pobj"), child) if child.dep_ == "agent" else child
            for actor in actors:
                if token.text in actor.name.split() or actor.name in " ".join(t.text for t in token.subtree):
                    return actor.key, child.dep_ == "nsubjpass"
    return None, False


def gold_spans(golds: Sequence[Gold]) -> dict[str, tuple[int, int]]:
    """Mention id -> where its gold trigger stands in the sentence (first to last word)."""
    import re

    out = {}
    for g in golds:
        words = g.trigger.split()
        first = re.search(r"\b" + re.escape(words[0]), g.sentence, re.I) or re.search(re.escape(words[0]), g.sentence, re.I)
        if first is None:
            continue
        end = first.end()
        if len(words) > 1:
            last = re.search(re.escape(words[-1]), g.sentence[first.start() :], re.I)
            end = first.start() + last.end() if last else end
        out[f"ecb{g.index:05d}"] = (first.start(), end)
    return out
