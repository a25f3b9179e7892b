"""`tracker add URL` and `tracker add --feed`, against a local server serving pages and feeds we wrote."""

from __future__ import annotations

import datetime as dt
import socket

import pytest
from typer.testing import CliRunner

from tracker.cli import app
from tracker.errors import ArticleError
from tracker.ingest import web
from tracker.ingest.feed import EntryContext, read_feed
from tracker.ingest.web import FetchOptions, article_id_for, canonical_url, fetch_article
from tracker.pipeline import Flags, add
from tracker.store import open_store
from web_server import WEB, LocalWeb

LOCAL = FetchOptions(timeout=5, allow_private=True)
TODAY = dt.date(2025, 3, 25)


@pytest.fixture(scope="module")
def site():
    with LocalWeb() as server:
        yield server


def test_a_fetched_page_goes_through_the_html_path_with_its_url(site):
    article = fetch_article(site.url("ferry.html"), options=LOCAL)
    assert article.url == site.url("ferry.html") and article.path == site.url("ferry.html")
    assert article.id == article_id_for(site.url("ferry.html")) and article.id.startswith("ferry-")
    assert article.outlet == "Elling Harbour Gazette"
    assert article.published.start == dt.date(2025, 3, 14) and not article.published_inferred
    assert "cracked hull plate" in article.body and "Subscribe" not in article.body


def test_a_redirect_gives_the_page_its_final_address(site):
    assert fetch_article(site.url("redirect"), options=LOCAL).url == site.url("ferry.html")


def test_tracking_parameters_and_fragments_are_not_part_of_the_address():
    assert canonical_url("HTTPS://News.Example/a/b.html?id=7&utm_source=rss&fbclid=x#top") == "https://news.example/a/b.html?id=7"


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/ferry.html"


@pytest.mark.parametrize(
    "path, options, problem",
    [
        ("missing.html", LOCAL, "the server answered HTTP 404"),
        ("note.txt", LOCAL, "not an HTML page (text/plain)"),
        ("harbour.rss", LOCAL, "is a feed, not a page (add it with --feed)"),
        ("ferry.html", FetchOptions(timeout=5), "refused: a private or local address (give --allow-private to fetch from it)"),
        ("slow", FetchOptions(timeout=1, allow_private=True), "timed out after 1 s"),
    ],
)
def test_each_failure_is_one_line_naming_the_url(site, path, options, problem):
    with pytest.raises(ArticleError) as caught:
        fetch_article(site.url(path), options=options)
    assert str(caught.value) == f"{site.url(path)}: {problem}"


def test_an_unreachable_host_and_a_page_too_large_are_named(site, monkeypatch):
    url = _closed_port_url()
    with pytest.raises(ArticleError, match="unreachable"):
        fetch_article(url, options=LOCAL)
    monkeypatch.setattr(web, "MAX_BYTES", 500)
    with pytest.raises(ArticleError, match=r"too large \(over 0 MB\)"):
        fetch_article(site.url("ferry.html"), options=LOCAL)


def test_the_good_inputs_of_a_call_land_beside_a_failed_url(site, tmp_path):
    store = tmp_path / "tracker.db"
    note = tmp_path / "council.md"
    note.write_text("---\npublished: 2025-03-18\n---\n\nThe harbour council voted on Monday to lease a third ferry for two years.\n")
    flags = Flags(today=TODAY, allow_private=True, timeout=5)
    report = add([site.url("ferry.html"), site.url("missing.html"), str(note)], store, flags)
    assert set(report.added) == {article_id_for(site.url("ferry.html")), "council"}
    assert [(p.path, p.message) for p in report.problems] == [(site.url("missing.html"), "the server answered HTTP 404")]


def test_feed_entries_take_their_own_dates_links_and_outlet(site):
    read = read_feed(site.url("harbour.rss"), EntryContext(today=TODAY, options=LOCAL))
    by_title = {a.title: a for a in read.articles}
    council = by_title["Harbour council votes to lease a third ferry"]
    # 22:45 on the 18th at UTC-5 is the 19th in UTC: the entry keeps the day its publisher wrote
    assert council.published.start == dt.date(2025, 3, 18)
    assert council.published_evidence == "feed entry published: Tue, 18 Mar 2025 22:45:00 -0500"
    assert council.url == site.url("2025/03/18/council-leases-third-ferry.html")
    assert council.outlet == "Elling Harbour Gazette" and "seven votes to four" in council.body
    fetched = by_title["Ferry Aldra returns to service after hull repairs"]
    assert "propeller shafts" in fetched.body and fetched.published_evidence.startswith("feed entry published")
    summary = by_title["Slipway works to close the north car park"]  # its page is gone: the summary is real text
    assert "two hundred spaces" in summary.body
    (problem,) = read.problems
    assert problem.path == site.url("2025/03/12/gallery.html")
    assert "HTTP 404" in problem.problem and "summary is no article text" in problem.problem


def test_an_atom_feed_file_is_read_without_fetching_entries_that_carry_their_text(site, tmp_path):
    path = tmp_path / "islands.atom"
    path.write_text(site.feed_text("islands.atom"), encoding="utf-8")
    before = len(site.requests)
    (article,) = read_feed(str(path), EntryContext(today=TODAY, options=LOCAL)).articles
    assert len(site.requests) == before
    assert article.published.start == dt.date(2025, 3, 19) and article.outlet == "Northern Islands Wire"
    assert "eleven years" in article.body


def test_what_is_no_feed_is_refused_in_one_line(site, tmp_path):
    with pytest.raises(ArticleError, match="not an RSS or Atom feed"):
        read_feed(str(WEB / "note.txt"))
    with pytest.raises(ArticleError, match="no such feed file"):
        read_feed(str(tmp_path / "nowhere.rss"))


def test_a_feed_entry_from_the_future_is_a_problem_of_that_entry(site, tmp_path):
    path = tmp_path / "islands.atom"
    path.write_text(site.feed_text("islands.atom"), encoding="utf-8")
    read = read_feed(str(path), EntryContext(today=dt.date(2025, 3, 1), options=LOCAL))
    assert not read.articles and "is in the future" in read.problems[0].problem


def test_an_added_feed_dates_its_relative_expressions_against_each_entry(site, tmp_path):
    store = tmp_path / "tracker.db"
    report = add([], store, Flags(today=TODAY, allow_private=True, timeout=5), feeds=[site.url("harbour.rss")])
    council = article_id_for(site.url("2025/03/18/council-leases-third-ferry.html"))
    assert council in report.added and len(report.problems) == 1
    with open_store(store) as opened:
        mentions = opened.mentions_of(council)
    voted = [m for m in mentions if "voted" in m.sentence]
    assert voted and voted[0].time.start == dt.date(2025, 3, 17)  # "on Monday evening" before Tue 18 March


def test_the_cli_adds_urls_and_feeds_and_names_what_failed(site, tmp_path):
    store = tmp_path / "tracker.db"
    result = CliRunner().invoke(app, ["add", site.url("ferry.html"), "--feed", site.url("harbour.rss"),
                                      "--allow-private", "--timeout", "5", "--store", str(store)])
    assert result.exit_code == 1  # the gallery entry is a problem; the rest landed
    # the page named and the feed's entry for it are one article (the entry's version, with its date)
    assert "added 3 article(s), 0 unchanged, 1 problem(s)" in result.stdout
    assert "gallery.html: the server answered HTTP 404" in result.stderr
