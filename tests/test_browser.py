"""The timeline page in a real browser (headless Chromium, offline), as a reader uses it.

Follows ../shared/BROWSER.md: Debian's /usr/bin/chromium through Playwright, every request that is
not file:, data: or blob: blocked (and asserted absent), console errors, page errors and dialogs
collected. The story is the hand-made one of render_fixtures, so this needs no other stage.
A screenshot of every visit lands in the test's tmp folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import render_fixtures as story
from tracker.render import render_html

pytestmark = pytest.mark.browser

LOCAL_SCHEMES = ("file:", "data:", "blob:")
MAIN_POINTS = ".cartesianlayer .scatterlayer .points path"  # not the range slider's copies
# Points drawn in the main plot, counted from plotly's own calculated data (bars and markers).
COUNT_PLOTTED = """() => document.getElementById('timeline-plot').calcdata
    .reduce((n, trace) => n + trace.filter(pt => Number.isFinite(pt.y) || Number.isFinite(pt.p)).length, 0)"""


@pytest.fixture(scope="module")
def events():
    return story.make_events()


@pytest.fixture(scope="module")
def page_file(tmp_path_factory, events) -> Path:
    path = tmp_path_factory.mktemp("page") / "timeline.html"
    path.write_text(render_html(events, story.make_articles(), built_at="2024-03-09 10:00 UTC"), encoding="utf-8")
    return path


@dataclass
class Visit:
    page: Any
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.blocked == [], "the page asked for the network"
        assert self.console_errors == []
        assert self.page_errors == []
        assert self.dialogs == [], "article text ran as script"

    def redraw(self, action) -> None:
        """Do `action` and wait until the page has redrawn the plot because of it."""
        before = self.page.evaluate("Number(document.body.dataset.draws)")
        action()
        self.page.wait_for_function("n => Number(document.body.dataset.draws) > n", arg=before)

    def shown(self) -> dict[str, Any]:
        return {
            "plotted": self.page.evaluate(COUNT_PLOTTED),
            "rows": self.page.locator("#events-table tbody tr").all_inner_texts(),
            "undated": self.page.locator("#undated-list > li").count(),
        }


def open_visit(context, path: Path) -> Visit:
    """Open a page file in a browser context, recording errors, dialogs and blocked requests."""
    page = context.new_page()
    seen = Visit(page)
    page.on("console", lambda msg: seen.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: seen.page_errors.append(str(err)))
    page.on("dialog", lambda dialog: (seen.dialogs.append(dialog.message), dialog.dismiss()))

    def route(r):
        if r.request.url.startswith(LOCAL_SCHEMES):
            r.continue_()
        else:
            seen.blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_selector(MAIN_POINTS)
    return seen


@pytest.fixture
def visit(browser, page_file, tmp_path):
    """Open the page at a width; yields a factory so a test can choose the viewport."""
    contexts = []

    def open_page(width: int = 1280, height: int = 900) -> Visit:
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        return open_visit(context, page_file)

    yield open_page
    for i, context in enumerate(contexts):
        for page in context.pages:
            page.screenshot(path=str(tmp_path / f"visit-{i}.png"), full_page=True)
        context.close()


def hover_labels(seen: Visit) -> list[str]:
    """Move the real mouse onto every marker of the main plot and read plotly's hover label."""
    page, labels = seen.page, []
    for point in page.locator(MAIN_POINTS).all():
        box = point.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_selector(".hoverlayer .hovertext")
        labels.append(page.locator(".hoverlayer .hovertext").first.text_content())
        page.mouse.move(1, 1)
        page.wait_for_selector(".hoverlayer .hovertext", state="detached")
    return labels


def point_of(seen: Visit, title: str):
    """The marker whose hover label carries `title`, found with the mouse as a reader would."""
    page = seen.page
    for point in page.locator(MAIN_POINTS).all():
        box = point.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_selector(".hoverlayer .hovertext")
        if title in page.locator(".hoverlayer .hovertext").first.text_content():
            return box
        page.mouse.move(1, 1)
        page.wait_for_selector(".hoverlayer .hovertext", state="detached")
    raise AssertionError(f"no marker for {title!r}")


def dated(events, keep=lambda e: True) -> list:
    return [e for e in events if keep(e) and e.time is not None]


