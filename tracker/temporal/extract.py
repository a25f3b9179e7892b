"""Pass one: run every rule over the text, fill its value template, keep the winners.

The result is a list of Candidates whose values may still be underspecified (UNDEF-...);
pass two (resolve.py) makes them real.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

from tracker.temporal.rules import Rule, RuleError, RuleSet

_SLOT = re.compile(r"\{(\w+)((?::\w+)*)\}")
# Whitespace kinds turned into plain spaces (one for one, so offsets stay true).
_SPACES = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\xa0": " ", "\u2009": " ", "\u202f": " "})


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    rule: Rule
    value: str  # filled template, maybe UNDEF-...
    mod: str | None
    mod_word: str = ""  # the modifier text that was joined to the span ("earlier", "mid-")


def flatten_spaces(text: str) -> str:
    return text.translate(_SPACES)


# ---------------------------------------------------------------- template filters

def _number(text: str, tables: Mapping[str, Mapping[str, str]]) -> str:
    """'two' -> 2, 'twenty-four' -> 24, '5 1/2' -> 5.5, 'several' -> X."""
    words = text.lower().strip()
    numbers = tables["number"]
    if words in numbers:
        return numbers[words]
    if words.endswith(" 1/2"):
        return str(float(words[:-4]) + 0.5)
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", words):
        return words
    parts = re.split(r"[- ]", words)
    if all(p in numbers for p in parts):
        return str(sum(int(numbers[p]) for p in parts))
    raise RuleError(f"cannot read the number {text!r}")


def _year_words(text: str, tables: Mapping[str, Mapping[str, str]]) -> str:
    """'nineteen ninety-six' -> 1996."""
    rest = text.lower().split(" ", 1)[1]
    return str(1900 + int(_number(rest, tables)))


def _hour(text: str, groups: Mapping[str, str | None]) -> str:
    hour = int(text) % 12
    if (groups.get("ap") or "a").lower().startswith("p"):
        hour += 12
    return f"{hour:02d}"


BuiltinFilter = Callable[[str, Mapping[str, str | None], Mapping[str, Mapping[str, str]]], str]
BUILTIN: dict[str, BuiltinFilter] = {
    "pad2": lambda t, g, tb: f"{int(t):02d}",
    "hour": lambda t, g, tb: _hour(t, g),
    "num": lambda t, g, tb: _number(t, tb),
    "yearwords": lambda t, g, tb: _year_words(t, tb),
    "century": lambda t, g, tb: f"{int(t) - 1:02d}",
    "podsuffix": lambda t, g, tb: "" if t.lower() == "day" else "T" + tb["pod"][t.lower()],
    "wdform": lambda t, g, tb: f"wd-tense-{tb['weekday'][t.lower().rstrip('.')]}",
    "quarterof": lambda t, g, tb: str((int(t) - 1) // 3 + 1),  # a month number -> its quarter
    # Numeric dates a/b/yyyy: day first when a > 12 ("30/04/2025"), else month first (US).
    "ab_month": lambda t, g, tb: f"{int(g['b'] or 0) if int(t) > 12 else int(t):02d}",
    "ab_day": lambda t, g, tb: f"{int(t) if int(t) > 12 else int(g['b'] or 0):02d}",
}
# Filters that also say what an absent group means.
ABSENT = {"minute": "00", "wdform": "rel-day-0"}


def _apply(filters: list[str], text: str | None, groups: Mapping[str, str | None], tables) -> str:
    if text is None:
        return ABSENT.get(filters[0], "") if filters else ""
    for name in filters:
        if name == "minute":
            continue
        if name in BUILTIN:
            text = BUILTIN[name](text, groups, tables)
        elif name in tables:
            key = " ".join(text.lower().rstrip(".").split())
            if key not in tables[name]:
                raise RuleError(f"table {name} has no entry {key!r}")
            text = tables[name][key]
        else:
            raise RuleError(f"unknown filter {name!r}")
    return text


def fill(template: str, match: re.Match[str], tables) -> str:
    """Put a match's groups into a value template ({group:filter:filter})."""
    groups = match.groupdict()

    def one(slot: re.Match[str]) -> str:
        name = slot.group(1)
        text = match.group(0) if name == "0" else groups.get(name)
        return _apply([f for f in slot.group(2).split(":") if f], text, groups, tables)

    return _SLOT.sub(one, template)


