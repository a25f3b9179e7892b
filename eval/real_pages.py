#!/usr/bin/env python3
"""Publication dates, outlets and bodies of real scraped pages, scored against `pages.tsv`.

    python eval/real_pages.py [STORIES_DIR] [--baseline eval/real_pages_baseline.json]
                              [--write-baseline] [--json] [-v]

Each story folder of ../shared/data/real-stories is built twice through the real pipeline
(`tracker.pipeline.build`, the pages of a story as one batch), the way a user would:
  text  - the page files alone (raw scraped text, no flag);
  url   - each page with its own address, as a scraper knows it (`--url`).
The stored articles are then compared with `pages.tsv` (true publication day, outlet, and whether
the page's own text carries its date and its outlet):

  text_day      pages whose own text carries their date: the day read right        (target >= 90%)
  inferred_ok   pages with no date evidence: the inferred day is the true day or the
                day before, marked inferred                                         (target >= 70%)
  url_day       (url run) pages whose text or address carries the date: day right  (target >= 90%)
  outlet        (url run) outlet right, every page                                 (target >= 90%)
  outlet_spelled (url run) the same, a name that differs only by spaces counted right
                ("Money Control" for Moneycontrol): how many misses are spelling     (no target)
  text_outlet   (text run) pages whose text names their outlet: outlet right       (target >= 90%)
  wrong_year    publication dates (either run) whose years miss the true year       (target 0)
  wrong_read    dates marked `read` (either run) that do not hold the true day      (target 0)
  refused       real pages (one paragraph or more) refused by either run           (target 0)
  furniture     mentions whose sentence is a page-furniture line (see FURNITURE)   (target 0)

Outlets are compared without case, accents, punctuation, a leading "The", a trailing "(country)"
or a domain ending; word boundaries count ("News Max" is not "Newsmax"). With --baseline the run exits 1 when a share falls more than `tolerance`
points below its pinned floor, or a count rises above its pinned ceiling.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
STORIES = REPO.parent / "shared" / "data" / "real-stories"
BASELINE = REPO / "eval" / "real_pages_baseline.json"
SHARES = ("text_day", "inferred_ok", "url_day", "outlet", "outlet_spelled", "text_outlet")
COUNTS = ("wrong_year", "wrong_read", "refused", "furniture")
TARGETS = {"text_day": 90, "inferred_ok": 70, "url_day": 90, "outlet": 90, "text_outlet": 90,
           "wrong_year": 0, "wrong_read": 0, "refused": 0, "furniture": 0}  # fmt: skip

# A mention sentence that is page furniture rather than article prose: a menu or label line
# (no lower case, or under four words with no sentence end), or a line carrying a widget's or a
# picture credit's words.
FURNITURE_WORDS = re.compile(
    r"\b(?:read more|also read|read also|click here|sign up|subscribe|advertisement|file photo|"
    r"license photo|getty images|photo credit|image credit|follow us|share this|all rights reserved|"
    r"newsletter|watch:|related:|listen to this|most read|trending now)\b",
    re.IGNORECASE,
)
_URL_DAY = (re.compile(r"(?<!\d)(20\d\d)[/_-]?(0[1-9]|1[0-2])[/_-]?([0-3]\d)(?!\d)"),
            re.compile(r"(?<!\d)(20\d\d)/([A-Za-z]{3})/([0-3]?\d)(?!\d)"))  # fmt: skip
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}


@dataclass(frozen=True, slots=True)
class Truth:
    """One row of pages.tsv."""

    stem: str
    url: str
    outlet: str
    day: date | None
    date_in_text: bool
    outlet_in_text: bool
    evidence: str


@dataclass
class Tally:
    """Counts behind the figures of one story (or of all, pooled)."""

    n: dict[str, int] = field(default_factory=dict)
    ok: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    misses: list[str] = field(default_factory=list)

    def share(self, name: str, hit: bool, note: str) -> None:
        self.n[name] = self.n.get(name, 0) + 1
        self.ok[name] = self.ok.get(name, 0) + int(hit)
        if not hit:
            self.misses.append(f"{name}: {note}")

    def count(self, name: str, note: str) -> None:
        self.counts[name] += 1
        self.misses.append(f"{name}: {note}")

    def add(self, other: Tally) -> None:
        for name in other.n:
            self.n[name] = self.n.get(name, 0) + other.n[name]
            self.ok[name] = self.ok.get(name, 0) + other.ok[name]
        for name in COUNTS:
            self.counts[name] += other.counts[name]

    def figures(self) -> dict[str, float | int | str]:
        out: dict[str, float | int | str] = {}
        for name in SHARES:
            n = self.n.get(name, 0)
            out[name] = round(100 * self.ok.get(name, 0) / n, 1) if n else "-"
            out[f"{name}_of"] = f"{self.ok.get(name, 0)}/{n}"
        out.update(self.counts)
        return out


def read_truth(story: Path) -> list[Truth]:
    with (story / "pages.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [Truth(Path(r["file"]).stem, r["url"], r["outlet"],
                  date.fromisoformat(r["published"]) if r["published"] else None,
                  r["date_in_text"] == "yes", r["outlet_in_text"] == "yes", r["published_evidence"])
            for r in rows]  # fmt: skip


def run_story(story: Path, with_url: bool) -> tuple[dict, list[str], dict[str, list[str]]]:
    """(stored articles by stem, refused stems, mention sentences by stem) of one build. The run
    with addresses stops after dating (what it measures is settled there): it keeps make test short."""
    from tracker.pipeline import Flags, build, read_and_date
    from tracker.store import open_store

    truth = read_truth(story)
    files = [story / "pages" / f"{t.stem}.txt" for t in truth]
    per_file = {f: Flags(url=t.url) for f, t in zip(files, truth, strict=True)} if with_url else None
    if with_url:
        dated, problems = read_and_date(files, per_file=per_file)
        return {a.id: a for a in dated}, [Path(p.path).stem for p in problems], {}
    with tempfile.TemporaryDirectory() as tmp:
        store_path = Path(tmp) / "tracker.db"
        report = build(files, store_path)
        with open_store(store_path) as store:
            articles = {a.id: a for a in store.articles()}
            sentences = {a: [m.sentence for m in store.mentions_of(a)] for a in articles}
    # A near-copy of another page is kept as one article with several places: it is scored with
    # the article it was recorded under.
    for where, kept, _ in report.copies:
        if kept in articles:
            articles.setdefault(Path(where).stem, articles[kept])
    refused = [Path(p.path).stem for p in report.problems]
    return articles, refused, sentences


def score_story(story: Path) -> Tally:
    tally = Tally()
    truth = read_truth(story)
    for with_url in (False, True):
        articles, refused, sentences = run_story(story, with_url)
        run = "url" if with_url else "text"
        for t in truth:
            article = articles.get(t.stem)
            _score_page(tally, t, article, run)
            if t.stem in refused and has_paragraph((story / "pages" / f"{t.stem}.txt").read_text("utf-8")):
                tally.count("refused", f"[{run}] {t.stem}")
            for sentence in sentences.get(t.stem, []) if not with_url else []:
                if is_furniture_sentence(sentence):
                    tally.count("furniture", f"{t.stem}: {sentence[:100]!r}")
    return tally


def _score_page(tally: Tally, t: Truth, article, run: str) -> None:
    value = article.published if article is not None else None
    how = "unknown" if value is None else ("inferred" if article.published_inferred else "read")
    shown = f"[{run}] {t.stem}: true {t.day}, got {_shown(value)} ({how})"
    if t.day is not None:
        _score_dates(tally, t, value, how, run, shown)
    outlet = article.outlet if article is not None else None
    outlet_note = f"[{run}] {t.stem}: true {t.outlet!r}, got {outlet!r}"
    if run == "url":
        tally.share("outlet", same_outlet(outlet, t.outlet), outlet_note)
        tally.share("outlet_spelled", same_outlet(outlet, t.outlet, spacing=False), outlet_note)
    elif t.outlet_in_text:
        tally.share("text_outlet", same_outlet(outlet, t.outlet), outlet_note)


def _score_dates(tally: Tally, t: Truth, value, how: str, run: str, shown: str) -> None:
    right_day = value is not None and value.start == value.end == t.day
    if value is not None and not value.start.year <= t.day.year <= value.end.year:
        tally.count("wrong_year", shown)
    if how == "read" and not (value.start <= t.day <= value.end):
        tally.count("wrong_read", shown)
    if run == "text":
        if t.date_in_text:
            tally.share("text_day", right_day, shown)
        else:
            near = value is not None and value.start == value.end and 0 <= (t.day - value.start).days <= 1
            tally.share("inferred_ok", near and how == "inferred", shown)
    elif t.date_in_text or url_carries(t):
        tally.share("url_day", right_day, shown)


def url_carries(t: Truth) -> bool:
    """The page's address gives its publication day (the labeller said so, or the day is in it)."""
    if t.evidence == "url":
        return True
    for pattern in _URL_DAY:
        for year, month, day in pattern.findall(t.url):
            number = int(month) if month.isdigit() else _MONTHS.get(month.lower()[:3], 0)
            try:
                if date(int(year), number, int(day)) == t.day:
                    return True
            except ValueError:
                continue
    return False


