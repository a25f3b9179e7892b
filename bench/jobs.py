"""The benchmark's jobs: each measures one thing and returns a dict for bench/results.json.

Builds and adds run the real `tracker` command through bench/timed.py (stage timers) under GNU
time; short commands (`--help`, query, render) run under hyperfine. Stores and pages go to the
work folder (outside the project): they hold article text and are never committed.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import statistics
import sys
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import corpora
import tools

HERE = Path(__file__).resolve().parent
TIMED = HERE / "timed.py"
MICRO = HERE / "micro.py"
ADD_RUNS = 3
SLOW_ADD_S = 30.0  # an add slower than this is run once


@dataclass
class Context:
    work: Path
    timeout: float
    results: dict = field(default_factory=dict)  # job name -> result, earlier runs included
    profile: bool = False

    def folder(self, name: str) -> Path:
        path = self.work / name
        path.mkdir(parents=True, exist_ok=True)
        return path


def tracker_bin() -> str:
    found = Path(sys.executable).parent / "tracker"
    return str(found) if found.exists() else "tracker"


def _timed(ctx: Context, name: str, argv: list[str], expect: int | None, timeout: float, profile: Path | None = None):
    runs = ctx.folder("runs")
    result = runs / f"{name}.json"
    result.unlink(missing_ok=True)
    command = [sys.executable, str(TIMED), "--result", str(result)]
    command += ["--expect", str(expect)] if expect else []
    command += ["--profile", str(profile)] if profile else []
    measured = tools.measure([*command, "--", *argv], ctx.folder(f"runs/{name}"), timeout, runs / f"{name}.stderr")
    stages = json.loads(result.read_text(encoding="utf-8")) if result.exists() else {}
    return measured, stages


def _stage_summary(measured: tools.Measured, timed: dict) -> dict:
    stages = timed.get("stages", {})
    return {
        **measured.as_dict(),
        "stages_s": stages,
        "worker_stages_s": timed.get("worker_stages", {}),
        "workers": timed.get("workers", 0),
        "other_s": round(measured.wall_s - sum(stages.values()), 3),
        "work_s": round(sum(v for k, v in stages.items() if k != "model load"), 3),
        "counts": timed.get("counts", {}),
        "completed": timed.get("completed", False),
        "in_stage": timed.get("in_stage"),
        "crash": timed.get("crash"),
        "missing_hooks": timed.get("missing_hooks", []),
    }


def build(ctx: Context, aset: corpora.ArticleSet, name: str, engine: tuple[str, ...] = ()) -> dict:
    """`tracker build` of the set (all but its held-out article), stage by stage; `engine`: extra
    flags saying where articles are parsed (e.g. --engine dask), the store named after them."""
    label = aset.name + "".join(f"-{a.strip('-')}" for a in engine)
    store, page = ctx.folder("stores") / f"{label}.db", ctx.folder("pages") / f"{label}.html"
    store.unlink(missing_ok=True)
    argv = ["build", *map(str, aset.files), "--store", str(store), "--out", str(page), *aset.flags, *engine]
    print(f"bench: {name}: building {len(aset.files):,} articles ({aset.description}) {' '.join(engine)}, "
          f"limit {ctx.timeout:.0f} s", flush=True)
    measured, timed = _timed(ctx, name, argv, len(aset.files), ctx.timeout)
    words = corpora.word_count(aset.files)
    what = aset.description + (f" ({' '.join(engine)})" if engine else "")
    out = {"kind": "build", "set": what, "articles": len(aset.files), "words": words,
           "left_out": list(aset.left_out), "engine": list(engine), **_stage_summary(measured, timed)}
    counts = out["counts"]
    out["problems"] = _problems(ctx.folder("runs") / f"{name}.stderr")
    if out["completed"] and not measured.timed_out:
        out.update(store=str(store), events=counts.get("events made"), page_mb=round(page.stat().st_size / 1e6, 2))
        out["articles_per_s"] = round(len(aset.files) / measured.wall_s, 2)
        out["words_per_s"] = round(words / measured.wall_s)
        out["pair_scores_per_article"] = round(counts.get("pair scores", 0) / len(aset.files), 1)
    else:
        out["reached"] = _reached(out, len(aset.files), words)
    return out


def _problems(log: Path) -> list[str]:
    """The files the command refused (one `tracker: PATH: why` line each)."""
    if not log.exists():
        return []
    return [line[len("tracker: "):] for line in log.read_text(encoding="utf-8").splitlines() if line.startswith("tracker: ")]


def _reached(out: dict, articles: int, words: int) -> str:
    counts, stages = out["counts"], out["stages_s"]
    parsed, read = counts.get("articles parsed", 0), counts.get("articles read", 0)
    # every article is read (and dated) before the first is parsed: cost each part by its own count
    reading = (stages.get("ingest", 0) + stages.get("dating", 0)) / max(read, 1)
    per_article = reading + sum(stages.get(s, 0) for s in ("tagging", "parsing", "mentions")) / max(parsed, 1)
    stopped = "stopped at the time limit" if out["timed_out"] else f"exit {out['exit']}"
    if out.get("crash"):
        stopped = f"crashed ({out['crash']})"
    text = (f"{stopped} after {out['wall_s']:.0f} s in stage {out['in_stage'] or '?'}: {read:,}/{articles:,} articles read, "
            f"{parsed:,} parsed")
    if parsed:
        text += f"; reading and parsing all would take about {per_article * articles:.0f} s ({1 / per_article:.2f} articles/s)"
    return text


def add(ctx: Context, aset: corpora.ArticleSet, build_job: str, name: str) -> dict:
    """`tracker add` of the held-out article into a copy of the built store (fresh copy each run)."""
    built = ctx.results.get(build_job, {})
    base = Path(built.get("store", "/nonexistent"))
    if not base.exists():
        return {"kind": "add", "skipped": f"no store: {build_job} has not completed ({built.get('reached', 'not run')})"}
    runs = []
    copy, page = ctx.folder("stores") / "add-copy.db", ctx.folder("pages") / "add.html"
    for n in range(ADD_RUNS):
        shutil.copyfile(base, copy)
        _upgrade(copy)
        os.sync()  # the copy's pages reach the disk now: else the add's first fsync writes the whole copied file
        argv = ["add", str(aset.holdout), "--store", str(copy), "--out", str(page), *aset.flags]
        measured, timed = _timed(ctx, f"{name}-{n}", argv, 1, ctx.timeout)
        runs.append(_stage_summary(measured, timed))
        if measured.wall_s > SLOW_ADD_S or measured.timed_out:
            break
    middle = sorted(runs, key=lambda r: r["wall_s"])[len(runs) // 2]
    return {"kind": "add", "store_articles": built["articles"], "store_events": built.get("events"),
            "article": aset.holdout.name, "runs": len(runs), "wall_s_all": [r["wall_s"] for r in runs], **middle}


def _upgrade(store: Path) -> None:
    """A store built by an older tracker is upgraded before the timed add (a one-time cost of its
    own, not the append's), and its page pieces made (tracker.pagecache: an upgraded store has
    none until its page is first made); the backup the upgrade leaves beside it is removed."""
    from tracker.pagecache import refresh
    from tracker.store import open_store, prepare_store

    for leftover in (Path(f"{store}-wal"), Path(f"{store}-shm")):
        leftover.unlink(missing_ok=True)  # the copy starts from the built file alone
    prepare_store(store)
    with open_store(store) as opened:
        refresh(opened)
    for backup in store.parent.glob(f"{store.name}.schema*.bak"):
        backup.unlink()


def largest_store(ctx: Context, key: str = "articles") -> tuple[str, dict] | None:
    built = [(n, r) for n, r in ctx.results.items() if r.get("kind") == "build" and Path(r.get("store", "/-")).exists()]
    return max(built, key=lambda item: (item[1].get(key) or 0, item[0]), default=None)


def query(ctx: Context, name: str) -> dict:
    """`tracker query` over 30 days in the middle of the largest store's events (JSON out), on an
    upgraded copy of the store."""
    from tracker import read_events

    found = largest_store(ctx)
    if found is None:
        return {"kind": "query", "skipped": "no built store yet"}
    source, built = found
    store = ctx.folder("stores") / "query-copy.db"  # upgraded as any write would (schema, kept records): the
    shutil.copyfile(built["store"], store)  # steady state a user queries, not an older tracker's store
    _upgrade(store)
    days = sorted(e.time.start for e in read_events(store) if e.time is not None)
    middle = days[len(days) // 2]
    start, end = middle - timedelta(days=15), middle + timedelta(days=14)
    command = [tracker_bin(), "query", "--store", str(store), "--from", start.isoformat(), "--to", end.isoformat(), "--format", "json"]
    timing = tools.repeated(command, runs=5, warmup=1, work=ctx.folder(f"runs/{name}"))
    selected = sum(1 for d in days if start <= d <= end)
    return {"kind": "query", "store": source, "store_articles": built["articles"], "store_events": len(days),
            "range": f"{start}..{end}", "events_in_range_about": selected, **timing}


def render(ctx: Context, events: int, name: str) -> dict:
    """`tracker render` of a store of exactly `events` events: the events of the built store with
    most of them, repeated and shifted in time until there are enough (synthetic_events)."""
    found = largest_store(ctx, key="events")
    if found is None:
        return {"kind": "render", "skipped": "no built store yet"}
    source, built = found
    store, page = ctx.folder("stores") / f"{name}.db", ctx.folder("pages") / f"{name}.html"
    kept, articles = synthetic_events(Path(built["store"]), store, events)
    command = [tracker_bin(), "render", "--store", str(store), "--out", str(page)]
    timing = tools.repeated(command, runs=3, warmup=1, work=ctx.folder(f"runs/{name}"))
    size = page.stat().st_size
    gzipped = len(gzip.compress(page.read_bytes(), compresslevel=6))
    return {"kind": "render", "store": source, "events": kept, "articles": articles, "asked": events,
            "page_mb": round(size / 1e6, 2), "page_gzip_mb": round(gzipped / 1e6, 2), **timing}


def synthetic_events(source: Path, target: Path, count: int) -> tuple[int, int]:
    """Write a store of `count` events through the store API: the source store's dated events
    (real coverage's shape: titles, mentions, outlets) repeated, each round shifted past the last
    in time, with new event, mention and article ids. Returns events and articles written."""
    from tracker.store import open_store, read_store

    with read_store(source) as opened:
        dated = [e for e in opened.events() if e.time is not None]
        articles = opened.articles()
    if not dated:
        return 0, 0
    first, last = min(e.time.start for e in dated), max(e.time.end for e in dated)
    step = timedelta(days=(last - first).days + 30)
    events, copies = [], []
    for n in range(-(-count // len(dated))):
        events += [_shifted_event(e, n, step * n) for e in dated]
        copies += [_shifted_article(a, n, step * n) for a in articles]
    events = events[:count]
    used = {m.article_id for e in events for m in e.mentions}
    copies = [a for a in copies if a.id in used]
    target.unlink(missing_ok=True)
    with open_store(target, create=True) as store:
        for article in copies:
            store.put_article(article, [])
        store.replace_events([], events)
    return len(events), len(copies)


def _shift(value, delta: timedelta):
    from dataclasses import replace

    return None if value is None else replace(value, start=value.start + delta, end=value.end + delta)


def _shifted_event(event, n: int, delta: timedelta):
    import hashlib
    from dataclasses import replace

    mentions = tuple(replace(m, id=f"{m.id}~{n}", article_id=f"{m.article_id}~{n}", time=_shift(m.time, delta),
                             published=_shift(m.published, delta)) for m in event.mentions)
    ident = hashlib.sha1(f"{event.id}~{n}".encode()).hexdigest()
    return replace(event, id=ident, time=_shift(event.time, delta), mentions=mentions)


def _shifted_article(article, n: int, delta: timedelta):
    from dataclasses import replace

    return replace(article, id=f"{article.id}~{n}", content_hash=f"{article.content_hash}~{n}",
                   published=_shift(article.published, delta))


def help_command(ctx: Context, name: str) -> dict:
    timing = tools.repeated([tracker_bin(), "--help"], runs=10, warmup=2, work=ctx.folder(f"runs/{name}"))
    return {"kind": "help", **timing}


def micro(ctx: Context, what: str, name: str) -> dict:
    """A library call alone (bench/micro.py), in a process of its own under GNU time."""
    log, printed = ctx.folder("runs") / f"{name}.stderr", ctx.folder("runs") / f"{name}.out"
    measured = tools.measure([sys.executable, str(MICRO), what], ctx.folder(f"runs/{name}"), ctx.timeout, log, printed)
    if measured.exit_code != 0:
        return {"kind": what, "skipped": f"exit {measured.exit_code}: {measured.stderr_tail[-300:]}"}
    lines = printed.read_text(encoding="utf-8").strip().splitlines()
    return {"kind": what, "peak_mb": round(measured.peak_mb, 1), **json.loads(lines[-1])}


def profile(ctx: Context, aset: corpora.ArticleSet, name: str) -> dict:
    """cProfile of a whole build: where the time goes, function by function."""
    import pstats

    store, page = ctx.folder("stores") / f"{name}.db", ctx.folder("pages") / f"{name}.html"
    prof = ctx.folder("runs") / f"{name}.prof"
    argv = ["build", *map(str, aset.files), "--store", str(store), "--out", str(page), *aset.flags]
    print(f"bench: {name}: profiling a build of {len(aset.files):,} articles", flush=True)
    measured, timed = _timed(ctx, name, argv, len(aset.files), ctx.timeout * 2, profile=prof)
    if not prof.exists():
        return {"kind": "profile", "skipped": f"no profile written (exit {measured.exit_code})"}
    stats = pstats.Stats(str(prof))
    total = max(stats.total_tt, 1e-9)
    rows = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:25]
    own = [{"function": _where(key), "own_s": round(v[2], 2), "share": round(v[2] / total, 3), "calls": v[1]} for key, v in rows]
    ours = [(k, v) for k, v in stats.stats.items() if "/tracker/" in k[0]]
    cumulative = sorted(ours, key=lambda item: item[1][3], reverse=True)[:25]
    cum = [{"function": _where(key), "cumulative_s": round(v[3], 2), "share": round(v[3] / total, 3), "calls": v[1]}
           for key, v in cumulative]
    return {"kind": "profile", "articles": len(aset.files), "profiled_s": round(total, 1), "wall_s": measured.wall_s,
            "stages_s": timed.get("stages", {}), "top_own_time": own, "top_cumulative_tracker": cum,
            "file": str(prof)}


def _where(key: tuple) -> str:
    path, line, function = key
    root = str(HERE.parent) + "/"
    short = path[len(root):] if path.startswith(root) else path.split("/site-packages/")[-1]
    return f"{short}:{line}:{function}" if path != "~" else function


def median(values: list[float]) -> float:
    return statistics.median(values)
