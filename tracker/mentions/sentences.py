"""Sentences of an article body with their offsets, and the parts of them inside quotes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

PARAGRAPH = re.compile(r"[^\n]+")
QUOTE = re.compile(r"“[^”]*”?|\"[^\"]*\"?|^[^“”\"]*”")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int  # offset of the sentence in the article body
    span: Any  # the spaCy Span

    @property
    def text(self) -> str:
        return self.span.text

    @property
    def end(self) -> int:
        return self.start + len(self.span.text)


def split_sentences(body: str, nlp: Any) -> Iterator[Sentence]:
    """Parse each paragraph (a line) once; sentences never cross a line break."""
    paragraphs = [(m.start(), m.group()) for m in PARAGRAPH.finditer(body) if m.group().strip()]
    docs = nlp.pipe(text for _, text in paragraphs)
    for (offset, _), doc in zip(paragraphs, docs, strict=True):
        for sent in doc.sents:
            if sent.text.strip():
                yield Sentence(offset + sent.start_char, sent)


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