def test_page_loads_offline_with_no_errors(visit, events):
    seen = visit()
    shown = seen.shown()
    assert shown["plotted"] == len(dated(events))
    assert len(shown["rows"]) == len(events)
    assert shown["undated"] == 1
    assert seen.page.locator("h1").inner_text().startswith("Timeline")
    seen.assert_clean()


def test_hover_shows_title_date_and_outlets(visit, events):
    seen = visit()
    labels = hover_labels(seen)
    assert len(labels) == len([e for e in dated(events) if e.time.kind == "day"])
    vote = next(label for label in labels if "Council votes to close the Harbor Bridge" in label)
    assert "Mar 4, 2024 (exact day)" in vote
    assert "Outlets: Ellis Gazette, Metro Daily, The Ledger" in vote
    protest = next(label for label in labels if "Protest outside city hall" in label)
    assert "date inferred" in protest
    seen.assert_clean()


def test_bars_show_uncertain_dates_over_their_span(visit, events):
    seen = visit()
    bars = seen.page.evaluate(
        """() => document.getElementById('timeline-plot').data
            .filter(t => t.type === 'bar').flatMap(t => t.base.map((b, i) => [b, t.x[i] / 86400000]))"""
    )
    spans = sorted((e.time.start.isoformat(), e.time.days) for e in dated(events) if e.time.kind != "day")
    assert sorted(map(tuple, bars)) == spans
    seen.assert_clean()


def test_events_on_one_day_in_one_lane_do_not_overlap(visit):
    seen = visit()
    rows = seen.page.evaluate(
        """() => {
            const data = JSON.parse(document.getElementById('tracker-data').textContent);
            const wanted = new Set(data.events.filter(e => e.start === '2024-03-04' && e.precision === 'day').map((e, i) => e.title));
            const gd = document.getElementById('timeline-plot');
            return gd.data.flatMap(t => t.customdata.map((c, i) => [data.events[c].title, t.y[i]]))
                .filter(([title]) => wanted.has(title));
        }"""
    )
    assert len(rows) == 2
    assert rows[0][1] != rows[1][1]
    seen.assert_clean()


def test_click_on_event_opens_its_mentions_by_outlet(visit):
    seen = visit()
    page = seen.page
    box = point_of(seen, "Council votes to close the Harbor Bridge")
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    panel = page.locator("#panel")
    panel.wait_for(state="visible")
    assert page.locator("#panel-title").inner_text() == "Council votes to close the Harbor Bridge"
    columns = page.locator("#panel-outlets .outlet h4").all_inner_texts()
    assert columns == ["Ellis Gazette", "Metro Daily", "The Ledger"]
    assert page.locator("#panel mark").all_inner_texts() == ["on Monday", "March 4", "March 4"]
    links = page.locator("#panel a").evaluate_all("links => links.map(a => a.href)")
    assert links == ["https://gazette.example/bridge-closure", "https://metro.example/news/1?a=1&b=2",
                     "http://ledger.example/bridge"]  # fmt: skip
    assert "Published Mar 8, 2024" in panel.inner_text()
    seen.assert_clean()


def test_conflicting_dates_are_shown_in_the_panel(visit):
    seen = visit()
    seen.page.locator("#events-table tbody tr", has_text="Ferry service resumes").click()
    text = seen.page.locator("#panel").inner_text()
    assert "Outlets disagree on the date" in text
    assert "2024-03-06: Metro Daily" in text
    seen.assert_clean()


@pytest.mark.parametrize(
    ("control", "value", "keep"),
    [
        ("#filter-outlet", "Coast Radio", lambda e: "Coast Radio" in e.outlets),
        ("#filter-actor", "State Highway Agency", lambda e: "State Highway Agency" in e.actors),
        ("#filter-place", "City Hall", lambda e: "City Hall" in e.places),
        ("#filter-told", "2", lambda e: len(e.sources) >= 2),
    ],
)
def test_each_select_filter_changes_plot_table_and_list(visit, events, control, value, keep):
    seen = visit()
    seen.redraw(lambda: seen.page.select_option(control, value))
    shown = seen.shown()
    expected = [e for e in events if keep(e)]
    assert 0 < len(expected) < len(events)
    assert shown["plotted"] == len(dated(events, keep))
    assert sorted(row.split("\t")[1] for row in shown["rows"]) == sorted(e.title for e in expected)
    seen.redraw(lambda: seen.page.click("#filter-reset"))
    assert seen.shown()["plotted"] == len(dated(events))
    seen.assert_clean()


