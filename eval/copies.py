"""Measure what "a copy of a stored article" should mean (the figures in tracker/copies.py).

Run: .venv/bin/python eval/copies.py [../shared/data]

- Timeline17: every pair of articles of one story published within three days of each other;
  the share of one article's five-word shingles found in the other (containment, both ways) and
  their resemblance. Pairs from two outlets are different reports unless one runs the other's copy.
- real-stories: every pair of pages of one story, read by tracker (furniture removed).
- Re-scrapes made here from each real page (never saved in the project): other furniture lines
  around it, furniture inside it and a cut 15% earlier, and a wire copy under another headline
  without its last paragraph; the containment of each variant in the original.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
from pathlib import Path

from tracker.copies import CANDIDATE_SHARE, COPY_CONTAINMENT
from tracker.errors import TrackerError
from tracker.ingest import read_article
from tracker.ingest.shingles import containment, sample, shingle_hashes

FURNITURE = ["Advertisement", "Share this article", "Sign up for our morning briefing", "Most read",
             "Follow us on social media", "Read more:", "Skip to main content", "Listen to this article 4 min"]
DAYS = 3


def timeline17(root: Path) -> list[tuple[float, str, str]]:
    """(containment of a in b, outlet a, outlet b) for ordered pairs within DAYS of each other."""
    out = []
    for story in sorted(p for p in root.iterdir() if p.is_dir()):
        docs = sorted(
            (dt.date.fromisoformat(f.name[:10]), outlet.name, shingle_hashes(_t17_body(f)))
            for outlet in story.iterdir() if outlet.name != "gold" for f in outlet.glob("*.txt")
        )
        for i, (day_a, outlet_a, a) in enumerate(docs):
            for day_b, outlet_b, b in docs[i + 1 :]:
                if (day_b - day_a).days > DAYS:
                    break
                if a & b:
                    out += [(containment(a, b), outlet_a, outlet_b, sample_share(a, b)),
                            (containment(b, a), outlet_b, outlet_a, sample_share(b, a))]
    return out


def sample_share(new: frozenset[int], stored: frozenset[int]) -> float | None:
    """The share of the new text's shingle sample the stored text holds (what the store's index
    answers, tracker.copies.CANDIDATE_SHARE); None when the sample is empty."""
    mine = sample(new)
    theirs = set(sample(stored))
    return sum(h in theirs for h in mine) / len(mine) if mine else None


def _t17_body(path: Path) -> str:
    text = path.read_text(encoding="utf-8", errors="replace")
    return text.split("---", 2)[2] if text.startswith("---") else text


def real_pages(root: Path) -> dict[tuple[str, str], tuple[Path, frozenset[int]]]:
    pages = {}
    for story in sorted(p for p in root.iterdir() if p.is_dir()):
        for page in sorted((story / "pages").glob("*")):
            try:
                pages[(story.name, page.name)] = (page, shingle_hashes(read_article(page).body))
            except TrackerError:
                continue
    return pages


def variants(lines: list[str], rng: random.Random) -> list[list[str]]:
    around = [rng.choice(FURNITURE) for _ in range(3)] + lines[2:] + [rng.choice(FURNITURE) for _ in range(4)]
    inside = list(lines)
    for _ in range(3):
        inside.insert(rng.randrange(len(inside) + 1), rng.choice(FURNITURE))
    text = "\n".join(inside)
    cut = text[: int(len(text) * 0.85)].split("\n")
    wire = ["A headline of another outlet for the same wire copy"] + [line for line in lines[1:] if line.strip()][:-1]
    return [around, cut, wire]


def rescrapes(pages) -> tuple[list[list[float]], list[float]]:
    """The containment of each re-scrape variant in its original, by kind, and the sample share
    of those that are copies (containment >= COPY_CONTAINMENT)."""
    rng = random.Random(7)
    shares: list[list[float]] = [[], [], []]
    sampled: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for (story, name), (path, original) in pages.items():
            lines = path.read_text(encoding="utf-8").split("\n")
            for kind, variant in enumerate(variants(lines, rng)):
                copy = Path(tmp) / name
                copy.write_text("\n".join(variant), encoding="utf-8")
                try:
                    hashes = shingle_hashes(read_article(copy).body)
                except TrackerError:
                    continue
                shares[kind].append(containment(hashes, original))
                if shares[kind][-1] >= COPY_CONTAINMENT and (found := sample_share(hashes, original)) is not None:
                    sampled.append(found)
    return shares, sampled


def main(data: Path) -> None:
    t17 = timeline17(data / "t17")
    cross = sorted((c for c, a, b, _ in t17 if a != b), reverse=True)
    same = [c for c, a, b, _ in t17 if a == b]
    print(f"Timeline17, ordered pairs within {DAYS} days sharing a shingle: {len(t17)}")
    print(f"  two outlets: {len(cross)}; containment >= {COPY_CONTAINMENT}: {sum(c >= COPY_CONTAINMENT for c in cross)}"
          f"; the highest: {', '.join(f'{c:.2f}' for c in cross[:6])}")
    print(f"  one outlet (updates of a story): >= {COPY_CONTAINMENT}: {sum(c >= COPY_CONTAINMENT for c in same)}")
    pages = real_pages(data / "real-stories")
    keys = list(pages)
    pairs = [max(containment(pages[a][1], pages[b][1]), containment(pages[b][1], pages[a][1]))
             for i, a in enumerate(keys) for b in keys[i + 1 :] if a[0] == b[0]]
    print(f"real-stories: {len(pages)} pages read, {len(pairs)} same-story pairs; highest containment "
          f"{max(pairs):.2f}; >= {COPY_CONTAINMENT}: {sum(p >= COPY_CONTAINMENT for p in pairs)}")
    by_kind, sampled = rescrapes(pages)
    for label, shares in zip(("other furniture around", "furniture inside, cut 15% earlier",
                              "wire copy, other headline, last paragraph cut"), by_kind):
        shares.sort()
        print(f"  re-scrape ({label}): {len(shares)} variants, >= {COPY_CONTAINMENT}: "
              f"{sum(s >= COPY_CONTAINMENT for s in shares)}, lowest {shares[0]:.2f}, 10th percentile {shares[len(shares) // 10]:.2f}")
    copies = sorted([s for c, _, _, s in t17 if c >= COPY_CONTAINMENT and s is not None] + sampled)
    print(f"copies (Timeline17 pairs and re-scrapes >= {COPY_CONTAINMENT}): {len(copies)}; the share of the copy's "
          f"shingle sample the original holds: lowest {copies[0]:.2f} (compared in full from {CANDIDATE_SHARE})")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data"))
