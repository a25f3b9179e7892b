"""Score the temporal tagger against TimeML gold data with the TempEval-3 (TE3) timex measures.

    python -m eval.timex_eval [DIR ...] [--baseline eval/timex_baseline.json]
                                        [--write-baseline] [--json] [--errors N]

What is computed, per document and summed over the corpus (micro-averaged), as TE3 does:

- Gold TIMEX3s are those inside <TEXT> with non-empty text (the DCT, tid t0, is not scored).
- Alignment is one-to-one inside a document. Every (gold, system) pair whose character spans
  overlap by at least one character is a candidate; pairs are taken greedily, exact spans first,
  then larger overlap, then text order, each gold and each system timex used at most once. (The
  official scorer aligns through the TimeML-Normalizer, which gives an overlapping system timex
  the gold tid; a one-to-one overlap alignment is its plain-offset equivalent.)
- Relaxed match: an aligned pair. Strict match: an aligned pair with the same start and end.
  P = matches / system timexes, R = matches / gold timexes, F1 = 2PR / (P + R), for each.
- Value F1 = (aligned pairs whose TIMEX3 value strings are equal / aligned pairs) x relaxed F1.
  Type F1 is the same with the type attribute. This is the official scorer's
  `performance_value = value_match / relaxed_match4recall * relaxed_timex_fscore`; it equals the
  F1 of "found and right value" (attribute P and R, each accuracy x relaxed P or R).
- Per type (DATE, TIME, DURATION, SET): gold timexes of that gold type; system timexes counted
  for a type are those aligned to a gold of that type plus the spurious ones the tagger typed so.
- When a scope has neither gold nor system timexes, every figure is 100 (the scorer's rule).
- Figures are percentages. Value and type compare the exact strings, as the scorer does; mod is
  reported but not scored (TE3 does not score it).

Speed is words (whitespace-separated) of all texts over the time spent inside `tag` only.
With --baseline the run exits 1 when a gated figure is more than `tolerance` points below the
figure pinned in the baseline file; the issue's targets are reported as met or not met.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Sequence

from tracker.errors import TrackerError
from tracker.temporal.timeml import GoldTimex, TimeMLDoc, TimeMLError, read_timeml_file
from tracker.types import Timex

Tagger = Callable[[str, date | None], list[Timex]]

TYPES = ("DATE", "TIME", "DURATION", "SET")
SCOPES = ("overall",) + TYPES
MEASURES = (
    "strict_p", "strict_r", "strict_f1", "relaxed_p", "relaxed_r", "relaxed_f1", "value_f1", "type_f1",
)  # fmt: skip
GATED = ("strict_f1", "relaxed_f1", "value_f1", "type_f1")
REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "te3-train"
DEFAULT_BASELINE = REPO / "eval" / "timex_baseline.json"
DEFAULT_TARGETS = [
    {"scope": "overall", "measure": "value_f1", "min": 85.0},
    {"scope": "overall", "measure": "relaxed_f1", "min": 92.0},
    {"scope": "DATE", "measure": "value_f1", "min": 90.0},
]
HEIDELTIME_REFERENCE = {
    "about": "HeidelTime 2.2.1 on the TE3 platinum test set, official scorer (issue 3)",
    "overall": {"strict_f1": 81.8, "relaxed_f1": 90.7, "value_f1": 78.1, "type_f1": 83.3},
    "DATE": {"value_f1": 84.4},
    "words_per_second": 650,
}


class BaselineError(TrackerError):
    """The baseline file of the evaluation cannot be read."""


@dataclass(frozen=True, slots=True)
class Alignment:
    """One document scored: aligned (gold, system) pairs, missed gold, spurious system timexes."""

    doc: TimeMLDoc
    pairs: tuple[tuple[GoldTimex, Timex], ...]
    missed: tuple[GoldTimex, ...]
    spurious: tuple[Timex, ...]


@dataclass(frozen=True, slots=True)
class Counts:
    gold: int
    system: int
    strict: int
    relaxed: int
    value: int
    type: int

    def figures(self) -> dict[str, float]:
        if self.gold == 0 and self.system == 0:
            return {measure: 100.0 for measure in MEASURES}
        strict_p, strict_r = _ratio(self.strict, self.system), _ratio(self.strict, self.gold)
        relaxed_p, relaxed_r = _ratio(self.relaxed, self.system), _ratio(self.relaxed, self.gold)
        relaxed_f1 = _f1(relaxed_p, relaxed_r)
        raw = {
            "strict_p": strict_p, "strict_r": strict_r, "strict_f1": _f1(strict_p, strict_r),
            "relaxed_p": relaxed_p, "relaxed_r": relaxed_r, "relaxed_f1": relaxed_f1,
            "value_f1": _ratio(self.value, self.relaxed) * relaxed_f1,
            "type_f1": _ratio(self.type, self.relaxed) * relaxed_f1,
        }  # fmt: skip
        return {name: round(100 * figure, 2) for name, figure in raw.items()}


@dataclass(frozen=True, slots=True)
class Run:
    """The tagger run over a corpus: alignments and the time spent tagging."""

    alignments: tuple[Alignment, ...]
    words: int
    seconds: float

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds > 0 else 0.0


def align(doc: TimeMLDoc, system: Sequence[Timex]) -> Alignment:
    """Align tagger output with the gold timexes of one document (see the module docstring)."""
    gold = [g for g in doc.gold if g.text.strip()]
    candidates = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                exact = g.start == s.start and g.end == s.end
                candidates.append((not exact, -overlap, g.start, s.start, gi, si))
    used_gold: dict[int, int] = {}
    used_system: set[int] = set()
    for *_, gi, si in sorted(candidates):
        if gi not in used_gold and si not in used_system:
            used_gold[gi] = si
            used_system.add(si)
    pairs = tuple((gold[gi], system[si]) for gi, si in sorted(used_gold.items()))
    missed = tuple(g for gi, g in enumerate(gold) if gi not in used_gold)
    spurious = tuple(s for si, s in enumerate(system) if si not in used_system)
    return Alignment(doc, pairs, missed, spurious)


def count(alignments: Sequence[Alignment], gold_type: str | None = None) -> Counts:
    """Counts over all documents, for every timex or for one gold type."""
    gold = system = strict = relaxed = value = type_ = 0
    for a in alignments:
        pairs = [(g, s) for g, s in a.pairs if gold_type in (None, g.type)]
        gold += len(pairs) + sum(1 for g in a.missed if gold_type in (None, g.type))
        system += len(pairs) + sum(1 for s in a.spurious if gold_type in (None, s.type))
        relaxed += len(pairs)
        strict += sum(1 for g, s in pairs if (g.start, g.end) == (s.start, s.end))
        value += sum(1 for g, s in pairs if (g.value or "") == (s.value or ""))
        type_ += sum(1 for g, s in pairs if g.type == s.type)
    return Counts(gold, system, strict, relaxed, value, type_)


def all_counts(alignments: Sequence[Alignment]) -> dict[str, Counts]:
    return {scope: count(alignments, None if scope == "overall" else scope) for scope in SCOPES}


def run_tagger(docs: Sequence[TimeMLDoc], tagger: Tagger) -> Run:
    """Tag every document's text against its DCT; only the tagger calls are timed."""
    alignments, seconds = [], 0.0
    for doc in docs:
        started = time.perf_counter()
        system = tagger(doc.text, doc.dct)
        seconds += time.perf_counter() - started
        alignments.append(align(doc, system))
    words = sum(len(doc.text.split()) for doc in docs)
    return Run(tuple(alignments), words, seconds)


