"""The robustness campaign of issue 12, run as a new user would: the real `tracker` command in
subprocesses, against inputs we write, bad stores, kills and concurrent writers.

    .venv/bin/python eval/campaign.py [--only NAME] [--json results.json]

Each case prints ok or FAIL with what was seen: a traceback, a hang (timeout), a foreign file
written, an article lost. Run it before and after a change to the store or the intake.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from corpus import article, write_articles  # noqa: E402  (the articles we wrote for stress tests)

TRACKER = [str(ROOT / ".venv" / "bin" / "python"), "-m", "tracker"]
# root ignores file modes: a plain user's view is root without the capabilities that override them
PLAIN_USER = ["setpriv", "--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search", "--"]
GOOD = "---\ntitle: Ferry resumes\nsource: Example Gazette\npublished: 2025-03-04\n---\n" \
       "The ferry to Holm Island resumed sailing on Monday after the storm, the harbour master said.\n"


@dataclass
class Outcome:
    name: str
    ok: bool
    detail: str


class Run:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")

    def tracker(self, *args: object, timeout: float = 120, plain: bool = False) -> subprocess.CompletedProcess:
        prefix = PLAIN_USER if plain and os.geteuid() == 0 else []
        try:
            return subprocess.run([*prefix, *TRACKER, *map(str, args)], capture_output=True, text=True,
                                  timeout=timeout, cwd=self.folder, env=self.env)
        except subprocess.TimeoutExpired as err:
            return subprocess.CompletedProcess(err.cmd, -999, "", f"HUNG after {timeout}s")

    def file(self, name: str, text: str | bytes) -> Path:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
        return path


def clean(result: subprocess.CompletedProcess) -> str | None:
    """What is wrong with a run that should end with one-line errors: a traceback or a hang."""
    if result.returncode == -999:
        return "hung"
    if "Traceback" in result.stderr or "Traceback" in result.stdout:
        return "traceback: " + result.stderr.strip().splitlines()[-1][:160]
    return None


def articles_in(run: Run, store: Path) -> set[str]:
    result = run.tracker("articles", "--store", store)
    return {line.split()[0] for line in result.stdout.splitlines()[1:] if line and not line.startswith(" ")}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "absent"


# -- the cases ----------------------------------------------------------------------------------
def case_front_matter(run: Run, given: str) -> Outcome:
    bad = run.file(f"fm/{given}.md", f"---\npublished: {given}\n---\nThe mill reopened on Monday.\n")
    good = run.file("fm/good.md", GOOD)
    store = run.folder / f"fm-{given}.db"
    result = run.tracker("add", bad, good, "--store", store)
    wrong = clean(result) or (None if "good" in articles_in(run, store) else "the good file was not added")
    return Outcome(f"front matter published: {given}", wrong is None, wrong or result.stderr.strip()[:160])


def case_calendar_flag(run: Run, given: str) -> Outcome:
    good = run.file("cal/good.md", GOOD.replace("published: 2025-03-04\n", ""))
    result = run.tracker("add", good, "--published", given, "--store", run.folder / "cal.db")
    wrong = clean(result) or (None if result.returncode != 0 and "--published" in result.stderr else "taken")
    return Outcome(f"--published {given}", wrong is None, wrong or result.stderr.strip()[:160])


def case_calendar_text(run: Run, line: str) -> Outcome:
    path = run.file(f"caltext/{line}.txt", f"Harbour notes\n\n{line}\n\nThe ferry resumed sailing on {line}, "
                    "the harbour master said on Monday.\n")
    result = run.tracker("add", path, "--store", run.folder / "caltext.db")
    wrong = clean(result)
    return Outcome(f"a line {line} in the text", wrong is None, wrong or result.stdout.strip()[-120:])


def case_fifo(run: Run, command: str, inside: bool) -> Outcome:
    folder = run.folder / f"fifo-{command}-{inside}"
    folder.mkdir()
    fifo = folder / "pipe.txt"
    os.mkfifo(fifo)
    shutil.copy(run.file("fifo-good.md", GOOD), folder / "good.md")
    targets = [folder] if inside else [fifo, folder / "good.md"]
    result = run.tracker(command, *targets, "--store", folder / "s.db", timeout=30)
    wrong = clean(result) or (None if "pipe.txt" in result.stderr else "no problem named the FIFO")
    where = "in a folder" if inside else "named"
    return Outcome(f"FIFO {where}, {command}", wrong is None, wrong or result.stderr.strip()[:160])


def case_symlink_loop(run: Run) -> Outcome:
    folder = run.folder / "loops"
    folder.mkdir()
    os.symlink(folder / "b.txt", folder / "a.txt")
    os.symlink(folder / "a.txt", folder / "b.txt")
    shutil.copy(run.file("loop-good.md", GOOD), folder / "good.md")
    result = run.tracker("add", folder, "--store", folder / "s.db", timeout=60)
    wrong = clean(result) or (None if "a.txt" in result.stderr else "the loop was skipped silently")
    return Outcome("symlink loop in a folder", wrong is None, wrong or result.stderr.strip()[:160])


def case_read_only_folder(run: Run) -> Outcome:
    folder = run.folder / "ro"
    folder.mkdir()
    good = run.file("ro/good.md", GOOD)
    result = run.tracker("build", good, "--store", folder / "s.db")
    os.chmod(folder, 0o555)
    other = run.file("ro-other.md", GOOD.replace("Holm Island", "Skerry Point"))
    os.chmod(other, 0o644)
    result = run.tracker("add", other, "--store", folder / "s.db", plain=True)
    os.chmod(folder, 0o755)
    wrong = clean(result) or (None if result.returncode != 0 else "claimed success")
    return Outcome("add to a store in a read-only folder", wrong is None, wrong or result.stderr.strip()[:160])


def foreign_db(path: Path) -> Path:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE recipes (name TEXT, minutes INTEGER)")
        db.execute("INSERT INTO recipes VALUES ('bread', 240)")
    return path


def case_foreign_store(run: Run, command: str) -> Outcome:
    store = foreign_db(run.folder / f"recipes-{command}.db")
    before = digest(store)
    good = run.file("foreign-good.md", GOOD)
    out = ["--out", run.folder / f"foreign-{command}.html"]
    args = {"add": ["add", good, *out], "build": ["build", good, *out], "query": ["query"], "render": ["render", *out],
            "articles": ["articles"], "explain": ["explain", "abc"], "correct": ["correct", "good", "--source", "X", *out]}
    result = run.tracker(*args[command], "--store", store)
    wrong = clean(result) or (None if digest(store) == before else "the foreign database was written")
    wrong = wrong or (None if result.returncode != 0 else "claimed success")
    return Outcome(f"foreign SQLite database as --store, {command}", wrong is None, wrong or result.stderr.strip()[:160])


def case_text_as_store(run: Run) -> Outcome:
    store = run.file("notes.txt", "my shopping list\n")
    before = digest(store)
    result = run.tracker("build", run.file("text-good.md", GOOD), "--store", store)
    wrong = clean(result) or (None if digest(store) == before else "the text file was replaced")
    return Outcome("a text file as --store, build", wrong is None, wrong or result.stderr.strip()[:160])


def case_concurrent(run: Run, processes: int = 4, each: int = 25) -> Outcome:
    folder = run.folder / "conc"
    paths = write_articles(folder / "articles", processes * each)
    store = folder / "s.db"
    jobs = [subprocess.Popen([*TRACKER, "add", *map(str, paths[p::processes]), "--store", str(store), "--out",
                              str(folder / f"page{p}.html")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=run.env) for p in range(processes)]
    outputs = [job.communicate(timeout=900) for job in jobs]
    tracebacks = sum("Traceback" in err for _, err in outputs)
    landed = len(articles_in(run, store))
    ok = tracebacks == 0 and landed == len(paths)
    return Outcome(f"{processes} processes x {each} articles at once", ok,
                   f"{landed} of {len(paths)} landed, {tracebacks} traceback(s)")


def case_readers_during_add(run: Run) -> Outcome:
    folder = run.folder / "readers"
    paths = write_articles(folder / "articles", 60)
    store = folder / "s.db"
    run.tracker("add", paths[0], "--store", store)
    writer = subprocess.Popen([*TRACKER, "add", *map(str, paths[1:]), "--store", str(store)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=run.env)
    time.sleep(4)
    results = [run.tracker(cmd, "--store", store, timeout=60) for cmd in ("query", "articles")]
    writer.communicate(timeout=900)
    wrong = next((clean(r) or f"exit {r.returncode}: {r.stderr.strip()[:100]}" for r in results if r.returncode != 0), None)
    return Outcome("readers while a long add runs", wrong is None, wrong or "query and articles answered")


def case_kill_page(run: Run, tries: int = 5) -> Outcome:
    folder = run.folder / "killpage"
    paths = write_articles(folder / "articles", tries + 1)
    store, page = folder / "s.db", folder / "timeline.html"
    run.tracker("add", paths[0], "--store", store, "--out", page)
    torn = 0
    for path in paths[1:]:
        job = subprocess.Popen([*TRACKER, "add", str(path), "--store", str(store), "--out", str(page)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=run.env)
        killed = _kill_when_page_written(job, folder, page)
        text = page.read_bytes() if page.exists() else b""
        torn += killed and not text.rstrip().endswith(b"</html>")
    return Outcome("SIGKILL while the page is written", torn == 0, f"{torn} torn page(s) of {tries}")


def _kill_when_page_written(job: subprocess.Popen, folder: Path, page: Path) -> bool:
    before = page.stat().st_mtime_ns if page.exists() else 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and job.poll() is None:
        temps = [p for p in folder.iterdir() if p.name.startswith(".timeline.html") or p.name.startswith("timeline.html.")]
        if temps or (page.exists() and page.stat().st_mtime_ns != before):
            job.send_signal(signal.SIGKILL)
            job.wait()
            return True
        time.sleep(0.0005)
    job.wait()
    return False


def case_published_words(run: Run, given: str, expect_refused: bool) -> Outcome:
    good = run.file(f"pw/{given}.md", GOOD.replace("published: 2025-03-04\n", ""))
    store = run.folder / f"pw-{given}.db"
    result = run.tracker("add", good, "--published", given, "--store", store)
    listed = run.tracker("articles", "--store", store).stdout
    if expect_refused:
        wrong = clean(result) or (None if result.returncode != 0 else f"taken: {listed.splitlines()[-1:]}")
    else:
        wrong = clean(result) or (None if "=" in result.stdout + result.stderr else "not echoed")
        wrong = wrong or (None if "2001-01-01" not in listed and "2000-12-30" not in listed else "stored as 2001")
    return Outcome(f"--published {given}", wrong is None, wrong or (result.stdout + result.stderr).strip()[:160])


def case_long_paragraph(run: Run) -> Outcome:
    sentence = "The council met again and the members talked about the harbour wall for a long time. "
    text = "Harbour notes\n\nThe harbour wall was repaired on 3 March 2025, the council said.\n\n" + sentence * 13_000
    path = run.file("long.txt", text)
    started = time.monotonic()
    result = run.tracker("add", path, "--store", run.folder / "long.db", timeout=600)
    took = time.monotonic() - started
    wrong = clean(result)
    return Outcome("one paragraph of 1.1 million characters", wrong is None,
                   (wrong or f"exit {result.returncode}") + f" in {took:.0f}s: {(result.stderr or result.stdout).strip()[:120]}")


def case_nothing_readable(run: Run) -> Outcome:
    empty = run.file("nr/empty.txt", "")
    binary = run.file("nr/binary.txt", b"\x00\x01" * 40)
    result = run.tracker("build", empty, binary, "--store", run.folder / "nr.db")
    wrong = clean(result) or (None if "empty.txt" in result.stderr and "binary.txt" in result.stderr else "reasons not printed")
    return Outcome("build where no file can be read", wrong is None, wrong or result.stderr.strip()[:160])


def case_unreadable_beside_good(run: Run) -> Outcome:
    folder = run.folder / "unreadable"
    folder.mkdir(mode=0o777)
    os.chmod(folder, 0o777)
    secret = run.file("unreadable/secret.md", GOOD)
    os.chmod(secret, 0o000)
    good = run.file("unreadable/good.md", GOOD.replace("Holm Island", "Skerry Point"))
    os.chmod(good, 0o644)
    result = run.tracker("add", secret, good, "--store", folder / "s.db", "--out", folder / "t.html", plain=True)
    listed = run.tracker("articles", "--store", folder / "s.db").stdout
    wrong = clean(result) or (None if "good" in listed else f"good file not added (exit {result.returncode})")
    return Outcome("an unreadable file beside a good one", wrong is None, wrong or result.stderr.strip()[:160])


def case_utf16(run: Run) -> Outcome:
    path = run.file("utf16.md", GOOD.encode("utf-16"))
    result = run.tracker("add", path, "--store", run.folder / "utf16.db")
    wrong = clean(result) or (None if result.returncode == 0 else result.stderr.strip()[:160])
    return Outcome("a UTF-16 file with a byte-order mark", wrong is None, wrong or "decoded and added")


def cases() -> list[tuple[str, Callable[[Run], Outcome]]]:
    found: list[tuple[str, Callable[[Run], Outcome]]] = []
    for given in ("2025-13-45", "2025-02-30", "0000-01-01", "9999-12-31"):
        found.append((f"fm:{given}", lambda r, g=given: case_front_matter(r, g)))
    for given in ("9999-12-31", "0001-01-01"):
        found.append((f"flag:{given}", lambda r, g=given: case_calendar_flag(r, g)))
    for line in ("9999-12-31", "0001-01-01", "31 December 9999"):
        found.append((f"text:{line}", lambda r, l=line: case_calendar_text(r, l)))
    for command in ("add", "build"):
        for inside in (False, True):
            found.append((f"fifo:{command}:{inside}", lambda r, c=command, i=inside: case_fifo(r, c, i)))
    found.append(("loop", case_symlink_loop))
    found.append(("readonly", case_read_only_folder))
    for command in ("add", "build", "query", "render", "articles", "explain", "correct"):
        found.append((f"foreign:{command}", lambda r, c=command: case_foreign_store(r, c)))
    found.append(("textstore", case_text_as_store))
    found.append(("concurrent", case_concurrent))
    found.append(("readers", case_readers_during_add))
    found.append(("killpage", case_kill_page))
    for given, refused in (("tomorrow", False), ("yesterday", False), ("2099-01-01", True), ("in two days", True)):
        found.append((f"words:{given}", lambda r, g=given, x=refused: case_published_words(r, g, x)))
    found.append(("long", case_long_paragraph))
    found.append(("nothing", case_nothing_readable))
    found.append(("unreadable", case_unreadable_beside_good))
    found.append(("utf16", case_utf16))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", help="run the cases whose name starts with this")
    parser.add_argument("--json", type=Path, help="write the outcomes here")
    args = parser.parse_args()
    outcomes = []
    for name, case in cases():
        if args.only and not name.startswith(args.only):
            continue
        folder = Path(tempfile.mkdtemp(prefix="tracker-campaign-"))
        os.chmod(folder, 0o755)
        try:
            outcome = case(Run(folder))
        except Exception as err:  # the campaign reports a broken case and goes on
            outcome = Outcome(name, False, f"the case itself failed: {err!r}")
        finally:
            subprocess.run(["chmod", "-R", "u+rwX", str(folder)], check=False)
            shutil.rmtree(folder, ignore_errors=True)
        outcomes.append(outcome)
        print(f"{'ok  ' if outcome.ok else 'FAIL'} {outcome.name}: {outcome.detail}", flush=True)
    passed = sum(o.ok for o in outcomes)
    print(f"{passed} passed, {len(outcomes) - passed} failed")
    if args.json:
        args.json.write_text(json.dumps([o.__dict__ for o in outcomes], indent=1) + "\n")
    return 0 if passed == len(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
