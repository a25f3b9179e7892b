"""Views of the events: the timeline page and the exports (TimelineJS, CSV, Markdown).

    render_html(events, articles, *, built_at) -> str     the self-contained timeline page
    to_timelinejs(events, articles) -> dict                TimelineJS JSON
    to_csv(events) -> str                                   one row per event
    to_markdown(events, articles) -> str                    a chronology to paste into a story
    describe_time(value) -> str                             a time in words, at its precision

plotly is imported only inside render_html, so importing this package stays cheap.
"""

from __future__ import annotations

from tracker.render.html import render_html
from tracker.render.markdown import to_markdown
from tracker.render.table import to_csv
from tracker.render.timelinejs import to_timelinejs
from tracker.render.words import describe_time

__all__ = ["describe_time", "render_html", "to_csv", "to_markdown", "to_timelinejs"]
