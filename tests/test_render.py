"""The timeline page's data and the exports, on the hand-made story of render_fixtures."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from datetime import date

import pytest

import render_fixtures as story
from tracker.render import describe_time, render_html, to_csv, to_markdown, to_timelinejs
from tracker.render.payload import WEBGL_THRESHOLD, page_data
from tracker.render.story import safe_url, story_span
from tracker.types import Precision, TimeValue

BUILT = "2024-03-09 10:00 UTC"
DATA_BLOCK = re.compile(r'<script type="application/json" id="tracker-data">(.*?)</script>', re.S)


def tv(start: str, end: str, precision: Precision, mod: str | None = None) -> TimeValue:
    return TimeValue(date.fromisoformat(start), date.fromisoformat(end), precision, mod)


@pytest.fixture(scope="module")
def events():
    return story.make_events()


@pytest.fixture(scope="module")
def articles():
    return story.make_articles()


@pytest.fixture(scope="module")
def page(events, articles) -> str:
    return render_html(events, articles, built_at=BUILT)


def by_title(events, start: str):
    return next(e for e in events if e.title.startswith(start))


# ---- dates in words -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (None, "undated"),
        (TimeValue.day(date(2025, 9, 3)), "Sep 3, 2025"),
        (tv("2025-09-03", "2025-09-03", Precision.DAY, "APPROX"), "around Sep 3, 2025"),
        (tv("2025-09-01", "2025-09-04", Precision.WEEK, "START"), "Sep 1-4, 2025 (early in the week)"),
        (tv("2025-09-01", "2025-09-04", Precision.WEEK), "Sep 1-4, 2025 (week)"),
        (tv("2025-09-01", "2025-09-07", Precision.WEEK), "week of Sep 1-7, 2025"),
        (tv("2025-09-29", "2025-10-05", Precision.WEEK), "week of Sep 29-Oct 5, 2025"),
        (tv("2025-08-01", "2025-08-31", Precision.MONTH), "August 2025"),
        (tv("2025-08-01", "2025-08-10", Precision.MONTH, "START"), "early August 2025"),
        (tv("2025-08-11", "2025-08-20", Precision.MONTH, "MID"), "mid-August 2025"),
        (tv("2025-08-01", "2025-09-30", Precision.MONTH), "Aug-Sep 2025"),
        (tv("2024-12-01", "2025-01-31", Precision.MONTH), "Dec 2024-Jan 2025"),
        (tv("2022-01-01", "2022-12-31", Precision.YEAR), "2022"),
        (tv("2022-01-01", "2022-04-30", Precision.YEAR, "START"), "early 2022"),
        (tv("2022-01-01", "2022-12-31", Precision.YEAR, "END"), "late 2022"),
        (tv("2021-01-01", "2022-12-31", Precision.YEAR), "2021-2022"),
        (tv("2022-01-01", "2022-03-31", Precision.QUARTER), "Q1 2022"),
        (tv("2025-08-30", "2025-09-02", Precision.DAY), "Aug 30-Sep 2, 2025"),
        (tv("2024-12-30", "2025-01-02", Precision.DAY), "Dec 30, 2024-Jan 2, 2025"),
    ],
)
def test_describe_time_keeps_precision(value, words):
    assert describe_time(value) == words


# ---- TimelineJS -----------------------------------------------------------------------------------


def test_timelinejs_dates_carry_only_known_parts(events, articles):
    slides = {s["text"]["headline"]: s for s in to_timelinejs(events, articles)["events"]}
    day = slides["Council votes to close the Harbor Bridge"]
    assert day["start_date"] == {"year": 2024, "month": 3, "day": 4}
    assert "end_date" not in day and "display_date" not in day
    month = slides["Inspection report filed with the council"]
    assert month["start_date"] == {"year": 2024, "month": 2}
    assert "end_date" not in month and month["display_date"] == "February 2024"
    year = slides["Bridge last repaired"]
    assert year["start_date"] == {"year": 2022} and year["display_date"] == "Early 2022"
    week = slides["Engineers inspect cracks in the bridge deck"]
    assert week["end_date"] == {"year": 2024, "month": 3, "day": 7}
    assert week["display_date"] == "Mar 4-7, 2024 (early in the week)"
    span = slides["Traffic diverted to the ring road"]
    assert (span["start_date"]["day"], span["end_date"]) == (26, {"year": 2024, "month": 3, "day": 1})


def test_timelinejs_groups_ids_order_and_undated(events, articles):
    doc = to_timelinejs(events, articles)
    slides = doc["events"]
    dated = [e for e in events if e.time is not None]
    assert sorted(s["unique_id"] for s in slides) == sorted(e.id for e in dated)
    starts = [tuple(s["start_date"].get(k, 0) for k in ("year", "month", "day")) for s in slides]
    assert starts == sorted(starts)
    vote = next(s for s in slides if s["text"]["headline"].startswith("Council votes"))
    assert vote["group"] == "Mayor Ana Ortiz"
    assert "Residents petition for a new crossing" in doc["title"]["text"]["text"]
    assert json.loads(json.dumps(doc)) == doc


def test_timelinejs_escapes_article_text_and_drops_unsafe_links(events, articles):
    doc = to_timelinejs(events, articles)
    hostile = next(s for s in doc["events"] if "spreads" in s["text"]["headline"])
    blob = json.dumps(hostile)
    assert "<img" not in blob and "<script" not in blob and "javascript:" not in blob
    assert "&lt;img src=x onerror=alert(1)&gt;" in hostile["text"]["headline"]
    assert "&lt;b&gt;Evil&lt;/b&gt; News &amp; Co" in hostile["text"]["text"]
    vote = next(s for s in doc["events"] if s["text"]["headline"].startswith("Council votes"))
    assert '<a href="https://metro.example/news/1?a=1&amp;b=2"' in vote["text"]["text"]
    ferry = next(s for s in doc["events"] if s["text"]["headline"].startswith("Ferry"))
    assert "Dates disagree" in ferry["text"]["text"]


# ---- CSV and Markdown -----------------------------------------------------------------------------


def test_csv_has_one_row_per_event_in_time_order(events):
    rows = list(csv.DictReader(io.StringIO(to_csv(events))))
    assert list(rows[0]) == ["id", "start", "end", "precision", "title", "actors", "places", "outlets",
                             "sources", "n_mentions", "conflicts"]  # fmt: skip
    assert len(rows) == len(events)
    assert [r["start"] for r in rows[:-1]] == sorted(r["start"] for r in rows[:-1])
    assert (rows[-1]["title"], rows[-1]["start"], rows[-1]["precision"]) == ("Residents petition for a new crossing", "", "unknown")
    vote = next(r for r in rows if r["title"].startswith("Council votes"))
    assert vote["outlets"] == "Ellis Gazette; Metro Daily; The Ledger"
    assert (vote["precision"], vote["n_mentions"]) == ("day", "3")
    month = next(r for r in rows if r["title"].startswith("Inspection report"))
    assert (month["start"], month["end"], month["precision"]) == ("2024-02-01", "2024-02-29", "month")
    ferry = next(r for r in rows if r["title"].startswith("Ferry"))
    assert "Metro Daily gives 2024-03-06" in ferry["conflicts"]


def test_csv_defuses_spreadsheet_formulas(events):
    formula = replace(events[0], title='=HYPERLINK("http://evil.example","click")')
    row = next(csv.DictReader(io.StringIO(to_csv([formula]))))
    assert row["title"] == "'" + formula.title


def test_markdown_chronology_with_quotes_and_undated_last(events, articles):
    text = to_markdown(events, articles)
    items = [line for line in text.splitlines() if line.startswith("- **")]
    assert len(items) == len(events)
    assert items[0].startswith("- **Early 2022**: Bridge last repaired (The Ledger)")
    assert items[3].startswith("- **Mar 4, 2024**: Council votes to close the Harbor Bridge (Ellis Gazette, Metro Daily, The Ledger)")
    assert text.index("## Undated") < text.index("Residents petition")
    quotes = [line for line in text.splitlines() if line.startswith("  > ")]
    assert len(quotes) == len(events)
    assert "(date inferred)" in next(i for i in items if "Protest" in i)
    assert not re.search(r"(?<!\\)<", text), "raw < would be read as HTML"
    assert "\\<img src=x onerror=alert(1)\\>" in text


# ---- the page -------------------------------------------------------------------------------------


def embedded_data(page: str) -> dict:
    blocks = DATA_BLOCK.findall(page)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_page_data_block_cannot_be_broken_out_of(page, events):
    block = DATA_BLOCK.findall(page)[0]
    assert "<" not in block and ">" not in block and "&" not in block
    assert "\\u003c/script\\u003e" in block
    assert page.lower().count("</script") == 4  # data, plotly config, plotly.js, page.js: nothing more
    data = embedded_data(page)
    hostile = next(e for e in data["events"] if "spreads" in e["title"])
    assert hostile["title"] == f"Post {story.HOSTILE_IMG} spreads {story.HOSTILE_SCRIPT}"
    assert hostile["mentions"][0]["source"] == story.HOSTILE_OUTLET


def test_page_escapes_labels_that_plotly_renders(page):
    data = embedded_data(page)
    hostile = next(e for e in data["events"] if "spreads" in e["title"])
    assert "<img" not in hostile["hover"] and "&lt;img src=x onerror=alert(1)&gt;" in hostile["hover"]
    assert "&lt;b&gt;Evil&lt;/b&gt; News &amp; Co" in hostile["hover"]
    labels = dict(data["meta"]["lanes"]["actor"])
    assert labels[story.HOSTILE_ACTOR] == "Bob &lt;i&gt;Hostile&lt;/i&gt;"


def test_page_is_self_contained_and_never_links_unsafe_urls(page):
    assert "javascript:alert(3)" not in page
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=", page)
    assert len(page) > 3_000_000 and "Plotly" in page  # plotly.js is inlined
    data = embedded_data(page)
    assert data["articles"]["hostile-0307"]["url"] is None
    assert data["articles"]["ledger-0306"]["url"] == "http://ledger.example/bridge"


def test_page_opens_on_the_story_span(page, events):
    data = embedded_data(page)
    xaxis = data["layout"]["xaxis"]
    # fine events run Feb 26 - Mar 7; early 2022 and the February month are background
    assert data["meta"]["span"] == ["2024-02-26", "2024-03-07"]
    assert xaxis["range"] == ["2024-02-25", "2024-03-09"]
    assert xaxis["rangeslider"]["visible"] is True
    assert [b["label"] for b in xaxis["rangeselector"]["buttons"]] == ["1 week", "2 weeks", "all"]
    assert "Feb 26-Mar 7, 2024 · 10 events (1 undated) · 5 articles from 5 outlets · built 2024-03-09 10:00 UTC" in page
    assert len(data["events"]) == len(events)


def test_page_event_views(page):
    events = {e["title"]: e for e in embedded_data(page)["events"]}
    week = events["Engineers inspect cracks in the bridge deck"]
    assert (week["kind"], week["x0"], week["x1"], week["days"]) == ("range", "2024-03-04", "2024-03-08", 4)
    assert events["Protest outside city hall over the closure"]["flagged"] is True
    assert events["Ferry service resumes across the harbor"]["flagged"] is True
    assert events["Council votes to close the Harbor Bridge"]["flagged"] is False
    assert events["Council votes to close the Harbor Bridge"]["n_outlets"] == 3
    assert events["Residents petition for a new crossing"]["x0"] is None
    assert events["Mayor Ortiz holds a press briefing on the closure"]["lane_place"] == "City Hall"


def test_the_page_carries_what_it_shows_of_a_mention_and_the_export_keeps_the_rest(page, events):
    from tracker.records import event_record

    shown = {e["id"]: e for e in embedded_data(page)["events"]}
    for event in events:
        record = event_record(event)
        for kept, full in zip(shown[event.id]["mentions"], record["mentions"], strict=True):
            # the page: where a mention comes from, its sentence and the words its date was read from
            assert set(kept) == {"article", "source", "published", "sentence", "time_text", "time_start"}
            assert all(kept[k] == full[k] for k in kept)
            # the export (tracker query) has the whole record: its id, actors, resolved value
            assert {"id", "actors", "places", "time_value", "trigger"} <= set(full)


def test_page_is_deterministic(page, events, articles):
    assert render_html(list(reversed(events)), articles, built_at=BUILT) == page


def test_many_events_switch_markers_to_webgl(events, articles):
    many = [replace(events[0], id=f"e{i}", title=f"Event {i}") for i in range(WEBGL_THRESHOLD + 1)]
    assert page_data(many, articles, BUILT)["meta"]["webgl"] is True
    assert page_data(events, articles, BUILT)["meta"]["webgl"] is False


def test_story_span_ignores_background_and_handles_no_dates(events, articles):
    assert story_span(events, articles) == (date(2024, 2, 26), date(2024, 3, 7))
    background = [e for e in events if e.title == "Bridge last repaired"]
    assert story_span(background, articles) == (date(2022, 1, 1), date(2022, 4, 30))
    assert story_span([e for e in events if e.time is None], articles) is None


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.org/a?b=1", True),
        ("http://example.org/", True),
        ("javascript:alert(3)", False),
        (" JavaScript:alert(3)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//example.org/no-scheme", False),
        ("http:///no-host", False),
        ("", False),
        (None, False),
    ],
)
def test_only_http_links_survive(url, kept):
    assert (safe_url(url) is not None) is kept


def test_page_with_no_events_still_renders(articles):
    page = render_html([], articles, built_at=BUILT)
    data = embedded_data(page)
    assert data["events"] == [] and data["meta"]["span"] is None
    assert "range" not in data["layout"]["xaxis"]


def test_page_header_escapes_names(events, articles):
    hostile = [e for e in events if "spreads" in e.title]
    page = render_html(hostile, articles, built_at="<b>now</b>")
    head = page[: page.index('<script type="application/json"')]
    assert "<title>Timeline: Bob &lt;i&gt;Hostile&lt;/i&gt;</title>" in head
    assert "built &lt;b&gt;now&lt;/b&gt;" in head
    assert "<i>" not in head and "<b>" not in head


@pytest.mark.parametrize("span", [["2025-08-01", "2025-09-05"], ["2025-09-05", "2025-09-05"], None])
def test_the_plot_layout_is_what_plotly_validators_make_of_it(span):
    import plotly.graph_objects as go

    from tracker.render.html import json_for_script, plot_layout

    layout = plot_layout(span)
    assert go.Layout(layout).to_plotly_json() == layout
    assert ("range" in layout["xaxis"]) == (span is not None)
    assert json_for_script({"t": "</script>&\u2028"}) == '{"t":"\\u003c/script\\u003e\\u0026\\u2028"}'