GATED_SCOPES = ("overall", "DATE", "DURATION")  # TIME and SET have 30 gold each: reported, not gated


def failing_floors(figures: dict[str, dict[str, float]], baseline: dict) -> list[str]:
    """One line per gated figure more than `tolerance` points below its pinned value."""
    tolerance = float(baseline.get("tolerance", 0.5))
    failures = []
    scopes = baseline.get("gated_scopes", list(baseline.get("figures", {})))
    for scope, pinned in baseline.get("figures", {}).items():
        if scope not in scopes:
            continue  # scopes with a few dozen gold timexes move by points for one expression
        for measure in baseline.get("gated", GATED):
            if measure not in pinned:
                continue
            measured = figures.get(scope, {}).get(measure)
            if measured is None:
                failures.append(f"FAIL {scope} {measure}: not measured (pinned {pinned[measure]:.2f})")
            elif measured < pinned[measure] - tolerance - 1e-9:
                failures.append(
                    f"FAIL {scope} {measure}: {measured:.2f} is more than {tolerance} below "
                    f"the pinned {pinned[measure]:.2f}"
                )
    return failures


def target_results(figures: dict[str, dict[str, float]], targets: Sequence[dict]) -> list[dict]:
    results = []
    for target in targets:
        measured = figures.get(target["scope"], {}).get(target["measure"])
        met = measured is not None and measured >= target["min"]
        results.append(dict(target, measured=measured, met=met))
    return results


