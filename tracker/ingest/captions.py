"""Photo captions: cut from the article, but read for dates first.

A caption is furniture, yet it often carries the one full date of a page ("... at the court in
Harbourtown, March 14, 2024. NEWSWIRE/Jo Roe"). A picture is taken before the page that shows it
is put out, so a caption date bounds publication from below; it is weaker than a dateline.
A scraper sometimes glues the caption to the end of the lead paragraph: then only the caption
sentence goes, the paragraph stays.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tracker.ingest.dateline import parse_full_date
from tracker.ingest.rules import Rule, compile_pattern, rules

FURNITURE = "furniture.yaml"
DATELINES = "datelines.yaml"
# Furniture rules that mark a line as a picture's caption or credit.
CAPTION_RULES = frozenset({"photo_credit", "photo_by", "caption_trailing_credit", "wire_photo_caption",
                           "caption_slash_credit", "caption_photo_credit", "caption_agency_credit", "caption_bracket_credit",
                           "picture_label"})  # fmt: skip
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\"”’][.!?])\s+(?=[\"“‘(]?[A-Z])")
MIN_GLUED_WORDS = 25  # a caption alone is shorter; a lead paragraph with a caption glued on is longer


@dataclass(frozen=True, slots=True)
class CaptionDate:
    day: dt.date
    text: str  # the caption line it came from


def caption_rule(line: str) -> Rule | None:
    return next((r for r in rules(FURNITURE, "line") if r.name in CAPTION_RULES and r.regex.search(line)), None)


def split_glued_captions(lines: list[str]) -> list[str]:
    """A long line that ends in a picture credit: its last sentence is the caption, the rest is prose."""
    out: list[str] = []
    for line in lines:
        if len(line.split()) >= MIN_GLUED_WORDS and caption_rule(line) is not None:
            parts = _SENTENCE_END.split(line)
            cut = _caption_start(parts)
            if 0 < cut < len(parts):
                out += [" ".join(parts[:cut]), " ".join(parts[cut:])]
                continue
        out.append(line)
    return out


def _caption_start(parts: list[str]) -> int:
    """Where the caption begins: the last sentence, with the credit that follows it when the credit
    is a sentence of its own ("... in Harbourtown. (NEWSWIRE PHOTO/Jo Roe)")."""
    last = len(parts) - 1
    if last >= 1 and len(parts[last].split()) <= 6:
        return last - 1
    return last


def caption_dates(lines: list[str]) -> list[CaptionDate]:
    """Full dates (with a year) written in the page's caption lines, in page order."""
    pattern = compile_pattern(DATELINES, str(_caption_date_pattern()))
    found = []
    for line in lines:
        if caption_rule(line) is None:
            continue
        for match in pattern.finditer(line):
            day = parse_full_date(match.group("date"))
            if day is not None:
                found.append(CaptionDate(day, line))
    return found


def _caption_date_pattern() -> str:
    from tracker.ingest.rules import setting

    return setting(DATELINES, "caption_date")
