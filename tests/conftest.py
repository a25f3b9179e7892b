"""Shared fixtures: the seed corpus built once per session into a temporary store."""

from __future__ import annotations

import os
import shutil
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


@pytest.fixture(scope="session")
def seed_events(seed_store):
    from tracker.query import read_events

    return read_events(seed_store)


CHROMIUM = "/usr/bin/chromium"
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage"]  # fmt: skip


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI is set, so the browser tests must run (make test installs chromium)")
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
