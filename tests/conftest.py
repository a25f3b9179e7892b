"""Shared fixtures: the seed corpus built once per session into a temporary store."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))


def seed(prefix: str) -> Path:
    """The seed file whose name starts with this prefix ("001")."""
    return next(p for p in SEED_FILES if p.name.startswith(prefix))


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory) -> Path:
    """A store built from seeds/ (built once; tests copy it before changing it)."""
    from tracker.pipeline import build

    path = tmp_path_factory.mktemp("seedstore") / "tracker.db"
    report = build([SEEDS], path)
    assert not report.problems, report.problems
    return path


@pytest.fixture
def seed_store_copy(seed_store, tmp_path) -> Path:
    target = tmp_path / "tracker.db"
    shutil.copy(seed_store, target)
    return target


# -- both store backends: the same tests run against SQLite and a real PostgreSQL server ----------
BACKENDS = ["sqlite", "postgres"]
_databases = itertools.count()


def _postgres_unavailable(reason: str) -> None:
    _unavailable(reason, "PostgreSQL", "postgresql")


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server of our own on a Unix socket (tests/pg_server.py); skips locally when
    PostgreSQL is not installed, fails under CI."""
    from pg_server import Server

    try:
        server = Server.start()
    except (RuntimeError, OSError, subprocess.SubprocessError) as err:
        _postgres_unavailable(f"cannot start PostgreSQL: {err}")
    yield server
    server.stop()


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def store_location(request, backend, tmp_path):
    """A fresh, empty store location of each backend: a file path, or a new database's URL."""
    if backend == "sqlite":
        return tmp_path / "s.db"
    return request.getfixturevalue("postgres").new_database(f"t{next(_databases)}")


@pytest.fixture(scope="session")
def pg_seed_store(postgres) -> str:
    """The seed store in PostgreSQL (database "seeds", a template for copies)."""
    from tracker.pipeline import build

    url = postgres.new_database("seeds")
    report = build([SEEDS], url)
    assert not report.problems, report.problems
    return url


@pytest.fixture(scope="session", params=BACKENDS)
def any_seed_store(request, seed_store):
    """The seed store on each backend (built once per backend)."""
    return seed_store if request.param == "sqlite" else request.getfixturevalue("pg_seed_store")


def seed_copy(request, backend: str, folder: Path):
    """A copy of the seed store to change, on the given backend."""
    if backend == "sqlite":
        target = folder / "tracker.db"
        shutil.copy(request.getfixturevalue("seed_store"), target)
        return target
    request.getfixturevalue("pg_seed_store")
    return request.getfixturevalue("postgres").new_database(f"t{next(_databases)}", template="seeds")


@pytest.fixture
def any_seed_store_copy(any_seed_store, tmp_path, request):
    """A copy of the seed store to change, on the same backend."""
    return seed_copy(request, "sqlite" if isinstance(any_seed_store, Path) else "postgres", tmp_path)


@pytest.fixture(scope="session")
def seed_events(seed_store):
    from tracker.query import read_events

    return read_events(seed_store)


CHROMIUM = "/usr/bin/chromium"
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage"]  # fmt: skip


def _unavailable(reason: str, tests: str = "browser", package: str = "chromium") -> None:
    """Skip locally; under CI a missing tool fails (make test installs it)."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI is set, so the {tests} tests must run (make test installs {package})")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium through Playwright (../shared/BROWSER.md); skips locally
    when it is missing, fails under CI."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed")
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} is missing")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS, headless=True)
        yield launched
        launched.close()
