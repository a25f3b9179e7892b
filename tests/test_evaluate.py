"""The TE3 timex measures on hand-made cases, and the regression gate."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from eval import timex_eval as evaluate
from eval.timex_eval import align, all_counts, count, failing_floors, target_results
from tracker.temporal.timeml import GoldTimex, TimeMLDoc
from tracker.types import Timex

TEXT = "On Friday he left for two weeks and returns every Monday morning."


def span(text: str) -> tuple[int, int]:
    start = TEXT.index(text)
    return start, start + len(text)


def gold(text: str, type_: str, value: str) -> GoldTimex:
    return GoldTimex(*span(text), text, type_, value)


def got(text: str, type_: str, value: str, rule: str = "test") -> Timex:
    return Timex(*span(text), text, type_, value, rule=rule)


DOC = TimeMLDoc(
    "hand.1",
    date(2013, 3, 10),
    TEXT,
    (
        gold("Friday", "DATE", "2013-03-08"),
        gold("two weeks", "DURATION", "P2W"),
        gold("every Monday morning", "SET", "XXXX-WXX-1TMO"),
    ),
)
RIGHT = [got("Friday", "DATE", "2013-03-08"), got("two weeks", "DURATION", "P2W"),
         got("every Monday morning", "SET", "XXXX-WXX-1TMO")]  # fmt: skip


def figures(system: list[Timex], scope: str = "overall") -> dict[str, float]:
    return count([align(DOC, system)], None if scope == "overall" else scope).figures()


def test_exact_match_scores_100_everywhere():
    f = figures(RIGHT)
    assert set(f.values()) == {100.0}
    assert figures(RIGHT, "SET")["value_f1"] == 100.0


def test_partial_overlap_counts_relaxed_not_strict():
    system = RIGHT[:2] + [got("Monday", "SET", "XXXX-WXX-1TMO")]
    f = figures(system)
    assert f["relaxed_p"] == f["relaxed_r"] == f["relaxed_f1"] == 100.0
    assert f["strict_p"] == f["strict_r"] == pytest.approx(66.67)
    assert f["value_f1"] == 100.0  # attributes are judged over relaxed matches
    assert figures(system, "SET")["strict_f1"] == 0.0
    assert figures(system, "DATE")["strict_f1"] == 100.0


def test_wrong_value_lowers_value_f1_only():
    system = [got("Friday", "DATE", "2013-03-15")] + RIGHT[1:]
    f = figures(system)
    assert f["relaxed_f1"] == f["strict_f1"] == f["type_f1"] == 100.0
    assert f["value_f1"] == pytest.approx(66.67)  # 2 of 3 values right x relaxed F1 100
    assert figures(system, "DATE")["value_f1"] == 0.0


def test_value_f1_is_accuracy_times_relaxed_f1():
    # One missed gold, one spurious, one wrong type: relaxed P = R = 2/3.
    system = [got("Friday", "TIME", "2013-03-08"), got("two weeks", "DURATION", "P1W"), got("he left", "DATE", "PAST_REF")]
    f = figures(system)
    assert f["relaxed_p"] == f["relaxed_r"] == f["relaxed_f1"] == pytest.approx(66.67)
    assert f["value_f1"] == pytest.approx(33.33)  # 1 right value of 2 matches x 66.67
    assert f["type_f1"] == pytest.approx(33.33)


def test_spurious_lowers_precision_not_recall():
    system = RIGHT + [got("returns", "DATE", "FUTURE_REF")]
    f = figures(system)
    assert f["relaxed_r"] == f["strict_r"] == 100.0
    assert f["relaxed_p"] == f["strict_p"] == 75.0
    # A spurious timex counts against the type the tagger gave it.
    assert figures(system, "DATE")["relaxed_p"] == 50.0
    assert figures(system, "DURATION")["relaxed_p"] == 100.0


def test_alignment_is_one_to_one():
    # One system timex over two gold ones matches only one of them (the larger overlap).
    start, end = span("Friday he left for two weeks")
    wide = Timex(start, end, TEXT[start:end], "DATE", "2013-03-08")
    a = align(DOC, [wide])
    assert [g.text for g, _ in a.pairs] == ["two weeks"]
    assert [g.text for g in a.missed] == ["Friday", "every Monday morning"]
    c = count([a])
    assert (c.gold, c.system, c.relaxed, c.strict) == (3, 1, 1, 0)


def test_exact_span_wins_over_larger_overlap():
    start, end = span("Friday he")
    a = align(DOC, [Timex(start, end, "Friday he", "DATE", "x"), RIGHT[0]])
    assert a.pairs == ((DOC.gold[0], RIGHT[0]),)
    assert len(a.spurious) == 1


def test_empty_scope_scores_100_and_all_types_are_reported():
    counts = all_counts([align(DOC, RIGHT)])
    assert set(counts) == {"overall", "DATE", "TIME", "DURATION", "SET"}
    assert counts["TIME"].gold == counts["TIME"].system == 0
    assert counts["TIME"].figures()["value_f1"] == 100.0


def test_gate_fails_only_below_floor_minus_tolerance():
    measured = {"overall": {"value_f1": 84.0, "relaxed_f1": 92.0}, "DATE": {"value_f1": 90.0}}
    baseline = {"tolerance": 0.5, "gated": ["value_f1", "relaxed_f1"],
                "figures": {"overall": {"value_f1": 84.4, "relaxed_f1": 92.6}, "DATE": {"value_f1": 90.2}}}  # fmt: skip
    failures = failing_floors(measured, baseline)
    assert failures == ["FAIL overall relaxed_f1: 92.00 is more than 0.5 below the pinned 92.60"]


def test_targets_are_reported_met_or_not():
    results = target_results({"overall": {"value_f1": 86.0}, "DATE": {"value_f1": 89.0}}, evaluate.DEFAULT_TARGETS)
    assert [(r["scope"], r["measure"], r["met"]) for r in results] == [
        ("overall", "value_f1", True), ("overall", "relaxed_f1", False), ("DATE", "value_f1", False)]  # fmt: skip


def _write_doc(folder: Path) -> Path:
    body = TEXT
    for g in reversed(DOC.gold):
        body = body[: g.start] + f'<TIMEX3 tid="t9" type="{g.type}" value="{g.value}">{g.text}</TIMEX3>' + body[g.end :]
    path = folder / "hand.tml"
    path.write_text(
        '<TimeML><DOCID>hand.1</DOCID><DCT><TIMEX3 tid="t0" type="DATE" value="2013-03-10">x</TIMEX3></DCT>'
        f"<TEXT>{body}</TEXT></TimeML>",
        encoding="utf-8",
    )
    return path


def test_main_exits_1_when_a_figure_drops_and_0_when_it_holds(tmp_path, monkeypatch, capsys):
    _write_doc(tmp_path)
    half_right = [got("Friday", "DATE", "2013-03-08", rule="weekday"), got("two weeks", "DURATION", "P3W", rule="span")]
    monkeypatch.setattr(evaluate, "_load_tagger", lambda: lambda text, dct: list(half_right))
    baseline = tmp_path / "baseline.json"
    assert evaluate.main([str(tmp_path), "--baseline", str(baseline), "--write-baseline"]) == 0
    pinned = json.loads(baseline.read_text())
    assert pinned["figures"]["overall"]["relaxed_f1"] == 80.0
    assert pinned["targets"] == evaluate.DEFAULT_TARGETS
    assert evaluate.main([str(tmp_path), "--baseline", str(baseline), "--errors", "2"]) == 0
    out = capsys.readouterr().out
    assert "missed (1 in all" in out and "wrong value (1 in all" in out and "rule=span" in out
    monkeypatch.setattr(evaluate, "_load_tagger", lambda: lambda text, dct: half_right[:1])
    assert evaluate.main([str(tmp_path), "--baseline", str(baseline)]) == 1
    assert "FAIL overall relaxed_f1" in capsys.readouterr().err


def test_a_reference_on_the_same_corpus_is_shown_beside_ours_and_kept_on_repinning(tmp_path, monkeypatch, capsys):
    _write_doc(tmp_path)
    monkeypatch.setattr(evaluate, "_load_tagger", lambda: lambda text, dct: list(RIGHT[:2]))
    baseline = tmp_path / "baseline.json"
    reference = {"system": "Other 1.0", "measured_by": "make other", "words_per_second": 650,
                 "figures": {"overall": {"value_f1": 50.0}}}  # fmt: skip
    baseline.write_text(json.dumps({"reference_same_corpus": reference}))
    assert evaluate.main([str(tmp_path), "--baseline", str(baseline), "--write-baseline"]) == 0
    assert json.loads(baseline.read_text())["reference_same_corpus"] == reference
    assert evaluate.main([str(tmp_path), "--baseline", str(baseline)]) == 0
    out = capsys.readouterr().out
    assert "Other 1.0 on the same corpus (make other):" in out
    assert "overall value_f1: 50.00, tracker 80.00 (+30.00)" in out


def test_main_reports_a_missing_baseline_cleanly(tmp_path, capsys):
    _write_doc(tmp_path)
    assert evaluate.main([str(tmp_path), "--baseline", str(tmp_path / "none.json")]) == 2
    assert "cannot read the baseline" in capsys.readouterr().err


TE3 = Path(__file__).resolve().parents[2] / "shared" / "data" / "te3-train"


@pytest.mark.skipif(not TE3.is_dir() or not evaluate.DEFAULT_BASELINE.exists(), reason="no TE3 data or baseline")
def test_te3_figures_hold_their_pinned_floors():
    """The regression gate of `make eval-timex`, run by `make test` too."""
    from tracker.temporal import tag

    docs = evaluate.read_docs(evaluate.find_corpus([TE3]))
    counts = all_counts(evaluate.run_tagger(docs, tag).alignments)
    measured = {scope: c.figures() for scope, c in counts.items()}
    baseline = json.loads(evaluate.DEFAULT_BASELINE.read_text(encoding="utf-8"))
    assert failing_floors(measured, baseline) == []


PROBE = Path(__file__).resolve().parent / "data" / "timex_news_probe.jsonl"


def test_news_probe_figures_hold_their_pinned_floors():
    """250 sentences of 2020s news labelled by TimeML rules: the gate beside TE3's."""
    from tracker.temporal import tag

    docs = evaluate.read_docs([PROBE])
    assert len(docs) == 250 and sum(len(d.gold) for d in docs) == 377
    counts = all_counts(evaluate.run_tagger(docs, tag).alignments)
    measured = {scope: c.figures() for scope, c in counts.items()}
    baseline = json.loads((evaluate.REPO / "eval" / "timex_probe_baseline.json").read_text(encoding="utf-8"))
    assert failing_floors(measured, baseline) == []


def test_a_bad_labelled_sentence_is_a_named_error(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "He left on Friday.", "dct": "2025-09-05", "expected": [{"text": "Monday", "type": "DATE", "value": "x"}]}\n')
    with pytest.raises(evaluate.TimeMLError, match="bad.jsonl:1: .*'Monday' is not in the sentence"):
        evaluate.read_docs([path])
