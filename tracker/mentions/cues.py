"""Cues of a mention: named, observable facts about its clause and its time expression.

They are the features of the happening model (`happening.py`): is this clause telling something
that happened (or was scheduled) at its time, or background, a forecast, a condition, a quote?
Each cue is a pure function of the parse, the time expression and the article's date, so the
model that weighs them can be refitted on new data (`eval/fit_happening.py`) without touching
this code. Values are 0/1 unless named otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from tracker.types import Precision, Timex

MODAL_FUTURE = frozenset({"will", "shall", "'ll", "wo"})
MODAL_MAYBE = frozenset({"would", "could", "may", "might", "should", "must", "can", "ca"})
INTENT_WORDS = frozenset({"expect", "schedule", "set", "plan", "due", "intend", "aim", "hope", "want", "seek", "propose"})
CONDITION_MARKS = frozenset({"if", "unless", "whether"})
SEQUENCE_PREPS = frozenset({"since", "until", "till", "before", "after", "by", "following", "ahead", "prior", "from"})
WEEKDAY = re.compile(r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?s?\b", re.I)
AGO = re.compile(r"\bago\b", re.I)
VAGUE = re.compile(r"\b(?:earlier|later|recent|recently|early|late|mid|this|last|next|past|coming)\b", re.I)
AGE_BUCKETS = ((-10_000, -1, "future"), (0, 0, "same_day"), (1, 1, "day_before"), (2, 7, "week"),
               (8, 31, "month"), (32, 365, "year"), (366, 10_000_000, "older"))


def time_cues(timex: Timex | None, published: date | None) -> dict[str, float]:
    """What the time expression says: how fine, how written, how far from publication."""
    if timex is None or timex.interval is None:
        return {"time_none": 1.0}
    value = timex.interval
    out = {f"prec_{_precision(value)}": 1.0}
    text = timex.text
    out["time_explicit"] = float(timex.explicit)
    out["time_anaphoric"] = float(timex.anaphoric)
    out["time_weekday"] = float(bool(WEEKDAY.search(text)))
    out["time_ago"] = float(bool(AGO.search(text)))
    out["time_vague"] = float(bool(VAGUE.search(text)))
    out["time_clock"] = float(timex.type == "TIME")
    if published is None:
        out["age_unknown"] = 1.0
    else:
        age = (published - value.end).days
        out.update({f"age_{name}": 1.0 for lo, hi, name in AGE_BUCKETS if lo <= age <= hi})
    return out


def _precision(value: Any) -> str:
    if value.start == value.end:
        return "day"
    if value.precision in (Precision.WEEK, Precision.MONTH):
        return value.precision.label if value.mod is None else "part"
    if value.precision in (Precision.QUARTER, Precision.YEAR):
        return "year"
    return "part"


def verb_cues(verb: Any, reporting: frozenset[str]) -> dict[str, float]:
    """Tense, modality, negation and role of the clause's verb."""
    children = list(verb.children)
    auxes = [c for c in children if c.dep_ in ("aux", "auxpass")]
    aux_lemmas = {c.lemma_.lower() for c in auxes} | {c.lower_ for c in auxes}
    out = {
        "verb_past": float(verb.tag_ == "VBD" and not auxes),
        "verb_present": float(verb.tag_ in ("VBZ", "VBP") and not auxes),
        "verb_perfect": float(bool(aux_lemmas & {"has", "have", "'ve"}) and "had" not in aux_lemmas),
        "verb_pluperfect": float("had" in aux_lemmas),
        "verb_future": float(bool(aux_lemmas & MODAL_FUTURE) or _going_to(verb)),
        "verb_modal": float(bool(aux_lemmas & MODAL_MAYBE)),
        "verb_passive": float(any(c.dep_ in ("auxpass", "nsubjpass") for c in children)),
        "verb_negated": float(any(c.dep_ == "neg" for c in children)),
        "verb_gerund": float(verb.tag_ == "VBG" and not auxes),
        "verb_noun": float(verb.pos_ not in ("VERB", "AUX")),
        "verb_be": float(verb.lemma_.lower() == "be"),
        "verb_reporting": float(verb.lemma_.lower() in reporting),
        "verb_intent": float(verb.lemma_.lower() in INTENT_WORDS or bool({c.lemma_.lower() for c in verb.ancestors} & INTENT_WORDS)),
        "verb_condition": float(any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in children)),
    }
    role = verb.dep_ if verb.head.i != verb.i else "ROOT"
    out[f"dep_{role if role in ('ROOT', 'ccomp', 'advcl', 'relcl', 'conj', 'xcomp', 'acl', 'pcomp') else 'other'}"] = 1.0
    subject = next((c for c in children if c.dep_ in ("nsubj", "nsubjpass")), None)
    out["subject_name"] = float(subject is not None and subject.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"))
    out["subject_pronoun"] = float(subject is not None and subject.pos_ == "PRON")
    out["subject_none"] = float(subject is None)
    return out


def _going_to(verb: Any) -> bool:
    """"is going to resign", "is set to rule", "is due to meet": a plan, not a happening yet."""
    head = verb.head
    marked = any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)
    return marked and head.lemma_.lower() in {"go", "set", "due", "expect", "schedule", "poise"}


def timex_cues(tokens: Sequence[Any]) -> dict[str, float]:
    """How the time expression hangs in the clause: "since 2022", "the June 12 crash"."""
    if not tokens:
        return {}
    first = tokens[0]
    prep = first.head if first.dep_ == "pobj" else None
    before = first.nbor(-1) if first.i > first.sent.start else None
    words = {t.lower_ for t in (prep, before) if t is not None}
    outside = [t for t in tokens if t.head not in tokens]
    return {
        "timex_sequence": float(bool(words & SEQUENCE_PREPS)),
        "timex_premodifier": float(bool(outside) and all(t.dep_ in ("nmod", "compound", "amod", "poss") and t.head.pos_ in ("NOUN", "PROPN") for t in outside)),
        "timex_in_noun_phrase": float(any(t.head.pos_ in ("NOUN", "PROPN") and t.dep_ in ("pobj", "npadvmod") and t.head.head.pos_ in ("NOUN", "PROPN") for t in outside)),
    }


def sentence_cues(span: Any, index: int, count: int, quoted: bool, n_timexes: int) -> dict[str, float]:
    """Where the sentence stands in the article and what kind of sentence it is."""
    text = span.text
    words = [t for t in span if t.is_alpha]
    return {
        "lede": float(index == 0),
        "early": float(0 < index <= 3),
        "late": float(count > 6 and index >= count * 2 // 3),
        "quoted": float(quoted),
        "starts_quote": float(text[:1] in "\"“‘'"),
        "question": float(text.rstrip().endswith("?")),
        "short": float(len(words) < 8),
        "long": float(len(words) > 40),
        "several_times": float(n_timexes > 1),
    }