def same_outlet(got: str | None, true: str, spacing: bool = True) -> bool:
    """The name as the outlet writes it; with spacing=False, a name that differs only by its
    spaces ("Money Control" for Moneycontrol, "The Print" for ThePrint) counts as the outlet."""
    if not got:
        return False
    if spacing:
        return outlet_key(got) in _keys(true)
    return outlet_key(got).replace(" ", "") in {k.replace(" ", "") for k in _keys(true)}


def outlet_key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold().strip()
    text = re.sub(r"^the\s+", "", text)
    return " ".join(re.sub(r"[^a-z0-9]", " ", text).split())  # punctuation goes, word boundaries stay


def _keys(true: str) -> set[str]:
    """The true outlet as written, without its "(country)" or "(wire)" note, without a domain ending."""
    forms = {true, re.sub(r"\s*\([^)]*\)\s*$", "", true), re.sub(r"\.[a-z]{2,4}$", "", true)}
    return {outlet_key(f) for f in forms}


def has_paragraph(text: str) -> bool:
    """A real article paragraph: a line of fifteen words or more with a sentence end in it."""
    return any(len(line.split()) >= 15 and re.search(r"[a-z][.!?]", line) for line in text.splitlines())


def is_furniture_sentence(sentence: str) -> bool:
    words = sentence.split()
    if not any(ch.islower() for ch in sentence):
        return True
    if len(words) < 4 and not re.search(r"[.!?][\"'”’)]*$", sentence):
        return True
    return bool(FURNITURE_WORDS.search(sentence))


