"""Audit the DATE values of the TE3 training gold: how many no consistent tagger can match.

    .venv/bin/python eval/te3_audit.py [DIR ...] [--show N]

Every check looks only at the gold (the tagger is not run), so the count is a floor on the
errors of any tagger that reads the same words the same way against the same DCT:

- written: the gold value contradicts a date or year written in the expression itself
  ("Sept. 27, 1989" given 1989-11-27);
- bare year: a bare four-digit year given another value (1949 as 1949-XX or 1992-05-10);
- not ISO: a one-digit week number (2000-W7), which no ISO 8601 writer produces;
- far weekday: a bare weekday whose gold day is more than a week from the DCT: the document's
  creation time is not the day its text was written for;
- same phrase: "this", "last" or "next" week, month or year, whose TimeML value follows from
  the DCT alone, read another way than the phrase's most frequent reading ("last week" is the
  week before the DCT's 9 times, and 1989-WXX, the DCT's month or P1W 15 times); all but the
  most frequent reading of each phrase are counted.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.timex_eval import DEFAULT_DATA, find_corpus, read_docs  # noqa: E402
from tracker.temporal.timeml import GoldTimex, TimeMLDoc  # noqa: E402

_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_BARE_YEAR = re.compile(r"(?:in |since )?(1[89]\d\d|20\d\d)")
_WRITTEN_DATE = re.compile(r"([a-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})")
_RELATIVE_WORD = re.compile(r"\b(?:ago|earlier|later|before|after|since)\b")
_ONE_DIGIT_WEEK = re.compile(r"-W\d(?!\d)")
_WEEKDAY = re.compile(r"(?:on )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)")
_DAY = re.compile(r"\d{4}-\d\d-\d\d")
_DEICTIC = re.compile(r"(?:(?:early|late|earlier|later) )?(this|last|next) (week|month|year)")

Flagged = dict[str, list[tuple[TimeMLDoc, GoldTimex]]]


def audit(docs: list[TimeMLDoc]) -> tuple[int, Flagged]:
    """The number of DATE gold timexes and those flagged, by check."""
    dates = [(d, g) for d in docs for g in d.gold if g.text.strip() and g.type == "DATE"]
    flagged: Flagged = defaultdict(list)
    for doc, gold in dates:
        check = _check(doc, gold)
        if check:
            flagged[check].append((doc, gold))
    seen = {id(g) for items in flagged.values() for _, g in items}
    for doc, gold in _same_phrase_conflicts(dates):
        if id(gold) not in seen:
            flagged["same phrase"].append((doc, gold))
    return len(dates), flagged


def _check(doc: TimeMLDoc, gold: GoldTimex) -> str | None:
    text, value = gold.text.strip().lower(), gold.value or ""
    bare = _BARE_YEAR.fullmatch(text)
    if bare:
        return "bare year" if value != bare.group(1) else None
    year = _YEAR.search(text)
    if year and re.match(r"\d{4}", value) and not value.startswith(year.group(1)) and not _RELATIVE_WORD.search(text):
        return "written"
    written = _WRITTEN_DATE.fullmatch(text)
    if written and written.group(1) in _MONTHS:
        month, day, y = _MONTHS[written.group(1)], int(written.group(2)), written.group(3)
        return "written" if value != f"{y}-{month:02d}-{day:02d}" else None
    if _ONE_DIGIT_WEEK.search(value):
        return "not ISO"
    if _WEEKDAY.fullmatch(text) and _DAY.fullmatch(value) and doc.dct is not None:
        return "far weekday" if abs((date.fromisoformat(value) - doc.dct).days) > 7 else None
    return None


def _same_phrase_conflicts(dates: list[tuple[TimeMLDoc, GoldTimex]]) -> list[tuple[TimeMLDoc, GoldTimex]]:
    readings: dict[tuple[str, str], list[tuple[str, TimeMLDoc, GoldTimex]]] = defaultdict(list)
    for doc, gold in dates:
        phrase = _DEICTIC.fullmatch(gold.text.strip().lower())
        if phrase and doc.dct is not None:
            readings[(phrase.group(1), phrase.group(2))].append((_reading(gold.value or "", doc.dct), doc, gold))
    out = []
    for members in readings.values():
        top = Counter(reading for reading, _, _ in members).most_common(1)[0][0]
        out.extend((doc, gold) for reading, doc, gold in members if reading != top)
    return out


def _reading(value: str, dct: date) -> str:
    """A value as seen from the DCT: "W-1" for the week before it, "M+0" for its month, ..."""
    if m := re.fullmatch(r"(\d{4})-W(\d\d)", value):
        year, week, _ = dct.isocalendar()
        return f"W{(int(m[1]) - year) * 52 + int(m[2]) - week:+d}"
    if m := re.fullmatch(r"(\d{4})-(\d\d)", value):
        return f"M{(int(m[1]) - dct.year) * 12 + int(m[2]) - dct.month:+d}"
    if m := re.fullmatch(r"\d{4}", value):
        return f"Y{int(value) - dct.year:+d}"
    return re.sub(r"\d", "9", value)  # 1989-WXX and P1W keep their shape


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", type=Path, help=f"folders or .tml files (default {DEFAULT_DATA})")
    parser.add_argument("--show", type=int, default=3, metavar="N", help="examples shown per check")
    args = parser.parse_args(argv)
    docs = read_docs(find_corpus(args.dirs or [DEFAULT_DATA]))
    total, flagged = audit(docs)
    count = sum(len(items) for items in flagged.values())
    print(f"DATE gold timexes: {total}")
    for check in sorted(flagged, key=lambda c: -len(flagged[c])):
        print(f"  {len(flagged[check]):4d}  {check}")
        for doc, gold in flagged[check][: args.show]:
            print(f"          {doc.doc_id} (DCT {doc.dct}) [{gold.text}] -> {gold.value}")
    print(f"flagged: {count} ({100 * count / total:.1f}% of DATE gold)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
