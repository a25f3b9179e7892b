"""Every command through typer's CliRunner, and the one-line errors of the edge."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from conftest import ROOT, seed
from tracker.cli import app

runner = CliRunner()
COMMANDS = ["build", "add", "correct", "query", "render", "articles", "explain", "timex"]


def run(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example: tracker " + command in " ".join(result.output.split())


def test_help_is_fast_because_heavy_libraries_are_not_imported():
    code = "import sys, tracker.cli; print(sorted(m for m in ('spacy','pandas','plotly','dateparser','trafilatura') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_query_json_has_the_documented_shape(any_seed_store):
    result = run("query", "--store", any_seed_store, "--from", "2025-09-03", "--to", "2025-09-03", "--format", "json")
    assert result.exit_code == 0, result.output
    events = json.loads(result.output)["events"]
    assert events
    for event in events:
        assert {"id", "start", "end", "precision", "title", "actors", "places", "sources", "mentions", "conflicts"} <= set(event)
        assert event["start"] <= "2025-09-03" <= event["end"]
        for m in event["mentions"]:
            assert {"article", "source", "published", "sentence", "time_text", "time_value"} <= set(m)


def test_query_filters_by_actor_and_source(any_seed_store):
    everything = json.loads(run("query", "--store", any_seed_store, "--format", "json").output)["events"]
    peskov = json.loads(run("query", "--store", any_seed_store, "--actor", "peskov", "--format", "json").output)["events"]
    assert 0 < len(peskov) < len(everything)
    assert all(any("Peskov" in a for a in e["actors"]) or any("Peskov" in m["sentence"] for m in e["mentions"]) for e in peskov)
    rt = seed("001").stem
    only = json.loads(run("query", "--store", any_seed_store, "--source", rt, "--format", "json").output)["events"]
    assert only and all(rt in e["sources"] for e in only)
    assert all(e["start"] is not None for e in everything)  # undated clauses are context, never events
    dated = json.loads(run("query", "--store", any_seed_store, "--from", "2025-09-04", "--format", "json").output)["events"]
    assert dated and all(e["start"] >= "2025-09-04" for e in dated) and len(dated) < len(everything)


def test_query_top_keeps_the_most_told_events_in_timeline_order(any_seed_store):
    everything = json.loads(run("query", "--store", any_seed_store, "--format", "json").output)["events"]
    top = json.loads(run("query", "--store", any_seed_store, "--top", "3", "--format", "json").output)["events"]
    assert len(top) == 3 < len(everything)
    assert [e["start"] for e in top] == sorted(e["start"] for e in top)
    kept = {e["id"] for e in top}
    least_kept = min(len(e["sources"]) for e in top)
    assert all(len(e["sources"]) <= least_kept for e in everything if e["id"] not in kept)
    assert max(len(e["sources"]) for e in everything) == max(len(e["sources"]) for e in top)
    # with a date range, the most told of that range
    day = json.loads(run("query", "--store", any_seed_store, "--from", "2025-09-03", "--to", "2025-09-03",
                         "--top", "1", "--format", "json").output)["events"]
    assert len(day) == 1 and day[0]["start"] <= "2025-09-03" <= day[0]["end"]
    bad = run("query", "--store", any_seed_store, "--top", "0")
    assert bad.exit_code != 0 and "--top" in bad.output


def test_query_csv_and_table(any_seed_store):
    rows = list(csv.DictReader(io.StringIO(run("query", "--store", any_seed_store, "--format", "csv").output)))
    assert rows and {"id", "start", "title"} <= set(rows[0])
    table = run("query", "--store", any_seed_store, "--from", "2025-09-05", "--to", "2025-09-05").output
    assert "2025-09-05" in table and "event(s)" in table


def test_render_formats(any_seed_store, tmp_path):
    page = tmp_path / "t.html"
    assert run("render", "--store", any_seed_store, "--out", page).exit_code == 0
    assert page.read_text().startswith("<!DOCTYPE html>") or "<html" in page.read_text()[:500]
    tl = json.loads(run("render", "--store", any_seed_store, "--format", "timelinejs").output)
    assert tl["events"] and all("unique_id" in e and "start_date" in e for e in tl["events"])
    md = run("render", "--store", any_seed_store, "--format", "md").output
    assert "2025" in md
    assert run("render", "--store", any_seed_store, "--format", "csv").output.startswith("id,")


def test_articles_lists_every_seed_with_its_date(any_seed_store):
    out = run("articles", "--store", any_seed_store).output
    line = next(l for l in out.splitlines() if l.startswith(seed("001").stem))
    assert "2025-09-05" in line and "read" in line


def test_articles_filters_by_how_and_prints_json_and_csv(seed_store):
    records = json.loads(run("articles", "--store", seed_store, "--format", "json").output)["articles"]
    assert set(records[0]) == {"id", "outlet", "url", "published", "how", "evidence", "mentions", "also_at"}
    read = next(r for r in records if r["id"] == seed("001").stem)
    assert (read["how"], read["published"], read["evidence"]) == ("read", "2025-09-05", "5 Sep, 2025 14:11")
    assert all(r["outlet"] for r in records)  # "unknown outlet", never empty and never a file name
    inferred = json.loads(run("articles", "--store", seed_store, "--inferred", "--format", "json").output)["articles"]
    assert inferred and all(r["how"] == "inferred" and r["evidence"] for r in inferred)
    assert {r["id"] for r in inferred} == {r["id"] for r in records if r["how"] == "inferred"}
    rows = list(csv.DictReader(io.StringIO(run("articles", "--store", seed_store, "--format", "csv").output)))
    assert [r["id"] for r in rows] == [r["id"] for r in records]


def test_build_says_how_many_dates_are_inferred_or_unknown(tmp_path):
    page = tmp_path / "vague.txt"
    page.write_text("The harbour board said on Tuesday that its booking site had been defaced by vandals.\n")
    result = run("build", str(page), "--store", str(tmp_path / "s.db"))
    assert result.exit_code == 0, result.output
    assert "1 with an unknown date of 1 added" in result.output and "tracker articles --unknown" in result.output
    listed = run("articles", "--store", str(tmp_path / "s.db"), "--unknown").output
    assert "vague" in listed and "unknown outlet" in listed


def test_explain_names_the_merge_evidence(any_seed_store):
    events = json.loads(run("query", "--store", any_seed_store, "--format", "json").output)["events"]
    merged = max(events, key=lambda e: len(e["sources"]))
    result = run("explain", merged["id"][:10], "--store", any_seed_store)
    assert result.exit_code == 0, result.output
    assert merged["id"][:10] in result.output or merged["title"][:20] in result.output
    missing = run("explain", "nosuchevent", "--store", any_seed_store)
    assert missing.exit_code == 1 and "no event has the id" in missing.output


def test_build_and_add_through_the_cli(tmp_path, store_location):
    store = store_location
    page = tmp_path / "page.html"
    result = run("build", seed("001"), "--store", store, "--out", page)
    assert result.exit_code == 0, result.output
    assert page.exists() and "1 article(s)" in result.output
    again = run("add", seed("001"), "--store", store, "--out", page)
    assert again.exit_code == 0 and "added 0 article(s), 1 unchanged" in again.output


@pytest.mark.parametrize("content, problem", [
    (b"", "empty"),
    (b"\x00\x01\x02binary\x00" * 20, "binary"),
    ("Caf\xe9 au lait, 3 March 2024.".encode("latin-1"), "UTF-8"),
])
def test_bad_files_give_one_line_and_a_non_zero_exit(tmp_path, content, problem):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = run("add", bad, "--store", tmp_path / "s.db")
    assert result.exit_code != 0
    lines = [l for l in result.output.splitlines() if l.startswith("tracker:")]
    assert len(lines) == 1 and str(bad) in lines[0] and problem.lower() in lines[0].lower()
    assert "Traceback" not in result.output


def test_user_mistakes_are_one_line(tmp_path, seed_store):
    result = run("add", tmp_path / "nope.txt", "--store", tmp_path / "s.db")
    assert result.exit_code != 0 and "no such file" in result.output
    result = run("add", seed("001"), "--published", "5th of Sept", "--store", tmp_path / "s.db")
    assert result.exit_code != 0 and "5th of Sept" in result.output
    result = run("query", "--from", "yesterday", "--store", seed_store)
    assert result.exit_code == 1 and "--from 'yesterday'" in result.output
    result = run("query", "--store", tmp_path / "none.db")
    assert result.exit_code == 1 and "no store here yet" in result.output


def test_timex_prints_resolved_expressions():
    result = run("timex", "-", "--dct", "2025-09-05", input="He spoke on Wednesday and again last month.")
    assert result.exit_code == 0, result.output
    values = {t["text"]: t["value"] for t in json.loads(result.output)["timexes"]}
    assert values.get("Wednesday") == "2025-09-03" and values.get("last month") == "2025-08"


def test_console_script_and_module_entry_points_agree():
    out = subprocess.run([sys.executable, "-m", "tracker", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and "query" in out.stdout


TIMEML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>test</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" temporalFunction="false" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>
The index fell 3 percent on Wednesday &amp; rose last month, the exchange said today.
</TEXT>
</TimeML>
"""


def test_timex_writes_timeml_a_scorer_can_read(tmp_path):
    from tracker.temporal.timeml import read_timeml

    source = tmp_path / "doc.tml"
    source.write_text(TIMEML)
    result = run("timex", source, "--format", "tml")
    assert result.exit_code == 0, result.output
    tagged = read_timeml(result.output)
    assert tagged.dct.isoformat() == "1998-01-08"
    assert {(g.text, g.value) for g in tagged.gold} >= {("Wednesday", "1998-01-07"), ("last month", "1997-12")}
    assert "&amp;" in result.output
    bad = tmp_path / "bad.tml"
    bad.write_text("<TimeML><TEXT>unclosed")
    failed = run("timex", bad, "--format", "tml")
    assert failed.exit_code == 1 and "not a TimeML document" in failed.output


def test_tracker_store_sets_the_default_store(seed_store):
    result = runner.invoke(app, ["articles"], env={"TRACKER_STORE": str(seed_store)})
    assert result.exit_code == 0 and seed("003").stem in result.output