def _shown(value) -> str:
    if value is None:
        return "none"
    return value.start.isoformat() if value.start == value.end else f"{value.start}..{value.end}"


def evaluate(stories_dir: Path) -> dict[str, Tally]:
    folders = sorted(p for p in stories_dir.iterdir() if (p / "pages.tsv").exists())
    tallies = {p.name: score_story(p) for p in folders}
    pooled = Tally()
    for tally in tallies.values():
        pooled.add(tally)
    tallies["ALL"] = pooled
    return tallies


def failing(pooled: dict, baseline: dict) -> list[str]:
    tolerance = float(baseline.get("tolerance", 0.5))
    problems = []
    for name, floor in baseline.get("floors", {}).items():
        got = pooled.get(name)
        if not isinstance(got, (int, float)) or got < floor - tolerance:
            problems.append(f"{name} {got} is below its floor {floor}")
    for name, ceiling in baseline.get("ceilings", {}).items():
        if pooled.get(name, 0) > ceiling:
            problems.append(f"{name} {pooled.get(name)} is above its ceiling {ceiling}")
    return problems


def print_table(tallies: dict[str, Tally]) -> None:
    header = f"{'story':<34}" + "".join(f"{n:>16}" for n in SHARES) + "".join(f"{n:>11}" for n in COUNTS)
    print(header)
    for story, tally in tallies.items():
        f = tally.figures()
        shares = "".join(f"{str(f[n]) + ' (' + str(f[n + '_of']) + ')':>16}" for n in SHARES)
        print(f"{story:<34}{shares}" + "".join(f"{f[n]:>11}" for n in COUNTS))
    pooled = tallies["ALL"].figures()
    met = [n for n in TARGETS if _meets(n, pooled[n])]
    print(f"targets met: {', '.join(met) or 'none'}; not met: {', '.join(n for n in TARGETS if n not in met) or 'none'}")


def _meets(name: str, value) -> bool:
    if name in COUNTS:
        return value <= TARGETS[name]
    return isinstance(value, (int, float)) and value >= TARGETS[name]


def write_baseline(path: Path, pooled: dict) -> None:
    data = {
        "about": "Pinned by `python eval/real_pages.py --write-baseline` on ../shared/data/real-stories. "
        "Shares may not drop more than `tolerance` points below their floor; counts may not rise above their ceiling.",
        "tolerance": 0.5,
        "floors": {n: pooled[n] for n in SHARES if isinstance(pooled[n], (int, float))},
        "ceilings": {n: pooled[n] for n in COUNTS},
    }
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("stories", nargs="?", type=Path, default=STORIES)
    parser.add_argument("--baseline", type=Path, help="exit 1 when a figure passes this file's floor or ceiling")
    parser.add_argument("--write-baseline", action="store_true", help=f"pin the pooled figures in {BASELINE.name}")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    if not args.stories.is_dir():
        print(f"real_pages: no stories at {args.stories}", file=sys.stderr)
        return 2
    tallies = evaluate(args.stories)
    figures = {story: tally.figures() for story, tally in tallies.items()}
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        print_table(tallies)
    if args.verbose:
        for story, tally in tallies.items():
            for miss in tally.misses if story != "ALL" else []:
                print(f"  {story}: {miss}")
    if args.write_baseline:
        write_baseline(args.baseline or BASELINE, figures["ALL"])
        return 0
    problems = failing(figures["ALL"], json.loads(args.baseline.read_text())) if args.baseline else []
    for problem in problems:
        print(f"real_pages: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
