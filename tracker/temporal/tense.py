"""Which way a relative expression points: from local cues in its sentence, not a parser.

spaCy would be too slow here (the tagger must run at 20,000+ words/s), so the direction is the
nearest tense cue to the expression in its sentence: "will", "'ll", "going to", "next" look
forward; "was", "-ed" verbs, "ago", "last" look back. Only the clause of the expression counts
after it ("he will travel on Friday, officials said": "said" is past the comma).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Sequence

from tracker.temporal.rules import RuleSet

PAST = "past"
FUTURE = "future"


# A past-tense verb this close before an expression ("prices fell in February", "was last seen
# on Feb. 5") puts it in the past for certain, not merely leaning that way.
FIRM_PAST_REACH = 12
PLAN_REACH = 80  # how far before an expression a plan told through an infinitive is looked for


@dataclass(frozen=True, slots=True)
class Heading:
    """Which way an expression points (PAST, FUTURE or None) and whether a past is firm."""

    way: str | None
    firm: bool = False


_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(`]*[A-Z0-9])|\n\s*\n|\n(?=[A-Z\"“`])")
# "and" before a capital joins names ("the Abortion and Reproductive Rights League"), not clauses.
_CLAUSE_BREAK = re.compile(r"[,;:(]| and (?![A-Z])| (?:but|while|when|after|before|because|who|which|that|as|if) ")
_IN_RELATIVE = re.compile(r",\s+(?:who|whom|whose|which|where)\b[^,;]*$", re.IGNORECASE)
_PERFECT = re.compile(r"\bhad\b", re.IGNORECASE)
_RELATIVE = re.compile(r"\b(?:which|who|that)\s+(?:\w+\s+)?$", re.IGNORECASE)
_PASSIVE = re.compile(r"\b(?:be|been|being|to|is|are)\s+$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Sentences:
    """Sentence start offsets of one text, for finding the sentence around an expression."""

    starts: tuple[int, ...]
    length: int

    def around(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        end = self.starts[i + 1] if i + 1 < len(self.starts) else self.length
        return self.starts[i], end


def split_sentences(text: str) -> Sentences:
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
    return Sentences(tuple(starts), len(text))


def direction(
    text: str, start: int, end: int, sentences: Sentences, rules: RuleSet, spans: Sequence[tuple[int, int]] = ()
) -> Heading:
    """PAST, FUTURE or None (no cue) for the expression text[start:end], and whether a past is firm.

    Cues inside the expression or inside other expressions (spans) do not count: "next" in
    "the next morning" says nothing about the tense of "Monday".
    """
    s_start, s_end = sentences.around(start)
    before = max(s_start, start - 16)
    prep = rules.future_prep.search(text, before, start)
    if prep and not _has_past_perfect(text, s_start, s_end) and not _started_in_past(text, prep, s_start, rules):
        return Heading(FUTURE)  # "by January", "payable Dec. 1"; not "had filed reports by Wednesday"
    if rules.past_prep.search(text, before, start):
        return Heading(PAST)
    if rules.future_plan.search(text, max(s_start, start - PLAN_REACH), start):
        return Heading(FUTURE)  # "were told to return Wednesday": the day the order is for
    # "in August and said he would ...": "would" is in another clause. A comma right after the
    # expression ends a fronted phrase ("In January, the firm bought ..."), not the clause, unless
    # the expression is in a relative clause ("Nurses, who had joined on Thursday, will ...").
    fronted = text.startswith(",", end) and not _IN_RELATIVE.search(text, s_start, start)
    clause_break = _CLAUSE_BREAK.search(text, end + 1 if fronted else end, s_end)
    if clause_break is not None:
        s_end = clause_break.start()
    best: tuple[int, str] | None = None
    for kind, cue in ((FUTURE, rules.future_cue), (PAST, rules.past_cue)):
        for m in cue.finditer(text, s_start, s_end):
            if m.start() < end and m.end() > start or _inside(m.start(), spans):
                continue
            if kind == PAST and _PASSIVE.search(text, max(0, m.start() - 7), m.start()):
                continue  # "will be held": a participle, not a past tense
            # A verb before the expression usually governs it; one after counts double.
            distance = start - m.end() if m.end() <= start else 2 * (m.start() - end)
            if best is None or distance < best[0] or (distance == best[0] and kind == FUTURE):
                best = (distance, kind)
    if best is None:
        return Heading(None)
    return Heading(best[1], firm=best[1] == PAST and 0 <= best[0] <= FIRM_PAST_REACH)


def _started_in_past(text: str, prep: re.Match[str], s_start: int, rules: RuleSet) -> bool:
    """"Services resumed starting Friday", "flights were suspended beginning Tuesday": a start told
    by a past verb before it (not a reporting one: "officials said the ban applies starting Monday")
    is a start that has been; the sentence's nearest cue decides (patterns.yaml start_prep)."""
    if not rules.start_prep.search(prep.group(0)):
        return False
    return any(not rules.reporting_past.fullmatch(m.group(0)) for m in rules.past_cue.finditer(text, s_start, prep.start()))


def _has_past_perfect(text: str, s_start: int, s_end: int) -> bool:
    # "had filed reports by Wednesday": a past perfect in the sentence puts the expression in the
    # past. One in a relative clause ("The sale, which had been expected, is ... by February") does not.
    for m in _PERFECT.finditer(text, s_start, s_end):
        if not _RELATIVE.search(text, max(s_start, m.start() - 12), m.start()):
            return True
    return False


def _inside(offset: int, spans: Sequence[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(spans, (offset, _FAR)) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]


_FAR = 1 << 62
