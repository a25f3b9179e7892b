"""Word shingles of article bodies and their MOD-m sample: how copies of one article are found.

A body becomes the set of its overlapping runs of SHINGLE_WORDS words (case, punctuation and
accents folded), each hashed to 64 bits. Which copies count is decided in tracker/copies.py, on
`containment`: the share of a new article's shingles that a stored one already has.

To find the stored articles worth comparing without reading them all, each article keeps the
hashes that are 0 modulo SAMPLE_MODULUS (Broder's MOD-m sketch, "On the resemblance and
containment of documents", 1997). The rule picks the same shingles in every text, so the sample
of a copy lies inside the sample of its original in the same proportion as the whole copy does:
the store looks up a new article's sample and compares only the articles that share a fair part of it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

SHINGLE_WORDS = 5  # five-word runs: phrases every report of a story shares ("the prime minister said on") rarely reach five
SAMPLE_MODULUS = 8  # keep one hash in eight: ~100 index rows for an 800-word article
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def words(text: str) -> list[str]:
    """The words of a text, folded: "Zürich’s Mayor" -> ["zurich's", "mayor"]."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    if not folded.isascii():  # the combining marks among the text's distinct characters, dropped at once
        marks = {ord(ch): None for ch in set(folded) if unicodedata.combining(ch)}
        folded = folded.translate(marks) if marks else folded
    return _WORD.findall(folded.replace("’", "'"))


def shingle_hashes(text: str, size: int = SHINGLE_WORDS) -> frozenset[int]:
    """The hashed `size`-word runs of a text (the whole text as one run when it is shorter)."""
    tokens = words(text)
    if not tokens:
        return frozenset()
    runs = [tokens] if len(tokens) <= size else (tokens[i : i + size] for i in range(len(tokens) - size + 1))
    return frozenset(_hash(" ".join(run)) for run in runs)


def _hash(shingle: str) -> int:
    """64 bits, signed, as SQLite stores an INTEGER."""
    return int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big", signed=True)


def sample(hashes: frozenset[int]) -> tuple[int, ...]:
    """The MOD-m sample of a shingle set, sorted."""
    return tuple(sorted(h for h in hashes if h % SAMPLE_MODULUS == 0))


def containment(new: frozenset[int], stored: frozenset[int]) -> float:
    """The share of `new` that `stored` has: 1.0 when every run of the new text is in the stored one."""
    return len(new & stored) / len(new) if new and stored else 0.0


def resemblance(a: frozenset[int], b: frozenset[int]) -> float:
    """Jaccard resemblance of two shingle sets (shown by the measuring script beside containment)."""
    return len(a & b) / len(a | b) if a and b else 0.0
