"""The seed timeline as `make timeline` builds it, opened offline in headless Chromium."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from conftest import SEEDS
from test_browser import Visit, hover_labels, open_visit
from tracker.cli import app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seedpage")
    result = CliRunner().invoke(app, ["build", str(SEEDS), "--store", str(folder / "t.db"),
                                      "--out", str(folder / "timeline.html")])
    assert result.exit_code == 0, result.output
    return folder / "timeline.html"


def _open(browser, path, tmp_path) -> Visit:
    seen = open_visit(browser.new_context(viewport={"width": 1280, "height": 900}), path)
    seen.page.screenshot(path=str(tmp_path / "seed-timeline.png"), full_page=True)
    return seen


def test_seed_timeline_hover_shows_the_press_conference_and_its_outlets(browser, seed_page, tmp_path):
    seen = _open(browser, seed_page, tmp_path)
    labels = hover_labels(seen)
    beijing = [label for label in labels if "Sep 3, 2025" in label and "Beijing" in label]
    assert len(beijing) == 1, labels
    squeezed = beijing[0].replace(" ", "")  # plotly wraps long labels, and the text loses the breaks
    for outlet in ("Kyiv Independent", "unknown outlet"):  # 001 and 004 name no outlet of their own
        assert outlet.replace(" ", "") in squeezed
    assert any("Sep 5, 2025" in label for label in labels)
    assert any("Aug 15, 2025" in label for label in labels)
    seen.assert_clean()


def test_seed_timeline_opens_on_the_story_span(browser, seed_page, tmp_path):
    seen = _open(browser, seed_page, tmp_path)
    start, end = seen.page.evaluate("() => document.getElementById('timeline-plot').layout.xaxis.range")
    assert start[:10] <= "2025-08-15" and end[:10] >= "2025-09-05"
    assert start[:7] >= "2025-07" and end[:7] <= "2025-09"
    seen.assert_clean()
