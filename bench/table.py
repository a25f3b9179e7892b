"""The benchmark's tables: one line per job as it finishes, and the whole results file at the end
(plain text for the terminal, Markdown for the README)."""

from __future__ import annotations

STAGES = ("model load", "ingest", "dating", "tagging", "parsing", "mentions", "embedding", "merging", "store", "render",
          "per-article pool")
WORKER_STAGES = ("model load", "ingest", "tagging", "parsing", "mentions", "embedding")


def _n(value, digits: int = 0) -> str:
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def _load(r: dict) -> str:
    return f"{r.get('load_before', 0):.1f}/{r.get('load_after', 0):.1f}"


def _build(r: dict) -> list[str]:
    size = f"{r['articles']:,} art., {r['words']:,} words"
    if r.get("articles_per_s") is not None:
        rate = (f"{r['articles_per_s']:.2f} art/s, {r['words_per_s']:,} words/s "
                f"({r['articles'] / max(r['cpu_s'], 1e-9):.2f} art/CPU-s)")
        note = f"{_n(r.get('events'))} events, {_n(r.get('pair_scores_per_article'))} pair scores/article"
    else:
        rate, note = "-", r.get("reached", "")
    if r.get("left_out"):
        note += f"; left out (crash today): {', '.join(r['left_out'])}"
    return [r["set"], size, _n(r["wall_s"], 1), _n(r["cpu_s"], 1), rate, _n(r["peak_mb"]), note]


def _add(r: dict) -> list[str]:
    stages = r["stages_s"]
    note = (f"work {r['work_s']:.2f} s (merging {stages.get('merging', 0):.2f}, render {stages.get('render', 0):.2f}); "
            f"{r['runs']} run(s)")
    return [f"add 1 article to {r['store_articles']:,}", f"{_n(r.get('store_events'))} events",
            _n(r["wall_s"], 2), _n(r["cpu_s"], 2), "-", _n(r["peak_mb"]), note]


def _query(r: dict) -> list[str]:
    return [f"query {r['range']}", f"{r['store_articles']:,} art., {r['store_events']:,} events", _n(r["median_s"], 3),
            _n(r.get("cpu_s"), 3), "-", "-", f"{r['tool']}, {r['runs']} runs, ~{r['events_in_range_about']} events"]


def _render(r: dict) -> list[str]:
    return ["render html", f"{r['events']:,} events", _n(r["median_s"], 2), _n(r.get("cpu_s"), 2), "-", "-",
            f"page {r['page_mb']} MB ({r['page_gzip_mb']} MB gzipped), {r['tool']}"]


def _help(r: dict) -> list[str]:
    return ["tracker --help", "", _n(r["median_s"], 3), _n(r.get("cpu_s"), 3), "-", "-", f"{r['tool']}, {r['runs']} runs"]


def _tagger(r: dict) -> list[str]:
    te3, t17 = r["te3"], r["t17"]
    return ["tagger alone, 1 core", f"TE3 {te3['words']:,} / t17 {t17['words']:,} words",
            f"{te3['seconds']:.2f} / {t17['seconds']:.2f}", f"{te3['cpu_s']:.2f} / {t17['cpu_s']:.2f}",
            f"{te3['words_per_cpu_s']:,} / {t17['words_per_cpu_s']:,} words/CPU-s", _n(r.get("peak_mb")),
            f"{r['pinned']}; t17 story {t17['story']}"]


def _merge_growth(r: dict) -> list[str]:
    parts = [f"{x['mentions']:,}: {x['cpu_s']:.2f} CPU-s" for x in r["rows"]]
    return ["merge alone, synthetic mentions", "", "-", "-", "; ".join(parts), _n(r.get("peak_mb")), ""]


def _generate(r: dict) -> list[str]:
    return ["generate synthetic corpus", f"{r['articles']:,} art., {r['words']:,} words", _n(r["seconds"], 1),
            "-", "-", "-", r["folder"]]


def _profile(r: dict) -> list[str]:
    top = r["top_own_time"][0] if r.get("top_own_time") else {}
    return ["cProfile of a build", f"{r['articles']:,} art.", _n(r["wall_s"], 1), "-", "-", "-",
            f"top own time: {top.get('function', '?')} {top.get('own_s', 0)} s"]