def read_docs(paths: Sequence[Path]) -> list[TimeMLDoc]:
    """TimeML files, and JSON-lines files of hand-labelled sentences, as gold documents."""
    return [doc for path in paths for doc in (read_sentences_file(path) if path.suffix == ".jsonl" else [read_timeml_file(path)])]


def read_sentences_file(path: Path) -> list[TimeMLDoc]:
    """One document a line: {"text", "dct", "expected": [{"text", "type", "value", "mod"?}]};
    each expected text is found in order in the sentence (tests/data/timex_news_probe.jsonl)."""
    docs = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                docs.append(_sentence_doc(f"{path.stem}:{n}", json.loads(line)))
            except (ValueError, KeyError, TypeError) as error:
                raise TimeMLError(f"{path}:{n}: not a labelled sentence ({error})") from error
    return docs


def _sentence_doc(doc_id: str, row: dict) -> TimeMLDoc:
    gold, seen = [], 0
    for want in row["expected"]:
        start = row["text"].find(want["text"], seen)
        if start < 0:
            raise ValueError(f"{want['text']!r} is not in the sentence")
        gold.append(GoldTimex(start, start + len(want["text"]), want["text"], want["type"], want["value"], want.get("mod")))
        seen = start + 1
    return TimeMLDoc(doc_id, date.fromisoformat(row["dct"]), row["text"], tuple(sorted(gold, key=lambda g: g.start)))


def find_corpus(dirs: Sequence[Path]) -> list[Path]:
    files = sorted(path for d in dirs for path in (d.rglob("*.tml") if d.is_dir() else [d]))
    if not files:
        raise FileNotFoundError(f"no .tml files under {', '.join(map(str, dirs))}")
    return files


def format_table(run: Run, counts: dict[str, Counts]) -> str:
    figures = {scope: c.figures() for scope, c in counts.items()}
    head = f"{'scope':<9} {'gold':>5} {'sys':>5} | {'strict P':>8} {'R':>6} {'F1':>6} | "
    head += f"{'relaxed P':>9} {'R':>6} {'F1':>6} | {'value F1':>8} {'type F1':>7}"
    lines = [
        f"TE3 temporal expressions: {len(run.alignments)} documents, {run.words:,} words",
        head,
        "-" * len(head),
    ]
    for scope in SCOPES:
        c, f = counts[scope], figures[scope]
        lines.append(
            f"{scope:<9} {c.gold:>5} {c.system:>5} | {f['strict_p']:>8.2f} {f['strict_r']:>6.2f} "
            f"{f['strict_f1']:>6.2f} | {f['relaxed_p']:>9.2f} {f['relaxed_r']:>6.2f} "
            f"{f['relaxed_f1']:>6.2f} | {f['value_f1']:>8.2f} {f['type_f1']:>7.2f}"
        )
    lines.append(f"speed: {run.words_per_second:,.0f} words/s (tagging only, {run.seconds:.2f} s)")
    return "\n".join(lines)


