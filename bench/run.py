"""The benchmark: `make bench` (everything, hours today), `make bench-quick` (a few minutes).

    python bench/run.py [--quick] [--only JOB[,JOB...]] [--timeout S] [--work DIR] [--list]
    python bench/run.py --table [--markdown]      print the table of bench/results.json

Real coverage first (Timeline17, read in place), then synthetic coverage (bench/synth.py) for
10,000 articles and more. Each job's figures go into bench/results.json with the machine, the
commit and the load average around the job (other work on the machine slows every figure; the
CPU seconds are the steadier measure). A job that needs a store (add, query, render) uses the
store an earlier build left in the work folder, running that build first when it is missing.
Nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import corpora  # noqa: E402
import jobs  # noqa: E402
import table  # noqa: E402
import tools  # noqa: E402

RESULTS = HERE / "results.json"
QUICK_RESULTS = HERE / "results-quick.json"  # not committed: a smoke run's figures never replace the real ones
DEFAULT_WORK = Path("/tmp/tracker-bench")
DEFAULT_TIMEOUT = 2400.0  # the longest one job may run (40 minutes)
QUICK_SYNTH = 60  # articles of the quick run's synthetic build


def _sets(ctx: jobs.Context) -> dict[str, Callable[[], corpora.ArticleSet]]:
    return {
        "seeds": corpora.seeds_set,
        "1": lambda: corpora.t17_set("1"),
        "4": lambda: corpora.t17_set("4"),
        "8": lambda: corpora.t17_set("8"),
        "synth-1000": lambda: corpora.synth_set(ctx.work, 1000),
        "synth-10000": lambda: corpora.synth_set(ctx.work, 10000),
        "synth-quick": lambda: corpora.synth_set(ctx.work, QUICK_SYNTH),
        "synth-5": lambda: corpora.synth_small_set(ctx.work),
    }


DASK_SETS = ("1", "synth-quick")
DASK_FLAGS = ("--engine", "dask", "--workers", "2")
SERIAL_FLAGS = ("--workers", "1")  # this process only: the code's behaviour before the pool

# add job -> (the set whose held-out article it appends, the build whose store it appends to)
ADDS = {"add-5": "seeds", "add-synth-5": "synth-5", "add-400": "1", "add-1000": "4", "add-4223": "8", "add-synth-1000": "synth-1000",
        "add-10000": "synth-10000", "add-synth-quick": "synth-quick"}


def registry(ctx: jobs.Context) -> dict[str, tuple[Callable[[str], dict], tuple[str, ...]]]:
    """Job name -> (run it, jobs it needs first)."""
    sets = _sets(ctx)
    known: dict[str, tuple[Callable[[str], dict], tuple[str, ...]]] = {
        "tagger": (lambda n: jobs.micro(ctx, "tagger", n), ()),
        "merge-growth": (lambda n: jobs.micro(ctx, "merge-growth", n), ()),
        "per-article": (lambda n: jobs.micro(ctx, "per-article", n), ()),
        "help": (lambda n: jobs.help_command(ctx, n), ()),
        "query": (lambda n: jobs.query(ctx, n), ()),
        "render-1000": (lambda n: jobs.render(ctx, 1000, n), ()),
        "render-5000": (lambda n: jobs.render(ctx, 5000, n), ()),
        "profile-1": (lambda n: jobs.profile(ctx, sets["1"](), n), ()),
        "synth-50000": (lambda n: _generate(ctx, 50000), ()),
    }
    for key in sets:
        known[f"build-{key}"] = (lambda n, k=key: jobs.build(ctx, sets[k](), n), ())
    for key in DASK_SETS:  # the same build with the per-article stage on a LocalCluster of 2 workers
        known[f"build-{key}-dask"] = (lambda n, k=key: jobs.build(ctx, sets[k](), n, DASK_FLAGS), ())
        known[f"build-{key}-serial"] = (lambda n, k=key: jobs.build(ctx, sets[k](), n, SERIAL_FLAGS), ())
    for name, key in ADDS.items():
        known[name] = (lambda n, k=key: jobs.add(ctx, sets[k](), f"build-{k}", n), (f"build-{key}",))
    return known


FULL = ("tagger", "merge-growth", "per-article", "help", "build-seeds", "add-5", "build-synth-5", "add-synth-5", "build-1",
        "add-400", "build-4", "add-1000",
        "build-synth-1000", "add-synth-1000", "build-8", "add-4223", "build-synth-10000", "add-10000",
        "query", "render-1000", "render-5000", "profile-1", "synth-50000")
QUICK = ("help", "build-seeds", "add-5", "build-synth-quick", "add-synth-quick", "query", "render-1000")


def _generate(ctx: jobs.Context, count: int) -> dict:
    """Generate (not build) the largest synthetic corpus: its size and how long generating takes."""
    began = time.perf_counter()
    aset = corpora.synth_set(ctx.work, count)
    return {"kind": "generate", "articles": aset.size, "seconds": round(time.perf_counter() - began, 1),
            "words": corpora.word_count(aset.files), "folder": str(corpora.synth_folder(ctx.work, count))}


def load_results(path: Path) -> dict:
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    return {"machine": {}, "jobs": {}}


def run_jobs(names: list[str], ctx: jobs.Context, saved: dict, path: Path) -> None:
    known = registry(ctx)
    done: set[str] = set()

    def run(name: str) -> None:
        fn, needs = known[name]
        for need in needs:
            store = ctx.results.get(need, {}).get("store")
            if need not in done and not (store and Path(store).exists()):
                run(need)
        before = tools.load()
        began = time.perf_counter()
        print(f"bench: {name} (load average {before})", flush=True)
        result = fn(name)
        result.update(load_before=before, load_after=tools.load(), job_s=round(time.perf_counter() - began, 1),
                      machine=tools.machine())
        ctx.results[name] = saved["jobs"][name] = result
        done.add(name)
        path.write_text(json.dumps(saved, indent=1, default=str) + "\n", encoding="utf-8")
        print(table.one_line(name, result), flush=True)

    for name in names:
        if name not in known:
            raise SystemExit(f"bench: no job {name!r} (see --list)")
        run(name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="tracker's benchmark on real and synthetic coverage.")
    parser.add_argument("--only", help="comma-separated jobs (see --list)")
    parser.add_argument("--quick", action="store_true", help=f"a few minutes: {', '.join(QUICK)}")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds one job may run")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="stores, pages and synthetic corpora")
    parser.add_argument("--results", type=Path, help=f"default {RESULTS.name}, {QUICK_RESULTS.name} with --quick")
    parser.add_argument("--list", action="store_true", help="list the jobs")
    parser.add_argument("--table", action="store_true", help="print the table of the results file and stop")
    parser.add_argument("--markdown", action="store_true", help="with --table: Markdown for the README")
    args = parser.parse_args(argv)
    args.results = args.results or (QUICK_RESULTS if args.quick else RESULTS)
    saved = load_results(args.results)
    if args.list:
        extra = tuple(n for n in registry(jobs.Context(args.work, args.timeout)) if n not in FULL + QUICK)
        print("\n".join(FULL + tuple(n for n in QUICK if n not in FULL) + extra))
        return 0
    if not args.table:
        ctx = jobs.Context(args.work, args.timeout, results=dict(saved["jobs"]))
        args.work.mkdir(parents=True, exist_ok=True)
        saved["machine"] = tools.machine()
        names = args.only.split(",") if args.only else list(QUICK if args.quick else FULL)
        run_jobs([n.strip() for n in names if n.strip()], ctx, saved, args.results)
    print(table.render(saved, markdown=args.markdown))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
