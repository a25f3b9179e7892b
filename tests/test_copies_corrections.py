"""Copies of one article are one article with several places; corrections are kept and survive rebuilds.

The pages are tests/data/web/ferry*.html (written for these tests): one report, the same text
syndicated under another headline with other furniture and its last paragraph cut, and another
outlet's own report of the same happening, which must stay an article of its own.
"""

from __future__ import annotations

import datetime as dt
import shutil

from typer.testing import CliRunner

from tracker.cli import app
from tracker.copies import COPY_CONTAINMENT
from tracker.ingest import read_article
from tracker.ingest.shingles import containment, shingle_hashes
from tracker.pipeline import Flags, add, build
from tracker.query import read_events
from tracker.store import open_store
from web_server import WEB

FLAGS = Flags(today=dt.date(2025, 3, 25))
runner = CliRunner()


def _pages(tmp_path, *names):
    out = []
    for name in names:
        shutil.copy(WEB / name, tmp_path / name)
        out.append(str(tmp_path / name))
    return out


def _articles(store):
    with open_store(store) as opened:
        return {a.id: a for a in opened.articles()}


def test_the_measure_tells_a_copy_from_another_report_of_the_same_happening():
    body = {name: shingle_hashes(read_article(WEB / f"{name}.html").body) for name in ("ferry", "ferry_syndicated", "ferry_other_report")}
    assert containment(body["ferry_syndicated"], body["ferry"]) >= COPY_CONTAINMENT
    assert containment(body["ferry_other_report"], body["ferry"]) < 0.2
    assert containment(body["ferry"], body["ferry_syndicated"]) >= COPY_CONTAINMENT  # the cut paragraph is short


def test_a_syndicated_copy_is_recorded_on_the_stored_article_not_added_as_a_source(tmp_path):
    store = tmp_path / "tracker.db"
    original, syndicated, other = _pages(tmp_path, "ferry.html", "ferry_syndicated.html", "ferry_other_report.html")
    add([original], store, FLAGS)
    report = add([syndicated, other], store, FLAGS)
    assert report.added == ("ferry_other_report",)
    assert [(where, kept) for where, kept, _ in report.copies] == [(syndicated, "ferry")]
    articles = _articles(store)
    assert set(articles) == {"ferry", "ferry_other_report"}
    (copy,) = articles["ferry"].also_at
    assert copy.where == syndicated and copy.outlet == "Northern Coast Daily"
    assert all("ferry_syndicated" not in e.sources for e in read_events(store))
    from tracker.render.payload import page_data

    view = page_data(read_events(store), list(articles.values()), "now")["articles"]["ferry"]
    assert view["also_at"] == [{"outlet": "Northern Coast Daily", "url": None}]  # a file path is no link
    again = add([syndicated], store, FLAGS)  # the same copy again changes nothing
    assert again.unchanged == ("ferry_syndicated",) and not again.copies and not again.added


def test_copies_within_one_call_and_a_page_scraped_again_with_other_furniture(tmp_path):
    store = tmp_path / "tracker.db"
    original, syndicated = _pages(tmp_path, "ferry.html", "ferry_syndicated.html")
    rescraped = tmp_path / "ferry_rescraped.txt"  # the page as text, other menus around it
    text = read_article(WEB / "ferry.html").body
    rescraped.write_text("Skip to content\nNews\nSport\nWeather\n\n" + text + "\n\nMost read\nShare this article\n")
    report = add([original, syndicated, str(rescraped)], store, FLAGS)
    assert report.added == ("ferry",)
    assert sorted(kept for _, kept, _ in report.copies) == ["ferry", "ferry"]
    assert len(_articles(store)["ferry"].also_at) == 2


def test_a_store_made_before_the_index_is_indexed_when_added_to(tmp_path):
    """The next add indexes the articles stored before the sample index existed and finds a copy
    of one; the store then remembers that every sample is indexed, so later adds do not probe
    every article for one again."""
    from tracker.store import read_store

    store = tmp_path / "tracker.db"
    original, syndicated = _pages(tmp_path, "ferry.html", "ferry_syndicated.html")
    add([original], store, FLAGS)
    with open_store(store) as opened:  # as an older tracker left it: no samples, no mark
        opened.db.execute("DELETE FROM shingle_samples")
        opened.db.execute("DELETE FROM meta WHERE key = 'shingle_samples'")
        assert not opened.samples_complete() and [a.id for a in opened.unindexed_articles()] == ["ferry"]
    report = add([syndicated], store, FLAGS)
    assert report.added == () and [kept for _, kept, _ in report.copies] == ["ferry"]
    with read_store(store) as opened:
        assert opened.samples_complete() and opened.unindexed_articles() == []


