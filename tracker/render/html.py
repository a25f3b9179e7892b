"""The timeline page: one self-contained HTML file (plotly.js, data, script and style inlined).

Article text reaches the page only as JSON inside <script type="application/json">, with <, > and &
written as \\u escapes so no text can close the script element; page.js puts it into the DOM with
textContent only. The plot's traces are drawn by page.js from that data, so filters and the lane
switch redraw them with Plotly.react without a second copy of the logic in Python.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date, timedelta
from html import escape
from importlib import resources
from string import Template
from typing import Any

from tracker.render.payload import Piece, article_piece, dumps, event_piece, page_parts, script_safe
from tracker.types import Article, Event

# plotly.js reads this before it loads; "local" stops it from looking for MathJax on the network.
PLOTLY_CONFIG_JS = "window.PlotlyConfig = {MathJaxConfig: 'local'};"
DATA_MARK = "\x00tracker-data\x00"  # where the data goes in the page's frame
PLOT_CONFIG = {
    "responsive": True,
    "displaylogo": False,
    "scrollZoom": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines"],
}


def render_html(events: Sequence[Event], articles: Sequence[Article], *, built_at: str) -> str:
    """The whole page as text; the caller writes it. Same input, same page (built_at is passed in)."""
    return "".join(page_chunks(list(map(event_piece, events)), list(map(article_piece, articles)), built_at=built_at))


def page_chunks(events: Sequence[Piece], articles: Sequence[Piece], *, built_at: str) -> list[str]:
    """The page from the events' and articles' pieces (tracker.render.payload), in parts, in order,
    never joined (tracker.files.write_atomic writes them one by one): a store of 10,000 articles
    makes a 33 MB page, and every copy of it cost an add tens of milliseconds. Joined, it is
    render_html's page of the events and articles the pieces were made from."""
    meta, events_text, articles_text = page_parts(events, articles, built_at)  # script-safe already
    data = {"articles": articles_text, "config": [json_for_script(PLOT_CONFIG)], "events": events_text,
            "layout": [json_for_script(plot_layout(meta["span"]))], "meta": [json_for_script(meta)]}
    head, tail = _frame(escape(meta["title"]), escape(_summary(meta)))
    chunks = [head, "{"]
    for key in sorted(data):  # as json_for_script of the whole
        chunks += [dumps(key), ":", *data[key], ","]
    chunks[-1] = "}"
    return [*chunks, tail]


def _frame(title: str, summary: str) -> tuple[str, str]:
    """The page around its data: the text before the data and the text after it."""
    page = Template(_asset("page.html")).substitute(
        title=title,
        summary=summary,
        css=_inline_safe(_asset("page.css"), "</style"),
        data=DATA_MARK,
        plotly_config=PLOTLY_CONFIG_JS,
        plotlyjs=_plotlyjs(),
        js=_inline_safe(_asset("page.js"), "</script"),
    )
    head, _, tail = page.rpartition(DATA_MARK)  # the last one: only the title and summary (before it) are text
    return head, tail


@functools.cache
def _plotlyjs() -> str:
    """plotly.js as the page inlines it (checked once per process: it is 4.8 MB)."""
    from plotly.offline import get_plotlyjs

    return _inline_safe(get_plotlyjs(), "</script")


def json_for_script(value: Any) -> str:
    """JSON that is safe inside a <script> element: no <, > or & survive as themselves."""
    return script_safe(dumps(value))


def plot_layout(span: list[str] | None) -> dict[str, Any]:
    """The plot's axes, range slider and buttons, as plotly.js reads them (plain data: plotly's
    Python validators accept it unchanged, which tests/test_render.py checks, without the half
    second their import costs every render)."""
    xaxis: dict[str, Any] = {
        "type": "date",
        "automargin": True,
        "rangeslider": {"visible": True, "thickness": 0.1},
        "rangeselector": {"buttons": [
            {"count": 7, "label": "1 week", "step": "day", "stepmode": "backward"},
            {"count": 14, "label": "2 weeks", "step": "day", "stepmode": "backward"},
            {"label": "all", "step": "all"},
        ]},
    }  # fmt: skip
    if span:
        xaxis["range"] = list(_opening_range(date.fromisoformat(span[0]), date.fromisoformat(span[1])))
    return {
        "xaxis": xaxis,
        "yaxis": {"fixedrange": True, "showgrid": False, "zeroline": False, "automargin": True},
        "margin": {"l": 8, "r": 8, "t": 36, "b": 8},
        "hovermode": "closest",
        "hoverlabel": {"align": "left"},
        "showlegend": False,
        "barmode": "overlay",
        "plot_bgcolor": "white",
        "uirevision": "timeline",
    }


def _opening_range(start: date, end: date) -> tuple[str, str]:
    """The story's days with a little margin, so the first and last events are not on the edge."""
    margin = timedelta(days=max(1, round(((end - start).days + 1) * 0.05)))
    return (start - margin).isoformat(), (end + timedelta(days=1) + margin).isoformat()


def _summary(meta: dict[str, Any]) -> str:
    undated = f" ({meta['n_undated']} undated)" if meta["n_undated"] else ""
    return (
        f"{meta['span_words']} · {meta['n_events']} events{undated} · "
        f"{meta['n_articles']} articles from {meta['n_outlets']} outlets · built {meta['built_at']}"
    )


def _asset(name: str) -> str:
    return resources.files("tracker.render").joinpath(name).read_text(encoding="utf-8")


def _inline_safe(text: str, closer: str) -> str:
    """Inlined code must not contain its own element's end tag; ours never does, so this is a bug check."""
    if closer in text.lower():
        raise ValueError(f"inlined code contains {closer!r}")
    return text
