"""Where the per-article stage runs: this process, a pool of local processes, or a Dask cluster.

The per-article stage (`tracker.pipeline.Parsed.of`: tag, parse, mentions, meaning vectors) is a
pure function of one dated article, so it can run anywhere; the results come back keyed by
article, in the order of the input, whatever order the workers finish in: a parallel build stores
exactly what a serial one does. Merging (per time window) and the store stay in this process.

- `local` (the default): this process for a few articles; from MIN_POOL articles on, a pool of
  `workers` processes (default: the cores this process may use), each loading spaCy and the
  meaning model once.
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


def parse_one(article: Article) -> Any:
    """The per-article stage on one dated article (what each worker runs)."""
    from tracker.pipeline import Parsed

    return Parsed.of(article)


def run_parsed(articles: Sequence[Article], engine: Engine = Engine(), tick: Callable[[], None] | None = None) -> list:
    """`Parsed.of` of each article, in the input's order; `tick()` after each article done."""
    tick = tick or (lambda: None)
    if engine.kind == "dask":
        return _dask(articles, engine, tick)
    if len(articles) < MIN_POOL or engine.processes() < 2:
        return _here(articles, tick)
    return _pool(articles, engine.processes(), tick)


def _here(articles: Sequence[Article], tick: Callable[[], None]) -> list:
    out = []
    for article in articles:
        out.append(parse_one(article))
        tick()
    return out


def _pool(articles: Sequence[Article], processes: int, tick: Callable[[], None]) -> list:
    """A pool of fresh processes (spawn: no state of this process is copied into them)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    context = multiprocessing.get_context("spawn")
    # each worker loads spaCy and the encoder on its first article (functools.cache): a missing
    # model raises its own named error here, as in one process
    with ProcessPoolExecutor(min(processes, len(articles)), mp_context=context) as pool:
        futures = [pool.submit(parse_one, article) for article in articles]
        try:
            for _ in as_completed(futures):
                tick()
        except BaseException:
            for future in futures:
                future.cancel()
            raise
        return [future.result() for future in futures]


def _dask(articles: Sequence[Article], engine: Engine, tick: Callable[[], None]) -> list:
    client, cluster = _client(engine)
    try:
        from distributed import as_completed

        keys = [f"parse-{n}-{article.content_hash[:16]}" for n, article in enumerate(articles)]
        futures = client.map(parse_one, list(articles), key=keys, pure=False)
        for _ in as_completed(futures):
            tick()
        return client.gather(futures)
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
