"""Run one `tracker` command with timers around the library calls of each stage.

    python bench/timed.py --result OUT.json [--expect N] [--profile OUT.prof] -- build PATH... --store S

The command is the real CLI (`tracker.cli.main`); before it runs, this module replaces the
stage entry points the pipeline looks up at call time with wrappers that time them (the stage
code itself is untouched). Times are exclusive: the spaCy parse that runs inside mention
extraction counts as parsing, not as mentions. Everything not inside a stage (interpreter
start-up, imports, the CLI) is "other" and is left to the caller, who knows the wall time.

Progress goes to stderr every few seconds (articles parsed, articles/s, time left when --expect
is given), and the result file is rewritten as the run goes, so a run stopped by a time limit
(SIGINT) still says how far it got.
"""

from __future__ import annotations

import argparse
import functools
import inspect
import json
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

STAGES = ("model load", "ingest", "dating", "tagging", "parsing", "mentions", "embedding", "merging", "store", "render",
          "per-article pool")
PROGRESS_EVERY = 5.0  # seconds between progress lines
SAVE_EVERY = 20.0  # seconds between saves of the report while a run goes on


class Clock:
    """Exclusive time per stage: a call inside another stage's call is taken out of the outer one."""

    def __init__(self, expect: int | None, result: Path) -> None:
        self.started = time.perf_counter()
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: Counter[str] = Counter()
        self.counts: Counter[str] = Counter()
        self.stack: list[str] = []
        self.expect, self.result = expect, result
        self.missing: list[str] = []
        self.failed_in: str | None = None
        self.lock = threading.Lock()
        self.finished = threading.Event()
        self.crash: str | None = None
        self.last_report = self.started
        self.progress: list[tuple[float, int]] = []

    def timed(self, stage: str, fn: Callable, after: Callable | None = None) -> Callable:
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            out = self.run(stage, fn, args, kwargs)
            if after is not None:
                after(args, out)
            return out

        return wrapper

    def run(self, stage: str, fn: Callable, args: tuple, kwargs: dict):
        self.stack.append(stage)
        began = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        except BaseException:  # a crash, or the SIGINT of a time limit
            self.failed_in = self.failed_in or stage
            raise
        finally:
            spent = time.perf_counter() - began
            self.stack.pop()
            self.seconds[stage] += spent
            self.calls[stage] += 1
            if self.stack:
                self.seconds[self.stack[-1]] -= spent

    def tick(self) -> None:
        now = time.perf_counter()
        done = self.counts["articles parsed"]
        self.progress.append((round(now - self.started, 2), done))
        if now - self.last_report < PROGRESS_EVERY:
            return
        self.last_report = now
        rate = done / (now - self.started)
        left = f", about {(self.expect - done) / rate:.0f} s of parsing left" if self.expect and rate else ""
        of = f"/{self.expect}" if self.expect else ""
        print(f"bench: {done}{of} articles parsed, {rate:.2f} articles/s{left}", file=sys.stderr, flush=True)
        self.save(completed=False)

    # -- what the wrapped calls return, counted ----------------------------------------------
    def count_article(self, args: tuple, article) -> None:
        self.counts["articles read"] += 1
        self.counts["words read"] += len(article.body.split())

    def count_mentions(self, args: tuple, mentions) -> None:
        self.counts["articles parsed"] += 1
        self.counts["mentions"] += len(mentions)
        self.tick()

    def count_merge(self, args: tuple, events) -> None:
        # the mentions merge() is given: a build gives it those it compares (a time, a happening)
        self.counts["mentions merged"] += len(args[0])
        self.counts["events made"] += len(events)

    def report(self, completed: bool, exit_code: int | None = None) -> dict:
        workers = worker_totals(self.result)
        counts = Counter(self.counts)
        counts.update(workers["counts"])
        return {
            "completed": completed,
            "exit": exit_code,
            "seconds_in_process": round(time.perf_counter() - self.started, 3),
            "stages": {s: round(self.seconds.get(s, 0.0), 3) for s in STAGES},
            "worker_stages": workers["stages"],
            "workers": workers["processes"],
            "calls": dict(self.calls),
            "counts": dict(counts),
            "in_stage": self.stack[-1] if self.stack else self.failed_in,
            "crash": self.crash,
            "missing_hooks": self.missing,
            "progress": self.progress[:: max(1, len(self.progress) // 200)],
        }

    def save(self, completed: bool, exit_code: int | None = None) -> None:
        with self.lock:
            text = json.dumps(self.report(completed, exit_code), indent=1) + "\n"
            self.result.write_text(text, encoding="utf-8")

    def watch(self, every: float = SAVE_EVERY) -> None:
        """Save the report every few seconds from a thread, so a run killed in a long stage
        (merging has no per-article tick) still says where it was."""

        def loop() -> None:
            while not self.finished.wait(every):
                try:
                    self.save(completed=False)
                except (RuntimeError, OSError):  # a dict grew while being read: next time
                    continue

        threading.Thread(target=loop, daemon=True).start()


WORKERS_ENV = "TRACKER_BENCH_WORKERS"  # folder where worker processes leave their stage times


def workers_folder(result: Path) -> Path:
    return result.with_name(result.name + ".workers")


def worker_totals(result: Path) -> dict:
    """Stage seconds and counts of the worker processes, summed (seconds of all workers: with two
    busy workers they add up to about twice the wall time of the pool)."""
    stages: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    files = sorted(workers_folder(result).glob("*.json")) if workers_folder(result).is_dir() else []
    for path in files:
        try:
            found = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # a worker writing it right now: its last article is left out
            continue
        stages.update(found.get("stages", {}))
        counts.update(found.get("counts", {}))
    return {"stages": {k: round(v, 3) for k, v in stages.items() if v}, "counts": dict(counts), "processes": len(files)}


class WorkerClock(Clock):
    """The clock of a worker process: no progress lines, its file rewritten after each article."""

    def tick(self) -> None:
        self.save(completed=False)

    def report(self, completed: bool, exit_code: int | None = None) -> dict:
        return {"stages": {s: round(v, 3) for s, v in self.seconds.items()}, "counts": dict(self.counts)}


def install_in_worker() -> None:
    """In a worker process started by spawn (this file is re-imported as __mp_main__): the same
    timers, written to a file of the worker's own that the parent adds up."""
    import os

    folder = os.environ.get(WORKERS_ENV)
    if folder:
        install(WorkerClock(None, Path(folder) / f"{os.getpid()}.json"))


class TimedNLP:
    """The spaCy pipeline with its work (done lazily inside pipe's iterator) counted as parsing."""

    def __init__(self, nlp, clock: Clock) -> None:
        self._nlp, self._clock = nlp, clock

    def __getattr__(self, name: str):
        return getattr(self._nlp, name)

    def __call__(self, text: str, **kwargs):
        self._clock.counts["words parsed"] += len(text.split())
        return self._clock.run("parsing", self._nlp, (text,), kwargs)

    def pipe(self, texts, **kwargs) -> Iterator:
        def counted():
            for text in texts:
                self._clock.counts["words parsed"] += len(text.split())
                yield text

        docs = self._nlp.pipe(counted(), **kwargs)
        while True:
            try:
                yield self._clock.run("parsing", next, (docs,), {})
            except StopIteration:
                return


def install(clock: Clock) -> None:
    """Put the timers in place. A hook the code no longer has is listed, not fatal."""
    import tracker.cli
    import tracker.ingest
    import tracker.pipeline
    import tracker.meaning
    import tracker.merge
    import tracker.merge.groups
    import tracker.merge.merging
    import tracker.merge.vectors
    import tracker.mentions
    import tracker.mentions.extract
    import tracker.nlp
    import tracker.pagecache
    import tracker.places
    import tracker.render
    import tracker.store
    import tracker.store.base
    import tracker.store.sqlite
    import tracker.temporal

    real_load = tracker.nlp.load_nlp
    loaded = functools.cache(lambda: TimedNLP(clock.run("model load", real_load, (), {}), clock))
    hooks = [
        (tracker.ingest, "read_article", "ingest", clock.count_article),
        (tracker.pipeline, "read_inputs", "ingest", None),  # its wall here when the pool reads the files
        (tracker.ingest, "infer_published", "dating", None),
        (tracker.pipeline, "_date_and_tag", "dating", None),  # a batch's dating: its tagging on the pool and the estimate
        (tracker.temporal, "tag", "tagging", None),
        (tracker.mentions, "extract_mentions", "mentions", clock.count_mentions),
        (tracker.merge, "merge", "merging", clock.count_merge),
        (tracker.merge.groups, "group_window", "merging", None),  # article groups of the merged mentions
        (tracker.merge.vectors, "restore", "merging", None),  # stored vectors back into pair views
        (tracker.places, "_index", "model load", None),  # the gazetteer, built when its derived file is missing
        (tracker.places, "_lookup", "model load", None),  # ... and its derived file opened, once per process
        (tracker.meaning, "encoder", "model load", None),
        (tracker.meaning.Encoder, "embed", "embedding", None),
        (tracker.store.sqlite, "_connect_writer", "store", None),
        (tracker.store.sqlite, "_connect_read_only", "store", None),
        (tracker.render, "render_html", "render", None),
        (tracker.pagecache, "page", "render", None),  # the page from the store's pieces (its reads count as store)
        (tracker.pagecache, "page_chunks", "render", None),  # ... in parts, as the command writes it
        (tracker.pagecache, "refresh", "render", None),  # the pieces of the events an add wrote
        (tracker.cli, "_write_text", "render", None),
    ]
    for module, name, stage, after in hooks:
        if hasattr(module, name):
            setattr(module, name, clock.timed(stage, getattr(module, name), after))
        else:
            clock.missing.append(f"{module.__name__}.{name}")
    _patch(clock, tracker.mentions.extract, "load_nlp", lambda: loaded())
    _count_scores(clock, tracker.merge.merging)
    _time_pool(clock)
    for name, member in inspect.getmembers(tracker.store.base.Store, inspect.isfunction):
        if not name.startswith("_"):
            setattr(tracker.store.base.Store, name, clock.timed("store", member))


def _patch(clock: Clock, module, name: str, value) -> None:
    if hasattr(module, name):
        setattr(module, name, value)
    else:
        clock.missing.append(f"{module.__name__}.{name}")


def _count_scores(clock: Clock, merging) -> None:
    """Count pair scores (the merge's unit of work: the pair features of two candidate mentions);
    no timer, it is called millions of times."""
    if not hasattr(merging, "pair_features"):
        clock.missing.append("tracker.merge.merging.pair_features")
        return
    real = merging.pair_features
    counts = clock.counts

    def counted(*args):
        counts["pair scores"] += 1
        return real(*args)

    merging.pair_features = counted


def _time_pool(clock: Clock) -> None:
    """The per-article stage run by worker processes (tracker.engine): its wall time in this
    process is "per-article pool"; the workers' own stage times come from their files."""
    try:
        import tracker.engine
    except ImportError:  # code before the engine: everything runs here
        return
    if hasattr(tracker.engine, "run_parsed"):
        tracker.engine.run_parsed = clock.timed("per-article pool", tracker.engine.run_parsed)


def run(argv: list[str], result: Path, expect: int | None = None) -> int:
    """Run `tracker ARGV` in this process with the timers; the result file gets the report."""
    import tracker.cli

    import os
    import shutil

    clock = Clock(expect, result)
    shutil.rmtree(workers_folder(result), ignore_errors=True)
    workers_folder(result).mkdir(parents=True)
    os.environ[WORKERS_ENV] = str(workers_folder(result))
    install(clock)
    clock.watch()
    sys.argv = ["tracker", *argv]
    code = 0
    try:
        tracker.cli.main()
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except KeyboardInterrupt:
        code = 130
    except Exception as err:  # a stage crashed: say where and what, the traceback goes to stderr
        import traceback

        traceback.print_exc()
        clock.crash, code = f"{type(err).__name__}: {err}", 1
    # exit 1 after the page was written: the command finished and some files had problems
    finished = code == 0 or (code == 1 and clock.calls["render"] > 0)
    clock.finished.set()
    clock.save(completed=finished, exit_code=code)
    return code


def main() -> int:
    parser = argparse.ArgumentParser(description="Run a tracker command with stage timers.")
    parser.add_argument("--result", type=Path, required=True)
    parser.add_argument("--expect", type=int, help="articles the command will parse (for time left)")
    parser.add_argument("--profile", type=Path, help="also profile the run with cProfile into this file")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if args.profile is None:
        return run(command, args.result, args.expect)
    import cProfile

    profiler = cProfile.Profile()
    code = profiler.runcall(run, command, args.result, args.expect)
    profiler.dump_stats(args.profile)
    return code


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    raise SystemExit(main())
if __name__ == "__mp_main__":  # a worker of tracker.engine's process pool, started by spawn
    install_in_worker()