def _per_article(r: dict) -> list[str]:
    parts = ", ".join(f"{k} {v:.1f}" for k, v in sorted(r["parts_s"].items(), key=lambda kv: -kv[1]))
    return ["per-article stage, 1 process", f"{r['articles']} art., {r['words']:,} words", _n(r["seconds"], 1),
            _n(r["cpu_s"], 1), f"{r['articles_per_s']:.2f} art/s, {r['words_per_s']:,} words/s", _n(r.get("peak_mb")),
            f"seconds: {parts}"]


ROWS = {"per-article": _per_article, "build": _build, "add": _add, "query": _query, "render": _render, "help": _help, "tagger": _tagger,
        "merge-growth": _merge_growth, "generate": _generate, "profile": _profile}


def row(name: str, r: dict) -> list[str]:
    """job | what | size | wall s | CPU s | rate | peak MB | load | note"""
    kind = r.get("kind")
    if "skipped" in r:
        why = [line for line in r["skipped"].splitlines() if line.strip()] or [""]
        return [name, kind or "", "", "", "", "", "", _load(r), "skipped: " + why[-1].strip()[:160]]
    if kind not in ROWS:
        return [name, kind or "?", "", "", "", "", "", _load(r), ""]
    *cells, note = ROWS[kind](r)
    return [name, *cells, _load(r), note]


HEAD = ["job", "what", "size", "wall s", "CPU s", "rate", "peak MB", "load", "note"]


def stage_rows(jobs: dict) -> list[list[str]]:
    rows = []
    for name, r in jobs.items():
        if r.get("kind") in ("build", "add") and "stages_s" in r:
            wall = r["wall_s"] or 1
            cells = [f"{r['stages_s'].get(s, 0):,.1f} ({100 * r['stages_s'].get(s, 0) / wall:.0f}%)" for s in STAGES]
            rows.append([name, *cells, f"{r['other_s']:,.1f}", f"{wall:,.1f}"])
    return rows


def worker_rows(jobs: dict) -> list[list[str]]:
    """Seconds the pool's worker processes spent per stage, summed over the workers."""
    rows = []
    for name, r in jobs.items():
        found = r.get("worker_stages_s") or {}
        if r.get("kind") in ("build", "add") and found:
            rows.append([name, str(r.get("workers", "?")), *(f"{found.get(s, 0):,.1f}" for s in WORKER_STAGES),
                         f"{sum(found.values()):,.1f}"])
    return rows


def _grid(head: list[str], rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        return "\n".join(lines + ["| " + " | ".join(c.replace("|", "/") for c in r) + " |" for r in rows])
    widths = [max(len(str(c)) for c in col) for col in zip(head, *rows)]
    fmt = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths))  # noqa: E731
    return "\n".join([fmt(head), fmt(["-" * w for w in widths]), *map(fmt, rows)])


def render(saved: dict, markdown: bool = False) -> str:
    m = saved.get("machine", {})
    machine = (f"Machine: {m.get('cores')} cores ({m.get('cpu', '?')}), {m.get('ram_gb')} GB RAM, Python {m.get('python')}, "
               f"{m.get('system')}; commit {m.get('commit')}; {m.get('date')}. Load = 1-minute load average before/after the job.")
    jobs = saved.get("jobs", {})
    main = _grid(HEAD, [safe_row(n, r) for n, r in jobs.items()], markdown)
    stages = _grid(["job", *STAGES, "other", "wall"], stage_rows(jobs), markdown)
    text = f"{machine}\n\n{main}\n\nTime per stage, seconds (share of wall time):\n\n{stages}\n"
    workers = worker_rows(jobs)
    if workers:
        grid = _grid(["job", "workers", *WORKER_STAGES, "sum"], workers, markdown)
        text += f"\nInside the per-article pool: seconds per stage summed over the worker processes:\n\n{grid}\n"
    return text


def safe_row(name: str, r: dict) -> list[str]:
    try:
        return row(name, r)
    except (KeyError, TypeError, ValueError):
        return [name, r.get("kind", "?"), "", "", "", "", "", "", "written by an older harness: run the job again"]


def one_line(name: str, r: dict) -> str:
    cells = safe_row(name, r)
    return "bench: " + " | ".join(c for c in cells if c)
