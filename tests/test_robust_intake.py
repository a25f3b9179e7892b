"""Issue 12, the inputs: whatever a scraper leaves on disk is read, or refused with one line naming
it, and never hangs, overflows or stops the good files of the same call."""

from __future__ import annotations

import codecs
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, strategies as st
from typer.testing import CliRunner

from conftest import ROOT
from tracker.cli import app
from tracker.intake import expand_paths
from tracker.nlp import load_nlp
from tracker.store import read_store
from tracker.pipeline import add, build
from tracker.query import read_events

runner = CliRunner()
GOOD = ("---\ntitle: Ferry resumes\nsource: Example Gazette\npublished: 2025-03-04\n---\n"
        "The ferry to Holm Island resumed sailing on Monday after the storm, the harbour master said.\n")
# root ignores file modes; a plain user's view is root without the capabilities that override them
PLAIN_USER = ["setpriv", "--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search", "--"]


def tracker_cli(*args, plain=False, timeout=120):
    prefix = PLAIN_USER if plain and os.geteuid() == 0 else []
    if prefix and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: cannot take a plain user's view of file modes")
    return subprocess.run([*prefix, sys.executable, "-m", "tracker", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT)


def good_file(folder: Path, name="good.md", place="Holm Island") -> Path:
    path = folder / name
    path.write_text(GOOD.replace("Holm Island", place))
    return path


# -- what is not a regular file ----------------------------------------------------------------
def test_a_fifo_named_on_the_command_line_is_refused_without_opening_it(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    good = good_file(tmp_path)
    result = tracker_cli("add", tmp_path / "pipe.txt", good, "--store", tmp_path / "s.db",
                         "--out", tmp_path / "t.html", timeout=90)  # a read of the FIFO would block here
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{tmp_path / 'pipe.txt'}: a FIFO (named pipe)" in result.stderr
    assert "1 article(s)" in result.stdout
    report = build([tmp_path / "pipe.txt", good], tmp_path / "b.db")
    assert report.added == ("good",) and "FIFO" in report.problems[0].message


def test_fifos_loops_broken_links_and_devices_in_a_folder_are_named(tmp_path):
    os.mkfifo(tmp_path / "pipe.md")
    os.symlink(tmp_path / "b.txt", tmp_path / "a.txt")
    os.symlink(tmp_path / "a.txt", tmp_path / "b.txt")
    os.symlink(tmp_path / "gone.txt", tmp_path / "broken.txt")
    os.symlink("/dev/null", tmp_path / "device.html")
    os.symlink(tmp_path, tmp_path / "again")  # a folder linked into itself is read once
    os.mkfifo(tmp_path / "notes")  # no article suffix: not an article, not a problem
    good_file(tmp_path)
    files, problems = expand_paths([tmp_path])
    assert files == [tmp_path / "good.md"]
    found = {Path(p.path).name: p.message for p in problems}
    assert found == {"a.txt": "a symbolic link loop; not opened", "b.txt": "a symbolic link loop; not opened",
                     "broken.txt": "a broken symbolic link", "device.html": "a character device, not an article file; not opened",
                     "pipe.md": "a FIFO (named pipe), not an article file; not opened"}
    report = add([tmp_path], tmp_path / "s.db")
    assert report.added == ("good",) and len(report.problems) == 5


def test_a_file_swapped_for_a_fifo_is_still_not_read(tmp_path):
    from tracker.errors import ArticleError
    from tracker.ingest.reader import read_bytes

    os.mkfifo(tmp_path / "late.txt")
    with pytest.raises(ArticleError, match="FIFO"):
        read_bytes(tmp_path / "late.txt")


def test_an_unreadable_file_beside_a_good_one_does_not_stop_the_call(tmp_path):
    os.chmod(tmp_path, 0o755)
    secret = good_file(tmp_path, "secret.md", "Skerry Point")
    os.chmod(secret, 0)
    good = good_file(tmp_path)
    store = tmp_path / "shared"
    store.mkdir(mode=0o777)
    os.chmod(store, 0o777)
    result = tracker_cli("add", secret, good, "--store", store / "s.db", "--out", store / "t.html", plain=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{secret}: cannot be read (Permission denied)" in result.stderr
    assert "added 1 article(s)" in result.stdout


def test_a_store_in_a_read_only_folder_is_refused_in_one_line_and_left_alone(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    build([good_file(tmp_path)], folder / "s.db")
    before = (folder / "s.db").read_bytes()
    os.chmod(tmp_path, 0o755)
    os.chmod(folder, 0o555)
    try:
        result = tracker_cli("add", good_file(tmp_path, "other.md", "Skerry Point"), "--store", folder / "s.db",
                             "--out", tmp_path / "t.html", plain=True)
        query = tracker_cli("query", "--store", folder / "s.db", plain=True)  # reading needs no write access
    finally:
        os.chmod(folder, 0o755)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == f"tracker: {folder / 's.db'}: cannot write the store: the store's folder is read-only"
    assert (folder / "s.db").read_bytes() == before
    assert query.returncode == 0 and "1 event(s)" in query.stdout, query.stderr


# -- encodings and sizes -------------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_byte_order_mark_read_as_their_utf8_twin(tmp_path, encoding):
    from tracker.ingest import read_article

    twin = good_file(tmp_path, "twin.md")
    text = GOOD.encode(encoding)
    if encoding.endswith(("-le", "-be")):  # the codec writes no mark of its own
        text = (codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE) + text
    wide = tmp_path / "wide.md"
    wide.write_bytes(text)
    assert read_article(wide).body == read_article(twin).body
    assert read_article(wide).published.start == date(2025, 3, 4)


def test_utf16_without_a_mark_is_refused_with_a_hint(tmp_path):
    from tracker.errors import ArticleError
    from tracker.ingest import read_article

    path = tmp_path / "nomark.txt"
    path.write_bytes(GOOD.encode("utf-16-le"))
    with pytest.raises(ArticleError, match="UTF-16 without a byte-order mark"):
        read_article(path)


def test_text_over_a_million_characters_is_refused_quickly_and_by_name(tmp_path):
    line = "The council met again and the members talked about the harbour wall for a long time. "
    huge = tmp_path / "huge.txt"
    huge.write_text("Harbour notes\n\nThe wall was repaired on 3 March 2025.\n\n" + line * 13_000)
    report = add([huge, good_file(tmp_path)], tmp_path / "s.db")
    assert report.added == ("good",)
    (problem,) = report.problems
    assert problem.path == str(huge) and "too long for an article" in problem.message


def test_a_long_paragraph_is_parsed_in_pieces_with_offsets_into_the_body(tmp_path, monkeypatch):
    from tracker.mentions import sentences

    monkeypatch.setattr(sentences, "MAX_PARSE_CHARS", 600)  # pieces as in a paragraph of 60,000 characters
    MAX_PARSE_CHARS = sentences.MAX_PARSE_CHARS
    filler = "Residents of Holm Island talked about the weather and the price of bread at the market. "
    last = "The harbour master reopened the ferry pier on 3 March 2025, officials said."
    paragraph = filler * (3 * MAX_PARSE_CHARS // len(filler)) + last
    path = tmp_path / "long.txt"
    path.write_text(f"Harbour notes\n\n{paragraph}\n")
    add([path], tmp_path / "s.db")
    with read_store(tmp_path / "s.db") as store:
        mentions = store.all_mentions()
    pier = [m for m in mentions if "ferry pier" in m.sentence]
    assert len(paragraph) > 3 * MAX_PARSE_CHARS and len(pier) == 1
    assert pier[0].sentence == last and pier[0].time.start == date(2025, 3, 3)
    parsed = []

    class Spy:  # the real parser, noting the length of each text it is given
        def pipe(self, texts):
            texts = list(texts)
            parsed.extend(len(t) for t in texts)
            return load_nlp().pipe(texts)

    bounds = sentences.sentence_bounds(paragraph)
    read = sentences.parse_sentences(paragraph, bounds, range(len(bounds)), Spy())
    assert max(parsed) <= MAX_PARSE_CHARS < len(paragraph) and read[-1].text == last
    # one "sentence" with no sentence end, longer than the limit: parsed in pieces, offsets kept
    run_on = " ".join(["the ferry waited at the pier"] * (3 * MAX_PARSE_CHARS // 28))
    parsed.clear()
    read = sentences.parse_sentences(run_on, sentences.sentence_bounds(run_on), [0], Spy())
    assert len(parsed) >= 3 and max(parsed) <= MAX_PARSE_CHARS
    assert all(run_on[s.start : s.end] == s.text for s in read)


@given(st.text(alphabet=st.sampled_from("ab .!?\n\""), max_size=400), st.integers(1, 60))
def test_pieces_of_a_paragraph_put_together_give_it_back(text, limit):
    from tracker.mentions.sentences import pieces

    parts = list(pieces(7, text, limit))
    assert "".join(p for _, p in parts) == text
    assert all(len(p) <= limit for _, p in parts) and all(p for _, p in parts[:-1])
    assert all(text[o - 7 : o - 7 + len(p)] == p for o, p in parts)


# -- calendar edges -------------------------------------------------------------------------------
@pytest.mark.parametrize("written", ["9999-12-31", "0001-01-01", "31 December 9999", "Dec 31, 9999 23:59",
                                     "in 10,000 years", "January 1, 1000", "December 31, 2999"])
def test_dates_at_the_calendar_edges_in_the_text_never_overflow(tmp_path, written):
    path = tmp_path / "edge.txt"
    path.write_text(f"Harbour notes\n\n{written}\n\nThe ferry resumed sailing on {written}, the harbour master "
                    "said on Monday.\n")
    report = add([path], tmp_path / "s.db")
    assert report.added == ("edge",) or report.problems
    for event in read_events(tmp_path / "s.db"):
        assert event.time is None or 1000 <= event.time.start.year <= event.time.end.year <= 2999


def test_the_tagger_gives_no_interval_outside_the_calendar_bounds():
    from tracker.temporal import tag

    for dct in (date(2999, 12, 31), date(1000, 1, 1), date(9999, 12, 31), date(1, 1, 1)):
        for timex in tag("On Friday, a day after 31 December 9999 and 10,000 years from now, it rained.", dct):
            assert timex.interval is None or 1000 <= timex.interval.start.year <= timex.interval.end.year <= 2999


@pytest.mark.parametrize("flag", ["9999-12-31", "0001-01-01", "0000-01-01"])
def test_calendar_edges_as_flags_are_one_line(tmp_path, flag):
    result = runner.invoke(app, ["add", str(good_file(tmp_path)), "--published", flag, "--store", str(tmp_path / "s.db")])
    assert result.exit_code == 1 and "year must be within 1000-2999" in result.stderr
    assert not (tmp_path / "s.db").exists()


def test_an_impossible_front_matter_date_does_not_stop_the_good_files(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_text("---\npublished: 2025-13-45\n---\nThe mill reopened on Monday.\n")
    result = runner.invoke(app, ["build", str(bad), str(good_file(tmp_path)), "--store", str(tmp_path / "s.db"),
                                 "--out", str(tmp_path / "t.html")])
    assert result.exit_code == 1 and "there is no month 13" in result.stderr
    assert "built from 1 article(s)" in result.stdout


def test_relative_published_words_are_echoed_and_the_far_future_refused(tmp_path):
    good = good_file(tmp_path, "plain.txt").rename(tmp_path / "plain.md")
    good.write_text(GOOD.replace("published: 2025-03-04\n", ""))
    result = runner.invoke(app, ["add", str(good), "--published", "yesterday", "--store", str(tmp_path / "s.db"),
                                 "--out", str(tmp_path / "t.html")])
    assert result.exit_code == 0 and "--published yesterday = " in result.stdout
    result = runner.invoke(app, ["add", str(good), "--published", "2099-01-01", "--store", str(tmp_path / "s.db")])
    assert result.exit_code == 1 and "in the future" in result.stderr and "--allow-future" in result.stderr


def test_when_nothing_of_a_build_can_be_read_each_reason_is_printed(tmp_path, seed_store_copy):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01" * 40)
    before = seed_store_copy.read_bytes()
    result = runner.invoke(app, ["build", str(tmp_path / "empty.txt"), str(tmp_path / "binary.txt"),
                                 "--store", str(seed_store_copy)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"tracker: {tmp_path / 'empty.txt'}: empty file",
        f"tracker: {tmp_path / 'binary.txt'}: binary file (contains NUL bytes), not a text article",
        "tracker: no article could be read; the store was left as it was"]
    assert seed_store_copy.read_bytes() == before
