"""Where the per-article stage runs (tracker/engine.py): a pool of local processes and a Dask
cluster give the same store as parsing everything in this process.

The articles are ours: the generated local-news corpus of tests/corpus.py (made-up towns and
people, several outlets per happening) and the happenings fixture we wrote. No timing is asserted.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.corpus import write_articles
from tracker.engine import MIN_POOL, Engine, EngineError, Workers, run_parsed
from tracker.intake import read_inputs
from tracker.pipeline import Flags, build, read_and_date
from tracker.store import read_store

HAPPENINGS = Path(__file__).parent / "data" / "happenings"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    """Twelve generated articles over six stories, and the three happenings articles."""
    folder = tmp_path_factory.mktemp("engine-corpus")
    paths = write_articles(folder / "local", 12, stories=6, seed=11)
    return [*paths, *sorted(HAPPENINGS.iterdir())]


def _content(store_path: Path) -> dict:
    """Everything a build stores that parsing decides: articles, mentions, vectors, events."""
    with read_store(store_path) as store:
        mentions = sorted(store.all_mentions(), key=lambda m: m.id)
        return {
            "articles": sorted(store.articles(), key=lambda a: a.id),
            "mentions": mentions,
            "vectors": store.vectors_of([m.id for m in mentions]),
            "events": sorted(store.events(), key=lambda e: e.id),
        }


@pytest.fixture(scope="module")
def serial(corpus, tmp_path_factory) -> dict:
    store = tmp_path_factory.mktemp("serial") / "s.db"
    report = build(corpus, store, Flags(), engine=Engine("local", workers=1))
    assert report.added and not report.problems
    return _content(store)


def test_the_corpus_is_large_enough_for_the_pool(corpus):
    from tracker.ingest import needs_day

    assert len(corpus) >= MIN_POOL
    # one article without a day: the pool also tags the batch for dating (pipeline._dating_tags)
    assert any(needs_day(a) for a in read_inputs(corpus).articles)


def test_a_pool_of_two_processes_stores_what_one_process_stores(corpus, serial, tmp_path):
    store = tmp_path / "p.db"
    build(corpus, store, Flags(), engine=Engine("local", workers=2))
    parallel = _content(store)
    assert serial["events"] and serial["vectors"]  # the comparison compares something
    for part in ("articles", "mentions", "vectors", "events"):
        assert parallel[part] == serial[part], part


@pytest.mark.parametrize("workers", [1, 2], ids=["here", "pool"])
def test_a_build_holds_one_parse_at_a_time_the_others_wait_on_disk(corpus, serial, tmp_path, monkeypatch, workers):
    """Each parse goes to the spill file as it arrives from the workers (tracker.spill) and comes
    back one at a time for the write: the parses of a build are never all in memory at once."""
    import gc

    from tracker import spill
    from tracker.pipeline import Parsed

    alive: list[int] = []  # at each put: how many of the parses put before are still objects here
    done: set[str] = set()
    put, get = spill.Spill.put, spill.Spill.get

    def counting_put(self, value):
        gc.collect()
        alive.append(sum(isinstance(o, Parsed) and o.article.id in done for o in gc.get_objects()))
        done.add(value.article.id)
        return put(self, value)

    read_back = []
    monkeypatch.setattr(spill.Spill, "put", counting_put)
    monkeypatch.setattr(spill.Spill, "get", lambda self, handle: read_back.append(handle) or get(self, handle))
    store = tmp_path / "s.db"
    build(corpus, store, Flags(), engine=Engine("local", workers=workers))
    assert len(alive) == len(read_back) == len(serial["articles"]) >= MIN_POOL
    assert not any(alive)
    assert _content(store) == serial


def test_results_come_back_in_the_input_order_and_each_article_is_counted(corpus):
    articles, problems = read_and_date(corpus[:MIN_POOL])
    assert not problems
    ticks = []
    parsed = run_parsed(articles, Engine("local", workers=2), lambda: ticks.append(1))
    assert [p.article for p in parsed] == articles
    assert len(ticks) == len(articles)
    assert any(p.mentions for p in parsed)


def test_files_read_by_the_pool_are_what_this_process_reads_in_order_with_their_problems(corpus, tmp_path):
    empty = tmp_path / "menu-only.txt"
    empty.write_text("Home | News | Sport | Weather\n", encoding="utf-8")
    inputs = [*corpus[:5], empty, tmp_path / "missing.txt", *corpus[5:]]
    here = read_inputs(inputs, Flags())
    with Workers(Engine("local", workers=2)) as workers:
        pooled = read_inputs(inputs, Flags(), mapper=workers.map)
        assert workers._pool is not None  # the files were read by the pool
    assert len(here.articles) == len(corpus) and len(here.problems) == 2
    assert pooled == here


def test_the_pool_that_read_the_files_parses_them():
    """One pool for the call: the second stage runs in the processes the first one started."""
    import os

    pid = os.readlink  # of "/proc/self": the process that runs it (Linux)
    with Workers(Engine("local", workers=2)) as workers:
        first = set(workers.map(pid, ["/proc/self"] * MIN_POOL))
        second = set(workers.map(pid, ["/proc/self"] * MIN_POOL))
    assert str(os.getpid()) not in first | second and len(first | second) <= 2
    with Workers(Engine("local", workers=2)) as workers:  # too few items: no pool is started
        assert workers.map(pid, ["/proc/self"] * 2) == [str(os.getpid())] * 2 and workers._pool is None


def test_engine_settings_are_checked():
    with pytest.raises(EngineError, match="unknown engine 'spark'"):
        Engine("spark")
    with pytest.raises(EngineError, match="--scheduler needs --engine dask"):
        Engine("local", scheduler="tcp://127.0.0.1:8786")


# -- Dask ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of two worker processes, one thread each (what --engine dask starts too)."""
    distributed = pytest.importorskip("distributed")
    local = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                     silence_logs=50)
    yield local
    local.close()