def test_told_by_offers_only_counts_some_event_reaches(visit, events):
    seen = visit()
    options = seen.page.locator("#filter-told option").all_text_contents()
    most = max(len(e.sources) for e in events)
    assert most == 3 and options == ["any number of articles", "2 articles or more", "3 articles or more"]
    seen.redraw(lambda: seen.page.select_option("#filter-told", "3"))
    rows = seen.shown()["rows"]
    assert [row.split("\t")[1] for row in rows] == [e.title for e in events if len(e.sources) == 3]
    seen.assert_clean()


def test_search_filters_sentences_and_undated_list(visit, events):
    seen = visit()
    seen.redraw(lambda: seen.page.fill("#filter-search", "petition"))
    shown = seen.shown()
    assert shown == {"plotted": 0, "rows": [shown["rows"][0]], "undated": 1}
    assert "Residents petition for a new crossing" in shown["rows"][0]
    # words found only in a sentence, not in the title
    seen.redraw(lambda: seen.page.fill("#filter-search", "first ferry"))
    shown = seen.shown()
    assert shown["plotted"] == 1 and shown["undated"] == 0
    assert "Ferry service resumes" in shown["rows"][0]
    seen.assert_clean()


def test_lanes_switch_between_actor_and_place(visit):
    seen = visit()
    ticks = "() => document.getElementById('timeline-plot').layout.yaxis.ticktext"
    assert "Mayor Ana Ortiz" in seen.page.evaluate(ticks)
    seen.redraw(lambda: seen.page.select_option("#lane-mode", "place"))
    by_place = seen.page.evaluate(ticks)
    assert "City Hall" in by_place and "Mayor Ana Ortiz" not in by_place
    seen.assert_clean()


def test_hostile_article_runs_nothing_and_shows_literally(visit):
    seen = visit()
    page = seen.page
    label = next(text for text in hover_labels(seen) if "spreads" in text)
    assert story.HOSTILE_IMG in label and story.HOSTILE_SCRIPT in label
    page.locator("#events-table tbody tr", has_text="spreads").press("Enter")
    panel = page.locator("#panel")
    panel.wait_for(state="visible")
    assert story.HOSTILE_IMG in page.locator("#panel-title").inner_text()
    assert story.HOSTILE_SCRIPT in panel.inner_text()
    assert page.locator("#panel-outlets .outlet h4").inner_text() == story.HOSTILE_OUTLET
    assert page.locator("#panel a").count() == 0, "a javascript: URL became a link"
    assert page.locator("img, a[href^='javascript' i]").count() == 0
    assert story.HOSTILE_ACTOR in page.locator(".ytick text").all_text_contents()
    assert story.HOSTILE_PLACE in page.locator("#filter-place option").all_text_contents()
    page.wait_for_timeout(200)  # a handler such as onerror would have fired by now
    seen.assert_clean()


def test_phone_width_has_no_horizontal_scroll(visit, tmp_path):
    seen = visit(width=390, height=844)
    page = seen.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("#events-table tbody tr", has_text="Council votes").click()
    page.locator("#panel").wait_for(state="visible")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
    assert (tmp_path / "phone.png").stat().st_size > 0
    seen.assert_clean()


def test_keyboard_reaches_every_control_and_the_table(visit):
    seen = visit()
    page = seen.page
    focused = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
        if focused[-1] == "TR":
            break
    for control in ("lane-mode", "filter-outlet", "filter-actor", "filter-place", "filter-told", "filter-search", "filter-reset"):
        assert control in focused
    assert focused[-1] == "TR", f"Tab never reached the table: {focused}"
    first_title = page.evaluate("document.activeElement.cells[1].textContent")
    page.keyboard.press("Enter")
    page.locator("#panel").wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == "panel-title"
    assert page.locator("#panel-title").inner_text() == first_title
    page.keyboard.press("Escape")
    assert page.locator("#panel").is_hidden()
    assert page.evaluate("document.activeElement.tagName") == "TR"
    seen.assert_clean()