# ---------------------------------------------------------------- matching and overlaps

# How far from a trigger word an expression may reach ("the first Tuesday of November").
WINDOW = 60


def hot_windows(text: str, rules: RuleSet) -> list[tuple[int, int]]:
    """Stretches of text near trigger words, merged: the only places rules need to look."""
    windows: list[list[int]] = []
    for m in rules.trigger.finditer(text):
        start, end = max(0, m.start() - WINDOW), min(len(text), m.end() + WINDOW)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    return [(s, e) for s, e in windows]


# How far around a match a rule's "unless" pattern is looked for, within the match's sentence.
UNLESS_REACH = 100


def _vetoed(text: str, m: re.Match[str], rule: Rule) -> bool:
    if rule.unless is None:
        return False
    start = max(0, m.start() - UNLESS_REACH)
    start = max(start, text.rfind(". ", start, m.start()) + 1)
    end = text.find(". ", m.end(), m.end() + UNLESS_REACH)
    end = end if end >= 0 else m.end() + UNLESS_REACH
    return rule.unless.search(text, start, end) is not None


def all_matches(text: str, rules: RuleSet) -> list[Candidate]:
    found = {}
    windows = hot_windows(text, rules)
    where = rules.needs.windows(text, windows) if rules.needs is not None else [windows] * len(rules.rules)
    for rule, places in zip(rules.rules, where, strict=True):
        for w_start, w_end in places:
            for m in rule.regex.finditer(text, w_start, w_end):
                if m.end() > m.start() and not _vetoed(text, m, rule):
                    value = fill(rule.value, m, rules.tables)
                    found[(m.start(), m.end(), rule.order)] = Candidate(m.start(), m.end(), rule, value, rule.mod)
    return list(found.values())


def longest_match_wins(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Overlap policy: the longest span wins; on a tie the rule listed first. Text order out.
    The candidates are non-empty spans (all_matches keeps no empty match), so the spans taken are
    disjoint and only the two taken around a new one, by start, can overlap it."""
    ranked = sorted(candidates, key=lambda c: (c.start - c.end, c.rule.order, c.start))
    taken: list[Candidate] = []  # sorted by start
    starts: list[int] = []
    for cand in ranked:
        at = bisect.bisect_right(starts, cand.start)
        if (at and taken[at - 1].end > cand.start) or (at < len(taken) and taken[at].start < cand.end):
            continue
        taken.insert(at, cand)
        starts.insert(at, cand.start)
    return taken


def attach_modifier(text: str, cand: Candidate, rules: RuleSet, floor: int) -> Candidate:
    """Grow a span over a modifier just before it ("early 2022", "about two weeks")."""
    if cand.rule.type == "SET" or cand.value.endswith("_REF"):
        return cand
    if text.startswith("'s", cand.end):
        return cand  # "about Friday's meeting": the word before is about the meeting
    table, pattern = "date_mod", rules.date_mod
    if cand.rule.type == "DURATION" or cand.value.startswith("UNDEF-ago"):
        if text.startswith(("the ", "The "), cand.start):
            return cand  # "over the past week" is during the week, not more than it
        table, pattern = "quant_mod", rules.quant_mod
    window_start = max(floor, cand.start - 20)
    m = pattern.search(text, window_start, cand.start)
    if m is None:
        return cand
    word = m.group(1)
    mod = rules.tables[table][" ".join(word.lower().split())]
    return Candidate(m.start(1), cand.end, cand.rule, cand.value, cand.mod or mod, word)


def extract(text: str, rules: RuleSet) -> list[Candidate]:
    """Pass one over a whole text (whitespace already flattened)."""
    chosen = longest_match_wins(all_matches(text, rules))
    out: list[Candidate] = []
    for cand in chosen:
        floor = out[-1].end if out else 0
        out.append(attach_modifier(text, cand, rules, floor))
    return out
