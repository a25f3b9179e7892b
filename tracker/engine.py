"""Where the per-article stage runs: this process, a pool of local processes, or a Dask cluster.

The per-article stage (`tracker.pipeline.Parsed.of`: tag, parse, mentions, meaning vectors) is a
pure function of one dated article, so it can run anywhere; the results come back keyed by
article, in the order of the input, whatever order the workers finish in: a parallel build stores
exactly what a serial one does. The merge runs window by window (tracker.merge.windows: parts of
the timeline no candidate pair joins); with `dask` each window is scored and clustered on the
cluster too, and the events are those of one run over everything. The store stays in this process.

- `local` (the default): this process for a few articles; from MIN_POOL articles on, a pool of
  `workers` processes (default: the cores this process may use), each loading spaCy and the
  meaning model once. A build or add starts the pool once (Workers): it reads the files, tags
  the batch for dating when an article has no day, then parses; it is closed before the merge.
- `dask`: the tasks go to a Dask cluster: the scheduler at `scheduler` (tcp://host:8786, whose
  workers have this same tracker installed), else a LocalCluster of `workers` processes started
  for the call and stopped after it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from tracker.errors import TrackerError
from tracker.types import Article

ENGINES = ("local", "dask")
MIN_POOL = 8  # fewer fresh articles than this are parsed here: starting workers costs seconds
CONNECT_TIMEOUT_S = 10  # how long to wait for a Dask scheduler to answer


Mapper = Callable[[Callable[[Any], Any], Sequence[Any]], list]  # map(function, items) -> results, in order


def map_here(function: Callable[[Any], Any], items: Sequence[Any]) -> list:
    """A Mapper that runs each item in this process (what a call without a pool uses)."""
    return [function(item) for item in items]


class EngineError(TrackerError):
    """The engine cannot run: an unknown engine, a scheduler that cannot be reached, Dask missing."""


@dataclass(frozen=True, slots=True)
class Engine:
    """How to run the per-article stage."""

    kind: str = "local"
    workers: int | None = None  # processes (local pool or LocalCluster); None: the usable cores
    scheduler: str | None = None  # a Dask scheduler's address (dask only)

    def __post_init__(self) -> None:
        if self.kind not in ENGINES:
            raise EngineError(f"unknown engine {self.kind!r}: use one of {', '.join(ENGINES)}")
        if self.scheduler and self.kind != "dask":
            raise EngineError("--scheduler needs --engine dask")
        if self.workers is not None and self.workers < 1:
            raise EngineError(f"--workers must be at least 1, not {self.workers}")

    def processes(self) -> int:
        return self.workers or usable_cores()


def usable_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def parse_one(task: tuple[Article, Sequence[Any] | None]) -> Any:
    """The per-article stage on one dated article and its tags when dating read them (what each
    worker runs)."""
    from tracker.pipeline import Parsed

    article, tags = task
    return Parsed.of(article, tags)


def run_parsed(articles: Sequence[Article], engine: Engine = Engine(), tick: Callable[[], None] | None = None,
               workers: Workers | None = None, keep: Callable[[Any], Any] | None = None,
               tags: Sequence[Sequence[Any] | None] | None = None) -> list:
    """`Parsed.of` of each article, in the input's order; `tick()` after each article done.
    `workers`: a local pool already started for this call (see Workers), used instead of a new one.
    `keep(parsed)` is what the list holds of each result, taken as it arrives (tracker.spill: a
    handle to it on disk, so a build of 10,000 articles never holds all their parses at once).
    `tags`: each article's time expressions when dating already tagged it on its day (None where
    not): the stage then does not tag it again."""
    tick = tick or (lambda: None)
    tasks = list(zip(articles, tags if tags is not None else [None] * len(articles), strict=True))
    if engine.kind == "dask":
        return _dask(tasks, engine, tick, keep or _same)
    if workers is not None:
        return workers.map(parse_one, tasks, tick, keep)
    with Workers(engine) as fresh:
        return fresh.map(parse_one, tasks, tick, keep)


def _same(value: Any) -> Any:
    return value


class Workers:
    """The local pool of one call, started when a stage first has MIN_POOL items for it and kept
    for the next stage: the workers that read the files (ingest) go on to parse them, so spawning
    them and importing tracker happens once, while this process would otherwise wait. Fresh
    processes (spawn: no state of this process is copied into them); `close()` (or leaving the
    `with` block) stops them. With the dask engine or one process everything runs here."""

    def __init__(self, engine: Engine = Engine()) -> None:
        self.engine = engine
        self._pool: Any = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def map(self, function: Callable[[Any], Any], items: Sequence[Any], tick: Callable[[], None] | None = None,
            keep: Callable[[Any], Any] | None = None) -> list:
        """`keep(function(item))` of each item (`function` alone by default), in the input's order;
        `tick()` after each item done. `keep` runs here, on each result as it arrives."""
        tick, keep = tick or (lambda: None), keep or _same
        if self.engine.kind != "local" or len(items) < MIN_POOL or self.engine.processes() < 2:
            return _here(function, items, tick, keep)
        return _pooled(self._started(len(items)), function, items, tick, keep)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _started(self, items: int) -> Any:
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(min(self.engine.processes(), items), mp_context=context)
        return self._pool


def _here(function: Callable[[Any], Any], items: Sequence[Any], tick: Callable[[], None], keep: Callable[[Any], Any]) -> list:
    out = []
    for item in items:
        out.append(keep(function(item)))
        tick()
    return out


def _pooled(pool: Any, function: Callable[[Any], Any], items: Sequence[Any], tick: Callable[[], None],
            keep: Callable[[Any], Any]) -> list:
    """Each item to the pool; a worker's error (a missing model: its own named error) is raised
    here, as in one process, and the items not started yet are cancelled. A finished future is
    let go once `keep` has its result (as_completed lets go of it too), so results that `keep`
    puts elsewhere are not all held here at once."""
    from concurrent.futures import as_completed

    # each worker loads spaCy and the encoder on its first article (functools.cache)
    pending = {pool.submit(function, item): n for n, item in enumerate(items)}
    out: list[Any] = [None] * len(items)
    try:
        for future in as_completed(list(pending)):
            out[pending.pop(future)] = keep(future.result())
            tick()
    except BaseException:
        for future in pending:
            future.cancel()
        raise
    return out


def _dask(tasks: Sequence[tuple[Article, Any]], engine: Engine, tick: Callable[[], None], keep: Callable[[Any], Any]) -> list:
    client, cluster = _client(engine)
    try:
        from distributed import as_completed

        keys = [f"parse-{n}-{article.content_hash[:16]}" for n, (article, _) in enumerate(tasks)]
        pending = dict(zip(client.map(parse_one, list(tasks), key=keys, pure=False), range(len(tasks)), strict=True))
        out: list[Any] = [None] * len(tasks)
        for future in as_completed(list(pending)):
            out[pending.pop(future)] = keep(future.result())
            future.release()
            tick()
        return out
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def map_windows(function: Callable[[Any], Any], tasks: Sequence[Any], engine: Engine) -> list:
    """`function` over the merge's time windows (tracker.merge.windows), results in the input's
    order: on the Dask cluster with the dask engine, else in this process (a window is small and
    its views are in memory here: a local pool would mostly copy them)."""
    if engine.kind != "dask" or len(tasks) < 2:
        return [function(task) for task in tasks]
    client, cluster = _client(engine)
    try:
        keys = [f"merge-window-{n}-{len(tasks)}" for n in range(len(tasks))]
        return client.gather(client.map(function, list(tasks), key=keys, pure=False))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _client(engine: Engine) -> tuple[Any, Any]:
    """A client of the scheduler at the engine's address, else of a LocalCluster started now."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as err:
        raise EngineError("--engine dask needs Dask: pip install 'tracker[dask]' (dask[distributed])") from err
    if engine.scheduler:
        try:
            return Client(engine.scheduler, timeout=CONNECT_TIMEOUT_S), None
        except (OSError, TimeoutError, ValueError) as err:
            raise EngineError(f"cannot reach the Dask scheduler at {engine.scheduler}: {_reason(err)}") from None
    cluster = LocalCluster(n_workers=engine.processes(), threads_per_worker=1, processes=True,
                           dashboard_address=":0", silence_logs=50)
    return Client(cluster), cluster


def _reason(err: BaseException) -> str:
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return text[:200]