def test_a_dask_cluster_of_two_workers_stores_what_one_process_stores(corpus, serial, cluster, tmp_path):
    store = tmp_path / "d.db"
    report = build(corpus, store, Flags(), engine=Engine("dask", scheduler=cluster.scheduler_address))
    assert len(report.added) == len(serial["articles"])
    found = _content(store)
    for part in ("articles", "mentions", "vectors", "events"):
        assert found[part] == serial[part], part
    from distributed import Client

    with Client(cluster.scheduler_address) as client:
        assert len(client.scheduler_info()["workers"]) == 2  # two processes did the parsing


def test_dask_without_a_scheduler_starts_its_own_local_cluster(corpus, tmp_path):
    pytest.importorskip("distributed")
    articles, _ = read_and_date(corpus[:3])
    parsed = run_parsed(articles, Engine("dask", workers=2))
    assert [p.article for p in parsed] == articles
    assert [p.mentions for p in parsed] == [p.mentions for p in run_parsed(articles, Engine("local", workers=1))]


def test_an_unreachable_scheduler_is_one_line_naming_it_and_the_store_is_unchanged(corpus, tmp_path):
    pytest.importorskip("distributed")
    store = tmp_path / "u.db"
    build(corpus[:2], store, Flags(), engine=Engine("local", workers=1))
    before = store.read_bytes()
    address = "tcp://127.0.0.1:9"  # the discard port: nothing listens there
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "build", *map(str, corpus[:3]), "--store", str(store), "--out",
         str(tmp_path / "t.html"), "--engine", "dask", "--scheduler", address],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and address in lines[0] and lines[0].startswith("tracker: cannot reach the Dask scheduler")
    assert "Traceback" not in done.stderr
    assert store.read_bytes() == before


def test_the_merge_runs_window_by_window_on_the_dask_cluster(cluster):
    """The merge's time windows are tasks of the cluster, results in the input's order; the
    in-process engine runs the same function here."""
    pytest.importorskip("distributed")
    from tracker.engine import map_windows

    def where(task):
        from distributed import get_worker

        return task, get_worker().address

    tasks = ["window-a", "window-b", "window-c"]
    results = map_windows(where, tasks, Engine("dask", scheduler=cluster.scheduler_address))
    assert [task for task, _ in results] == tasks
    assert all(address.startswith("tcp://") for _, address in results)
    assert map_windows(str.upper, tasks, Engine("local", workers=1)) == ["WINDOW-A", "WINDOW-B", "WINDOW-C"]


def test_a_spill_gives_back_each_value_it_was_given_in_any_order():
    from tracker.spill import Spill

    values = [{"id": n, "text": "word " * n} for n in range(5)]
    with Spill() as spill:
        handles = [spill.put(v) for v in values]
        assert [spill.get(h) for h in reversed(handles)] == values[::-1]
        assert spill.get(handles[2]) == values[2]


def test_the_days_an_estimate_will_ask_about_are_tagged_on_the_pool_once():
    """Dating's resolver (pipeline._Tags) takes the candidate days of every undated article of a
    round at once and tags them on the pool; the estimate's questions are then answered from
    memory, the same tags as tagging them here, and a day asked again is not tagged again."""
    from datetime import date, timedelta

    from tracker.pipeline import _Tags
    from tracker.temporal import tag_each

    texts = [f"Crews reopened road {n} on Friday after the storm, the council said on Monday. "
             f"Repairs began on Wednesday." for n in range(MIN_POOL + 2)]
    days = [date(2026, 3, 2) + timedelta(days=k) for k in range(5)]
    asked: list[int] = []
    with Workers(Engine("local", workers=2)) as workers:

        def counting(function, items):
            asked.append(len(items))
            return workers.map(function, items)

        tags = _Tags({}, {}, counting)
        tags.prefetch([(text, days) for text in texts])
        assert asked == [len(texts)]
        for text in texts:
            assert tags(text, days[1:3]) == {d: tag_each(text, [d])[d] for d in days[1:3]}
        tags.prefetch([(text, days[:2]) for text in texts])  # nothing new to tag
    assert asked == [len(texts)]
    friday = {t.text: t.value for t in tags(texts[0], [days[3]])[days[3]]}["Friday"]
    assert friday == "2026-03-06"  # a candidate day read as the latest the text reports: the nearest Friday