def test_cli_shows_copies_in_the_summary_and_in_articles(tmp_path):
    store = tmp_path / "tracker.db"
    original, syndicated = _pages(tmp_path, "ferry.html", "ferry_syndicated.html")
    runner.invoke(app, ["add", original, "--store", str(store)])
    result = runner.invoke(app, ["add", syndicated, "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert f"{syndicated}: a copy of article ferry" in result.stdout
    assert "added 0 article(s), 0 unchanged, 1 copy of stored articles, 0 problem(s)" in result.stdout
    listing = runner.invoke(app, ["articles", "--store", str(store)]).stdout
    assert f"also at: {syndicated} (Northern Coast Daily)" in listing


UNDATED = """Harbour council to vote on third ferry

The harbour council will vote on Monday on whether to lease a third ferry, its chairman said.

Councillors were told on Friday that the lease would cost about six per cent more in harbour fees, and several of them said they would vote against it unless the operator pays part of the cost.
"""


def test_a_correction_re_dates_the_article_and_its_events_and_survives_rebuilds(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "council_vote.txt").write_text(UNDATED)
    store = tmp_path / "tracker.db"
    build([source], store, FLAGS)
    assert _articles(store)["council_vote"].published is None
    result = runner.invoke(app, ["correct", "council", "--published", "2025-03-12", "--source", "Gazette",
                                 "--store", str(store)])
    assert result.exit_code == 0, result.output
    for _ in range(2):  # as corrected, and after a rebuild
        article = _articles(store)["council_vote"]
        assert article.published.start == dt.date(2025, 3, 12) and not article.published_inferred
        assert article.published_evidence == "corrected by user: published 2025-03-12 (was unknown)"
        assert article.outlet == "Gazette"
        told = [e for e in read_events(store) if any("told on Friday" in m.sentence for m in e.mentions)]
        assert told and told[0].time.start == dt.date(2025, 3, 7)  # Friday before Wednesday 12 March
        build([source], store, FLAGS)
    listing = runner.invoke(app, ["articles", "--store", str(store)]).stdout
    assert "corrected by user: published 2025-03-12" in listing


def test_a_correction_applies_when_the_same_content_is_added_again(tmp_path):
    path = tmp_path / "council_vote.txt"
    path.write_text(UNDATED)
    store = tmp_path / "tracker.db"
    add([str(path)], store, FLAGS)
    runner.invoke(app, ["correct", "council_vote", "--source", "Gazette", "--store", str(store)])
    renamed = tmp_path / "council_vote_again.txt"
    shutil.move(path, renamed)
    with open_store(store) as opened:
        opened.db.execute("DELETE FROM articles")
    add([str(renamed)], store, FLAGS)
    assert _articles(store)["council_vote_again"].outlet == "Gazette"


def test_correct_refuses_bad_dates_and_unknown_ids_in_one_line(tmp_path):
    path = tmp_path / "council_vote.txt"
    path.write_text(UNDATED)
    store = tmp_path / "tracker.db"
    add([str(path)], store, FLAGS)
    before = store.read_bytes()
    cases = [
        (["correct", "council_vote", "--published", "2025-02-30"], "February 2025 has 28 days"),
        (["correct", "nothing-like-it", "--published", "2025-03-12"], "no article has the id 'nothing-like-it'"),
        (["correct", "council_vote"], "nothing to correct"),
    ]
    for args, problem in cases:
        result = runner.invoke(app, args + ["--store", str(store)])
        assert result.exit_code == 1 and problem in result.stderr and len(result.stderr.splitlines()) == 1
    assert store.read_bytes() == before


def test_a_relative_published_flag_is_echoed_with_the_day_it_means(tmp_path):
    path = tmp_path / "council_vote.txt"
    path.write_text(UNDATED)
    store = tmp_path / "tracker.db"
    days = {(dt.date.today() - dt.timedelta(days=n)).isoformat() for n in (1, 2)}  # midnight may pass
    result = runner.invoke(app, ["add", str(path), "--published", "yesterday", "--store", str(store)])
    assert result.exit_code == 0, result.output
    echoed = [line for line in result.stdout.splitlines() if line.startswith("--published yesterday = ")]
    assert echoed and echoed[0].rsplit(" ", 1)[1] in days
    assert _articles(store)["council_vote"].published.start.isoformat() in days


def test_impossible_published_flags_refuse_the_call_before_the_store_is_touched(tmp_path):
    path = tmp_path / "council_vote.txt"
    path.write_text(UNDATED)
    store = tmp_path / "tracker.db"
    for flag in ("2025-02-30", "9999-12-31", "0001-01-01", "2999-01-01"):
        result = runner.invoke(app, ["add", str(path), "--published", flag, "--store", str(store)])
        assert result.exit_code == 1 and f"--published '{flag}'" in result.stderr
        assert len(result.stderr.splitlines()) == 1 and not store.exists()


def test_a_copy_within_one_call_is_found_through_the_sample_index_not_by_comparing_every_pair(tmp_path, monkeypatch):
    """Forty unrelated articles and one copy in one call: the copy is found, and full texts are
    compared only for the articles that share part of its sample (the copies module's index),
    not for every pair of the call."""
    import random

    from tracker import copies
    from tracker.types import Article

    rng = random.Random(7)
    vocabulary = [f"{a}{b}" for a in ("dra", "ven", "kol", "mir", "tas", "bru", "sel", "orn") for b in ("ka", "lo", "rim", "sut", "ven", "da")]

    def report(n: int) -> Article:
        body = " ".join(rng.choice(vocabulary) for _ in range(300)) + "."
        return Article(id=f"a{n:02d}", path=f"a{n}.txt", content_hash=f"h{n}", title=f"Report {n}", body=body, outlet="Made-up Gazette")

    reports = [report(n) for n in range(40)]
    copy = Article(id="copy", path="copy.txt", content_hash="hc", title="Report 3 again", body=reports[3].body, outlet="Other Post")
    compared: list[int] = []
    real = copies.containment
    monkeypatch.setattr(copies, "containment", lambda a, b: compared.append(1) or real(a, b))
    with open_store(tmp_path / "s.db", create=True) as store:
        finder = copies.CopyFinder(store)
        assert all(finder.check(a) is None for a in reports)
        found = finder.check(copy)
    assert found is not None and found.kept_id == "a03" and found.share == 1.0
    assert len(compared) <= 3  # the copy against its original (and a chance neighbour), not 40 x 41 / 2


def test_among_many_look_alikes_only_those_sharing_most_are_compared_in_full(tmp_path, monkeypatch):
    """Fifteen articles share half their text with a new one (a template's stock paragraphs), one
    is its copy: the copy is found, and at most MAX_COMPARED texts are compared in full."""
    import random

    from tracker import copies
    from tracker.types import Article

    rng = random.Random(11)
    vocabulary = [f"{a}{b}" for a in ("pel", "gar", "usk", "tro", "bim", "fen", "lor", "dax") for b in ("ta", "mo", "rin", "ske", "vo", "li")]

    def words(n: int) -> str:
        return " ".join(rng.choice(vocabulary) for _ in range(n))

    stock = words(200)
    original = stock + ". " + words(200) + "."
    others = [Article(id=f"b{n:02d}", path=f"b{n}.txt", content_hash=f"hb{n}", title=f"Look-alike {n}",
                      body=stock + ". " + words(200) + ".", outlet="Made-up Gazette") for n in range(15)]
    first = Article(id="orig", path="orig.txt", content_hash="ho", title="Original", body=original, outlet="Made-up Gazette")
    copy = Article(id="copy", path="copy.txt", content_hash="hc", title="Original again", body=original, outlet="Other Post")
    compared: list[int] = []
    real = copies.containment
    monkeypatch.setattr(copies, "containment", lambda a, b: compared.append(1) or real(a, b))
    with open_store(tmp_path / "s.db", create=True) as store:
        finder = copies.CopyFinder(store)
        assert all(finder.check(a) is None for a in [*others, first])
        compared.clear()
        found = finder.check(copy)
    assert found is not None and found.kept_id == "orig"
    assert 1 <= len(compared) <= copies.MAX_COMPARED < len(others)


def test_a_report_sharing_only_a_third_of_its_text_with_stored_ones_is_compared_with_none(tmp_path, monkeypatch):
    """Twelve stored articles share a stock paragraph, a third of each text, with a new report
    that copies none of them: a copy holds most of the new text's shingle sample (CANDIDATE_SHARE),
    so no stored text is read and compared in full, and the report is no copy."""
    import random

    from tracker import copies
    from tracker.types import Article

    rng = random.Random(5)
    vocabulary = [f"{a}{b}" for a in ("kre", "lom", "vas", "tul", "ipp", "rho", "sen", "gar") for b in ("do", "mi", "ral", "vek", "su", "to")]

    def words(n: int) -> str:
        return " ".join(rng.choice(vocabulary) for _ in range(n))

    stock = words(150)
    stored = [Article(id=f"c{n:02d}", path=f"c{n}.txt", content_hash=f"hc{n}", title=f"Bulletin {n}",
                      body=f"{stock}. {words(300)}.", outlet="Made-up Gazette") for n in range(12)]
    new = Article(id="new", path="new.txt", content_hash="hn", title="Bulletin new", body=f"{stock}. {words(300)}.", outlet="Other Post")
    compared: list[int] = []
    real = copies.containment
    monkeypatch.setattr(copies, "containment", lambda a, b: compared.append(1) or real(a, b))
    with open_store(tmp_path / "s.db", create=True) as store:
        finder = copies.CopyFinder(store)
        for article in stored:
            assert finder.check(article) is None
        compared.clear()
        assert finder.check(new) is None
    assert compared == []

