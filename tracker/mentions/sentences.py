"""Sentences of an article body with their offsets, and the parts of them inside quotes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from tracker.nlp import load_splitter

PARAGRAPH = re.compile(r"[^\n]+")
QUOTE = re.compile(r"“[^”]*”?|\"[^\"]*\"?|^[^“”\"]*”")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int  # offset of the sentence in the article body
    span: Any  # the spaCy Span
    index: int = 0  # its place among all the sentences of the body (0: the lead)
    text: str = field(init=False)  # the span's text, read once (spaCy builds it anew on each read)
    end: int = field(init=False)  # offset of the sentence's end in the article body

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", self.span.text)
        object.__setattr__(self, "end", self.start + len(self.text))


def sentence_bounds(body: str) -> list[tuple[int, int]]:
    """(start, end) in the body of each sentence, trailing spaces left out. spaCy's rule
    sentencizer on each paragraph (a line; sentences never cross a line break): punctuation, no
    model, so finding the sentences costs no more than tokenizing them."""
    paragraphs = [m for m in PARAGRAPH.finditer(body) if m.group().strip()]
    found = []
    for m, doc in zip(paragraphs, load_splitter().pipe(m.group() for m in paragraphs), strict=True):
        found += [(m.start() + s.start_char, m.start() + s.end_char) for s in doc.sents if s.text.strip()]
    return found


def parse_sentences(body: str, bounds: Sequence[tuple[int, int]], indexes: Iterable[int], nlp: Any) -> list[Sentence]:
    """The sentences at `indexes` of `bounds`, each parsed alone by the pipeline (parser, entity
    recogniser, ...: most of an article's cost, so only the sentences a caller reads are parsed).
    One longer than MAX_PARSE_CHARS is parsed in pieces cut at sentence ends, so the parser's
    memory stays bounded (spaCy wants about 1 GB per 100,000 characters of one text)."""
    parts = [(i, offset, text) for i in indexes for offset, text in pieces(bounds[i][0], body[slice(*bounds[i])], MAX_PARSE_CHARS)]
    docs = nlp.pipe(text for _, _, text in parts)
    out: list[Sentence] = []
    for (index, offset, _), doc in zip(parts, docs, strict=True):
        # the parser may cut a rule sentence further ("He resigned. Then the board met" in one line)
        out.extend(Sentence(offset + sent.start_char, sent, index) for sent in doc.sents if sent.text.strip())
    return out


MAX_PARSE_CHARS = 20_000
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+")


def pieces(offset: int, text: str, limit: int = MAX_PARSE_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, text) parts of a paragraph of at most `limit` characters, cut after the last
    sentence end before the limit, else at the last space, else at the limit itself."""
    while len(text) > limit:
        ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, limit)]
        cut = ends[-1] if ends else (text.rfind(" ", 0, limit) + 1 or limit)
        yield offset, text[:cut]
        offset, text = offset + cut, text[cut:]
    yield offset, text


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of quoted speech in a sentence, straight or curly quotes.

    A closing quote with no opening one means the sentence began inside a quote.
    """
    return [(m.start(), m.end()) for m in QUOTE.finditer(text) if m.end() > m.start()]


def quote_text(text: str) -> str | None:
    parts = [text[s:e].strip("“”\" ,") for s, e in quoted_ranges(text)]
    parts = [p for p in parts if len(p.split()) >= 2]
    return " … ".join(parts) if parts else None


def in_ranges(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s <= offset < e for s, e in ranges)
