"""Read and write TimeML documents (the TempEval-3 `.tml` format).

A TE3 file holds a `<DCT>` with the document creation time and a `<TEXT>` whose content is news
text with TIMEX3, EVENT and SIGNAL tags inside it. Here the text of a document is the content of
`<TEXT>` with every tag removed and entities unescaped (`&amp;` -> `&`), exactly as an XML parser
gives it; gold offsets are character offsets into that text, so a tagger run on `TimeMLDoc.text`
can be compared offset for offset.

`strip_to_input` gives what TE3 systems received: the same document with no tags inside `<TEXT>`
and no link elements (MAKEINSTANCE, TLINK, SLINK, ALINK), which would point at removed tags.
`annotate_timeml` writes that input with our TIMEX3 tags inserted, for any TimeML scorer.
Everything outside `<TEXT>` (DOCID, DCT, TITLE, EXTRAINFO) is kept byte for byte.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Sequence
from xml.sax.saxutils import escape

from tracker.errors import TrackerError
from tracker.types import Timex

# Link elements refer to EVENT and TIMEX3 ids inside TEXT; once those tags are gone they dangle.
_LINK_ELEMENT = re.compile(
    r"[ \t]*<(MAKEINSTANCE|TLINK|SLINK|ALINK)\b[^>]*?(?:/>|>.*?</\1>)[ \t]*\n?", re.DOTALL
)
# One TEXT element per TimeML document; its content is everything between the two tags.
_TEXT_ELEMENT = re.compile(r"(<TEXT\b[^>]*>)(.*)(</TEXT>)", re.DOTALL)
_ATTRIBUTE_ESCAPES = {'"': "&quot;", "\n": "&#10;", "\t": "&#9;"}


class TimeMLError(TrackerError):
    """A TimeML document cannot be read or annotated (not XML, no TEXT or DCT, bad offsets)."""


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """One TIMEX3 of a gold document; start/end are offsets into TimeMLDoc.text."""

    start: int
    end: int
    text: str
    type: str
    value: str | None
    mod: str | None = None


@dataclass(frozen=True, slots=True)
class TimeMLDoc:
    """A TimeML document: its id, creation date, plain text and gold TIMEX3s in text order."""

    doc_id: str
    dct: date
    text: str
    gold: tuple[GoldTimex, ...]


def read_timeml(xml_text: str) -> TimeMLDoc:
    """Parse a TimeML document; raises TimeMLError when it is not one."""
    root = _parse(xml_text)
    text_element = root.find("TEXT")
    if text_element is None:
        raise TimeMLError("TimeML document has no <TEXT> element")
    text, tagged = _flatten(text_element)
    gold = tuple(
        GoldTimex(start, end, text[start:end], el.get("type", ""), el.get("value"), el.get("mod"))
        for start, end, el in tagged
        if el.tag == "TIMEX3"
    )
    doc_id = (root.findtext("DOCID") or "").strip()
    return TimeMLDoc(doc_id, _dct(root, doc_id), text, tuple(sorted(gold, key=_span_key)))


def read_timeml_file(path: str | Path) -> TimeMLDoc:
    """Read a .tml file (UTF-8); errors name the file."""
    try:
        return read_timeml(Path(path).read_text(encoding="utf-8"))
    except TimeMLError as error:
        raise TimeMLError(f"{path}: {error}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise TimeMLError(f"{path}: cannot read: {error}") from error


def strip_to_input(xml_text: str) -> str:
    """The document as TE3 systems received it: DCT kept, TEXT as plain text, no links."""
    text = _plain_text(xml_text)
    return _replace_text_body(_drop_links(xml_text), escape(text))


def annotate_timeml(xml_text: str, timexes: Sequence[Timex]) -> str:
    """The input document (tags in TEXT removed) with a TIMEX3 tag around each timex.

    Timex offsets are into the plain TEXT content (what read_timeml gives as `text`). Tags get
    tids t1, t2, ... in text order, skipping tids the rest of the document uses (the DCT's t0).
    """
    text = _plain_text(xml_text)
    ordered = sorted(timexes, key=_span_key)
    _check_offsets(text, ordered)
    taken = set(re.findall(r'\btid="([^"]*)"', _TEXT_ELEMENT.sub("", xml_text)))
    pieces: list[str] = []
    position, number = 0, 0
    for timex in ordered:
        number += 1
        while f"t{number}" in taken:
            number += 1
        pieces.append(escape(text[position : timex.start]))
        pieces.append(_timex_tag(f"t{number}", timex, escape(text[timex.start : timex.end])))
        position = timex.end
    pieces.append(escape(text[position:]))
    return _replace_text_body(_drop_links(xml_text), "".join(pieces))


def _parse(xml_text: str) -> ET.Element:
    try:
        return ET.fromstring(xml_text)
    except ET.ParseError as error:
        raise TimeMLError(f"not well-formed XML: {error}") from error


def _dct(root: ET.Element, doc_id: str) -> date:
    dct = root.find("DCT/TIMEX3")
    value = dct.get("value", "") if dct is not None else ""
    try:
        # "1998-12-05T09:42": the timeline works in days, so the time of day is dropped.
        return date.fromisoformat(value[:10])
    except ValueError as error:
        raise TimeMLError(f"document {doc_id or '?'} has no readable <DCT> date: {value!r}") from error


def _flatten(element: ET.Element) -> tuple[str, list[tuple[int, int, ET.Element]]]:
    """The element's text with tags removed, and (start, end, element) for every tag inside."""
    parts: list[str] = []
    tagged: list[tuple[int, int, ET.Element]] = []
    length = 0

    def visit(node: ET.Element) -> None:
        nonlocal length
        start = length
        if node.text:
            parts.append(node.text)
            length += len(node.text)
        for child in node:
            visit(child)
            if child.tail:
                parts.append(child.tail)
                length += len(child.tail)
        if node is not element:
            tagged.append((start, length, node))

    visit(element)
    return "".join(parts), tagged


def _plain_text(xml_text: str) -> str:
    text_element = _parse(xml_text).find("TEXT")
    if text_element is None or not _TEXT_ELEMENT.search(xml_text):
        raise TimeMLError("TimeML document has no <TEXT> element")
    return _flatten(text_element)[0]


def _replace_text_body(xml_text: str, body: str) -> str:
    return _TEXT_ELEMENT.sub(lambda m: m.group(1) + body + m.group(3), xml_text, count=1)


def _drop_links(xml_text: str) -> str:
    match = _TEXT_ELEMENT.search(xml_text)
    if match is None:
        raise TimeMLError("TimeML document has no <TEXT> element")
    # Links never sit inside TEXT; only the parts around it are searched.
    before, after = xml_text[: match.start()], xml_text[match.end() :]
    return _LINK_ELEMENT.sub("", before) + match.group(0) + _LINK_ELEMENT.sub("", after)


def _check_offsets(text: str, ordered: Sequence[Timex]) -> None:
    previous_end = 0
    for timex in ordered:
        if not 0 <= timex.start < timex.end <= len(text):
            raise TimeMLError(f"timex {timex.text!r} has offsets {timex.start}-{timex.end} outside the text")
        if timex.start < previous_end:
            raise TimeMLError(f"timex {timex.text!r} at {timex.start} overlaps the one before it")
        if text[timex.start : timex.end] != timex.text:
            raise TimeMLError(f"timex {timex.text!r} does not match the text at {timex.start}-{timex.end}")
        previous_end = timex.end


def _timex_tag(tid: str, timex: Timex, inner: str) -> str:
    attributes = [("tid", tid), ("type", timex.type), ("value", timex.value), ("mod", timex.mod)]
    written = " ".join(f'{name}="{escape(v, _ATTRIBUTE_ESCAPES)}"' for name, v in attributes if v is not None)
    return f"<TIMEX3 {written}>{inner}</TIMEX3>"


def _span_key(timex: GoldTimex | Timex) -> tuple[int, int]:
    return (timex.start, timex.end)
