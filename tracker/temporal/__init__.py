"""The temporal tagger: TIMEX3 expressions of a text, resolved against a reference date.

    >>> from datetime import date
    >>> [t.value for t in tag("He left on Wednesday and will return next month.", date(2024, 3, 15))]
    ['2024-03-13', '2024-04']

HeidelTime-like: rules are data (tracker/rules/en/); pass one finds expressions and gives them
underspecified values (extract.py), pass two resolves those against the dct, the sentence's
tense and the date last talked about (resolve.py).
"""

from __future__ import annotations

from datetime import date

from tracker.temporal.extract import Candidate, extract, flatten_spaces
from tracker.temporal.resolve import Context, resolve
from tracker.temporal.rules import RuleError, load_rules
from tracker.temporal.tense import direction, split_sentences
from tracker.temporal.values import narrow, parse_value
from tracker.types import Precision, TimeValue, Timex

__all__ = ["tag", "parse_value", "RuleError"]


def _is_explicit(cand: Candidate) -> bool:
    value = cand.rule.value
    return cand.rule.type in ("DATE", "TIME") and not value.startswith(("UNDEF", "DUR", "PRESENT", "PAST", "FUTURE"))


def tag(text: str, dct: date | None, language: str = "en") -> list[Timex]:
    """Every temporal expression of a whole text, in text order.

    dct is the document creation time (the publication date); without it, expressions that
    need it get values with X's ("XXXX-09-05") and no interval.
    """
    rules = load_rules(language)
    flat = flatten_spaces(text)
    sentences = split_sentences(text)  # before flattening: blank lines end sentences
    last: TimeValue | None = None
    out: list[Timex] = []
    found = extract(flat, rules)
    spans = [(c.start, c.end) for c in found]
    for cand in found:
        heading = direction(flat, cand.start, cand.end, sentences, rules, spans)
        done = resolve(cand.value, Context(dct, heading, last))
        interval = done.interval
        if interval is not None:
            if not done.anaphoric or interval.precision >= Precision.DAY:
                last = interval
            interval = narrow(interval, cand.mod, dct, cand.mod_word)
        out.append(
            Timex(
                start=cand.start,
                end=cand.end,
                text=text[cand.start : cand.end],
                type=cand.rule.type,
                value=done.value,
                mod=cand.mod,
                interval=interval,
                explicit=_is_explicit(cand),
                anaphoric=done.anaphoric,
                rule=cand.rule.name,
            )
        )
    return out
