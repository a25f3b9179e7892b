"""Sentences of an article body with their offsets, and the parts of them inside quotes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

PARAGRAPH = re.compile(r"[^\n]+")
QUOTE = re.compile(r"“[^”]*”?|\"[^\"]*\"?|^[^“”\"]*”")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int  # offset of the sentence in the article body
    span: Any  # the spaCy Span
    text: str = field(init=False)  # the span's text, read once (spaCy builds it anew on each read)
    end: int = field(init=False)  # offset of the sentence's end in the article body

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", self.span.text)
        object.__setattr__(self, "end", self.start + len(self.text))


def split_sentences(body: str, nlp: Any) -> Iterator[Sentence]:
    """Parse each paragraph (a line) once; sentences never cross a line break. A paragraph longer
    than MAX_PARSE_CHARS is parsed in pieces cut at sentence ends, so the parser's memory stays
    bounded (spaCy wants about 1 GB per 100,000 characters of one text)."""
    paragraphs = [piece for m in PARAGRAPH.finditer(body) if m.group().strip() for piece in pieces(m.start(), m.group(), MAX_PARSE_CHARS)]
    docs = nlp.pipe(text for _, text in paragraphs)
    for (offset, _), doc in zip(paragraphs, docs, strict=True):
        for sent in doc.sents:
            if sent.text.strip():
                yield Sentence(offset + sent.start_char, sent)


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