def format_targets(results: Sequence[dict]) -> str:
    lines = ["targets (issue 3; reported, not gated):"]
    for r in results:
        measured = "n/a" if r["measured"] is None else f"{r['measured']:.2f}"
        status = "met" if r["met"] else "NOT MET"
        lines.append(f"  {r['scope']} {r['measure']} >= {r['min']}: {measured} {status}")
    return "\n".join(lines)


def format_reference(reference: dict, figures: dict[str, dict[str, float]]) -> str:
    """The reference tagger's figures on the same corpus beside ours (from the baseline file)."""
    lines = [f"{reference['system']} on the same corpus ({reference['measured_by']}):"]
    for scope, theirs in reference["figures"].items():
        for measure, value in theirs.items():
            ours = figures[scope][measure]
            lines.append(f"  {scope} {measure}: {value:.2f}, tracker {ours:.2f} ({ours - value:+.2f})")
    lines.append(f"  speed: {reference['words_per_second']:,} words/s")
    return "\n".join(lines)


def error_samples(alignments: Sequence[Alignment], per_class: int) -> str:
    """Up to `per_class` errors of each kind, spread over the corpus, with the rule that fired."""
    classes: dict[str, list[str]] = {"missed": [], "spurious": [], "wrong value": [], "wrong span": []}
    rules: dict[str, Counter] = {name: Counter() for name in ("spurious", "wrong value", "wrong span")}
    for a in alignments:
        for g in a.missed:
            classes["missed"].append(f"{_where(a.doc, g)}  gold {g.type} {g.value}")
        for s in a.spurious:
            classes["spurious"].append(f"{_where(a.doc, s)}  got {_described(s)}")
            rules["spurious"][s.rule or "?"] += 1
        for g, s in a.pairs:
            if (g.value or "") != (s.value or ""):
                wrong = f"{_where(a.doc, g)}  gold {g.type} {g.value} | got {_described(s)}"
                classes["wrong value"].append(wrong)
                rules["wrong value"][s.rule or "?"] += 1
            if (g.start, g.end) != (s.start, s.end):
                classes["wrong span"].append(f"{_where(a.doc, g)}  got [{s.text}] {_described(s)}")
                rules["wrong span"][s.rule or "?"] += 1
    lines = []
    for name, items in classes.items():
        step = max(1, len(items) / per_class) if per_class > 0 else 1
        shown = [items[int(i * step)] for i in range(min(per_class, len(items)))]
        lines.append(f"{name} ({len(items)} in all, {len(shown)} shown):")
        lines.extend(f"  {line}" for line in shown)
        if name in rules and rules[name]:
            top = ", ".join(f"{rule} {n}" for rule, n in rules[name].most_common(8))
            lines.append(f"  by rule: {top}")
    return "\n".join(lines)


def _where(doc: TimeMLDoc, timex: GoldTimex | Timex) -> str:
    before = doc.text[max(0, timex.start - 40) : timex.start]
    after = doc.text[timex.end : timex.end + 40]
    context = f"...{before}[{doc.text[timex.start:timex.end]}]{after}..."
    return f"{doc.doc_id} @{timex.start} {' '.join(context.split())!r}"


def _described(timex: Timex) -> str:
    mod = f" mod={timex.mod}" if timex.mod else ""
    return f"{timex.type} {timex.value}{mod} rule={timex.rule or '?'}"


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _load_tagger() -> Tagger:
    from tracker.temporal import tag

    return tag


