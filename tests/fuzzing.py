"""Fuzzing tracker's whole pipeline: hypothesis strategies for article text, front matter and
flags, the one function every input goes through, and the corpus of inputs that once crashed it.

An input is a file's bytes, its suffix and the flags of the call. It is added to a store with
`pipeline.add`, as `tracker add` would; the only exceptions allowed out are tracker's named
errors (a refused flag), everything else about a bad input must be a problem of the report.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from hypothesis import strategies as st

CORPUS = Path(__file__).resolve().parent / "data" / "fuzz"
TODAY = date(2025, 9, 6)  # the clock of every fuzzed call, so a failure replays the same


@dataclass(frozen=True)
class FuzzInput:
    raw: bytes
    suffix: str = ".txt"
    published: str | None = None
    source: str | None = None
    allow_future: bool = False

    def to_json(self) -> str:
        data = asdict(self)
        data["raw"] = base64.b64encode(self.raw).decode()
        return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> FuzzInput:
        data = json.loads(text)
        data["raw"] = base64.b64decode(data["raw"])
        return cls(**data)

    @property
    def name(self) -> str:
        return hashlib.sha256(self.to_json().encode()).hexdigest()[:16]


def run_input(case: FuzzInput, folder: Path, store: Path) -> str:
    """Add one fuzzed input to a store; returns 'added', 'problem' or 'refused' (a named error).
    Anything else that escapes is a crash."""
    from tracker.errors import TrackerError
    from tracker.pipeline import Flags, add

    path = folder / f"fuzzed{case.suffix}"
    path.write_bytes(case.raw)
    flags = Flags(case.published, case.source, today=TODAY, allow_future=case.allow_future)
    try:
        report = add([path], store, flags)
    except TrackerError:
        return "refused"
    return "added" if report.added else "problem"


def replay_corpus() -> list[tuple[str, FuzzInput]]:
    return [(p.name, FuzzInput.from_json(p.read_text())) for p in sorted(CORPUS.glob("*.json"))]


def save_crash(case: FuzzInput) -> Path:
    CORPUS.mkdir(parents=True, exist_ok=True)
    path = CORPUS / f"{case.name}.json"
    path.write_text(case.to_json())
    return path


# -- strategies --------------------------------------------------------------------------------
EDGE_DATES = ["9999-12-31", "0001-01-01", "0000-01-01", "2025-13-45", "2025-02-30", "2024-02-29", "1000-01-01",
              "2999-12-31", "3000-01-01", "31/02/2025", "05/09/2025", "2025-09-05T25:61:00Z", "20250905",
              "Dec 31, 9999 23:59", "31 December 9999", "1 January 1", "September 31, 2025", "-2025-01-01",
              "1e309", "99999999999999999999", "2025-W53", "2025-Q5", "yesterday", "tomorrow", "next year",
              "3 days ago", "400 weeks ago", "Friday", "last Friday", "", " ", "null", "~", "[2025, 9, 5]"]  # fmt: skip
WORDS = ["the", "council", "mayor", "said", "on", "Monday", "Friday", "last week", "earlier this month",
         "a day later", "in 10,000 years", "on 5 September 2025", "in March 2024", "on Sept. 3", "the same day", "that evening", "since the 1980s", "fire", "strike",
         "met", "arrested", "Ashbury", "Brellin", "Mara Quell", "\u201cquoted\u201d", "(AP) -", "Photo:", "Copyright",
         "Subscribe", "\u00a9 2024", "http://example.org/2025/09/05/x.html", "\u200b", "\ufeff", "e\u0301", "\U0001f600"]  # fmt: skip


def _sentence() -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(EDGE_DATES)), min_size=1, max_size=18).map(
        lambda parts: " ".join(parts).strip().capitalize() + ".")


def _line() -> st.SearchStrategy[str]:
    return st.one_of(
        _sentence(),
        st.sampled_from(EDGE_DATES),
        st.text(max_size=80),
        st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40),
        st.builds(lambda n: "x" * n, st.integers(0, 3000)),
        st.sampled_from(["<script>alert(1)</script>", "<p>On Friday</p>", "# Heading", "---", "...", "| a | b |",
                         "MOSCOW, September 6. /AGENCY/.", "5 Sep, 2025 14:11", "By Ada Lovelace", "\t", "\x0c"]),
    )


def _front_matter() -> st.SearchStrategy[str]:
    value = st.one_of(st.sampled_from(EDGE_DATES), st.text(max_size=30), st.integers(), st.floats(allow_nan=True),
                      st.sampled_from(["!!binary AAAA", "&a 1", "*a", "[1, 2]", "{a: b}", "|\n  x", "'unclosed",
                                       "!!python/object:os.system ls", "2025-09-05 10:00:00+25:00"]))
    key = st.sampled_from(["title", "source", "url", "published", "date", "tags", "published "])
    pairs = st.lists(st.tuples(key, value), max_size=5)
    return pairs.map(lambda kv: "---\n" + "".join(f"{k}: {v}\n" for k, v in kv) + st_closer(kv))


def st_closer(pairs) -> str:
    return "" if len(pairs) == 4 else "---\n"  # now and then a block that never closes


def _text() -> st.SearchStrategy[str]:
    body = st.lists(_line(), min_size=0, max_size=12).map("\n\n".join)
    return st.tuples(st.one_of(st.just(""), _front_matter()), body).map("".join)


def _encode(text: str, how: str) -> bytes:
    if how == "utf-8":
        return text.encode("utf-8", "surrogatepass")
    if how == "utf-16":
        return text.encode("utf-16", "surrogatepass")
    if how == "utf-16-nobom":
        return text.encode("utf-16-le", "surrogatepass")
    return text.encode("latin-1", "replace")


def raw_bytes() -> st.SearchStrategy[bytes]:
    encoded = st.builds(_encode, _text(), st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-16", "utf-16-nobom", "latin-1"]))
    return st.one_of(encoded, encoded, encoded, st.binary(max_size=300))


def fuzz_inputs() -> st.SearchStrategy[FuzzInput]:
    # most calls have no flag, so most inputs reach the parser and the merge rather than a refused flag
    flag = st.integers(0, 19).flatmap(
        lambda k: st.none() if k < 16 else st.sampled_from(EDGE_DATES) if k < 19 else st.text(max_size=20))
    return st.builds(FuzzInput, raw_bytes(), st.sampled_from([".txt", ".md", ".html", ".htm", ".markdown"]),
                     flag, st.one_of(st.none(), st.text(max_size=20)), st.booleans())
