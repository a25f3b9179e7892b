"""Page furniture out, article in: the body and title of a scraped page.

Word patterns (credits, subscribe boxes, related-list markers...) are data in
tracker/rules/en/furniture.yaml. The shapes are here: the lead above the first paragraph and the
tail after the last one are menus and widgets; lines repeated on a page are headlines and image
alt texts; a long line that stops mid-sentence is a teaser of another story.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from tracker.ingest.dateline import is_date_line
from tracker.ingest.rules import Rule, rules

FURNITURE = "furniture.yaml"
_SPACES = re.compile(r"[\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff\t ]+")
_TERMINAL = re.compile(r"[.!?…:;][\"'”’)\]»]*$")
_INNER_BOUNDARY = re.compile(r"[.!?][\"”’]?\s+[\"“‘A-Z]")
MIN_SENTENCE_WORDS = 4  # "Don't miss out!" is a button, not a paragraph
LONG_LINE_WORDS = 15  # a line this long is prose even without a final stop (a standfirst)
MAX_TITLE_WORDS = 30
MAX_SKIPPED_ABOVE_BYLINE = 3  # standfirst, caption, picture label between headline and byline
STAMP_AFTER_FIRST_SENTENCE = 6  # a byline may follow a standfirst and a captioned picture
MAX_CAPTION_WORDS = 60
MAX_BOX_LINES = 6  # headlines in a "Recommended" box set inside an article
LINES_REMEMBERED = 8192  # (line, group) answers kept per process
HEADER_RULES = ("author_line", "name_and_role", "update_stamp")  # furniture rules that mark the header
CREDIT_RULES = ("photo_credit", "photo_by", "caption_trailing_credit")


@dataclass(frozen=True, slots=True)
class Cleaned:
    title: str | None
    body: str


def normalise_lines(text: str) -> list[str]:
    """Lines with odd spaces made plain and ends trimmed; blank lines dropped (a line is a paragraph)."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return [line for line in lines if line]


def clean_page(lines: list[str], title_hint: str | None = None, cut_prefix: str | None = None) -> Cleaned:
    """The article's title and body (paragraphs joined by blank lines) from a page's lines."""
    lines = _cut_prefix(lines, cut_prefix)
    furniture = [is_furniture(line) for line in lines]
    title = title_hint or title_above_byline(lines, furniture)
    captions = caption_lines(lines, furniture)
    kept = [line for i, line in enumerate(lines) if not furniture[i] and i not in captions]
    kept = cut_at_end_marker(kept)
    title = title or find_title(kept)
    if title:
        kept = [line for line in kept if _key(line) != _key(title)]
    kept = drop_repeats(kept)
    body = trim_lead_and_tail(drop_teasers(kept))
    if not body:
        # A page whose only text is a cut-off paragraph (an aggregator's teaser) still says
        # something: its whole sentences are kept, never refused as furniture.
        body = [whole for whole in (whole_sentences(line) for line in kept if is_truncated(line)) if whole][:1]
    return Cleaned(title, "\n\n".join(body))


def whole_sentences(line: str) -> str | None:
    """A cut-off paragraph up to the end of its last whole sentence, if it has two or more."""
    ends = [m.start() + 1 for m in _INNER_BOUNDARY.finditer(line)]
    if len(ends) < 2:
        return None
    return line[: ends[-1]].strip()


def _cut_prefix(lines: list[str], prefix: str | None) -> list[str]:
    """Remove an agency dateline from the start of its paragraph."""
    if not prefix:
        return lines
    out = list(lines)
    for i, line in enumerate(out):
        if line.startswith(prefix):
            out[i] = line[len(prefix) :].strip()
            break
    return [line for line in out if line]


def is_furniture(line: str) -> bool:
    """A line that a furniture rule or a date-stamp rule removes."""
    return matching_rule(line, "line") is not None or is_date_line(line)


@lru_cache(maxsize=LINES_REMEMBERED)
def matching_rule(line: str, group: str) -> Rule | None:
    """The first furniture rule of the group that matches the line. Remembered: a page's lines are
    asked about again and again (each line, then each caption's neighbours, the tail...), and
    menus and credits repeat across pages; on Timeline17 the cache halves ingest's time."""
    return next((rule for rule in rules(FURNITURE, group) if rule.regex.search(line)), None)


def is_sentence(line: str) -> bool:
    """A line that ends like a sentence and is long enough to be one."""
    return bool(_TERMINAL.search(line)) and len(line.split()) >= MIN_SENTENCE_WORDS and _has_lower(line)


def is_prose(line: str) -> bool:
    """Article text: a sentence, or a long line in lower case that is not cut off."""
    if is_sentence(line):
        return True
    return len(line.split()) >= LONG_LINE_WORDS and _has_lower(line) and not is_truncated(line)


def is_truncated(line: str) -> bool:
    """A teaser: several sentences, then it stops without a final stop ("...no real interest i")."""
    text = line.rstrip()
    if _TERMINAL.search(text):
        return False
    return len(text.split()) >= LONG_LINE_WORDS and bool(_INNER_BOUNDARY.search(text))


def _has_lower(line: str) -> bool:
    return any(ch.islower() for ch in line)