def _read_baseline(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise BaselineError(f"cannot read the baseline {path}: {error}") from error


def write_baseline(path: Path, run: Run, counts: dict[str, Counts]) -> None:
    """Pin the measured figures; keep the targets, tolerance and gated list already in the file."""
    old = _read_baseline(path) if path.exists() else {}
    data = {
        "about": "Pinned TE3 timex figures of tracker.temporal.tag (python -m eval.timex_eval "
        "--write-baseline). The evaluation fails when a gated figure drops more than `tolerance` "
        "points below its pinned value. Targets are the issue's goals, reported as met or not.",
        "corpus": f"{len(run.alignments)} documents, {run.words} words",
        "source": old.get("source", "TE3 train: TimeBank + AQUAINT"),
        "tolerance": old.get("tolerance", 0.5),
        "gated": old.get("gated", list(GATED)),
        "gated_scopes": old.get("gated_scopes", list(GATED_SCOPES)),
        "figures": {scope: c.figures() for scope, c in counts.items()},
        "counts": {scope: vars_of(c) for scope, c in counts.items()},
        "targets": old.get("targets", DEFAULT_TARGETS),
        "reference": old.get("reference", HEIDELTIME_REFERENCE),
        **({"reference_same_corpus": old["reference_same_corpus"]} if "reference_same_corpus" in old else {}),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def vars_of(counts: Counts) -> dict[str, int]:
    return {name: getattr(counts, name) for name in Counts.__slots__}


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m eval.timex_eval",
        description="Score tracker.temporal.tag on TimeML gold files with the TempEval-3 timex measures.",
    )
    parser.add_argument("dirs", nargs="*", type=Path, help=f"folders or .tml files (default {DEFAULT_DATA})")
    parser.add_argument("--baseline", type=Path, help="exit 1 when a figure drops below this file's floors")
    parser.add_argument("--write-baseline", action="store_true", help="pin the measured figures in the baseline")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print N sample errors per kind")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _arguments(argv)
    baseline_path = args.baseline or DEFAULT_BASELINE
    try:
        docs = read_docs(find_corpus(args.dirs or [DEFAULT_DATA]))
        must_exist = args.baseline is not None and not args.write_baseline
        baseline = _read_baseline(baseline_path) if must_exist or baseline_path.exists() else {}
        tagger = _load_tagger()
    except (TrackerError, FileNotFoundError, ImportError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    run = run_tagger(docs, tagger)
    counts = all_counts(run.alignments)
    # Re-pinning replaces the floors, so the old ones are not checked on that run.
    gated = args.baseline is not None and not args.write_baseline
    failures = failing_floors(_figures(counts), baseline) if gated else []
    _print_report(args, run, counts, baseline, failures)
    if args.write_baseline:
        write_baseline(baseline_path, run, counts)
        print(f"pinned the figures in {baseline_path}", file=sys.stderr)
    for line in failures:
        print(line, file=sys.stderr)
    if gated and not failures:
        print(f"gate: every gated figure holds its floor in {args.baseline}", file=sys.stderr)
    return 1 if failures else 0


def _figures(counts: dict[str, Counts]) -> dict[str, dict[str, float]]:
    return {scope: c.figures() for scope, c in counts.items()}


def _print_report(
    args: argparse.Namespace, run: Run, counts: dict[str, Counts], baseline: dict, failures: list[str]
) -> None:
    targets = target_results(_figures(counts), baseline.get("targets", DEFAULT_TARGETS))
    if args.json:
        report = {
            "documents": len(run.alignments),
            "words": run.words,
            "words_per_second": round(run.words_per_second),
            "figures": _figures(counts),
            "counts": {scope: vars_of(c) for scope, c in counts.items()},
            "targets": targets,
            "failures": failures,
        }
        print(json.dumps(report, indent=2))
        return
    print(format_table(run, counts))
    if targets:
        print(format_targets(targets))
    same = baseline.get("reference_same_corpus")
    if same:
        print(format_reference(same, _figures(counts)))
    if args.errors:
        print(error_samples(run.alignments, args.errors))


if __name__ == "__main__":
    try:
        sys.exit(main())
    except TrackerError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(error.exit_code)