def cut_at_end_marker(lines: list[str]) -> list[str]:
    """Everything from a related/popular/latest marker on goes, once article prose has been seen.

    A marker followed, after its few headlines, by article paragraphs again is a box set inside the
    article ("Recommended" and two links): the box goes and the article goes on.
    """
    seen_prose = False
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if seen_prose and matching_rule(line, "end") is not None:
            resume = _article_resumes(lines, i + 1)
            if resume is None:
                return out
            i = resume
            continue
        seen_prose = seen_prose or is_prose(line)
        out.append(line)
        i += 1
    return out


def _article_resumes(lines: list[str], start: int) -> int | None:
    """Where the article goes on after a box of at most a few headlines: two paragraphs in a row."""
    for i in range(start, min(start + MAX_BOX_LINES + 1, len(lines) - 1)):
        if matching_rule(lines[i], "end") is not None:
            return None
        if is_prose(lines[i]):
            return i if is_prose(lines[i + 1]) and not is_truncated(lines[i]) else None
    return None


def find_title(lines: list[str]) -> str | None:
    """The headline: a line repeated above the first sentence, else the first headline-like line there."""
    lead = []
    for line in lines:
        if is_sentence(line):
            break
        lead.append(line)
    counts = Counter(_key(line) for line in lead)
    repeated = [line for line in lead if counts[_key(line)] > 1 and is_headline(line)]
    if repeated:
        return repeated[0]
    return next((line for line in lead if is_headline(line)), None)


def title_above_byline(lines: list[str], furniture: list[bool]) -> str | None:
    """The headline over the byline or date stamp of the article's header.

    News pages set the header as headline, standfirst, picture and caption, then byline and date:
    going up from the first byline or stamp, past a few sentences (standfirst, caption) and any
    furniture, the first run of headline-shaped lines is the headline and its standfirst; the
    headline is the top line of that run. Menus above it are not headline-shaped or are furniture.
    """
    stamp = _header_stamp(lines, furniture)
    if stamp is None:
        return None
    run: list[str] = []
    skipped = 0
    for i in range(stamp - 1, -1, -1):
        if furniture[i]:
            continue
        if is_headline(lines[i]):
            run.append(lines[i])
        elif run or skipped >= MAX_SKIPPED_ABOVE_BYLINE:
            break
        else:
            skipped += 1
    return run[-1] if run else None


def _header_stamp(lines: list[str], furniture: list[bool]) -> int | None:
    """The first byline or date-stamp line, if it comes before or just after the first sentence."""
    first_sentence = next((i for i, line in enumerate(lines) if not furniture[i] and is_sentence(line)), len(lines))
    for i, line in enumerate(lines[: first_sentence + STAMP_AFTER_FIRST_SENTENCE]):
        rule = matching_rule(line, "line")
        if is_date_line(line) or (rule is not None and rule.name in HEADER_RULES):
            return i
    return None


def caption_lines(lines: list[str], furniture: list[bool]) -> set[int]:
    """A line set between a picture placeholder ("Image") and a credit line is the picture's caption."""
    found = set()
    for i in range(1, len(lines) - 1):
        before, after = matching_rule(lines[i - 1], "line"), matching_rule(lines[i + 1], "line")
        if before is not None and after is not None and before.name == "placeholder" and after.name in CREDIT_RULES:
            if not furniture[i] and len(lines[i].split()) <= MAX_CAPTION_WORDS:
                found.add(i)
    return found


def is_headline(line: str) -> bool:
    words = line.split()
    if not 3 <= len(words) <= MAX_TITLE_WORDS or not _has_lower(line):
        return False
    if line.endswith(".") and not line.endswith("..."):
        return False
    return not is_nav_run(line) and not line.endswith(("...", "…"))


def is_nav_run(line: str) -> bool:
    """A menu: four or more words, none of them lower case, no sentence punctuation."""
    words = line.split()
    if len(words) < 4 or re.search(r"[.,:;!?'’\"“”]", line):
        return False
    return not any(word[:1].islower() for word in words)


def drop_repeats(lines: list[str]) -> list[str]:
    """A repeated paragraph is kept once; a repeated non-sentence (image alt text, headline) goes."""
    counts = Counter(_key(line) for line in lines)
    seen: set[str] = set()
    out = []
    for line in lines:
        key = _key(line)
        if counts[key] > 1 and (key in seen or not is_sentence(line)):
            continue
        seen.add(key)
        out.append(line)
    return out


def drop_teasers(lines: list[str]) -> list[str]:
    """A cut-off teaser goes, with the short headline line just above it."""
    out: list[str] = []
    for line in lines:
        if is_truncated(line):
            if out and not is_prose(out[-1]):
                out.pop()
            continue
        out.append(line)
    return out


def trim_lead_and_tail(lines: list[str]) -> list[str]:
    """Short lines above the first paragraph and below the last one are menus, labels and bylines;
    a tail rule's line (an author bio) does not count as a paragraph there."""
    prose = [i for i, line in enumerate(lines) if is_prose(line)]
    while prose and matching_rule(lines[prose[-1]], "tail") is not None:
        prose.pop()
    if not prose:
        return []
    return lines[prose[0] : prose[-1] + 1]


def _key(line: str) -> str:
    return " ".join(line.casefold().split())
